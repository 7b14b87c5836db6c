"""The inbox screen: a user's conversations, latest activity first, pages loaded lazily.

The inbox list loads its own pages (`lemtui.tui.widgets.paged_list`, the same rules as the message
list); this screen shows the header and notices, triages (`f` filters, `/` searches who the
conversations are with, `u` goes to the next unread one, `m` marks one read) and asks the app
to open a conversation on Enter. It stays alive under the conversation, so coming back (Esc)
finds the highlight where it was. It shows your inbox, or a teammate's (`open_user`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message as TextualMessage
from textual.widgets import OptionList, Static

from lemtui.lemlist.client import InvalidContactIdError, LemlistClient, normalize_contact_id
from lemtui.lemlist.models import InboxItem, InboxPage
from lemtui.lemlist.paging import InboxPager, InboxRequest, LoadState
from lemtui.mail.search import SearchResult, step_hit
from lemtui.mail.triage import find_inbox_hits
from lemtui.text import clean_line
from lemtui.tui.display import error_text, failure_notice, loaded_stats
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.screens.list_screen import ListScreen
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar
from lemtui.tui.widgets.inbox_list import InboxList
from lemtui.tui.widgets.paged_list import PagedList
from lemtui.tui.widgets.search_bar import SearchBar

__all__ = ["InboxScreen"]

FAILURE_KEYS: Final = "Press r to retry, or o to open a contact by ID or email."


class InboxScreen(ListScreen):
    """One user's inbox; Enter opens the highlighted conversation."""

    HELP_SECTION: ClassVar[str] = "Inbox"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "search", "Search", id="search",
            tooltip="Search the loaded conversations by name, email or company",
        ),
        Binding(
            "f", "filter", "Filter", id="filter",
            tooltip="All, unread, replied, email, LinkedIn, other channels",
        ),
        Binding(
            "u", "next_unread", "Next unread", id="next_unread",
            tooltip="The next unread conversation",
        ),
        Binding(
            "m", "mark_read", "Mark read", show=False, id="mark_read",
            tooltip="Mark the highlighted conversation read",
        ),
        Binding("n", "next_hit", "Next hit", show=False, id="next_hit"),
        Binding("N", "previous_hit", "Previous hit", show=False, id="previous_hit"),
        Binding(
            "L", "load_all", "Load all", show=False, id="load_all",
            tooltip="Load every page of the inbox (then search again)",
        ),
        Binding(
            "r", "reload", "Reload", show=False, id="reload",
            tooltip="Load what is new, or retry what failed",
        ),
    ]  # fmt: skip

    class OpenConversation(TextualMessage):
        """The user chose a conversation to read; `name` and `email` are the contact's as the
        inbox knows them (for the conversation's header)."""

        def __init__(self, contact_id: str, name: str = "", email: str = "") -> None:
            super().__init__()
            self.contact_id = contact_id
            self.name = name
            self.email = email

    class Shown(TextualMessage):
        """The screen is shown again (the app refreshes it if it is stale)."""

    def __init__(
        self,
        *,
        client: LemlistClient,
        user_id: str,
        page_size: int,
        clock: Callable[[], datetime],
        own_user_id: str = "",
    ) -> None:
        """`own_user_id` is the reader's own (`--user-id`, "" when none is set); another
        `user_id` is a teammate's inbox, which this screen reads but never marks read."""
        super().__init__()
        self.client = client
        self.user_id = user_id
        self.own_user_id = own_user_id
        self.user_label = ""
        """The teammate whose inbox this is, as the header names them ("" for your own)."""
        self.page_size = page_size
        self.clock = clock
        self.live_note = Text()
        """The live state the app hands down (a failed refresh, its next try)."""
        self._generation = 0

    def compose(self) -> ComposeResult:
        """Header line, the notice shown instead of the list, the list, search, footer."""
        self.add_class("-notice")  # before any child is styled (on mount it restyles them all)
        yield HeaderBar(id="inbox-header")
        yield Static(
            Text(f"Loading {self.whose}{glyphs().ellipsis}", style="dim"),
            id="inbox-notice",
            markup=False,
        )
        yield InboxList(id="inbox", clock=self.clock)
        yield SearchBar(
            id="inbox-search-bar",
            placeholder="search names, emails and companies (Enter, Esc cancels)",
            nouns=("conversation", "conversations"),
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the first page."""
        self._open()

    def on_screen_resume(self) -> None:
        """Shown again (Esc from a conversation): the app refreshes what is stale."""
        self.post_message(self.Shown())

    @property
    def mine(self) -> bool:
        """True for the reader's own inbox (not a teammate's)."""
        return self.user_id == self.own_user_id

    def open_user(self, user_id: str, label: str = "") -> None:
        """Show `user_id`'s inbox instead (`label`: who they are, for the header)."""
        self.user_id = user_id
        self.user_label = "" if self.mine else clean_line(label)
        self.search_bar.reset()
        self._open()

    @property
    def whose(self) -> str:
        """ "your inbox", or the teammate's, as sentences say it."""
        return "your inbox" if self.mine else f"{self.user_label or self.user_id}'s inbox"

    def _open(self) -> None:
        self._generation += 1
        self._show_notice(Text(f"Loading {self.whose}{glyphs().ellipsis}", style="dim"))
        self.inbox_list.open(
            InboxPager(
                self.user_id,
                self._fetch_page,
                page_size=self.page_size,
                generation=self._generation,
            ),
            at_once=self.client.warm,
        )
        self._update_header()

    async def _fetch_page(self, request: InboxRequest) -> InboxPage:
        return await self.client.get_inbox(request.user_id, page=request.page, limit=request.limit)

    @property
    def inbox_list(self) -> InboxList:
        """The list of conversations."""
        return self.query_one("#inbox", InboxList)

    @property
    def live_list(self) -> InboxList:
        """The list the app's timer refreshes while this screen is shown."""
        return self.inbox_list

    @property
    def search_bar(self) -> SearchBar:
        """The search field and its status line."""
        return self.query_one("#inbox-search-bar", SearchBar)

    @property
    def pager(self) -> InboxPager:
        """What is loaded and what to load next."""
        pager = self.inbox_list.pager
        assert isinstance(pager, InboxPager), "the inbox is opened on mount"
        return pager

    @property
    def unread(self) -> int:
        """How many loaded conversations are unread."""
        pager = self.inbox_list.pager
        return sum(1 for item in pager.items if item.unread) if pager is not None else 0

    # ---------------------------------------------------------------- loading

    @on(PagedList.LoadStarted, "#inbox")
    def _load_started(self, event: PagedList.LoadStarted) -> None:
        if not event.timed:
            self._update_header()

    @on(PagedList.PageArrived, "#inbox")
    def _page_arrived(self, event: PagedList.PageArrived) -> None:
        if event.first or self.has_class("-notice"):
            self._first_page_shown()
        if event.arrival.changed or not event.timed:
            self._update_header()
        result = self.search_bar.result
        if result is not None and (event.arrival.changed or result.searched != self.pager.loaded):
            self._search(result.query, jump=False)  # the hits are rows: they moved

    def _first_page_shown(self) -> None:
        if not self.pager.loaded:
            self._show_notice(
                Text.assemble(
                    (f"{self.whose[0].upper()}{self.whose[1:]} is empty.\n\n", "bold"),
                    "Press o to open a contact by ID or email, r to reload.",
                )
            )
            return
        self.remove_class("-notice")
        inbox = self.inbox_list
        if inbox.highlighted is None and inbox.items:
            inbox.highlighted = 0
        if not self.search_bar.is_open:
            self.set_focus(inbox)

    @on(PagedList.LoadFailed, "#inbox")
    def _load_failed(self, event: PagedList.LoadFailed) -> None:
        if event.timed:
            return  # the app says it calmly in the header (`set_live_note`)
        self._update_header()
        if event.refresh:
            self.notify(
                error_text(event.error), title="Reload failed", severity="warning", markup=False
            )
        elif event.first:
            self._show_notice(
                failure_notice(f"Could not load {self.whose}.", event.error, FAILURE_KEYS)
            )

    @on(PagedList.Unseen, "#inbox")
    def _unseen_changed(self) -> None:
        self._update_header()

    def refresh_live(self, *, timed: bool) -> bool:
        """Ask the first page again and merge it (the app's timer, or the screen shown)."""
        return self.inbox_list.refresh_first(timed=timed)

    def set_live_note(self, note: Text) -> None:
        """Show the live state (a failed refresh and its next try) in the header."""
        if note.plain != self.live_note.plain:
            self.live_note = note
            self._update_header()

    def _show_notice(self, text: Text) -> None:
        self.query_one("#inbox-notice", Static).update(text)
        self.add_class("-notice")

    def _update_header(self) -> None:
        if not self.is_mounted:
            return
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.mine:
            title.append("Inbox", style="bold")
            title.append(f"  {clean_line(self.user_id)}", style="dim")
        else:
            title.append(f"Inbox of {self.user_label or clean_line(self.user_id)}", style="bold")
            if self.user_label:
                title.append(f"  {clean_line(self.user_id)}", style="dim")
        inbox = self.inbox_list
        pager = inbox.pager
        if pager is None:
            self.query_one(HeaderBar).show(title, [])
            return
        # Most important first: at 80 columns the last ones give way.
        figures = [self.live_note]
        if inbox.unseen:
            figures.append(Text(f"{len(inbox.unseen)} new", style="bold reverse"))
        if inbox.filtered:
            figures.append(Text(f"filter: {inbox.filter.label} ({len(inbox.items)})", style="bold"))
        unread = self.unread
        if unread:
            figures.append(Text(f"{unread} unread", style="bold"))
        figures.append(
            loaded_stats(
                pager.loaded,
                pager.total,
                loading=pager.state is LoadState.LOADING,
                refreshing=pager.refreshing and not inbox.timed_refresh,
            )
        )
        self.query_one(HeaderBar).show(title, figures)

    # ---------------------------------------------------------------- opening

    def mark_read(self, contact_id: str) -> None:
        """Clear `contact_id`'s unread mark (its conversation was marked read by the reader,
        which changes only the reader's own inbox)."""
        if self.mine and self.inbox_list.mark_read(contact_id):
            self._update_header()

    @on(OptionList.OptionSelected, "#inbox")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        item = self.inbox_list.item_at(event.option_index)
        if item is not None:
            self.open_item(item)

    def open_item(self, item: InboxItem) -> None:
        """Ask the app to open `item`'s conversation (said calmly when it cannot be)."""
        contact_id = self.contact_of(item)
        if contact_id is not None:
            self.post_message(
                self.OpenConversation(contact_id, item.contact_name, item.contact_email)
            )

    def contact_of(self, item: InboxItem, *, quiet: bool = False) -> str | None:
        """`item`'s contact ID, checked; None (said, unless `quiet`) when it has no valid one."""
        if not item.contact_id:
            return None
        try:
            return normalize_contact_id(item.contact_id)
        except InvalidContactIdError:  # the service sent something no contact ID looks like
            if quiet:
                return None
            self.notify(
                "This conversation has no valid contact ID: it cannot be opened.",
                severity="warning",
                markup=False,
            )
            return None

    def neighbour(self, contact_id: str, step: int) -> InboxItem | None:
        """The conversation `step` rows from `contact_id`'s, now highlighted (`]`/`[` in the
        conversation move through the inbox); None past the ends."""
        inbox = self.inbox_list
        item = inbox.neighbour(contact_id, step)
        if item is None:
            return None
        row = inbox.row_of(item.contact_id)
        if row is not None:
            inbox.highlighted = row
        return item

    def more_to_load(self) -> bool:
        """Start the next page when one remains; False when the inbox is complete."""
        inbox = self.inbox_list
        if inbox.pager is None or inbox.pager.complete:
            return False
        inbox.load_next()
        return True

    # ---------------------------------------------------------------- triage keys

    def action_reload(self) -> None:
        """r: retry the page that failed, or load what is new (nothing loaded is cleared)."""
        if not self.inbox_list.reload():
            if self.pager.refreshing:
                self.notify("Already reloading.", markup=False)
            return
        if not self.pager.loaded:
            self._show_notice(Text(f"Loading {self.whose}{glyphs().ellipsis}", style="dim"))
        self._update_header()

    def action_filter(self) -> None:
        """f: all → unread → replied → email → LinkedIn → other channels → all."""
        inbox = self.inbox_list
        if inbox.pager is None:
            return
        inbox.set_filter(inbox.filter.next(), inbox.highlighted_item)
        if self.search_bar.current_query:  # the hits are rows: search again
            self._search(self.search_bar.current_query, jump=False)
        self._update_header()
        if inbox.wants_more():
            inbox.load_next()

    def action_next_unread(self) -> None:
        """u: the next unread conversation (from the top after the last one)."""
        inbox = self.inbox_list
        row = inbox.next_unread()
        if row is None:
            more = "" if inbox.pager is None or inbox.pager.complete else " (L loads the rest)"
            self.notify(f"No unread conversation loaded{more}.", markup=False)
            return
        inbox.highlighted = row
        self.set_focus(inbox)

    def action_mark_read(self) -> None:
        """m: mark the highlighted conversation read (its first page, `markAsRead`)."""
        item = self.inbox_list.highlighted_item
        if item is None:
            self.notify("No conversation highlighted.", markup=False)
            return
        if not self.mine:
            self.notify(
                "This is a teammate's inbox: lemtui marks conversations read only in yours.",
                title="Mark as read",
                severity="warning",
                markup=False,
            )
            return
        if self.client.read_only:
            self.notify(
                "Marking as read is off: lemtui runs read-only (--read-only, or read_only = true "
                "in the config), so it writes nothing to lemlist.",
                title="Mark as read",
                markup=False,
            )
            return
        if not item.unread:
            self.notify("Already read.", markup=False)
            return
        contact_id = self.contact_of(item)
        if contact_id is not None:
            self._mark_read(contact_id, self.user_id)

    @work(group="mark", exit_on_error=False)
    async def _mark_read(self, contact_id: str, user_id: str) -> None:
        try:
            await self.client.mark_as_read(contact_id, user_id)
        except Exception as error:  # an ApiError, or a bug: say it, go on
            self.notify(
                error_text(error), title="Mark as read failed", severity="error", markup=False
            )
            return
        if user_id == self.user_id:
            self.mark_read(contact_id)

    # ---------------------------------------------------------------- search

    def action_search(self) -> None:
        """/: search the loaded conversations by name, email or company."""
        if not self.pager.loaded:
            self.notify("Nothing to search yet.", markup=False)
            return
        self.search_bar.open()

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        self._search(event.query, jump=True)

    def _search(self, query: str, *, jump: bool) -> None:
        pager = self.pager
        hits = find_inbox_hits(self.inbox_list.items, query)
        self.search_bar.report(
            SearchResult(
                query=query,
                hits=tuple(hits),
                searched=pager.loaded,
                total=pager.total,
                complete=pager.complete,
            ),
            jump=jump,
        )

    @on(SearchBar.Searched)
    def _searched(self, event: SearchBar.Searched) -> None:
        hits = event.result.hits
        inbox = self.inbox_list
        if event.jump and hits and inbox.highlighted not in hits:
            target = step_hit(hits, inbox.highlighted, forward=True)
            if target is not None:
                inbox.highlighted = target

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        if not self.has_class("-notice"):
            self.set_focus(self.inbox_list)

    def _step_hit(self, forward: bool) -> None:
        result = self.search_bar.result
        if result is None:
            self.notify("No search yet: press / to search.", markup=False)
            return
        target = step_hit(result.hits, self.inbox_list.highlighted, forward)
        if target is None:
            self.notify(f"No hits for “{clean_line(result.query)[:40]}”.", markup=False)
            return
        self.inbox_list.highlighted = target

    def action_next_hit(self) -> None:
        """n: the next conversation that matches the search."""
        self._step_hit(forward=True)

    def action_previous_hit(self) -> None:
        """N: the previous conversation that matches the search."""
        self._step_hit(forward=False)

    def action_load_all(self) -> None:
        """L: load every remaining page of the inbox (then search again)."""
        pager = self.pager
        if pager.complete:
            self.notify(f"All {pager.loaded} conversations are loaded.", markup=False)
            return
        self.inbox_list.load_all()
        if self.search_bar.result is not None:
            self.search_bar.show_status(Text(f"loading every page{glyphs().ellipsis}", style="dim"))
