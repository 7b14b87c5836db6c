"""The command line's cache switches: `--forget`, `--search`, `--sync`, `--print --offline`,
and the cache the reader is handed. Failures are one line on stderr, never a traceback.

The cache is keyed by the API key and base URL (`lemtui.local.cache`); with `cache = false`
or `--no-cache` none of this writes anything.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Final, TextIO

from lemtui.local.config import Settings
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.messages import Page
    from lemtui.local.cache.store import CacheStore
    from lemtui.local.cache.worker import CacheWorker
    from lemtui.mail import OutputFormat
    from lemtui.tui.cache_glue import CacheGlue

__all__ = [
    "OfflineClient",
    "cache_glue",
    "open_store",
    "run_forget",
    "run_search",
    "run_sync",
]

SYNC_PAGE: Final = 100
"""Inbox conversations asked per page by `--sync`."""


def _say(err: TextIO, message: str) -> None:
    print(f"lemtui: {clean_line(message)}", file=err)


def _opener(settings: Settings, *, create: bool = True) -> Callable[[], CacheStore]:
    """Opens this key's cache (the mail renderer indexes it); `create` False: only if it
    exists."""

    def open_it() -> CacheStore:
        from lemtui.local.cache.paths import CacheLocationError, cache_dir, cache_file
        from lemtui.local.cache.store import CacheUnavailable, open_cache
        from lemtui.mail.index_text import index_parts

        key = settings.api_key.reveal() if settings.api_key is not None else ""
        if not create:
            try:
                folder = cache_dir()
                if not (folder / "salt").is_file():  # no cache at all: make nothing to say so
                    raise CacheUnavailable(
                        "no cache for this API key yet (open lemtui, or run lemtui --sync)"
                    )
                path = cache_file(folder, settings.base_url, key)
            except CacheLocationError as error:
                raise CacheUnavailable(str(error)) from None
            if not path.exists():
                raise CacheUnavailable(
                    "no cache for this API key yet (open lemtui, or run lemtui --sync)"
                )
        return open_cache(settings.base_url, key, max_mb=settings.cache_max_mb, indexer=index_parts)

    return open_it


def open_store(settings: Settings, *, create: bool = True) -> CacheWorker:
    """A worker over this key's cache (opened on first use)."""
    from lemtui.local.cache.worker import CacheWorker

    return CacheWorker(_opener(settings, create=create))


def cache_glue(settings: Settings, client: LemlistClient) -> CacheGlue | None:
    """The reader's cache, or None when it is off (`cache = false`, `--no-cache`, the demo)."""
    if not settings.cache or settings.demo:
        return None
    from lemtui.tui.cache_glue import CacheGlue

    return CacheGlue(open_store(settings), client, fill=settings.cache_fill)


def run_forget(err: TextIO | None = None) -> int:
    """`--forget`: delete every cache, and say how much."""
    from lemtui.local.cache.paths import CacheLocationError, cache_dir, forget

    err = err or sys.stderr
    try:
        folder = cache_dir()
    except CacheLocationError as error:
        _say(err, str(error))
        return 1
    gone = forget(folder)
    for line in gone.failed:
        _say(err, f"could not delete {line}")
    if gone.files:
        caches = "cache" if gone.files == 1 else "caches"
        print(f"lemtui: forgot {gone.files} {caches} ({gone.size_label}) in {folder}")
    else:
        print(f"lemtui: no cache to forget in {folder}")
    return 1 if gone.failed else 0


def run_search(settings: Settings, query: str, fmt: OutputFormat, out: TextIO) -> int:
    """`--search`: the conversations of the cache that match `query`, best first."""
    if not settings.cache:
        _say(sys.stderr, "the cache is off (cache = false or --no-cache): nothing to search")
        return 1
    worker = open_store(settings, create=False)
    try:
        hits = worker.run(lambda store: store.search(query))
    finally:
        worker.close()
    if hits is None:
        _say(sys.stderr, f"cannot search: {worker.problem}")
        return 1
    if fmt == "json":
        records = [
            {
                "contactId": hit.contact_id,
                "name": hit.name,
                "email": hit.email,
                "messageId": hit.message_id,
                "line": hit.line,
                "inQuote": hit.in_quote,
            }
            for hit in hits
        ]
        out.write(json.dumps(records, ensure_ascii=True, indent=2) + "\n")
        return 0
    for hit in hits:
        who = clean_line(hit.name or hit.email or hit.contact_id)
        line = clean_line(hit.line)
        where = " (quoted)" if hit.in_quote else ""
        if fmt == "markdown":
            out.write(f"- **{who}** `{clean_line(hit.contact_id)}`{where}: {line}\n")
        else:
            out.write(f"{who}  {clean_line(hit.contact_id)}{where}\n    {line}\n")
    if not hits and fmt == "text":
        _say(sys.stderr, f"no cached conversation matches {clean_line(query)[:60]!r}")
    return 0


