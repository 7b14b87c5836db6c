"""The output formats: messages and conversations written as plain text, Markdown or JSON.

What leaves lemtui as a document, for a script or a file: `--print --format text|markdown|json`
(`FORMATTERS`, keyed by `lemtui.mail.OutputFormat`), the reader's copy (`y`, `Y`) and its
export (`e`). One place for all three, so the same conversation reads the same whichever way it
left. Strings in, a string out: no I/O and no UI.

Guarantees: every field is cleaned (`lemtui.text`); Markdown fences bodies so nothing in a mail
is interpreted by whatever renders the file later; JSON escapes every non-ASCII character so
the data stays exact and no control character reaches a terminal.

Not to be confused with its neighbours: `lemtui.text` cleans one string, `lemtui.tui.message_text`
styles a body for the screen, and `lemtui.tui.export` carries out the reader's copy and export
with these writers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from lemtui.lemlist.messages import Direction, Message
from lemtui.mail import OutputFormat
from lemtui.text import clean_line, clean_text

if TYPE_CHECKING:  # the renderer is loaded by whoever converts bodies, not to format them
    from lemtui.mail.render import Block, QuotesMode, RenderedBody

__all__ = [
    "FORMATTERS",
    "RULE",
    "Formatter",
    "conversation_title",
    "format_conversation_markdown",
    "format_message",
    "format_message_json",
    "format_message_markdown",
    "format_timestamp",
    "md_url",
]

RULE = "-" * 72
"""What separates messages in the text format."""


def format_timestamp(when: datetime | None) -> str:
    """Local date and time with the zone, or 'unknown date'."""
    if when is None:
        return "unknown date"
    return when.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


def _direction_word(message: Message) -> str:
    return {
        Direction.SENT: "sent by us",
        Direction.RECEIVED: "from the lead",
        Direction.UNKNOWN: "",
    }[message.direction]


def _header_rows(message: Message) -> list[tuple[str, str]]:
    channel = f"{message.channel.value} ({clean_line(message.type)})"
    direction = _direction_word(message)
    if direction:
        channel += f", {direction}"
    rows = [
        ("Date", format_timestamp(message.created_at)),
        ("Channel", channel),
        ("From", clean_line(message.from_address) or "unknown"),
        ("To", clean_line(message.to_address) or "unknown"),
        ("Subject", clean_line(message.subject) or "(no subject)"),
    ]
    if message.step_label:
        rows.append(("Step", message.step_label))
    if message.attachments:
        rows.append(("Attached", ", ".join(a.label for a in message.attachments)))
    return rows


def _body(message: Message, rendered: RenderedBody, quotes: QuotesMode) -> str:
    """The body as `quotes` asks, or what a body-less activity means, or "(no text)"."""
    body = clean_text(rendered.text_for(quotes)).strip("\n")
    if body:
        return body
    if not rendered.blocks and message.event:
        return f"({clean_line(message.event)})"
    return "(no text)"


def format_message(message: Message, rendered: RenderedBody, *, quotes: QuotesMode = "show") -> str:
    """One message: headers, a blank line, the body (quotes as `quotes` says), links, notes.

    `show` writes every quote and signature, `fold` writes folded ones as one "… N quoted
    lines" line, `strip` leaves them out (only the new words).
    """
    lines = [f"{label + ':':<9} {value}" for label, value in _header_rows(message)]
    lines.append("")
    lines.append(_body(message, rendered, quotes))
    lines += _TEXT_TRAILER.lines(rendered)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Trailer:
    """How a format writes what follows a body: its links (each with its warning), then notes.

    Templates take `{number}` and `{url}`, `{warning}`, `{note}`; `escape` is applied to the
    warnings and notes (Markdown's), `url` to the link addresses.
    """

    heading: tuple[str, ...]
    link: str
    warning: str
    note: str
    escape: Callable[[str], str] = str
    url: Callable[[str], str] = str

    def lines(self, rendered: RenderedBody) -> list[str]:
        """The links under the heading (none without links), then one line per note."""
        lines: list[str] = []
        if rendered.links:
            lines += self.heading
        for link in rendered.links:
            lines.append(self.link.format(number=link.number, url=self.url(clean_line(link.url))))
            if link.warning:
                lines.append(self.warning.format(warning=self.escape(clean_line(link.warning))))
        lines += [self.note.format(note=self.escape(clean_line(n))) for n in rendered.notes]
        return lines


_TEXT_TRAILER = _Trailer(("", "Links:"), "[{number}] {url}", "    warning: {warning}", "({note})")


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in `text`, so the body cannot end it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def format_message_markdown(
    message: Message, rendered: RenderedBody, *, quotes: QuotesMode = "show"
) -> str:
    """One message as Markdown: a heading, the header fields, the body in a fenced block.

    The body is fenced so that nothing in it (raw HTML such as a tracking `<img>`, Markdown
    links) is interpreted by whatever later renders the file.
    """
    subject = _md_inline(clean_line(message.subject)) or "(no subject)"
    heading = f"## {format_timestamp(message.created_at)} · {subject}"
    lines = [heading, ""]
    for label, value in _header_rows(message):
        if label in ("Date", "Subject"):
            continue
        lines.append(f"- **{label}:** {_md_inline(value)}")
    body = _body(message, rendered, quotes)
    fence = _fence(body)
    lines += ["", f"{fence}text", body, fence]
    lines += _MARKDOWN_TRAILER.lines(rendered)
    return "\n".join(lines)


def _md_inline(text: str) -> str:
    """Text safe inside a Markdown line: no raw HTML, no emphasis or link syntax. `!` stays as
    it is: it only starts an image before `[`, which is escaped."""
    return re.sub(r"([\\`*_{}\[\]<>()#+|~])", r"\\\1", text)


_URL_UNSAFE = frozenset("<>\"'`\\")
"""Characters that may end a Markdown autolink or link destination, or open raw HTML."""
_AUTOLINK_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*")
"""What CommonMark takes as an autolink's URI between `<` and `>` (scheme, colon, the rest)."""


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def md_url(url: str) -> str:
    """`url` as a Markdown autolink (`<url>`) that nothing in the address can end or leave.

    `<`, `>`, quotes, backticks, backslashes, every space and every character that does not
    print are percent-encoded. An address without a scheme (which `<…>` would make raw HTML)
    is written as escaped text instead.
    """
    safe = "".join(
        _percent(c) if c in _URL_UNSAFE or c.isspace() or not c.isprintable() else c for c in url
    )
    return f"<{safe}>" if _AUTOLINK_RE.fullmatch(safe) else _md_inline(safe)


_MARKDOWN_TRAILER = _Trailer(
    ("", "Links:", ""),
    "{number}. {url}",
    "   - ⚠ {warning}",
    "\n_{note}_",
    escape=_md_inline,
    url=md_url,
)


def conversation_title(messages: Sequence[Message], contact_id: str) -> str:
    """The Markdown title of a conversation, the same for `--print` and the reader's `Y`/`e`."""
    lead = next((clean_line(m.lead_email) for m in messages if m.lead_email), "")
    title = f"# Conversation with {_md_inline(lead)}" if lead else "# Conversation"
    return f"{title} ({clean_line(contact_id)})"


def format_conversation_markdown(
    messages: Sequence[Message],
    rendered: Sequence[RenderedBody],
    *,
    contact_id: str,
    total: int | None = None,
) -> str:
    """A whole (loaded) conversation as one Markdown document, newest first.

    `total`: how many messages the conversation has when more than `messages` (the rest was
    not loaded: the document says "50 of 600"); None or no more: the document is whole.
    """
    count = len(messages)
    if total is not None and total > count:
        summary = f"{count} of {total} messages, newest first (the older ones were not loaded)."
    else:
        summary = f"{count} messages, newest first."
    parts = [conversation_title(messages, contact_id), "", summary]
    for message, body in zip(messages, rendered, strict=True):
        parts += ["", format_message_markdown(message, body)]
    return "\n".join(parts) + "\n"


def format_message_json(
    message: Message, rendered: RenderedBody, *, quotes: QuotesMode = "show"
) -> str:
    """One message as a JSON object: the fields as the service sent them, plus the text.

    Added keys: `renderedText` (the body as text, quotes unfolded), `renderedBlocks` (the body
    in order as `{"kind", "text", "folded"}`, the kinds of `lemtui.mail.render.BlockKind`:
    `text` the new words, `quote` history, `signature`, and for a body with no new words
    `forward` (with `"headers": {"from", "date", "to", "cc", "subject"}`, those it has) or
    `whole-quote`; folded ones are what the reader folds), and `renderedLinks`. JSON always
    carries everything, whatever `quotes` says. ASCII escapes keep every control character
    out of the terminal while the data stays exact.
    """
    del quotes  # the blocks say what is quoted; a script picks
    record = dict(message.raw)
    record["renderedText"] = rendered.text
    record["renderedBlocks"] = [_block_record(block) for block in rendered.blocks]
    record["renderedLinks"] = [
        {"number": link.number, "url": link.url, "text": link.text, "warning": link.warning}
        for link in rendered.links
    ]
    return json.dumps(record, ensure_ascii=True, indent=2)


def _block_record(block: Block) -> dict[str, object]:
    record: dict[str, object] = {"kind": block.kind, "text": block.text, "folded": block.folded}
    if block.kind == "forward":
        record["headers"] = dict(block.headers)
    return record


class Formatter(Protocol):
    """Writes one message in a format; `quotes` applies to text and Markdown."""

    def __call__(
        self, message: Message, rendered: RenderedBody, *, quotes: QuotesMode = "show"
    ) -> str: ...


FORMATTERS: Mapping[OutputFormat, Formatter] = {
    "text": format_message,
    "markdown": format_message_markdown,
    "json": format_message_json,
}
