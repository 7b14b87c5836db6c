"""Which rows a list shows: `f` cycles the conversation's filters (the inbox picks its own from a
list: `lemtui.tui.triage_filter`). No I/O, no UI."""

from __future__ import annotations

from collections.abc import Collection
from enum import Enum
from typing import Any, Final, Protocol, Self

from lemtui.lemlist.messages import Channel, Direction, Message

__all__ = ["CyclingFilter", "MessageFilter", "RowFilter"]

_NAMED_CHANNELS: Final = {"EMAIL": Channel.EMAIL, "LINKEDIN": Channel.LINKEDIN}
"""The filters (by member name) that show one channel; `OTHER` shows the rest."""


class RowFilter(Protocol):
    """What a list needs of a filter: a name for the header, whether it hides nothing,
    what it shows, and the one `f` goes to next where `f` cycles."""

    @property
    def label(self) -> str: ...

    @property
    def shows_all(self) -> bool: ...

    def matches(self, item: Any) -> bool: ...

    def next(self) -> RowFilter: ...


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

    def shows_channels(self, channels: Collection[Channel]) -> bool:
        """Whether a row on `channels` shows under the filters every list has: the first
        (everything), `EMAIL`, `LINKEDIN` and `OTHER` (any other channel)."""
        if self.shows_all:
            return True
        named = _NAMED_CHANNELS.get(self.name)
        if named is not None:
            return named in channels
        return any(channel not in _NAMED_CHANNELS.values() for channel in channels)


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
        if self is MessageFilter.REPLIES:
            return message.direction is Direction.RECEIVED
        if self is MessageFilter.SENT:
            return message.direction is Direction.SENT
        return self.shows_channels((message.channel,))
