"""Inbox rows that say what was written, over real HTTP to the fake API: the newest message's
first words (quoted history folded), asked only for the rows in view and a few ahead, the
arrow of who wrote last, events in words, and a calm row while the words are on their way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from lemtui.demo.data import QUOTES_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, FakeLemlist
from lemtui.tui.app import LemtuiApp
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.row_words import AHEAD
from lemtui.tui.widgets.inbox_list import InboxList
from tests.support.app import FIXED_NOW, make_app, settle, until
from tests.support.server import FakeServer


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(FakeLemlist(rate_limit=10_000)) as running:
        yield running


def _app(tmp_path: Path, server: FakeServer) -> tuple[LemtuiApp, FakeLemlist]:
    fake = server.app
    assert isinstance(fake, FakeLemlist)
    return make_app(
        tmp_path, fake=fake, base_url=server.url, clock=lambda: FIXED_NOW, user_id=DEMO_USER_ID
    )


def _inbox(app: LemtuiApp) -> InboxList:
    assert app.inbox_screen is not None
    return app.inbox_screen.inbox_list


def _inbox_when_shown(app: LemtuiApp) -> Callable[[], InboxList]:
    """The inbox list, asked for once the app has mounted it."""
    return lambda: _inbox(app)


def _row_text(inbox: InboxList, contact_id: str) -> str:
    row = inbox.row_of(contact_id)
    assert row is not None, f"{contact_id} has no row"
    return inbox.row_prompt(row).plain


def _newest_asked(fake: FakeLemlist) -> list[str]:
    """Contacts whose newest message alone was asked (`limit=1`)."""
    return [
        r.path.rsplit("/", 1)[-1]
        for r in fake.requests
        if "/inbox/ctc_" in r.path and r.query.get("limit") == "1"
    ]


async def _shows(pilot: Pilot[None], inbox: InboxList, words: str) -> None:
    await until(pilot, lambda: words in _row_text(inbox, QUOTES_CONTACT_ID), step=0.02)


async def test_a_row_shows_the_words_its_lead_wrote_last(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake = _app(tmp_path, server)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        await until(
            pilot,
            lambda: "Je confirme" in _row_text(inbox, QUOTES_CONTACT_ID),
            step=0.02,
        )
        text = _row_text(inbox, QUOTES_CONTACT_ID)
        assert "Oui, LinkedIn inclus. Je confirme pour le 7 avril." in text
        assert f"{glyphs().received} " in text  # the lead wrote last
        assert "wrote" not in text and "a écrit" not in text  # the quote is folded
        # Only the rows in view and a few ahead were asked, each once, never marked read.
        asked = _newest_asked(fake)
        height = inbox.scrollable_content_region.height
        assert len(asked) == len(set(asked))
        assert len(asked) <= height + AHEAD < len(inbox.items)
        assert not any(r.query.get("markAsRead") for r in fake.requests)


async def test_scrolling_asks_for_the_rows_it_brings(tmp_path: Path, server: FakeServer) -> None:
    app, fake = _app(tmp_path, server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        last = inbox.items[-1]
        assert inbox.words is not None
        assert inbox.words.get(last.contact_id) is None
        before = len(_newest_asked(fake))
        await pilot.press("G")
        words = inbox.words
        await until(pilot, lambda: words.get(last.contact_id) is not None, step=0.02)
        assert len(_newest_asked(fake)) > before
        assert glyphs().ellipsis not in _row_text(inbox, last.contact_id)[-3:]


async def test_words_that_cannot_be_loaded_say_so_and_r_asks_again(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake = _app(tmp_path, server)
    fake.fail_next(404, "Contact not found", times=5, path_contains=f"/inbox/{QUOTES_CONTACT_ID}")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        await _shows(pilot, inbox, "could not load")
        fake.faults.clear()
        await pilot.press("r")
        await _shows(pilot, inbox, "Je confirme")


async def test_a_row_whose_words_have_not_come_shows_an_ellipsis_not_a_stall(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake = _app(tmp_path, server)
    fake.slow_contacts[QUOTES_CONTACT_ID] = 3.0
    async with app.run_test(size=(120, 40)) as pilot:
        inbox = _inbox_when_shown(app)
        await until(pilot, lambda: inbox().row_of(QUOTES_CONTACT_ID) is not None, step=0.02)
        assert _row_text(inbox(), QUOTES_CONTACT_ID).rstrip().endswith(glyphs().ellipsis)
        await pilot.press("j", "j", "j")  # the list moves while the words wait
        assert inbox().highlighted == 3
        assert _row_text(inbox(), QUOTES_CONTACT_ID).rstrip().endswith(glyphs().ellipsis)


async def test_a_row_whose_words_came_is_drawn_again_alone(tmp_path: Path) -> None:
    """Words arrive while the user scrolls: only their row is drawn again, the others are
    kept (drawing every row in view again made a key wait 80 ms)."""
    app, _ = make_app(tmp_path, clock=lambda: FIXED_NOW, user_id=DEMO_USER_ID, rate_limit=10_000)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, words=True)
        inbox = _inbox(app)
        await pilot.pause()
        kept = inbox.kept_lines
        assert kept > 10
        inbox.redraw_row(3)
        assert inbox.kept_lines == kept - 1
        await pilot.pause()
        assert inbox.kept_lines == kept  # drawn again, alone
