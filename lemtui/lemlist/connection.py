"""One connection to lemlist: the key, the base URL, the httpx client, and answers made data.

What the reads (`lemtui.lemlist.client`) and the writes (`lemtui.lemlist.writes`) share: the
connection pool built on the first request, the rate limiter, the notes and waits a front end
is told of, and how an answer becomes JSON or a typed `ApiError` raised `from None` (the key
never enters a message; server text is shown only with the key, in every encoding, taken out).

httpx itself is imported only when the first request is made, by `TransportLoader`.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from lemtui.lemlist.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    BadResponseError,
    NetworkError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    ReadOnlyError,
    ServerError,
)
from lemtui.lemlist.limits import CUT_SHORT, PAGE_BUDGET, RateLimiter
from lemtui.lemlist.urls import check_base_url
from lemtui.text import clean_line

if TYPE_CHECKING:
    import httpx

    from lemtui.lemlist.secret import Secret

__all__ = [
    "TRANSPORT",
    "Connection",
    "TransportLoader",
    "page_body",
    "retry_after",
    "transport_reason",
]


class TransportLoader:
    """Imports the HTTP half (`lemtui.lemlist.transport`: httpx and TLS) once, and says when
    that import has *finished*.

    A module is in `sys.modules` from the moment its import starts, so that cannot say it is
    ready: a request taken for ready then would wait on the import lock in the event loop. A
    module is imported once per process, so one loader serves every client (`TRANSPORT`).
    """

    module: Final = "lemtui.lemlist.transport"

    def __init__(self) -> None:
        self._loaded = False

    @property
    def loaded(self) -> bool:
        """True once the import has finished (here or by building a client)."""
        return self._loaded

    async def load(self) -> None:
        """Import the HTTP half in a thread, so that an app's event loop keeps drawing."""
        if not self._loaded:
            await asyncio.to_thread(importlib.import_module, self.module)
            self._loaded = True  # a second import waits in its thread for the first

    def build_http_client(self, **options: Any) -> httpx.AsyncClient:
        """`transport.build_http_client(**options)`, importing the HTTP half if need be."""
        from lemtui.lemlist.transport import build_http_client

        self._loaded = True
        return build_http_client(**options)


TRANSPORT: Final = TransportLoader()
"""The process's one loader of the HTTP half."""


