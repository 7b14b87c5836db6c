"""Replying from the reader (`R`): a stand-in editor, the review screen, drafts and sends.

The editor is a small shell script set as `$EDITOR` that writes a known text (or exits
non-zero); every test counts the fake's requests: what should write writes once, what should
not writes nothing, and the text typed is on disk until lemlist confirmed it.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from lemtui.demo.data import MIXED_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_API_KEY, DEMO_USER_ID, FakeLemlist, WriteFault
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.secret import Secret
from lemtui.local.drafts import DraftError, DraftStore
from lemtui.mail.compose import markdown_to_html
from lemtui.tui.app import LemtuiApp
from lemtui.tui.reply.editor import ReplyEditorScreen
from lemtui.tui.reply.flow import EditorChoice, EditorError, choose_editor
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.reply.review import ReplyReviewScreen
from tests.support.app import demo_settings, make_app, settle, until
from tests.support.editor import TYPED, StandIn

WIDE = (120, 40)
NARROW = (80, 24)
VICTOIRE_REPLY = "act_7yfGhxmPfKbxZaWHa"
"""Victoire's reply in the doc's sample, answered from Christophe's mailbox (row 2 of 3)."""


def posts(fake: FakeLemlist) -> list[str]:
    return [r.path for r in fake.requests if r.method == "POST"]


def marks(fake: FakeLemlist) -> list[str]:
    return [r.path for r in fake.requests if r.query.get("markAsRead") == "true"]


def notes(app: LemtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def local_drafts(state: Path) -> list[str]:
    return [d.body for d in DraftStore(state / "drafts").list_all().drafts]


def plain(static: Static) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(static.content)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def status_of(app: LemtuiApp) -> str:
    return plain(app.screen.query_one("#review-status", Static))


async def open_reply(pilot: Pilot[None], app: LemtuiApp, row: int = 1) -> None:
    """Move to `row` of the open conversation and press R; wait for R's first screen."""
    await settle(pilot)
    for _ in range(row):
        await pilot.press("j")
    await pilot.press("R")
    await until(pilot, lambda: is_reply_screen(app))


def is_reply_screen(app: LemtuiApp) -> bool:
    return isinstance(app.screen, ReplyReviewScreen | ReplyQuestion | ReplyEditorScreen)


def reply_done(app: LemtuiApp) -> bool:
    return not app.conversation_screen.replying


async def ask_to_send(pilot: Pilot[None], app: LemtuiApp) -> None:
    """Press s on the review screen and wait for its y/n question."""
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))


async def send_unconfirmed(pilot: Pilot[None], app: LemtuiApp) -> None:
    """On the review: s, y, and wait until the review says lemlist did not confirm."""
    await ask_to_send(pilot, app)
    await pilot.press("y")
    await until(pilot, lambda: "did not confirm" in status_of(app))


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, app: LemtuiApp) -> None:
    """From now on every write of `app`'s local drafts fails as on a full disk."""
    store = app.drafts
    assert store is not None

    def full_disk(path: Path, text: str) -> None:
        raise DraftError(f"Could not save {path}: No space left on device")

    monkeypatch.setattr(store, "_write", full_disk)


# ----------------------------------------------------------------------------- the two writes


async def test_R_write_d_creates_a_draft_with_owner_channel_content_and_reply_to(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyReviewScreen)
        fields = plain(app.screen.query_one("#review-fields", Static))
        assert "Channel  email" in fields
        assert "From     Christophe OPOIX <christophe.o@lemtest.com>" in fields
        assert "mailbox usm_zs86Mc8ZbHXfkLBAC" in fields
        assert "To       victoire@lemlist.co" in fields
        assert "Subject  Re: Have you heard about Christophe Opoix ?" in fields
        preview = plain(app.screen.query_one("#review-preview", Static))
        assert "Jeudi me va très bien." in preview and "**" not in preview
        assert posts(fake) == []
        # The text was on disk, in a private file in lemtui's state folder, before anything.
        assert local_drafts(tmp_path) == [TYPED]
        ((mode, path),) = editor.runs
        assert mode == "600" and path.parent == tmp_path / "drafts"
        await pilot.press("d")
        await until(pilot, lambda: reply_done(app))
        await settle(pilot)
    assert posts(fake) == [f"/api/inbox/{SAMPLE_CONTACT_ID}/drafts"]
    (draft,) = fake.drafts
    assert draft.owner_id == DEMO_USER_ID
    assert draft.channel == "email"
    assert draft.content == markdown_to_html(TYPED)
    assert draft.reply_to_activity_id == VICTOIRE_REPLY
    assert draft.subject == "Re: Have you heard about Christophe Opoix ?"
    assert local_drafts(tmp_path) == []  # confirmed: the local copy is gone
    assert any("Saved as a draft" in note for note in notes(app))


