"""The live reader, over the fake API on real HTTP: replies arrive on their own, places are kept,
failures back off calmly, and what is written to the terminal is exactly what was meant.

The refresh timer's clock is a fake the tests move: a "tick" is what the timer does each
second, called here after moving the clock (one test lets the real timer do it), so no test
waits for wall-clock time and no assert is about durations.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot
from textual.widgets import Static

from lemtui.demo.data import LONG_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, FakeLemlist
from lemtui.lemlist.messages import Direction
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.screens.inbox import InboxScreen
from tests.support.app import FIXED_NOW, make_app, settle, until
from tests.support.server import FakeServer

WIDE = (120, 40)


class FakeClock:
    """Monotonic seconds for the refresh schedule, moved by the test."""

    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """The fake API over real HTTP on 127.0.0.1 (no rate limit to trip over)."""
    with FakeServer(FakeLemlist(rate_limit=10_000)) as running:
        yield running


def _fake(server: FakeServer) -> FakeLemlist:
    fake = server.app
    assert isinstance(fake, FakeLemlist)
    return fake


def _live_app(
    tmp_path: Path, server: FakeServer, **settings: Any
) -> tuple[LemtuiApp, FakeLemlist, FakeClock]:
    options: dict[str, Any] = {"user_id": DEMO_USER_ID, "refresh_seconds": 15}
    options.update(settings)
    app, fake = make_app(
        tmp_path, fake=_fake(server), base_url=server.url, clock=lambda: FIXED_NOW, **options
    )
    clock = FakeClock()
    app.live.clock = clock
    app.live_tick_seconds = 3600  # the tests tick themselves (one test lets the timer run)
    return app, fake, clock


def _refreshes(fake: FakeLemlist, contact: str) -> int:
    """Requests for `contact`'s newest page (what a refresh asks)."""
    return sum(
        1
        for r in fake.requests
        if r.path.endswith(f"/inbox/{contact}") and r.query.get("skip", "0") == "0"
    )


def _inbox_firsts(fake: FakeLemlist) -> int:
    """Requests for the inbox's first page."""
    return sum(
        1
        for r in fake.requests
        if r.path.endswith("/api/inbox") and r.query.get("page", "1") == "1"
    )


def _inbox(app: LemtuiApp) -> InboxScreen:
    assert app.inbox_screen is not None
    return app.inbox_screen


def _header(screen: InboxScreen | ConversationScreen) -> str:
    title = screen.query_one("#header-title", Static).content
    stats = screen.query_one("#header-stats", Static).content
    return f"{title} | {stats}"


