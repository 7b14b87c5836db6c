"""`lemtui --print`: a whole conversation as readable plain text, no UI.

Pages are fetched one after another (the client keeps under the rate limit) while the previous
page's bodies are converted in a thread, and each message is written as soon as it is ready,
newest first, the order the reader's list shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from lemtui.api import LemlistClient
from lemtui.config import Settings
from lemtui.models import Direction, Message, Page, dedupe
from lemtui.render import RenderedBody, clean_line, clean_text, render_body

__all__ = ["format_message", "print_conversation"]

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


def format_message(message: Message, rendered: RenderedBody) -> str:
    """One message: headers, a blank line, the body (quotes unfolded), links and notes."""
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
    lines = [f"{label + ':':<9} {value}" for label, value in rows]
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


def _render_page(messages: Sequence[Message]) -> list[str]:
    return [
        format_message(message, render_body(message.body, is_html=message.body_is_html))
        for message in messages
    ]


async def print_conversation(
    client: LemlistClient, settings: Settings, contact: str, out: TextIO
) -> int:
    """Write every message of `contact` to `out`; returns how many were written.

    The client is closed at the end, whatever happens.
    """
    seen: set[str] = set()
    written = 0
    pending: asyncio.Task[list[str]] | None = None
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
                fresh = dedupe(page.messages, seen)
                if pending is not None:
                    written += _emit(await pending, out, first=written == 0)
                pending = asyncio.create_task(asyncio.to_thread(_render_page, fresh))
            if pending is not None:
                written += _emit(await pending, out, first=written == 0)
                pending = None
    finally:
        if pending is not None:
            pending.cancel()
    if written == 0:
        out.write("(this conversation has no messages)\n")
    out.flush()
    return written


def _emit(blocks: list[str], out: TextIO, *, first: bool) -> int:
    for index, block in enumerate(blocks):
        if not (first and index == 0):
            out.write(f"\n{RULE}\n\n")
        out.write(block)
        out.write("\n")
    out.flush()
    return len(blocks)
