"""Triage of the inbox without UI: which conversations `f` shows and which match `/`.

The conversation's list has its own (`lemtui.filters`, `lemtui.search`); the inbox's rows carry
no bodies, so its search is over who the conversation is with: the contact's name, email
address and company (the company when the service sends one, and the address's domain in any
case, so `northwind` finds everyone at northwind-logistics.example). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from lemtui.models import Channel, InboxItem, channel_of
from lemtui.search import MAX_QUERY
from lemtui.text import clean_line

__all__ = ["InboxFilter", "company_of", "find_inbox_hits", "inbox_search_text"]


class InboxFilter(Enum):
    """What the inbox shows; `f` cycles through them in this order."""

    ALL = "all"
    UNREAD = "unread"
    REPLIED = "replied"
    EMAIL = "email"
    LINKEDIN = "LinkedIn"
    OTHER = "other channels"

    @property
    def label(self) -> str:
        """How the header names it."""
        return self.value

    def next(self) -> InboxFilter:
        """The filter `f` goes to from this one."""
        members = list(InboxFilter)
        return members[(members.index(self) + 1) % len(members)]

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


def _text(value: Any) -> str:
    return clean_line(value) if isinstance(value, str) else ""


def company_of(item: InboxItem) -> str:
    """The contact's company when the inbox item names one (`companyName`, `company`, or in
    the contact's `fields`), cleaned; "" when it does not."""
    contact = item.raw.get("contact")
    if not isinstance(contact, Mapping):
        return ""
    fields = contact.get("fields")
    sources: list[Any] = [contact.get("companyName"), contact.get("company")]
    if isinstance(fields, Mapping):
        sources.append(fields.get("companyName"))
    return next((text for text in map(_text, sources) if text), "")


def inbox_search_text(item: InboxItem) -> str:
    """What `/` looks through for one conversation: name, email address, company."""
    parts = (clean_line(item.contact_name), clean_line(item.contact_email), company_of(item))
    return "\n".join(part for part in parts if part)


def find_inbox_hits(items: Sequence[InboxItem], query: str) -> list[int]:
    """Positions in `items` whose name, email or company contains `query` (any case)."""
    cleaned = clean_line(query)[:MAX_QUERY]
    if not cleaned:
        return []
    pattern = re.compile(re.escape(cleaned), re.IGNORECASE)
    return [row for row, item in enumerate(items) if pattern.search(inbox_search_text(item))]