async def test_R_write_s_y_sends_exactly_one_email_and_the_conversation_shows_it(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        question = plain(app.screen.query_one("#question-text", Static))
        assert "Send to victoire@lemlist.co from christophe.o@lemtest.com? y/n" in question
        assert posts(fake) == []  # nothing leaves before the y
        await pilot.press("y")
        await until(pilot, lambda: reply_done(app))
        await settle(pilot)
        screen = app.conversation_screen
        (sent,) = fake.sent
        assert screen.message_list.items[0].id == sent.activity_id  # reloaded: it shows
        assert screen.pager is not None and screen.pager.total == 4
        assert not screen.message_list.unseen  # the reader's own reply is no news to them
    assert posts(fake) == ["/api/inbox/email"]
    assert (sent.send_user_id, sent.send_user_email, sent.send_user_mailbox_id) == (
        "usr_t2KCwPen66NrrqGtQ",
        "christophe.o@lemtest.com",
        "usm_zs86Mc8ZbHXfkLBAC",
    )
    assert (sent.contact_id, sent.lead_id) == (SAMPLE_CONTACT_ID, "lea_WoeA2FAw8jemE2Mex")
    assert sent.subject == "Re: Have you heard about Christophe Opoix ?"
    assert sent.message == markdown_to_html(TYPED)
    assert local_drafts(tmp_path) == []
    assert any("Sent to victoire@lemlist.co from Christophe OPOIX" in note for note in notes(app))


async def test_s_then_n_sends_nothing_and_esc_keeps_the_text(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        assert "Not sent." in status_of(app)
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
    assert posts(fake) == []
    assert local_drafts(tmp_path) == [TYPED]
    assert any("kept on this machine" in note for note in notes(app))


# ----------------------------------------------------------------------------- failures


async def test_a_failed_send_is_made_once_and_the_text_survives_to_a_second_try(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    fake.fail_next_write(WriteFault.ERROR_BEFORE_ACTING)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        await pilot.press("y")
        await until(pilot, lambda: "did not confirm" in status_of(app))
        said = status_of(app)
        assert "lemlist did not confirm; check the conversation before sending again" in said
        assert "lemlist answered 503" in said
        assert posts(fake) == ["/api/inbox/email"]  # once: never retried on its own
        assert local_drafts(tmp_path) == [TYPED]
        # The second try is the user's: the question says the first may have gone out.
        await ask_to_send(pilot, app)
        question = plain(app.screen.query_one("#question-text", Static))
        assert re.search(r"An earlier attempt at \d\d:\d\d may have gone out", question)
        await pilot.press("y")
        await until(pilot, lambda: reply_done(app))
        await settle(pilot)
    assert posts(fake) == ["/api/inbox/email", "/api/inbox/email"]
    assert len(fake.sent) == 1
    assert local_drafts(tmp_path) == []


async def test_a_send_done_but_not_confirmed_shows_as_a_change_before_the_next_try(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    fake.fail_next_write(WriteFault.ERROR_AFTER_ACTING)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await ask_to_send(pilot, app)
        await pilot.press("y")
        await until(pilot, lambda: "did not confirm" in status_of(app))
        await ask_to_send(pilot, app)
        detail = plain(app.screen.query_one("#question-detail", Static))
        assert "The conversation changed while you wrote: 1 new message" in detail
        assert "→ Christophe OPOIX" in detail
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
    assert len(fake.sent) == 1 and len(posts(fake)) == 1
    assert local_drafts(tmp_path) == [TYPED]


async def test_a_dropped_connection_over_http_is_not_confirmed_and_nothing_is_lost(
    tmp_path: Path, editor: StandIn, fake_server: tuple[str, FakeLemlist]
) -> None:
    """Over real HTTP (the dropped connection needs one), then lemtui quits; the next run
    offers the reply again and sends it."""
    base_url, fake = fake_server
    # Two runs back to back, each with its own client and pacing, share one fake's window:
    # its limit must not answer the send 429 (which would be waited for and asked again).
    fake.rate_limit = 10_000

    def app_over_http() -> LemtuiApp:
        client = LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, retries=0)
        settings = demo_settings(user_id=DEMO_USER_ID, base_url=base_url)
        return LemtuiApp(
            client=client, settings=settings, contact_id=SAMPLE_CONTACT_ID, state_dir=tmp_path
        )

    fake.fail_next_write(WriteFault.DROP_AFTER_ACTING, route="drafts")
    app = app_over_http()
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: app.conversation_screen.pager is not None, step=0.01)
        await until(pilot, lambda: len(app.conversation_screen.message_list.items) == 3, step=0.01)
        await pilot.press("j", "R")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen), step=0.01)
        await pilot.press("d")
        await until(pilot, lambda: "did not confirm" in status_of(app), step=0.01)
        assert "the connection broke mid-answer" in status_of(app)
    assert len(posts(fake)) == 1 and len(fake.drafts) == 1
    assert local_drafts(tmp_path) == [TYPED]

    editor.set(TYPED + "\n\nPS: à jeudi.")
    app = app_over_http()
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: len(app.conversation_screen.message_list.items) == 3, step=0.01)
        await pilot.press("j", "R")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion), step=0.01)
        question = plain(app.screen.query_one("#question-text", Static))
        # The draft's write was not confirmed: never called "unsent" (issue 22, item 1).
        assert "unsent" not in question
        assert re.match(
            r"An earlier attempt to save it as a lemlist draft at \d\d:\d\d may have gone out",
            question,
        )
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen), step=0.01)
        assert editor.given(2) == TYPED  # the editor opened on the kept text
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion), step=0.01)
        await pilot.press("y")
        await until(pilot, lambda: reply_done(app), step=0.01)
    assert posts(fake)[1:] == ["/api/inbox/email"]
    (sent,) = fake.sent
    assert sent.message == markdown_to_html(TYPED + "\n\nPS: à jeudi.")
    assert local_drafts(tmp_path) == []


