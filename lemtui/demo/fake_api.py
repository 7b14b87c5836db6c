"""The built-in fake lemlist API: a small pure ASGI app serving the demo data. Stdlib only.

`--demo` talks to it through `httpx.ASGITransport`; the tests drive it the same way or over a
real uvicorn on 127.0.0.1. It follows the real service's rules, including the unfriendly ones:

* routes live under `/api`; anything else answers **200 text/html** (the web app's page), so
  a client must check the content type before parsing;
* HTTP Basic auth, API key as the password (the user name is ignored; lemlist's docs leave it
  empty); missing or wrong → 401 text/plain;
* errors are `text/plain`, except the contacts 404, which is the JSON the spec shows;
* an unknown but well-formed contact on `/inbox/{contactId}` → 404 text/plain
  "Contact not found" (the real wording is unknown);
* rate limit: a **sliding window** of `rate_limit` accepted requests per `rate_window` seconds
  per API key; over it → 429 with `Retry-After` (whole seconds, ≥ 1) and `X-RateLimit-*`
  headers, `X-RateLimit-Reset` being a JavaScript-style date string, as the service sends.
  Rejected requests do not count, so a client that waits `Retry-After` gets through.

The two write routes (`lemlist-inbox-write-api.txt`) keep what they did for tests to inspect:
`POST /api/inbox/{contactId}/drafts?draftOwner=` appends a `StoredDraft` to `drafts`, and
`POST /api/inbox/email` appends a `SentEmail` to `sent` and puts an `emailsSent` activity on top
of the contact's conversation, so the demo shows it on the next load. Their validation is the
documented one, and deliberately stricter where the doc is silent, so a client bug shows here
rather than against the service: unknown body fields are refused, `replyToActivityId` must be a
message of that conversation, the mailbox must be the sending user's, the lead one of the
contact's, and the email body has the drafts' 30,000-character limit (counted as JavaScript
counts: UTF-16 code units). A request body over 1 MiB is a 413.

Order of checks for every request: record it (with its body), sleep the latency, canned
failures (`fail_next`), routing (unknown → HTML), method (405), auth (401), a queued write
fault (`fail_next_write`), rate limit (429), then the endpoint's own validation (400), lookup
(404) and answer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import math
import random
import re
import string
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from functools import partial
from typing import Any, Final, Literal
from urllib.parse import parse_qsl

from lemtui.demo.data import (
    DEMO_CONTACTS,
    DEMO_TEAM_ID,
    DEMO_USER_ID,
    DemoConversations,
    contact_record,
    default_read,
    demo_conversations,
    demo_team,
    inbox_entry,
    team_senders,
    team_user_ids,
)

__all__ = [
    "AUTH_ERROR",
    "CONTACT_NOT_FOUND",
    "DEMO_API_KEY",
    "DEMO_CONTACTS",
    "DEMO_USER_ID",
    "MAX_CONTENT_LENGTH",
    "MAX_DRAFTS_PER_CONVERSATION",
    "FakeLemlist",
    "RecordedRequest",
    "SentEmail",
    "StoredDraft",
    "WriteFault",
    "demo_conversations",
    "js_date",
    "js_length",
]

DEMO_API_KEY: Final = "demo"
"""The API key `--demo` uses against the fake."""

AUTH_ERROR: Final = "The authentication you supplied is incorrect"
CONTACT_NOT_FOUND: Final = "Contact not found"
MAX_CONTENT_LENGTH: Final = 30_000
"""The most characters a draft's `content` (and, here, an email's `message`) may hold."""
MAX_DRAFTS_PER_CONVERSATION: Final = 10
MAX_REQUEST_BODY: Final = 1 << 20
CHANNELS: Final = ("email", "linkedin", "whatsapp", "sms")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_CONTACT_ID = re.compile(r"ctc_[A-Za-z0-9]+")
_USER_ID = re.compile(r"usr_[A-Za-z0-9]+")
_DIGITS = re.compile(r"[0-9]{1,9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ALNUM: Final = string.ascii_letters + string.digits
_DRAFT_FIELDS: Final = frozenset(
    {"channel", "content", "subject", "cc", "attachments", "replyToActivityId", "sourceMetadata"}
)
_EMAIL_REQUIRED: Final = (
    "sendUserId",
    "sendUserEmail",
    "sendUserMailboxId",
    "contactId",
    "leadId",
    "subject",
    "message",
)
_EMAIL_FIELDS: Final = frozenset({*_EMAIL_REQUIRED, "cc"})
_TEXT: Final = "text/plain; charset=utf-8"
_JSON: Final = "application/json; charset=utf-8"
_HTML: Final = "text/html; charset=utf-8"
_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

_WEB_APP_PAGE: Final = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<link rel="icon" href="/favicon.ico"><title>lemlist</title>'
    '<link href="/static/css/main.4f2c1b.css" rel="stylesheet"></head>'
    "<body><noscript>You need to enable JavaScript to run this app.</noscript>"
    '<div id="root"></div><script src="/static/js/main.9a7e3d.js"></script></body></html>'
)


@dataclass(slots=True)
class RecordedRequest:
    """One request the fake received, kept in `FakeLemlist.requests` for assertions.

    `time` is `time.monotonic()` at arrival; `query` keeps the last value of repeated keys.
    """

    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    time: float
    body: bytes = b""
    """The request body as received (cut at 1 MiB + 1 byte)."""


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft `POST /inbox/{contactId}/drafts` created, kept in `FakeLemlist.drafts`."""

    draft_id: str
    contact_id: str
    owner_id: str
    """The `usr_` id of the owner, whether `draftOwner` named it by id or by email."""
    draft_owner: str
    """`draftOwner` exactly as the request gave it."""
    channel: str
    content: str
    subject: str | None
    reply_to_activity_id: str | None
    payload: Mapping[str, Any]
    """The JSON body as received."""


