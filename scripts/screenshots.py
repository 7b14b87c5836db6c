"""Write SVG screenshots of the demo into `screenshots/` (what the README shows).

Runs the real app headless over the built-in fake API, with the time zone pinned to UTC and
a fixed "now", so the pictures only change when the UI does:

    python scripts/screenshots.py [output-dir]
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from textual.pilot import Pilot

# The screenshots build the app exactly as the snapshot tests do (tests/snapshot_apps).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lemtui.demo.data import LONG_CONTACT_ID, QUOTES_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID
from tests.support.app import FIXED_NOW, make_app, settle, until

Steps = Callable[[Pilot[None]], Awaitable[None]]


async def _shoot(
    out: Path,
    name: str,
    size: tuple[int, int],
    contact: str | None,
    steps: Steps | None = None,
    *,
    user_id: str | None = None,
    settle_after: bool = True,
    editor: str | None = None,
) -> Path:
    with TemporaryDirectory() as state:
        app, _ = make_app(
            Path(state),
            contact_id=contact,
            clock=lambda: FIXED_NOW,
            user_id=user_id,
            editor=editor,
            rate_limit=10_000,
        )
        async with app.run_test(size=size) as pilot:
            await settle(pilot, words=True)
            if steps is not None:
                await steps(pilot)
                if settle_after:  # not while a reply waits on its review screen
                    await settle(pilot, words=True)
            path = out / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(out))
            return path


async def _open_quoted(pilot: Pilot[None]) -> None:
    await pilot.press("j", "enter")


async def _help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def _down_a_bit(pilot: Pilot[None]) -> None:
    await pilot.press(*"jjjjjj")


async def _search(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"lyon", "enter")


async def _reply_review(pilot: Pilot[None]) -> None:
    """R on Victoire's reply, a few lines in the built-in editor, ctrl+s: the review screen."""
    from lemtui.tui.reply.editor import ReplyEditorScreen
    from lemtui.tui.reply.review import ReplyReviewScreen

    await pilot.press("j", "R")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReplyEditorScreen))
    await pilot.press(*"Merci Victoire, **jeudi** me va très bien.", "enter", "enter")
    await pilot.press(*"Je vous propose :", "enter", *"- 10h, ou", "enter", *"- 14h30")
    await pilot.press("enter", "enter", *"À jeudi,", "enter", *"Christophe")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReplyReviewScreen))
    await pilot.pause()


async def _unread(pilot: Pilot[None]) -> None:
    """f, then "unread" (second in the list of triage filters)."""
    await pilot.press("f")
    await settle(pilot)
    await pilot.press("down", "enter")


async def _card_over_rows(pilot: Pilot[None]) -> None:
    """Down to Léa Fontaine's conversation (the newest), her card on I over the rows."""
    await pilot.press("I")
    await settle(pilot)


async def _card_beside(pilot: Pilot[None]) -> None:
    await pilot.press("j", "j")


async def _team(pilot: Pilot[None]) -> None:
    await pilot.press("U")


async def main(out: Path) -> list[Path]:
    """Take every screenshot (into an existing `out`); returns the files written."""
    return [
        await _shoot(out, "triage-200x50", (200, 50), None, _card_over_rows, user_id=DEMO_USER_ID),
        await _shoot(out, "triage-120x40", (120, 40), None, _down_a_bit, user_id=DEMO_USER_ID),
        await _shoot(out, "triage-80x24", (80, 24), None, None, user_id=DEMO_USER_ID),
        await _shoot(out, "lead-card-160x45", (160, 45), LONG_CONTACT_ID, _card_beside),
        await _shoot(out, "inbox", (120, 40), None, _down_a_bit, user_id=DEMO_USER_ID),
        await _shoot(out, "search", (120, 40), LONG_CONTACT_ID, _search),
        await _shoot(out, "prompt", (100, 30), None),
        await _shoot(out, "conversation-120x40", (120, 40), LONG_CONTACT_ID, _down_a_bit),
        await _shoot(out, "conversation-80x24", (80, 24), SAMPLE_CONTACT_ID),
        await _shoot(out, "detail-folded-quote", (120, 40), QUOTES_CONTACT_ID, _open_quoted),
        await _shoot(out, "help", (80, 30), SAMPLE_CONTACT_ID, _help),
        await _shoot(
            out,
            "reply-review",
            (100, 30),
            SAMPLE_CONTACT_ID,
            _reply_review,
            user_id=DEMO_USER_ID,
            settle_after=False,
            editor="builtin",
        ),
        await _shoot(out, "inbox-unread", (100, 30), None, _unread, user_id=DEMO_USER_ID),
        await _shoot(out, "team", (100, 30), None, _team, user_id=DEMO_USER_ID),
    ]


if __name__ == "__main__":
    os.environ["TZ"] = "UTC"
    os.environ.setdefault("LEMTUI_ASCII", "0")
    time.tzset()
    target = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "screenshots"
    )
    target.mkdir(parents=True, exist_ok=True)
    for written in asyncio.run(main(target)):
        print(written)
