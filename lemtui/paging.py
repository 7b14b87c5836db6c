"""Lazy pagination state, without I/O or UI: a conversation's messages and a user's inbox.

The screens ask these objects what to fetch and hand them what came back; the rules live in
`LazyPager` so they can be tested without a terminal and are the same for both lists: the
first page on open, the next page *before* the highlight reaches the end, one page in flight
at most, never the same page twice, a failure that keeps everything already loaded, and
results for a list the user has left (an older generation) dropped. A service that keeps
saying "there is more" while sending nothing new is not polled forever: after
`MAX_BARREN_PAGES` pages in a row that add nothing, the list is taken as complete.

`Conversation` pages by `skip` (the messages endpoint); `InboxPager` by page number (the
`/inbox` endpoint). Each says only how to build a request and how to take a page in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from lemtui.models import InboxItem, InboxPage, Message, Page, dedupe

__all__ = [
    "Conversation",
    "InboxPager",
    "InboxRequest",
    "LazyPager",
    "LoadState",
    "PageRequest",
]

MIN_PREFETCH_THRESHOLD = 10
MAX_BARREN_PAGES = 3
"""Consecutive pages that add nothing new after which a list is taken as complete."""

ItemT = TypeVar("ItemT")
RequestT = TypeVar("RequestT", bound="PageRequest | InboxRequest")


class LoadState(Enum):
    """Where the loading of a list stands."""

    IDLE = "idle"
    LOADING = "loading"
    FAILED = "failed"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page of messages to fetch; handed back with its result so stale answers show."""

    generation: int
    contact_id: str
    skip: int
    limit: int
    mark_as_read: bool = False

    @property
    def cursor(self) -> int:
        """Where this page starts (its `skip`)."""
        return self.skip


@dataclass(frozen=True, slots=True)
class InboxRequest:
    """One page of a user's inbox to fetch (`page` counts from 1)."""

    generation: int
    user_id: str
    page: int
    limit: int

    @property
    def cursor(self) -> int:
        """Which page this is."""
        return self.page


