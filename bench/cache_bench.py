"""The local cache's figures (issue 21): search over 100,000 cached messages, and what storing
every page costs while paging a 10,000-message conversation.

- **search**: 100,000 messages (ten 10,000-message bench conversations under ten contacts)
  are stored through the real store with the real indexer (`lemtui.mail.index_text`); then a
  handful of queries (common and rare words, a prefix, two words, a name) are each run many
  times through `CacheStore.search`, as `/` and `--search` run it. The figure is the median.
- **paging**: the 10,000-message conversation is paged to its end as the reader's list pages
  it (a `ConversationPager`, one page in flight, 100 a page) over HTTP from the fake with
  latency and the rate limit, once with the reader's cache glue in front of the fetch (every
  page stored on the cache's thread) and once without, alternating, three times each. The
  figure is the median time to the end with the cache against without; the note says how
  long the last write took to land after the end.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

from rich.text import Text

from bench.common import (
    API_KEY,
    Options,
    Row,
    Servers,
    bench_contact,
    build_conversation,
    median,
    ms,
)
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.messages import Page
from lemtui.lemlist.paging import ConversationPager, PageRequest
from lemtui.lemlist.secret import Secret
from lemtui.local.cache.store import open_cache
from lemtui.local.cache.worker import CacheWorker
from lemtui.mail.index_text import index_parts
from lemtui.tui.cache_glue import CacheGlue

__all__ = ["run"]

QUERIES = ("pricing", "megatron", "quarterly review", "calendar", "lea", "zzzznothing")


class _Screen:
    """What the glue asks of a list screen: a note and a header to redraw (nothing here)."""

    def __init__(self) -> None:
        self.cache_note = Text()

    def update_header(self) -> None:
        pass

    def notify(self, *args: Any, **kwargs: Any) -> None:
        pass


def _search_rows(options: Options) -> list[Row]:
    conversations = 3 if options.quick else 10
    base = build_conversation(10_000)
    with tempfile.TemporaryDirectory(prefix="lemtui-bench-cache-") as tmp:
        store = open_cache("http://bench/api", API_KEY, folder=Path(tmp), indexer=index_parts)
        started = time.perf_counter()
        for number in range(conversations):
            contact = f"ctc_BenchSearch{number}"
            messages = [
                {**message, "_id": f"{message['_id']}-{number}", "contactId": contact}
                for message in base
            ]
            person = {"fullName": f"Lea Bench{number}", "email": f"lea{number}@bench.example"}
            row = {"contactId": contact, "contact": person, "lastActivityAt": "2026-06-30T09:00Z"}
            store.store_inbox_page("usr_bench", [row])
            for start in range(0, len(messages), 100):
                store.store_messages(contact, messages[start : start + 100])
        filled = time.perf_counter() - started
        size = store.size_bytes()
        timings: list[float] = []
        repeats = 5 if options.quick else 20
        for _ in range(repeats):
            for query in QUERIES:
                t0 = time.perf_counter()
                store.search(query)
                timings.append(time.perf_counter() - t0)
        store.close()
    count = conversations * 10_000
    worst = max(timings)
    return [
        Row(
            "cache",
            f"search over {count:,} cached messages (median)",
            "≤ 50 ms",
            ms(median(timings)),
            median(timings) <= 0.050,
            f"{len(QUERIES)} queries × {repeats}; slowest {ms(worst)}; file {size / 1e6:.0f} MB, "
            f"filled in {filled:.0f} s",
        )
    ]


async def _page_to_end(url: str, folder: Path | None) -> tuple[float, float]:
    """Seconds to page the 10,000-message conversation to its end, and until the last write
    landed (0 without a cache)."""
    client = LemlistClient(Secret(API_KEY), base_url=url)

    async def fetch(request: PageRequest) -> Page:
        return await client.get_page(request.contact_id, skip=request.skip, limit=request.limit)

    glue: CacheGlue | None = None
    fetcher: Callable[[PageRequest], Awaitable[Page]] = fetch
    if folder is not None:
        worker = CacheWorker(
            lambda: open_cache("http://bench/api", API_KEY, folder=folder, indexer=index_parts)
        )
        glue = CacheGlue(worker, client)
        fetcher = glue.wrap(cast("Any", _Screen()), fetch)
    pager = ConversationPager(bench_contact(10_000), fetcher, page_size=100)
    started = time.perf_counter()
    while not pager.complete:
        request = pager.start()
        assert request is not None, pager.error
        pager.finish(request, await pager.fetch(request))
    ended = time.perf_counter() - started
    landed = 0.0
    if glue is not None:
        await asyncio.to_thread(glue.close)
        landed = time.perf_counter() - started
    await client.aclose()
    assert pager.loaded == 10_000
    return ended, landed


def _paging_rows(options: Options, servers: Servers) -> list[Row]:
    rounds = 1 if options.quick else 3
    bare: list[float] = []
    cached: list[float] = []
    landed: list[float] = []
    for _ in range(rounds):
        bare.append(asyncio.run(_page_to_end(servers.real.url, None))[0])
        with tempfile.TemporaryDirectory(prefix="lemtui-bench-cache-") as tmp:
            end, done = asyncio.run(_page_to_end(servers.real.url, Path(tmp)))
        cached.append(end)
        landed.append(done)
    cost = median(cached) / median(bare) - 1 if median(bare) else 0.0
    return [
        Row(
            "cache",
            "storing pages while paging 10,000 messages (time to the end)",
            "≤ +5 %",
            f"{cost * 100:+.1f} %",
            cost <= 0.05,
            f"{median(cached):.2f} s with the cache, {median(bare):.2f} s without "
            f"(median of {rounds}); the last page stored {median(landed):.2f} s after the start",
        )
    ]


def run(options: Options, servers: Servers) -> list[Row]:
    """Both cache figures."""
    return _search_rows(options) + _paging_rows(options, servers)
