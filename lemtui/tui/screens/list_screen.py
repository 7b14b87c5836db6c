"""The base of the screens that show one live list: the inbox and a conversation.

It owns what the two have in common: the header's figures (the live note, what is new, the
filter, what is loaded), the notice shown instead of the list (loading, empty, failed), the
answers to the list's loads, reload (`r`), filter (`f`), search and its hits (`/`, `n`, `N`),
loading every page (`L`) and the mark-as-read request. A screen provides what differs: its
title, its words (plain class data), how it searches and what a page that arrives does there.

The app tells such a screen by this class without importing either screen (each is loaded
only when first shown), so this module loads no list, pager or search at start: it answers
their messages by Textual's naming convention, and names their types for the checker only.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, cast

from rich.text import Text
from textual.events import Key
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import Static
from typing_extensions import TypeVar

from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.notices import READ_ONLY, error_text, failure_notice, loaded_stats
from lemtui.tui.widgets.header_bar import HeaderBar

if TYPE_CHECKING:
    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.paging import LazyPager
    from lemtui.tui.cache_glue import CacheGlue
    from lemtui.tui.widgets.paged_list import PagedList
    from lemtui.tui.widgets.search_bar import SearchBar

__all__ = ["ContactMessage", "ListScreen"]

PagerT = TypeVar("PagerT", bound="LazyPager[Any, Any, Any]", default=Any)
FetchT = TypeVar("FetchT", bound=Callable[..., Any])
"""What the screen's list pages through (`InboxPager`, `Conversation`)."""


