"""`lemtui --print`: a whole conversation as plain text, Markdown or JSON, no UI.

Pages are fetched as the client pages (the first alone, then up to four at once when the
first says how many there are, always under the rate limit) while earlier pages' bodies are
converted elsewhere, and messages are written in order as soon as they are ready, newest
first, the order the reader's list shows. What the client notes (items dropped,
paging stopped, values replaced) goes to stderr; so does progress, when stderr is a terminal
and stdout is one too or a file (never into a pipe's company: `| less` draws on the terminal).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import os
import signal
import stat
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TextIO

from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import ApiError
from lemtui.lemlist.messages import Message, Page, dedupe
from lemtui.local.config import Settings
from lemtui.mail import OutputFormat
from lemtui.mail.formats import FORMATTERS, RULE, conversation_title
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.mail.render import QuotesMode

__all__ = ["StatusLine", "print_conversation"]


WORKER_NICENESS = 10
"""How much lower than fetching the conversion workers run."""
HISTORY_MESSAGES = 10
"""Earlier messages of the same page given to the renderer to recognise quoted history."""


def _format_raw(
    items: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    quotes: QuotesMode = "show",
    count: int | None = None,
) -> list[str]:
    """Format the first `count` (default: all) messages given as the service's JSON items
    (what crosses to a worker process); the items after them are only history.

    Bodies are converted whole (no cap: output never drops content), each with the older
    messages of its page (the items after it) as the conversation's history.
    """
    # Imported here: only a one-page conversation converts in this process (in a thread).
    from lemtui.mail.render import render_body

    formatter = FORMATTERS[fmt]
    messages = [Message.from_json(item) for item in items]
    out: list[str] = []
    for index, message in enumerate(messages[:count]):
        history = [m.body for m in messages[index + 1 : index + 1 + HISTORY_MESSAGES]]
        rendered = render_body(
            message.body, is_html=message.body_is_html, history=history, max_chars=None
        )
        out.append(formatter(message, rendered, quotes=quotes))
    return out


def _worker_start() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the pool and says so once;
    a worker taking it would print its own traceback), and converting yields the CPU to
    fetching (the next request is what `--print` waits on; conversion can catch up)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def _chunks(items: list[dict[str, Any]], parts: int) -> list[tuple[list[dict[str, Any]], int]]:
    """A page's items cut in `parts` runs for as many workers, each run with the items after
    it that its messages need as history; (items, how many of them to format)."""
    size = max(1, -(-len(items) // parts))
    return [
        (items[start : start + size + HISTORY_MESSAGES], min(size, len(items) - start))
        for start in range(0, len(items), size)
    ]


def _started_pool() -> Executor:
    """A worker pool with its forkserver up (run in a thread: starting it takes ~0.3 s, which
    the event loop spends fetching the next page instead)."""
    pool = _worker_pool()
    pool.submit(int).result()
    return pool


async def _convert(
    pool: asyncio.Future[Executor] | None,
    chunk: tuple[list[dict[str, Any]], int],
    fmt: OutputFormat,
    quotes: QuotesMode,
) -> list[str]:
    """`_format_raw` of a chunk in the pool once it is up (in a thread without one)."""
    executor = await pool if pool is not None else None
    items, count = chunk
    work = functools.partial(_format_raw, items, fmt, quotes, count)
    return await asyncio.get_running_loop().run_in_executor(executor, work)


def _worker_pool() -> Executor:
    """Processes for converting bodies, so a long conversation is not held up by one core.

    forkserver: workers fork from a clean server that has the renderer imported, never from
    this process (whose threads and sockets a plain fork would copy).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["lemtui.printer", "lemtui.mail.render"])
    return ProcessPoolExecutor(
        max_workers=_worker_count(), mp_context=context, initializer=_worker_start
    )


def _worker_count() -> int:
    """Every core converts (up to four); fetching and writing come first (workers run niced)."""
    return max(1, min(4, os.cpu_count() or 1))


def _is_terminal_or_file(stream: TextIO) -> bool:
    try:
        return stream.isatty() or stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):  # no file descriptor (a StringIO), or closed
        return False


class StatusLine:
    """What `--print` says on stderr besides the conversation.

    Notes (`notice`) are lines of their own, always. Progress (`fetched`, `waiting`) is one
    line rewritten in place, only when `live`, cleared before anything else is written to
    stderr or stdout (`aside`), and at the end.
    """

    def __init__(self, err: TextIO | None, *, live: bool = False) -> None:
        self.err = err
        self.live = live and err is not None
        self._fetched = ""
        self._line = ""
        self._shown = False

    @classmethod
    def for_print(cls, out: TextIO, err: TextIO, *, quiet: bool = False) -> StatusLine:
        """The status line of `--print` writing to `out`: live (progress shown) unless `quiet`,
        only when `err` is a terminal and `out` is that terminal or a file. When `out` is a
        pipe, its reader may draw on the same terminal (`| less`), where a line rewritten on
        stderr would land in the middle of what it shows: no progress then."""
        return cls(err, live=not quiet and err.isatty() and _is_terminal_or_file(out))

    @contextlib.contextmanager
    def aside(self) -> Iterator[None]:
        """The progress line taken away while output is written (stdout may be the same
        terminal), then drawn again below it."""
        shown = self._shown
        self.clear()
        try:
            yield
        finally:
            if shown:
                self._draw(self._line)

    def notice(self, text: str) -> None:
        """A note for the user, on a line of its own."""
        if self.err is None:
            return
        self.clear()
        self.err.write(f"lemtui: {clean_line(text)}\n")
        self.err.flush()

    def fetched(self, count: int, total: int | None) -> None:
        """`count` messages are in (of `total`, when the service says)."""
        if total is not None and total >= count:
            self._fetched = f"fetched {count:,} of {total:,} messages"
        else:
            self._fetched = f"fetched {count:,} messages"
        self._draw(self._fetched)

    def waiting(self, seconds: float, why: str) -> None:
        """A wait of `seconds` is starting, for `why` ("lemlist's rate limit", "a retry")."""
        wait = f"waiting {max(1, round(seconds))} s for {why}"
        self._draw(f"{self._fetched}, {wait}" if self._fetched else wait)

    def clear(self) -> None:
        """Take the progress line away (before a note, an error or the end)."""
        if self._shown and self.err is not None:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._shown = False

    def _draw(self, text: str) -> None:
        if not self.live or self.err is None:
            return
        self._line = text
        try:
            width = os.get_terminal_size(self.err.fileno()).columns or 80
        except (OSError, ValueError):
            width = 80
        line = f"lemtui: {text}"[: max(10, width - 1)]
        self.err.write("\r\x1b[K" + line)
        self.err.flush()
        self._shown = True