class Connection:
    """The key, the base URL and the one `httpx.AsyncClient` (built on first use) of a client,
    with the checks and decoding every request shares.

    `on_notice(text)` hears what is worth saying once per kind (items dropped, values
    replaced, paging stopped); `on_wait(seconds, why)` hears of each wait before it starts.
    """

    def __init__(
        self,
        api_key: Secret | None,
        *,
        base_url: str,
        timeout: float,
        max_retry_wait: float,
        rate_limit: int,
        rate_window: float,
        read_only: bool,
        http_options: dict[str, Any],
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.timeout = timeout
        self.max_retry_wait = max_retry_wait
        self.read_only = read_only
        self.offline: str | None = None
        """Why lemlist cannot be reached now (set by the reader): writes are refused."""
        """True: every write (drafts, emails, mark-as-read) is refused before sending."""
        self.on_notice: Callable[[str], None] | None = None
        self.on_wait: Callable[[float, str], None] | None = None
        self.limiter = RateLimiter(
            rate_limit, rate_window, lambda seconds: self.waiting(seconds, "lemlist's rate limit")
        )
        self._key = api_key
        self._noticed: set[str] = set()
        self._http_options = http_options
        """What `transport.build_http_client` takes besides what is kept above."""
        self._http_client: httpx.AsyncClient | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"Connection(base_url={self.base_url!r})"

    @property
    def http(self) -> httpx.AsyncClient:
        """The connection pool, built on first use (httpx is imported then, not before)."""
        if self._http_client is None:
            self._http_client = TRANSPORT.build_http_client(
                base_url=self.base_url,
                api_key=self._key,
                limiter=self.limiter,
                max_retry_wait=self.max_retry_wait,
                on_wait=self.waiting,
                deadline=self.timeout,
                **self._http_options,
            )
        return self._http_client

    @property
    def warm(self) -> bool:
        """True once the HTTP half is loaded: a request then leaves at once."""
        return self._http_client is not None or TRANSPORT.loaded

    @property
    def closed(self) -> bool:
        """True once `aclose` has run: the pool (if one was built) is closed."""
        return self._closed

    @property
    def host(self) -> str:
        """The base URL's host (and port), as messages name it."""
        return urlsplit(self.base_url).netloc

    async def connect(self) -> None:
        """Load the HTTP half (httpx, TLS) in a thread before the first request."""
        if not self.warm:
            await TRANSPORT.load()

    async def aclose(self) -> None:
        """Close the connection pool (nothing to close if no request was ever made)."""
        self._closed = True
        if self._http_client is not None:
            await self._http_client.aclose()

    def require_key(self) -> None:
        """Refuse a request before it is made when there is no key to send."""
        if not self._key:
            raise AuthError(
                "No API key: set LEMLIST_API_KEY or api_key/api_key_command in the config file"
            )

    def check_writable(self, what: str) -> None:
        """Refuse a write (`what`: "Sending an email") before it is made, when read-only."""
        if self.read_only:
            raise ReadOnlyError(
                f"{what} is off: lemtui runs read-only (--read-only or read_only = true in "
                "the config), so nothing is written to lemlist"
            )
        if self.offline:
            raise OfflineError(f"{what} is off: {self.offline}")

    def notice(self, kind: str, text: str) -> None:
        """Tell `on_notice`, once per kind of note for this connection (a lying server
        repeats itself on every page)."""
        if kind in self._noticed:
            return
        self._noticed.add(kind)
        if self.on_notice is not None:
            self.on_notice(text)

    def waiting(self, seconds: float, why: str) -> None:
        """Tell `on_wait` of a wait about to start."""
        if self.on_wait is not None:
            self.on_wait(seconds, why)

    def at_most(self, body: dict[str, Any], limit: int) -> dict[str, Any]:
        """The page with at most `limit` items: a server sending more is not believed."""
        items = body["data"]
        if len(items) <= limit:
            return body
        self.notice(
            "items",
            f"lemlist sent more items than asked for ({len(items):,} for a page of {limit}): "
            f"kept the first {limit} of each page",
        )
        return {**body, "data": items[:limit]}

    async def get_json(
        self, path: str, params: dict[str, str | int], *, what: str, noun: str
    ) -> Any:
        """GET `path` (retried by the transport as reads are) and decode the answer.

        `what` names the thing asked for in a 404's message, `noun` the answer in an over-
        budget one ("page", "answer").
        """
        self.require_key()
        await self.connect()
        import httpx

        from lemtui.lemlist.transport import AnswerTooLarge, BadEncoding, DeadlineExceeded

        try:
            response = await self.http.get(path, params=params)
        except DeadlineExceeded:
            raise NetworkError(
                f"lemlist did not finish answering within {self.timeout:g} s ({self.host})"
            ) from None
        except httpx.TimeoutException:
            raise NetworkError(f"lemlist did not answer in time ({self.host})") from None
        except httpx.TransportError as exc:
            raise NetworkError(f"Cannot reach {self.host}: {transport_reason(exc)}") from None
        except AnswerTooLarge:
            raise BadResponseError(
                f"lemlist sent more than {PAGE_BUDGET // (1024 * 1024)} MB for one {noun}: "
                "stopped reading"
            ) from None
        except BadEncoding as exc:
            raise BadResponseError(
                f"The server's answer is compressed as {self.shown(exc.encoding, 20)!r}, which "
                "lemtui did not ask for or cannot read"
            ) from None
        return self.decode(response, what=what)

    def decode(self, response: httpx.Response, *, what: str) -> Any:
        """The JSON of a 200, or the typed error for any other answer (each body decoded once)."""
        status = response.status_code
        if status == 200:
            content_type = response.headers.get("content-type", "")
            if "json" not in content_type.lower():
                kind = self.shown(content_type.split(";")[0], 40) or "no content type"
                raise BadResponseError(
                    f"The server answered with {kind}, not JSON: "
                    "is the base URL right (it should end in /api)?"
                )
            return self.json(response.content)
        raise self._refusal(response, what=what)

    def _refusal(self, response: httpx.Response, *, what: str) -> ApiError:
        """The typed error for an answer that is not a 200."""
        status = response.status_code
        said = self.server_text(response)
        if status in (401, 403):
            return AuthError(f"lemlist refused the API key ({status}{': ' + said if said else ''})")
        if status == 404:
            return NotFoundError(f"Not found: {what}{' (' + said + ')' if said else ''}")
        if status == 400:
            return BadRequestError(f"lemlist refused the request: {said or 'bad request'}")
        if status == 429:
            wait_for = retry_after(response)
            wait = f"; try again in {wait_for:.0f} s" if wait_for is not None else ""
            return RateLimitedError(f"lemlist's rate limit was hit{wait}", wait_for)
        if 500 <= status < 600:
            return ServerError(
                f"lemlist had a server error ({status}){': ' + said if said else ''}; "
                "try again later",
                status,
            )
        if 300 <= status < 400:
            return BadResponseError(
                f"The server redirected ({status}); check the base URL (redirects are not followed"
                " so the key is never sent elsewhere)"
            )
        return BadResponseError(
            f"Unexpected answer from lemlist ({status}){': ' + said if said else ''}"
        )

    def json(self, content: bytes) -> Any:
        """The body parsed so that it can be written out as strict JSON again: NaN, Infinity
        and numbers too large for a float become null (noted once)."""
        replaced = False

        def no_constant(_: str) -> None:
            nonlocal replaced
            replaced = True

        def finite(text: str) -> float | None:
            nonlocal replaced
            value = float(text)
            if math.isfinite(value):
                return value
            replaced = True
            return None

        try:
            body = json.loads(content, parse_constant=no_constant, parse_float=finite)
        except (ValueError, RecursionError):
            raise BadResponseError("The server's answer is not valid JSON") from None
        if replaced:
            self.notice("nan", "lemlist sent NaN or Infinity, which JSON cannot hold: kept as null")
        return body

    def server_text(self, response: httpx.Response) -> str:
        """A short, cleaned excerpt of an error body with the key taken out: plain text as
        is, JSON's message field, nothing for HTML."""
        content_type = response.headers.get("content-type", "").lower()
        raw = response.content.decode("utf-8", "replace")
        cut = bool(response.extensions.get(CUT_SHORT))
        if "html" in content_type or raw.lstrip().startswith("<"):
            return ""
        if "json" in content_type:
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError):
                data = None
            if isinstance(data, dict):
                for key in ("message", "error", "msg", "detail"):
                    if isinstance(data.get(key), str):
                        raw = data[key]
                        cut = False  # parsed whole, so never cut
                        break
        return self.shown(raw, 160, cut=cut)

    def shown(self, text: str, width: int, *, cut: bool = False) -> str:
        """Server text fit to show: the key removed in every form, cleaned, then cut to
        `width`. Redacted before cleaning and again after (cleaning maps characters to others),
        and before the cut; `cut` says the transport already cut `text` short, so that a key's
        beginning at its end goes too."""
        if self._key:
            text = self._key.redact(text, cut=cut)
        text = clean_line(text)
        if self._key:
            text = self._key.redact(text, cut=cut)
        return text[:width]


def page_body(body: Any) -> dict[str, Any]:
    """The JSON checked to be a page (`{"data": [...]}`); anything else is a bad response."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise BadResponseError("The server's JSON is not an inbox page (no 'data' list)")
    return body


def retry_after(response: httpx.Response) -> float | None:
    """The seconds a `Retry-After` header asks for, when it is a plain small number."""
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        return float(value)
    return None


def transport_reason(exc: httpx.TransportError) -> str:
    """Why a connection failed, in words, from the exception chain (never its raw text)."""
    import socket
    import ssl

    import httpx

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(item, ConnectionRefusedError) for item in chain):
        return "connection refused"
    if any(isinstance(item, socket.gaierror) for item in chain):
        return "host name not found"
    if any(isinstance(item, ssl.SSLError) for item in chain):
        return "TLS/certificate failure"
    if any(isinstance(item, ConnectionResetError) for item in chain):
        return "connection reset"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection broke mid-answer"
    return type(exc).__name__
