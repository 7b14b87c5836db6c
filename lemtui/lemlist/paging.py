"""Lazy pagination without UI: a conversation's messages and a user's inbox, page by page.

A `LazyPager` holds what is loaded and decides what to fetch; the list widget that shows it
asks `start()` for the next request, runs `fetch(request)` in a worker and hands the answer
back with `finish()`. The rules live here so they are the same for both lists and testable
without a terminal:

- the first page on open, the next one *before* the highlight reaches the end, one page in
  flight at most, never the same page twice;
- a failure keeps everything loaded, and `retry()` asks the same page again;
- results for a list the user has left (an older generation) are dropped;
- a service that keeps saying "there is more" while sending nothing new is not polled
  forever: `MAX_BARREN_PAGES` pages in a row that add nothing end it, and so do the rules of
  `StopRule` (a page of only repeats, a cap on pages), which `--print` pages by too;
- `refresh()` reloads the first page and merges it: what is new goes to the top, nothing
  loaded is thrown away first, and one refresh at most is in flight.

`ConversationPager` pages by `skip` (the messages endpoint); `InboxPager` by page number (the
`/inbox` endpoint). Each says only how to build a request, how to read a page and how to key
an item.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Generic, TypeVar

from lemtui.lemlist.inbox import InboxItem, InboxPage
from lemtui.lemlist.messages import (
    MAX_PAGES_PER_CONVERSATION,
    Message,
    Page,
    dedupe_by,
    message_key,
)

__all__ = [
    "MAX_BARREN_PAGES",
    "MAX_PAGES",
    "Arrival",
    "ConversationPager",
    "InboxPager",
    "InboxRequest",
    "LazyPager",
    "LoadState",
    "PageNotShownError",
    "PageRequest",
    "Stop",
    "StopRule",
    "only_repeats",
]

MIN_PREFETCH_THRESHOLD = 10
MAX_BARREN_PAGES = 3
"""Consecutive pages that add nothing new after which a list is taken as complete."""
MAX_PAGES = MAX_PAGES_PER_CONVERSATION
"""Pages after which a list is taken as complete whatever the service says (the same cap as
`--print`: no real conversation is longer, a lying one is not followed)."""


class Stop(Enum):
    """Why paging ended while the service still said there was more."""

    REPEATED = "a page held only items already loaded"
    CAPPED = "the cap on pages or items was reached"


def only_repeats(keys: Collection[str], known: Collection[str]) -> bool:
    """Whether a page (its items' keys) has items and every one was loaded before: a "next
    page" that lies, which must not make a pager loop."""
    return bool(keys) and all(key in known for key in keys)


@dataclass(frozen=True, slots=True)
class StopRule:
    """When paging ends though the service says there is more: at a page of only repeats
    (`only_repeats`), or after `max_pages` pages or `max_items` items (None: no cap).

    One rule for the reader's lists (`LazyPager.finish`) and for `--print`
    (`LemlistClient.iter_pages`), so that both stop where the other would.
    """

    max_pages: int = MAX_PAGES
    max_items: int | None = None

    def check(self, *, repeated: bool, pages: int, items: int) -> Stop | None:
        """Why paging ends after a page (`repeated`: it held only repeats; `pages` and
        `items`: how many are loaded with it), or None when it may go on."""
        if repeated:
            return Stop.REPEATED
        if pages >= self.max_pages or (self.max_items is not None and items >= self.max_items):
            return Stop.CAPPED
        return None


class LoadState(Enum):
    """Where the loading of a list stands."""

    IDLE = "idle"
    LOADING = "loading"
    FAILED = "failed"
    COMPLETE = "complete"


class PageNotShownError(Exception):
    """A page arrived but could not be shown (a bug or a value no formatter can draw).

    It may have been taken in halfway, so it cannot simply be asked again: the list is
    loaded again from the top instead.
    """

    title = "This page could not be shown"
    hint = "Load the list again from the top."

    def __init__(self, cause: BaseException) -> None:
        self.message = f"this page could not be shown ({type(cause).__name__})"
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page of messages to fetch; handed back with its result so stale answers show."""

    generation: int
    contact_id: str
    skip: int
    limit: int
    mark_as_read: bool = False
    refresh: bool = False
    """True for the first page fetched again to merge what is new (not a next page)."""

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
    refresh: bool = False

    @property
    def cursor(self) -> int:
        """Which page this is."""
        return self.page


ItemT = TypeVar("ItemT")
RequestT = TypeVar("RequestT", PageRequest, InboxRequest)
PageT = TypeVar("PageT", Page, InboxPage)


@dataclass(frozen=True, slots=True)
class Arrival(Generic[ItemT]):
    """What one answer changed in a list, so its view updates only what it must."""

    appended: Sequence[ItemT] = ()
    """New items after the last loaded one (a next page)."""
    inserted: Sequence[ItemT] = ()
    """New items before the first loaded one (a refresh found newer items)."""
    reordered: bool = False
    """Loaded items moved or changed (a refresh): the whole view must be rebuilt."""
    refresh: bool = False
    """The answer was a refresh of the first page."""
    arrived: Sequence[ItemT] = ()
    """What a refresh brought that the user has not had before: new items, and loaded items
    with newer activity (a conversation with a new reply), in list order."""

    @property
    def changed(self) -> bool:
        """Whether anything shown must change."""
        return bool(self.appended or self.inserted or self.reordered)


class LazyPager(ABC, Generic[ItemT, RequestT, PageT]):
    """Items loaded so far and what to load next; subclasses say how pages are addressed.

    `fetch` turns a request into a page (the client's call, injected); the pager itself does
    no I/O. `generation` identifies this list among those opened in one session: a result for
    a request of another generation (the user switched contact meanwhile) is ignored.
    """

    first_cursor: ClassVar[int] = 0
    shifts_on_insert: ClassVar[bool] = False
    """True when items inserted at the top move every later item's cursor (skip paging)."""
    repeats_end: ClassVar[bool] = False
    """True when a next page made only of items already loaded ends the list (a service
    whose "next page" lies cannot make us loop); False where the list shifts while it is
    read and a page of known items is skipped instead (see `MAX_BARREN_PAGES`)."""
    stop_rule: ClassVar[StopRule] = StopRule()
    """When loading ends early: a page cap (`MAX_PAGES`) and no item cap."""

    def __init__(
        self,
        fetch: Callable[[RequestT], Awaitable[PageT]],
        *,
        page_size: int,
        generation: int,
        threshold: int | None,
    ) -> None:
        self.fetch: Callable[[RequestT], Awaitable[PageT]] = fetch
        self.page_size = max(1, page_size)
        self.generation = generation
        self.threshold = (
            threshold if threshold is not None else max(MIN_PREFETCH_THRESHOLD, self.page_size // 2)
        )
        self.items: list[ItemT] = []
        self.total: int | None = None
        self.state = LoadState.IDLE
        self.error: Exception | None = None
        """Why the last page failed (an `ApiError`, a `PageNotShownError`, ...)."""
        self.note = ""
        """Why loading ended early (a cap), for the end-of-list row."""
        self.pages_loaded = 0
        self._next_cursor = self.first_cursor
        self._requested: set[int] = set()
        self._in_flight: RequestT | None = None
        self._refreshing: RequestT | None = None
        self._barren = 0
        """Pages in a row that added nothing new."""
        self._broken = False
        """A page could not be shown (`abandon`): `retry` gives nothing, refresh instead."""
        self._keys: set[str] = set()

    # -- what subclasses provide

    @abstractmethod
    def _request(self, cursor: int, *, refresh: bool = False) -> RequestT:
        """The request for the page at `cursor` (`refresh`: the first page asked again)."""

    @abstractmethod
    def _read(self, page: PageT) -> tuple[Sequence[ItemT], bool, int, int | None]:
        """(the page's items, whether more follow, the next cursor, the total if known)."""

    @abstractmethod
    def key(self, item: ItemT) -> str:
        """What identifies an item across pages (for dedupe and merging): "id:…" when it has
        an identity, "content:…" (a digest) when it has none."""

    def is_newer(self, old: ItemT, new: ItemT) -> bool:
        """Whether `new`, a fresh copy of the loaded `old`, has activity `old` did not (a
        refresh counts it as arrived). Nothing by default: a message does not change."""
        return False

    # -- reading the state

    @property
    def loaded(self) -> int:
        """How many items are loaded (after dedupe)."""
        return len(self.items)

    @property
    def refreshing(self) -> bool:
        """Whether a refresh of the first page is in flight."""
        return self._refreshing is not None

    @property
    def complete(self) -> bool:
        """True once the last page has arrived."""
        return self.state is LoadState.COMPLETE

    @property
    def retryable(self) -> bool:
        """Whether `retry` would ask the failed page again."""
        return self.state is LoadState.FAILED and not self._broken

    def wants_more(self, position: int | None) -> bool:
        """Whether the highlight at `position` (among all loaded items) is close enough to the
        end to fetch the next page now: within `threshold` rows, so it arrives in time."""
        if self.state is not LoadState.IDLE or position is None:
            return False
        return position >= self.loaded - self.threshold

    # -- the rules

    def start(self) -> RequestT | None:
        """The next page to fetch, marked in flight; None when nothing should be fetched.

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

    def refresh(self) -> RequestT | None:
        """The first page again, to merge what is new; None while one is in flight.

        Nothing loaded is dropped by asking: the answer is merged by `finish`. After a page
        that could not be shown, the answer replaces the whole list instead.
        """
        if self._refreshing is not None or (self.pages_loaded == 0 and not self._broken):
            return None
        request = self._request(self.first_cursor, refresh=True)
        self._refreshing = request
        return request

    def is_current(self, request: RequestT) -> bool:
        """Whether `request` is one this list is waiting for."""
        return request.generation == self.generation and (
            request == self._in_flight or request == self._refreshing
        )

    def finish(self, request: RequestT, page: PageT) -> Arrival[ItemT] | None:
        """Take an answer in; what it changed, or None when it is stale."""
        if not self.is_current(request):
            return None
        if request.refresh:
            self._refreshing = None
            return self._merge_first(page)
        self._in_flight = None
        items, has_more, next_cursor, total = self._read(page)
        repeated = self.repeats_end and only_repeats([self.key(item) for item in items], self._keys)
        fresh = self._fresh(items)
        self.items.extend(fresh)
        self.pages_loaded += 1
        if total is not None:
            self.total = total
        advanced = next_cursor > self._next_cursor
        self._next_cursor = next_cursor
        self._barren = 0 if fresh else self._barren + 1
        stop = self.stop_rule.check(repeated=repeated, pages=self.pages_loaded, items=self.loaded)
        if stop is Stop.CAPPED and has_more:
            self.note = f"stopped after {self.pages_loaded:,} pages"
        if stop is not None:
            has_more = False
        if not has_more or not advanced or self._barren >= MAX_BARREN_PAGES:
            self.state = LoadState.COMPLETE
            self.total = self.loaded
        else:
            self.state = LoadState.IDLE
        return Arrival(appended=fresh)

    def _fresh(self, items: Sequence[ItemT]) -> list[ItemT]:
        """The items not loaded before (`models.dedupe_by`: id-less repeats inside one page
        are kept, as the service sent them)."""
        return dedupe_by(items, self.key, self._keys)

    def _merge_first(self, page: PageT) -> Arrival[ItemT]:
        """Merge a fresh first page: its items lead, in its order; the rest keep theirs."""
        items, has_more, next_cursor, total = self._read(page)
        if total is not None and not self.complete:
            self.total = total
        first = list(items)
        keys = [self.key(item) for item in first]
        page_keys = set(keys)
        loaded = {self.key(item): item for item in self.items if self.key(item) in page_keys}
        arrived = [
            item
            for item, key in zip(first, keys, strict=True)
            if key not in loaded or self.is_newer(loaded[key], item)
        ]
        if self._broken or (first and not loaded and has_more):
            # Nothing in common with what is loaded (or what is loaded is broken): there may
            # be a gap between the two, so the first page replaces the list.
            known = self._keys
            self._restart(first, keys, has_more, next_cursor)
            fresh = [item for item, key in zip(first, keys, strict=True) if key not in known]
            return Arrival(reordered=True, refresh=True, arrived=fresh)
        rest = [item for item in self.items if self.key(item) not in page_keys]
        merged = first + rest
        new = [item for item, key in zip(first, keys, strict=True) if key not in self._keys]
        if len(merged) == len(self.items) and all(
            a is b or a == b for a, b in zip(merged, self.items, strict=True)
        ):
            return Arrival(refresh=True)
        if self.complete:
            self.total = len(merged)
        if merged[len(new) :] == self.items and merged[: len(new)] == new:
            self.items[:0] = new
            self._keys.update(self.key(item) for item in new)
            if self.shifts_on_insert:
                self._next_cursor += len(new)
            return Arrival(inserted=new, refresh=True, arrived=arrived)
        self.items[:] = merged
        self._keys.update(keys)
        if self.shifts_on_insert:
            self._next_cursor += len(new)
        return Arrival(reordered=True, refresh=True, arrived=arrived)

    def _restart(
        self, first: list[ItemT], keys: list[str], has_more: bool, next_cursor: int
    ) -> None:
        self.items[:] = first
        self._keys = set(keys)
        self._requested = {self.first_cursor}
        self._in_flight = None
        self._broken = False
        self.error = None
        self.note = ""
        self.pages_loaded = 1
        self._barren = 0
        self._next_cursor = next_cursor
        self.state = LoadState.IDLE if has_more else LoadState.COMPLETE
        if not has_more:
            self.total = len(first)

    def replace(self, item: ItemT) -> int | None:
        """Swap in an updated copy of a loaded item (same key); its index, None if not loaded."""
        wanted = self.key(item)
        for index, current in enumerate(self.items):
            if self.key(current) == wanted:
                self.items[index] = item
                return index
        return None

    def fail(self, request: RequestT, error: Exception) -> bool:
        """Record a failed page; False (and nothing changes) if the request is stale.

        Every item already loaded stays; the page can be asked again with `retry`. A failed
        refresh changes nothing at all (what is shown is still right, only not newer).
        """
        if not self.is_current(request):
            return False
        if request.refresh:
            self._refreshing = None
            return True
        self._in_flight = None
        self._requested.discard(request.cursor)
        self.state = LoadState.FAILED
        self.error = error
        return True

    def abandon(self, request: RequestT, error: Exception) -> bool:
        """A page of this list arrived but could not be shown: loading stops, with `error`.

        The page may be half taken in, so it cannot simply be asked again: `retry` returns
        None afterwards and `refresh` replaces the list. False for another generation.
        """
        if request.generation != self.generation:
            return False
        self._in_flight = None
        self._refreshing = None
        self.state = LoadState.FAILED
        self.error = error
        self._broken = True
        return True

    def retry(self) -> RequestT | None:
        """After a failure, the same page again (marked in flight); None if nothing to retry."""
        if not self.retryable:
            return None
        self.state = LoadState.IDLE
        self.error = None
        return self.start()

    def cancel(self) -> None:
        """Forget the requests in flight (their workers were cancelled) so they can be asked
        again."""
        self._refreshing = None
        if self._in_flight is not None:
            self._requested.discard(self._in_flight.cursor)
            self._in_flight = None
            if self.state is LoadState.LOADING:
                self.state = LoadState.IDLE


class ConversationPager(LazyPager[Message, PageRequest, Page]):
    """Messages loaded so far for one contact (paged by `skip`), and what to load next."""

    first_cursor = 0
    shifts_on_insert = True
    repeats_end = True

    def __init__(
        self,
        contact_id: str,
        fetch: Callable[[PageRequest], Awaitable[Page]],
        *,
        page_size: int,
        generation: int = 0,
        mark_as_read: bool = False,
        threshold: int | None = None,
    ) -> None:
        super().__init__(fetch, page_size=page_size, generation=generation, threshold=threshold)
        self.contact_id = contact_id
        self._mark_first_page = mark_as_read

    @property
    def messages(self) -> list[Message]:
        """The messages loaded so far, newest first."""
        return self.items

    def key(self, item: Message) -> str:
        """A message's `_id`, or a digest of its content when it has none."""
        return message_key(item)

    def _request(self, cursor: int, *, refresh: bool = False) -> PageRequest:
        return PageRequest(
            generation=self.generation,
            contact_id=self.contact_id,
            skip=cursor,
            limit=self.page_size,
            mark_as_read=self._mark_first_page and cursor == 0 and not refresh,
            refresh=refresh,
        )

    def _read(self, page: Page) -> tuple[Sequence[Message], bool, int, int | None]:
        return page.messages, page.has_more, page.next_skip, page.pagination.total_items


class InboxPager(LazyPager[InboxItem, InboxRequest, InboxPage]):
    """A user's inbox conversations loaded so far (paged by page number), latest first."""

    first_cursor = 1

    def __init__(
        self,
        user_id: str,
        fetch: Callable[[InboxRequest], Awaitable[InboxPage]],
        *,
        page_size: int,
        generation: int = 0,
        threshold: int | None = None,
    ) -> None:
        super().__init__(fetch, page_size=page_size, generation=generation, threshold=threshold)
        self.user_id = user_id

    def key(self, item: InboxItem) -> str:
        """The conversation's contact (one conversation per contact), else its own id."""
        if item.contact_id or item.id:
            return "id:" + (item.contact_id or item.id)
        return f"content:{item.contact_email}\x00{item.contact_name}"

    def is_newer(self, old: InboxItem, new: InboxItem) -> bool:
        """A conversation has news when its last activity is later than the loaded one's."""
        if new.last_activity_at is None:
            return False
        return old.last_activity_at is None or new.last_activity_at > old.last_activity_at

    def _request(self, cursor: int, *, refresh: bool = False) -> InboxRequest:
        return InboxRequest(
            generation=self.generation,
            user_id=self.user_id,
            page=cursor,
            limit=self.page_size,
            refresh=refresh,
        )

    def _read(self, page: InboxPage) -> tuple[Sequence[InboxItem], bool, int, int | None]:
        # The inbox shifts while it is read (new activity moves a conversation to the top),
        # so a page of known conversations is skipped, not taken for the end, unless it is
        # the service's last.
        return page.items, page.has_more, page.page + 1, page.pagination.total_items
