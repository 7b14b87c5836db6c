"""The fake lemlist API's read routes: a contact's messages, a user's inbox, contacts, the team.

Each route is a function of the conversations it serves and the request's query, answering as
the service does: offset paging with its `pagination` object, the documented 400s in the
service's wording, a text 404 for an unknown conversation and the JSON 404 the spec shows for
an unknown contact. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Final

from lemtui.demo.data import contact_record, demo_team, demo_user, inbox_entry, team_user_ids
from lemtui.demo.wire import (
    CONTACT_ID,
    USER_ID,
    Answer,
    json_answer,
    pagination,
    text_answer,
)

__all__ = [
    "CONTACT_NOT_FOUND",
    "Conversations",
    "Paging",
    "contact_answer",
    "inbox_page",
    "messages_page",
    "team_answer",
    "user_answer",
]

CONTACT_NOT_FOUND: Final = "Contact not found"

Conversations = Mapping[str, list[dict[str, Any]]]
"""contactId → its messages, newest first."""

_DIGITS: Final = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True, slots=True)
class Paging:
    """The page sizes a route allows: `default` when the query names none, at most `most`."""

    default: int
    most: int

    def window(self, query: Mapping[str, str], start: str, first: int) -> tuple[int, int] | Answer:
        """`(limit, start)` from the query's `limit` and `start` (`skip` or `page`), or the 400.

        A limit over `most` is cut to it, as the service does; `first` is the start's default.
        """
        limit = _number(query, "limit", self.default)
        if isinstance(limit, Answer):
            return limit
        if limit < 1:
            return text_answer(400, "Invalid limit")
        begin = _number(query, start, first)
        if isinstance(begin, Answer):
            return begin
        return min(limit, self.most), begin


def _number(query: Mapping[str, str], name: str, default: int) -> int | Answer:
    raw = query.get(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw.strip()):
        return text_answer(400, f"Invalid {name}")
    return int(raw)


def messages_page(
    conversations: Conversations,
    read_state: MutableMapping[tuple[str, str], bool],
    paging: Paging,
    contact_id: str,
    query: Mapping[str, str],
) -> Answer:
    """`GET /api/inbox/{contactId}`: one page of a contact's messages, newest first.

    `markAsRead=true` (with a `userId`) records the conversation as read in `read_state`.
    """
    if not CONTACT_ID.fullmatch(contact_id):
        return text_answer(400, "Invalid contactId")
    user_id = query.get("userId")
    if user_id is not None and not USER_ID.fullmatch(user_id):
        return text_answer(400, "Invalid userId")
    window = paging.window(query, "skip", 0)
    if isinstance(window, Answer):
        return window
    limit, skip = window
    mark = query.get("markAsRead", "false").strip().lower()
    if mark not in ("true", "false"):
        return text_answer(400, "Invalid markAsRead")
    if mark == "true" and not user_id:
        return text_answer(400, "User ID is required to mark as read")
    if contact_id not in conversations:
        return text_answer(404, CONTACT_NOT_FOUND)
    messages = conversations[contact_id]
    if mark == "true" and user_id:
        read_state[(contact_id, user_id)] = True
    return json_answer(
        {
            "data": messages[skip : skip + limit],
            "pagination": pagination(len(messages), skip, limit),
        }
    )


def inbox_page(
    conversations: Conversations,
    is_read: Callable[[str, str], bool],
    paging: Paging,
    query: Mapping[str, str],
) -> Answer:
    """`GET /api/inbox?userId=&page=&limit=`: a user's conversations, latest activity first.

    `is_read(contact_id, user_id)` gives each user's read flag.
    """
    user_id = query.get("userId")
    if not user_id:
        return text_answer(400, "User ID is required")
    if not USER_ID.fullmatch(user_id):
        return text_answer(400, "Invalid userId")
    window = paging.window(query, "page", 1)
    if isinstance(window, Answer):
        return window
    limit, page = window
    if page < 1:
        return text_answer(400, "Invalid page")
    entries = [
        inbox_entry(contact_id, conversations[contact_id], partial(is_read, contact_id))
        for contact_id in conversations
    ]
    known_users = set(team_user_ids())
    for entry in entries:
        known_users.update(user["userId"] for user in entry["users"])
    if user_id not in known_users:
        return text_answer(400, "User not in team")
    mine = [e for e in entries if any(u["userId"] == user_id for u in e["users"])]
    mine.sort(key=lambda entry: str(entry["lastActivityAt"]), reverse=True)
    skip = (page - 1) * limit
    return json_answer(
        {"data": mine[skip : skip + limit], "pagination": pagination(len(mine), skip, limit)}
    )


def contact_answer(
    conversations: Conversations,
    id_or_email: str,
    record: Callable[[str], dict[str, Any]] | None = None,
) -> Answer:
    """`GET /api/contacts/{idOrEmail}`: a contact by `ctc_` id or (case-insensitive) email.

    `record(contact_id)` gives a contact's record as it is now (the fake's lead book); None:
    as the demo starts.
    """
    if record is None:
        record = lambda contact_id: contact_record(contact_id, conversations[contact_id])  # noqa: E731
    found: list[str] = []
    if id_or_email in conversations:
        found = [id_or_email]
    elif "@" in id_or_email:
        wanted = id_or_email.strip().lower()
        found = [
            contact_id
            for contact_id in conversations
            if contact_record(contact_id, conversations[contact_id], [])["email"].lower() == wanted
        ]
    if len(found) > 1:
        # Several contacts share the address: answered as a list of contacts (how the real
        # service answers duplicates is undocumented; the client handles both shapes).
        return json_answer([record(c) for c in found])
    if not found:
        return json_answer(
            {
                "success": False,
                "error": {
                    "code": "CONTACT_NOT_FOUND",
                    "message": "No contact found with the provided id or email",
                },
            },
            status=404,
        )
    return json_answer(record(found[0]))


def team_answer(query: Mapping[str, str]) -> Answer:
    """`GET /api/team` (`?version=v2` adds the `users` array)."""
    return json_answer(demo_team(with_users=query.get("version") == "v2"))


def user_answer(user_id: str) -> Answer:
    """`GET /api/users/{userId}`: a user of the team with their mailboxes; 400 for an ID that
    is not one, 404 text "User not found" for one not in the team."""
    if not USER_ID.fullmatch(user_id):
        return text_answer(400, "Invalid userId")
    user = demo_user(user_id)
    if user is None:
        return text_answer(404, "User not found")
    return json_answer(user)