async def test_a_refused_draft_says_the_services_words_and_keeps_the_text(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    fake.fail_next_write(WriteFault.REJECTED, text="draftOwner\x1b[2J is not\u202e allowed")
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await pilot.press("d")
        await until(pilot, lambda: "refused" in status_of(app))
        said = status_of(app)
        assert said.startswith("lemlist refused the draft: draftOwner")
        assert "Nothing was saved or sent" in said
        assert "\x1b" not in said and "\u202e" not in said
        assert isinstance(app.screen, ReplyReviewScreen)
    assert len(posts(fake)) == 1 and fake.drafts == []
    assert local_drafts(tmp_path) == [TYPED]


async def test_the_keys_are_off_while_a_write_is_in_flight(
    tmp_path: Path, editor: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    gate = asyncio.Event()
    create = app.client.create_draft

    async def held(request: object) -> str:
        await gate.wait()
        return await create(request)  # type: ignore[arg-type]

    monkeypatch.setattr(app.client, "create_draft", held)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        review = app.screen
        assert isinstance(review, ReplyReviewScreen)
        shown = review
        await pilot.press("d")
        await until(pilot, lambda: shown.busy)
        await pilot.press("d", "s", "e", "escape", "d")
        assert app.screen is review and shown.busy
        assert not any(review.check_action(a, ()) for a in ("save_draft", "send", "close"))
        gate.set()
        await until(pilot, lambda: reply_done(app))
    assert len(posts(fake)) == 1 and len(fake.drafts) == 1


# ----------------------------------------------------------------------------- the editor


async def test_an_editor_exiting_non_zero_cancels_and_keeps_the_text(
    tmp_path: Path, editor: StandIn
) -> None:
    editor.set("Half a thought", status=1)
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: reply_done(app))
        assert not is_reply_screen(app)
        assert any(
            "The editor exited with status 1: cancelled, nothing was sent" in note
            for note in notes(app)
        )
        # R again offers it; n then n leaves it alone.
        editor.set("Whole thought")
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        detail = plain(app.screen.query_one("#question-detail", Static))
        assert "“Half a thought”" in detail
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        assert "Start over and discard" in plain(app.screen.query_one("#question-text", Static))
        await pilot.press("n")
        await until(pilot, lambda: reply_done(app))
        assert local_drafts(tmp_path) == ["Half a thought"]
        # ... n then y starts over with an empty file.
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        assert editor.given(2) == ""
        assert local_drafts(tmp_path) == ["Whole thought"]
    assert posts(fake) == []


async def test_an_empty_file_cancels(tmp_path: Path, editor: StandIn) -> None:
    editor.set("  \n\n ")
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: reply_done(app))
        assert not is_reply_screen(app)
    assert any("left the file empty: cancelled" in note for note in notes(app))
    assert local_drafts(tmp_path) == [] and posts(fake) == []
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == []


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("/nonexistent/editor --wait", "The editor '/nonexistent/editor' ($EDITOR) was not found"),
        ("vim 'unclosed", "$EDITOR is not a valid command line"),
    ],
)
async def test_an_editor_that_cannot_run_is_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, words: str
) -> None:
    monkeypatch.setenv("EDITOR", command)
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: reply_done(app))
        assert not is_reply_screen(app)
    assert any(words in note for note in notes(app)), notes(app)
    assert posts(fake) == []


