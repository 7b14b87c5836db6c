"""A reply to a message, from what the user typed to the request bodies lemlist takes. No I/O.

`build_reply` takes the answered `Message` and the Markdown the user wrote and returns a
`Reply`: the channel, From (the mailbox and its owner), To (the lead), the subject, the HTML to
send and its size, and why a draft or a send would be refused, in words a user can act on.
`draft_request` and `send_request` build the two write routes' bodies exactly as lemlist's
write doc gives them, and refuse to build what would be refused.

Writing Markdown, sending HTML: `markdown-it-py` in CommonMark mode with tables, strikethrough
and bare links turned into links. Raw HTML in what was typed is shown as text, never passed
through (so a pasted `<script>` reaches the lead as those characters). A line break typed is a
line break sent, as in every mail editor (CommonMark would join the lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from markdown_it import MarkdownIt

from lemtui.lemlist.messages import Channel, Message
from lemtui.mail.render import render_body
from lemtui.text import clean_line

__all__ = [
    "ANSWERABLE_CHANNELS",
    "MAX_CONTENT_LENGTH",
    "NO_USER_ID",
    "DraftRequest",
    "Reply",
    "ReplyRefusedError",
    "build_reply",
    "content_length",
    "draft_request",
    "markdown_to_html",
    "preview_text",
    "reply_refusal",
    "reply_subject",
    "send_request",
]

MAX_CONTENT_LENGTH: Final = 30_000
"""The most characters lemlist takes in a draft's content ("30KB" in its words)."""
ANSWERABLE_CHANNELS: Final = frozenset(
    {Channel.EMAIL, Channel.LINKEDIN, Channel.WHATSAPP, Channel.SMS}
)
"""The channels lemlist's drafts route takes; only email can also be sent from lemtui."""
NO_USER_ID: Final = (
    "Replying needs your lemlist user ID (drafts are saved in your name): "
    "pass --user-id, set LEMLIST_USER_ID, or put user_id in the config file"
)
_CHANNEL_NAMES: Final = {
    Channel.EMAIL: "email",
    Channel.LINKEDIN: "LinkedIn",
    Channel.WHATSAPP: "WhatsApp",
    Channel.SMS: "SMS",
    Channel.CALL: "call",
    Channel.OTHER: "other",
}
# Activities that record something happening rather than a message someone read.
_EVENTS: Final = ("opened", "clicked", "unsubscribed", "visit")
_UNDELIVERED: Final = ("bounced", "failed")
# Reply markers mail clients put before a subject, in the languages lemlist's users write in
# (Re, German AW, Nordic SV/VS, Dutch Antw, Polish Odp, Turkish YNT, Italian RIF, Chinese),
# with an optional counter (Re[2]:, Re(2):, Re^2:) and French spacing (Re :). Not "Réf.", which
# means "reference" ("Réf. : commande 1234"): dropping it would drop the lead's words.
_REPLY_PREFIX: Final = re.compile(
    r"(?:re|aw|sv|vs|antw|odp|ynt|rif|回复|回覆|答复)\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*",
    re.IGNORECASE,
)
# C0 controls but tab and newline, DEL and C1: never meant in an email (a pasted escape code).
_CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ReplyRefusedError(Exception):
    """A request body was asked for a reply that lemlist (or lemtui) would refuse; the message
    is the reason, for the user."""


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """`POST /inbox/{contact_id}/drafts?draftOwner=…`: the path's contact, query and JSON body."""

    contact_id: str
    params: dict[str, str]
    json: dict[str, str]


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply ready for review: where it goes, what it says, and whether it may be written."""

    channel: Channel
    contact_id: str
    reply_to_id: str
    """The answered message's `_id` ('' when it had none)."""
    owner: str
    """The `draftOwner` (the user's ID), '' when none is configured."""
    sender_user_id: str
    sender_name: str
    sender_email: str
    mailbox_id: str
    lead_id: str
    lead_email: str
    lead_name: str
    subject: str
    """`Re: …` for email, '' for the other channels (they have no subject)."""
    markdown: str
    html: str
    refusal: str | None = None
    """Why no reply at all can be made (the answered message's kind, its contact)."""

    @property
    def size(self) -> int:
        """The HTML's length as lemlist counts it (JavaScript: UTF-16 code units)."""
        return content_length(self.html)

    @property
    def size_label(self) -> str:
        """`1,234 / 30,000 characters`."""
        return f"{self.size:,} / {MAX_CONTENT_LENGTH:,} characters"

    @property
    def channel_label(self) -> str:
        """The channel as people name it: email, LinkedIn, WhatsApp, SMS."""
        return _CHANNEL_NAMES[self.channel]

    @property
    def from_label(self) -> str:
        """Who it goes out as, terminal-safe: `Name <address>` for email, else the name."""
        if self.channel is Channel.EMAIL:
            return clean_line(_person(self.sender_name, self.sender_email)) or "(unknown mailbox)"
        return clean_line(self.sender_name or self.sender_email) or "(unknown sender)"

    @property
    def to_label(self) -> str:
        """Who it is for (the lead), terminal-safe."""
        return clean_line(_person(self.lead_name, self.lead_email)) or "(unknown lead)"

    @property
    def draft_refusal(self) -> str | None:
        """Why saving it as a lemlist draft would be refused; None when it may be."""
        return self.refusal or _no_owner(self) or _content_refusal(self)

    @property
    def send_refusal(self) -> str | None:
        """Why sending it would be refused; None when it may be sent."""
        if self.refusal:
            return self.refusal
        if self.channel is not Channel.EMAIL:
            return (
                f"Only email can be sent from lemtui: save this {self.channel_label} reply as "
                "a lemlist draft and send it from lemlist"
            )
        missing = [
            name
            for name, value in (
                ("the sending user (sendUserId)", self.sender_user_id),
                ("the sending address (sendUserEmail)", self.sender_email),
                ("the mailbox (sendUserMailboxId)", self.mailbox_id),
                ("the lead (leadId)", self.lead_id),
            )
            if not value
        ]
        if missing:
            return (
                f"Cannot send: the answered message does not say {_and(missing)}; "
                "it can still be saved as a lemlist draft"
            )
        return _content_refusal(self)