async def print_conversation(
    client: LemlistClient,
    settings: Settings,
    contact: str,
    out: TextIO,
    fmt: OutputFormat = "text",
    quotes: QuotesMode = "show",
    status: StatusLine | None = None,
) -> int:
    """Write every message of `contact` to `out` in `fmt`; returns how many were written.

    text: messages separated by a rule; markdown: a document with a section per message;
    json: one array of message objects. `quotes` (text, Markdown): show, fold or strip quoted
    history and signatures. Pages are fetched as fast as the rate limit allows
    while earlier pages are converted (in a thread for a one-page conversation, in worker
    processes beyond) and written, in order, as soon as each is ready: a slow next page holds
    nothing back. When a page fails, the pages before it are written, then its `ApiError` is
    raised. The client's notes and waits go to `status`. The client and the workers are closed
    at the end, whatever happens (Ctrl-C included).
    """
    status = status or StatusLine(None)
    client.on_notice = status.notice
    client.on_wait = status.waiting
    emit = _Emitter(out, fmt, contact, status)
    seen: set[str] = set()
    pool: asyncio.Future[Executor] | None = None
    parts = 1
    ready: asyncio.Queue[asyncio.Future[list[str]] | None] = asyncio.Queue()
    writer = asyncio.create_task(_write_in_order(ready, emit))
    failure: ApiError | None = None
    try:
        async with client:
            pages = client.iter_pages(
                contact,
                limit=settings.page_size,
                user_id=settings.user_id,
                mark_as_read=settings.mark_as_read,
            )
            page: Page
            try:
                async with contextlib.aclosing(pages):  # leaving early cancels what is in flight
                    async for page in pages:
                        if writer.done():
                            break  # writing failed (the reader went away): raised below
                        if page.skip == 0:
                            emit.title = conversation_title(page.messages, contact)
                        items = [dict(message.raw) for message in dedupe(page.messages, seen)]
                        status.fetched(len(seen), page.pagination.total_items)
                        if pool is None and (page.has_more or page.skip > 0):
                            pool = asyncio.ensure_future(asyncio.to_thread(_started_pool))
                            parts = _worker_count()
                        for chunk in _chunks(items, parts):
                            converted = _convert(pool, chunk, fmt, quotes)
                            ready.put_nowait(asyncio.ensure_future(converted))
            except ApiError as error:
                failure = error  # raised once the pages fetched before it are written
        ready.put_nowait(None)
        await writer
    finally:
        status.clear()
        writer.cancel()
        await asyncio.wait([writer])
        if not writer.cancelled():
            writer.exception()  # retrieved (raised above when it mattered)
        while not ready.empty():
            if (future := ready.get_nowait()) is not None:
                future.cancel()
        if pool is not None:
            # Waited for (in a thread): a pool left to shut down at exit races the
            # interpreter's own atexit hook, which then prints "Exception ignored … Bad file
            # descriptor" to stderr after the output (seen in CI, once in a few runs).
            with contextlib.suppress(Exception):
                executor = await pool
                await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)
    if failure is not None:
        raise failure
    emit.close()
    return emit.count


async def _write_in_order(
    ready: asyncio.Queue[asyncio.Future[list[str]] | None], emit: _Emitter
) -> None:
    """Write each page's messages as its conversion finishes, in the order pages came."""
    while (future := await ready.get()) is not None:
        emit(await future)


class _Emitter:
    """Writes formatted messages as they come, with the separators of each format."""

    def __init__(
        self, out: TextIO, fmt: OutputFormat, contact: str, status: StatusLine | None = None
    ) -> None:
        self.out = out
        self.status = status or StatusLine(None)
        self.fmt = fmt
        self.title = conversation_title((), contact)
        """The Markdown title; `print_conversation` names the lead once the first page is in."""
        self.count = 0

    def __call__(self, blocks: list[str]) -> int:
        with self.status.aside():
            self._write(blocks)
        return len(blocks)

    def _write(self, blocks: list[str]) -> None:
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

    def close(self) -> None:
        self.status.clear()
        if self.fmt == "json":
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.count == 0:
            self.out.write("(this conversation has no messages)\n")
        self.out.flush()
