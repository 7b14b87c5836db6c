"""One message as the reader shows it: the detail pane's header block and body, as `Text`.

The body comes from the renderer (`lemtui.mail.render`), whose every string has already passed
`lemtui.text.clean_text`; here it is laid out for the pane: inline quotes behind a bar, folded
history as one line, the links of what is shown, attachments and notes, search hits
highlighted. Other strings (header fields, events) are cleaned here. Nothing reaches a markup
parser. For scripts and files (`--print`, copy, export) the same message is written by
`lemtui.mail.formats`; list rows are `lemtui.tui.rows`. No Textual import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

from rich.style import Style
from rich.text import Text

from lemtui.lemlist.messages import Attachment, Channel, Direction, Message
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.rows import sender_label

if TYPE_CHECKING:  # the renderer (html2text, its patterns) loads when a body is first shown
    from lemtui.mail.render import RenderedBody

__all__ = [
    "HANGING_LABEL",
    "HANGING_WARNING",
    "PREFIX_KINDS",
    "QUOTE_BAR",
    "body_text",
    "channel_label",
    "event_line",
    "full_when",
    "header_text",
    "highlight",
    "lead_label",
]

QUOTE_BAR: Final = Style(dim=True, meta={"lemtui": "quote-bar"})
"""The style of the bar before a quoted line: `document_view.wrap_text` draws it again before
each line the quoted line wraps onto."""
HANGING_LABEL: Final = Style(bold=True, meta={"lemtui": "hanging"})
"""A header's label ("To:"): the lines its value wraps onto are indented under the value."""
HANGING_WARNING: Final = Style(bold=True, color="yellow", meta={"lemtui": "hanging"})
"""A link warning's opening ("    ⚠ "): its wrapped lines stay indented under the words."""
PREFIX_KINDS: Final = frozenset({"quote-bar", "hanging"})
"""The `meta` marks of the prefixes `wrap_text` keeps on wrapped lines."""

_CHANNEL_NAMES: Final[Mapping[Channel, str]] = {
    Channel.EMAIL: "Email",
    Channel.LINKEDIN: "LinkedIn",
    Channel.WHATSAPP: "WhatsApp",
    Channel.SMS: "SMS",
    Channel.CALL: "Call",
    Channel.OTHER: "Other",
}


def full_when(moment: datetime | None) -> str:
    """The full local date and time with the time zone, for the detail pane: "Fri 26 Jun
    2026 04:36 UTC", or with the offset when the zone's name does not say it ("06:36 CEST,
    UTC+02:00")."""
    if moment is None:
        return "unknown"
    local = moment.astimezone()
    when = local.strftime("%a %d %b %Y %H:%M")
    offset = local.utcoffset()
    zone = local.tzname() or ""
    if offset is not None and not offset and zone in ("UTC", "GMT", ""):
        return f"{when} UTC"
    hours = local.strftime("%z")
    utc = f"UTC{hours[:3]}:{hours[3:]}" if len(hours) == 5 else ""
    if not zone or zone == utc or zone.startswith(("+", "-")):
        return f"{when} {utc}".rstrip()
    return f"{when} {zone}, {utc}".rstrip(", ")


def _readable_type(kind: str) -> str:
    """An activity type in words: its meaning when known, else its camelCase split."""
    from lemtui.lemlist.messages import event_meaning

    meaning = event_meaning(kind)
    if meaning:
        return meaning
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in clean_line(kind)[:40])
    return words.strip()


def channel_label(message: Message) -> str:
    """The channel and what happened in words, the channel said once: `Email · replied`,
    `LinkedIn · invitation sent`."""
    channel = _CHANNEL_NAMES[message.channel]
    what = _readable_type(message.type)
    for said in (f" by {channel}", f" on {channel}", f"{channel} "):
        what = re.sub(re.escape(said), "", what, flags=re.IGNORECASE).strip()
    return f"{channel} {glyphs().dot} {what}" if what else channel