def reply_refusal(message: Message, *, user_id: str | None, contact_id: str) -> str | None:
    """Why `R` cannot start a reply to `message` in `contact_id`'s conversation; None if it can.

    Checked before the editor opens, so nobody writes a reply that can go nowhere.
    """
    return _message_refusal(message, contact_id) or (None if _clean_id(user_id) else NO_USER_ID)


def build_reply(
    message: Message,
    markdown: str,
    *,
    user_id: str | None,
    contact_id: str,
    lead_name: str = "",
) -> Reply:
    """The reply to `message` (in `contact_id`'s conversation) that `markdown` makes.

    Never raises: what cannot be written is said by `draft_refusal` and `send_refusal`.
    """
    channel = message.channel
    return Reply(
        channel=channel,
        contact_id=message.contact_id.strip() or contact_id,
        reply_to_id=message.id.strip(),
        owner=_clean_id(user_id),
        sender_user_id=message.sender_user_id.strip(),
        sender_name=message.sender_name,
        sender_email=message.sender_email.strip(),
        mailbox_id=message.sender_mailbox_id.strip(),
        lead_id=message.lead_id.strip(),
        lead_email=message.lead_email.strip(),
        lead_name=lead_name,
        subject=reply_subject(message.subject) if channel is Channel.EMAIL else "",
        markdown=markdown,
        html=markdown_to_html(markdown),
        refusal=_message_refusal(message, contact_id),
    )


