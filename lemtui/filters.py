"""Which messages the conversation's list shows (`f` cycles them). No I/O, no UI."""

from __future__ import annotations

from enum import Enum

from lemtui.models import Channel, Direction, Message

__all__ = ["MessageFilter"]


class MessageFilter(Enum):
    """What the message list shows; `f` cycles through them in this order."""

    ALL = "all"
    REPLIES = "replies"
    SENT = "sent"
    EMAIL = "email"
    LINKEDIN = "LinkedIn"
    OTHER = "other channels"

    @property
    def label(self) -> str:
        """How the header names it."""
        return self.value

    def next(self) -> MessageFilter:
        """The filter `f` goes to from this one."""
        members = list(MessageFilter)
        return members[(members.index(self) + 1) % len(members)]

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