async def test_an_editor_that_crashes_is_said_and_its_text_kept(
    tmp_path: Path, editor: StandIn
) -> None:
    editor.set("Before the crash")
    script = editor.script.read_text().replace("exit 0", "kill -SEGV $$")
    editor.script.write_text(script)
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: reply_done(app))
    assert any("stopped abruptly (SIGSEGV)" in note for note in notes(app)), notes(app)
    assert local_drafts(tmp_path) == ["Before the crash"]


async def test_visual_wins_over_editor(
    tmp_path: Path, editor: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.setenv("VISUAL", str(editor.script))
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert isinstance(app.screen, ReplyReviewScreen)


async def test_the_builtin_editor_at_80x24(tmp_path: Path, editor: StandIn) -> None:
    """With `editor = "builtin"` (it wins over $EDITOR): type, ctrl+s, review, Esc keeps it."""
    app, fake = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, editor="builtin"
    )
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        screen = app.screen
        area = screen.query_one(TextArea)
        assert area.has_focus and area.region.height >= 15
        hint = screen.query_one("#editor-hint", Static)
        assert "ctrl+s done" in plain(hint) and hint.region.bottom <= 23
        await pilot.press(*"Merci !", "enter", "enter", *"A jeudi.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        preview = plain(app.screen.query_one("#review-preview", Static))
        assert "Merci !" in preview and "A jeudi." in preview
        assert app.screen.query_one("#review-status").region.bottom <= 23
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
    assert editor.runs == []
    assert local_drafts(tmp_path) == ["Merci !\n\nA jeudi."]
    assert posts(fake) == []


async def test_without_visual_or_editor_the_builtin_editor_opens_and_esc_keeps_the_text(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        await pilot.press(*"Brouillon")
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
        assert local_drafts(tmp_path) == ["Brouillon"]
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        assert app.screen.query_one(TextArea).text == "Brouillon"


# ----------------------------------------------------------------------------- refusals


async def test_refusals_are_said_before_any_request(tmp_path: Path, editor: StandIn) -> None:
    editor.set("x" * 30_001)
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        assert "The reply is too long: 30,009 characters" in status_of(app)
        for key in ("d", "s"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ReplyReviewScreen)
            assert "too long" in status_of(app)
    assert posts(fake) == [] and fake.requests[-1].method == "GET"


async def test_a_linkedin_reply_can_be_drafted_not_sent(tmp_path: Path, editor: StandIn) -> None:
    app, fake = make_app(tmp_path, contact_id=MIXED_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app, row=0)
        fields = plain(app.screen.query_one("#review-fields", Static))
        assert "Channel  LinkedIn" in fields
        assert "Send     Only email can be sent from lemtui" in fields
        await pilot.press("s")
        await pilot.pause()
        assert "Only email can be sent" in status_of(app) and posts(fake) == []
        await pilot.press("d")
        await until(pilot, lambda: reply_done(app))
    (draft,) = fake.drafts
    assert draft.channel == "linkedin" and draft.subject is None


async def test_without_a_user_id_R_says_how_to_set_one(tmp_path: Path, editor: StandIn) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await settle(pilot)
        assert not is_reply_screen(app)
    (note,) = [n for n in notes(app) if "user ID" in n]
    assert "--user-id" in note and "LEMLIST_USER_ID" in note and "user_id" in note
    assert editor.runs == [] and posts(fake) == []


async def test_an_event_cannot_be_answered(tmp_path: Path, editor: StandIn) -> None:
    app, fake = make_app(tmp_path, contact_id=MIXED_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        row = next(i for i, m in enumerate(screen.message_list.items) if m.type == "emailsBounced")
        screen.message_list.highlighted = row
        await pilot.pause()
        await pilot.press("R")
        await settle(pilot)
        assert not is_reply_screen(app)
    assert any("was not delivered (emailsBounced)" in n for n in notes(app))
    assert editor.runs == [] and posts(fake) == []


async def test_the_conversation_changed_while_writing_is_said_before_sending(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        fake.add_message(
            SAMPLE_CONTACT_ID,
            {
                "_id": "act_arrivedMeanwhile1",
                "type": "emailsReplied",
                "createdAt": "2024-12-06T09:00:00.000Z",
                "fromEmail": "victoire@lemlist.co",
                "leadEmail": "victoire@lemlist.co",
                "contactId": SAMPLE_CONTACT_ID,
                "subject": "Re: Have you heard about Christophe Opoix ?",
                "message": "<p>Actually, Friday is better.</p>",
            },
        )
        await ask_to_send(pilot, app)
        detail = plain(app.screen.query_one("#question-detail", Static))
        assert "The conversation changed while you wrote: 1 new message has arrived" in detail
        assert "← victoire@lemlist.co" in detail
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReplyReviewScreen))
        assert "changed while you wrote" in status_of(app)
    assert posts(fake) == []


# ----------------------------------------------------------------------------- read-only


async def test_read_only_blocks_every_write(tmp_path: Path, editor: StandIn) -> None:
    app, fake = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, read_only=True
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await settle(pilot)
        assert not is_reply_screen(app)
        await pilot.press("m")
        await settle(pilot)
        header = plain(app.conversation_screen.query_one("#header-stats", Static))
        assert "mark-as-read: off (read-only)" in header
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is app.inbox_screen
        await pilot.press("u")  # an unread conversation, then the inbox's own mark-as-read
        await settle(pilot)
        assert app.inbox_screen is not None
        item = app.inbox_screen.inbox_list.highlighted_item
        assert item is not None and item.unread
        await pilot.press("m")
        await settle(pilot)
    said = notes(app)
    assert any(n.startswith("Replying is off: lemtui runs read-only") for n in said)
    # Said by the conversation before anything, and by the client itself for the inbox's m.
    assert sum(n.startswith("Marking as read is off: lemtui runs read-only") for n in said) == 2
    assert editor.runs == []
    assert posts(fake) == [] and marks(fake) == []
    assert {r.method for r in fake.requests} == {"GET"}


def test_the_demo_client_is_read_only_when_the_settings_are() -> None:
    from lemtui.cli import make_client

    assert make_client(demo_settings(read_only=True)).read_only
    assert not make_client(demo_settings()).read_only


def test_the_drafts_folder_is_private(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft = store.save(
        contact_id=SAMPLE_CONTACT_ID,
        reply_to_id=VICTOIRE_REPLY,
        channel="email",
        recipient="victoire@lemlist.co",
        subject="Re: x",
        body="hello",
    )
    assert stat.S_IMODE(os.stat(tmp_path / "drafts").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(draft.path).st_mode) == 0o600
    assert json.loads(draft.path.read_text())["body"] == "hello"


async def test_e_edits_again_and_a_cancelled_edit_comes_back_to_the_review(
    tmp_path: Path, editor: StandIn
) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        first = app.screen
        editor.set("Second version")
        await pilot.press("e")
        await until(
            pilot, lambda: isinstance(app.screen, ReplyReviewScreen) and app.screen is not first
        )
        assert editor.given(2) == TYPED
        assert "Second version" in plain(app.screen.query_one("#review-preview", Static))
        second = app.screen
        editor.set(None, status=1)
        await pilot.press("e")
        await until(
            pilot, lambda: isinstance(app.screen, ReplyReviewScreen) and app.screen is not second
        )
        assert "Second version" in plain(app.screen.query_one("#review-preview", Static))
        assert any("Back to the review, with the reply as it was." in n for n in notes(app))
    assert local_drafts(tmp_path) == ["Second version"] and posts(fake) == []


def test_the_editor_is_the_configs_then_visual_then_editor_then_builtin() -> None:
    assert choose_editor(None, {}) == EditorChoice(None, "neither $VISUAL nor $EDITOR is set")
    assert choose_editor("builtin", {"VISUAL": "vim"}).argv is None
    assert choose_editor("code --wait", {"VISUAL": "vim"}) == EditorChoice(
        ("code", "--wait"), "editor in the config"
    )
    assert choose_editor(None, {"VISUAL": "emacs -nw", "EDITOR": "nano"}) == EditorChoice(
        ("emacs", "-nw"), "$VISUAL"
    )
    assert choose_editor(None, {"VISUAL": "  ", "EDITOR": "vim -c 'set tw=72'"}) == EditorChoice(
        ("vim", "-c", "set tw=72"), "$EDITOR"
    )
    with pytest.raises(EditorError, match=r"\$VISUAL is not a valid command line"):
        choose_editor(None, {"VISUAL": "vim 'open"})


def test_the_leads_name_comes_from_the_messages_when_lemlist_gives_it() -> None:
    from lemtui.lemlist.messages import Message
    from lemtui.tui.reply.flow import lead_name_of

    unnamed = Message.from_json({"_id": "act_1", "type": "emailsSent"})
    named = Message.from_json(
        {"_id": "act_2", "type": "emailsReplied", "leadFirstName": "Léa", "leadLastName": None}
    )
    assert lead_name_of([unnamed]) == ""
    assert lead_name_of([unnamed, named]) == "Léa"


async def test_the_palette_offers_the_review_keys_and_nothing_that_leaves_the_reply(
    tmp_path: Path, editor: StandIn
) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Reply" in titles
        await open_reply(pilot, app, row=1)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Save as lemlist draft", "Send", "Edit", "Close (kept)", "Help"} <= titles
        assert not titles & {"Open", "Inbox", "Reply", "Search"}
        await pilot.press("o", "i")
        assert isinstance(app.screen, ReplyReviewScreen)


async def test_the_builtin_editor_saves_what_is_typed_without_waiting_for_a_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dropped SSH session loses at most the last pause's worth of typing."""
    from lemtui.tui.reply import editor as reply_editor

    monkeypatch.setattr(reply_editor, "AUTOSAVE_SECONDS", 0.01)
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        await pilot.press(*"Tapé avant la coupure")
        await until(pilot, lambda: local_drafts(tmp_path) == ["Tapé avant la coupure"], step=0.02)
        assert isinstance(app.screen, ReplyEditorScreen)  # still open: saved while typing


async def test_quitting_the_demo_with_a_reply_not_sent_asks_first(
    tmp_path: Path, editor: StandIn
) -> None:
    """The demo keeps no replies (its folder goes at exit): q asks before the text goes."""
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await open_reply(pilot, app)
        await pilot.press("escape")
        await until(pilot, lambda: reply_done(app))
        assert local_drafts(tmp_path) == [TYPED]
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        question = app.screen
        assert isinstance(question, ReplyQuestion)
        assert "The demo keeps no replies" in str(question.question)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, ReplyQuestion)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ReplyQuestion))
        await pilot.press("y")
        await settle(pilot)
        assert not app.is_running
    assert posts(fake) == []
