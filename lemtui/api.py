"""The lemlist inbox client: one long-lived httpx.AsyncClient, one page per call, typed errors.

No UI here. Every failure becomes an `ApiError` subclass raised `from None`, with a message a
person can act on and nothing secret in it (the key never enters a message, a repr or a log).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import re
import socket
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Generator
from typing import Any, Final
from urllib.parse import quote, urlsplit

import httpx
from httpx_retries import Retry, RetryTransport

from lemtui import __version__
from lemtui.config import DEFAULT_BASE_URL, MAX_PAGE_SIZE
from lemtui.models import Contact, InboxPage, Message, Page, TeamMember, dedupe
from lemtui.secret import Secret
from lemtui.text import clean_line

__all__ = [
    "DEFAULT_BASE_URL",
    "AmbiguousContactError",
    "ApiError",
    "AuthError",
    "BadRequestError",
    "BadResponseError",
    "InsecureURLError",
    "InvalidContactIdError",
    "LemlistClient",
    "NetworkError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "check_base_url",
    "looks_like_email",
    "normalize_contact_id",
]


# `ctc_` then letters and digits: nothing that could leave `/inbox/` (no `/`, `.`, `%`, `?`, `#`).
_CONTACT_ID: Final = re.compile(r"ctc_[A-Za-z0-9]{1,64}")
_USER_ID: Final = re.compile(r"[A-Za-z0-9_]{1,64}")


class ApiError(Exception):
    """Anything that went wrong talking to lemlist, said in one line a person can act on.

    `title` names the kind of failure and `hint` says what to do about it, in words that fit
    the command line and the reader alike (the reader adds its own keys).
    """

    title = "lemlist request failed"
    hint = "Try again in a moment."

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidContactIdError(ApiError, ValueError):
    """The contact ID is not `ctc_` followed by letters and digits; nothing was sent."""


class InsecureURLError(ApiError, ValueError):
    """The base URL would send the key in clear text (plain http to a non-loopback host)."""


class AuthError(ApiError):
    """401/403: the API key is missing, wrong or lacks access."""

    title = "The API key was refused"
    hint = "Check LEMLIST_API_KEY (or api_key in the config file)."


class NotFoundError(ApiError):
    """404: no such contact (or no such route)."""

    title = "Not found"
    hint = "Check the contact ID."


class BadRequestError(ApiError):
    """400: the service refused the request and said why."""


class RateLimitedError(ApiError):
    """429 after every retry: the service wants us to wait `retry_after` seconds."""

    title = "Rate limited"
    hint = "Wait a moment, then retry."

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx after every retry."""

    title = "lemlist server error"
    hint = "lemlist may be having trouble: retry in a while."

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class NetworkError(ApiError):
    """No answer: connection refused, DNS failure, timeout, TLS failure."""

    title = "No answer from lemlist"
    hint = "Check the connection, then retry."


class BadResponseError(ApiError):
    """An answer that is not the inbox JSON (HTML, truncated JSON, wrong shape, redirect)."""

    title = "An answer lemtui cannot read"
    hint = "Check the base URL (it should end in /api), then retry."