@dataclass(frozen=True, slots=True)
class SentEmail:
    """An email `POST /inbox/email` sent, kept in `FakeLemlist.sent`."""

    activity_id: str
    """The `_id` of the `emailsSent` activity it added to the conversation."""
    contact_id: str
    send_user_id: str
    send_user_email: str
    send_user_mailbox_id: str
    lead_id: str
    subject: str
    message: str
    cc: tuple[str, ...]
    payload: Mapping[str, Any]
    """The JSON body as received."""


class WriteFault(Enum):
    """Ways to make the next write fail (`FakeLemlist.fail_next_write`), as a client sees them.

    The three kinds a client must tell apart: refused before anything happened (safe to try
    again), done but not confirmed (a retry would write twice), and 429 (refused, retry later).
    """

    ERROR_BEFORE_ACTING = "error-before-acting"
    """A 5xx (default 503) and nothing written."""
    ERROR_AFTER_ACTING = "error-after-acting"
    """The write is carried out, then a 5xx (default 504) answers it."""
    DROP_AFTER_ACTING = "drop-after-acting"
    """The write is carried out, then the connection drops mid-answer.

    Over real HTTP the client sees the peer close before the body (httpx's
    `RemoteProtocolError`); an in-process ASGI transport has no connection to drop, and httpx's
    `ASGITransport` fails an assertion instead, so use it over HTTP (`tests/support/server.py`).
    """
    RATE_LIMITED = "rate-limited"
    """429 with `Retry-After` and the rate-limit headers, nothing written."""
    REJECTED = "rejected"
    """A 4xx (default 400) with a text, nothing written."""


@dataclass(slots=True)
class _Fault:
    fault: WriteFault
    status: int
    text: str
    retry_after: int
    route: str | None


@dataclass(slots=True)
class _Canned:
    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]]
    times: int
    path_contains: str


@dataclass(slots=True)
class _Answer:
    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]] = field(default_factory=list)


def _text(status: int, message: str) -> _Answer:
    return _Answer(status, message.encode(), _TEXT)


def _json(payload: Any, status: int = 200) -> _Answer:
    return _Answer(status, json.dumps(payload, ensure_ascii=False).encode(), _JSON)


_Handler = Callable[[dict[str, str], bytes], _Answer]
_DROPPED: Final = _Answer(200, b"", _JSON)
"""The answer that is no answer: headers, then the connection drops (`DROP_AFTER_ACTING`)."""
_AFTER_ACTING: Final = frozenset({WriteFault.ERROR_AFTER_ACTING, WriteFault.DROP_AFTER_ACTING})


def _query_only(handler: Callable[[dict[str, str]], _Answer]) -> _Handler:
    """A GET handler, which has no use for the request body."""
    return lambda query, _body: handler(query)


