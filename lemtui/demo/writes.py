"""The fake lemlist API's write routes, and the activities that writes and replies add.

`POST /api/inbox/{contactId}/drafts?draftOwner=` keeps a `StoredDraft`; `POST /api/inbox/email`
keeps a `SentEmail` and puts an `emailsSent` activity on top of the contact's conversation. The
validation is the documented one (`lemlist-inbox-write-api.txt`), and deliberately stricter where
the doc is silent, so that a client bug shows here rather than against the service: unknown body
fields are refused, `replyToActivityId` must be a message of that conversation, the mailbox must
be the sending user's, the lead one of the contact's, and the email body has the drafts'
30,000-character limit (counted as JavaScript counts: UTF-16 code units). `lead_reply` makes the
lead's answer for the tests' `add_reply`. Stdlib only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

from lemtui.demo.data import DEMO_TEAM_ID, contact_record, team_senders
from lemtui.demo.reads import CONTACT_NOT_FOUND, Conversations
from lemtui.demo.wire import (
    CONTACT_ID,
    USER_ID,
    Answer,
    iso_date,
    js_length,
    json_answer,
    text_answer,
)

__all__ = [
    "CHANNELS",
    "MAX_CONTENT_LENGTH",
    "MAX_DRAFTS_PER_CONVERSATION",
    "SentEmail",
    "StoredDraft",
    "create_draft",
    "lead_reply",
    "newest_activity",
    "send_email",
]

MAX_CONTENT_LENGTH: Final = 30_000
"""The most characters a draft's `content` (and, here, an email's `message`) may hold."""
MAX_DRAFTS_PER_CONVERSATION: Final = 10
CHANNELS: Final = ("email", "linkedin", "whatsapp", "sms")

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DRAFT_FIELDS: Final = frozenset(
    {"channel", "content", "subject", "cc", "attachments", "replyToActivityId", "sourceMetadata"}
)
_EMAIL_REQUIRED: Final = (
    "sendUserId",
    "sendUserEmail",
    "sendUserMailboxId",
    "contactId",
    "leadId",
    "subject",
    "message",
)
_EMAIL_FIELDS: Final = frozenset({*_EMAIL_REQUIRED, "cc"})

NewId = Callable[[str], str]
"""Makes a fresh id with the given prefix (`act_`, `drf_`, or '' for a Message-ID's left part)."""


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft `POST /inbox/{contactId}/drafts` created, kept in `FakeLemlist.drafts`."""

    draft_id: str
    contact_id: str
    owner_id: str
    """The `usr_` id of the owner, whether `draftOwner` named it by id or by email."""
    draft_owner: str
    """`draftOwner` exactly as the request gave it."""
    channel: str
    content: str
    subject: str | None
    reply_to_activity_id: str | None
    payload: Mapping[str, Any]
    """The JSON body as received."""


def create_draft(
    conversations: Conversations,
    drafts: list[StoredDraft],
    new_id: NewId,
    contact_id: str,
    query: Mapping[str, str],
    body: bytes,
) -> Answer:
    """`POST /api/inbox/{contactId}/drafts?draftOwner=`: store a draft, answer its id."""
    if not CONTACT_ID.fullmatch(contact_id):
        return text_answer(400, "Invalid contactId")
    owner = query.get("draftOwner", "").strip()
    if not owner:
        return text_answer(400, "draftOwner is required")
    payload = _json_object(body, _DRAFT_FIELDS)
    if isinstance(payload, Answer):
        return payload
    channel = payload.get("channel")
    if channel is None:
        return text_answer(400, "channel is required")
    if channel not in CHANNELS:
        return text_answer(400, f"channel must be one of {', '.join(CHANNELS)}")
    problem = (
        _content_problem(payload, "content")
        or _optional(payload, "subject", str, "a string")
        or _optional(payload, "replyToActivityId", str, "a string")
        or _optional(payload, "sourceMetadata", dict, "an object")
        or _optional(payload, "attachments", list, "an array")
        or _cc_problem(payload)
    )
    if problem:
        return text_answer(400, problem)
    if any(not isinstance(item, dict) for item in payload.get("attachments") or []):
        return text_answer(400, "attachments must be an array of objects")
    if contact_id not in conversations:
        return text_answer(404, CONTACT_NOT_FOUND)
    owner_id = _team_user(conversations[contact_id], owner)
    if owner_id is None:
        return text_answer(400, "draftOwner must be a user of your team")
    reply_to = payload.get("replyToActivityId")
    messages = conversations[contact_id]
    if reply_to is not None and not any(m.get("_id") == reply_to for m in messages):
        return text_answer(400, "replyToActivityId is not a message of this conversation")
    if sum(d.contact_id == contact_id for d in drafts) >= MAX_DRAFTS_PER_CONVERSATION:
        return text_answer(
            400, f"A conversation can hold at most {MAX_DRAFTS_PER_CONVERSATION} drafts"
        )
    draft = StoredDraft(
        draft_id=new_id("drf_"),
        contact_id=contact_id,
        owner_id=owner_id,
        draft_owner=owner,
        channel=channel,
        content=payload["content"],
        subject=payload.get("subject"),
        reply_to_activity_id=reply_to,
        payload=payload,
    )
    drafts.append(draft)
    return json_answer({"draftId": draft.draft_id})


@dataclass(frozen=True, slots=True)
class SentEmail:
    """An email `POST /inbox/email` sent, kept in `FakeLemlist.sent`."""

    activity_id: str
    """The `_id` of the `emailsSent` activity it added to the conversation."""
    contact_id: str
    send_user_id: str
    send_user_email: str
    send_user_mailbox_id: str
    lead_id: str
    subject: str
    message: str
    cc: tuple[str, ...]
    payload: Mapping[str, Any]
    """The JSON body as received."""


def send_email(
    conversations: Conversations,
    sent: list[SentEmail],
    new_id: NewId,
    clock: Callable[[], float],
    body: bytes,
) -> Answer:
    """`POST /api/inbox/email`: send an email, i.e. record it and add it to the conversation.

    `clock` gives the wall-clock seconds of its `createdAt`.
    """
    payload = _json_object(body, _EMAIL_FIELDS)
    if isinstance(payload, Answer):
        return payload
    for name in _EMAIL_REQUIRED:
        value = payload.get(name)
        if name == "message":
            continue  # said more precisely below
        if not isinstance(value, str) or (name != "subject" and not value.strip()):
            return text_answer(400, f"{name} is required")
    problem = _content_problem(payload, "message") or _cc_problem(payload)
    if problem:
        return text_answer(400, problem)
    contact_id = payload["contactId"]
    if not CONTACT_ID.fullmatch(contact_id):
        return text_answer(400, "Invalid contactId")
    if contact_id not in conversations:
        return text_answer(404, CONTACT_NOT_FOUND)
    messages = conversations[contact_id]
    user = _members(messages).get(payload["sendUserId"])
    if user is None:
        return text_answer(400, "sendUserId must be a user of your team")
    if payload["sendUserEmail"].strip().lower() != user.email.lower():
        return text_answer(400, "sendUserEmail is not the sending address of sendUserId")
    if payload["sendUserMailboxId"] not in user.mailboxes:
        return text_answer(400, "sendUserMailboxId is not a mailbox of sendUserId")
    lead_id = payload["leadId"]
    leads = [m for m in messages if m.get("leadId") == lead_id]
    if not leads:
        return text_answer(400, "leadId is not a lead of this contact")
    lead_email = next(
        (m["leadEmail"] for m in leads if isinstance(m.get("leadEmail"), str)),
        contact_record(contact_id, messages)["email"],
    )
    activity_id = new_id("act_")
    activity: dict[str, Any] = {
        "_id": activity_id,
        "type": "emailsSent",
        "messageId": f"<{new_id('')}@mail.lemlist.fake>",
        "createdAt": iso_date(clock()),
        "teamId": DEMO_TEAM_ID,
        "leadId": lead_id,
        "campaignId": None,
        "sequenceId": None,
        "sequenceStep": None,
        "sendUserId": user.user_id,
        "sendUserName": user.name,
        "sendUserEmail": payload["sendUserEmail"],
        "sendUserMailboxId": payload["sendUserMailboxId"],
        "leadEmail": lead_email,
        "contactId": contact_id,
        "message": payload["message"],
        "subject": payload["subject"],
        "attachments": [],
    }
    messages.insert(0, activity)
    sent.append(
        SentEmail(
            activity_id=activity_id,
            contact_id=contact_id,
            send_user_id=user.user_id,
            send_user_email=payload["sendUserEmail"],
            send_user_mailbox_id=payload["sendUserMailboxId"],
            lead_id=lead_id,
            subject=payload["subject"],
            message=payload["message"],
            cc=tuple(payload.get("cc") or ()),
            payload=payload,
        )
    )
    return json_answer({"ok": True})


def lead_reply(
    conversations: Conversations,
    new_id: NewId,
    contact_id: str,
    text: str,
    *,
    subject: str | None,
    channel: Literal["email", "linkedin"],
    at: float,
) -> dict[str, Any]:
    """The lead's reply to a conversation, sent at `at` (epoch seconds): an `emailsReplied` (or
    `linkedinReplied`) activity for the lead and sender of the conversation's messages."""
    messages = conversations[contact_id]
    lead = next((m for m in messages if m.get("leadId")), {})
    email = channel == "email"
    return {
        "_id": new_id("act_"),
        "type": "emailsReplied" if email else "linkedinReplied",
        "messageId": f"<{new_id('')}@mail.gmail.fake>" if email else None,
        "createdAt": iso_date(at),
        "fromEmail": lead.get("leadEmail") or contact_record(contact_id, messages)["email"],
        "teamId": DEMO_TEAM_ID,
        "leadId": lead.get("leadId"),
        "campaignId": lead.get("campaignId"),
        "sequenceId": lead.get("sequenceId"),
        "sequenceStep": lead.get("sequenceStep"),
        "sendUserId": lead.get("sendUserId"),
        "sendUserName": lead.get("sendUserName"),
        "sendUserEmail": lead.get("sendUserEmail"),
        "sendUserMailboxId": lead.get("sendUserMailboxId"),
        "leadEmail": lead.get("leadEmail"),
        "contactId": contact_id,
        "message": f"<p>{_escape(text)}</p>" if email else text,
        "subject": subject if subject is not None else _reply_subject(messages, email),
        "attachments": [],
    }


