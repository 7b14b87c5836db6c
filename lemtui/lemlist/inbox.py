"""A user's inbox and the people in it, built leniently from the service's JSON: conversations
(`InboxItem`, `InboxPage`), contacts and teammates. No I/O, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lemtui.lemlist.fields import (
    Pagination,
    as_bool,
    as_field,
    as_list,
    as_mapping,
    as_text,
    frozen_view,
    parse_timestamp,
)

__all__ = ["Contact", "InboxItem", "InboxPage", "TeamMember"]


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One conversation of a user's inbox (`GET /inbox`), built leniently."""

    id: str
    contact_id: str
    contact_name: str
    contact_email: str
    channels: tuple[str, ...]
    last_activity_at: datetime | None
    last_replied_at: datetime | None
    have_replies: bool
    unread: bool
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        """How to name the conversation: the contact's name, else email, else id."""
        return self.contact_name or self.contact_email or self.contact_id

    @classmethod
    def from_json(cls, data: Any, *, user_id: str = "") -> InboxItem:
        """Build from one `data` item; `unread` is the requesting user's read flag, negated."""
        item = as_mapping(data)
        contact = as_mapping(item.get("contact"))
        channels = tuple(as_field(c) for c in as_list(item.get("channels")) if as_text(c))
        unread = False
        users = item.get("users")
        if isinstance(users, list):
            for user in users:
                if isinstance(user, Mapping) and as_text(user.get("userId")) == user_id:
                    unread = user.get("read") is False
                    break
        return cls(
            id=as_text(item.get("_id")),
            contact_id=as_text(item.get("contactId")) or as_text(contact.get("_id")),
            contact_name=as_field(contact.get("fullName")),
            contact_email=as_field(contact.get("email")),
            channels=channels,
            last_activity_at=parse_timestamp(item.get("lastActivityAt")),
            last_replied_at=parse_timestamp(item.get("lastRepliedAt")),
            have_replies=as_bool(item.get("haveReplies")),
            unread=unread,
            raw=frozen_view(item),
        )


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of a user's inbox; `page` counts from 1 as the service does."""

    items: tuple[InboxItem, ...]
    page: int
    limit: int
    pagination: Pagination

    @property
    def has_more(self) -> bool:
        """Whether another page follows (nextPage, else the totals, else a full page)."""
        if not self.items:
            return False
        total = self.pagination.total_items
        if total is not None and (self.page - 1) * self.limit + len(self.items) >= total:
            return False
        if self.pagination.next_page is not None:
            return True
        if self.pagination.total_pages is not None:
            return self.page < self.pagination.total_pages
        return len(self.items) >= self.limit

    @classmethod
    def from_json(cls, data: Any, *, page: int, limit: int, user_id: str) -> InboxPage:
        """Build from the whole response body."""
        body = as_mapping(data)
        return cls(
            items=tuple(
                InboxItem.from_json(item, user_id=user_id) for item in as_list(body.get("data"))
            ),
            page=page,
            limit=limit,
            pagination=Pagination.from_json(body.get("pagination")),
        )


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact record (`GET /contacts/{idOrEmail}`), built leniently."""

    id: str
    email: str
    full_name: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Any) -> Contact:
        """Build from a contact object, whatever its shape."""
        item = as_mapping(data)
        fields = as_mapping(item.get("fields"))
        first, last = as_field(fields.get("firstName")), as_field(fields.get("lastName"))
        name = as_field(item.get("fullName")) or " ".join(part for part in (first, last) if part)
        return cls(
            id=as_text(item.get("_id")),
            email=as_field(item.get("email")),
            full_name=name,
            raw=frozen_view(item),
        )


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One user of the team (`GET /team?version=v2`'s `users`), built leniently."""

    user_id: str
    name: str
    email: str
    role: str

    @property
    def label(self) -> str:
        """How to name the user: the name, else the email address, else the id."""
        return self.name or self.email or self.user_id

    @classmethod
    def from_json(cls, data: Any) -> TeamMember:
        """Build from one `users` item (a bare user ID string when only `userIds` came)."""
        if isinstance(data, str):
            return cls(user_id=data, name="", email="", role="")
        item = as_mapping(data)
        return cls(
            user_id=as_text(item.get("userId")) or as_text(item.get("_id")),
            name=as_field(item.get("name")),
            email=as_field(item.get("email")),
            role=as_field(item.get("role")),
        )
