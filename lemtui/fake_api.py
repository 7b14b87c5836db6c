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

Order of checks for every request: record it, sleep the latency, canned failures
(`fail_next`), routing (unknown → HTML), method (405), auth (401), rate limit (429), then the
endpoint's own validation (400), lookup (404) and answer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final
from urllib.parse import parse_qsl

from lemtui.demo_data import (
    DEMO_CONTACTS,
    DEMO_USER_ID,
    DemoConversations,
    contact_record,
    default_read,
    demo_conversations,
    demo_team,
    inbox_entry,
    team_user_ids,
)

__all__ = [
    "AUTH_ERROR",
    "CONTACT_NOT_FOUND",
    "DEMO_API_KEY",
    "DEMO_CONTACTS",
    "DEMO_USER_ID",
    "FakeLemlist",
    "RecordedRequest",
    "demo_conversations",
    "js_date",
]

DEMO_API_KEY: Final = "demo"
"""The API key `--demo` uses against the fake."""

AUTH_ERROR: Final = "The authentication you supplied is incorrect"
CONTACT_NOT_FOUND: Final = "Contact not found"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_CONTACT_ID = re.compile(r"ctc_[A-Za-z0-9]+")
_USER_ID = re.compile(r"usr_[A-Za-z0-9]+")
_DIGITS = re.compile(r"[0-9]{1,9}")
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
    every request, and can be told to misbehave (`fail_next`, `set_latency`, `slow_contacts`).
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
        self._canned: list[_Canned] = []
        self._hits: dict[str, deque[float]] = {}

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

    def set_latency(self, seconds: float) -> None:
        """Delay every answer by `seconds` (an `asyncio.sleep`, so concurrency is preserved)."""
        self.latency = seconds

    def add_message(self, contact_id: str, message: dict[str, Any]) -> None:
        """Put a new newest message on top of a known conversation, as if it had just arrived.

        Offset paging over a growing conversation shifts items into the next page; tests use
        this to check that the client shows each `_id` once.
        """
        self.conversations[contact_id].insert(0, message)

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
        self.requests.append(RecordedRequest(method, path, query, authorization, time.monotonic()))

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

        answer = self._handle(method, path, query, authorization)
        headers = [(b"content-type", answer.content_type.encode())]
        headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in answer.headers]
        await self._send_raw(send, answer.status, answer.body, headers)

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

    def _endpoint(self, path: str) -> Callable[[dict[str, str]], _Answer] | None:
        """The handler for a path (one trailing slash tolerated), or None for the web app."""
        if len(path) > 1:
            path = path.removesuffix("/")
        match path.split("/")[1:]:
            case ["api", "inbox"]:
                return self._inbox
            case ["api", "inbox", contact_id]:
                return partial(self._messages, contact_id)
            case ["api", "contacts", id_or_email]:
                return partial(self._contact, id_or_email)
            case ["api", "team"]:
                return self._team
            case _:
                return None

    def _handle(
        self, method: str, path: str, query: dict[str, str], authorization: str | None
    ) -> _Answer:
        endpoint = self._endpoint(path)
        if endpoint is None:
            return _Answer(200, _WEB_APP_PAGE.encode(), _HTML)
        if method != "GET":
            return _text(405, "Method not allowed")
        key = self._api_key(authorization)
        if key is None or key != self.api_key:
            return _text(401, AUTH_ERROR)
        limited, headers = self._rate(key)
        if limited is not None:
            limited.headers = headers
            return limited
        answer = endpoint(query)
        answer.headers = headers + answer.headers
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