def newest_activity(conversations: Conversations) -> float:
    """The epoch seconds of the newest dated activity of any conversation (0.0 if none)."""
    return max(
        (
            parsed.timestamp()
            for messages in conversations.values()
            for m in messages
            if (parsed := _parse_iso(m.get("createdAt"))) is not None
        ),
        default=0.0,
    )


@dataclass(slots=True)
class _Member:
    """A user who can write in a conversation, with every mailbox seen sending for them."""

    user_id: str
    name: str = ""
    email: str = ""
    mailboxes: set[str] = field(default_factory=set)


def _members(messages: list[dict[str, Any]]) -> dict[str, _Member]:
    """The team's users who can write in this conversation, by `usr_` id.

    The demo team, plus whoever sent a message of the conversation (a sender is a user of
    the team by definition), each with every mailbox they were seen sending from.
    """
    members: dict[str, _Member] = {}
    for item in (*team_senders(), *messages):
        user_id = item.get("sendUserId")
        if not isinstance(user_id, str) or not USER_ID.fullmatch(user_id):
            continue
        member = members.setdefault(user_id, _Member(user_id))
        name, email, mailbox = (
            item.get("sendUserName"),
            item.get("sendUserEmail"),
            item.get("sendUserMailboxId"),
        )
        if isinstance(name, str) and not member.name:
            member.name = name
        if isinstance(email, str) and not member.email:
            member.email = email
        if isinstance(mailbox, str) and mailbox:
            member.mailboxes.add(mailbox)
    return members


