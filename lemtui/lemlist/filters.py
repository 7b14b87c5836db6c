"""Which rows a list shows: `f` cycles the conversation's and the inbox's filters. No I/O, no UI."""

from __future__ import annotations

from enum import Enum
from typing import Any, Self

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.messages import Channel, Direction, Message, channel_of

__all__ = ["CyclingFilter", "InboxFilter", "MessageFilter"]


class CyclingFilter(Enum):
    """A list's filters, in the order `f` cycles through them; the first shows everything."""

    @property
    def label(self) -> str:
        """How the header names it."""
        return str(self.value)

    @property
    def shows_all(self) -> bool:
        """Whether this is the filter that hides nothing (the first)."""
        return self is next(iter(type(self)))

    def next(self) -> Self:
        """The filter `f` goes to from this one (after the last: the first again)."""
        members = list(type(self))
        return members[(members.index(self) + 1) % len(members)]

    def matches(self, item: Any) -> bool:
        """Whether `item` is shown under this filter."""
        raise NotImplementedError


class MessageFilter(CyclingFilter):
    """What the message list shows; `f` cycles through them in this order."""

    ALL = "all"
    REPLIES = "replies"
    SENT = "sent"
    EMAIL = "email"
    LINKEDIN = "LinkedIn"
    OTHER = "other channels"

    def matches(self, message: Message) -> bool:
        """Whether `message` is shown under this filter."""
        if self is MessageFilter.ALL:
            return True
        if self is MessageFilter.REPLIES:
            return message.direction is Direction.RECEIVED
        if self is MessageFilter.SENT:
            return message.direction is Direction.SENT
        if self is MessageFilter.EMAIL:
            return message.channel is Channel.EMAIL
        if self is MessageFilter.LINKEDIN:
            return message.channel is Channel.LINKEDIN
        return message.channel not in (Channel.EMAIL, Channel.LINKEDIN)


class InboxFilter(CyclingFilter):
    """What the inbox shows; `f` cycles through them in this order."""

    ALL = "all"
    UNREAD = "unread"
    REPLIED = "replied"
    EMAIL = "email"
    LINKEDIN = "LinkedIn"
    OTHER = "other channels"

    def matches(self, item: InboxItem) -> bool:
        """Whether the conversation `item` is shown under this filter."""
        if self is InboxFilter.ALL:
            return True
        if self is InboxFilter.UNREAD:
            return item.unread
        if self is InboxFilter.REPLIED:
            return item.have_replies
        channels = {channel_of(name) for name in item.channels}
        if self is InboxFilter.EMAIL:
            return Channel.EMAIL in channels
        if self is InboxFilter.LINKEDIN:
            return Channel.LINKEDIN in channels
        return bool(channels - {Channel.EMAIL, Channel.LINKEDIN})