def draft_request(reply: Reply) -> DraftRequest:
    """The drafts route's request for this reply; ReplyRefusedError if it would be refused."""
    reason = reply.draft_refusal
    if reason:
        raise ReplyRefusedError(reason)
    body = {"channel": reply.channel.value, "content": reply.html}
    if reply.channel is Channel.EMAIL:
        body["subject"] = reply.subject
    if reply.reply_to_id:
        body["replyToActivityId"] = reply.reply_to_id
    return DraftRequest(reply.contact_id, {"draftOwner": reply.owner}, body)


def send_request(reply: Reply) -> dict[str, str]:
    """`POST /inbox/email`'s body for this reply; ReplyRefusedError if it would be refused."""
    reason = reply.send_refusal
    if reason:
        raise ReplyRefusedError(reason)
    return {
        "sendUserId": reply.sender_user_id,
        "sendUserEmail": reply.sender_email,
        "sendUserMailboxId": reply.mailbox_id,
        "contactId": reply.contact_id,
        "leadId": reply.lead_id,
        "subject": reply.subject,
        "message": reply.html,
    }


def reply_subject(subject: str) -> str:
    """`Re: ` and the subject, with any reply markers it already had removed (RFC 5322 §3.6.5:
    one "Re: ", never `Re: RE: AW:`), on one line and without control characters."""
    text = " ".join(_CONTROLS.sub("", subject).split())
    while match := _REPLY_PREFIX.match(text):
        text = text[match.end() :]
    return f"Re: {text}" if text else "Re:"


def markdown_to_html(text: str) -> str:
    """What the user wrote (Markdown) as the HTML lemlist sends; raw HTML is escaped."""
    source = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    html: str = _markdown().render(source)  # typed Any: the renderer is pluggable
    return html


def content_length(html: str) -> int:
    """A string's length as lemlist's JavaScript counts it: UTF-16 code units (😀 is 2)."""
    return len(html.encode("utf-16-le", "surrogatepass")) // 2


def preview_text(reply: Reply) -> str:
    """The HTML as the lead will read it, as terminal-safe plain text for the review screen."""
    return render_body(reply.html, is_html=True).text


@cache
def _markdown() -> MarkdownIt:
    options = {"html": False, "breaks": True, "linkify": True, "typographer": False}
    return MarkdownIt("commonmark", options).enable(["linkify", "table", "strikethrough"])


def _message_refusal(message: Message, contact_id: str) -> str | None:
    kind = clean_line(message.type)[:60] or "unknown"
    if message.channel not in ANSWERABLE_CHANNELS:
        return (
            f"A {_CHANNEL_NAMES[message.channel]} activity ({kind}) cannot be answered: "
            "lemlist takes replies by email, LinkedIn, WhatsApp and SMS"
        )
    lowered = message.type.lower()
    if any(marker in lowered for marker in _UNDELIVERED):
        return f"This message was not delivered ({kind}): reply to one the lead received"
    if any(marker in lowered for marker in _EVENTS):
        return f"This is an event ({kind}), not a message: reply to a message of the conversation"
    if not contact_id.strip() and not message.contact_id.strip():
        return "Cannot reply: the conversation's contact ID is unknown"
    own = message.contact_id.strip()
    if own and contact_id.strip() and own != contact_id.strip():
        return (
            f"Cannot reply: this message belongs to contact {clean_line(own)[:40]}, "
            f"not to this conversation ({clean_line(contact_id)[:40]})"
        )
    return None


def _no_owner(reply: Reply) -> str | None:
    return None if reply.owner else NO_USER_ID


def _content_refusal(reply: Reply) -> str | None:
    if not reply.markdown.strip() or not reply.html.strip():
        return "The reply is empty: there is nothing to save or send"
    size = reply.size
    if size > MAX_CONTENT_LENGTH:
        return (
            f"The reply is too long: {size:,} characters once turned into HTML, and lemlist "
            f"takes at most {MAX_CONTENT_LENGTH:,} (shorten it by {size - MAX_CONTENT_LENGTH:,})"
        )
    return None


def _clean_id(value: str | None) -> str:
    return (value or "").strip()


def _person(name: str, email: str) -> str:
    if name and email:
        return f"{name} <{email}>"
    return name or email


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
