"""The lazy pagination state of one open conversation. No I/O, no UI.

The screen asks this object what to fetch and hands it what came back; the rules live here so
they can be tested without a terminal: the first page on open, the next page *before* the
highlight reaches the end, one page in flight at most, never the same `skip` twice, a failure
that keeps every message already loaded, and results for a conversation the user has left
(an older generation) dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from lemtui.models import Message, Page, dedupe

__all__ = ["Conversation", "LoadState", "PageRequest"]

MIN_PREFETCH_THRESHOLD = 10


class LoadState(Enum):
    """Where the loading of a conversation stands."""

    IDLE = "idle"
    LOADING = "loading"
    FAILED = "failed"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page to fetch; handed back with its result so stale answers can be recognised."""

    generation: int
    contact_id: str
    skip: int
    limit: int
    mark_as_read: bool = False


class Conversation:
    """Messages loaded so far for one contact, and what to load next.

    `generation` identifies this conversation among those opened in one session: a result for
    a request of another generation (the user switched contact meanwhile) is ignored.
    """

    def __init__(
        self,
        contact_id: str,
        *,
        page_size: int,
        generation: int = 0,
        mark_as_read: bool = False,
        threshold: int | None = None,
    ) -> None:
        self.contact_id = contact_id
        self.page_size = max(1, page_size)
        self.generation = generation
        self.threshold = (
            threshold if threshold is not None else max(MIN_PREFETCH_THRESHOLD, page_size // 2)
        )
        self.messages: list[Message] = []
        self.total: int | None = None
        self.state = LoadState.IDLE
        self.error = ""
        self.error_kind = ""
        self.pages_loaded = 0
        self._mark_first_page = mark_as_read
        self._next_skip = 0
        self._requested: set[int] = set()
        self._seen: set[str] = set()
        self._in_flight: PageRequest | None = None

    @property
    def loaded(self) -> int:
        """How many messages are loaded (after dedupe)."""
        return len(self.messages)

    @property
    def in_flight(self) -> PageRequest | None:
        """The request being fetched, if any."""
        return self._in_flight

    @property
    def complete(self) -> bool:
        """True once the last page has arrived."""
        return self.state is LoadState.COMPLETE

    def wants_more(self, highlighted: int | None) -> bool:
        """Whether the highlight is close enough to the end to fetch the next page now.

        Close enough means within `threshold` rows of the last loaded message, so the next
        page arrives before the user gets there.
        """
        if self.state is not LoadState.IDLE or highlighted is None:
            return False
        return highlighted >= self.loaded - self.threshold

    def start(self) -> PageRequest | None:
        """The next page to fetch and mark it in flight; None when nothing should be fetched.

        Nothing is fetched while another page is in flight, after a failure (until `retry`),
        once complete, or for a `skip` already requested.
        """
        if self.state is not LoadState.IDLE or self._next_skip in self._requested:
            return None
        request = PageRequest(
            generation=self.generation,
            contact_id=self.contact_id,
            skip=self._next_skip,
            limit=self.page_size,
            mark_as_read=self._mark_first_page and self._next_skip == 0,
        )
        self._requested.add(request.skip)
        self._in_flight = request
        self.state = LoadState.LOADING
        return request

    def is_current(self, request: PageRequest) -> bool:
        """Whether `request` is the one this conversation is waiting for."""
        return request.generation == self.generation and request == self._in_flight

    def finish(self, request: PageRequest, page: Page) -> list[Message] | None:
        """Take a page in; the messages to append (new ones only), or None if it is stale."""
        if not self.is_current(request):
            return None
        self._in_flight = None
        fresh = dedupe(page.messages, self._seen)
        self.messages.extend(fresh)
        self.pages_loaded += 1
        if page.pagination.total_items is not None:
            self.total = page.pagination.total_items
        advanced = page.next_skip > self._next_skip
        self._next_skip = page.next_skip
        # A page that brings nothing new (all duplicates, or empty) ends the conversation: a
        # service whose `nextPage` lies cannot make us loop.
        all_seen = bool(page.messages) and not fresh and all(m.id for m in page.messages)
        if not page.has_more or not advanced or all_seen:
            self.state = LoadState.COMPLETE
            self.total = self.loaded
        else:
            self.state = LoadState.IDLE
        return fresh

    def fail(self, request: PageRequest, message: str, kind: str = "") -> bool:
        """Record a failed page; False (and nothing changes) if the request is stale.

        Every message already loaded stays; the page can be asked again with `retry`.
        """
        if not self.is_current(request):
            return False
        self._in_flight = None
        self._requested.discard(request.skip)
        self.state = LoadState.FAILED
        self.error = message
        self.error_kind = kind
        return True

    def retry(self) -> PageRequest | None:
        """After a failure, the same page again (marked in flight); None if nothing failed."""
        if self.state is not LoadState.FAILED:
            return None
        self.state = LoadState.IDLE
        self.error = ""
        self.error_kind = ""
        return self.start()

    def cancel(self) -> None:
        """Forget the request in flight (its worker was cancelled) so it can be asked again."""
        if self._in_flight is not None:
            self._requested.discard(self._in_flight.skip)
            self._in_flight = None
            if self.state is LoadState.LOADING:
                self.state = LoadState.IDLE
