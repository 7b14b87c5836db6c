"""The HTTP half of the lemlist client: httpx transports that bound, limit and retry.

Imported by `lemtui.lemlist.connection` on the client's first request, not before: httpx and its
TLS stack cost a fifth of a start-up, and the reader's first frame needs neither. Every class here
wraps an `httpx.AsyncBaseTransport`; `build_http_client` stacks them the way the client uses
them (writes apart from reads, both under the rate limit, the bounds and the deadline).
"""

from __future__ import annotations

import asyncio
import base64
import time
import weakref
import zlib
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

import httpx
from httpx_retries import Retry, RetryTransport

from lemtui import __version__
from lemtui.lemlist.limits import CUT_SHORT, ERROR_BUDGET, PAGE_BUDGET

if TYPE_CHECKING:
    from lemtui.lemlist.limits import RateLimiter
    from lemtui.lemlist.secret import Secret

__all__ = ["AnswerTooLarge", "BadEncoding", "DeadlineExceeded", "build_http_client"]


class _KeyAuth(httpx.Auth):
    """HTTP Basic with an empty user name; the header is built per request, never stored."""

    def __init__(self, key: Secret) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # No named local holds the encoded key: a crash report that prints frame locals
        # (Textual's does) would show it.
        request.headers["Authorization"] = "Basic " + base64.b64encode(
            b":" + self._key.reveal().encode("utf-8")
        ).decode("ascii")
        yield request

    def __repr__(self) -> str:
        return "_KeyAuth(***)"


class _LimitedTransport(httpx.AsyncBaseTransport):
    """Waits for the limiter before each attempt, retries included."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: RateLimiter) -> None:
        self._inner = inner
        self._limiter = limiter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._limiter.acquire()
        try:
            return await self._inner.handle_async_request(request)
        finally:
            await self._limiter.release()

    async def aclose(self) -> None:
        await self._inner.aclose()


class DeadlineExceeded(Exception):
    """An attempt ran past its deadline (a server trickling bytes that no read timeout sees).

    Not an httpx error, so never retried on its own: the attempt already took the whole
    deadline, and the caller says so in one line (the reader then offers to retry).
    """


class AnswerTooLarge(Exception):
    """A successful answer ran over `PAGE_BUDGET` (deliberately not an httpx error: a server
    that sent too much once will again, so it is never retried)."""


class BadEncoding(Exception):
    """A successful answer compressed in a way we did not ask for, or corrupt."""

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self.encoding = encoding


class _Inflater:
    """Decompresses `Content-Encoding` gzip/deflate (what we accept) a bounded step at a time.

    httpx's own decoders inflate a whole network read at once: 64 KB of a gzip bomb can
    become 64 MB before anything is counted. Here no call returns more than asked for.
    """

    def __init__(self, encoding: str) -> None:
        name = encoding.strip().lower()
        self._name = name
        self._z: Any = None
        self._may_be_raw = name == "deflate"  # usually zlib-wrapped; some servers send it raw
        if name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        elif name not in ("", "identity"):
            raise BadEncoding(name)

    def feed(self, data: bytes, room: int) -> tuple[bytes, bool]:
        """Up to `room` bytes of output for `data`; True too when more would have followed."""
        if self._z is None:
            return data[:room], len(data) > room
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if not self._may_be_raw:
                raise BadEncoding(self._name) from None
            self._may_be_raw = False
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.feed(data, room)
        self._may_be_raw = False
        return out[:room], len(out) > room or bool(self._z.unconsumed_tail)


class _BoundedTransport(httpx.AsyncBaseTransport):
    """Reads each answer whole, within a byte budget and a deadline, before anyone sees it.

    The deadline is for the request in all: its attempts, from connecting to the last byte,
    share it (a server trickling one byte every few seconds never trips a per-read timeout, and
    retries cannot multiply the wait); the pauses between attempts do not count. A 200's body
    may take `budget` bytes as sent and as decompressed, else the attempt stops and the
    connection is closed; any other status keeps only the first `error_budget` bytes of its
    body. The answer handed on is already decompressed and carries its body in memory.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        deadline: float,
        budget: int = PAGE_BUDGET,
        error_budget: int = ERROR_BUDGET,
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._budget = budget
        self._error_budget = error_budget
        self._spent: weakref.WeakKeyDictionary[httpx.Request, float] = weakref.WeakKeyDictionary()
        """Seconds each request's earlier attempts took (a retry resends the same request)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        left = self._deadline - self._spent.get(request, 0.0)
        if left <= 0:
            raise DeadlineExceeded
        timeout = asyncio.timeout(left)
        started = time.monotonic()
        try:
            async with timeout:
                response = await self._inner.handle_async_request(request)
                try:
                    body, cut = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            if timeout.expired():
                raise DeadlineExceeded from None
            raise
        finally:
            self._spent[request] = self._spent.get(request, 0.0) + time.monotonic() - started
        headers = [
            (name, value)
            for name, value in response.headers.raw
            if name.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=body,
            extensions={**response.extensions, CUT_SHORT: cut} if cut else response.extensions,
            request=request,
        )

    async def _read(self, response: httpx.Response) -> tuple[bytes, bool]:
        """The body, and whether it was cut short (only an error's is: a 200's raises)."""
        ok = response.status_code == 200
        budget = self._budget if ok else self._error_budget
        declared = response.headers.get("content-length", "")
        if ok and declared.isascii() and declared.isdigit() and int(declared) > budget:
            raise AnswerTooLarge
        try:
            inflater = _Inflater(response.headers.get("content-encoding", ""))
        except BadEncoding:
            if ok:
                raise
            return b"", False
        body = bytearray()
        sent = 0
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        async for chunk in stream:
            sent += len(chunk)
            try:
                out, over = inflater.feed(chunk, budget - len(body))
            except BadEncoding:
                if ok:
                    raise
                return bytes(body), True
            body += out
            if over or sent > budget:
                if ok:
                    raise AnswerTooLarge
                return bytes(body), True
        return bytes(body), False

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Retry(Retry):
    """httpx-retries' policy, which also says how long it waits (for progress reports)."""

    on_wait: Callable[[float, str], None] | None = None

    def copy_with(self, *args: Any, **kwargs: Any) -> _Retry:
        copy = super().copy_with(*args, **kwargs)
        assert isinstance(copy, _Retry)
        copy.on_wait = self.on_wait
        return copy

    async def asleep(self, response: httpx.Response | Exception) -> None:
        # As Retry.asleep, with the wait announced first.
        headers = response.headers if isinstance(response, httpx.Response) else {}
        seconds = self._calculate_sleep(headers)
        if seconds > 0 and self.on_wait is not None:
            limited = isinstance(response, httpx.Response) and response.status_code == 429
            self.on_wait(seconds, "lemlist's rate limit" if limited else "a retry")
        await asyncio.sleep(seconds)
        self.elapsed_sleep += seconds


