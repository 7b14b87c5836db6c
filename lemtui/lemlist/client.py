"""The lemlist inbox client: one long-lived httpx.AsyncClient, one page per call, typed errors.

No UI here. Every failure becomes an `ApiError` subclass raised `from None`, with a message a
person can act on and nothing secret in it: the key never enters a message, a repr or a log,
and server text is shown only with the key (in every encoding) taken out.

Nothing a server sends can take more than bounded memory or time: each answer is read whole
inside the transport, within a byte budget (`PAGE_BUDGET` for a page, before and after
decompression; `ERROR_BUDGET` for an error's body) and a deadline for the whole attempt
(connecting and every read), and a page keeps at most the items asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import ipaddress
import json
import math
import re
import string
import time
import unicodedata
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import quote, urlsplit

from lemtui.lemlist.models import (
    MAX_MESSAGES_PER_CONVERSATION,
    MAX_PAGES_PER_CONVERSATION,
    Contact,
    InboxPage,
    Message,
    Page,
    TeamMember,
    dedupe,
    message_key,
)
from lemtui.lemlist.secret import Secret
from lemtui.local.config import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, MAX_PAGE_SIZE
from lemtui.text import clean_line

if TYPE_CHECKING:
    import httpx

    # The request bodies are built by lemtui.mail.compose, which needs the renderer.
    from lemtui.mail.compose import DraftRequest

__all__ = [
    "DEFAULT_BASE_URL",
    "ERROR_BUDGET",
    "PAGE_BUDGET",
    "AmbiguousContactError",
    "ApiError",
    "AuthError",
    "BadRequestError",
    "BadResponseError",
    "InsecureURLError",
    "InvalidContactIdError",
    "InvalidUserIdError",
    "LemlistClient",
    "NetworkError",
    "NotFoundError",
    "RateLimitedError",
    "ReadOnlyError",
    "ServerError",
    "UnconfirmedWriteError",
    "WriteRefusedError",
    "check_base_url",
    "looks_like_email",
    "normalize_contact_id",
    "normalize_user_id",
]

PAGE_BUDGET: Final = 32 * 1024 * 1024
"""Bytes one successful answer may take, as sent and once decompressed (a real page of 100
messages is well under 5 MB)."""
ERROR_BUDGET: Final = 8 * 1024
"""Bytes of an error answer's body read at most (a short excerpt of it is shown)."""

# `ctc_` then letters and digits: nothing that could leave `/inbox/` (no `/`, `.`, `%`, `?`, `#`).
_CONTACT_ID: Final = re.compile(r"ctc_[A-Za-z0-9]{1,64}")
_USER_ID: Final = re.compile(r"[A-Za-z0-9_]{1,64}")
_ID_CHARS: Final = frozenset(string.ascii_letters + string.digits)
_PLAIN_URL: Final = re.compile(
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]"
    r"{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?"
)
"""A base URL httpx accepts as it is (ASCII host name or IP, port, plain path): checked
without importing httpx. Anything else still goes through `httpx.URL`."""


class ApiError(Exception):
    """Anything that went wrong talking to lemlist, said in one line a person can act on.

    `title` names the kind of failure and `hint` says what to do about it, in words that fit
    the command line and the reader alike (the reader adds its own keys).
    """

    title: ClassVar[str] = "lemlist request failed"
    hint: ClassVar[str] = "Try again in a moment."

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidContactIdError(ApiError, ValueError):
    """The contact ID is not `ctc_` followed by letters and digits; nothing was sent."""

    title = "Not a contact ID"
    hint = "A contact ID is ctc_ followed by letters and digits."


class InvalidUserIdError(ApiError, ValueError):
    """The user ID is missing where one is needed, or has characters no lemlist ID has;
    nothing was sent."""

    title = "Not a user ID"
    hint = "Give your user ID (usr_ and letters/digits) with --user-id or LEMLIST_USER_ID."


