"""Memory while scrolling: rows are drawn from their messages, nothing is kept per row.

Counted in objects (not in time, not in RSS): a list that kept a drawn row per message (a
`Text`, its spans, Textual's `Content`) would hold 1,500 of them after one pass over 1,500
messages; drawn on demand, only the rows recently shown are, and passing over the list again
and again adds nothing.
"""

from __future__ import annotations

import copy
import gc
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot

from lemtui.demo.data import LONG_CONTACT_ID, demo_conversation
from lemtui.demo.fake_api import FakeLemlist
from lemtui.tui.widgets.line_list import RENDERED_ROWS
from tests.support.app import make_app, settle

SIZE = 1_500
CONTACT = "ctc_MemoryProbe0001"


def _conversation() -> list[dict[str, Any]]:
    base = demo_conversation(LONG_CONTACT_ID) or []
    messages = []
    for index in range(SIZE):
        message = copy.copy(base[index % len(base)])
        message["_id"] = f"act_memory{index:06d}"
        message["contactId"] = CONTACT
        messages.append(message)
    return messages


IN_FLIGHT = frozenset({"TimerHandle", "Context", "hamt", "hamt_bitmap_node", "hamt_array_node"})
"""The event loop's pending timers and their contexts: how many are in flight at a given
moment depends on the machine's load, not on what the list keeps."""


def _objects() -> list[object]:
    gc.unfreeze()  # the screen freezes loaded messages out of the collector: count them too
    gc.collect()
    return [item for item in gc.get_objects() if type(item).__name__ not in IN_FLIGHT]


def _drawn_rows() -> int:
    return sum(1 for item in _objects() if isinstance(item, Text | Content))


async def _pass(pilot: Pilot[None], rows: int, page: int) -> None:
    """Down to the last row and back up to the first, a screenful at a time, each drawn."""
    widget = pilot.app.screen.message_list  # type: ignore[attr-defined]
    for row in [*range(page, rows - 1, page), rows - 1, *range(rows - 1 - page, 0, -page), 0]:
        widget.highlighted = row
        await pilot.pause()


async def test_scrolling_back_and_forth_keeps_nothing_per_row(tmp_path: Path) -> None:
    fake = FakeLemlist(conversations={CONTACT: _conversation()})
    app, _ = make_app(tmp_path, fake=fake, contact_id=CONTACT, page_size=100)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        screen.action_load_all()
        await settle(pilot)
        widget = screen.message_list
        assert len(widget.items) == SIZE
        page = widget.scrollable_content_region.height
        await _pass(pilot, SIZE, page)
        # Every row was drawn; what stays is the render cache's few screens of lines.
        assert _drawn_rows() < RENDERED_ROWS
        assert widget.kept_lines <= RENDERED_ROWS
        # Counted after `_drawn_rows`: its isinstance checks against an ABC (`Content` is a
        # `Visual`) fill that ABC's cache with a weak reference per type seen, once.
        after_one = len(_objects())
        for _ in range(3):
            await _pass(pilot, SIZE, page)
        # Passing again keeps nothing more (a row kept per pass would be 1,500 a pass).
        assert len(_objects()) - after_one < 1_000
