"""`--print` converts a page in runs, one per worker: the output is the same as in one piece.

Each message here repeats the whole one after it without any quote marker, so only the
history (the messages after it on the page) shows that the repeated text is quoted: a run
that lost the messages after its last one would show that text unfolded.
"""

from __future__ import annotations

from typing import Any

import pytest

from lemtui.demo.data import LONG_CONTACT_ID, demo_conversation
from lemtui.printer import _chunks, _format_raw

SIZE = 12


EARLIEST = (
    "I noticed that your warehouse in Lyon opened this quarter and wondered whether your team "
    "still plans its routes by hand."
)


def _page() -> list[dict[str, Any]]:
    """Newest first; each message's body is its reply above the whole message after it."""
    template = dict((demo_conversation(LONG_CONTACT_ID) or [])[0])
    body = EARLIEST
    page: list[dict[str, Any]] = []
    for index in reversed(range(SIZE)):
        item = dict(template)
        item["_id"] = f"act_chunk{index:03d}"
        item["message"] = body
        page.insert(0, item)
        body = f"Reply {index}: not right now, but thank you for asking.\n\n{body}"
    return page


@pytest.mark.parametrize("parts", [2, 3, 4])
def test_a_page_cut_for_workers_reads_the_same(parts: int) -> None:
    page = _page()
    whole = _format_raw(page, "text", "fold")
    assert sum("quoted line" in block for block in whole) == SIZE - 1  # history at work
    runs = _chunks(page, parts)
    cut = [block for items, count in runs for block in _format_raw(items, "text", "fold", count)]
    assert cut == whole


def test_every_message_is_in_exactly_one_run() -> None:
    page = _page()
    runs = _chunks(page, 3)
    assert [count for _, count in runs] == [4, 4, 4]
    assert [items[0]["_id"] for items, _ in runs] == [page[i]["_id"] for i in (0, 4, 8)]
