"""The inbox list: one line per conversation, latest activity first, pages appended.

A row: the unread mark (●), the last activity date, the channel badges, the contact's name
(or email), and ↩ when the lead has replied. Everything is cleaned `Text`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Final

from rich.text import Text

from lemtui.display import DATE_WIDTH, badge_for, compact_when
from lemtui.models import InboxItem, channel_of
from lemtui.text import clean_line
from lemtui.widgets.paged_list import STATUS_ID, PagedList

__all__ = ["STATUS_ID", "InboxList", "inbox_row"]

BADGES_WIDTH: Final = 9


def inbox_row(item: InboxItem, *, now: datetime, ascii_only: bool) -> Text:
    """One inbox row: unread mark, date, channels, who, replied mark."""
    row = Text(no_wrap=True, overflow="ellipsis", end="")
    if item.unread:
        row.append("*" if ascii_only else "●", style="bold")
    else:
        row.append(" ")
    row.append(" ")
    row.append(compact_when(item.last_activity_at, now).rjust(DATE_WIDTH), style="dim")
    row.append(" ")
    badges = " ".join(badge_for(channel_of(name), ascii_only) for name in item.channels[:4])
    if len(badges) > BADGES_WIDTH:
        badges = badges[: BADGES_WIDTH - 1] + ("~" if ascii_only else "…")
    row.append(badges.ljust(BADGES_WIDTH))
    row.append(" ")
    replied = "<" if ascii_only else "↩"
    row.append(replied if item.have_replies else " ", style="bold")
    row.append(" ")
    label = clean_line(item.label) or "(unknown contact)"
    row.append(label[:80], style="bold" if item.unread else "")
    email = clean_line(item.contact_email)
    if item.contact_name and email:
        row.append(f"  {email[:80]}", style="dim")
    return row


class InboxList(PagedList):
    """A user's conversations, latest activity first, plus a status row at the end."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        ascii_only: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(clock=clock, ascii_only=ascii_only, name=name, id=id, classes=classes)
        self.items: list[InboxItem] = []

    def reset(self) -> None:
        """Empty the list (the inbox is being loaded again)."""
        self.items.clear()
        self.status_kind = None
        self.clear_options()

    def append_items(self, items: Iterable[InboxItem]) -> None:
        """Append rows for `items` above the status row."""
        new = list(items)
        self.items.extend(new)
        now = self.clock()
        self._append_rows([inbox_row(i, now=now, ascii_only=self.ascii_only) for i in new])

    def mark_read(self, contact_id: str) -> bool:
        """Clear the unread mark of `contact_id`'s row; False when it is not loaded or read."""
        for index, item in enumerate(self.items):
            if item.contact_id == contact_id and item.unread:
                updated = replace(item, unread=False)
                self.items[index] = updated
                now = self.clock()
                self.replace_option_prompt_at_index(
                    index, inbox_row(updated, now=now, ascii_only=self.ascii_only)
                )
                return True
        return False

    def item_at(self, index: int | None) -> InboxItem | None:
        """The conversation on row `index`, or None for the status row / nothing."""
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    @property
    def highlighted_item(self) -> InboxItem | None:
        """The conversation under the highlight."""
        return self.item_at(self.highlighted)
