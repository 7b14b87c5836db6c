"""The lemlist inbox client: typed reads, one page per call, and the writes it hands on.

No UI here. Every failure becomes an `ApiError` subclass (`lemtui.lemlist.errors`) raised
`from None`, with a message a person can act on and nothing secret in it: the key never enters
a message, a repr or a log, and server text is shown only with the key (in every encoding)
taken out.

Nothing a server sends can take more than bounded memory or time: each answer is read whole
inside the transport, within a byte budget and a deadline for the whole attempt
(`lemtui.lemlist.limits`), and a page keeps at most the items asked for. The connection those
share is `lemtui.lemlist.connection`; the routes that write are `lemtui.lemlist.writes`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Final
from urllib.parse import quote

from lemtui.lemlist import writes
from lemtui.lemlist.connection import Connection, page_body
from lemtui.lemlist.errors import (
    AmbiguousContactError,
    BadResponseError,
    InvalidUserIdError,
    NotFoundError,
)
from lemtui.lemlist.ids import (
    is_contact_id,
    is_user_id,
    looks_like_email,
    normalize_contact_id,
    normalize_user_id,
)
from lemtui.lemlist.limits import (
    DEFAULT_TIMEOUT,
    MAX_MESSAGES_PER_CONVERSATION,
    MAX_PAGE_SIZE,
    MAX_PAGES_PER_CONVERSATION,
    RateLimiter,
)
from lemtui.lemlist.urls import DEFAULT_BASE_URL
from lemtui.text import clean_line

# The data models load with the first answer that needs them, not with the client: the
# contact prompt's first frame is drawn without them (~15 ms of dataclasses).
if TYPE_CHECKING:
    import httpx

    from lemtui.lemlist.inbox import Contact, InboxPage, TeamMember
    from lemtui.lemlist.lead_writes import LeadAction, LeadActionResult
    from lemtui.lemlist.leads import Campaign, LeadCampaign, LeadCard, LeadState, LeadTarget
    from lemtui.lemlist.messages import Message, Page
    from lemtui.lemlist.secret import Secret
    from lemtui.lemlist.users import UserAccount

__all__ = ["READ_AHEAD", "LemlistClient"]

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
        self._connection = Connection(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retry_wait=max_retry_wait,
            rate_limit=rate_limit,
            rate_window=rate_window,
            read_only=read_only,
            http_options={
                "transport": transport,
                "retries": retries,
                "backoff": backoff,
                "connect_timeout": connect_timeout,
                "read_timeout": read_timeout,
            },
        )
        self._connection.on_notice = on_notice
        self._connection.on_wait = on_wait
        self.max_pages = max_pages
        self.max_messages = max_messages
        self._background = RateLimiter(max(1, rate_limit // 2), rate_window)
        """What requests nobody waits for may take: half the rate budget, so that the user's
        own loads always find room."""

    def __repr__(self) -> str:
        return f"LemlistClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> LemlistClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @property
    def base_url(self) -> str:
        """The API's base URL, checked and without a trailing slash."""
        return self._connection.base_url

    @property
    def read_only(self) -> bool:
        """True: every write (drafts, emails, mark-as-read) is refused before sending."""
        return self._connection.read_only

    @property
    def offline(self) -> str | None:
        """Why lemlist cannot be reached now (None: it can): while set, every write is
        refused before it is sent (`OfflineError`), and nothing is queued."""
        return self._connection.offline

    @offline.setter
    def offline(self, reason: str | None) -> None:
        self._connection.offline = reason

    @property
    def on_notice(self) -> Callable[[str], None] | None:
        """Told once per kind of something worth saying (items dropped, paging stopped)."""
        return self._connection.on_notice

    @on_notice.setter
    def on_notice(self, callback: Callable[[str], None] | None) -> None:
        self._connection.on_notice = callback

    @property
    def on_wait(self) -> Callable[[float, str], None] | None:
        """Told `(seconds, why)` before each wait ("lemlist's rate limit", "a retry")."""
        return self._connection.on_wait

    @on_wait.setter
    def on_wait(self, callback: Callable[[float, str], None] | None) -> None:
        self._connection.on_wait = callback

    @property
    def warm(self) -> bool:
        """True once the HTTP half is loaded: a request then leaves at once, without a pause
        to import it."""
        return self._connection.warm

    @property
    def closed(self) -> bool:
        """True once `aclose` has run."""
        return self._connection.closed

    async def warm_up(self) -> None:
        """Load the HTTP half now (in a thread), so that the first request does not wait for
        it: an app calls this once its first frame is drawn, while the user is still typing."""
        await self._connection.connect()

    async def aclose(self) -> None:
        """Close the connection pool (nothing to close if no request was ever made)."""
        await self._connection.aclose()

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
            self._connection.check_writable("Marking as read")
            if not user_id:
                raise InvalidUserIdError(
                    "Marking as read needs a user ID (--user-id or LEMLIST_USER_ID)"
                )
            params["markAsRead"] = "true"
        answer = await self._connection.get_json(
            f"inbox/{contact}", params, what=f"contact {contact}", noun="page"
        )
        body = self._connection.at_most(page_body(answer), limit)
        from lemtui.lemlist.messages import Page

        return Page.from_json(body, contact_id=contact, skip=skip, limit=limit)

    async def latest_message(self, contact_id: str) -> Message | None:
        """The newest message of `contact_id`'s conversation (`limit=1`), None when it has
        none: asked in the background (an inbox row's first words), so it never takes more
        than half the rate budget and never marks anything read.

        Raises: as `get_page`.
        """
        await self._background.acquire()
        try:
            page = await self.get_page(contact_id, limit=1)
        finally:
            await self._background.release()
        return page.messages[0] if page.messages else None

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
        answer = await self._connection.get_json(
            "inbox", params, what=f"inbox of {user}", noun="page"
        )
        body = self._connection.at_most(page_body(answer), limit)
        from lemtui.lemlist.inbox import InboxPage

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
        from lemtui.lemlist.inbox import Contact

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
            body = await self._connection.get_json(path, {}, what=what, noun="answer")
        except NotFoundError:
            raise NotFoundError(f"No {what}") from None
        if isinstance(body, list):
            found = (Contact.from_json(item) for item in body if isinstance(item, dict))
            unique: dict[str, Contact] = {}
            for contact in found:
                if is_contact_id(contact.id):
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
        if not is_contact_id(contact.id):
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
        from lemtui.lemlist.inbox import TeamMember

        body = await self._connection.get_json(
            "team", {"version": "v2"}, what="your team", noun="answer"
        )
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
            if is_user_id(member.user_id):
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
        from lemtui.lemlist.messages import message_key

        # Here, not at the top: the prompt's first frame needs the client but no pager.
        from lemtui.lemlist.paging import Stop, StopRule, only_repeats

        limit = max(1, min(int(limit), MAX_PAGE_SIZE))
        rule = StopRule(max_pages=self.max_pages, max_items=self.max_messages)
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
                repeated = only_repeats(keys, seen)
                seen |= keys
                yield page
                if not page.has_more:
                    return
                stop = rule.check(repeated=repeated, pages=pages, items=len(seen))
                if stop is Stop.REPEATED:
                    self._connection.notice(
                        "repeated page",
                        "lemlist sent a page holding only messages already loaded: stopped "
                        "there (it may have more that it does not page through)",
                    )
                    return
                if stop is Stop.CAPPED:
                    self._connection.notice(
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
        from lemtui.lemlist.messages import dedupe

        seen: set[str] = set()
        pages = self.iter_pages(contact_id, limit=limit, user_id=user_id, mark_as_read=mark_as_read)
        async with contextlib.aclosing(pages):  # left early, what was asked ahead is cancelled
            async for page in pages:
                for message in dedupe(page.messages, seen):
                    yield message

    # --- writes: sent once, never retried on their own (`lemtui.lemlist.writes`) ----------

    async def create_draft(self, request: writes.DraftPost) -> str:
        """Save a draft in the lemlist inbox (nothing is sent to the lead); returns its ID
        ('' if lemlist confirmed without one). Raises as `writes.create_draft` says."""
        return await writes.create_draft(self._connection, request)

    async def send_email(self, payload: Mapping[str, str]) -> None:
        """Send an email from the user's mailbox; it leaves at once. Raises as
        `writes.send_email` says (an `UnconfirmedWriteError`: it may have left)."""
        await writes.send_email(self._connection, payload)

    # --- leads and campaigns (`lemtui.lemlist.lookups`, `lemtui.lemlist.lead_writes`) -------

    async def campaigns(self) -> dict[str, Campaign]:
        """Every campaign of the team by `cam_` ID (`GET /campaigns`, both documented answer
        shapes, every page). Raises as `lookups.get_campaigns` says."""
        from lemtui.lemlist import lookups

        return await lookups.get_campaigns(self._connection)

    async def lead_card(self, id_or_email: str) -> LeadCard:
        """The lead card of a contact (`GET /contacts/{idOrEmail}`, as `find_contact` looks it
        up): name, job title, company, industry, lead status, LinkedIn, unsubscribed, and the
        lead's state in each campaign (campaigns unnamed: see `LeadCard.named`).
        Raises as `find_contact` says."""
        from lemtui.lemlist.leads import LeadCard

        return LeadCard.from_json((await self.find_contact(id_or_email)).raw)

    async def lead_states(self, email: str) -> tuple[LeadState, ...]:
        """The lead's state in each campaign their email is in (`GET /leads/{email}?version=v2`).
        Raises as `lookups.get_lead_states` says (`LeadNotFoundError` for an unknown lead)."""
        from lemtui.lemlist import lookups

        return await lookups.get_lead_states(self._connection, email)

    async def lead_now(self, target: LeadTarget) -> LeadCampaign | None:
        """The lead's state in the target's campaign now, read as after an unconfirmed action.
        Raises as `lookups.lead_now` says."""
        from lemtui.lemlist import lookups

        return await lookups.lead_now(self._connection, target, self.lead_card)

    async def get_user(self, user_id: str) -> UserAccount:
        """A user of the team with their mailboxes' addresses (`GET /users/{userId}`).
        Raises as `lookups.get_user` says."""
        from lemtui.lemlist import lookups

        return await lookups.get_user(self._connection, user_id)

    async def lead_action(self, action: LeadAction, target: LeadTarget) -> LeadActionResult:
        """Mark the lead interested or not interested in the target's campaign, or pause or
        resume them there: one POST, never resent (a 429 waits and goes once more); an
        unconfirmed answer reads the state back. Returns the outcome; raises, with nothing
        changed, as `lead_writes.act` says (`ReadOnlyError` when read-only)."""
        from lemtui.lemlist.lead_writes import act

        return await act(self._connection, action, target, self.lead_now)

    async def mark_interested(self, target: LeadTarget) -> LeadActionResult:
        """`lead_action(LeadAction.INTERESTED, target)`."""
        from lemtui.lemlist.lead_writes import LeadAction

        return await self.lead_action(LeadAction.INTERESTED, target)

    async def mark_not_interested(self, target: LeadTarget) -> LeadActionResult:
        """`lead_action(LeadAction.NOT_INTERESTED, target)`."""
        from lemtui.lemlist.lead_writes import LeadAction

        return await self.lead_action(LeadAction.NOT_INTERESTED, target)

    async def pause_lead(self, target: LeadTarget) -> LeadActionResult:
        """`lead_action(LeadAction.PAUSE, target)`."""
        from lemtui.lemlist.lead_writes import LeadAction

        return await self.lead_action(LeadAction.PAUSE, target)

    async def resume_lead(self, target: LeadTarget) -> LeadActionResult:
        """`lead_action(LeadAction.RESUME, target)`."""
        from lemtui.lemlist.lead_writes import LeadAction

        return await self.lead_action(LeadAction.RESUME, target)