def _parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _reply_subject(messages: list[dict[str, Any]], email: bool) -> str | None:
    """`Re:` and the newest email subject of the conversation (None off email)."""
    if not email:
        return None
    for message in messages:
        subject = message.get("subject")
        if str(message.get("type", "")).startswith("email") and isinstance(subject, str):
            return subject if subject.lower().startswith("re:") else f"Re: {subject}"
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def js_length(text: str) -> int:
    """The length of a string as the service's JavaScript counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _iso_now(epoch: float) -> str:
    moment = time.gmtime(epoch)
    millis = int(epoch * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{millis:03d}Z"


def js_date(epoch: float) -> str:
    """A date the way the service writes `X-RateLimit-Reset`: `Fri Nov 27 2026 10:00:02 GMT+0000`.

    Built by hand rather than with `strftime`, whose day and month names follow the locale.
    """
    moment = time.gmtime(epoch)
    return (
        f"{_DAYS[moment.tm_wday]} {_MONTHS[moment.tm_mon - 1]} {moment.tm_mday:02d} "
        f"{moment.tm_year} {moment.tm_hour:02d}:{moment.tm_min:02d}:{moment.tm_sec:02d} GMT+0000"
    )


def _pagination(total: int, skip: int, limit: int) -> dict[str, Any]:
    current = skip // limit + 1
    return {
        "totalItems": total,
        "currentPage": current,
        "nextPage": current + 1 if skip + limit < total else None,
        "previousPage": current - 1 if current > 1 else None,
        "perPage": limit,
        "totalPages": math.ceil(total / limit),
    }


class FakeLemlist:
    """The fake lemlist API as an ASGI app: `await app(scope, receive, send)`.

    Serves `conversations` (contactId → messages, newest first; None → the demo data, built
    lazily per contact) with the real service's paging, auth, errors and rate limit, records
    every request, keeps what the write routes wrote (`drafts`, `sent`), and can be told to
    misbehave (`fail_next`, `fail_next_write`, `set_latency`, `slow_contacts`).
    """

    def __init__(
        self,
        *,
        api_key: str = DEMO_API_KEY,
        conversations: Mapping[str, list[dict[str, Any]]] | None = None,
        latency: float = 0.0,
        rate_limit: int = 20,
        rate_window: float = 2.0,
        default_limit: int = 10,
        max_limit: int = 100,
    ) -> None:
        self.api_key = api_key
        self.conversations: Mapping[str, list[dict[str, Any]]] = (
            DemoConversations() if conversations is None else conversations
        )
        self.latency = latency
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.default_limit = default_limit
        self.max_limit = max_limit
        self.requests: list[RecordedRequest] = []
        self.read_state: dict[tuple[str, str], bool] = {}
        """(contactId, userId) → read, as set by `markAsRead=true`; unset means the demo default."""
        self.slow_contacts: dict[str, float] = {}
        """Extra seconds of latency for particular contact ids (any route naming them)."""
        self.drafts: list[StoredDraft] = []
        """Drafts created through `POST /inbox/{contactId}/drafts`, oldest first."""
        self.sent: list[SentEmail] = []
        """Emails sent through `POST /inbox/email`, oldest first."""
        self.clock: Callable[[], float] = time.time
        """Wall-clock seconds for the `createdAt` of sent emails (tests may pin it)."""
        self._canned: list[_Canned] = []
        self._faults: list[_Fault] = []
        self._hits: dict[str, deque[float]] = {}
        self._ids = random.Random("lemtui-fake-writes")  # noqa: S311 - ids, not secrets

    # --- knobs for tests ---------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        body: str | bytes = "",
        *,
        content_type: str = _TEXT,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
        path_contains: str = "",
    ) -> None:
        """Answer the next `times` requests whose `path?query` contains `path_contains` with this.

        For 5xx, 429, an HTML page with 200, a body that is not JSON... Canned answers are
        consumed in the order queued and apply before auth, routing and the rate limit (as a
        proxy in front of the service would), but after the latency.
        """
        raw = body.encode() if isinstance(body, str) else body
        merged = {"content-type": content_type}
        merged.update((name.lower(), value) for name, value in (headers or {}).items())
        header_list = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in merged.items()]
        self._canned.append(_Canned(status, raw, header_list, max(1, times), path_contains))

    def fail_next_write(
        self,
        fault: WriteFault,
        *,
        status: int | None = None,
        text: str | None = None,
        retry_after: int = 1,
        route: Literal["drafts", "email"] | None = None,
    ) -> None:
        """Make the next write (a POST to either write route, or only `route`) fail as `fault`.

        Faults are queued and each is spent by one write request that passed auth, even one
        the fake would refuse anyway: an `*_AFTER_ACTING` fault on an invalid write leaves the
        fake's own 4xx answer. `status` and `text` replace the defaults (503, 504, 400 and
        their wording); `retry_after` is the 429's `Retry-After` in seconds.
        """
        defaults = {
            WriteFault.ERROR_BEFORE_ACTING: (503, "Service temporarily unavailable"),
            WriteFault.ERROR_AFTER_ACTING: (504, "Gateway timeout"),
            WriteFault.DROP_AFTER_ACTING: (200, ""),
            WriteFault.RATE_LIMITED: (429, "Too many requests, please retry later."),
            WriteFault.REJECTED: (400, "Invalid request"),
        }
        default_status, default_text = defaults[fault]
        self._faults.append(
            _Fault(
                fault,
                default_status if status is None else status,
                default_text if text is None else text,
                max(0, retry_after),
                route,
            )
        )

    def set_latency(self, seconds: float) -> None:
        """Delay every answer by `seconds` (an `asyncio.sleep`, so concurrency is preserved)."""
        self.latency = seconds

    def add_message(
        self, contact_id: str, message: dict[str, Any], *, unread: bool = False
    ) -> None:
        """Put a new newest message on top of a known conversation, as if it had just arrived.

        Offset paging over a growing conversation shifts items into the next page; tests use
        this to check that the client shows each `_id` once. `unread`: the conversation
        becomes unread for every user of the team and of the conversation (a reply came).
        Test-only, like every knob here: lemtui itself never calls it.
        """
        messages = self.conversations[contact_id]
        messages.insert(0, message)
        if unread:
            users = set(team_user_ids())
            users.update(m["sendUserId"] for m in messages if isinstance(m.get("sendUserId"), str))
            for user_id in users:
                self.read_state[(contact_id, user_id)] = False

    def add_reply(
        self,
        contact_id: str,
        text: str = "Thanks, that works for me. Can we talk on Thursday?",
        *,
        subject: str | None = None,
        channel: Literal["email", "linkedin"] = "email",
        at: float | None = None,
    ) -> dict[str, Any]:
        """Make the lead's reply arrive now, for live tests: an `emailsReplied` (or
        `linkedinReplied`) activity on top of the conversation, which becomes unread and the
        inbox's newest. Returns the activity. Test-only: lemtui itself never calls it.

        `at` (epoch seconds) defaults to now, or just after the newest activity anywhere in
        the fake when that is later (the demo's dates may lie ahead of the machine's clock).
        """
        messages = self.conversations[contact_id]
        lead = next((m for m in messages if m.get("leadId")), {})
        if at is None:
            newest = max(
                (
                    parsed.timestamp()
                    for other in self.conversations.values()
                    for m in other
                    if (parsed := _parse_iso(m.get("createdAt"))) is not None
                ),
                default=0.0,
            )
            at = max(self.clock(), newest + 60.0)
        email = channel == "email"
        reply: dict[str, Any] = {
            "_id": self._new_id("act_"),
            "type": "emailsReplied" if email else "linkedinReplied",
            "messageId": f"<{self._new_id('')}@mail.gmail.fake>" if email else None,
            "createdAt": _iso_now(at),
            "fromEmail": lead.get("leadEmail") or contact_record(contact_id, messages)["email"],
            "teamId": DEMO_TEAM_ID,
            "leadId": lead.get("leadId"),
            "campaignId": lead.get("campaignId"),
            "sequenceId": lead.get("sequenceId"),
            "sequenceStep": lead.get("sequenceStep"),
            "sendUserId": lead.get("sendUserId"),
            "sendUserName": lead.get("sendUserName"),
            "sendUserEmail": lead.get("sendUserEmail"),
            "sendUserMailboxId": lead.get("sendUserMailboxId"),
            "leadEmail": lead.get("leadEmail"),
            "contactId": contact_id,
            "message": f"<p>{_escape(text)}</p>" if email else text,
            "subject": subject if subject is not None else _reply_subject(messages, email),
            "attachments": [],
        }
        self.add_message(contact_id, reply, unread=True)
        return reply

    def is_read(self, contact_id: str, user_id: str) -> bool:
        """Whether `user_id` has read the conversation: `read_state` or else the demo default."""
        return self.read_state.get((contact_id, user_id), default_read(contact_id, user_id))

    # --- ASGI --------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection: lifespan events, or one HTTP request."""
        if scope["type"] == "lifespan":
            while True:
                event = await receive()
                if event["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif event["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        method = str(scope.get("method", "GET")).upper()
        path = str(scope.get("path", "/"))
        query_string = bytes(scope.get("query_string", b"")).decode("latin-1")
        query = dict(parse_qsl(query_string, keep_blank_values=True))
        authorization = None
        for name, value in scope.get("headers", []):
            if bytes(name).lower() == b"authorization":
                authorization = bytes(value).decode("latin-1")
        record = RecordedRequest(method, path, query, authorization, time.monotonic())
        self.requests.append(record)
        body = await self._read_body(receive)
        if body is None:
            return  # the client went away before sending its whole request
        record.body = body

        delay = self.latency + self._slow_delay(path)
        if delay > 0:
            await asyncio.sleep(delay)

        target = f"{path}?{query_string}" if query_string else path
        for canned in self._canned:
            if canned.path_contains in target:
                canned.times -= 1
                if canned.times <= 0:
                    self._canned.remove(canned)
                await self._send_raw(send, canned.status, canned.body, canned.headers)
                return

        answer = self._handle(method, path, query, authorization, body)
        headers = [(b"content-type", answer.content_type.encode())]
        headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in answer.headers]
        if answer is _DROPPED:
            # Headers promising a body that never comes, then the end of the connection.
            headers = [*headers, (b"content-length", b"16")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            return
        await self._send_raw(send, answer.status, answer.body, headers)

    @staticmethod
    async def _read_body(receive: Receive) -> bytes | None:
        """The request body, cut at MAX_REQUEST_BODY + 1 bytes; None if the client left."""
        chunks: list[bytes] = []
        size = 0
        while True:
            event = await receive()
            if event["type"] == "http.disconnect":
                return None
            chunk = bytes(event.get("body", b""))
            if size <= MAX_REQUEST_BODY:
                chunks.append(chunk[: MAX_REQUEST_BODY + 1 - size])
                size += len(chunks[-1])
            if not event.get("more_body", False):
                return b"".join(chunks)

    async def _send_raw(
        self, send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
    ) -> None:
        headers = [*headers, (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _slow_delay(self, path: str) -> float:
        if not self.slow_contacts:
            return 0.0
        parts = path.rstrip("/").split("/")
        return max((self.slow_contacts.get(part, 0.0) for part in parts), default=0.0)

    # --- routing, auth, rate limit -----------------------------------------------------------

    def _endpoints(self, path: str) -> dict[str, _Handler] | None:
        """The handlers for a path by method (one trailing slash tolerated), None: the web app.

        `GET /inbox/email` is the messages route with contactId "email", as on the service,
        whose router matches `/inbox/:contactId` for GET.
        """
        if len(path) > 1:
            path = path.removesuffix("/")
        match path.split("/")[1:]:
            case ["api", "inbox"]:
                return {"GET": _query_only(self._inbox)}
            case ["api", "inbox", "email"]:
                return {"GET": _query_only(partial(self._messages, "email")), "POST": self._email}
            case ["api", "inbox", contact_id]:
                return {"GET": _query_only(partial(self._messages, contact_id))}
            case ["api", "inbox", contact_id, "drafts"]:
                return {"POST": partial(self._create_draft, contact_id)}
            case ["api", "contacts", id_or_email]:
                return {"GET": _query_only(partial(self._contact, id_or_email))}
            case ["api", "team"]:
                return {"GET": _query_only(self._team)}
            case _:
                return None

    def _handle(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        authorization: str | None,
        body: bytes,
    ) -> _Answer:
        endpoints = self._endpoints(path)
        if endpoints is None:
            return _Answer(200, _WEB_APP_PAGE.encode(), _HTML)
        endpoint = endpoints.get(method)
        if endpoint is None:
            return _text(405, "Method not allowed")
        key = self._api_key(authorization)
        if key is None or key != self.api_key:
            return _text(401, AUTH_ERROR)
        fault = self._take_fault(path) if method == "POST" else None
        if fault is not None and fault.fault not in _AFTER_ACTING:
            return self._fault_answer(fault)
        limited, headers = self._rate(key)
        if limited is not None:
            limited.headers = headers
            return limited
        if len(body) > MAX_REQUEST_BODY:
            answer = _text(413, "request entity too large")
        else:
            answer = endpoint(query, body)
        if fault is not None and answer.status == 200:
            if fault.fault is WriteFault.DROP_AFTER_ACTING:
                return _DROPPED
            answer = _text(fault.status, fault.text)
        answer.headers = headers + answer.headers
        return answer

    def _take_fault(self, path: str) -> _Fault | None:
        route = "drafts" if path.rstrip("/").endswith("/drafts") else "email"
        for fault in self._faults:
            if fault.route in (None, route):
                self._faults.remove(fault)
                return fault
        return None

    def _fault_answer(self, fault: _Fault) -> _Answer:
        answer = _text(fault.status, fault.text)
        if fault.fault is WriteFault.RATE_LIMITED:
            answer.headers = self._rate_headers(0, fault.retry_after)
            answer.headers.append(("Retry-After", str(fault.retry_after)))
        return answer

    @staticmethod
    def _api_key(authorization: str | None) -> str | None:
        if not authorization:
            return None
        scheme, _, encoded = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        _user, colon, password = decoded.partition(":")
        return password if colon else None

    def _rate(self, key: str) -> tuple[_Answer | None, list[tuple[str, str]]]:
        """Sliding window: at most `rate_limit` accepted requests in any `rate_window` seconds."""
        now = time.monotonic()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.rate_window:
            hits.popleft()
        if len(hits) >= self.rate_limit:
            wait = hits[0] + self.rate_window - now
            headers = self._rate_headers(0, wait)
            headers.append(("Retry-After", str(max(1, math.ceil(wait)))))
            return _text(429, "Too many requests, please retry later."), headers
        hits.append(now)
        wait = hits[0] + self.rate_window - now
        return None, self._rate_headers(self.rate_limit - len(hits), wait)

    def _rate_headers(self, remaining: int, wait: float) -> list[tuple[str, str]]:
        return [
            ("X-RateLimit-Limit", str(self.rate_limit)),
            ("X-RateLimit-Remaining", str(max(0, remaining))),
            ("X-RateLimit-Reset", js_date(time.time() + max(wait, 0.0))),
        ]

    # --- endpoints ---------------------------------------------------------------------------

    def _paging_arg(self, query: dict[str, str], name: str, default: int) -> int | _Answer:
        raw = query.get(name)
        if raw is None:
            return default
        if not _DIGITS.fullmatch(raw.strip()):
            return _text(400, f"Invalid {name}")
        return int(raw)

    def _limit(self, query: dict[str, str]) -> int | _Answer:
        limit = self._paging_arg(query, "limit", self.default_limit)
        if isinstance(limit, int):
            if limit < 1:
                return _text(400, "Invalid limit")
            return min(limit, self.max_limit)
        return limit

    def _messages(self, contact_id: str, query: dict[str, str]) -> _Answer:
        """`GET /api/inbox/{contactId}`: one page of a contact's messages, newest first."""
        if not _CONTACT_ID.fullmatch(contact_id):
            return _text(400, "Invalid contactId")
        user_id = query.get("userId")
        if user_id is not None and not _USER_ID.fullmatch(user_id):
            return _text(400, "Invalid userId")
        limit = self._limit(query)
        if not isinstance(limit, int):
            return limit
        skip = self._paging_arg(query, "skip", 0)
        if not isinstance(skip, int):
            return skip
        mark = query.get("markAsRead", "false").strip().lower()
        if mark not in ("true", "false"):
            return _text(400, "Invalid markAsRead")
        if mark == "true" and not user_id:
            return _text(400, "User ID is required to mark as read")
        if contact_id not in self.conversations:
            return _text(404, CONTACT_NOT_FOUND)
        messages = self.conversations[contact_id]
        if mark == "true" and user_id:
            self.read_state[(contact_id, user_id)] = True
        return _json(
            {
                "data": messages[skip : skip + limit],
                "pagination": _pagination(len(messages), skip, limit),
            }
        )

    def _inbox(self, query: dict[str, str]) -> _Answer:
        """`GET /api/inbox?userId=&page=&limit=`: a user's conversations, latest activity first."""
        user_id = query.get("userId")
        if not user_id:
            return _text(400, "User ID is required")
        if not _USER_ID.fullmatch(user_id):
            return _text(400, "Invalid userId")
        limit = self._limit(query)
        if not isinstance(limit, int):
            return limit
        page = self._paging_arg(query, "page", 1)
        if not isinstance(page, int):
            return page
        if page < 1:
            return _text(400, "Invalid page")
        entries = [
            inbox_entry(
                contact_id, self.conversations[contact_id], partial(self.is_read, contact_id)
            )
            for contact_id in self.conversations
        ]
        known_users = set(team_user_ids())
        for entry in entries:
            known_users.update(user["userId"] for user in entry["users"])
        if user_id not in known_users:
            return _text(400, "User not in team")
        mine = [e for e in entries if any(u["userId"] == user_id for u in e["users"])]
        mine.sort(key=lambda entry: str(entry["lastActivityAt"]), reverse=True)
        skip = (page - 1) * limit
        return _json(
            {"data": mine[skip : skip + limit], "pagination": _pagination(len(mine), skip, limit)}
        )

    def _contact(self, id_or_email: str, query: dict[str, str]) -> _Answer:
        """`GET /api/contacts/{idOrEmail}`: a contact by `ctc_` id or (case-insensitive) email."""
        found: list[str] = []
        if id_or_email in self.conversations:
            found = [id_or_email]
        elif "@" in id_or_email:
            wanted = id_or_email.strip().lower()
            found = [
                contact_id
                for contact_id in self.conversations
                if contact_record(contact_id, self.conversations[contact_id])["email"].lower()
                == wanted
            ]
        if len(found) > 1:
            # Several contacts share the address: answered as a list of contacts (how the real
            # service answers duplicates is undocumented; the client handles both shapes).
            return _json([contact_record(c, self.conversations[c]) for c in found])
        if not found:
            return _json(
                {
                    "success": False,
                    "error": {
                        "code": "CONTACT_NOT_FOUND",
                        "message": "No contact found with the provided id or email",
                    },
                },
                status=404,
            )
        return _json(contact_record(found[0], self.conversations[found[0]]))

    def _team(self, query: dict[str, str]) -> _Answer:
        """`GET /api/team` (`?version=v2` adds the `users` array)."""
        return _json(demo_team(with_users=query.get("version") == "v2"))

    # --- write routes ------------------------------------------------------------------------

    def _create_draft(self, contact_id: str, query: dict[str, str], body: bytes) -> _Answer:
        """`POST /api/inbox/{contactId}/drafts?draftOwner=`: store a draft, answer its id."""
        if not _CONTACT_ID.fullmatch(contact_id):
            return _text(400, "Invalid contactId")
        owner = query.get("draftOwner", "").strip()
        if not owner:
            return _text(400, "draftOwner is required")
        payload = _json_object(body, _DRAFT_FIELDS)
        if isinstance(payload, _Answer):
            return payload
        channel = payload.get("channel")
        if channel is None:
            return _text(400, "channel is required")
        if channel not in CHANNELS:
            return _text(400, f"channel must be one of {', '.join(CHANNELS)}")
        problem = (
            _content_problem(payload, "content")
            or _optional(payload, "subject", str, "a string")
            or _optional(payload, "replyToActivityId", str, "a string")
            or _optional(payload, "sourceMetadata", dict, "an object")
            or _optional(payload, "attachments", list, "an array")
            or _cc_problem(payload)
        )
        if problem:
            return _text(400, problem)
        if any(not isinstance(item, dict) for item in payload.get("attachments") or []):
            return _text(400, "attachments must be an array of objects")
        if contact_id not in self.conversations:
            return _text(404, CONTACT_NOT_FOUND)
        owner_id = self._team_user(contact_id, owner)
        if owner_id is None:
            return _text(400, "draftOwner must be a user of your team")
        reply_to = payload.get("replyToActivityId")
        messages = self.conversations[contact_id]
        if reply_to is not None and not any(m.get("_id") == reply_to for m in messages):
            return _text(400, "replyToActivityId is not a message of this conversation")
        if sum(d.contact_id == contact_id for d in self.drafts) >= MAX_DRAFTS_PER_CONVERSATION:
            return _text(
                400, f"A conversation can hold at most {MAX_DRAFTS_PER_CONVERSATION} drafts"
            )
        draft = StoredDraft(
            draft_id=self._new_id("drf_"),
            contact_id=contact_id,
            owner_id=owner_id,
            draft_owner=owner,
            channel=channel,
            content=payload["content"],
            subject=payload.get("subject"),
            reply_to_activity_id=reply_to,
            payload=payload,
        )
        self.drafts.append(draft)
        return _json({"draftId": draft.draft_id})

    def _email(self, _query: dict[str, str], body: bytes) -> _Answer:
        """`POST /api/inbox/email`: send an email, i.e. record it and add it to the conversation."""
        payload = _json_object(body, _EMAIL_FIELDS)
        if isinstance(payload, _Answer):
            return payload
        for name in _EMAIL_REQUIRED:
            value = payload.get(name)
            if name == "message":
                continue  # said more precisely below
            if not isinstance(value, str) or (name != "subject" and not value.strip()):
                return _text(400, f"{name} is required")
        problem = _content_problem(payload, "message") or _cc_problem(payload)
        if problem:
            return _text(400, problem)
        contact_id = payload["contactId"]
        if not _CONTACT_ID.fullmatch(contact_id):
            return _text(400, "Invalid contactId")
        if contact_id not in self.conversations:
            return _text(404, CONTACT_NOT_FOUND)
        members = self._members(contact_id)
        user = members.get(payload["sendUserId"])
        if user is None:
            return _text(400, "sendUserId must be a user of your team")
        if payload["sendUserEmail"].strip().lower() != user.email.lower():
            return _text(400, "sendUserEmail is not the sending address of sendUserId")
        if payload["sendUserMailboxId"] not in user.mailboxes:
            return _text(400, "sendUserMailboxId is not a mailbox of sendUserId")
        messages = self.conversations[contact_id]
        lead_id = payload["leadId"]
        leads = [m for m in messages if m.get("leadId") == lead_id]
        if not leads:
            return _text(400, "leadId is not a lead of this contact")
        lead_email = next(
            (m["leadEmail"] for m in leads if isinstance(m.get("leadEmail"), str)),
            contact_record(contact_id, messages)["email"],
        )
        activity_id = self._new_id("act_")
        activity: dict[str, Any] = {
            "_id": activity_id,
            "type": "emailsSent",
            "messageId": f"<{self._new_id('')}@mail.lemlist.fake>",
            "createdAt": _iso_now(self.clock()),
            "teamId": DEMO_TEAM_ID,
            "leadId": lead_id,
            "campaignId": None,
            "sequenceId": None,
            "sequenceStep": None,
            "sendUserId": user.user_id,
            "sendUserName": user.name,
            "sendUserEmail": payload["sendUserEmail"],
            "sendUserMailboxId": payload["sendUserMailboxId"],
            "leadEmail": lead_email,
            "contactId": contact_id,
            "message": payload["message"],
            "subject": payload["subject"],
            "attachments": [],
        }
        messages.insert(0, activity)
        self.sent.append(
            SentEmail(
                activity_id=activity_id,
                contact_id=contact_id,
                send_user_id=user.user_id,
                send_user_email=payload["sendUserEmail"],
                send_user_mailbox_id=payload["sendUserMailboxId"],
                lead_id=lead_id,
                subject=payload["subject"],
                message=payload["message"],
                cc=tuple(payload.get("cc") or ()),
                payload=payload,
            )
        )
        return _json({"ok": True})

    def _members(self, contact_id: str) -> dict[str, _Member]:
        """The team's users who can write in this conversation, by `usr_` id.

        The demo team, plus whoever sent a message of the conversation (a sender is a user of
        the team by definition), each with every mailbox they were seen sending from.
        """
        members: dict[str, _Member] = {}
        for item in (*team_senders(), *self.conversations[contact_id]):
            user_id = item.get("sendUserId")
            if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id):
                continue
            member = members.setdefault(user_id, _Member(user_id))
            name, email, mailbox = (
                item.get("sendUserName"),
                item.get("sendUserEmail"),
                item.get("sendUserMailboxId"),
            )
            if isinstance(name, str) and not member.name:
                member.name = name
            if isinstance(email, str) and not member.email:
                member.email = email
            if isinstance(mailbox, str) and mailbox:
                member.mailboxes.add(mailbox)
        return members

    def _team_user(self, contact_id: str, owner: str) -> str | None:
        """The `usr_` id `owner` names (an id, or a user's email in any case), if in the team."""
        members = self._members(contact_id)
        if owner in members:
            return owner
        wanted = owner.lower()
        return next((m.user_id for m in members.values() if m.email.lower() == wanted), None)

    def _new_id(self, prefix: str) -> str:
        return prefix + "".join(self._ids.choices(_ALNUM, k=17))


@dataclass(slots=True)
class _Member:
    user_id: str
    name: str = ""
    email: str = ""
    mailboxes: set[str] = field(default_factory=set)


def _json_object(body: bytes, known: frozenset[str]) -> dict[str, Any] | _Answer:
    """The request body as a JSON object with only `known` fields, or the 400 refusing it."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _text(400, "Invalid JSON body")
    if not isinstance(payload, dict):
        return _text(400, "The body must be a JSON object")
    unknown = sorted(set(payload) - known)
    if unknown:
        return _text(400, f"Unknown field(s): {', '.join(unknown)}")
    return payload


def _content_problem(payload: Mapping[str, Any], name: str) -> str | None:
    value = payload.get(name)
    if value is None:
        return f"{name} is required"
    if not isinstance(value, str):
        return f"{name} must be a string"
    if not value.strip():
        return f"{name} must not be empty"
    if js_length(value) > MAX_CONTENT_LENGTH:
        return f"{name} is too long (30KB maximum)"
    return None


def _optional(payload: Mapping[str, Any], name: str, kind: type, what: str) -> str | None:
    value = payload.get(name)
    if value is not None and not isinstance(value, kind):
        return f"{name} must be {what}"
    return None


def _cc_problem(payload: Mapping[str, Any]) -> str | None:
    cc = payload.get("cc")
    if cc is None:
        return None
    if not isinstance(cc, list) or not all(
        isinstance(address, str) and _EMAIL.fullmatch(address) for address in cc
    ):
        return "cc must be an array of email addresses"
    return None
