"""A contact's conversation, built leniently from the lemlist inbox JSON. No I/O, no UI.

The service's payloads are not what its OpenAPI schema says (the examples are the truth), and
other channels arrive with fields missing, null or of another type. Every builder here accepts
anything and never raises (`lemtui.lemlist.fields`): a message with nothing usable still
becomes a `Message`, so that it gets a row and nothing the service sent is silently dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from lemtui.lemlist.fields import (
    Pagination,
    as_field,
    as_int,
    as_list,
    as_mapping,
    as_text,
    first_of,
    frozen_view,
    interned,
    parse_timestamp,
)
from lemtui.lemlist.limits import MAX_MESSAGES_PER_CONVERSATION, MAX_PAGES_PER_CONVERSATION
from lemtui.text import clean_line

__all__ = [
    "MAX_MESSAGES_PER_CONVERSATION",
    "MAX_PAGES_PER_CONVERSATION",
    "Attachment",
    "Channel",
    "Direction",
    "Message",
    "Page",
    "channel_of",
    "dedupe",
    "dedupe_by",
    "direction_of",
    "event_meaning",
    "looks_like_html",
    "message_key",
]


class Channel(StrEnum):
    """The medium a message travelled on, derived from its `type`."""

    EMAIL = "email"
    LINKEDIN = "linkedin"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    CALL = "call"
    OTHER = "other"


class Direction(StrEnum):
    """Who wrote the message: us (a campaign step or a user) or the lead."""

    SENT = "sent"
    RECEIVED = "received"
    UNKNOWN = "unknown"


# Prefixes of the activity types the service uses, longest first where they overlap.
_CHANNEL_PREFIXES: tuple[tuple[str, Channel], ...] = (
    ("email", Channel.EMAIL),
    ("linkedin", Channel.LINKEDIN),
    ("whatsapp", Channel.WHATSAPP),
    ("sms", Channel.SMS),
    ("call", Channel.CALL),
    ("aircall", Channel.CALL),
    ("phone", Channel.CALL),
)

# Checked in this order: `linkedinInviteAccepted` is the lead's doing, `linkedinInviteDone` ours.
_RECEIVED_MARKERS = (
    "replied",
    "received",
    "accepted",
    "interested",
    "opened",
    "clicked",
    "unsubscribed",
    "inbound",
    "incoming",
)
_SENT_MARKERS = ("sent", "done", "outbound", "outgoing", "note", "invite", "voicenote", "failed")

# Real tags mail clients emit (or an entity): plain LinkedIn text like "a <b" or "<angle
# brackets>" must not be taken for HTML and lose its words to the parser.
_HTML_TAGS = (
    "a|abbr|b|big|blockquote|body|br|center|code|col|colgroup|dd|del|div|dl|dt|em|font|h[1-6]|"
    "head|hr|html|i|img|ins|li|link|meta|o:p|ol|p|pre|s|section|small|span|strike|strong|style|"
    "sub|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul|wbr|!doctype|!--"
)
_HTML_TAG = re.compile(rf"<(?:/?(?:{_HTML_TAGS})(?=[\s/>])|!--)", re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def channel_of(kind: str) -> Channel:
    """The channel an activity type belongs to (`linkedinReplied` → LinkedIn)."""
    lowered = kind.lower()
    for prefix, channel in _CHANNEL_PREFIXES:
        if lowered.startswith(prefix):
            return channel
    return Channel.OTHER


def direction_of(kind: str) -> Direction:
    """Whether an activity type is ours or the lead's (`emailsReplied` → received)."""
    lowered = kind.lower()
    if any(marker in lowered for marker in _RECEIVED_MARKERS):
        return Direction.RECEIVED
    if any(marker in lowered for marker in _SENT_MARKERS):
        return Direction.SENT
    return Direction.UNKNOWN


