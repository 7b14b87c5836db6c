"""`lemtui --print`: a whole conversation as plain text, Markdown or JSON, no UI.

Pages are fetched one after another (the client keeps under the rate limit) while earlier
pages' bodies are converted elsewhere, and messages are written in order as soon as they are
ready, newest first, the order the reader's list shows.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TextIO

from lemtui.api import LemlistClient
from lemtui.config import OutputFormat, Settings
from lemtui.formats import FORMATTERS, RULE, conversation_title
from lemtui.models import Message, Page, dedupe
from lemtui.render import QuotesMode, render_body

__all__ = ["print_conversation"]


HISTORY_MESSAGES = 10
"""Earlier messages of the same page given to the renderer to recognise quoted history."""


def _format_raw(
    items: Sequence[Mapping[str, Any]], fmt: OutputFormat, quotes: QuotesMode = "show"
) -> list[str]:
    """Format messages given as the service's JSON items (what crosses to a worker process).

    Bodies are converted whole (no cap: output never drops content), each with the older
    messages of its page (the items after it) as the conversation's history.
    """
    formatter = FORMATTERS[fmt]
    messages = [Message.from_json(item) for item in items]
    out: list[str] = []
    for index, message in enumerate(messages):
        history = [m.body for m in messages[index + 1 : index + 1 + HISTORY_MESSAGES]]
        rendered = render_body(
            message.body, is_html=message.body_is_html, history=history, max_chars=None
        )
        out.append(formatter(message, rendered, quotes=quotes))
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
    client: LemlistClient,
    settings: Settings,
    contact: str,
    out: TextIO,
    fmt: OutputFormat = "text",
    quotes: QuotesMode = "show",
) -> int:
    """Write every message of `contact` to `out` in `fmt`; returns how many were written.

    text: messages separated by a rule; markdown: a document with a section per message;
    json: one array of message objects. `quotes` (text, Markdown): show, fold or strip quoted
    history and signatures. Pages are fetched as fast as the rate limit allows
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
                if page.skip == 0:
                    emit.title = conversation_title(page.messages, contact)
                items = [dict(message.raw) for message in dedupe(page.messages, seen)]
                if pool is None and (page.has_more or page.skip > 0):
                    pool = _worker_pool()
                converting.append(loop.run_in_executor(pool, _format_raw, items, fmt, quotes))
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

    def __init__(self, out: TextIO, fmt: OutputFormat, contact: str) -> None:
        self.out = out
        self.fmt = fmt
        self.title = conversation_title((), contact)
        """The Markdown title; `print_conversation` names the lead once the first page is in."""
        self.count = 0

    def __call__(self, blocks: list[str]) -> int:
        for block in blocks:
            if self.count == 0:
                if self.fmt == "json":
                    self.out.write("[\n")
                elif self.fmt == "markdown":
                    self.out.write(f"{self.title}\n\n")
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
