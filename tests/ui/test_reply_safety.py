"""What a review of the reply flow found: ctrl+q in the built-in editor, autosave that waited
for a pause, a later write that weakened a send's mark, and a damaged mark that made a draft
vanish.

Each test drives the app over the fake API with Pilot, or the draft store directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Static

from lemtui.demo.data import SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, WriteFault
from lemtui.local.drafts import DraftStore
from lemtui.tui.reply import editor as reply_editor
from lemtui.tui.reply.editor import ReplyEditorScreen
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.reply.review import ReplyReviewScreen
from tests.support.app import make_app, until
from tests.support.editor import StandIn
from tests.ui.test_reply import (
    WIDE,
    fill_the_disk,
    local_drafts,
    open_reply,
    plain,
    posts,
    reply_done,
    send_unconfirmed,
)


async def test_ctrl_q_in_the_builtin_editor_keeps_what_was_typed(tmp_path: Path) -> None:
    """ctrl+q reaches the app even inside the editor: the text is saved before it quits."""
    app, _ = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, editor="builtin"
    )
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyEditorScreen)
        await pilot.press(*"Important text")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert local_drafts(tmp_path) == ["Important text"]


async def test_quitting_with_text_that_cannot_be_saved_asks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, editor="builtin"
    )
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyEditorScreen)
        fill_the_disk(monkeypatch, app)
        await pilot.press(*"Texte important")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        said = " ".join(plain(app.screen.query_one("#question-text", Static)).split())
        assert "could not be saved on disk" in said and "No space left" in said
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        assert app.is_running


async def test_steady_typing_is_saved_without_a_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Autosave runs within its delay of the first change, not only after a pause."""
    monkeypatch.setattr(reply_editor, "AUTOSAVE_SECONDS", 0.2)
    app, _ = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, editor="builtin"
    )
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyEditorScreen)
        for letter in "abcdefghijklmnopqrstuvwxyz" * 2:  # a key each 20 ms: never a pause
            await pilot.press(letter)
            await pilot.pause(0.02)
        assert local_drafts(tmp_path) and local_drafts(tmp_path)[0].startswith("abcdef")
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))


async def test_a_later_draft_attempt_never_weakens_a_send_mark(
    tmp_path: Path, editor: StandIn
) -> None:
    """A send that may have gone out stays marked as a send, whatever is tried after it."""
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    fake.fail_next_write(WriteFault.ERROR_AFTER_ACTING)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await send_unconfirmed(pilot, app)
        fake.fail_next_write(WriteFault.ERROR_AFTER_ACTING)
        await pilot.press("d")
        review = app.screen
        assert isinstance(review, ReplyReviewScreen)
        await until(pilot, lambda: len(posts(fake)) == 2 and not review.writing)
    (draft,) = DraftStore(tmp_path / "drafts").list_all().drafts
    assert draft.attempt is not None and draft.attempt.kind == "send"


def test_a_damaged_attempt_mark_is_read_as_a_send_that_may_have_gone_out(
    tmp_path: Path,
) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft = store.save(
        contact_id="ctc_a",
        reply_to_id="msg_1",
        channel="email",
        recipient="lead@example.com",
        subject="Re: hi",
        body="Hello",
    )
    data = json.loads(draft.path.read_text())
    data["attempt"] = {"kind": "send", "at": "garbled"}
    draft.path.write_text(json.dumps(data))
    again = store.get("ctc_a", "msg_1")
    assert again is not None and again.body == "Hello"
    assert again.attempt is not None and again.attempt.kind == "send"
    data["attempt"] = "not even a mapping"
    draft.path.write_text(json.dumps(data))
    again = store.get("ctc_a", "msg_1")
    assert again is not None and again.attempt is not None and again.attempt.kind == "send"


class _Finished:
    """An app that has run and kept one unsent reply (what `_run_reader` reads of it)."""

    return_code = 0

    def run(self) -> None:
        """Nothing to draw."""

    def exit_note(self) -> list[str]:
        return ["lemtui: 1 unsent reply kept (lemtui --drafts)"]


def test_the_demo_does_not_point_to_drafts_it_removed(capsys: pytest.CaptureFixture[str]) -> None:
    from typing import cast

    from lemtui import cli
    from lemtui.tui.app import LemtuiApp

    app = cast(LemtuiApp, _Finished())
    assert cli._run_reader(app) == 0
    assert capsys.readouterr().err == "lemtui: 1 unsent reply kept (lemtui --drafts)\n"
    assert cli._run_reader(app, demo=True) == 0
    said = capsys.readouterr().err
    assert "--drafts" not in said and "demo keeps no replies" in said