class _DeferredTransport(httpx.AsyncBaseTransport):
    """httpx's network transport, built in a thread on the first request.

    Building it loads the TLS certificate store (~75 ms): done eagerly, that would sit between
    the user pressing Enter and the first frame, or block the event loop.
    """

    def __init__(self) -> None:
        self._transport: httpx.AsyncHTTPTransport | None = None
        self._lock = asyncio.Lock()

    async def _get(self) -> httpx.AsyncHTTPTransport:
        if self._transport is None:
            async with self._lock:
                if self._transport is None:
                    self._transport = await asyncio.to_thread(httpx.AsyncHTTPTransport)
        return self._transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await (await self._get()).handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


class _WritesApart(httpx.AsyncBaseTransport):
    """Reads go through the retrying transport; writes (every other method) are sent once.

    A write that failed after leaving may have been carried out (an email sent), so no
    transport may repeat it: the client decides, and only for a 429 (refused before acting).
    Both paths share the rate limiter, the bounds and the connection pool below it.
    """

    def __init__(self, reads: httpx.AsyncBaseTransport, writes: httpx.AsyncBaseTransport) -> None:
        self._reads = reads
        self._writes = writes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("GET", "HEAD"):
            return await self._reads.handle_async_request(request)
        return await self._writes.handle_async_request(request)

    async def aclose(self) -> None:
        await self._reads.aclose()  # the writes' transport is the one the reads' wraps


def build_http_client(
    *,
    base_url: str,
    api_key: Secret | None,
    transport: httpx.AsyncBaseTransport | None,
    limiter: RateLimiter,
    retries: int,
    backoff: float,
    max_retry_wait: float,
    on_wait: Callable[[float, str], None],
    deadline: float,
    connect_timeout: float,
    read_timeout: float,
) -> httpx.AsyncClient:
    """The one `httpx.AsyncClient` of a `LemlistClient`: reads retried, writes sent once, both
    under the rate limit, the byte budgets and the deadline, over `transport` (the network's
    own, built on first use, when None)."""
    inner = transport or _DeferredTransport()
    retry = _Retry(
        total=retries,
        backoff_factor=backoff,
        max_backoff_wait=max_retry_wait,
        respect_retry_after_header=True,
        status_forcelist=[429, 502, 503, 504],
        retry_on_exceptions=[
            httpx.TimeoutException,
            httpx.NetworkError,
            httpx.RemoteProtocolError,
        ],
    )
    retry.on_wait = on_wait
    bounded = _BoundedTransport(inner, deadline=deadline)
    limited = _LimitedTransport(bounded, limiter)
    return httpx.AsyncClient(
        base_url=base_url + "/",
        transport=_WritesApart(RetryTransport(transport=limited, retry=retry), limited),
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
        headers={
            "User-Agent": f"lemtui/{__version__}",
            "Accept": "application/json",
            # Only what `_Inflater` decodes in bounded steps.
            "Accept-Encoding": "gzip, deflate",
        },
        follow_redirects=False,
        auth=_KeyAuth(api_key) if api_key else None,
    )