def looks_like_html(text: str) -> bool:
    """True when a body has tags or entities, so it should go through the HTML converter.

    LinkedIn notes and SMS are plain text: running them through an HTML parser would eat
    `<` and `&`. An entity with no tag counts only when the text has no `<` at all: a note
    that writes "&amp;" beside "<angle brackets>" is plain text, and shows its brackets
    (an entity left as typed is better than words the parser hides).
    """
    head = text[:20_000]
    if _HTML_TAG.search(head):
        return True
    return "<" not in head and bool(_HTML_ENTITY.search(head))


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that came with a message: its name, size in bytes (None: unknown) and MIME type.

    The service does not document the shape, so every field is read leniently.
    """

    name: str
    size: int | None = None
    type: str = ""

    @property
    def size_label(self) -> str:
        """The size as people read it ("48 KB"), or "" when unknown."""
        if self.size is None:
            return ""
        size = float(self.size)
        for unit in ("bytes", "KB", "MB", "GB"):
            if size < 1000 or unit == "GB":
                return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
            size /= 1000
        return ""  # pragma: no cover - the loop always returns

    @property
    def label(self) -> str:
        """One line for people: the name (cleaned), then size and type when known."""
        details = ", ".join(part for part in (self.size_label, clean_line(self.type)[:60]) if part)
        name = clean_line(self.name)[:120] or "attachment"
        return f"{name}  ({details})" if details else name


def _attachments(value: Any) -> tuple[Attachment, ...]:
    if isinstance(value, Mapping):
        value = [value]  # one attachment sent as an object
    if not isinstance(value, list):
        return ()
    found: list[Attachment] = []
    for item in value:
        if isinstance(item, str):
            found.append(Attachment(as_field(item) or "attachment"))
        elif isinstance(item, Mapping):
            name = as_field(
                first_of(item, ("name", "filename", "fileName", "originalName", "title"))
            )
            size = as_int(first_of(item, ("size", "fileSize", "filesize", "length", "bytes")))
            kind = as_field(
                first_of(item, ("contentType", "mimeType", "mimetype", "content_type", "type"))
            )
            found.append(
                Attachment(name or "attachment", size if size and size > 0 else None, kind)
            )
    return tuple(found)


# What an activity with no body means, said from the reader's side ("Lead accepted your ...").
_EVENTS: Mapping[str, str] = {
    "linkedininviteaccepted": "accepted your LinkedIn invitation",
    "linkedininvitedone": "LinkedIn invitation sent",
    "linkedinvisitdone": "visited the lead's LinkedIn profile",
    "linkedinvoicenotesent": "LinkedIn voice note sent",
    "linkedinsent": "LinkedIn message sent",
    "linkedinreplied": "replied on LinkedIn",
    "linkedininterested": "marked as interested on LinkedIn",
    "emailsopened": "opened your email",
    "emailsclicked": "clicked a link in your email",
    "emailsunsubscribed": "unsubscribed",
    "emailsbounced": "your email bounced",
    "emailsfailed": "your email could not be sent",
    "emailssent": "email sent",
    "emailsreplied": "replied by email",
    "emailsinterested": "marked as interested",
    "emailsnotinterested": "marked as not interested",
    "whatsappmessagesent": "WhatsApp message sent",
    "whatsappreplied": "replied on WhatsApp",
    "smssent": "SMS sent",
    "smsreplied": "replied by SMS",
    "aircalldone": "call made",
    "calldone": "call made",
    "manualtaskdone": "manual task done",
}
_EVENT_MARKERS: tuple[tuple[str, str], ...] = (
    ("accepted", "accepted your invitation"),
    ("unsubscribed", "unsubscribed"),
    ("opened", "opened your message"),
    ("clicked", "clicked a link in your message"),
    ("bounced", "your message bounced"),
    ("notinterested", "marked as not interested"),
    ("interested", "marked as interested"),
    ("failed", "your message could not be sent"),
)


def event_meaning(kind: str) -> str:
    """What an activity type means in words ("linkedinInviteAccepted" → "accepted your
    LinkedIn invitation"), or "" for an unknown type. Shown for a message with no body."""
    lowered = kind.lower()
    known = _EVENTS.get(lowered)
    if known is not None:
        return known
    return next((meaning for marker, meaning in _EVENT_MARKERS if marker in lowered), "")


@dataclass(frozen=True, slots=True)
class Message:
    """One item of a contact's conversation: an email, a LinkedIn note, a call, anything."""

    id: str
    type: str
    channel: Channel
    direction: Direction
    created_at: datetime | None
    subject: str
    body: str
    body_is_html: bool
    sender_name: str
    sender_email: str
    lead_email: str
    from_email: str
    contact_id: str
    campaign_id: str
    campaign_name: str
    sequence_step: int | None
    attachments: tuple[Attachment, ...]
    raw: Mapping[str, Any] = field(repr=False, compare=False)
    # What a reply needs (lemtui.mail.compose): the sending user and mailbox, and the lead.
    sender_user_id: str = ""
    sender_mailbox_id: str = ""
    lead_id: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Message:
        """Build a message from one item of `data`, whatever its shape."""
        item: Mapping[str, Any] = (
            interned(data if isinstance(data, dict) else dict(data))
            if isinstance(data, Mapping)
            else {}
        )
        kind = as_field(item.get("type")) or "unknown"
        body_value = item.get("message")
        if body_value is None:
            body_value = item.get("body", item.get("text"))
        body = as_text(body_value)
        return cls(
            id=as_text(item.get("_id") or item.get("id")),
            type=kind,
            channel=channel_of(kind),
            direction=direction_of(kind),
            created_at=parse_timestamp(item.get("createdAt") or item.get("sentAt")),
            subject=as_field(item.get("subject")),
            body=body,
            body_is_html=looks_like_html(body),
            sender_name=as_field(item.get("sendUserName")),
            sender_email=as_field(item.get("sendUserEmail")),
            lead_email=as_field(item.get("leadEmail")),
            from_email=as_field(item.get("fromEmail")),
            contact_id=as_text(item.get("contactId")),
            campaign_id=as_field(item.get("campaignId")),
            campaign_name=as_field(item.get("campaignName")),
            sequence_step=as_int(item.get("sequenceStep")),
            attachments=_attachments(item.get("attachments")),
            raw=frozen_view(item),
            sender_user_id=as_text(item.get("sendUserId")),
            sender_mailbox_id=as_text(item.get("sendUserMailboxId")),
            lead_id=as_text(item.get("leadId")),
        )

    @property
    def from_address(self) -> str:
        """Who wrote it, as `Name <email>` or whichever half is known."""
        if self.direction is Direction.RECEIVED:
            return self.from_email or self.lead_email
        return _person(self.sender_name, self.sender_email)

    @property
    def to_address(self) -> str:
        """Who it was for."""
        if self.direction is Direction.RECEIVED:
            return _person(self.sender_name, self.sender_email)
        return self.lead_email

    @property
    def event(self) -> str:
        """What happened, in words, for an activity type the models know ("" otherwise)."""
        return event_meaning(self.type)

    @property
    def step_label(self) -> str:
        """The campaign step as people count them (the service counts from 0), or ''."""
        if self.sequence_step is None:
            return ""
        return f"step {self.sequence_step + 1}"


def _person(name: str, email: str) -> str:
    if name and email:
        return f"{name} <{email}>"
    return name or email


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a conversation: its messages and where it sits in the whole."""

    contact_id: str
    skip: int
    limit: int
    messages: tuple[Message, ...]
    pagination: Pagination

    @property
    def has_more(self) -> bool:
        """Whether another page follows this one.

        An empty page, or one reaching `totalItems`, is the end. Otherwise `nextPage` is the
        service's answer when it is there, even after a short page (the service may send
        fewer than asked, e.g. under a lower cap of its own); without it, the totals; without
        those, a full page means more. A `nextPage` that lies forever is bounded by whoever
        pages: a page that repeats what is loaded ends it, and so do the caps above.
        """
        if len(self.messages) == 0:
            return False
        total = self.pagination.total_items
        if total is not None and self.skip + len(self.messages) >= total:
            return False
        if "nextPage" in _keys(self.pagination_raw):
            return self.pagination.next_page is not None
        if total is not None:
            return self.skip + len(self.messages) < total
        return len(self.messages) >= self.limit

    @property
    def next_skip(self) -> int:
        """The `skip` of the page after this one."""
        return self.skip + len(self.messages)

    pagination_raw: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )

    @classmethod
    def from_json(cls, data: Any, *, contact_id: str, skip: int, limit: int) -> Page:
        """Build a page from the whole response body (already checked to be a JSON object)."""
        body = as_mapping(data)
        pagination = body.get("pagination")
        return cls(
            contact_id=contact_id,
            skip=skip,
            limit=limit,
            messages=tuple(Message.from_json(item) for item in as_list(body.get("data"))),
            pagination=Pagination.from_json(pagination),
            pagination_raw=MappingProxyType(dict(pagination))
            if isinstance(pagination, Mapping)
            else MappingProxyType({}),
        )


def _keys(mapping: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(mapping.keys())


def message_key(message: Message) -> str:
    """What makes a message the same one again: its `_id`, else its whole content.

    A message without an id is known by a digest of everything the service sent for it, so a
    page that repeats id-less messages is recognised as a repeat (two items identical in every
    field, date included, are one message shown twice).
    """
    if message.id:
        return "id:" + message.id
    import hashlib  # here: rare (id-less messages), and ~7 ms at start-up otherwise

    try:
        canonical = json.dumps(dict(message.raw), sort_keys=True, default=repr)
    except (TypeError, ValueError, RecursionError):
        return f"object:{id(message.raw)}"  # cannot be compared: never taken for a repeat
    return (
        "content:"
        + hashlib.blake2b(canonical.encode("utf-8", "replace"), digest_size=16).hexdigest()
    )


T = TypeVar("T")


def dedupe_by(items: Iterable[T], key: Callable[[T], str], seen: set[str]) -> list[T]:
    """The items whose `key` was not in `seen` before this call, updating `seen`.

    A key of an item with an identity (an `_id`) shows once, even inside one page. Items
    known only by their content (keys starting with "content:") that repeat inside one page
    are all kept, as the service sent them; a later page that repeats them adds nothing.
    """
    before = frozenset(seen)
    fresh: list[T] = []
    for item in items:
        item_key = key(item)
        if item_key in before or (item_key in seen and not item_key.startswith("content:")):
            continue
        seen.add(item_key)
        fresh.append(item)
    return fresh


def dedupe(messages: Iterable[Message], seen: set[str]) -> list[Message]:
    """Messages not seen before (by `message_key`), updating `seen`.

    Offset paging over a conversation that grows while we read it shifts items into the next
    page; the same message must show once, whether it has an `_id` or not.
    """
    return dedupe_by(messages, message_key, seen)
