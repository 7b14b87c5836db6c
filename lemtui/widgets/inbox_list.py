"""The inbox list: one line per conversation, latest activity first.

Rows are `Text` built by `lemtui.display.inbox_row`. The conversations live in the list's pager
(`lemtui.paging.InboxPager`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from rich.text import Text

from lemtui.display import inbox_row
from lemtui.models import InboxItem
from lemtui.widgets.paged_list import STATUS_ID, PagedList

__all__ = ["STATUS_ID", "InboxList"]


class InboxList(PagedList[InboxItem]):
    """A user's conversations, latest activity first, plus a status row at the end."""

    NOUNS: ClassVar[tuple[str, str]] = ("conversation", "conversations")
    MORE: ClassVar[str] = "more conversations"

    def row(self, item: InboxItem, now: datetime) -> Text:
        """Unread mark, date, channels, who, replied mark."""
        return inbox_row(item, now=now, ascii_only=self.ascii_only)

    def mark_read(self, contact_id: str) -> bool:
        """Clear the unread mark of `contact_id`'s row; False when it is not loaded or read."""
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