def header_text(message: Message, campaign_name: str = "", lead_name: str = "") -> Text:
    """The detail pane's header block: From, To, Date, Subject, Channel, Campaign, Attachments
    (`campaign_name`: the campaign's name from `GET /campaigns`, when the message has none;
    `lead_name`: the lead's name, from the inbox or the messages, put before the lead's own
    address, which is all a message from them carries)."""
    received = message.direction is Direction.RECEIVED
    rows: list[tuple[str, str]] = [
        ("From", _named(message.from_address, message, lead_name, received) or glyphs().dash),
        ("To", _named(message.to_address, message, lead_name, not received) or glyphs().dash),
        ("Date", full_when(message.created_at)),
        ("Subject", clean_line(message.subject) or "(no subject)"),
        ("Channel", channel_label(message)),
    ]
    campaign = (
        clean_line(message.campaign_name)
        or clean_line(campaign_name)
        or clean_line(message.campaign_id)
    )
    step = message.step_label
    if campaign or step:
        rows.append(
            ("Campaign", f" {glyphs().dot} ".join(part for part in (campaign, step) if part))
        )
    if message.attachments:
        names = ", ".join(clean_line(a.name)[:80] or "attachment" for a in message.attachments)
        rows.append(("Attached", names))
    text = Text(end="")
    for index, (label, value) in enumerate(rows):
        if index:
            text.append("\n")
        text.append(f"{label + ':':<10}", style=HANGING_LABEL)
        text.append(value, style="bold" if label == "Subject" else "")
    return text


def event_line(message: Message) -> str:
    """What a body-less activity means, as a sentence ("lead@x.io accepted your LinkedIn
    invitation"), or "" when its type is unknown."""
    meaning = message.event
    if not meaning:
        return ""
    if message.direction is Direction.RECEIVED and meaning[0].islower() and "your " in meaning:
        return f"{sender_label(message)} {meaning}"
    return meaning[0].upper() + meaning[1:]


def _quote_lines(body: str) -> Iterable[str]:
    """A shown quote's lines behind a bar, which stands for their first level of ">"."""
    for line in body.split("\n"):
        if line.startswith(">"):
            line = line[2:] if line.startswith("> ") else line[1:]
        yield line


def body_text(
    rendered: RenderedBody,
    *,
    unfold: bool,
    attachments: Sequence[Attachment] = (),
    event: str = "",
) -> Text:
    """The body as shown: new text, inline quotes behind a dim bar, folded history as one dim
    line, then the links of what is shown ("N more in the folded text"), attachments and notes.

    Built in the render thread. Every string of `rendered` has passed `clean_text` in the
    renderer (its contract, tested with hostile input in tests/unit/test_render_hostile.py),
    so it is laid out here as it is, not cleaned a second time; `event` and the attachments
    come from the message and are cleaned. `event`: what a body-less activity means, shown
    instead of "(no text)".
    """
    text = Text(end="")
    ellipsis = glyphs().ellipsis
    bar = glyphs().quote_bar
    dash = glyphs().dash
    parts = 0
    hidden_links: set[int] = set()
    shown_links: set[int] = set()

    def gap() -> None:
        if parts:
            text.append("\n")

    for block in rendered.blocks:
        if block.folded and not unfold:
            hidden_links.update(block.links)
            what = "quoted" if block.kind == "quote" else "signature"
            noun = "line" if block.line_count == 1 else "lines"
            gap()
            text.append(
                f"{ellipsis} {block.line_count} {what} {noun} {dash} press z to unfold\n",
                style="dim italic",
            )
            parts += 1
            continue
        body = block.text.strip("\n")
        if not body:
            continue
        shown_links.update(block.links)
        gap()
        style = (
            "dim" if block.kind != "text" and (block.folded or block.kind == "signature") else ""
        )
        if block.kind in ("quote", "whole-quote"):  # a reply that only quotes: still a quote
            for line in _quote_lines(body):
                text.append(bar, style=QUOTE_BAR)  # drawn again on each line it wraps onto
                text.append(line + "\n", style=style)
        else:
            text.append(body + "\n", style=style)
        parts += 1
    if not parts:
        if event:
            text.append(clean_line(event) + "\n", style="italic")
        else:
            text.append("(no text)\n", style="dim italic")
        parts += 1
    only_folded = hidden_links - shown_links
    listed = [link for link in rendered.links if link.number not in only_folded]
    if listed or only_folded:
        text.append("\nLinks\n", style="bold")
    for link in listed:
        text.append(f"[{link.number}] ", style="dim")
        url = link.url
        # A terminal hyperlink (OSC 8) where the terminal supports it, for http(s) only;
        # the URL is cleaned, so nothing in it can end the escape sequence early. Never for
        # a warned link: a click would skip the confirmation the link prompt asks for.
        is_web = url.lower().startswith(("https://", "http://")) and " " not in url
        clickable = is_web and not link.warning
        text.append(url, style=Style(link=url) if clickable else "")
        label = link.text
        if label and label != url:
            text.append(f"  {label[:80]}", style="dim")
        text.append("\n")
        if link.warning:
            text.append(f"    {glyphs().warn} ", style=HANGING_WARNING)
            text.append(f"{link.warning}\n", style="bold yellow")
    if only_folded:
        n = len(only_folded)
        what = "more" if listed else ("link" if n == 1 else "links")
        text.append(f"{n} {what} in the folded text {dash} press z to unfold\n", style="dim italic")
    if attachments:
        text.append("\nAttachments\n", style="bold")
        for attachment in attachments:
            text.append(f"{attachment.label}\n")
    extras: list[str] = []
    notes = [note for note in rendered.notes if note]
    if rendered.blocked_images and not any("image" in note.lower() for note in notes):
        count = rendered.blocked_images
        extras.append(f"{count} remote image{'s' if count != 1 else ''} blocked")
    extras.extend(notes)
    if extras:
        text.append("\n")
        for extra in extras:
            text.append(extra + "\n", style="dim")
    text.rstrip()
    return text


