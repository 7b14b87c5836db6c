"""The inbox screen: a user's conversations, latest activity first, pages loaded lazily.

The inbox list loads its own pages (`lemtui.tui.widgets.paged_list`, the same rules as the message
list); this screen shows the header and notices, triages (`f` filters, `/` searches who the
conversations are with, `u` goes to the next unread one, `m` marks one read) and asks the app
to open a conversation on Enter. It stays alive under the conversation, so coming back (Esc)
finds the highlight where it was. It shows your inbox, or a teammate's (`open_user`). What it
shares with the conversation screen (header, notices, loads, reload, filter, search) is
`ListScreen`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import InvalidContactIdError
from lemtui.lemlist.ids import normalize_contact_id
from lemtui.lemlist.inbox import InboxItem, InboxPage
from lemtui.lemlist.messages import Message
from lemtui.lemlist.paging import InboxPager, InboxRequest
from lemtui.mail.search import SearchResult
from lemtui.mail.triage import find_inbox_hits
from lemtui.startup import freeze_loaded
from lemtui.text import clean_line
from lemtui.tui.directory import Directory
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.notices import READ_ONLY
from lemtui.tui.screens.list_screen import ContactMessage, ListScreen
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar
from lemtui.tui.widgets.inbox_list import InboxList
from lemtui.tui.widgets.paged_list import PagedList
from lemtui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from lemtui.tui.lead_actions import ActionKey, LeadDesk
    from lemtui.tui.triage_filter import TriageFilter

__all__ = ["InboxScreen"]


class InboxScreen(ListScreen[InboxPager]):
    """One user's inbox; Enter opens the highlighted conversation."""

    HELP_SECTION: ClassVar[str] = "Inbox"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "search", "Search", id="search",
            tooltip="Search the loaded conversations: names, emails, companies, the rows' words",
        ),
        Binding(
            "f", "filter", "Filter", id="filter",
            tooltip="Pick: all, unread, unanswered, interested, not interested, a campaign, "
            "a channel",
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
        Binding(
            "plus", "lead_interested", "Interested", show=False, id="lead_interested",
            tooltip="Mark the highlighted lead interested (asks first)",
        ),
        Binding(
            "minus", "lead_not_interested", "Not interested", show=False,
            id="lead_not_interested", tooltip="Mark the highlighted lead not interested (asks)",
        ),
        Binding(
            "p", "lead_pause", "Pause/resume", show=False, id="lead_pause",
            tooltip="Pause the highlighted lead's sequence, or resume it (asks first)",
        ),
        Binding("I", "lead_card", "Lead card", show=False, id="lead_card", tooltip="The lead card"),
        Binding(
            "R", "reply_latest", "Reply", show=False, id="reply_latest",
            tooltip="Reply to the highlighted conversation's newest message",
        ),
        Binding(
            "escape", "clear_search", "Clear search", show=False, id="back",
            tooltip="Clear the search: its line goes, n and N stop",
        ),
    ]  # fmt: skip

    NOTICE_ID: ClassVar[str] = "inbox-notice"
    NOUNS: ClassVar[tuple[str, str]] = ("conversation", "conversations")
    EMPTY: ClassVar[tuple[str, str]] = (
        "{subject} is empty.",
        "Press o to open a contact by ID or email, r to reload.",
    )
    FAILED: ClassVar[tuple[str, str]] = (
        "Could not load {subject}.",
        "Press r to retry, or o to open a contact by ID or email.",
    )
    MARK_EXCLUSIVE: ClassVar[bool] = False

    class OpenConversation(ContactMessage):
        """The user chose a conversation to read; `name` and `email` are the contact's as the
        inbox knows them (for the conversation's header)."""

        def __init__(
            self, contact_id: str, name: str = "", email: str = "", *, reply: bool = False
        ) -> None:
            super().__init__(contact_id)
            self.name = name
            self.email = email
            self.reply = reply
            """`R` on the row: answer the conversation's newest message once it shows."""

    class Shown(ListScreen.Shown):
        """The inbox is shown again (Esc from a conversation)."""

    def __init__(
        self,
        *,
        client: LemlistClient,
        user_id: str,
        page_size: int,
        clock: Callable[[], datetime],
        own_user_id: str = "",
        directory: Directory | None = None,
    ) -> None:
        """`own_user_id` is the reader's own (`--user-id`, "" when none is set); another
        `user_id` is a teammate's inbox, which this screen reads but never marks read."""
        super().__init__(client=client, clock=clock)
        self.user_id = user_id
        self.own_user_id = own_user_id
        self.user_label = ""
        """The teammate whose inbox this is, as the header names them ("" for your own)."""
        self.page_size = page_size
        self.directory = directory or Directory()
        """Names for the IDs rows and the header show."""

    def compose(self) -> ComposeResult:
        """Header line, the notice shown instead of the list, the list, search, footer."""
        self.add_class("-notice")  # before any child is styled (on mount it restyles them all)
        yield HeaderBar(id="inbox-header")
        yield Static(
            Text(f"Loading {self.subject}{glyphs().ellipsis}", style="dim"),
            id=self.NOTICE_ID,
            markup=False,
        )
        yield InboxList(id="inbox", clock=self.clock, names=self.directory)
        yield SearchBar(
            id="inbox-search-bar",
            placeholder="search names, emails, companies and the rows' words (Enter, Esc cancels)",
            nouns=self.NOUNS,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the first page."""
        self._open()

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

    @property
    def subject(self) -> str:
        """Whose inbox this is, as sentences say it."""
        return self.whose

    def _open(self) -> None:
        self._generation += 1
        self.show_loading()
        self.inbox_list.open(
            InboxPager(
                self.user_id,
                self.cached(self._fetch_page),
                page_size=self.page_size,
                generation=self._generation,
            ),
            at_once=self.client.warm,
        )
        self.inbox_list.ask_words(self._latest_message)
        self.update_header()

    async def _latest_message(self, contact_id: str, activity: datetime | None) -> Message | None:
        """A conversation's newest message for its row: the cache's when it has one at least
        as new as the inbox's last activity, else lemlist's (`limit=1`, in the background)."""
        cache = getattr(self.app, "cache", None)
        if cache is not None:
            raw = await cache.latest_message(contact_id)
            if raw is not None:
                kept = Message.from_json(raw)
                fresh = activity is None or (
                    kept.created_at is not None and kept.created_at >= activity
                )
                if fresh or self.client.offline:
                    return kept
        return await self.client.latest_message(contact_id)

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

    # ---------------------------------------------------------------- header and loading

    def header_title(self) -> Text:
        """ "Inbox" and the user ID, or whose inbox this is."""
        title = Text(no_wrap=True, overflow=glyphs().overflow, end="")
        if self.mine:
            title.append("Inbox", style="bold")
            title.append(
                f"  {self.directory.user(self.user_id) or clean_line(self.user_id)}", style="dim"
            )
        else:
            title.append(f"Inbox of {self.user_label or clean_line(self.user_id)}", style="bold")
            if self.user_label:
                title.append(f"  {clean_line(self.user_id)}", style="dim")
        return title

    def header_counts(self) -> list[Text]:
        """How many loaded conversations are unread."""
        unread = self.unread
        return [Text(f"{unread} unread", style="bold")] if unread else []

    def page_arrived(self, event: PagedList.PageArrived, pager: InboxPager) -> None:
        """The first page replaces the notice; a search is run again over the new rows."""
        # The conversations live as long as the inbox: out of the cyclic collector's walks
        # once drawn (as the conversation does), or 5,000 of them stall keys in full passes.
        self.call_after_refresh(freeze_loaded)
        if event.first or self.has_class("-notice"):
            self.show_first_page(pager)
        result = self.search_bar.result
        if result is not None and (event.arrival.changed or result.searched != pager.loaded):
            self.search(result.query, jump=False)  # the hits are rows: they moved

    # ---------------------------------------------------------------- opening

    def mark_read(self, contact_id: str) -> None:
        """Clear `contact_id`'s unread mark (its conversation was marked read by the reader,
        which changes only the reader's own inbox)."""
        if self.mine and self.inbox_list.mark_read(contact_id):
            self.update_header()

    @on(PagedList.Selected, "#inbox")
    def _selected(self, event: PagedList.Selected) -> None:
        item = self.inbox_list.item_at(event.index)
        if item is not None:
            self.open_item(item)

    def open_item(self, item: InboxItem, *, reply: bool = False) -> None:
        """Ask the app to open `item`'s conversation (said calmly when it cannot be);
        `reply`: and answer its newest message."""
        contact_id = self.contact_of(item)
        if contact_id is not None:
            self.post_message(
                self.OpenConversation(
                    contact_id, item.contact_name, item.contact_email, reply=reply
                )
            )

    def action_reply_latest(self) -> None:
        """R: reply to the highlighted conversation's newest message (it opens first)."""
        item = self.inbox_list.highlighted_item
        if item is None:
            self.notify("No conversation highlighted.", markup=False)
            return
        if self.client.read_only:  # said in place, as `+` does: nothing opens for nothing
            self.notify(READ_ONLY.format(what="Replying"), title="Reply", markup=False)
            return
        self.open_item(item, reply=True)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc means something only while there is a search to clear."""
        if action == "clear_search":
            return bool(self.search_bar.current_query)
        return super().check_action(action, parameters)

    def action_clear_search(self) -> None:
        """Esc: forget the search; its status line goes."""
        self.search_bar.clear()
        self.refresh_bindings()

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
        if not item.unread and not self.client.read_only:
            self.notify("Already read.", markup=False)
            return
        contact_id = self.contact_of(item)
        if contact_id is not None:
            self.request_mark_read(contact_id, self.user_id)

    def marked_read(self, contact_id: str, user_id: str) -> None:
        """lemlist confirmed: the row loses its unread mark (unless another inbox is shown)."""
        if user_id == self.user_id:
            self.mark_read(contact_id)

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, jump: bool) -> None:
        """Match the names, emails and companies of the rows loaded, and the words their rows
        show (no body is fetched or rendered for it)."""
        if jump and self.cache is not None:  # and every cached word
            from lemtui.tui.screens.cache_hits import search_cache

            self.run_worker(search_cache(self, query), group="cache-search", exclusive=True)
        pager = self.pager
        hits = find_inbox_hits(self.inbox_list.items, query, self.inbox_list.shown_text)
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

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        if not self.has_class("-notice"):
            self.set_focus(self.inbox_list)

    def loading_all(self, pager: InboxPager) -> None:
        """`L` started: the search's status line says so (each page searches again)."""
        if self.search_bar.result is not None:
            self.search_bar.show_status(Text(f"loading every page{glyphs().ellipsis}", style="dim"))

    # ---------------------------------------------------------------- the lead

    def _lead_action(self, key: ActionKey) -> None:
        item = self.inbox_list.highlighted_item
        leads = getattr(self.app, "leads", None)
        if item is None or leads is None:
            self.notify("No conversation highlighted.", markup=False)
            return
        contact_id = self.contact_of(item)
        if contact_id is None:
            return
        words = self.inbox_list.words
        latest = words.get(contact_id) if words is not None else None
        campaign = latest.campaign_id if latest is not None else ""
        self.run_worker(leads.act(self, key, contact_id, campaign), group="lead-action")

    def action_lead_interested(self) -> None:
        """+: mark the highlighted lead interested (in their newest message's campaign)."""
        self._lead_action("interested")

    def action_lead_not_interested(self) -> None:
        """-: mark the highlighted lead not interested (in their newest message's campaign)."""
        self._lead_action("not_interested")

    def action_lead_pause(self) -> None:
        """p: pause or resume the highlighted lead's sequence (asks first)."""
        self._lead_action("pause")

    async def action_lead_card(self) -> None:
        """I: the highlighted lead's card."""
        item = self.inbox_list.highlighted_item
        leads = getattr(self.app, "leads", None)
        if item is None or leads is None or self.contact_of(item) is None:
            return
        self.run_worker(self._show_card(leads, item.contact_id), group="card", exclusive=True)

    async def _show_card(self, leads: LeadDesk, contact_id: str) -> None:
        from lemtui.lemlist.errors import ApiError
        from lemtui.tui.notices import error_text
        from lemtui.tui.screens.lead_screens import LeadCardScreen

        try:
            card = await leads.card(contact_id)
        except ApiError as error:
            self.notify(f"No lead card: {error_text(error)}", severity="warning", markup=False)
            return
        words = self.inbox_list.words
        latest = words.get(contact_id) if words is not None else None
        await self.app.push_screen(
            LeadCardScreen(card, current_campaign=latest.campaign_id if latest else "")
        )

    # ---------------------------------------------------------------- triage filters

    def action_filter(self) -> None:
        """f: pick a triage filter from a short list."""
        inbox = self.inbox_list
        if inbox.pager is None:
            return
        from lemtui.tui.screens.filter_picker import FilterPicker
        from lemtui.tui.triage_filter import TriageFilter, triage_choices

        current = inbox.filter if isinstance(inbox.filter, TriageFilter) else TriageFilter()
        choices = triage_choices(inbox.pager.items, inbox.known, self.directory.campaigns)
        self.app.push_screen(FilterPicker(choices, current), self._filter_picked)

    def _filter_picked(self, chosen: TriageFilter | None) -> None:
        if chosen is None:
            return
        inbox = self.inbox_list
        inbox.set_filter(chosen, self.filter_anchor)
        if self.search_bar.current_query:  # the hits are rows: search again
            self.search(self.search_bar.current_query, jump=False)
        self.update_header()
        if chosen.needs_cards:
            self.run_worker(self._check_leads(chosen), group="check-leads", exclusive=True)
        elif inbox.wants_more():
            inbox.load_next()

    async def _check_leads(self, chosen: TriageFilter) -> None:
        """An interest filter reads the leads' cards: load those not seen yet, one at a time
        (the user's own loads go between), showing each row as its card says."""
        leads = getattr(self.app, "leads", None)
        inbox = self.inbox_list
        if leads is None or inbox.pager is None:
            return
        from lemtui.lemlist.errors import ApiError

        unknown = [
            item.contact_id for item in inbox.pager.items if item.contact_id not in inbox.cards
        ]
        if unknown:
            self.notify(f"Checking {len(unknown)} leads' interest{glyphs().ellipsis}", markup=False)
        for done, contact_id in enumerate(unknown, 1):
            if inbox.filter is not chosen:
                return  # another filter was picked meanwhile
            try:
                await leads.card(contact_id)
            except ApiError:
                continue
            if done % 10 == 0 or done == len(unknown):
                inbox.refilter(self.filter_anchor)
                self.update_header()
