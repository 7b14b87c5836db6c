"""`lemtui --print`: a whole conversation as plain text, Markdown or JSON, no UI.

Pages are fetched one after another (the client keeps under the rate limit) while earlier
pages' bodies are converted elsewhere, and messages are written in order as soon as they are
ready, newest first, the order the reader's list shows.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime
from typing import Any, Literal, TextIO

from lemtui.api import LemlistClient
from lemtui.config import Settings
from lemtui.models import Direction, Message, Page, dedupe
from lemtui.render import RenderedBody, clean_line, clean_text, render_body

__all__ = [
    "FORMATS",
    "format_conversation_markdown",
    "format_message",
    "format_message_json",
    "format_message_markdown",
    "print_conversation",
]

Format = Literal["text", "markdown", "json"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "json")
RULE = "-" * 72


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
        rows.append(("Attached", ", ".join(clean_line(name) for name in message.attachments)))
    return rows


def format_message(message: Message, rendered: RenderedBody) -> str:
    """One message: headers, a blank line, the body (quotes unfolded), links and notes."""
    lines = [f"{label + ':':<9} {value}" for label, value in _header_rows(message)]
    body = clean_text(rendered.text).strip("\n")
    lines.append("")
    lines.append(body if body else "(no text)")
    if rendered.links:
        lines.append("")
        lines.append("Links:")
        for link in rendered.links:
            lines.append(f"[{link.number}] {clean_line(link.url)}")
            if link.warning:
                lines.append(f"    warning: {clean_line(link.warning)}")
    for note in rendered.notes:
        lines.append(f"({clean_line(note)})")
    return "\n".join(lines)


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in `text`, so the body cannot end it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def format_message_markdown(message: Message, rendered: RenderedBody) -> str:
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
    body = clean_text(rendered.text).strip("\n") or "(no text)"
    fence = _fence(body)
    lines += ["", f"{fence}text", body, fence]
    if rendered.links:
        lines += ["", "Links:", ""]
        for link in rendered.links:
            lines.append(f"{link.number}. <{clean_line(link.url)}>")
            if link.warning:
                lines.append(f"   - ⚠ {_md_inline(clean_line(link.warning))}")
    for note in rendered.notes:
        lines.append(f"\n_{_md_inline(clean_line(note))}_")
    return "\n".join(lines)


def _md_inline(text: str) -> str:
    """Text safe inside a Markdown line: no raw HTML, no emphasis or link syntax."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~])", r"\\\1", text)


def format_conversation_markdown(
    messages: Sequence[Message], rendered: Sequence[RenderedBody], *, contact_id: str
) -> str:
    """A whole (loaded) conversation as one Markdown document, newest first."""
    lead = next((clean_line(m.lead_email) for m in messages if m.lead_email), "")
    title = f"# Conversation with {_md_inline(lead)}" if lead else "# Conversation"
    parts = [f"{title} ({clean_line(contact_id)})", "", f"{len(messages)} messages, newest first."]
    for message, body in zip(messages, rendered, strict=True):
        parts += ["", format_message_markdown(message, body)]
    return "\n".join(parts) + "\n"


def format_message_json(message: Message, rendered: RenderedBody) -> str:
    """One message as a JSON object: the fields as the service sent them, plus the text.

    Added keys: `renderedText` (the body as text, quotes unfolded) and `renderedLinks`. ASCII
    escapes keep every control character out of the terminal while the data stays exact.
    """
    record = dict(message.raw)
    record["renderedText"] = rendered.text
    record["renderedLinks"] = [
        {"number": link.number, "url": link.url, "text": link.text, "warning": link.warning}
        for link in rendered.links
    ]
    return json.dumps(record, ensure_ascii=True, indent=2)


_FORMATTERS: dict[Format, Callable[[Message, RenderedBody], str]] = {
    "text": format_message,
    "markdown": format_message_markdown,
    "json": format_message_json,
}


def _format_raw(items: Sequence[Mapping[str, Any]], fmt: Format) -> list[str]:
    """Format messages given as the service's JSON items (what crosses to a worker process)."""
    formatter = _FORMATTERS[fmt]
    out: list[str] = []
    for item in items:
        message = Message.from_json(item)
        out.append(formatter(message, render_body(message.body, is_html=message.body_is_html)))
    return out


def _worker_pool() -> Executor:
    """Processes for converting bodies, so a long conversation is not held up by one core.

    forkserver: workers fork from a clean server that has the renderer imported, never from
    this process (whose threads and sockets a plain fork would copy).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["lemtui.printer"])
    # One core stays free for fetching and writing.
    workers = max(1, min(4, (os.cpu_count() or 2) - 1))
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


async def print_conversation(
    client: LemlistClient, settings: Settings, contact: str, out: TextIO, fmt: Format = "text"
) -> int:
    """Write every message of `contact` to `out` in `fmt`; returns how many were written.

    text: messages separated by a rule; markdown: a document with a section per message;
    json: one array of message objects. Pages are fetched as fast as the rate limit allows
    while earlier pages are converted (in a thread for a one-page conversation, in worker
    processes beyond), and written in order. The client is closed at the end, whatever happens.
    """
    emit = _Emitter(out, fmt, contact)
    loop = asyncio.get_running_loop()
    seen: set[str] = set()
    written = 0
    pool: Executor | None = None
    converting: deque[asyncio.Future[list[str]]] = deque()
    try:
        async with client:
            pages = client.iter_pages(
                contact,
                limit=settings.page_size,
                user_id=settings.user_id,
                mark_as_read=settings.mark_as_read,
            )
            page: Page
            async for page in pages:
                items = [dict(message.raw) for message in dedupe(page.messages, seen)]
                if pool is None and (page.has_more or page.skip > 0):
                    pool = _worker_pool()
                converting.append(loop.run_in_executor(pool, _format_raw, items, fmt))
                while converting and converting[0].done():
                    written += emit(converting.popleft().result())
            while converting:
                written += emit(await converting.popleft())
    finally:
        for future in converting:
            future.cancel()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    emit.close()
    return written


class _Emitter:
    """Writes formatted messages as they come, with the separators of each format."""

    def __init__(self, out: TextIO, fmt: Format, contact: str) -> None:
        self.out = out
        self.fmt = fmt
        self.contact = contact
        self.count = 0

    def __call__(self, blocks: list[str]) -> int:
        for block in blocks:
            if self.count == 0:
                if self.fmt == "json":
                    self.out.write("[\n")
                elif self.fmt == "markdown":
                    self.out.write(f"# Conversation ({clean_line(self.contact)})\n\n")
            elif self.fmt == "text":
                self.out.write(f"\n{RULE}\n\n")
            elif self.fmt == "json":
                self.out.write(",\n")
            else:
                self.out.write("\n")
            self.out.write(block)
            if self.fmt != "json":
                self.out.write("\n")
            self.count += 1
        self.out.flush()
        return len(blocks)

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.count == 0:
            self.out.write("(this conversation has no messages)\n")
        self.out.flush()