class AmbiguousContactError(ApiError):
    """Several contacts match an email address; `candidates` lists them."""

    def __init__(self, message: str, candidates: tuple[Contact, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


_EMAIL: Final = re.compile(r"[^@\s/?#%\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


def looks_like_email(text: str) -> bool:
    """True for `name@host.tld` with nothing that could change a URL path."""
    return bool(_EMAIL.fullmatch(text.strip()))


def _page_body(body: Any) -> dict[str, Any]:
    """The JSON checked to be a page (`{"data": [...]}`); anything else is a bad response."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise BadResponseError("The server's JSON is not an inbox page (no 'data' list)")
    return body


def normalize_contact_id(value: str) -> str:
    """The contact ID with surrounding whitespace removed, or `InvalidContactIdError`.

    Checked before any request so that nothing a user types can change the path.
    """
    candidate = value.strip()
    if not _CONTACT_ID.fullmatch(candidate):
        shown = clean_line(candidate)[:40] or "an empty value"
        raise InvalidContactIdError(
            f"{shown!r} is not a contact ID: expected ctc_ followed by letters and digits"
            if candidate
            else "No contact ID given: expected ctc_ followed by letters and digits"
        )
    return candidate


def normalize_user_id(value: str) -> str:
    """The user ID stripped, or `ApiError` when it has characters no lemlist ID has."""
    candidate = value.strip()
    if not _USER_ID.fullmatch(candidate):
        raise BadRequestError(
            f"{clean_line(candidate)[:40]!r} is not a user ID (expected usr_ and letters/digits)"
        )
    return candidate


def is_loopback_host(host: str) -> bool:
    """True only for `localhost` itself and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash, or `InsecureURLError`/`ApiError` when unusable.

    https is required, except to loopback hosts (tests, the demo, a local proxy): the key
    travels in every request and must never cross a network in clear text.
    """
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url.strip()):
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL (spaces or controls)")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        _ = parts.port
        httpx.URL(url.strip())  # what the client will build on: refuse here what it would
    except (ValueError, httpx.InvalidURL):
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL (need https://host/…)")
    if parts.username is not None or parts.password is not None:
        raise ApiError("The base URL must not carry a user name or password")
    if parts.query or parts.fragment:
        raise ApiError("The base URL must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InsecureURLError(
            f"Refusing plain http to {clean_line(host)[:60]}: the API key would travel "
            "unencrypted. Use https (http is allowed only for localhost/127.0.0.1)."
        )
    return url.strip().rstrip("/")


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


class _RateLimiter:
    """At most `limit` requests per `window` seconds, counted the way the server counts.

    The service allows 20 requests per 2 s per key, counted when they *arrive*. Our clock
    cannot see arrival, but it lies between sending and the answer: so a request holds its
    slot while in flight and its window starts when its answer comes back. That is never
    earlier than the server's, whatever the connection set-up costs, so fast paging stays
    under the limit instead of collecting 429s.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
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
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout=wait)

    async def release(self) -> None:
        """The answer arrived (or the attempt failed): start this request's window now."""
        async with self._changed:
            self._in_flight -= 1
            self._done.append(time.monotonic())
            self._changed.notify_all()


class _LimitedTransport(httpx.AsyncBaseTransport):
    """Waits for the limiter before each attempt, retries included."""

    def __init__(self, inner: httpx.AsyncBaseTransport, limiter: _RateLimiter) -> None:
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


class LemlistClient:
    """The lemlist inbox API: `get_page` for one page, `iter_pages`/`iter_messages` for all.

    One `httpx.AsyncClient` for the client's life (connection pooling); close it with
    `aclose()` or use `async with`. `transport` lets the demo and tests plug in the fake API.
    """

    def __init__(
        self,
        api_key: Secret | None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_wait: float = 20.0,
        rate_limit: int = 20,
        rate_window: float = 2.0,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self._key = api_key
        inner = transport or _DeferredTransport()
        self._limiter = _RateLimiter(rate_limit, rate_window)
        retry = Retry(
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
        self._http = httpx.AsyncClient(
            base_url=self.base_url + "/",
            transport=RetryTransport(
                transport=_LimitedTransport(inner, self._limiter), retry=retry
            ),
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            headers={"User-Agent": f"lemtui/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
            auth=_KeyAuth(api_key) if api_key else None,
        )

    def __repr__(self) -> str:
        return f"LemlistClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> LemlistClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def get_page(
        self,
        contact_id: str,
        *,
        skip: int = 0,
        limit: int = 10,
        user_id: str | None = None,
        mark_as_read: bool = False,
    ) -> Page:
        """One page of a contact's messages, newest first, starting `skip` items in."""
        contact = normalize_contact_id(contact_id)
        if skip < 0:
            raise ValueError("skip must be >= 0")
        limit = max(1, min(int(limit), MAX_PAGE_SIZE))
        params: dict[str, str | int] = {"limit": limit, "skip": skip}
        if user_id:
            params["userId"] = normalize_user_id(user_id)
        if mark_as_read:
            if not user_id:
                raise BadRequestError(
                    "Marking as read needs a user ID (--user-id or LEMLIST_USER_ID)"
                )
            params["markAsRead"] = "true"
        body = _page_body(
            await self._get_json(f"inbox/{contact}", params, what=f"contact {contact}")
        )
        return Page.from_json(body, contact_id=contact, skip=skip, limit=limit)

    async def get_inbox(self, user_id: str, *, page: int = 1, limit: int = 20) -> InboxPage:
        """One page of a user's inbox (their conversations, latest activity first)."""
        user = normalize_user_id(user_id)
        if page < 1:
            raise ValueError("page must be >= 1")
        limit = max(1, min(int(limit), MAX_PAGE_SIZE))
        params: dict[str, str | int] = {"userId": user, "page": page, "limit": limit}
        body = _page_body(await self._get_json("inbox", params, what=f"inbox of {user}"))
        return InboxPage.from_json(body, page=page, limit=limit, user_id=user)

    async def find_contact(self, id_or_email: str) -> Contact:
        """The contact with this email address (or `ctc_` id).

        `NotFoundError` when there is none, `AmbiguousContactError` when several match.
        """
        wanted = id_or_email.strip()
        if looks_like_email(wanted):
            what = f"contact with the email {clean_line(wanted)}"
            # quote() leaves nothing that could change the path: `/`, `?`, `#`, `%` are encoded.
            path = "contacts/" + quote(wanted, safe="@")
        else:
            wanted = normalize_contact_id(wanted)
            what = f"contact {wanted}"
            path = f"contacts/{wanted}"
        try:
            body = await self._get_json(path, {}, what=what)
        except NotFoundError:
            raise NotFoundError(f"No {what}") from None
        if isinstance(body, list):
            found = (Contact.from_json(item) for item in body if isinstance(item, dict))
            unique: dict[str, Contact] = {}
            for contact in found:
                if _CONTACT_ID.fullmatch(contact.id):
                    unique.setdefault(contact.id, contact)
            candidates = tuple(unique.values())
            if len(candidates) == 1:
                return candidates[0]
            if not candidates:
                raise NotFoundError(f"No {what}")
            raise AmbiguousContactError(
                f"{len(candidates)} contacts have the email {clean_line(wanted)}: pick one",
                candidates,
            )
        contact = Contact.from_json(body)
        if not _CONTACT_ID.fullmatch(contact.id):
            raise BadResponseError("The server's contact has no usable contact ID")
        return contact

    # -- the team (for reading a teammate's inbox) ------------------------------------------

    async def get_team(self) -> tuple[TeamMember, ...]:
        """The users of the key's team, in the service's order (`GET /team?version=v2`).

        Each user once; users whose ID is not a user ID are left out (their inbox could not
        be asked for). Only the IDs when the service leaves out `users` (no names then).
        """
        body = await self._get_json("team", {"version": "v2"}, what="your team")
        if not isinstance(body, dict):
            raise BadResponseError("The server's answer is not a team (not a JSON object)")
        users = body.get("users")
        ids = body.get("userIds")
        if isinstance(users, list):
            found = [TeamMember.from_json(item) for item in users if isinstance(item, dict)]
        elif isinstance(ids, list):
            found = [TeamMember.from_json(item) for item in ids if isinstance(item, str)]
        else:
            raise BadResponseError("The server's team lists no users")
        members: dict[str, TeamMember] = {}
        for member in found:
            if _USER_ID.fullmatch(member.user_id):
                members.setdefault(member.user_id, member)
        return tuple(members.values())

    async def mark_as_read(self, contact_id: str, user_id: str) -> None:
        """Ask the service to mark the conversation read for `user_id`."""
        await self.get_page(contact_id, limit=1, user_id=user_id, mark_as_read=True)

    async def iter_pages(
        self,
        contact_id: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        user_id: str | None = None,
        mark_as_read: bool = False,
    ) -> AsyncIterator[Page]:
        """Every page in order, stopping at the last one (or at a page that adds nothing)."""
        skip = 0
        seen: set[str] = set()
        first = True
        while True:
            page = await self.get_page(
                contact_id,
                skip=skip,
                limit=limit,
                user_id=user_id,
                mark_as_read=mark_as_read and first,
            )
            first = False
            yield page
            new_ids = {m.id for m in page.messages if m.id} - seen
            seen |= new_ids
            if not page.has_more or (
                page.messages and not new_ids and all(m.id for m in page.messages)
            ):
                return
            skip = page.next_skip

    async def iter_messages(
        self,
        contact_id: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        user_id: str | None = None,
        mark_as_read: bool = False,
    ) -> AsyncIterator[Message]:
        """Every message once (duplicates across pages dropped), newest first."""
        seen: set[str] = set()
        async for page in self.iter_pages(
            contact_id, limit=limit, user_id=user_id, mark_as_read=mark_as_read
        ):
            for message in dedupe(page.messages, seen):
                yield message

    async def _get_json(self, path: str, params: dict[str, str | int], *, what: str) -> Any:
        if not self._key:
            raise AuthError(
                "No API key: set LEMLIST_API_KEY or api_key/api_key_command in the config file"
            )
        try:
            response = await self._http.get(path, params=params)
        except httpx.TimeoutException:
            raise NetworkError(f"lemlist did not answer in time ({self._host})") from None
        except httpx.TransportError as exc:
            raise NetworkError(f"Cannot reach {self._host}: {_transport_reason(exc)}") from None
        return self._decode(response, what=what)

    @property
    def _host(self) -> str:
        return urlsplit(self.base_url).netloc

    def _decode(self, response: httpx.Response, *, what: str) -> Any:
        status = response.status_code
        said = _server_text(response)
        if status == 200:
            content_type = response.headers.get("content-type", "")
            if "json" not in content_type.lower():
                kind = content_type.split(";")[0].strip() or "no content type"
                raise BadResponseError(
                    f"The server answered with {clean_line(kind)[:40]}, not JSON: "
                    "is the base URL right (it should end in /api)?"
                )
            try:
                body = response.json()
            except (ValueError, RecursionError):
                raise BadResponseError("The server's answer is not valid JSON") from None
            return body
        if status in (401, 403):
            raise AuthError(f"lemlist refused the API key ({status}{': ' + said if said else ''})")
        if status == 404:
            raise NotFoundError(f"Not found: {what}{' (' + said + ')' if said else ''}")
        if status == 400:
            raise BadRequestError(f"lemlist refused the request: {said or 'bad request'}")
        if status == 429:
            retry_after = _retry_after(response)
            wait = f"; try again in {retry_after:.0f} s" if retry_after is not None else ""
            raise RateLimitedError(f"lemlist's rate limit was hit{wait}", retry_after)
        if 500 <= status < 600:
            raise ServerError(
                f"lemlist had a server error ({status}){': ' + said if said else ''}; "
                "try again later",
                status,
            )
        if 300 <= status < 400:
            raise BadResponseError(
                f"The server redirected ({status}); check the base URL (redirects are not followed"
                " so the key is never sent elsewhere)"
            )
        raise BadResponseError(
            f"Unexpected answer from lemlist ({status}){': ' + said if said else ''}"
        )


def _server_text(response: httpx.Response) -> str:
    """A short, cleaned excerpt of an error body: plain text as is, JSON's message field."""
    content_type = response.headers.get("content-type", "").lower()
    try:
        raw = response.content[:2000].decode("utf-8", "replace")
    except Exception:  # the body could not be read at all
        return ""
    if "html" in content_type or raw.lstrip().startswith("<"):
        return ""
    if "json" in content_type:
        try:
            data = response.json()
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            for key in ("message", "error", "msg", "detail"):
                if isinstance(data.get(key), str):
                    raw = data[key]
                    break
    return clean_line(raw)[:160]


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        return float(value)
    return None


def _transport_reason(exc: httpx.TransportError) -> str:
    """Why a connection failed, in words, from the exception chain (never its raw text)."""
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
