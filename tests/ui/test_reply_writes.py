"""Issue 22's writes: an unconfirmed send remembered, `q` while writing, a full disk in the
built-in editor, a reply locked against a second instance, hostile subjects on the reply
screens, and no API key handed to the editor.

Each test drives the app over the fake API with Pilot (the editor is a stand-in script).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from lemtui import cli
from lemtui.demo.data import SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, WriteFault
from lemtui.local.draft_listing import run_drafts_listing
from lemtui.local.drafts import DraftStore
from lemtui.tui.app import LemtuiApp
from lemtui.tui.reply.editor import ReplyEditorScreen
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.reply.review import ReplyReviewScreen
from tests.support.app import demo_settings, make_app, settle, until
from tests.support.editor import TYPED, StandIn
from tests.ui.test_reply import (
    WIDE,
    ask_to_send,
    fill_the_disk,
    local_drafts,
    notes,
    open_reply,
    plain,
    posts,
    reply_done,
    send_unconfirmed,
    status_of,
)

HOSTILE = "Devis\u202egpj.exe\u200b\U000e0041\U000e0042 final"


def question_text(app: LemtuiApp) -> str:
    return plain(app.screen.query_one("#question-text", Static))


def fields_text(app: LemtuiApp) -> str:
    return plain(app.screen.query_one("#review-fields", Static))


# ----------------------------------------------------------------------------- item 1


async def test_an_unconfirmed_send_is_remembered_after_the_review_closes(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    fake.fail_next_write(WriteFault.ERROR_BEFORE_ACTING)  # a 503: not confirmed
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await send_unconfirmed(pilot, app)
        assert re.search(r"Earlier\s+An earlier attempt at \d\d:\d\d may", fields_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
        said = notes(app)[-1]
        assert "may have gone out" in said and "Not sent" not in said
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        question = question_text(app)
        assert "unsent" not in question
        assert re.match(r"An earlier attempt at \d\d:\d\d may have gone out", question)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        assert "An earlier attempt at" in fields_text(app)
        await ask_to_send(pilot, app)
        assert re.match(r"An earlier attempt at \d\d:\d\d may have gone out", question_text(app))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
    assert len(posts(fake)) == 1
    out, err = io.StringIO(), io.StringIO()
    assert run_drafts_listing(out, err, DraftStore(tmp_path / "drafts")) == 0
    assert re.search(r"NOT CONFIRMED: a send at \d\d:\d\d may have gone out", out.getvalue())
    assert app.exit_note() == [
        "lemtui: 1 reply whose write was not confirmed kept (lemtui --drafts)"
    ]


async def test_a_refused_send_leaves_no_mark(tmp_path: Path, editor: StandIn) -> None:
    """An answer that says nothing was done (4xx) is not an unconfirmed attempt."""
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    fake.fail_next_write(WriteFault.REJECTED)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        await pilot.press("y")
        await until(pilot, lambda: "kept on this machine" in status_of(app))
        assert "Earlier" not in fields_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
        assert "Not sent" in notes(app)[-1]
    (draft,) = DraftStore(tmp_path / "drafts").list_all().drafts
    assert draft.attempt is None


# ----------------------------------------------------------------------------- item 2


async def test_q_on_the_review_closes_it_like_esc(tmp_path: Path, editor: StandIn) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await pilot.press("q")
        await until(pilot, lambda: reply_done(app))
        assert app.is_running
        assert "Not sent" in notes(app)[-1]
    assert posts(fake) == []
    assert local_drafts(tmp_path) == [TYPED]
    assert app.exit_note() == ["lemtui: 1 unsent reply kept (lemtui --drafts)"]


async def test_q_while_a_send_is_in_flight_asks_first(tmp_path: Path, editor: StandIn) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        fake.set_latency(0.5)
        await pilot.press("y")
        review = app.screen
        assert isinstance(review, ReplyReviewScreen)
        await until(pilot, lambda: review.writing, step=0.01)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion), step=0.01)
        assert question_text(app).startswith("A reply is being written to lemlist right now")
        await pilot.press("n")
        assert app.is_running
        await until(pilot, lambda: reply_done(app), step=0.02)
        assert app.is_running
    assert len(fake.sent) == 1
    assert app.exit_note() == []


async def test_quitting_mid_send_keeps_the_reply_marked_and_says_so_on_exit(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        fake.set_latency(5)
        await pilot.press("y")
        review = app.screen
        assert isinstance(review, ReplyReviewScreen)
        await until(pilot, lambda: review.writing, step=0.01)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion), step=0.01)
        await pilot.press("y")
    (draft,) = DraftStore(tmp_path / "drafts").list_all().drafts
    assert draft.attempt is not None and draft.attempt.kind == "send"
    assert app.exit_note() == [
        "lemtui: 1 reply whose write was not confirmed kept (lemtui --drafts)"
    ]


# ----------------------------------------------------------------------------- item 4


async def test_the_builtin_editor_on_a_full_disk_keeps_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, fake = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, editor="builtin"
    )
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyEditorScreen)
        fill_the_disk(monkeypatch, app)
        await pilot.press(*"Texte important")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReplyEditorScreen)  # still open, and says why
        hint = " ".join(plain(app.screen.query_one("#editor-hint", Static)).split())
        assert "Not saved on disk" in hint and "stays open" in hint
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
        assert "kept in memory" in notes(app)[-1]
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        assert app.screen.query_one(TextArea).text == "Texte important"
        await pilot.press("escape")
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
    assert app.exit_note()[-1] == "Texte important"
    assert posts(fake) == []


# ----------------------------------------------------------------------------- item 5


async def test_a_reply_open_in_another_instance_is_not_opened_twice(
    tmp_path: Path, editor: StandIn
) -> None:
    other = DraftStore(tmp_path / "drafts")  # the other instance's store, same folder
    lock = other.lock(SAMPLE_CONTACT_ID, "act_7yfGhxmPfKbxZaWHa")
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("j", "R")
            await until(pilot, lambda: any("edited elsewhere" in n for n in notes(app)))
            assert reply_done(app) and editor.runs == []
            lock.release()
            await pilot.press("R")
            await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
    finally:
        lock.release()


# ----------------------------------------------------------------------------- item 8


async def test_the_review_and_the_editor_heading_clean_the_subject(tmp_path: Path) -> None:
    app, fake = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, editor="builtin"
    )
    for message in fake.conversations[SAMPLE_CONTACT_ID]:
        message["subject"] = HOSTILE
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyEditorScreen)
        screen = app.screen
        assert isinstance(screen, ReplyEditorScreen)
        heading = screen.heading.plain
        await pilot.press(*"Merci")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        fields = fields_text(app)
    for shown in (heading, fields):
        assert "Re: Devis⟨RLO⟩gpj.exe final" in shown
        assert not re.search("[\u200b\u202e\U000e0000-\U000e007f]", shown)


# ----------------------------------------------------------------------------- item 10


async def test_the_editor_is_not_handed_the_api_key(
    tmp_path: Path, editor: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEMLIST_API_KEY", "secret-key-of-the-user-123")
    environment = tmp_path / "editor-env"
    editor.script.write_text(f'#!/bin/sh\nenv > "{environment}"\nprintf "Merci" > "$1"\n')
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
    seen = environment.read_text()
    assert "EDITOR=" in seen  # the editor ran with the rest of the environment
    assert "secret-key-of-the-user-123" not in seen and "LEMLIST_API_KEY" not in seen


def test_the_app_runs_without_the_api_key_in_its_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the browser (and anything else lemtui starts) inherits is the process's."""
    monkeypatch.setenv("LEMLIST_API_KEY", "secret-key-of-the-user-123")
    seen: list[str | None] = []

    def run(self: LemtuiApp) -> None:
        seen.append(os.environ.get("LEMLIST_API_KEY"))

    monkeypatch.setattr(LemtuiApp, "run", run)
    assert cli.run_app(demo_settings(), None) == 0
    assert seen == [None]
