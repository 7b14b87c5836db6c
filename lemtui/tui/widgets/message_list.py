"""The message list: one line per message of a conversation, newest first, optionally filtered.

Rows are `Text` built by `lemtui.tui.rows.message_row`, so a subject can never be read as
markup. The messages live in the list's pager (`lemtui.lemlist.paging.ConversationPager`); a
filter only decides which of them have a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from lemtui.lemlist.filters import MessageFilter
from lemtui.lemlist.messages import Direction, Message
from lemtui.tui.rows import message_row
from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["MessageList"]


class MessageList(PagedList[Message]):
    """Messages of one conversation, newest first, plus a status row at the end."""

    NOUNS = ("message", "messages")
    MORE = "older messages"

    filter: MessageFilter = MessageFilter.ALL
    """What the list shows; it stays when another contact is opened."""

    lead_name = ""
    """The lead's name as the inbox or their card knows it: what the lead's rows show as
    sender instead of their address ("" until known)."""

    def row(self, item: Message, now: datetime) -> Text:
        """Date, channel, direction, sender, subject."""
        return message_row(item, now=now, lead_name=self.lead_name)

    own_send_due = False
    """The reader just sent a reply (`reload_after_send`): the next page's sent messages are
    theirs, no news to them."""

    def reload_after_send(self) -> None:
        """Reload to show the reply the reader just sent, which is not counted as new."""
        self.own_send_due = True
        self.reload()

    def news_of(self, arrived: Sequence[Message]) -> list[Message]:
        """Everything a refresh brings, but the reply the reader just sent themselves."""
        if not self.own_send_due:
            return list(arrived)
        self.own_send_due = False
        return [item for item in arrived if item.direction is not Direction.SENT]

    def notable(self, item: Message) -> bool:
        """A message deserves a bell when the lead wrote it (not when a teammate sent one)."""
        return item.direction is Direction.RECEIVED

    def activity(self, item: Message) -> tuple[str, datetime | None]:
        """The conversation's contact and when `item` was sent (for announcing it once)."""
        pager = self.pager
        contact = getattr(pager, "contact_id", "") if pager is not None else ""
        return str(contact), item.created_at
