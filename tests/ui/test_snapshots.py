"""SVG snapshots of the main views (pytest-textual-snapshot; Textual pinned in pyproject).

Time zone pinned to UTC and "now" fixed, the cursor blink off and Unicode forced, so the
pictures only change when the UI does. `pytest --snapshot-update` rewrites them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from lemtui.demo.data import LONG_CONTACT_ID, QUOTES_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID
from tests.support.app import FIXED_NOW, make_app, settle, until

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _stable_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LEMTUI_ASCII", "0")
    import time

    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def _ready(pilot: Pilot[Any]) -> None:
    await settle(pilot, words=True)
    app = pilot.app
    if getattr(app, "_names_asked", False):  # a list was shown: its names are asked once
        await until(pilot, lambda: bool(app.directory.loaded))  # type: ignore[attr-defined]
        await settle(pilot, words=True)  # and drawn (the detail's campaign, the header's name)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_prompt(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, rate_limit=10_000, clock=lambda: FIXED_NOW)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_conversation_wide(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW
    )
    assert snap_compare(app, terminal_size=(120, 40), run_before=_ready)


def test_conversation_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_detail_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW
    )

    async def open_second(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_second)


def test_folded_quote_wide(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=QUOTES_CONTACT_ID, clock=lambda: FIXED_NOW
    )
    assert snap_compare(app, terminal_size=(120, 40), run_before=_ready)


def test_help(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW
    )

    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_help)


def test_inbox_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, rate_limit=10_000, user_id=DEMO_USER_ID, clock=lambda: FIXED_NOW)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_inbox_wide(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, rate_limit=10_000, user_id=DEMO_USER_ID, clock=lambda: FIXED_NOW)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_ready)


def test_inbox_200x50_with_the_lead_card(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Triage at 200 columns: each row's words, company and campaign, and a card on I."""
    app, _ = make_app(tmp_path, rate_limit=10_000, user_id=DEMO_USER_ID, clock=lambda: FIXED_NOW)

    async def card(pilot: Pilot[Any]) -> None:
        await settle(pilot, words=True)
        await pilot.press("I")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(200, 50), run_before=card)


def test_conversation_160x45_with_the_lead_card(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=LONG_CONTACT_ID, clock=lambda: FIXED_NOW
    )
    assert snap_compare(app, terminal_size=(160, 45), run_before=_ready)


def test_search_wide(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, rate_limit=10_000, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW
    )

    async def search(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"opoix", "enter")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=search)


def test_reply_review_narrow(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review screen at 80×24: a reply to Victoire written in the built-in editor."""
    from tests.support.app import until

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app, _ = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, clock=lambda: FIXED_NOW
    )

    async def review(pilot: Pilot[Any]) -> None:
        from lemtui.tui.reply.editor import ReplyEditorScreen
        from lemtui.tui.reply.review import ReplyReviewScreen

        await settle(pilot)
        await pilot.press("j", "R")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReplyEditorScreen))
        await pilot.press(*"Merci Victoire, **jeudi** me va.", "enter", "enter", *"- 10h ?")
        await pilot.press("enter", *"- ou 14h", "enter", "enter", *"Christophe")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReplyReviewScreen))

    assert snap_compare(app, terminal_size=(80, 24), run_before=review)


def test_team_picker(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, rate_limit=10_000, user_id=DEMO_USER_ID, clock=lambda: FIXED_NOW)

    async def pick(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("U")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=pick)


def test_inbox_after_a_reply_arrived(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The header counts the arrival, the conversation is on top and unread, the highlight
    stayed on the row the user was on."""
    app, fake = make_app(tmp_path, rate_limit=10_000, user_id=DEMO_USER_ID, clock=lambda: FIXED_NOW)
    fake.clock = lambda: FIXED_NOW.timestamp()
    moments = iter([0.0, 100.0])
    app.live.clock = lambda: next(moments, 100.0)
    app.live_tick_seconds = 3600

    async def arrive(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("j", "j")
        fake.add_reply(SAMPLE_CONTACT_ID, "Thursday works.", at=FIXED_NOW.timestamp() - 60)
        app.live_tick()
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=arrive)
