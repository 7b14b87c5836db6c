"""Triage of the inbox without UI: which conversations match `/` (`f`: `lemtui.lemlist.filters`).

The conversation's list has its own search (`lemtui.mail.search`); the inbox's rows carry
no bodies, so its search is over who the conversation is with: the contact's name, email
address and company (the company when the service sends one, and the address's domain in any
case, so `northwind` finds everyone at northwind-logistics.example). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lemtui.lemlist.inbox import InboxItem
from lemtui.mail.search import MAX_QUERY
from lemtui.text import clean_line

__all__ = ["company_of", "company_or_domain", "find_inbox_hits", "inbox_search_text"]


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


def company_or_domain(item: InboxItem) -> str:
    """The contact's company, else their address's domain ("" when neither is known): what
    an inbox row shows in its company column."""
    company = company_of(item)
    if company:
        return company
    _, at, domain = clean_line(item.contact_email).rpartition("@")
    return domain if at else ""


def inbox_search_text(item: InboxItem) -> str:
    """What `/` looks through for one conversation: name, email address, company."""
    parts = (clean_line(item.contact_name), clean_line(item.contact_email), company_of(item))
    return "\n".join(part for part in parts if part)


def find_inbox_hits(
    items: Sequence[InboxItem],
    query: str,
    shown: Callable[[InboxItem], str] = lambda item: "",
) -> list[int]:
    """Positions in `items` whose name, email or company, or what their row shows beside
    (`shown`: the lead's words, the company and name of their card), contains `query` (any
    case)."""
    cleaned = clean_line(query)[:MAX_QUERY]
    if not cleaned:
        return []
    pattern = re.compile(re.escape(cleaned), re.IGNORECASE)
    return [
        row
        for row, item in enumerate(items)
        if pattern.search(inbox_search_text(item)) or pattern.search(clean_line(shown(item)))
    ]
