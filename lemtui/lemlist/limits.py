"""How much lemtui asks of lemlist and takes from it: page size, time, bytes and request rate.

The numbers bound what a server can cost us (a page's bytes, an attempt's time) and what we
cost it (requests per window, counted the way it counts them). No I/O until a limiter is
waited on; no httpx.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable
from typing import Final

__all__ = [
    "CUT_SHORT",
    "DEFAULT_TIMEOUT",
    "ERROR_BUDGET",
    "MAX_MESSAGES_PER_CONVERSATION",
    "MAX_PAGES_PER_CONVERSATION",
    "MAX_PAGE_SIZE",
    "PAGE_BUDGET",
    "RateLimiter",
]

MAX_PAGE_SIZE: Final = 100
"""The most messages the service returns per request."""
DEFAULT_TIMEOUT: Final = 60.0
"""Seconds one request may take in all (connecting and every read), see `--timeout`."""
MAX_PAGES_PER_CONVERSATION: Final = 2_000
"""Pages of one conversation loaded at most: a service that always says "there is more"
(with new IDs every time) is stopped here, with a note, in `--print` and the reader alike."""
MAX_MESSAGES_PER_CONVERSATION: Final = 200_000
"""Messages of one conversation loaded at most, for the same reason (and memory)."""
PAGE_BUDGET: Final = 32 * 1024 * 1024
"""Bytes one successful answer may take, as sent and once decompressed (a real page of 100
messages is well under 5 MB)."""
ERROR_BUDGET: Final = 8 * 1024
"""Bytes of an error answer's body read at most (a short excerpt of it is shown)."""
CUT_SHORT: Final = "lemtui.cut_short"
"""The response extension set on an error answer whose body was cut at `ERROR_BUDGET`."""


class RateLimiter:
    """At most `limit` requests per `window` seconds, counted the way the server counts.

    The service allows 20 requests per 2 s per key, counted when they *arrive*. Our clock
    cannot see arrival, but it lies between sending and the answer: so a request holds its
    slot while in flight and its window starts when its answer comes back. That is never
    earlier than the server's, whatever the connection set-up costs, so fast paging stays
    under the limit instead of collecting 429s.
    """

    def __init__(
        self, limit: int, window: float, on_wait: Callable[[float], None] | None = None
    ) -> None:
        self.limit = limit
        self.window = window
        self._on_wait = on_wait
        """Told of every wait of a second or more (progress reports it)."""
        self._done: deque[float] = deque()
        self._in_flight = 0
        self._changed = asyncio.Condition()

    async def acquire(self) -> None:
        """Wait for a free slot and take it; pair with `release()`."""
        async with self._changed:
            while True:
                now = time.monotonic()
                while self._done and now - self._done[0] >= self.window:
                    self._done.popleft()
                if len(self._done) + self._in_flight < self.limit:
                    self._in_flight += 1
                    return
                wait = self.window - (now - self._done[0]) if self._done else None
                if wait is not None and wait >= 1 and self._on_wait is not None:
                    self._on_wait(wait)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout=wait)

    async def release(self) -> None:
        """The answer arrived (or the attempt failed): start this request's window now.

        The counts change before anything is awaited, and the waiters are woken even if the
        request is cancelled meanwhile (a page asked ahead and no longer wanted): a slot is
        never lost.
        """
        self._in_flight -= 1
        self._done.append(time.monotonic())
        await asyncio.shield(self._wake())

    async def _wake(self) -> None:
        async with self._changed:
            self._changed.notify_all()