class _Progress:
    """One progress line on stderr, rewritten in place (only on a terminal)."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.live = _is_tty(err)

    def show(self, text: str) -> None:
        if self.live:
            self.err.write(f"\r\x1b[K{text}")
            self.err.flush()

    def waiting(self, seconds: float, why: str) -> None:
        self.show(f"sync: waiting {seconds:.0f} s for {why}")

    def notice(self, text: str) -> None:
        self.clear()
        _say(self.err, text)

    def clear(self) -> None:
        if self.live:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


async def _sync(settings: Settings, client: LemlistClient, worker: CacheWorker, err: TextIO) -> int:
    assert settings.user_id is not None
    status = _Progress(err)
    client.on_wait = status.waiting
    client.on_notice = status.notice
    rows: list[tuple[str, float]] = []
    page = 1
    while True:
        inbox = await client.get_inbox(settings.user_id, page=page, limit=SYNC_PAGE)
        raws = [dict(item.raw) for item in inbox.items]
        await worker.call(lambda s, r=raws: s.store_inbox_page(settings.user_id, r))
        for item in inbox.items:
            when = item.last_activity_at
            rows.append((item.contact_id, when.timestamp() if when else 0.0))
        status.show(f"sync: {len(rows):,} conversations listed")
        if not inbox.has_more:
            break
        page += 1
    stale = await worker.call(lambda s: s.stale_conversations(settings.user_id, len(rows)))
    todo = stale or []
    done = 0
    for contact_id, activity in todo:
        first = await client.get_page(contact_id, limit=settings.page_size)
        messages = [dict(message.raw) for message in first.messages]
        total = first.pagination.total_items
        await worker.call(
            lambda s, c=contact_id, m=messages, t=total: s.store_messages(c, m, total=t)
        )
        await worker.call(lambda s, c=contact_id, a=activity: s.mark_synced(c, a))
        done += 1
        status.show(f"sync: {done:,} of {len(todo):,} conversations")
    skipped = len(rows) - len(todo)
    status.clear()
    if worker.off:
        _say(err, f"sync stopped: {worker.problem}")
        return 1
    print(
        f"lemtui: synced {done:,} conversations ({skipped:,} already up to date) of "
        f"{len(rows):,} in the inbox",
        file=err,
    )
    return 0


def run_sync(settings: Settings, client: LemlistClient) -> int:
    """`--sync`: the inbox and the first page of every conversation into the cache, within
    the rate limit; a conversation fetched since its last activity is skipped, so a sync
    that was stopped goes on where it stopped."""
    from lemtui.lemlist.errors import ApiError

    err = sys.stderr
    if not settings.cache:
        _say(err, "the cache is off (cache = false or --no-cache): nothing to sync into")
        return 1
    if not settings.user_id:
        _say(err, "--sync needs your user ID (--user-id or LEMLIST_USER_ID): it reads your inbox")
        return 2
    worker = open_store(settings)

    async def go() -> int:
        async with client:
            return await _sync(settings, client, worker, err)

    try:
        return asyncio.run(go())
    except ApiError as error:
        _say(err, f"sync stopped ({error}); run it again to go on from there")
        return 1
    except KeyboardInterrupt:
        _say(err, "sync interrupted; run it again to go on from there")
        return 130
    finally:
        worker.close()


class OfflineClient:
    """What `print_conversation` needs of a client, read from the cache (`--print --offline`):
    the stored messages, newest first, as pages."""

    def __init__(self, worker: CacheWorker) -> None:
        self.worker = worker
        self.on_notice: Callable[[str], None] | None = None
        self.on_wait: Callable[[float, str], None] | None = None

    async def __aenter__(self) -> OfflineClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.worker.close()

    def iter_pages(self, contact_id: str, *, limit: int, **_: Any) -> AsyncIterator[Page]:
        """Every stored message of `contact_id` in pages of `limit`, newest first."""
        return self._pages(contact_id, limit)

    async def _pages(self, contact_id: str, limit: int) -> AsyncGenerator[Page, None]:
        from lemtui.lemlist.errors import NotFoundError
        from lemtui.lemlist.messages import Page

        skip = 0
        while True:
            found = await self.worker.call(lambda s, k=skip: s.messages_page(contact_id, k, limit))
            if found is None:
                raise NotFoundError(f"No cache to read offline: {self.worker.problem}")
            items, total = found
            if not items and skip == 0:
                raise NotFoundError(f"Nothing of {contact_id} is cached: run it without --offline")
            body = {"data": items, "pagination": {"totalItems": total}}
            page = Page.from_json(body, contact_id=contact_id, skip=skip, limit=limit)
            yield page
            if not page.has_more:
                return
            skip = page.next_skip