class LazyPager(Generic[ItemT, RequestT]):
    """Items loaded so far and what to load next; subclasses say how pages are addressed.

    `generation` identifies this list among those opened in one session: a result for a
    request of another generation (the user switched contact meanwhile) is ignored.
    """

    def __init__(
        self, *, page_size: int, generation: int, threshold: int | None, first_cursor: int
    ) -> None:
        self.page_size = max(1, page_size)
        self.generation = generation
        self.threshold = (
            threshold if threshold is not None else max(MIN_PREFETCH_THRESHOLD, self.page_size // 2)
        )
        self.items: list[ItemT] = []
        self.total: int | None = None
        self.state = LoadState.IDLE
        self.error = ""
        self.error_kind = ""
        self.pages_loaded = 0
        self._next_cursor = first_cursor
        self._requested: set[int] = set()
        self._in_flight: RequestT | None = None
        self._barren = 0
        """Pages in a row that added nothing new."""
        self._broken = False
        """A page could not be shown (`abandon`): `retry` gives nothing, reload from the top."""

    # -- what subclasses provide

    def _request(self, cursor: int) -> RequestT:
        raise NotImplementedError

    def _take(self, page: object) -> tuple[list[ItemT], bool, int, int | None]:
        """(fresh items, has more, next cursor, total) for a page that is current."""
        raise NotImplementedError

    # -- the rules

    @property
    def loaded(self) -> int:
        """How many items are loaded (after dedupe)."""
        return len(self.items)

    @property
    def in_flight(self) -> RequestT | None:
        """The request being fetched, if any."""
        return self._in_flight

    @property
    def complete(self) -> bool:
        """True once the last page has arrived."""
        return self.state is LoadState.COMPLETE

    def wants_more(self, highlighted: int | None) -> bool:
        """Whether the highlight is close enough to the end to fetch the next page now.

        Close enough means within `threshold` rows of the last loaded item, so the next page
        arrives before the user gets there.
        """
        if self.state is not LoadState.IDLE or highlighted is None:
            return False
        return highlighted >= self.loaded - self.threshold

    def start(self) -> RequestT | None:
        """The next page to fetch and mark it in flight; None when nothing should be fetched.

        Nothing is fetched while another page is in flight, after a failure (until `retry`),
        once complete, or for a page already requested.
        """
        if self.state is not LoadState.IDLE or self._next_cursor in self._requested:
            return None
        request = self._request(self._next_cursor)
        self._requested.add(self._next_cursor)
        self._in_flight = request
        self.state = LoadState.LOADING
        return request

    def is_current(self, request: RequestT) -> bool:
        """Whether `request` is the one this list is waiting for."""
        return request.generation == self.generation and request == self._in_flight

    def _finish(self, request: RequestT, page: object) -> list[ItemT] | None:
        if not self.is_current(request):
            return None
        self._in_flight = None
        fresh, has_more, next_cursor, total = self._take(page)
        self.items.extend(fresh)
        self.pages_loaded += 1
        if total is not None:
            self.total = total
        advanced = next_cursor > self._next_cursor
        self._next_cursor = next_cursor
        self._barren = 0 if fresh else self._barren + 1
        if not has_more or not advanced or self._barren >= MAX_BARREN_PAGES:
            self.state = LoadState.COMPLETE
            self.total = self.loaded
        else:
            self.state = LoadState.IDLE
        return fresh

    def fail(self, request: RequestT, message: str, kind: str = "") -> bool:
        """Record a failed page; False (and nothing changes) if the request is stale.

        Every item already loaded stays; the page can be asked again with `retry`.
        """
        if not self.is_current(request):
            return False
        self._in_flight = None
        self._requested.discard(request.cursor)
        self.state = LoadState.FAILED
        self.error = message
        self.error_kind = kind
        return True

    def abandon(self, request: RequestT, message: str, kind: str = "") -> bool:
        """A page of this list arrived but could not be shown: loading stops, with `message`.

        The page may be half taken in, so it cannot simply be asked again: `retry` returns
        None afterwards (the screen then reloads from the top). False for another generation.
        """
        if request.generation != self.generation:
            return False
        self._in_flight = None
        self.state = LoadState.FAILED
        self.error = message
        self.error_kind = kind
        self._broken = True
        return True

    def retry(self) -> RequestT | None:
        """After a failure, the same page again (marked in flight); None if nothing failed.

        None too after `abandon`: the list must be loaded again from the top.
        """
        if self.state is not LoadState.FAILED or self._broken:
            return None
        self.state = LoadState.IDLE
        self.error = ""
        self.error_kind = ""
        return self.start()

    def cancel(self) -> None:
        """Forget the request in flight (its worker was cancelled) so it can be asked again."""
        if self._in_flight is not None:
            self._requested.discard(self._in_flight.cursor)
            self._in_flight = None
            if self.state is LoadState.LOADING:
                self.state = LoadState.IDLE


class Conversation(LazyPager[Message, PageRequest]):
    """Messages loaded so far for one contact (paged by `skip`), and what to load next."""

    def __init__(
        self,
        contact_id: str,
        *,
        page_size: int,
        generation: int = 0,
        mark_as_read: bool = False,
        threshold: int | None = None,
    ) -> None:
        super().__init__(
            page_size=page_size, generation=generation, threshold=threshold, first_cursor=0
        )
        self.contact_id = contact_id
        self._mark_first_page = mark_as_read
        self._seen: set[str] = set()

    @property
    def messages(self) -> list[Message]:
        """The messages loaded so far, newest first."""
        return self.items

    def _request(self, cursor: int) -> PageRequest:
        return PageRequest(
            generation=self.generation,
            contact_id=self.contact_id,
            skip=cursor,
            limit=self.page_size,
            mark_as_read=self._mark_first_page and cursor == 0,
        )

    def _take(self, page: object) -> tuple[list[Message], bool, int, int | None]:
        assert isinstance(page, Page)
        fresh = dedupe(page.messages, self._seen)
        # A page that brings nothing new (all duplicates) ends the conversation: a service
        # whose `nextPage` lies cannot make us loop.
        all_seen = bool(page.messages) and not fresh and all(m.id for m in page.messages)
        has_more = page.has_more and not all_seen
        return fresh, has_more, page.next_skip, page.pagination.total_items

    def finish(self, request: PageRequest, page: Page) -> list[Message] | None:
        """Take a page in; the messages to append (new ones only), or None if it is stale."""
        return self._finish(request, page)


class InboxPager(LazyPager[InboxItem, InboxRequest]):
    """A user's inbox conversations loaded so far (paged by page number), latest first."""

    def __init__(
        self,
        user_id: str,
        *,
        page_size: int,
        generation: int = 0,
        threshold: int | None = None,
    ) -> None:
        super().__init__(
            page_size=page_size, generation=generation, threshold=threshold, first_cursor=1
        )
        self.user_id = user_id
        self._seen: set[str] = set()

    def _request(self, cursor: int) -> InboxRequest:
        return InboxRequest(
            generation=self.generation, user_id=self.user_id, page=cursor, limit=self.page_size
        )

    def _take(self, page: object) -> tuple[list[InboxItem], bool, int, int | None]:
        assert isinstance(page, InboxPage)
        fresh: list[InboxItem] = []
        for item in page.items:
            key = item.id or item.contact_id
            if key:
                if key in self._seen:
                    continue
                self._seen.add(key)
            fresh.append(item)
        # The inbox shifts while it is read (new activity moves a conversation to the top),
        # so a page of known conversations is skipped, not taken for the end, unless it is
        # the service's last.
        return fresh, page.has_more, page.page + 1, page.pagination.total_items

    def finish(self, request: InboxRequest, page: InboxPage) -> list[InboxItem] | None:
        """Take a page in; the conversations to append (new ones only), or None if stale."""
        return self._finish(request, page)

    def replace(self, item: InboxItem) -> int | None:
        """Swap in an updated copy of a loaded conversation (same contact); its index."""
        for index, current in enumerate(self.items):
            if current.contact_id == item.contact_id:
                self.items[index] = item
                return index
        return None
