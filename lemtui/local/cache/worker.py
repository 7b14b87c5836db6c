"""The cache used from asyncio: every call runs on one thread of its own, never on the event
loop, and a cache that cannot be used turns itself off with one reason to say. No UI.

The file is opened lazily, on that thread, by the first call (start-up loads neither sqlite3
nor hashing before the first frame). Writes are queued in order (`submit`) and never waited
for by the caller; reads (`call`) are awaited. After any `CacheUnavailable` the worker is off:
every later call returns None at once, and `problem` says why (the UI says it once).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from lemtui.local.cache.store import CacheStore

__all__ = ["CacheWorker"]

T = TypeVar("T")


class CacheWorker:
    """A `CacheStore` behind one thread; `opener` makes it (and may raise CacheUnavailable)."""

    def __init__(self, opener: Callable[[], CacheStore]) -> None:
        self._opener = opener
        self._store: CacheStore | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self.problem: str | None = None
        """Why the cache is off (None while it works)."""
        self.pending = 0
        """Writes queued and not yet done."""

    @property
    def off(self) -> bool:
        """True once the cache failed: nothing more is read or written."""
        return self.problem is not None

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="lemtui-cache"
                )
            return self._executor

    def _run(self, work: Callable[..., T], args: tuple[Any, ...]) -> T | None:
        """On the cache's thread: open if need be, run `work(store, *args)`; None when off."""
        if self.problem is not None:
            return None
        from lemtui.local.cache.store import CacheUnavailable  # sqlite3: not before a frame

        try:
            if self._store is None:
                self._store = self._opener()
            return work(self._store, *args)
        except CacheUnavailable as error:
            self.problem = str(error)
        except Exception as error:  # a bug or a damaged row: the reader goes on without it
            self.problem = f"the cache failed ({type(error).__name__})"
        self._close_store()
        return None

    async def call(self, work: Callable[..., T], *args: Any) -> T | None:
        """`work(store, *args)` on the cache's thread, awaited; None when the cache is off."""
        if self.problem is not None:
            return None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), self._run, work, args)

    def start(
        self, work: Callable[..., T], *args: Any
    ) -> concurrent.futures.Future[T | None] | None:
        """`work(store, *args)` started on the cache's thread now, its result awaited later
        (`asyncio.wrap_future`); None when the cache is off."""
        if self.problem is not None:
            return None
        return self._pool().submit(self._run, work, args)

    def run(self, work: Callable[..., T], *args: Any) -> T | None:
        """`work(store, *args)` on the cache's thread, waited for (for scripts, not the UI)."""
        if self.problem is not None:
            return None
        return self._pool().submit(self._run, work, args).result()

    def submit(self, work: Callable[..., Any], *args: Any) -> None:
        """Queue a write; the caller goes on at once (its failure turns the cache off)."""
        if self.problem is not None:
            return
        self.pending += 1
        future = self._pool().submit(self._run, work, args)
        future.add_done_callback(self._done)

    def _done(self, _future: concurrent.futures.Future[Any]) -> None:
        self.pending -= 1

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def close(self) -> None:
        """Finish the queued writes, then close the file and the thread."""
        if self._executor is not None:
            self._executor.submit(self._close_store)
            self._executor.shutdown(wait=True)
            self._executor = None
