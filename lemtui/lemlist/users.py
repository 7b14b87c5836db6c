"""The team's people by name: a user's account and mailboxes (`GET /users/{userId}`), and the
helpers that turn the IDs a message or an inbox carries (`usr_…`, `usm_…`) into what a person
reads. No I/O, no UI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lemtui.lemlist.fields import as_field, as_list, as_mapping, as_text
from lemtui.lemlist.inbox import TeamMember
from lemtui.text import clean_line

__all__ = ["Mailbox", "UserAccount", "mailbox_addresses", "team_names", "user_name"]


def _line(value: Any) -> str:
    return clean_line(as_field(value)).strip()


@dataclass(frozen=True, slots=True)
class Mailbox:
    """One of a user's sending mailboxes: its `usm_` ID and address."""

    id: str
    email: str
    provider: str
    status: str
    """CONNECTED, ERROR or DISCONNECTED, as sent ('' when not said)."""

    @classmethod
    def from_json(cls, data: Any) -> Mailbox:
        """Build from one `mailboxes[]` item, whatever its shape."""
        item = as_mapping(data)
        return cls(
            id=as_text(item.get("_id")).strip(),
            email=_line(item.get("email")),
            provider=_line(item.get("provider")),
            status=_line(item.get("status")),
        )


@dataclass(frozen=True, slots=True)
class UserAccount:
    """A user of the team (`GET /users/{userId}`): address, role and mailboxes."""

    user_id: str
    email: str
    role: str
    mailboxes: tuple[Mailbox, ...]

    @classmethod
    def from_json(cls, data: Any) -> UserAccount:
        """Build from the user object, whatever its shape; mailboxes without an ID are left
        out."""
        item = as_mapping(data)
        boxes = (Mailbox.from_json(box) for box in as_list(item.get("mailboxes")))
        return cls(
            user_id=as_text(item.get("_id")).strip(),
            email=_line(item.get("email")),
            role=_line(item.get("role")),
            mailboxes=tuple(box for box in boxes if box.id),
        )


def team_names(members: Iterable[TeamMember]) -> dict[str, str]:
    """`usr_` ID → how to name that user (name, else email), cleaned: for the inbox header's
    "Alex MARTIN" instead of `usr_…`."""
    return {m.user_id: clean_line(m.label).strip() or m.user_id for m in members}


def user_name(members: Iterable[TeamMember], user_id: str) -> str:
    """The user's name (else email) from the team's users, or the ID itself when unknown."""
    return team_names(members).get(user_id, clean_line(user_id))


def mailbox_addresses(accounts: Iterable[UserAccount]) -> Mapping[str, str]:
    """`usm_` ID → the mailbox's address, for every mailbox of these users that has one."""
    return {box.id: box.email for account in accounts for box in account.mailboxes if box.email}