_PLAIN_SPACES: Final = Style(reverse=False)
"""Spaces after a hit, set apart from the text after them (they look as they did)."""


def highlight(text: Text, spans: Iterable[tuple[int, int]]) -> Text:
    """`text` with the given (start, end) spans shown as search hits (in place; returned).

    The spaces right after a hit are a run of their own, so that an SVG screenshot, which
    drops the spaces a run starts with, does not glue the next word to the hit (`Lyonhub`).
    """
    plain = text.plain
    for start, end in spans:
        text.stylize("reverse bold", start, end)
        after = end
        while after < len(plain) and plain[after] == " ":
            after += 1
        if after > end:
            text.stylize(_PLAIN_SPACES, end, after)
    return text


def _named(address: str, message: Message, lead_name: str, leads_side: bool) -> str:
    """`address` (cleaned), as `Name <address>` when it is the lead's side of the message and
    their bare address (a colleague of theirs writing from another address keeps their own)."""
    address = clean_line(address)
    name = clean_line(lead_name)[:60]
    lead = clean_line(message.lead_email).casefold()
    if (
        leads_side
        and name
        and address
        and "<" not in address
        and (not lead or address.casefold() == lead)
    ):
        return f"{name} <{address}>"
    return address


def lead_name(messages: Sequence[Message], name: str = "") -> str:
    """The lead's name: `name` when given (the inbox's), else the first messages' lead fields."""
    for message in messages[:20]:
        if name:
            break
        raw = message.raw
        first, last = raw.get("leadFirstName"), raw.get("leadLastName")
        if isinstance(first, str | None) and isinstance(last, str | None):
            name = " ".join(part for part in (first, last) if part)
    return clean_line(name)[:60]


def lead_label(messages: Sequence[Message], *, name: str = "", email: str = "") -> str:
    """The lead as `Name <email>` (or whichever is known): `name` and `email` when given (the
    inbox's `contact.fullName`), else from the first messages' lead fields."""
    for message in messages[:20]:
        if email:
            break
        email = message.lead_email or (
            message.from_email if message.direction is Direction.RECEIVED else ""
        )
    email, name = clean_line(email)[:80], lead_name(messages, name)
    if name and email:
        return f"{name} <{email}>"
    return name or email
