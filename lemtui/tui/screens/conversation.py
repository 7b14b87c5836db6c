"""The conversation screen: header, message list and detail pane, a search bar, the footer.

The message list loads its own pages (`lemtui.tui.widgets.paged_list`); this screen opens a
contact, keeps the detail pane on the highlighted message and reacts to what the list, the
search bar and the keys say. Side by side from 120 columns, one pane at a time below (Enter
opens the message, Esc goes back to the list, and from the list back to the inbox when there
is one). What it shares with the inbox (header, notices, loads, reload, filter, search) is
`ListScreen`'s; copy, export and links are `ConversationOutput`'s, and a reply is
`ReplyFlow`'s (loaded on the first `R`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message as TextualMessage
from textual.widgets import Static

from lemtui.lemlist.messages import Message, Page
from lemtui.lemlist.paging import ConversationPager, PageRequest
from lemtui.local.config import Settings
from lemtui.startup import freeze_loaded, unfreeze_loaded
from lemtui.text import clean_line
from lemtui.tui.conversation_output import ConversationOutput, RestScreen
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.message_text import lead_label, lead_name
from lemtui.tui.screens.conversation_keys import CONVERSATION_KEYS
from lemtui.tui.screens.conversation_lead import CARD_MIN_COLUMNS, ReadingOnMixin
from lemtui.tui.screens.list_screen import ContactMessage, ListScreen
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar
from lemtui.tui.widgets.lead_card import LeadCardView
from lemtui.tui.widgets.message_detail import MessageDetail, older_than
from lemtui.tui.widgets.message_list import MessageList
from lemtui.tui.widgets.paged_list import PagedList
from lemtui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:  # replying loads what it needs when first used
    from lemtui.lemlist.client import LemlistClient
    from lemtui.local.drafts import DraftStore
    from lemtui.mail.render import Link
    from lemtui.tui.lead_actions import LeadDesk
    from lemtui.tui.screens.link_prompt import LinkPrompt

__all__ = ["ConversationScreen"]

WIDE_MIN_COLUMNS: Final = 120
NO_CONVERSATION: Final = Text.assemble(
    ("No conversation open.\n\n", "bold"), "Press o to open a contact, ? for help, q to quit."
)


NEEDS_CONVERSATION: Final = frozenset(
    {
        "search", "next_hit", "previous_hit", "filter", "load_all", "copy_message",
        "copy_conversation", "export", "link", "reload", "toggle_quotes", "mark_read", "reply",
        "switch_pane", "next_message", "previous_message", "lead_card", "lead_interested",
        "lead_not_interested", "lead_pause",
    }
)  # fmt: skip
"""Actions that mean nothing before a contact is opened: hidden from the footer till then."""


def _link_prompt(links: Sequence[Link]) -> LinkPrompt:
    """The `l` prompt, loaded on first use (no link is asked for at start)."""
    from lemtui.tui.screens.link_prompt import LinkPrompt

    return LinkPrompt(links)


def _loading(verb: str, loaded: int, total: int | None) -> RestScreen:
    from lemtui.tui.screens.loading_rest import LoadingRest  # loaded on the first `Y` or `e`

    return LoadingRest(verb, loaded, total)


class ConversationScreen(ReadingOnMixin):
    """One contact's conversation; `open_contact` switches to another one in place."""

    HELP_SECTION: ClassVar[str] = "Conversation"
    BINDINGS: ClassVar[list[BindingType]] = CONVERSATION_KEYS

    NOTICE_ID: ClassVar[str] = "conv-notice"
    NOUNS: ClassVar[tuple[str, str]] = ("message", "messages")
    EMPTY: ClassVar[tuple[str, str]] = (
        "No messages with this contact yet.",
        "Press o to open another contact, r to reload.",
    )
    FAILED: ClassVar[tuple[str, str]] = (
        "Could not open this conversation.",
        "Press r to retry, or o to open another contact.",
    )
    MARK_EXCLUSIVE: ClassVar[bool] = True
    WRITES: ClassVar[dict[str, str]] = {"mark_read": "Marking as read", "reply": "Replying"}

    class Opened(ContactMessage):
        """The first page of a conversation arrived (the contact exists: remember it)."""

    class MarkedRead(ContactMessage):
        """The service marked this conversation read for the user (the inbox updates)."""

    class Leave(TextualMessage):
        """Esc on the list: the user wants the inbox back."""

    class Step(ContactMessage):
        """`]` or `[`: open the next (`step` 1) or previous (-1) conversation of the inbox."""

        def __init__(self, contact_id: str, step: int) -> None:
            super().__init__(contact_id)
            self.step = step

    class Shown(ListScreen.Shown):
        """The conversation is shown again (the app refreshes it if it is stale)."""

    def __init__(
        self,
        *,
        client: LemlistClient,
        settings: Settings,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__(client=client, clock=clock)
        self.settings = settings
        self.has_inbox = False
        """True when Esc on the list can go back to an inbox (set by the app)."""
        self.output = ConversationOutput(
            self, clock=clock, link_prompt=_link_prompt, loading=_loading
        )
        """What `y`, `Y`, `e` and `l` do (and where `e` saves: `output.export_dir`)."""
        self._anchor: Message | None = None
        """The message the user last highlighted (kept while a filter hides it)."""
        self._stand_in: Message | None = None
        """The message shown in place of a hidden anchor (not the user's choice)."""
        self._bulk = False
        """True from `L` until its last page (or failure) has been reported."""
        self.drafts: DraftStore | None = None
        """Where replies are kept until lemlist confirmed them (None: no home directory, so
        `R` says it cannot keep a reply and starts none). Set by the app."""
        self.environ: Mapping[str, str] = os.environ
        """Where `$VISUAL` and `$EDITOR` are read."""
        self._replying = False
        self._reply_on_arrival = False
        """`R` on an inbox row: reply to the newest message once it is shown."""
        self.known_name = ""
        """The contact's name as the inbox knows it (for the header), "" when unknown."""
        self.known_email = ""
        self.leads: LeadDesk | None = None
        """The lead cards and actions (set by the app; None: neither is offered)."""

    def compose(self) -> ComposeResult:
        """Header, the notice shown instead of the panes, the panes, the search bar, footer."""
        # Classes and the notice are set before any child is styled: set on mount, each would
        # restyle the whole screen once more before its first frame.
        self.set_class(self.app.size.width < WIDE_MIN_COLUMNS, "-narrow")
        self.add_class("-notice")
        yield HeaderBar(id="conv-header")
        yield Static(NO_CONVERSATION, id=self.NOTICE_ID, markup=False)
        with Horizontal(id="panes"):
            yield MessageList(id="messages", clock=self.clock)
            yield MessageDetail(id="detail")
            yield LeadCardView(id="lead-card")
        yield SearchBar(id="search-bar")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start empty: nothing is open until a contact is chosen."""
        self.detail.history_for = self._older_than
        self.detail.lead_name = self._lead_name
        if self.leads is not None:
            self.detail.campaign_name = self.leads.directory.campaign
        self._apply_layout(self.size.width)
        self.update_header()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc ("Back") means something while reading, searching, or with an inbox to go to;
        `]` and `[` only with an inbox; the keys that act on a conversation only once one is
        open (the empty screen's footer then offers what works there: open, help, quit)."""
        if action == "back":
            return self.focused is self.detail or self.reading or self.has_inbox
        if action in ("next_conversation", "previous_conversation"):
            return self.has_inbox
        if action in NEEDS_CONVERSATION and self.pager is None:
            return False
        return super().check_action(action, parameters)

    # ----------------------------------------------------------------- parts and layout

    @property
    def message_list(self) -> MessageList:
        """The list of messages."""
        return self.query_one("#messages", MessageList)

    @property
    def detail(self) -> MessageDetail:
        """The detail pane."""
        return self.query_one("#detail", MessageDetail)

    @property
    def live_list(self) -> MessageList:
        """The list the app's timer refreshes while this screen is shown."""
        return self.message_list

    @property
    def search_bar(self) -> SearchBar:
        """The search field and its status line."""
        return self.query_one("#search-bar", SearchBar)

    @property
    def subject(self) -> str:
        """The open contact's ID ("" before one is opened)."""
        pager = self.pager
        return clean_line(pager.contact_id) if pager is not None else ""

    @property
    def narrow(self) -> bool:
        """True when one pane is shown at a time (below 120 columns)."""
        return self.has_class("-narrow")

    @property
    def reading(self) -> bool:
        """True when the narrow layout shows the detail pane."""
        return self.has_class("-reading")

    @property
    def keeps_focus(self) -> bool:
        """True while the narrow layout shows the message: a first page leaves it there."""
        return self.reading

    def on_resize(self, event: Resize) -> None:
        """Switch between side-by-side and one-pane layouts as the terminal is resized."""
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        self.set_class(width >= CARD_MIN_COLUMNS, "-card")
        narrow = width < WIDE_MIN_COLUMNS
        if narrow == self.narrow:
            return
        detail_focused = self.focused is self.detail
        self.set_class(narrow, "-narrow")
        if narrow:
            self.set_class(detail_focused, "-reading")
        else:
            self.remove_class("-reading")

    def header_title(self) -> Text:
        """The lead (as the messages or the inbox name them) and the contact ID."""
        pager = self.pager
        title = Text(no_wrap=True, overflow=glyphs().overflow, end="")
        if pager is None:
            title.append("lemtui", style="bold")
            return title
        lead = lead_label(pager.messages, name=self.known_name, email=self.known_email)
        if lead:
            title.append(lead, style="bold")
            title.append("  ")
        title.append(clean_line(pager.contact_id), style="dim")
        return title

    def header_modes(self) -> list[Text]:
        """Whether opening a conversation marks it read; and "ascii" when the text is drawn
        with ASCII look-alikes (é as e, € as E), so the reader knows letters are altered."""
        if self.settings.read_only:
            mode = "off (read-only)"
        elif not self.settings.mark_as_read:
            mode = "off"
        else:
            mode = "on" if self.settings.user_id else "off (no user id)"
        modes = [Text(f"mark-as-read: {mode}")]
        if glyphs().ascii:
            modes.insert(0, Text("ascii", style="bold"))
        return modes

    def names_changed(self) -> None:
        """Names came: the header, the rows and the open message's header draw them."""
        super().names_changed()
        self.detail.names_changed()

    def _lead_name(self) -> str:
        """The lead's name, as the inbox or the messages give it ("" before any)."""
        pager = self.pager
        return lead_name(pager.messages if pager is not None else (), self.known_name)

    def _older_than(self, message: Message) -> Sequence[Message]:
        """The loaded messages older than `message` (the renderer folds what repeats them)."""
        pager = self.pager
        return older_than(pager.messages, message) if pager is not None else ()

    # ----------------------------------------------------------------- opening and loading

    def open_contact(self, contact_id: str, *, name: str = "", email: str = "") -> None:
        """Show `contact_id`'s conversation; loads of the previous one are cancelled and dropped.

        `name` and `email`: the contact as the inbox knows them, for the header.
        """
        unfreeze_loaded()  # let the previous conversation's objects be collected again
        first = self.pager is None
        self._generation += 1
        self.known_name = clean_line(name)
        self.known_email = clean_line(email)
        self.message_list.lead_name = self.known_name
        pager = ConversationPager(
            contact_id,
            self.cached(self._fetch_page),
            page_size=self.settings.page_size,
            generation=self._generation,
            mark_as_read=self.settings.mark_as_read and bool(self.settings.user_id),
        )
        self._anchor = None
        self._stand_in = None
        self._bulk = False
        self.search_bar.reset()
        self.detail.set_query("")
        self.detail.clear()
        self.detail.forget_bodies()
        self.remove_class("-reading")
        self.message_list.open(pager, at_once=self.client.warm)
        self.show_loading()
        self._load_card(contact_id)
        if first:
            self.refresh_bindings()  # the keys that act on a conversation now show

    async def _fetch_page(self, request: PageRequest) -> Page:
        return await self.client.get_page(
            request.contact_id,
            skip=request.skip,
            limit=request.limit,
            user_id=self.settings.user_id or None,
            mark_as_read=request.mark_as_read,
        )

    def page_arrived(self, event: PagedList.PageArrived, pager: ConversationPager) -> None:
        """The first page replaces the notice (and may mark the conversation read); while `L`
        runs its progress is said; a refresh that changed the rows searches again."""
        if event.first and self.settings.mark_as_read and self.settings.user_id:
            self.post_message(self.MarkedRead(pager.contact_id))
        # Loaded messages live as long as the conversation: keep the cyclic collector from
        # walking them all again and again (a full collection at 10,000 messages stalls a
        # keypress for 100-180 ms). Once the page is drawn: after opening a contact nothing
        # is frozen yet, and that collection must not hold up the first rows.
        self.call_after_refresh(freeze_loaded)
        message_list = self.message_list
        if event.first or (self.has_class("-notice") and pager.loaded):  # or a reload brought it
            self.post_message(self.Opened(pager.contact_id))
            self.show_first_page(pager)
            if self._reply_on_arrival and message_list.items:
                self.call_after_refresh(self._reply_now)
        elif message_list.highlighted is None and message_list.items:
            message_list.highlighted = 0  # a filter had hidden everything until this page
        self.output.pages_changed()  # a copy or export may be waiting for every page
        if self._bulk:
            self._bulk_progress(pager)
        elif event.arrival.changed and event.arrival.refresh:
            result = self.search_bar.result
            if result is not None:
                self.search(result.query, jump=False)  # the hits are rows: they moved

    def loading_all(self, pager: ConversationPager) -> None:
        """`L` started: its progress shows on the search's status line."""
        self._bulk = True
        self._bulk_progress(pager)

    def _bulk_progress(self, pager: ConversationPager) -> None:
        """While `L` runs, say how far it got; at the end, search again (or say it is done)."""
        if self.message_list.loading_all:
            loading = f"loading every page{glyphs().ellipsis} {pager.loaded} loaded"
            self.search_bar.show_status(Text(loading, style="dim"))
            return
        self._bulk = False
        result = self.search_bar.result
        if result is not None:
            self.search(result.query, jump=False)
        elif pager.complete:
            noun = self.NOUNS[0] if pager.loaded == 1 else self.NOUNS[1]
            self.search_bar.show_status(Text(f"all {pager.loaded} {noun} loaded", style="dim"))

    @on(PagedList.LoadFailed, "#messages")
    def _bulk_stopped(self, event: PagedList.LoadFailed) -> None:
        self.output.pages_changed()
        if self._bulk and not event.refresh and not event.timed:
            self._bulk = False
            self.search_bar.show_status(Text("loading every page stopped: r retries", style="dim"))

    # ----------------------------------------------------------------- the highlighted message

    @on(PagedList.Highlighted, "#messages")
    def _message_highlighted(self, event: PagedList.Highlighted) -> None:
        message = self.message_list.item_at(event.index)
        if message is None:
            return
        self.detail.show(message)
        self.card_view.show_campaign(message.campaign_id)
        if message is self._stand_in:
            self._stand_in = None  # shown in place of a hidden anchor: not the user's choice
        else:
            self._anchor = message

    @on(PagedList.Selected, "#messages")
    def _message_selected(self, event: PagedList.Selected) -> None:
        message = self.message_list.item_at(event.index)
        if message is not None:
            self.detail.show(message)
            self._focus_detail()

    def _focus_detail(self) -> None:
        if self.narrow:
            self.add_class("-reading")
        self.set_focus(self.detail)
        self.refresh_bindings()

    def _focus_list(self) -> None:
        self.remove_class("-reading")
        self.set_focus(self.message_list)
        self.refresh_bindings()

    # ----------------------------------------------------------------- search and filter

    def search(self, query: str, *, jump: bool) -> None:
        """Search the subjects and bodies of the messages shown (bodies not indexed yet are
        rendered in a thread first)."""
        pager = self.pager
        if pager is None:
            return
        self.search_bar.search(
            query,
            self.message_list.items,
            self.detail.cached,
            searched=pager.loaded,
            total=pager.total,
            complete=pager.complete,
            jump=jump,
        )

    @on(SearchBar.Searched)
    def _mark_query(self, event: SearchBar.Searched) -> None:
        self.detail.set_query(event.result.query)

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self.detail.set_query("")

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.set_focus(self.detail if self.reading else self.message_list)
        self.refresh_bindings()

    @property
    def filter_anchor(self) -> Message | None:
        """The message the user last highlighted, even while a filter hides it."""
        return self._anchor

    def action_filter(self) -> None:
        """f: all → replies → sent → email → LinkedIn → other channels → all.

        The highlighted message stays highlighted when the new filter shows it; when it is
        hidden the highlight goes to the nearest shown message, and it comes back to it when
        a later filter shows it again.
        """
        super().action_filter()
        if self.pager is None:
            return
        message_list = self.message_list
        message = message_list.highlighted_item
        self._stand_in = message if message is not self._anchor else None
        if message is None:
            self.detail.clear(f"No {message_list.filter.label} messages loaded.")
        else:
            self.detail.show(message)

    # ----------------------------------------------------------------- other keys

    def action_switch_pane(self) -> None:
        """Tab: move between the list and the detail pane."""
        if self.has_class("-notice") or self.search_bar.is_open:
            return
        if self.focused is self.detail:
            self._focus_list()
        elif self.message_list.highlighted_item is not None:
            self._focus_detail()

    def action_next_conversation(self) -> None:
        """]: the next conversation of the inbox, without going back to it."""
        self._step_conversation(1)

    def action_previous_conversation(self) -> None:
        """[: the previous conversation of the inbox, without going back to it."""
        self._step_conversation(-1)

    def _step_conversation(self, step: int) -> None:
        pager = self.pager
        if pager is not None:
            self.post_message(self.Step(pager.contact_id, step))

    def action_back(self) -> None:
        """Esc: from the detail back to the list; from the list to the inbox."""
        if self.focused is self.detail or self.reading:
            self._focus_list()
        elif self.has_inbox:
            self.post_message(self.Leave())

    def action_toggle_quotes(self) -> None:
        """z: unfold or fold quoted text and signatures in the detail pane."""
        self.detail.toggle_fold()

    def action_mark_read(self) -> None:
        """m: mark the open conversation as read for the configured user."""
        pager = self.pager
        if pager is not None:  # else hidden until a contact is opened (`check_action`)
            self.request_mark_read(pager.contact_id, self.settings.user_id)

    def marked_read(self, contact_id: str, user_id: str) -> None:
        """lemlist confirmed: the inbox updates, and the user is told."""
        self.post_message(self.MarkedRead(contact_id))
        self.notify(f"Marked {clean_line(contact_id)} as read.", markup=False)

    # ----------------------------------------------------------------- replying

    @property
    def replying(self) -> bool:
        """True from `R` until its reply is written, kept or cancelled."""
        return self._replying

    def action_reply(self) -> None:
        """R: reply to the message under the cursor (list or detail pane)."""
        from lemtui.tui.reply.flow import ReplyFlow  # loaded on the first `R`

        flow = ReplyFlow.start(
            self.app,
            client=self.client,
            settings=self.settings,
            store=self.drafts,
            environ=self.environ,
            message=self.detail.message or self.message_list.highlighted_item,
            pager=self.pager,
        )
        if flow is not None and not self._replying:
            self._replying = True
            flow.run_in(self, done=self._replied)

    def reply_to_newest(self) -> None:
        """Answer the newest message as soon as the conversation shows it (`R` on an inbox
        row): now if it is loaded, else once its first page arrives."""
        self._reply_on_arrival = True
        if self.message_list.items:
            self._reply_now()

    def _reply_now(self) -> None:
        self._reply_on_arrival = False
        self.message_list.highlighted = 0
        self.action_reply()

    def _replied(self, sent: bool) -> None:
        self._replying = False
        if sent:
            self.message_list.reload_after_send()
            self.update_header()

    # ----------------------------------------------------------------- copy, export, links

    def action_copy_message(self) -> None:
        """y: copy the shown message as text (through the terminal: OSC 52)."""
        self.output.copy_message(self.detail.message, self.detail.cached)

    def action_copy_conversation(self) -> None:
        """Y: copy the conversation as Markdown (its missing pages loaded first)."""
        self.output.copy_conversation(self.message_list, self.detail.cached)

    def action_export(self) -> None:
        """e: save the conversation as a Markdown file (its missing pages loaded first)."""
        self.output.export(self.message_list, self.detail.cached)

    def action_link(self) -> None:
        """l: ask for a link number, then open it locally or copy it (over SSH)."""
        self.output.choose_link(self.detail.message, self.detail.rendered)