def _team_user(messages: list[dict[str, Any]], owner: str) -> str | None:
    """The `usr_` id `owner` names (an id, or a user's email in any case), if in the team."""
    members = _members(messages)
    if owner in members:
        return owner
    wanted = owner.lower()
    return next((m.user_id for m in members.values() if m.email.lower() == wanted), None)


def _json_object(body: bytes, known: frozenset[str]) -> dict[str, Any] | Answer:
    """The request body as a JSON object with only `known` fields, or the 400 refusing it."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return text_answer(400, "Invalid JSON body")
    if not isinstance(payload, dict):
        return text_answer(400, "The body must be a JSON object")
    unknown = sorted(set(payload) - known)
    if unknown:
        return text_answer(400, f"Unknown field(s): {', '.join(unknown)}")
    return payload


def _content_problem(payload: Mapping[str, Any], name: str) -> str | None:
    value = payload.get(name)
    if value is None:
        return f"{name} is required"
    if not isinstance(value, str):
        return f"{name} must be a string"
    if not value.strip():
        return f"{name} must not be empty"
    if js_length(value) > MAX_CONTENT_LENGTH:
        return f"{name} is too long (30KB maximum)"
    return None


def _optional(payload: Mapping[str, Any], name: str, kind: type, what: str) -> str | None:
    value = payload.get(name)
    if value is not None and not isinstance(value, kind):
        return f"{name} must be {what}"
    return None


def _cc_problem(payload: Mapping[str, Any]) -> str | None:
    cc = payload.get("cc")
    if cc is None:
        return None
    if not isinstance(cc, list) or not all(
        isinstance(address, str) and _EMAIL.fullmatch(address) for address in cc
    ):
        return "cc must be an array of email addresses"
    return None


def _parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _reply_subject(messages: list[dict[str, Any]], email: bool) -> str | None:
    """`Re:` and the newest email subject of the conversation (None off email)."""
    if not email:
        return None
    for message in messages:
        subject = message.get("subject")
        if str(message.get("type", "")).startswith("email") and isinstance(subject, str):
            return subject if subject.lower().startswith("re:") else f"Re: {subject}"
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
