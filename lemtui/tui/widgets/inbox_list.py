"""The inbox list: one line per conversation, latest activity first, optionally filtered.

Rows are `Text` built by `lemtui.tui.rows.inbox_row`. The conversations live in the list's
pager (`lemtui.lemlist.paging.InboxPager`); a filter (`lemtui.lemlist.filters.InboxFilter`) only
decides which of them have a row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rich.text import Text

from lemtui.lemlist.filters import InboxFilter
from lemtui.lemlist.inbox import InboxItem
from lemtui.tui.rows import inbox_row
from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["InboxList"]


class InboxList(PagedList[InboxItem]):
    """A user's conversations, latest activity first, plus a status row at the end."""

    NOUNS = ("conversation", "conversations")
    MORE = "more conversations"

    filter: InboxFilter = InboxFilter.ALL
    """What the list shows; it stays when another user's inbox is opened."""

    def row(self, item: InboxItem, now: datetime) -> Text:
        """Unread mark, date, channels, who, replied mark."""
        return inbox_row(item, now=now)

    def notable(self, item: InboxItem) -> bool:
        """A conversation deserves a bell when it came back unread (a reply, not our send)."""
        return item.unread

    def activity(self, item: InboxItem) -> tuple[str, datetime | None]:
        """Whose conversation `item` is and when it last moved (for announcing it once)."""
        return item.contact_id, item.last_activity_at

    def mark_read(self, contact_id: str) -> bool:
        """Clear the unread mark of `contact_id`'s row; False when it is not loaded or read.

        The row stays where it is, even under the "unread" filter: it goes at the next filter
        change, not from under the user's eyes.
        """
        pager = self.pager
        if pager is None:
            return False
        for item in pager.items:
            if item.contact_id == contact_id and item.unread:
                updated = replace(item, unread=False)
                pager.replace(updated)
                self.redraw_item(updated)
                return True
        return False

    def row_of(self, contact_id: str) -> int | None:
        """The row showing `contact_id`'s conversation, if one does."""
        for row, item in enumerate(self.items):
            if item.contact_id == contact_id:
                return row
        return None

    def neighbour(self, contact_id: str, step: int) -> InboxItem | None:
        """The conversation shown `step` rows from `contact_id`'s (from the highlight when
        that one is not shown); None past either end."""
        row = self.row_of(contact_id)
        if row is None:
            row = self.highlighted if self.highlighted is not None else -1 if step > 0 else 0
        return self.item_at(row + step) if row + step >= 0 else None

    def next_unread(self) -> int | None:
        """The first unread row after the highlight, else the first one from the top."""
        items = self.items
        start = self.highlighted if self.highlighted is not None else -1
        order = [*range(start + 1, len(items)), *range(0, min(start + 1, len(items)))]
        return next((row for row in order if items[row].unread), None)