async def _tick(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Let `seconds` pass for the schedule, then do what the timer does, and wait."""
    clock.now += seconds
    app = pilot.app
    assert isinstance(app, LemtuiApp)
    app.live_tick()
    await settle(pilot)


async def _open_from_inbox(pilot: Pilot[None], app: LemtuiApp, contact: str) -> None:
    inbox = _inbox(app).inbox_list
    row = inbox.row_of(contact)
    assert row is not None
    inbox.highlighted = row
    await pilot.press("enter")
    await settle(pilot)


async def test_a_reply_arrives_in_the_open_conversation_and_the_inbox(
    tmp_path: Path, server: FakeServer
) -> None:
    """Issue 14's first "done when", over HTTP with refresh_seconds = 15."""
    app, fake, clock = _live_app(tmp_path, server)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _open_from_inbox(pilot, app, SAMPLE_CONTACT_ID)
        screen = app.conversation_screen
        messages = screen.message_list
        await pilot.press("j")
        await settle(pilot)
        reading = messages.highlighted_item
        assert reading is not None and messages.highlighted == 1
        before = _refreshes(fake, SAMPLE_CONTACT_ID)

        reply = fake.add_reply(SAMPLE_CONTACT_ID, "Thursday works for me.")
        await _tick(pilot, clock, 14)
        assert _refreshes(fake, SAMPLE_CONTACT_ID) == before  # not due yet
        await _tick(pilot, clock, 1)  # one refresh, and no key pressed

        assert _refreshes(fake, SAMPLE_CONTACT_ID) == before + 1
        conversation = screen.pager
        assert conversation is not None
        assert conversation.messages[0].id == reply["_id"]
        assert conversation.messages[0].direction is Direction.RECEIVED
        # The highlight stays on the message being read (the list is short: the new row
        # shows above it).
        assert messages.highlighted_item is reading
        assert screen.detail.message is reading
        assert "1 new" in _header(screen)

        await pilot.press("escape")
        await settle(pilot)
        inbox = _inbox(app)
        assert app.screen is inbox
        first = inbox.inbox_list.items[0]
        assert first.contact_id == SAMPLE_CONTACT_ID
        assert first.unread
        assert inbox.inbox_list.line_prompt(0).plain.startswith("●")
        # Place kept: the highlight is still on the conversation the user came from.
        assert inbox.inbox_list.highlighted_item is not None
        assert inbox.inbox_list.highlighted_item.contact_id == SAMPLE_CONTACT_ID
        assert "1 new" in _header(inbox)


async def test_scrolled_down_the_view_keeps_its_rows_and_says_what_is_new_above(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server, contact_id=LONG_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = app.conversation_screen.message_list
        await pilot.press(*"j" * 45)
        await settle(pilot)
        assert messages.scroll_y > 0
        reading = messages.highlighted_item
        assert messages.highlighted is not None
        line = messages.highlighted - round(messages.scroll_y)
        fake.add_reply(LONG_CONTACT_ID)
        fake.add_reply(LONG_CONTACT_ID, "And one more thing.")
        await _tick(pilot, clock, 15)
        assert messages.highlighted_item is reading
        assert messages.highlighted == 47
        assert messages.highlighted - round(messages.scroll_y) == line
        assert "2 new ↑" in _header(app.conversation_screen)


async def test_at_the_top_a_live_arrival_comes_into_view_and_the_highlight_stays(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inbox = _inbox(app).inbox_list
        await pilot.press("j", "j")
        await settle(pilot)
        reading = inbox.highlighted_item
        assert reading is not None and inbox.scroll_y == 0
        quiet = next(
            item.contact_id
            for item in inbox.items[5:]
            if item.contact_id != reading.contact_id and not item.unread
        )
        fake.add_reply(quiet, "Can we talk tomorrow?")
        await _tick(pilot, clock, 15)
        assert inbox.scroll_y == 0  # the new row is in view, at the top
        assert inbox.items[0].contact_id == quiet
        assert inbox.highlighted_item is not None
        assert inbox.highlighted_item.contact_id == reading.contact_id
        assert "1 new" in _header(_inbox(app))
        assert "↑" not in _header(_inbox(app))


async def test_the_new_count_clears_once_the_user_has_looked(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        await pilot.press("j")
        await settle(pilot)
        fake.add_reply(SAMPLE_CONTACT_ID)
        fake.add_reply(SAMPLE_CONTACT_ID, "And Friday too.")
        await _tick(pilot, clock, 15)
        assert "2 new" in _header(screen)
        await _tick(pilot, clock, 15)  # nothing more: still two the user has not seen
        assert "2 new" in _header(screen)
        await pilot.press("g")  # the top, where they are
        await settle(pilot)
        assert "new" not in _header(screen)


async def test_a_timed_refresh_that_finds_nothing_draws_nothing(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server, contact_id=LONG_CONTACT_ID)
    drawn: list[int] = []
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # The start is over once the HTTP half has warmed up (0.5 s in, in a worker): its end
        # draws once, and on a loaded machine it fell inside the refreshes below.
        await until(pilot, lambda: app.client.warm, step=0.05)
        await settle(pilot)
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                drawn.append(len(renderable.render_segments(app.console).encode()))

        app._display = display  # type: ignore[method-assign]
        fake.set_latency(0.1)  # the refresh is in flight long enough to be drawn, if it were
        before = _refreshes(fake, LONG_CONTACT_ID)
        await _tick(pilot, clock, 15)
        await _tick(pilot, clock, 15)
        assert _refreshes(fake, LONG_CONTACT_ID) == before + 2
        assert sum(drawn) == 0, drawn


async def test_a_failing_refresh_backs_off_and_stays_calm(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        loaded = list(inbox.inbox_list.items)
        started = _inbox_firsts(fake)
        fake.fail_next(503, "down for maintenance", times=10_000, path_contains="/api/inbox?")
        asked_at: list[float] = []
        for _ in range(120):  # ten minutes, looked at every 5 s
            count = _inbox_firsts(fake)
            await _tick(pilot, clock, 5)
            if _inbox_firsts(fake) > count:
                asked_at.append(clock.now - 5_000)
        # 15 s, then the interval doubled after each failure: +30, +60, +120, +240 (cap 600).
        assert asked_at == [15, 45, 105, 225, 465]
        assert _inbox_firsts(fake) == started + 5
        assert not app._notifications  # no stack of notices
        assert "lemlist server error, retry" in _header(inbox)
        assert list(inbox.inbox_list.items) == loaded  # nothing loaded is lost
        fake.faults.canned.clear()
        await _tick(pilot, clock, 480)
        assert _inbox_firsts(fake) == started + 6
        assert "retry" not in _header(inbox)  # recovered: the header is calm again


async def test_the_users_r_may_say_what_failed_a_timed_refresh_never_does(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        fake.fail_next(503, times=2, path_contains="/api/inbox?")
        await _tick(pilot, clock, 15)
        assert not app._notifications
        await pilot.press("r")
        await settle(pilot)
        assert [n.title for n in app._notifications] == ["Reload failed"]


async def test_refreshes_wait_for_a_bulk_load(tmp_path: Path, server: FakeServer) -> None:
    app, fake, clock = _live_app(tmp_path, server, contact_id=LONG_CONTACT_ID, page_size=20)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = app.conversation_screen.message_list
        fake.set_latency(0.05)
        await pilot.press("L")
        assert messages.loading_all
        clock.now += 60
        app.live_tick()
        pager = messages.pager
        assert pager is not None
        assert not pager.refreshing  # the bulk load has the rate budget to itself
        await settle(pilot, rounds=200)
        assert not messages.loading_all
        assert pager.complete
        before = _refreshes(fake, LONG_CONTACT_ID)
        app.live_tick()
        await settle(pilot)
        assert _refreshes(fake, LONG_CONTACT_ID) == before + 1  # and then it goes on


async def test_a_screen_not_shown_refreshes_when_shown_not_on_the_timer(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _open_from_inbox(pilot, app, SAMPLE_CONTACT_ID)
        inbox_asked = _inbox_firsts(fake)
        for _ in range(8):
            await _tick(pilot, clock, 15)
        assert _inbox_firsts(fake) == inbox_asked  # under the conversation: left alone
        await pilot.press("escape")
        await settle(pilot)
        assert _inbox_firsts(fake) == inbox_asked + 1  # shown again: refreshed at once
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert _inbox_firsts(fake) == inbox_asked + 1  # fresh enough: not asked again


async def test_the_real_timer_refreshes_without_any_key(tmp_path: Path, server: FakeServer) -> None:
    app, fake, clock = _live_app(tmp_path, server, contact_id=SAMPLE_CONTACT_ID)
    app.live_tick_seconds = 0.02
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        reply = fake.add_reply(SAMPLE_CONTACT_ID)
        clock.now += 15
        for _ in range(500):  # bounded: the timer fires every 20 ms
            conversation = app.conversation_screen.pager
            if conversation is not None and conversation.messages[0].id == reply["_id"]:
                break
            await pilot.pause(0.02)
        conversation = app.conversation_screen.pager
        assert conversation is not None
        assert conversation.messages[0].id == reply["_id"]


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everything lemtui itself writes to the terminal (the headless driver draws nothing;
    Textual's own mouse pointer shapes, OSC 22, are left out)."""
    data: list[str] = []

    def write(driver: HeadlessDriver, text: str) -> None:
        if not text.startswith("\x1b]22;"):
            data.append(text)

    monkeypatch.setattr(HeadlessDriver, "write", write)
    return data


@pytest.mark.parametrize(
    ("notify", "environ", "announcement"),
    [
        ("bell", {}, "\x07"),
        ("desktop", {"VTE_VERSION": "7600"}, "\x1b]777;notify;lemtui;1 new reply\x07"),
        ("desktop", {"TERM_PROGRAM": "iTerm.app"}, "\x1b]9;lemtui: 1 new reply\x07"),
        ("desktop", {"TERM": "xterm"}, "\x07"),  # no known notification: the bell
        ("none", {"VTE_VERSION": "7600"}, None),
    ],
)
async def test_title_and_announcements_are_exactly_these_bytes(
    tmp_path: Path,
    server: FakeServer,
    written: list[str],
    notify: str,
    environ: dict[str, str],
    announcement: str | None,
) -> None:
    fake = _fake(server)
    # The demo's hostile contact: its name must never reach the title or a notification.
    hostile = "ctc_HostileContent001"
    fake.read_state[(SAMPLE_CONTACT_ID, DEMO_USER_ID)] = True
    app, fake, clock = _live_app(tmp_path, server, notify=notify)
    app.environ = environ
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        unread = _inbox(app).unread
        assert written == ["\x1b[22;0t\x1b]2;lemtui\x07", f"\x1b]2;lemtui ({unread})\x07"]
        written.clear()
        await _open_from_inbox(pilot, app, SAMPLE_CONTACT_ID)
        fake.add_reply(SAMPLE_CONTACT_ID, "\x1b]2;pwned\x07 Mallory")
        fake.add_message(hostile, dict(fake.conversations[hostile][0]), unread=False)
        await _tick(pilot, clock, 15)
        assert written == ([announcement] if announcement else [])
        written.clear()
        await pilot.press("escape")  # the inbox sees the same reply: announced once only
        await settle(pilot)
        assert written == [f"\x1b]2;lemtui ({unread + 1})\x07"]
        written.clear()
        await pilot.press("q")
        await settle(pilot)
    assert written == ["\x1b[23;0t"]  # the terminal's own title back


async def test_at_80_columns_the_header_keeps_the_title_and_the_failure(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake, clock = _live_app(tmp_path, server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        await pilot.press("f")  # a filter, unread conversations: many figures to show
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        fake.fail_next(503, path_contains="/api/inbox?")
        await _tick(pilot, clock, 15)
        header = inbox.query_one("HeaderBar")
        title = str(header.query_one("#header-title", Static).content)
        stats = str(header.query_one("#header-stats", Static).content)
        assert title.startswith("Inbox  Alex MARTIN")  # the reader named, not usr_…
        assert stats.startswith("⚠ lemlist server error, retry 17:")
        assert "filter: unread" in stats
        assert "loaded" not in stats  # the least of the figures gave way
        region = header.query_one("#header-title", Static).region
        assert region.width >= 14  # the title's first cells stay


async def test_losing_the_terminals_focus_does_not_pause_refreshing(
    tmp_path: Path, server: FakeServer
) -> None:
    """That is when a notification matters most: the reader in a background pane."""
    from textual import events

    app, fake, clock = _live_app(tmp_path, server, contact_id=SAMPLE_CONTACT_ID, notify="bell")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.post_message(events.AppBlur())
        await settle(pilot)
        reply = fake.add_reply(SAMPLE_CONTACT_ID)
        await _tick(pilot, clock, 15)
        conversation = app.conversation_screen.pager
        assert conversation is not None
        assert conversation.messages[0].id == reply["_id"]
