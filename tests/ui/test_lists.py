"""The paged lists under a user's keys: page moves, stale answers, filters, retries (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from lemtui.demo.data import LONG_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.lemlist.errors import NotFoundError
from lemtui.lemlist.filters import MessageFilter
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.widgets.message_list import MessageList
from lemtui.tui.widgets.paged_list import MAX_HIDDEN_PAGES, PagedList
from tests.support.app import make_app, settle

WIDE = (120, 40)


def _screen(app: object) -> ConversationScreen:
    from lemtui.tui.app import LemtuiApp

    assert isinstance(app, LemtuiApp)
    return app.conversation_screen


def _status(messages: MessageList) -> str:
    return messages.line_prompt(messages.line_count - 1).plain


@pytest.mark.parametrize("key", ["ctrl+d", "pagedown"])
async def test_a_page_down_onto_the_end_row_keeps_a_highlight(tmp_path: Path, key: str) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        assert messages.highlighted == 0
        await pilot.press(key)
        await settle(pilot)
        assert messages.highlighted == len(messages.items) - 1
        await pilot.press("k")
        assert messages.highlighted == len(messages.items) - 2


async def test_an_answer_about_the_previous_contact_is_not_applied(tmp_path: Path) -> None:
    """A failure queued for contact A, handled after B was opened, says nothing about B."""
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages = screen.message_list
        stale = PagedList.LoadFailed(messages, NotFoundError("Not found: contact A"), first=True)
        fake.slow_contacts[LONG_CONTACT_ID] = 30.0  # B is still loading when A's answer is read
        screen.open_contact(LONG_CONTACT_ID)
        messages.post_message(stale)
        for _ in range(5):
            await pilot.pause()
        notice = str(screen.query_one("#conv-notice", Static).render())
        assert "Could not open" not in notice
        assert "Loading ctc_LongThreadDemo001" in notice


async def test_a_filter_that_shows_nothing_does_not_walk_the_whole_history(
    tmp_path: Path,
) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        while messages.filter.next() is not MessageFilter.OTHER:
            await pilot.press("f")
            await settle(pilot)

        def asked() -> int:
            return sum(1 for r in fake.requests if r.path.endswith(LONG_CONTACT_ID))

        before = asked()
        await pilot.press("f")  # other channels: none in this thread
        await settle(pilot)
        assert messages.items == []
        assert asked() - before <= MAX_HIDDEN_PAGES  # not every page left of the thread
        assert messages.pager is not None and not messages.pager.complete
        assert "L loads the rest" in _status(messages)
        await pilot.press("L")
        await settle(pilot)
        assert messages.pager is not None and messages.pager.complete


async def test_a_retry_shows_it_is_loading_and_cannot_be_chosen_twice(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=20)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        fake.fail_next(500, "down", path_contains="skip=20")
        await pilot.press("end")
        await settle(pilot)
        assert messages.status_kind == "failed"
        fake.slow_contacts[LONG_CONTACT_ID] = 30.0
        await pilot.press("r")
        await pilot.pause()
        assert messages.status_kind == "loading"
        assert "loading older messages" in _status(messages)
        assert not messages.line_enabled(messages.line_count - 1)


async def test_a_row_that_cannot_be_drawn_after_a_filter_is_said_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list

        def unshowable(self: MessageList, item: object, now: object) -> None:
            raise OverflowError("date value out of range")

        monkeypatch.setattr(MessageList, "row", unshowable)
        await pilot.press("f")
        await settle(pilot)
        assert app.is_running
        assert messages.status_kind == "failed"
        assert "OverflowError" in _status(messages)


@pytest.mark.parametrize("warm", [True, False])
async def test_a_contact_is_asked_for_before_its_loading_frame_once_the_client_is_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """With the HTTP half loaded, nothing would hold the "loading" frame up: the first request
    leaves at once instead of after the next paint. Cold, it waits for the paint (the import
    in a thread would otherwise share the frame's time)."""
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages = screen.message_list
        waiting: list[object] = []
        monkeypatch.setattr(type(app.client), "warm", property(lambda self: warm))
        monkeypatch.setattr(messages, "call_after_refresh", lambda *args: waiting.append(args))
        before = len(fake.requests)
        screen.open_contact(LONG_CONTACT_ID)
        for _ in range(5):
            await pilot.pause()
        asked = sum(
            1 for r in fake.requests[before:] if r.path.endswith(f"/inbox/{LONG_CONTACT_ID}")
        )
        assert (asked, len(waiting)) == ((1, 0) if warm else (0, 1))  # the lead card aside
