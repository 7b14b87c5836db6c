"""A list that loads itself page by page from a `LazyPager`, with a status row kept last.

Built on `LineList` (one line per row, only the lines on screen drawn, so fast at 100,000
rows; a new page only grows it). The list owns its pager: it
fetches the first page when opened, the next one before the highlight reaches the end, every
page on `load_all`, and the first page again on `reload` (merged: nothing loaded is cleared
first). Every fetch runs in a worker; whatever happens ends as a row or a message to the
screen, never a crash. Items live once, in the pager; the list only keeps which of them a
filter shows. The status row ("loading more…", the end, or what went wrong) stays last and
only a failure row can be highlighted (Enter on it retries).

A refresh is either the user's (`reload`, `r`) or timed (`refresh(timed=True)`, the app's
timer): a timed one that finds nothing new changes nothing on screen at all, and the list
counts what refreshes brought (`unseen`) until the user has had it in view after moving or
scrolling.

Screens react to four messages: `LoadStarted`, `PageArrived`, `LoadFailed` and `Unseen`.
`MessageList` and `InboxList` say how an item looks and what they are called.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeAlias, TypeVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType

from lemtui.lemlist.filters import RowFilter
from lemtui.lemlist.paging import Arrival, LazyPager, LoadState, PageNotShownError
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.widgets import list_events as events
from lemtui.tui.widgets import list_status as status
from lemtui.tui.widgets.line_list import LineList
from lemtui.tui.widgets.list_status import StatusKind

__all__ = ["PagedList", "StatusKind"]

MAX_HIDDEN_PAGES = 3
"""Pages in a row a filter shows nothing of, after which prefetching waits for `L`."""
ItemT = TypeVar("ItemT")
AnyPager = LazyPager[ItemT, Any, Any]


class PagedList(LineList, Generic[ItemT]):
    """Rows of a pager's items plus a status row at the end; j/k/g/G move, stopping at the ends.

    For long lists over slow links and in little memory, nothing is kept per row but the item
    (a row is drawn from it when it comes into view), and moving the highlight repaints only
    the two rows it leaves and enters (not the whole list: ~7 KB less per key over SSH).
    """

    NOUNS: ClassVar[tuple[str, str]] = ("item", "items")
    """How one and several items are called in the status row."""
    MORE: ClassVar[str] = "more items"
    """What the next page holds, as the status row says it ("loading more items…")."""

    HELP_SECTION: ClassVar[str] = "Lists (inbox and messages)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="down", tooltip="Next row"),
        Binding("k", "cursor_up", "Up", show=False, id="up", tooltip="Previous row"),
        Binding("g", "first", "First", show=False, id="first", tooltip="First row"),
        Binding("G", "last", "Last", show=False, id="last", tooltip="Last row loaded"),
        Binding("ctrl+d", "page_down", "Page down", show=False, tooltip="A page down"),
        Binding("ctrl+u", "page_up", "Page up", show=False, tooltip="A page up"),
        Binding("enter", "select", "Read", tooltip="Read it (on a failed row: retry)"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter ("Read") only once a list is open: an empty screen's footer does not offer it."""
        if action == "select":
            return self.pager is not None
        return True

    ListEvent: TypeAlias = events.ListEvent
    LoadStarted: TypeAlias = events.LoadStarted
    PageArrived: TypeAlias = events.PageArrived
    LoadFailed: TypeAlias = events.LoadFailed
    Unseen: TypeAlias = events.Unseen

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.clock = clock
        """Where "now" comes from for the rows' compact dates."""
        self.pager: AnyPager[ItemT] | None = None
        self.status_kind: StatusKind | None = None
        self.loading_all = False
        """True while `load_all` fetches every remaining page."""
        self._shown: list[ItemT] | None = None
        """The items a filter shows, in order; None when every loaded item is shown."""
        self.timed_refresh = False
        """True while the refresh in flight is the timer's (nobody is waiting for it)."""
        self.unseen: set[Hashable] = set()
        """Keys of what refreshes brought that has not been in view since the user moved."""
        self._status_text = ""
        self._rebuilding = False
        """True while rows are rebuilt: the highlight and scroll moves are not the user's."""
        self._hidden_pages = 0
        """Pages in a row that a filter showed nothing of (prefetching pauses at
        `MAX_HIDDEN_PAGES`: a filter that matches nothing must not walk the whole history)."""

    # ------------------------------------------------------------------ what subclasses say

    def row(self, item: ItemT, now: datetime) -> Text:
        """How `item` is drawn (one line, cleaned)."""
        raise NotImplementedError

    filter: RowFilter | None = None
    """What the list shows (None: no filter); it stays when another list is opened."""

    def shows(self, item: ItemT) -> bool:
        """Whether the current filter shows `item`."""
        return self.filter is None or self.filter.matches(item)

    @property
    def filtered(self) -> bool:
        """Whether a filter hides some items."""
        return self.filter is not None and not self.filter.shows_all

    def set_filter(self, kind: RowFilter, keep: ItemT | None) -> None:
        """Show only what `kind` keeps; the highlight goes to `keep`, or the nearest row after
        where `keep` was (the last row if none follows)."""
        self.filter = kind
        self.refilter(keep)

    def news_of(self, arrived: Sequence[ItemT]) -> list[ItemT]:
        """What of `arrived` (brought by a refresh) counts in the header's "N new": all of it,
        unless the list knows the user brought some of it themselves."""
        return list(arrived)

    def notable(self, item: ItemT) -> bool:
        """Whether `item`, brought by a refresh, deserves the user's attention (a bell)."""
        return True

    def activity(self, item: ItemT) -> tuple[str, datetime | None]:
        """Whose conversation `item` belongs to and when it happened, so that one reply seen
        by two lists is announced once ("" and None: cannot be told)."""
        return "", None

    # ------------------------------------------------------------------ items

    @property
    def items(self) -> Sequence[ItemT]:
        """The items shown, row by row (every loaded item unless a filter hides some)."""
        if self._shown is not None:
            return self._shown
        return self.pager.items if self.pager is not None else ()

    def item_at(self, index: int | None) -> ItemT | None:
        """The item on row `index`, or None for the status row / nothing."""
        items = self.items
        if index is None or not 0 <= index < len(items):
            return None
        return items[index]

    @property
    def highlighted_item(self) -> ItemT | None:
        """The item under the highlight, if the highlight is on an item."""
        return self.item_at(self.highlighted)

    def position(self, row: int | None) -> int | None:
        """A row as a position among everything loaded (for prefetching under a filter).

        With a filter, the last row shown may be the 10th item loaded of 50, and the user at the
        end of the list still wants the next page: rows are counted back from the end.
        """
        pager = self.pager
        if pager is None:
            return None
        shown = len(self.items)
        if row is None:
            return pager.loaded - shown if shown == 0 else None
        return pager.loaded - (shown - row)

    # ------------------------------------------------------------------ loading

    def open(self, pager: AnyPager[ItemT], *, at_once: bool = False) -> None:
        """Show `pager`'s list from scratch (cancelling any fetch of the previous one).

        The first request leaves once the "loading" frame is drawn, or `at_once` when
        nothing would hold that frame up (the HTTP client is already loaded).
        """
        self.workers.cancel_group(self, "pages")
        self.workers.cancel_group(self, "refresh")
        self.pager = pager
        self.loading_all = False
        self.timed_refresh = False
        self._hidden_pages = 0
        self._shown = None if not self.filtered else []
        self.status_kind = None
        self._status_text = ""
        if self.unseen:
            self.unseen = set()
            self.post_message(self.Unseen(self, 0))
        self.set_status_line(None)
        self.rows_replaced()
        self.load_next(after_refresh=not at_once)

    def wants_more(self) -> bool:
        """Whether the next page should be fetched now: the highlight nears the end of what
        is loaded, and no filter has hidden every row of the last pages."""
        pager = self.pager
        if pager is None or (self.filtered and self._hidden_pages >= MAX_HIDDEN_PAGES):
            return False
        return pager.wants_more(self.position(self.highlighted))

    def load_next(self, *, after_refresh: bool = False) -> None:
        """Fetch the next page, unless one is in flight, it failed, or the list is complete.

        `after_refresh`: the request leaves once the screen has been drawn (a list's first
        page: the frame that says "loading" comes first, and the HTTP client, loaded on its
        first request, does not hold it up).
        """
        pager = self.pager
        if pager is None:
            return
        request = pager.start()
        if request is None:
            return
        if pager.loaded:
            self.set_status(*status.loading(self.MORE))
        self.post_message(self.LoadStarted(self))
        if after_refresh:
            self.call_after_refresh(self._fetch_if_current, pager, request)
        else:
            self._fetch_page(request)

    def _fetch_if_current(self, pager: AnyPager[ItemT], request: Any) -> None:
        """Fetch `request` unless another list was opened since it was made."""
        if pager is self.pager:
            self._fetch_page(request)

    def reload(self) -> bool:
        """Retry the page that failed, else fetch the first page again and merge it.

        Nothing loaded is cleared first, and a reload already in flight is not doubled.
        False when there is nothing to do (no list, or a reload is running).
        """
        pager = self.pager
        if pager is None:
            return False
        if pager.retryable:
            request = pager.retry()
            if request is None:
                return False
            if pager.loaded:  # the failure row says it is being retried, and cannot be chosen
                self.set_status(*status.loading(self.MORE))
            self.post_message(self.LoadStarted(self))
            self._fetch_page(request)
            return True
        if pager.refreshing and self.timed_refresh:
            # The timer's refresh is already on its way: the user now waits for it.
            self.timed_refresh = False
            self.post_message(self.LoadStarted(self))
            return True
        return self.refresh_first(timed=False)

    def refresh_first(self, *, timed: bool) -> bool:
        """Fetch the first page again and merge it (never a retry of a failed page).

        `timed`: the app's timer asks, nobody waits: the screen shows nothing while it runs,
        and a failure is said calmly. False when a refresh is in flight or nothing is loaded.
        """
        pager = self.pager
        if pager is None:
            return False
        request = pager.refresh()
        if request is None:
            return False
        self.timed_refresh = timed
        self.post_message(self.LoadStarted(self, timed=timed))
        self._fetch_refresh(request)
        return True

    def load_all(self) -> None:
        """Fetch every remaining page, one after another."""
        pager = self.pager
        if pager is None or pager.complete:
            return
        self.loading_all = True
        if pager.state is LoadState.FAILED:
            if not self.reload():
                self.loading_all = False
            return
        self.load_next()

    @work(exclusive=True, group="pages", exit_on_error=False)
    async def _fetch_page(self, request: Any) -> None:
        await self._fetch(request)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def _fetch_refresh(self, request: Any) -> None:
        await self._fetch(request)

    async def _fetch(self, request: Any) -> None:
        """Fetch one page; whatever happens ends as a row or a message, never a crash."""
        pager = self.pager
        if pager is None:
            return
        try:
            page = await pager.fetch(request)
        except Exception as error:  # ApiError, or a bug: either way the reader goes on
            self._failed(pager, request, error)
            return
        if pager is not self.pager:
            return
        first = pager.pages_loaded == 0
        timed = bool(request.refresh and self.timed_refresh)
        reading = self.highlighted_item  # before the pager changes what each row holds
        try:
            arrival = pager.finish(request, page)
            if arrival is not None:
                if arrival.refresh:
                    self.timed_refresh = False
                self._show(pager, arrival, reading)
        except Exception as error:  # e.g. a date no formatter can show: say so, go on
            if pager.abandon(request, PageNotShownError(error)):
                self.timed_refresh = False
                self._show_failure(pager, first=not self.line_count)
            return
        if arrival is None:
            return
        if news := self.news_of(arrival.arrived):
            key = pager.key
            self.unseen.update(key(item) for item in news)
            self.post_message(self.Unseen(self, len(self.unseen)))
        self.post_message(self.PageArrived(self, arrival, first, timed=timed))
        if arrival.appended or (not request.refresh and self.filtered):
            shown = any(self.shows(item) for item in arrival.appended)
            self._hidden_pages = 0 if shown or not self.filtered else self._hidden_pages + 1
        if self.loading_all:
            if pager.complete:
                self.loading_all = False
            else:
                self.load_next()
        elif self.wants_more():
            self.load_next()
        elif self.filtered and self._hidden_pages >= MAX_HIDDEN_PAGES and not pager.complete:
            self._update_status(pager)

    def _failed(self, pager: AnyPager[ItemT], request: Any, error: Exception) -> None:
        if pager is not self.pager or not pager.fail(request, error):
            return
        if request.refresh:
            timed = self.timed_refresh
            self.timed_refresh = False
            self.post_message(self.LoadFailed(self, error, first=False, refresh=True, timed=timed))
            return
        self._show_failure(pager, first=not pager.loaded)

    def _show_failure(self, pager: AnyPager[ItemT], *, first: bool) -> None:
        self.loading_all = False
        error = pager.error or RuntimeError("unknown error")
        if not first:
            self.set_status(*status.failed(self.MORE, error))
        self.post_message(self.LoadFailed(self, error, first))

    # ------------------------------------------------------------------ showing

    def _show(
        self, pager: AnyPager[ItemT], arrival: Arrival[ItemT], reading: ItemT | None = None
    ) -> None:
        """Bring the rows up to date with what `arrival` changed, then the status row;
        `reading` (highlighted before the arrival) stays highlighted."""
        if arrival.reordered or (arrival.inserted and self.line_count):
            self._rebuild(keep=reading, arrivals=True)
        elif arrival.inserted or arrival.appended:
            new = [*arrival.inserted, *arrival.appended]
            shown = [item for item in new if self.shows(item)]
            self._draw_each(shown)  # an item no formatter can draw stops here, before any row
            if self._shown is not None:
                self._shown.extend(shown)
            if shown:
                self.rows_appended()
        self._update_status(pager)

    def _update_status(self, pager: AnyPager[ItemT]) -> None:
        if pager.state is LoadState.LOADING and pager.loaded:
            return  # the "loading…" row stays
        if pager.state is LoadState.FAILED:
            return  # the failure row stays
        paused = self._hidden_pages >= MAX_HIDDEN_PAGES
        now = status.settled(
            pager, self.NOUNS, len(self.items), filtered=self.filtered, paused=paused
        )
        self.set_status(*(now or (None, "")))

    def refilter(self, keep: ItemT | None = None) -> None:
        """Rebuild the rows after the filter changed; the highlight goes to `keep` or the
        nearest row after where it was (the last row if none follows)."""
        pager = self.pager
        self._hidden_pages = 0
        try:
            self._rebuild(keep=keep, nearest=True)
        except Exception as error:  # a row no formatter can draw: say so, keep the app
            if pager is not None:
                pager.error = PageNotShownError(error)
                self._show_failure(pager, first=False)
            return
        if pager is not None:
            self._update_status(pager)
        self.mark_seen()

    def _rebuild(
        self, *, keep: ItemT | None = None, nearest: bool = False, arrivals: bool = False
    ) -> None:
        """Rows from scratch (a refresh moved items, or the filter changed), with the
        highlighted item kept under the highlight and on the same screen line.

        `arrivals` (a refresh brought new rows): a view at its top stays at its top, so what
        arrived there is in view and the highlight moves down with its row (scrolled only
        as far as keeps it in view); a view scrolled down keeps its rows where they were,
        and its header says how many arrived above. Either way what arrived counts as new
        until the user moves.
        """
        pager = self.pager
        if pager is None:
            return
        target = keep if keep is not None else self.highlighted_item
        line = (self.highlighted or 0) - round(self.scroll_y)
        at_top = arrivals and round(self.scroll_y) == 0
        all_items = pager.items
        shown = [i for i in all_items if self.shows(i)] if self.filtered else None
        self._draw_each(all_items if shown is None else shown)  # before any row changes
        self._shown = shown
        self._rebuilding = True
        try:
            self.rows_replaced()
            if not self.items:
                return
            index = self._index_of(target, all_items, nearest=nearest)
            self.highlighted = index
            if at_top:
                height = max(1, self.scrollable_content_region.height)
                top = max(0, index - height + 1)
            else:
                top = max(0, index - max(0, line))
            self.scroll_to(y=top, animate=False, immediate=True)
        finally:
            self._rebuilding = False

    def _index_of(self, target: ItemT | None, all_items: Sequence[ItemT], *, nearest: bool) -> int:
        """The row showing `target` (by key); else, with `nearest`, the first shown row loaded
        after it, else the last row; else the first row. Linear in the loaded items."""
        if target is None or self.pager is None:
            return 0
        key = self.pager.key
        wanted = key(target)
        shown = self.items
        for row, item in enumerate(shown):
            if item is target or key(item) == wanted:
                return row
        if not nearest:
            return 0
        # One pass over everything loaded: the first shown item that comes after the target.
        shown_ids = {id(item): row for row, item in enumerate(shown)}
        after = False
        for item in all_items:
            if after and id(item) in shown_ids:
                return shown_ids[id(item)]
            if item is target or key(item) == wanted:
                after = True
        return len(shown) - 1

    def redraw_item(self, item: ItemT) -> None:
        """Draw the row of `item`'s key again with `item` (an updated copy of what it showed)."""
        if self.pager is None:
            return
        key = self.pager.key
        wanted = key(item)
        for row, shown in enumerate(self.items):
            if key(shown) == wanted:
                if self._shown is not None:
                    self._shown[row] = item
                self.redraw_row(row)
                return

    def set_status(self, kind: StatusKind | None, text: str = "") -> None:
        """Show (or, with None, remove) the status row; only a failure row is selectable.

        The same row again draws nothing (a refresh that changed nothing stays invisible).
        """
        if kind == self.status_kind and (kind is None or text == self._status_text):
            return
        self.status_kind = kind
        self._status_text = text
        if kind is None:
            self.set_status_line(None)
            return
        self.set_status_line(status.status_prompt(kind, text), selectable=kind == "failed")

    # ------------------------------------------------------------------ drawing rows

    @property
    def row_count(self) -> int:
        """One row per item shown."""
        return len(self.items)

    def row_prompt(self, index: int) -> Text:
        """Row `index` drawn from its item now (the view keeps the lines it has drawn)."""
        try:
            return self.row(self.items[index], self.clock())
        except Exception as error:  # drawn once on arrival; never crash while painting
            return Text(f"  {glyphs().warn} this row cannot be shown ({type(error).__name__})")

    def _draw_each(self, items: Sequence[ItemT]) -> None:
        """Draw each of `items` once, keeping nothing: an item no formatter can draw (a date
        out of range) raises here, where the caller says so, not while painting."""
        now = self.clock()
        for item in items:
            self.row(item, now)

    # ------------------------------------------------------------------ moving

    def mark_seen(self) -> None:
        """The user has the rows in view before their eyes: what arrived there is seen."""
        if not self.unseen or self.pager is None:
            return
        top = max(0, round(self.scroll_y))
        height = max(1, self.scrollable_content_region.height)
        key = self.pager.key
        before = len(self.unseen)
        for item in self.items[top : top + height]:
            self.unseen.discard(key(item))
        if len(self.unseen) != before:
            self.post_message(self.Unseen(self, len(self.unseen)))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling (the wheel, a page key) brings rows into view: they are seen."""
        super().watch_scroll_y(old_value, new_value)
        if not self._rebuilding:
            self.mark_seen()

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        """Scroll to and announce the new highlight; what it brings into view is seen."""
        super().watch_highlighted(old, new)
        if not self._rebuilding:
            self.mark_seen()

    def action_last(self) -> None:
        """G: the last row, scrolled so the status row under it (the end, or "loading") shows."""
        super().action_last()
        if self.status_kind is not None:
            self.scroll_end(animate=False, immediate=True)

    @on(LineList.Highlighted)
    def _prefetch(self) -> None:
        """Prefetch: the next page is asked while the highlight nears the end."""
        if self.wants_more():
            self.load_next()

    @on(LoadStarted)
    @on(PageArrived)
    @on(LoadFailed)
    def _stop_if_stale(self, event: ListEvent) -> None:
        """A message about a list this widget no longer shows (another contact was opened
        before it was handled) never reaches the screen."""
        if event.pager is not self.pager:
            event.stop()
            event.prevent_default()

    @on(LineList.Selected)
    def _retry_on_status(self, event: LineList.Selected) -> None:
        """Enter on the failure row retries (the screen never sees it chosen)."""
        if event.index == self.status_line:
            event.stop()
            self.reload()
