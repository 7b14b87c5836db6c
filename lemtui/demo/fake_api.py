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

The two write routes keep what they did for tests to inspect: a draft goes to `drafts`, an email
to `sent` and on top of the contact's conversation, so the demo shows it on the next load. A
request body over 1 MiB is a 413.

This module holds the app: its state, the test knobs, the ASGI handling, routing, auth and the
rate limit. The routes themselves live beside it: `reads` (messages, inbox, contacts, team),
`writes` (drafts and emails, with their validation), `faults` (what `fail_next` and
`fail_next_write` queue) and `wire` (answers, dates and ASGI plumbing they share).

Order of checks for every request: record it (with its body), sleep the latency, canned
failures (`fail_next`), routing (unknown → HTML), method (405), auth (401), a queued write
fault (`fail_next_write`), rate limit (429), then the endpoint's own validation (400), lookup
(404) and answer.
"""

from __future__ import annotations

import asyncio
import math
import random
import string
import time
from collections import deque
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Final, Literal
from urllib.parse import parse_qsl

from lemtui.demo.data import (
    DEMO_CONTACTS,
    DEMO_USER_ID,
    DemoConversations,
    default_read,
    demo_campaigns,
    demo_conversations,
    team_user_ids,
)
from lemtui.demo.faults import DROPPED, Faults, QueuedWriteFault, WriteFault, WriteRoute
from lemtui.demo.leads import (
    CAMPAIGN_NOT_FOUND,
    LEAD_NOT_FOUND,
    CampaignShape,
    LeadBook,
    LeadChange,
    campaigns_answer,
)
from lemtui.demo.reads import (
    CONTACT_NOT_FOUND,
    Paging,
    contact_answer,
    inbox_page,
    messages_page,
    team_answer,
    user_answer,
)
from lemtui.demo.wire import (
    HTML,
    MAX_REQUEST_BODY,
    TEXT,
    WEB_APP_PAGE,
    Answer,
    Receive,
    RecordedRequest,
    Scope,
    Send,
    basic_auth_password,
    js_date,
    js_length,
    read_body,
    send_answer,
    text_answer,
)
from lemtui.demo.writes import (
    MAX_CONTENT_LENGTH,
    MAX_DRAFTS_PER_CONVERSATION,
    SentEmail,
    StoredDraft,
    create_draft,
    lead_reply,
    newest_activity,
    send_email,
)

__all__ = [
    "AUTH_ERROR",
    "CAMPAIGN_NOT_FOUND",
    "CONTACT_NOT_FOUND",
    "DEMO_API_KEY",
    "DEMO_CONTACTS",
    "DEMO_USER_ID",
    "LEAD_NOT_FOUND",
    "MAX_CONTENT_LENGTH",
    "MAX_DRAFTS_PER_CONVERSATION",
    "FakeLemlist",
    "LeadChange",
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
_ALNUM: Final = string.ascii_letters + string.digits

_Handler = Callable[[dict[str, str], bytes], Answer]
"""A route: the query and the body in, the answer out."""


def _query_only(handler: Callable[[dict[str, str]], Answer]) -> _Handler:
    """A GET handler, which has no use for the request body."""
    return lambda query, _body: handler(query)


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
        self.faults = Faults()
        """The canned answers and write faults queued by `fail_next` and `fail_next_write`."""
        self.campaign_shape: CampaignShape = "array"
        """How `GET /campaigns` answers: a bare array (the spec's), or "object"
        (`{"campaigns": [...], "pagination": {...}}`, the other documented shape)."""
        self.leads = LeadBook(self.conversations, list(demo_campaigns()), lambda: self.clock())
        """Every contact's leads now: the lead actions change them, and `GET /contacts` and
        `GET /leads` read them; `leads.campaigns` is what `GET /campaigns` lists."""
        self._hits: dict[str, deque[float]] = {}
        self._ids = random.Random("lemtui-fake-writes")  # noqa: S311 - ids, not secrets

    # --- knobs for tests ---------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        body: str | bytes = "",
        *,
        content_type: str = TEXT,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
        path_contains: str = "",
    ) -> None:
        """Answer the next `times` requests whose `path?query` contains `path_contains` with this.

        For 5xx, 429, an HTML page with 200, a body that is not JSON... Canned answers are
        consumed in the order queued and apply before auth, routing and the rate limit (as a
        proxy in front of the service would), but after the latency.
        """
        self.faults.can(
            status,
            body,
            content_type=content_type,
            headers=headers,
            times=times,
            path_contains=path_contains,
        )

    def fail_next_write(
        self,
        fault: WriteFault,
        *,
        status: int | None = None,
        text: str | None = None,
        retry_after: int = 1,
        route: WriteRoute | None = None,
    ) -> None:
        """Make the next write (a POST to any write route, or only `route`: "drafts", "email",
        "interested", "notinterested", "pause", "start", or "leads" for any lead action) fail
        as `fault`.

        Faults are queued and each is spent by one write request that passed auth, even one
        the fake would refuse anyway: an `*_AFTER_ACTING` fault on an invalid write leaves the
        fake's own 4xx answer. `status` and `text` replace the defaults (503, 504, 400 and
        their wording); `retry_after` is the 429's `Retry-After` in seconds.
        """
        self.faults.queue_write(
            fault, status=status, text=text, retry_after=retry_after, route=route
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
        if at is None:
            at = max(self.clock(), newest_activity(self.conversations) + 60.0)
        reply = lead_reply(
            self.conversations,
            self._new_id,
            contact_id,
            text,
            subject=subject,
            channel=channel,
            at=at,
        )
        self.add_message(contact_id, reply, unread=True)
        return reply

    @property
    def lead_actions(self) -> list[LeadChange]:
        """Each lead action carried out (interested, notinterested, pause, start), oldest
        first: a test counts them (a fault before acting adds none)."""
        return self.leads.actions

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
        body = await read_body(receive)
        if body is None:
            return  # the client went away before sending its whole request
        record.body = body

        delay = self.latency + self._slow_delay(path)
        if delay > 0:
            await asyncio.sleep(delay)

        target = f"{path}?{query_string}" if query_string else path
        canned = self.faults.take_canned(target)
        if canned is not None:
            await send_answer(send, canned.status, canned.body, canned.headers)
            return

        answer = self._handle(method, path, query, authorization, body)
        headers = [(b"content-type", answer.content_type.encode())]
        headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in answer.headers]
        if answer is DROPPED:
            # Headers promising a body that never comes, then the end of the connection.
            headers = [*headers, (b"content-length", b"16")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            return
        await send_answer(send, answer.status, answer.body, headers)

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
            case ["api", "users", user_id]:
                return {"GET": _query_only(lambda _query: user_answer(user_id))}
            case ["api", "campaigns"]:
                return {"GET": _query_only(self._campaigns)}
            case ["api", "campaigns", campaign_id, "leads", lead, "interested" | "notinterested"]:
                action = path.rsplit("/", 1)[-1]
                return {"POST": lambda _q, body: self.leads.mark(action, campaign_id, lead, body)}
            case ["api", "leads", "pause" | "start" as action, lead]:
                return {"POST": partial(self.leads.pause, action, lead)}
            case ["api", "leads", email]:
                return {"GET": _query_only(partial(self.leads.lookup, email))}
            case _:
                return None

    def _handle(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        authorization: str | None,
        body: bytes,
    ) -> Answer:
        endpoints = self._endpoints(path)
        if endpoints is None:
            return Answer(200, WEB_APP_PAGE.encode(), HTML)
        endpoint = endpoints.get(method)
        if endpoint is None:
            return text_answer(405, "Method not allowed")
        key = basic_auth_password(authorization)
        if key is None or key != self.api_key:
            return text_answer(401, AUTH_ERROR)
        fault = self.faults.take_write(path) if method == "POST" else None
        if fault is not None and not fault.fault.after_acting:
            return self._fault_answer(fault)
        limited, headers = self._rate(key)
        if limited is not None:
            limited.headers = headers
            return limited
        if len(body) > MAX_REQUEST_BODY:
            answer = text_answer(413, "request entity too large")
        else:
            answer = endpoint(query, body)
        if fault is not None and answer.status == 200:
            if fault.fault is WriteFault.DROP_AFTER_ACTING:
                return DROPPED
            answer = fault.answer()
        answer.headers = headers + answer.headers
        return answer

    def _fault_answer(self, fault: QueuedWriteFault) -> Answer:
        answer = fault.answer()
        if fault.fault is WriteFault.RATE_LIMITED:
            answer.headers = self._rate_headers(0, fault.retry_after)
            answer.headers.append(("Retry-After", str(fault.retry_after)))
        return answer

    def _rate(self, key: str) -> tuple[Answer | None, list[tuple[str, str]]]:
        """Sliding window: at most `rate_limit` accepted requests in any `rate_window` seconds."""
        now = time.monotonic()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.rate_window:
            hits.popleft()
        if len(hits) >= self.rate_limit:
            wait = hits[0] + self.rate_window - now
            headers = self._rate_headers(0, wait)
            headers.append(("Retry-After", str(max(1, math.ceil(wait)))))
            return text_answer(429, "Too many requests, please retry later."), headers
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

    def _paging(self) -> Paging:
        return Paging(self.default_limit, self.max_limit)

    def _messages(self, contact_id: str, query: dict[str, str]) -> Answer:
        """`GET /api/inbox/{contactId}` (see `reads.messages_page`)."""
        return messages_page(self.conversations, self.read_state, self._paging(), contact_id, query)

    def _inbox(self, query: dict[str, str]) -> Answer:
        """`GET /api/inbox` (see `reads.inbox_page`)."""
        return inbox_page(self.conversations, self.is_read, self._paging(), query)

    def _contact(self, id_or_email: str, query: dict[str, str]) -> Answer:
        """`GET /api/contacts/{idOrEmail}` (see `reads.contact_answer`)."""
        return contact_answer(self.conversations, id_or_email, self.leads.contact)

    def _campaigns(self, query: dict[str, str]) -> Answer:
        """`GET /api/campaigns` (see `leads.campaigns_answer`), in `campaign_shape`."""
        return campaigns_answer(self.leads.campaigns, self.campaign_shape, query)

    def _team(self, query: dict[str, str]) -> Answer:
        """`GET /api/team` (see `reads.team_answer`)."""
        return team_answer(query)

    # --- write routes ------------------------------------------------------------------------

    def _create_draft(self, contact_id: str, query: dict[str, str], body: bytes) -> Answer:
        """`POST /api/inbox/{contactId}/drafts` (see `writes.create_draft`)."""
        return create_draft(self.conversations, self.drafts, self._new_id, contact_id, query, body)

    def _email(self, _query: dict[str, str], body: bytes) -> Answer:
        """`POST /api/inbox/email` (see `writes.send_email`)."""
        return send_email(self.conversations, self.sent, self._new_id, self.clock, body)

    def _new_id(self, prefix: str) -> str:
        return prefix + "".join(self._ids.choices(_ALNUM, k=17))