class ContactMessage(TextualMessage):
    """A list screen's message about one contact's conversation (open it, it was read)."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id


class ListScreen(Screen[None], Generic[PagerT]):
    """A screen with one list the app's timer refreshes, and a header that shows its state."""

    NOTICE_ID: ClassVar[str]
    """The `Static` shown instead of the list (loading, empty, failed)."""
    NOUNS: ClassVar[tuple[str, str]]
    """What one row is, and several ("message", "messages")."""
    EMPTY: ClassVar[tuple[str, str]]
    """The notice when the first page is empty: a headline (`{subject}` is filled in) and keys."""
    FAILED: ClassVar[tuple[str, str]]
    """The notice when the first page failed: a headline and the keys that help."""
    MARK_EXCLUSIVE: ClassVar[bool]
    """True when a new mark-as-read request cancels the one in flight (one conversation);
    False when each goes on (several conversations marked in a row)."""

    WRITES: ClassVar[dict[str, str]] = {"mark_read": "Marking as read"}
    """The actions that write to lemlist, and how `READ_ONLY` names each."""

    class Shown(TextualMessage):
        """The screen is shown again (the app refreshes it if it is stale)."""

    def __init__(self, *, client: LemlistClient, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.client = client
        self.clock = clock
        self.live_note = Text()
        """The live state the app hands down (a failed refresh, its next try)."""
        self._generation = 0
        """Counts the lists opened, so that a late answer for an earlier one is dropped."""
        self.cache_note = Text()
        """Where the rows come from when not from lemlist ("cached 14:02, refreshing…")."""

    @property
    def cache(self) -> CacheGlue | None:
        """The app's local cache (None: `--no-cache`, or an app without one)."""
        return cast("CacheGlue | None", getattr(self.app, "cache", None))

    def cached(self, fetch: FetchT) -> FetchT:
        """`fetch` with the app's cache in front of it and behind it (as is without one)."""
        glue = self.cache
        return fetch if glue is None else cast("FetchT", glue.wrap(self, fetch))

    def on_screen_resume(self) -> None:
        """Shown again: the app refreshes what is stale."""
        self.post_message(self.Shown())

    # ----------------------------------------------------------------- what each screen says

    @property
    @abstractmethod
    def live_list(self) -> PagedList[Any]:
        """The list the app's timer refreshes while this screen is shown."""

    @property
    def pager(self) -> PagerT | None:
        """What the list has loaded and loads next (None before a list is opened)."""
        return cast("PagerT | None", self.live_list.pager if self.is_mounted else None)

    @property
    @abstractmethod
    def search_bar(self) -> SearchBar:
        """The search field and its status line."""

    @property
    @abstractmethod
    def subject(self) -> str:
        """What the list shows, as sentences say it ("your inbox", a contact ID)."""

    @abstractmethod
    def header_title(self) -> Text:
        """The header's title: whose list this is."""

    @abstractmethod
    def search(self, query: str, *, jump: bool) -> None:
        """Search the rows shown for `query`; ends with the search bar's `Searched`."""

    @abstractmethod
    def page_arrived(self, event: PagedList.PageArrived, pager: PagerT) -> None:
        """A page arrived in the open list: show it (the header is updated after this)."""

    @abstractmethod
    def loading_all(self, pager: PagerT) -> None:
        """`L` started loading every remaining page: say so."""

    @abstractmethod
    def marked_read(self, contact_id: str, user_id: str) -> None:
        """lemlist confirmed that `contact_id`'s conversation is read for `user_id`."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In read-only mode the keys that write to lemlist are not offered (footer,
        palette); pressed anyway, `on_key` says why."""
        return not (self.client.read_only and action in self.WRITES)

    def on_key(self, event: Key) -> None:
        """A write key pressed in read-only mode: say that writes are off (its binding is
        hidden, so the key arrives here)."""
        if not self.client.read_only:
            return
        from lemtui.tui.commands import key_commands

        keymap = getattr(self.app, "keymap", {})
        for command in key_commands([type(self)], keymap):
            if command.action in self.WRITES and event.key in command.keys:
                event.stop()
                self.say_read_only(self.WRITES[command.action], title=command.title)
                return

    def header_counts(self) -> list[Text]:
        """Figures of the screen's own, shown before what is loaded (none by default)."""
        return []

    def header_modes(self) -> list[Text]:
        """Settings the header always shows, last (none by default)."""
        return []

    @property
    def keeps_focus(self) -> bool:
        """True when the focus is where the user put it, and a first page must not take it."""
        return self.search_bar.is_open

    @property
    def filter_anchor(self) -> Any:
        """The row a new filter keeps highlighted when it shows it."""
        return self.live_list.highlighted_item

    # ----------------------------------------------------------------- header and notices

    def names_changed(self) -> None:
        """Campaign, teammate or mailbox names came: the header and the rows draw them."""
        self.update_header()
        self.live_list.redraw_all()

    def update_header(self) -> None:
        """Draw the title and the figures, most important first (at 80 columns the last ones
        give way)."""
        if not self.is_mounted:
            return
        paged = self.live_list
        pager = paged.pager
        figures: list[Text] = []
        if self.client.read_only:  # first: it never gives way to the figures
            figures.append(Text("read-only", style="bold"))
        if pager is not None:
            from lemtui.lemlist.paging import LoadState  # loaded with the list, not at start

            figures.append(self.cache_note)
            figures.append(self.live_note)
            if paged.unseen:
                above = f" {glyphs().up}" if round(paged.scroll_y) > 0 else ""
                figures.append(Text(f"{len(paged.unseen)} new{above}", style="bold reverse"))
            if paged.filtered and paged.filter is not None:
                shown = len(paged.items)
                figures.append(Text(f"filter: {paged.filter.label} ({shown})", style="bold"))
            figures += self.header_counts()
            figures.append(
                loaded_stats(
                    pager.loaded,
                    pager.total,
                    loading=pager.state is LoadState.LOADING,
                    refreshing=pager.refreshing and not paged.timed_refresh,
                )
            )
        figures += self.header_modes()
        self.query_one(HeaderBar).show(self.header_title(), figures)

    def set_live_note(self, note: Text) -> None:
        """Show the live state (a failed refresh and its next try) in the header."""
        if note.plain != self.live_note.plain:
            self.live_note = note
            self.update_header()

    def show_notice(self, text: Text) -> None:
        """Show `text` instead of the list."""
        self.query_one(f"#{self.NOTICE_ID}", Static).update(text)
        self.add_class("-notice")

    def show_loading(self) -> None:
        """The notice while the first page loads."""
        self.show_notice(Text(f"Loading {self.subject}{glyphs().ellipsis}", style="dim"))

    def _headline(self, template: str) -> str:
        said = template.format(subject=self.subject)
        return said[:1].upper() + said[1:]

    def show_first_page(self, pager: PagerT) -> None:
        """The first page is in: the list replaces the notice (or the notice says it is
        empty), with the first row highlighted."""
        if not pager.loaded:
            headline, keys = self.EMPTY
            self.show_notice(Text.assemble((f"{self._headline(headline)}\n\n", "bold"), keys))
            return
        self.remove_class("-notice")
        paged = self.live_list
        if paged.highlighted is None and paged.items:
            paged.highlighted = 0
        if not self.keeps_focus:
            self.set_focus(paged)

    # ----------------------------------------------------------------- the list's loads

    def on_paged_list_load_started(self, event: PagedList.LoadStarted) -> None:
        """A load began: the header says so (not for the timer's, which nobody waits for)."""
        if not event.timed:
            self.update_header()

    def on_paged_list_page_arrived(self, event: PagedList.PageArrived) -> None:
        """A page arrived: the screen shows it, the header counts it."""
        pager = self.pager
        if pager is None:
            return
        self.page_arrived(event, pager)
        if (glue := self.cache) is not None:
            glue.page_arrived(self, self.live_list, event.first)
        if event.arrival.changed or not event.timed:
            self.update_header()
        if event.arrival.refresh and not event.timed:  # `r`: say what it found
            self._say_reloaded(len(event.arrival.arrived))

    def _say_reloaded(self, arrived: int) -> None:
        at = self.clock().strftime("%H:%M")
        if arrived:
            noun = self.NOUNS[0] if arrived == 1 else self.NOUNS[1]
            self.notify(f"{arrived} new {noun}: updated {at}.", title="Reload", markup=False)
        else:
            self.notify(f"Nothing new: updated {at}.", title="Reload", markup=False)

    def on_paged_list_load_failed(self, event: PagedList.LoadFailed) -> None:
        """A load failed: a reload's failure is a notification (what is shown stays right,
        only not newer); the first page's replaces the list with a notice."""
        if event.timed:
            return  # the app says it calmly in the header (`set_live_note`)
        self.update_header()
        if event.refresh:
            self.notify(
                error_text(event.error), title="Reload failed", severity="warning", markup=False
            )
        elif event.first:
            headline, keys = self.FAILED
            self.show_notice(failure_notice(self._headline(headline), event.error, keys))

    def on_paged_list_unseen(self) -> None:
        """What is new since the user looked changed: the header counts it."""
        self.update_header()

    def refresh_live(self, *, timed: bool) -> bool:
        """Ask the list's newest page again and merge it (the app's timer, or the screen
        shown); False when nothing was asked."""
        return self.live_list.refresh_first(timed=timed)

    # ----------------------------------------------------------------- keys

    def action_reload(self) -> None:
        """r: retry the page that failed, or load what is new (nothing loaded is cleared)."""
        paged = self.live_list
        pager = paged.pager
        if pager is None:
            return  # hidden until a list is opened (`check_action`)
        if not paged.reload():
            if pager.refreshing:
                self.notify("Already reloading.", markup=False)
            return
        if not pager.loaded:
            self.show_loading()
        self.update_header()

    def action_filter(self) -> None:
        """f: the next filter of the list (the highlighted row stays when it is shown)."""
        paged = self.live_list
        if paged.pager is None or paged.filter is None:
            return
        paged.set_filter(paged.filter.next(), self.filter_anchor)
        if self.search_bar.current_query:  # the hits are rows: search again
            self.search(self.search_bar.current_query, jump=False)
        self.update_header()
        if paged.wants_more():
            paged.load_next()

    def action_load_all(self) -> None:
        """L: load every remaining page (then search again, if there is a search)."""
        pager = self.pager
        if pager is None:
            return
        if pager.complete:
            self.notify(f"All {pager.loaded} {self.NOUNS[1]} are loaded.", markup=False)
            return
        self.live_list.load_all()
        self.loading_all(pager)

    # ----------------------------------------------------------------- search

    def action_search(self) -> None:
        """/: open the search field (with the last query)."""
        pager = self.live_list.pager
        if pager is None or not pager.loaded:
            self.notify("Nothing to search yet.", markup=False)
            return
        self.search_bar.open()
        self.refresh_bindings()

    def on_search_bar_submitted(self, event: SearchBar.Submitted) -> None:
        """Enter in the search field: search, and go to the first hit."""
        self.search(event.query, jump=True)

    def on_search_bar_searched(self, event: SearchBar.Searched) -> None:
        """A search finished: go to its first hit when asked to (and not on one already)."""
        hits = event.result.hits
        if event.jump and hits and self.live_list.highlighted not in hits:
            self._go_to_hit(hits, forward=True)

    def _go_to_hit(self, hits: Sequence[int], *, forward: bool, say_where: bool = False) -> bool:
        from lemtui.mail.search import step_hit  # loaded with the search bar, not at start

        paged = self.live_list
        current = paged.highlighted
        target = step_hit(hits, current, forward)
        if target is None:
            return False
        paged.highlighted = target
        if say_where:  # n and N: which hit, and whether the search went round
            went_round = current is not None and (
                target <= current if forward else target >= current
            )
            self.search_bar.show_position(list(hits).index(target), wrapped=went_round)
        return True

    def _step_hit(self, *, forward: bool) -> None:
        result = self.search_bar.result
        if result is None:
            self.notify("No search yet: press / to search.", markup=False)
        elif not self._go_to_hit(result.hits, forward=forward, say_where=True):
            self.notify(
                f"No hits for {glyphs().quoted(clean_line(result.query)[:40])}.", markup=False
            )

    def action_next_hit(self) -> None:
        """n: the next row that matches the search."""
        self._step_hit(forward=True)

    def action_previous_hit(self) -> None:
        """N: the previous row that matches the search."""
        self._step_hit(forward=False)

    # ----------------------------------------------------------------- mark as read

    def say_read_only(self, what: str, *, title: str) -> None:
        """Say that `what` (a write to lemlist) is off in read-only mode."""
        self.notify(READ_ONLY.format(what=what), title=title, markup=False)

    def request_mark_read(self, contact_id: str, user_id: str | None) -> None:
        """Ask lemlist to mark `contact_id`'s conversation read for `user_id`; `marked_read`
        follows its confirmation, a failure is said (and why it cannot be asked: read-only
        mode, or no user ID)."""
        if self.client.read_only:
            self.say_read_only("Marking as read", title="Mark as read")
            return
        if not user_id:
            self.notify(
                "Marking as read needs your lemlist user ID: pass --user-id or set "
                "LEMLIST_USER_ID.",
                title="Mark as read",
                severity="warning",
                markup=False,
            )
            return
        self.run_worker(
            self._mark_read(contact_id, user_id),
            group="mark",
            exclusive=self.MARK_EXCLUSIVE,
            exit_on_error=False,
        )

    async def _mark_read(self, contact_id: str, user_id: str) -> None:
        try:
            await self.client.mark_as_read(contact_id, user_id)
        except Exception as error:  # an ApiError, or a bug: say it, go on
            self.notify(
                error_text(error), title="Mark as read failed", severity="error", markup=False
            )
            return
        self.marked_read(contact_id, user_id)