class InsecureURLError(ApiError, ValueError):
    """The base URL would send the key in clear text (plain http to a non-loopback host)."""

    title = "Insecure base URL"
    hint = "Use an https:// base URL (plain http is allowed only to localhost or 127.0.0.1)."


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

    title = "lemlist refused the request"
    hint = "Check the contact and user IDs."


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
    """No (whole) answer: connection refused, DNS failure, timeout, deadline, TLS failure."""

    title = "No answer from lemlist"
    hint = "Check the connection, then retry."


class BadResponseError(ApiError):
    """An answer that is not the inbox JSON (HTML, truncated JSON, wrong shape, redirect, far
    too large)."""

    title = "An answer lemtui cannot read"
    hint = "Check the base URL (it should end in /api), then retry."


class AmbiguousContactError(ApiError):
    """Several contacts match an email address; `candidates` lists them."""

    title = "Several contacts match"
    hint = "Pick one of them."

    def __init__(self, message: str, candidates: tuple[Contact, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ReadOnlyError(ApiError):
    """A write (a draft, an email, mark-as-read) asked of a read-only client; nothing was sent."""

    title = "Read-only"
    hint = "lemtui was started read-only (--read-only, or read_only = true in the config)."


class WriteRefusedError(BadRequestError):
    """A 4xx to a write: lemlist refused it before acting and said why. Nothing was written."""

    title = "lemlist refused the reply"
    hint = "Nothing was saved or sent, and your text is kept: change it, then try again."


class UnconfirmedWriteError(ApiError):
    """A write that may have been carried out without lemtui hearing so: a 5xx, a timeout or a
    connection lost after the request left. Never retried on its own; the user checks first.

    `reason` says what happened ("lemlist answered 504", "the connection broke mid-answer").
    """

    title = "Not confirmed"
    hint = "It may have gone through: look at the conversation before trying again."

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


_EMAIL: Final = re.compile(r"[^@\s/?#%\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


def looks_like_email(text: str) -> bool:
    """True for `name@host.tld` with nothing that could change a URL path."""
    return bool(_EMAIL.fullmatch(text.strip()))


def normalize_contact_id(value: str) -> str:
    """The contact ID with surrounding whitespace removed.

    Checked before any request so that nothing a user types can change the path.

    Raises:
        InvalidContactIdError: it is not `ctc_` and letters/digits; the message says which
            character is wrong (invisible ones by their Unicode name).
    """
    candidate = value.strip()
    if _CONTACT_ID.fullmatch(candidate):
        return candidate
    expected = "expected ctc_ followed by letters and digits"
    if not candidate:
        raise InvalidContactIdError(f"No contact ID given: {expected}")
    raise InvalidContactIdError(
        f"{clean_line(candidate)[:40]!r} is not a contact ID: {_why_not_an_id(candidate)} "
        f"({expected})"
    )


def _why_not_an_id(candidate: str) -> str:
    if not candidate.startswith("ctc_"):
        return "it does not start with ctc_"
    for position, char in enumerate(candidate[4:], start=5):
        if char not in _ID_CHARS:
            return f"character {position} is {_describe(char)}"
    return "nothing follows ctc_" if len(candidate) == 4 else "it is longer than any contact ID"


def _describe(char: str) -> str:
    """A character named so that it can be seen: `'/'`, or `U+200B ZERO WIDTH SPACE`."""
    if "!" <= char <= "~":
        return repr(char)
    return f"U+{ord(char):04X} {unicodedata.name(char, '(unnamed)')}"


def normalize_user_id(value: str) -> str:
    """The user ID stripped.

    Raises:
        InvalidUserIdError: it has characters no lemlist ID has (nothing was sent).
    """
    candidate = value.strip()
    if not _USER_ID.fullmatch(candidate):
        raise InvalidUserIdError(
            f"{clean_line(candidate)[:40]!r} is not a user ID (expected usr_ and letters/digits)"
        )
    return candidate


def is_loopback_host(host: str) -> bool:
    """True only for `localhost` exactly and literal loopback addresses (127.0.0.0/8, ::1).

    Not `localhost.`: the C library resolves a name with a trailing dot through DNS, so a
    forged answer could receive the key over plain http.
    """
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash.

    https is required, except to loopback hosts (tests, the demo, a local proxy): the key
    travels in every request and must never cross a network in clear text.

    Raises:
        InsecureURLError: plain http to a host that is not loopback.
        ApiError: a URL the client cannot use (controls, credentials, query, no host).
    """
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url.strip()):
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL (spaces or controls)")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        _ = parts.port
        if not _PLAIN_URL.fullmatch(url.strip()):
            import httpx  # only for what the pattern cannot vouch for: a first frame needs none

            try:
                httpx.URL(url.strip())  # what the client will build on: refuse what it would
            except httpx.InvalidURL:
                raise ValueError(url) from None
    except ValueError:
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


_TRANSPORT: Final = "lemtui.lemlist.transport"
"""The module with httpx and TLS, imported on the first request (or by `warm_up`)."""
_LOADED: Final[set[str]] = set()
"""Holds `_TRANSPORT` once its import has *finished* (it is in `sys.modules` from the moment
it starts: a request taken for ready then would wait on the import lock in the event loop)."""

READ_AHEAD: Final = 4
"""Pages `iter_pages` requests at once once the first page has said how many there are: a
long conversation's rate-limit windows fill in a quarter of the time, and a page that ends
early wastes at most this many requests."""


def _planned_skips(first: Page, limit: int, max_pages: int, max_messages: int) -> list[int]:
    """Where the pages after a full first page start, from its `totalItems` (none without
    one, or after a short first page, whose service may page in steps of its own)."""
    total = first.pagination.total_items
    if total is None or len(first.messages) != limit or first.skip != 0:
        return []
    end = min(total, max_messages, max_pages * limit)
    return list(range(limit, end, limit))


async def _cancel_all(flying: deque[tuple[int, asyncio.Task[Page]]]) -> None:
    """Cancel the requests made ahead and wait for them to end (their errors are moot)."""
    tasks = [task for _, task in flying]
    flying.clear()
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)


class _RateLimiter:
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


class LemlistClient:
    """The lemlist inbox API: `get_page` for one page, `iter_pages`/`iter_messages` for all.

    One `httpx.AsyncClient` for the client's life (connection pooling); close it with
    `aclose()` or use `async with`. `transport` lets the demo and tests plug in the fake API.
    `timeout` bounds each attempt as a whole; `max_pages`/`max_messages` bound a conversation.

    Two optional callbacks tell a front end what a call cannot return: `on_notice(text)` for
    something worth saying once (items dropped, values replaced, paging stopped), and
    `on_wait(seconds, why)` before a wait ("lemlist's rate limit", "a retry").

    Writes (`create_draft`, `send_email`) are never retried by the transport: see
    `UnconfirmedWriteError`. `read_only` refuses every write before it is sent.
    """

    def __init__(
        self,
        api_key: Secret | None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_wait: float = 20.0,
        rate_limit: int = 20,
        rate_window: float = 2.0,
        max_pages: int = MAX_PAGES_PER_CONVERSATION,
        max_messages: int = MAX_MESSAGES_PER_CONVERSATION,
        on_notice: Callable[[str], None] | None = None,
        on_wait: Callable[[float, str], None] | None = None,
        read_only: bool = False,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self._key = api_key
        self.timeout = timeout
        self.read_only = read_only
        """True: every write (drafts, emails, mark-as-read) is refused before sending."""
        self.max_retry_wait = max_retry_wait
        self.max_pages = max_pages
        self.max_messages = max_messages
        self.on_notice = on_notice
        self.on_wait = on_wait
        self._noticed: set[str] = set()
        self._limiter = _RateLimiter(
            rate_limit, rate_window, lambda seconds: self._waiting(seconds, "lemlist's rate limit")
        )
        self._http_options: dict[str, Any] = {
            "transport": transport,
            "retries": retries,
            "backoff": backoff,
            "connect_timeout": connect_timeout,
            "read_timeout": read_timeout,
        }
        self._http_client: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"LemlistClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> LemlistClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @property
    def _http(self) -> httpx.AsyncClient:
        """The connection pool, built on first use (httpx is imported then, not before)."""
        if self._http_client is None:
            from lemtui.lemlist.transport import build_http_client

            _LOADED.add(_TRANSPORT)
            self._http_client = build_http_client(
                base_url=self.base_url,
                api_key=self._key,
                limiter=self._limiter,
                max_retry_wait=self.max_retry_wait,
                on_wait=self._waiting,
                deadline=self.timeout,
                **self._http_options,
            )
        return self._http_client

    async def _connect(self) -> None:
        """Load the HTTP half (httpx, TLS) in a thread before the first request, so that an
        app's event loop keeps drawing meanwhile."""
        if not self.warm:
            await asyncio.to_thread(importlib.import_module, _TRANSPORT)
            _LOADED.add(_TRANSPORT)  # a second import waits in its thread for the first

    @property
    def warm(self) -> bool:
        """True once the HTTP half is loaded: a request then leaves at once, without a pause
        to import it."""
        return self._http_client is not None or _TRANSPORT in _LOADED

    async def warm_up(self) -> None:
        """Load the HTTP half now (in a thread), so that the first request does not wait for
        it: an app calls this once its first frame is drawn, while the user is still typing."""
        await self._connect()

    async def aclose(self) -> None:
        """Close the connection pool (nothing to close if no request was ever made)."""
        if self._http_client is not None:
            await self._http_client.aclose()

    async def get_page(
        self,
        contact_id: str,
        *,
        skip: int = 0,
        limit: int = 10,
        user_id: str | None = None,
        mark_as_read: bool = False,
    ) -> Page:
        """One page of a contact's messages, newest first, starting `skip` items in.

        A page never holds more than `limit` messages: extra items are dropped (noted once).

        Raises:
            InvalidContactIdError, InvalidUserIdError: refused before sending.
            ReadOnlyError: `mark_as_read` asked of a read-only client (nothing sent).
            ValueError: a negative `skip`.
            AuthError, NotFoundError, BadRequestError, RateLimitedError, ServerError:
                the service's answer (after the retries it allows).
            NetworkError: no whole answer (refused, unreachable, timeout, deadline).
            BadResponseError: an answer that is not an inbox page, or too large.
        """
        contact = normalize_contact_id(contact_id)
        if skip < 0:
            raise ValueError("skip must be >= 0")
        limit = max(1, min(int(limit), MAX_PAGE_SIZE))
        params: dict[str, str | int] = {"limit": limit, "skip": skip}
        if user_id:
            params["userId"] = normalize_user_id(user_id)
        if mark_as_read:
            self._check_writable("Marking as read")
            if not user_id:
                raise InvalidUserIdError(
                    "Marking as read needs a user ID (--user-id or LEMLIST_USER_ID)"
                )
            params["markAsRead"] = "true"
        answer = await self._get_json(
            f"inbox/{contact}", params, what=f"contact {contact}", noun="page"
        )
        body = self._at_most(_page_body(answer), limit)
        return Page.from_json(body, contact_id=contact, skip=skip, limit=limit)

    async def get_inbox(self, user_id: str, *, page: int = 1, limit: int = 20) -> InboxPage:
        """One page of a user's inbox (their conversations, latest activity first).

        A page never holds more than `limit` conversations (extra ones dropped, noted once).

        Raises:
            InvalidUserIdError: refused before sending.
            ValueError: a `page` below 1.
            AuthError, NotFoundError, BadRequestError, RateLimitedError, ServerError,
            NetworkError, BadResponseError: as for `get_page`.
        """
        user = normalize_user_id(user_id)
        if page < 1:
            raise ValueError("page must be >= 1")
        limit = max(1, min(int(limit), MAX_PAGE_SIZE))
        params: dict[str, str | int] = {"userId": user, "page": page, "limit": limit}
        answer = await self._get_json("inbox", params, what=f"inbox of {user}", noun="page")
        body = self._at_most(_page_body(answer), limit)
        return InboxPage.from_json(body, page=page, limit=limit, user_id=user)

    async def find_contact(self, id_or_email: str) -> Contact:
        """The contact with this email address (or `ctc_` id).

        Raises:
            InvalidContactIdError: neither an email address nor a contact ID (nothing sent).
            NotFoundError: no such contact.
            AmbiguousContactError: several contacts have this address (`candidates`).
            AuthError, BadRequestError, RateLimitedError, ServerError, NetworkError,
            BadResponseError: as for `get_page`.
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
            body = await self._get_json(path, {}, what=what, noun="answer")
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

        Raises:
            BadResponseError: an answer that lists no users.
            AuthError, NotFoundError, BadRequestError, RateLimitedError, ServerError,
            NetworkError: as for `get_page`.
        """
        body = await self._get_json("team", {"version": "v2"}, what="your team", noun="answer")
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
        """Ask the service to mark the conversation read for `user_id`.

        Raises:
            The errors of `get_page`.
        """
        await self.get_page(contact_id, limit=1, user_id=user_id, mark_as_read=True)

    async def iter_pages(
        self,
        contact_id: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        user_id: str | None = None,
        mark_as_read: bool = False,
        ahead: int = READ_AHEAD,
    ) -> AsyncGenerator[Page, None]:
        """Every page in order, up to the last one, and never forever.

        The first page is fetched alone. When it is full and says how many messages there
        are (`totalItems`), where every later page starts is known: up to `ahead` of them
        are requested at once (the rate limiter still paces them), and they are yielded in
        order. A page that ends early (the service sent fewer than asked, or the
        conversation changed) drops whatever was requested beyond it, and paging goes on one
        page at a time from where that page really ended; after the planned pages, a
        conversation that grew meanwhile is followed the same way. Requests made ahead are
        bounded: at most `ahead` more than sequential paging would have sent. A page whose
        `totalItems` differs from the first page's (a message came or went meanwhile) ends
        asking ahead the same way: pages asked before and after the change could leave a
        message out between them.

        Paging also ends at a page whose messages all repeat what came before (id-less ones
        compared by content: `message_key`), and after `max_pages` pages or `max_messages`
        messages; those ends are noted (`on_notice`), since messages may be missing.

        Close the iterator (`contextlib.aclosing`) when leaving it early: the requests still
        in flight are cancelled then.

        Raises:
            The errors of `get_page`, for whichever page failed (earlier pages were yielded).
        """
        limit = max(1, min(int(limit), MAX_PAGE_SIZE))
        skip = 0
        seen: set[str] = set()
        pages = 0
        planned: deque[int] = deque()
        """Where the pages known from the first page's total start, not yet requested."""
        flying: deque[tuple[int, asyncio.Task[Page]]] = deque()
        """Requests made ahead, in page order, with their `skip`."""
        total: int | None = None
        """The first page's `totalItems`: a later page saying otherwise ends asking ahead."""
        try:
            while True:
                if flying and flying[0][0] == skip:
                    page = await flying.popleft()[1]
                else:
                    page = await self.get_page(
                        contact_id,
                        skip=skip,
                        limit=limit,
                        user_id=user_id,
                        mark_as_read=mark_as_read and pages == 0,
                    )
                pages += 1
                keys = {message_key(message) for message in page.messages}
                repeats_only = bool(keys) and keys <= seen
                seen |= keys
                yield page
                if not page.has_more:
                    return
                if repeats_only:
                    self._notice(
                        "repeated page",
                        "lemlist sent a page holding only messages already loaded: stopped "
                        "there (it may have more that it does not page through)",
                    )
                    return
                if pages >= self.max_pages or len(seen) >= self.max_messages:
                    self._notice(
                        "cap",
                        f"Stopped after {pages:,} pages and {len(seen):,} messages, lemtui's "
                        "limit for one conversation: lemlist still said there was more",
                    )
                    return
                skip = page.next_skip
                if pages == 1 and ahead > 1:
                    planned.extend(_planned_skips(page, limit, self.max_pages, self.max_messages))
                    total = page.pagination.total_items
                expected = flying[0][0] if flying else planned[0] if planned else skip
                if expected != skip or (
                    (flying or planned) and page.pagination.total_items != total
                ):
                    # This page ended early, or the conversation changed while the pages
                    # were asked for (a new message shifts every later one down: a page
                    # asked before it and one asked after it would leave a message out).
                    # Drop what was asked ahead; go on one page at a time from here.
                    planned.clear()
                    await _cancel_all(flying)
                while planned and len(flying) < ahead:
                    ahead_skip = planned.popleft()
                    task = asyncio.ensure_future(
                        self.get_page(contact_id, skip=ahead_skip, limit=limit, user_id=user_id)
                    )
                    flying.append((ahead_skip, task))
        finally:
            await _cancel_all(flying)

    async def iter_messages(
        self,
        contact_id: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        user_id: str | None = None,
        mark_as_read: bool = False,
    ) -> AsyncIterator[Message]:
        """Every message once (repeats across pages dropped: `dedupe`), newest first.

        Raises:
            The errors of `get_page`.
        """
        seen: set[str] = set()
        pages = self.iter_pages(contact_id, limit=limit, user_id=user_id, mark_as_read=mark_as_read)
        async with contextlib.aclosing(pages):  # left early, what was asked ahead is cancelled
            async for page in pages:
                for message in dedupe(page.messages, seen):
                    yield message

    # --- writes: sent once, never retried on their own ------------------------------------

    async def create_draft(self, request: DraftRequest) -> str:
        """Save a draft in the lemlist inbox (nothing is sent to the lead); returns its ID
        ('' if lemlist confirmed without one).

        Raises:
            ReadOnlyError, InvalidContactIdError, InvalidUserIdError: refused before sending.
            UnconfirmedWriteError: a 5xx, a timeout or a lost connection after it left (it
                may have been saved).
            WriteRefusedError: lemlist refused it (4xx) and said why; nothing was saved.
            AuthError, NotFoundError, RateLimitedError, NetworkError (nothing was sent),
            BadResponseError: as for `get_page`.
        """
        self._check_writable("Saving a lemlist draft")
        contact = normalize_contact_id(request.contact_id)
        owner = request.params.get("draftOwner", "").strip()
        if not owner:
            raise InvalidUserIdError("A lemlist draft needs its owner (your user ID)")
        answer = await self._post_json(
            f"inbox/{contact}/drafts",
            {"draftOwner": owner},
            request.json,
            what="draft",
            again="check the conversation's drafts in lemlist before saving again",
        )
        draft_id = answer.get("draftId") if isinstance(answer, dict) else None
        return clean_line(draft_id)[:64] if isinstance(draft_id, str) else ""

    async def send_email(self, payload: Mapping[str, str]) -> None:
        """Send an email from the user's mailbox (`POST /inbox/email`); it leaves at once.

        Raises:
            The errors of `create_draft`; an `UnconfirmedWriteError` means the email may have
            left: the conversation shows whether it did.
        """
        self._check_writable("Sending an email")
        normalize_contact_id(payload.get("contactId", ""))
        answer = await self._post_json(
            "inbox/email",
            {},
            payload,
            what="email",
            again="check the conversation before sending again",
        )
        if isinstance(answer, dict) and answer.get("ok") is False:
            raise UnconfirmedWriteError(
                "lemlist did not confirm; check the conversation before sending again",
                "lemlist answered, but not with ok",
            )

    def _check_writable(self, what: str) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"{what} is off: lemtui runs read-only (--read-only or read_only = true in "
                "the config), so nothing is written to lemlist"
            )

    async def _post_json(
        self,
        path: str,
        params: dict[str, str],
        body: Mapping[str, Any],
        *,
        what: str,
        again: str,
    ) -> Any:
        """POST `body` once and decode the answer; a 429 waits its `Retry-After` (at most
        `max_retry_wait`) and goes once more, since it was refused before anything was done.

        Whatever may have been carried out is an `UnconfirmedWriteError` whose message says to
        check (`again`), never a retry.
        """
        if not self._key:
            raise AuthError(
                "No API key: set LEMLIST_API_KEY or api_key/api_key_command in the config file"
            )
        await self._connect()
        import httpx

        from lemtui.lemlist.transport import _AnswerTooLarge, _BadEncoding, _DeadlineExceeded

        unconfirmed = f"lemlist did not confirm; {again}"
        for attempt in (1, 2):
            try:
                response = await self._http.post(path, params=params, json=dict(body))
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # Nothing left this machine: safe to say so, and to try again.
                raise NetworkError(
                    f"Cannot reach {self._host}: {_transport_reason(exc)}; the {what} was not sent"
                ) from None
            except _DeadlineExceeded:
                raise UnconfirmedWriteError(
                    unconfirmed, f"no whole answer within {self.timeout:g} s"
                ) from None
            except httpx.TimeoutException:
                raise UnconfirmedWriteError(unconfirmed, "no answer in time") from None
            except httpx.TransportError as exc:
                raise UnconfirmedWriteError(unconfirmed, _transport_reason(exc)) from None
            except (_AnswerTooLarge, _BadEncoding):
                raise UnconfirmedWriteError(unconfirmed, "an answer lemtui cannot read") from None
            status = response.status_code
            if status == 429 and attempt == 1:
                wait = _retry_after(response)
                wait = self._limiter.window if wait is None else wait
                if wait <= self.max_retry_wait:
                    self._waiting(wait, "lemlist's rate limit")
                    await asyncio.sleep(wait)
                    continue
            return self._decode_write(response, what=what, unconfirmed=unconfirmed)
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _decode_write(self, response: httpx.Response, *, what: str, unconfirmed: str) -> Any:
        """A write's answer: the JSON of a 200, or the error that says whether it was done."""
        status = response.status_code
        if status == 200:
            content_type = response.headers.get("content-type", "")
            if "json" not in content_type.lower():
                kind = self._shown(content_type.split(";")[0], 40) or "no content type"
                raise UnconfirmedWriteError(unconfirmed, f"the answer was {kind}, not lemlist's")
            try:
                return self._json(response.content)
            except BadResponseError:
                raise UnconfirmedWriteError(unconfirmed, "the answer was not valid JSON") from None
        said = self._server_text(response)
        if status == 429:
            retry_after = _retry_after(response)
            wait = f"; try again in {retry_after:.0f} s" if retry_after is not None else ""
            raise RateLimitedError(
                f"lemlist's rate limit was hit and the {what} was not sent{wait}", retry_after
            )
        if 500 <= status < 600 or status < 200 or 200 < status < 300:
            answered = f"lemlist answered {status}{': ' + said if said else ''}"
            raise UnconfirmedWriteError(unconfirmed, answered)
        if 400 <= status < 500 and status not in (401, 403, 404):
            raise WriteRefusedError(f"lemlist refused the {what}: {said or f'error {status}'}")
        return self._decode(response, what=f"the {what}'s conversation")

    def _notice(self, kind: str, text: str) -> None:
        """Tell `on_notice`, once per kind of note for this client (a lying server repeats
        itself on every page)."""
        if kind in self._noticed:
            return
        self._noticed.add(kind)
        if self.on_notice is not None:
            self.on_notice(text)

    def _waiting(self, seconds: float, why: str) -> None:
        if self.on_wait is not None:
            self.on_wait(seconds, why)

    def _at_most(self, body: dict[str, Any], limit: int) -> dict[str, Any]:
        """The page with at most `limit` items: a server sending more is not believed."""
        items = body["data"]
        if len(items) <= limit:
            return body
        self._notice(
            "items",
            f"lemlist sent more items than asked for ({len(items):,} for a page of {limit}): "
            f"kept the first {limit} of each page",
        )
        return {**body, "data": items[:limit]}

    async def _get_json(
        self, path: str, params: dict[str, str | int], *, what: str, noun: str
    ) -> Any:
        if not self._key:
            raise AuthError(
                "No API key: set LEMLIST_API_KEY or api_key/api_key_command in the config file"
            )
        await self._connect()
        import httpx

        from lemtui.lemlist.transport import _AnswerTooLarge, _BadEncoding, _DeadlineExceeded

        try:
            response = await self._http.get(path, params=params)
        except _DeadlineExceeded:
            raise NetworkError(
                f"lemlist did not finish answering within {self.timeout:g} s ({self._host})"
            ) from None
        except httpx.TimeoutException:
            raise NetworkError(f"lemlist did not answer in time ({self._host})") from None
        except httpx.TransportError as exc:
            raise NetworkError(f"Cannot reach {self._host}: {_transport_reason(exc)}") from None
        except _AnswerTooLarge:
            raise BadResponseError(
                f"lemlist sent more than {PAGE_BUDGET // (1024 * 1024)} MB for one {noun}: "
                "stopped reading"
            ) from None
        except _BadEncoding as exc:
            raise BadResponseError(
                f"The server's answer is compressed as {self._shown(exc.encoding, 20)!r}, which "
                "lemtui did not ask for or cannot read"
            ) from None
        return self._decode(response, what=what)

    @property
    def _host(self) -> str:
        return urlsplit(self.base_url).netloc

    def _decode(self, response: httpx.Response, *, what: str) -> Any:
        """The JSON of a 200, or the typed error for any other answer (each body decoded once)."""
        status = response.status_code
        if status == 200:
            content_type = response.headers.get("content-type", "")
            if "json" not in content_type.lower():
                kind = self._shown(content_type.split(";")[0], 40) or "no content type"
                raise BadResponseError(
                    f"The server answered with {kind}, not JSON: "
                    "is the base URL right (it should end in /api)?"
                )
            return self._json(response.content)
        said = self._server_text(response)
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

    def _json(self, content: bytes) -> Any:
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
            self._notice(
                "nan", "lemlist sent NaN or Infinity, which JSON cannot hold: kept as null"
            )
        return body

    def _server_text(self, response: httpx.Response) -> str:
        """A short, cleaned excerpt of an error body with the key taken out: plain text as
        is, JSON's message field, nothing for HTML."""
        content_type = response.headers.get("content-type", "").lower()
        raw = response.content.decode("utf-8", "replace")
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
                        break
        return self._shown(raw, 160)

    def _shown(self, text: str, width: int) -> str:
        """Server text fit to show: the key removed in every form (before cleaning, and again
        after, since cleaning joins what invisible characters split), cleaned, then cut."""
        if self._key:
            text = self._key.redact(text)
        text = clean_line(text)
        if self._key:
            text = self._key.redact(text)
        return text[:width]


def _page_body(body: Any) -> dict[str, Any]:
    """The JSON checked to be a page (`{"data": [...]}`); anything else is a bad response."""
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise BadResponseError("The server's JSON is not an inbox page (no 'data' list)")
    return body


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        return float(value)
    return None


def _transport_reason(exc: httpx.TransportError) -> str:
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
