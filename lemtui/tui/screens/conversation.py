"""The conversation screen: header, message list and detail pane, a search bar, the footer.

The message list loads its own pages (`lemtui.tui.widgets.paged_list`); this screen opens a
contact, keeps the detail pane on the highlighted message and reacts to what the list, the
search bar and the keys say. Side by side from 120 columns, one pane at a time below (Enter
opens the message, Esc goes back to the list, and from the list back to the inbox when there
is one). Copy and export are SSH-first: OSC 52 copies, Markdown files, links copied when no
browser would be seen.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message as TextualMessage
from textual.widgets import OptionList, Static
from textual.worker import get_current_worker

from lemtui.lemlist.filters import MessageFilter
from lemtui.lemlist.models import Message, Page, message_key
from lemtui.lemlist.paging import Conversation, LoadState, PageRequest
from lemtui.local.config import Settings, default_export_dir
from lemtui.mail.search import step_hit
from lemtui.startup import freeze_loaded, unfreeze_loaded
from lemtui.text import clean_line
from lemtui.tui.display import error_text, failure_notice, lead_label, loaded_stats
from lemtui.tui.screens.list_screen import ListScreen
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar
from lemtui.tui.widgets.message_detail import MessageDetail, older_than
from lemtui.tui.widgets.message_list import MessageList
from lemtui.tui.widgets.paged_list import PagedList
from lemtui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:  # replying, copying and links load what they need when first used
    from lemtui.lemlist.client import LemlistClient
    from lemtui.local.drafts import DraftStore
    from lemtui.mail.render import Link, RenderedBody
    from lemtui.tui.export import OutputFormatter, OutputKind
    from lemtui.tui.screens.reply_flow import ReplyFlow

__all__ = ["ConversationScreen"]

WIDE_MIN_COLUMNS: Final = 120
FAILURE_KEYS: Final = "Press r to retry, or o to open another contact."
NO_CONVERSATION: Final = Text.assemble(
    ("No conversation open.\n\n", "bold"), "Press o to open a contact, ? for help, q to quit."
)
READ_ONLY: Final = (
    "{what} is off: lemtui runs read-only (--read-only, or read_only = true in the config), "
    "so it writes nothing to lemlist."
)


NEEDS_CONVERSATION: Final = frozenset(
    {
        "search", "next_hit", "previous_hit", "filter", "load_all", "copy_message",
        "copy_conversation", "export", "link", "reload", "toggle_quotes", "mark_read", "reply",
        "switch_pane",
    }
)  # fmt: skip
"""Actions that mean nothing before a contact is opened: hidden from the footer till then."""


class ConversationScreen(ListScreen):
    """One contact's conversation; `open_contact` switches to another one in place."""

    HELP_SECTION: ClassVar[str] = "Conversation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search", tooltip="Search the loaded messages"),
        Binding(
            "f", "filter", "Filter", id="filter",
            tooltip="All, replies, sent, email, LinkedIn, other channels",
        ),
        Binding("n", "next_hit", "Next hit", show=False, id="next_hit"),
        Binding("N", "previous_hit", "Previous hit", show=False, id="previous_hit"),
        Binding(
            "L", "load_all", "Load all", show=False, id="load_all",
            tooltip="Load every page of the conversation (then search again)",
        ),
        Binding(
            "y", "copy_message", "Copy message", show=False, id="copy_message",
            tooltip="Copy the open message as text (OSC 52)",
        ),
        Binding(
            "Y", "copy_conversation", "Copy conversation", show=False, id="copy_conversation",
            tooltip="Copy the loaded conversation as Markdown",
        ),
        Binding(
            "e", "export", "Export conversation", show=False, id="export",
            tooltip="Save the loaded conversation to ~/lemtui-exports (0600)",
        ),
        Binding(
            "l", "link", "Open link", show=False, id="link",
            tooltip="Open link N of the message (copied instead over SSH)",
        ),
        Binding(
            "r", "reload", "Reload", show=False, id="reload",
            tooltip="Load what is new, or retry what failed",
        ),
        Binding(
            "z", "toggle_quotes", "Quotes", id="toggle_quotes",
            tooltip="Unfold or fold quoted text and signatures",
        ),
        Binding(
            "m", "mark_read", "Mark as read", show=False, id="mark_read",
            tooltip="Mark the conversation read (needs a user ID)",
        ),
        Binding(
            "R", "reply", "Reply", id="reply",
            tooltip="Reply to the message under the cursor: your editor, then review (d draft, "
            "s send)",
        ),
        Binding(
            "right_square_bracket", "next_conversation", "Next conversation", show=False,
            id="next_conversation", tooltip="Open the next conversation of the inbox",
        ),
        Binding(
            "left_square_bracket", "previous_conversation", "Previous conversation",
            show=False, id="previous_conversation",
            tooltip="Open the previous conversation of the inbox",
        ),
        Binding(
            "tab", "switch_pane", "Switch pane", show=False, id="switch_pane",
            tooltip="Switch between the list and the message",
        ),
        Binding("shift+tab", "switch_pane", "Switch pane", show=False),
        Binding(
            "escape", "back", "Back", id="back",
            tooltip="Close the search, back to the list, then to the inbox",
        ),
    ]  # fmt: skip

    class Opened(TextualMessage):
        """The first page of a conversation arrived (the contact exists: remember it)."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    class MarkedRead(TextualMessage):
        """The service marked this conversation read for the user (the inbox updates)."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    class Leave(TextualMessage):
        """Esc on the list: the user wants the inbox back."""

    class Step(TextualMessage):
        """`]` or `[`: open the next (`step` 1) or previous (-1) conversation of the inbox."""

        def __init__(self, contact_id: str, step: int) -> None:
            super().__init__()
            self.contact_id = contact_id
            self.step = step

    class Shown(TextualMessage):
        """The screen is shown again (the app refreshes it if it is stale)."""

    def __init__(
        self,
        *,
        client: LemlistClient,
        settings: Settings,
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.client = client
        self.settings = settings
        self.clock = clock
        self.has_inbox = False
        """True when Esc on the list can go back to an inbox (set by the app)."""
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: there is no home directory to save in)."""
        self.formatter: OutputFormatter | None = None
        """What `y`, `Y` and `e` put out (None: `lemtui.tui.export.format_output`; tests hand in
        their own)."""
        self._generation = 0
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
        self.known_name = ""
        """The contact's name as the inbox knows it (for the header), "" when unknown."""
        self.known_email = ""
        self.live_note = Text()
        """The live state the app hands down (a failed refresh, its next try)."""

    def compose(self) -> ComposeResult:
        """Header, the notice shown instead of the panes, the panes, the search bar, footer."""
        # Classes and the notice are set before any child is styled: set on mount, each would
        # restyle the whole screen once more before its first frame.
        self.set_class(self.app.size.width < WIDE_MIN_COLUMNS, "-narrow")
        self.add_class("-notice")
        yield HeaderBar(id="conv-header")
        yield Static(NO_CONVERSATION, id="conv-notice", markup=False)
        with Horizontal(id="panes"):
            yield MessageList(id="messages", clock=self.clock)
            yield MessageDetail(id="detail")
        yield SearchBar(id="search-bar")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start empty: nothing is open until a contact is chosen."""
        self.detail.history_for = self._older_than
        self._apply_layout(self.size.width)
        self._update_header()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc ("Back") means something while reading, searching, or with an inbox to go to;
        `]` and `[` only with an inbox; the keys that act on a conversation only once one is
        open (the empty screen's footer then offers what works there: open, help, quit)."""
        if action == "back":
            return self.focused is self.detail or self.reading or self.has_inbox
        if action in ("next_conversation", "previous_conversation"):
            return self.has_inbox
        if action in NEEDS_CONVERSATION:
            return self.conversation is not None
        return True

    def on_screen_resume(self) -> None:
        """Shown again: the app refreshes what is stale."""
        self.post_message(self.Shown())

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
    def conversation(self) -> Conversation | None:
        """The open conversation (what is loaded and what to load next), if any."""
        pager = self.message_list.pager if self.is_mounted else None
        return pager if isinstance(pager, Conversation) else None

    @property
    def narrow(self) -> bool:
        """True when one pane is shown at a time (below 120 columns)."""
        return self.has_class("-narrow")

    @property
    def reading(self) -> bool:
        """True when the narrow layout shows the detail pane."""
        return self.has_class("-reading")

    def on_resize(self, event: Resize) -> None:
        """Switch between side-by-side and one-pane layouts as the terminal is resized."""
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < WIDE_MIN_COLUMNS
        if narrow == self.narrow:
            return
        detail_focused = self.focused is self.detail
        self.set_class(narrow, "-narrow")
        if narrow:
            self.set_class(detail_focused, "-reading")
        else:
            self.remove_class("-reading")

    def _show_notice(self, text: Text) -> None:
        self.query_one("#conv-notice", Static).update(text)
        self.add_class("-notice")

    def _update_header(self) -> None:
        conversation = self.conversation
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        # Most important first: at 80 columns the last ones give way.
        figures: list[Text] = []
        if conversation is None:
            title.append("lemtui", style="bold")
        else:
            lead = lead_label(conversation.messages, name=self.known_name, email=self.known_email)
            if lead:
                title.append(lead, style="bold")
                title.append("  ")
            title.append(clean_line(conversation.contact_id), style="dim")
            figures.append(self.live_note)
            unseen = len(self.message_list.unseen)
            if unseen:
                figures.append(Text(f"{unseen} new", style="bold reverse"))
            kind = self.message_list.filter
            if kind is not MessageFilter.ALL:
                shown = len(self.message_list.items)
                figures.append(Text(f"filter: {kind.label} ({shown})", style="bold"))
            figures.append(
                loaded_stats(
                    conversation.loaded,
                    conversation.total,
                    loading=conversation.state is LoadState.LOADING,
                    refreshing=conversation.refreshing and not self.message_list.timed_refresh,
                )
            )
        figures.append(Text(f"mark-as-read: {self._mark_mode()}"))
        self.query_one(HeaderBar).show(title, figures)

    def _older_than(self, message: Message) -> Sequence[Message]:
        """The loaded messages older than `message` (the renderer folds what repeats them)."""
        conversation = self.conversation
        return older_than(conversation.messages, message) if conversation is not None else ()

    def _mark_mode(self) -> str:
        if self.settings.read_only:
            return "off (read-only)"
        if not self.settings.mark_as_read:
            return "off"
        return "on" if self.settings.user_id else "off (no user id)"

    # ----------------------------------------------------------------- opening and loading

    def open_contact(self, contact_id: str, *, name: str = "", email: str = "") -> None:
        """Show `contact_id`'s conversation; loads of the previous one are cancelled and dropped.

        `name` and `email`: the contact as the inbox knows them, for the header.
        """
        unfreeze_loaded()  # let the previous conversation's objects be collected again
        first = self.conversation is None
        self._generation += 1
        self.known_name = clean_line(name)
        self.known_email = clean_line(email)
        conversation = Conversation(
            contact_id,
            self._fetch_page,
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
        self._show_notice(Text(f"Loading {clean_line(contact_id)}…", style="dim"))
        self.message_list.open(conversation, at_once=self.client.warm)
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

    @on(PagedList.LoadStarted, "#messages")
    def _load_started(self, event: PagedList.LoadStarted) -> None:
        if not event.timed:
            self._update_header()

    @on(PagedList.Unseen, "#messages")
    def _unseen_changed(self) -> None:
        self._update_header()

    def refresh_live(self, *, timed: bool) -> bool:
        """Ask the newest page again and merge it (the app's timer, or the screen shown)."""
        if self.conversation is None:
            return False
        return self.message_list.refresh_first(timed=timed)

    def set_live_note(self, note: Text) -> None:
        """Show the live state (a failed refresh and its next try) in the header."""
        if note.plain != self.live_note.plain:
            self.live_note = note
            self._update_header()

    @on(PagedList.PageArrived, "#messages")
    def _page_arrived(self, event: PagedList.PageArrived) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        if event.first and self.settings.mark_as_read and self.settings.user_id:
            self.post_message(self.MarkedRead(conversation.contact_id))
        # Loaded messages live as long as the conversation: keep the cyclic collector from
        # walking them all again and again (a full collection at 10,000 messages stalls a
        # keypress for 100-180 ms). Once the page is drawn: after opening a contact nothing
        # is frozen yet, and that collection must not hold up the first rows.
        self.call_after_refresh(freeze_loaded)
        message_list = self.message_list
        if event.first:
            self._first_page_shown(conversation)
        elif self.has_class("-notice") and conversation.loaded:
            self._first_page_shown(conversation)  # a reload brought the first messages
        elif message_list.highlighted is None and message_list.items:
            message_list.highlighted = 0  # a filter had hidden everything until this page
        if event.arrival.changed or not event.timed:
            self._update_header()
        if self._bulk:
            self._bulk_progress(conversation)
        elif event.arrival.changed and event.arrival.refresh:
            result = self.search_bar.result
            if result is not None:
                self._search(result.query, jump=False)  # the hits are rows: they moved

    def _bulk_progress(self, conversation: Conversation) -> None:
        """While `L` runs, say how far it got; at the end, search again (or say it is done)."""
        if self.message_list.loading_all:
            self.search_bar.show_status(
                Text(f"loading every page… {conversation.loaded} loaded", style="dim")
            )
            return
        self._bulk = False
        result = self.search_bar.result
        if result is not None:
            self._search(result.query, jump=False)
        elif conversation.complete:
            noun = "message" if conversation.loaded == 1 else "messages"
            self.search_bar.show_status(
                Text(f"all {conversation.loaded} {noun} loaded", style="dim")
            )

    def _first_page_shown(self, conversation: Conversation) -> None:
        self.post_message(self.Opened(conversation.contact_id))
        if not conversation.loaded:
            self._show_notice(
                Text.assemble(
                    ("No messages with this contact yet.\n\n", "bold"),
                    "Press o to open another contact, r to reload.",
                )
            )
            return
        self.remove_class("-notice")
        message_list = self.message_list
        if message_list.items and message_list.highlighted is None:
            message_list.highlighted = 0
        if not self.reading:
            self.set_focus(message_list)

    @on(PagedList.LoadFailed, "#messages")
    def _load_failed(self, event: PagedList.LoadFailed) -> None:
        if event.timed:
            return  # the app says it calmly in the header (`set_live_note`)
        self._update_header()
        if self._bulk and not event.refresh:
            self._bulk = False
            self.search_bar.show_status(Text("loading every page stopped: r retries", style="dim"))
        if event.refresh:
            # What is shown stays right, only not newer: say why once.
            self.notify(
                error_text(event.error), title="Reload failed", severity="warning", markup=False
            )
        elif event.first:
            self._show_notice(
                failure_notice("Could not open this conversation.", event.error, FAILURE_KEYS)
            )

    # ----------------------------------------------------------------- the highlighted message

    @on(OptionList.OptionHighlighted, "#messages")
    def _message_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        message = self.message_list.item_at(event.option_index)
        if message is None:
            return
        self.detail.show(message)
        if message is self._stand_in:
            self._stand_in = None  # shown in place of a hidden anchor: not the user's choice
        else:
            self._anchor = message

    @on(OptionList.OptionSelected, "#messages")
    def _message_selected(self, event: OptionList.OptionSelected) -> None:
        message = self.message_list.item_at(event.option_index)
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

    def action_search(self) -> None:
        """/: open the search field (with the last query)."""
        if self.conversation is None or not self.conversation.loaded:
            self.notify("Nothing to search yet.", markup=False)
            return
        self.search_bar.open()
        self.refresh_bindings()

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        self._search(event.query, jump=True)

    def _search(self, query: str, *, jump: bool) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        self.search_bar.search(
            query,
            self.message_list.items,
            self.detail.cached,
            searched=conversation.loaded,
            total=conversation.total,
            complete=conversation.complete,
            jump=jump,
        )

    @on(SearchBar.Searched)
    def _searched(self, event: SearchBar.Searched) -> None:
        self.detail.set_query(event.result.query)
        hits = event.result.hits
        message_list = self.message_list
        if event.jump and hits and message_list.highlighted not in hits:
            target = step_hit(hits, message_list.highlighted, forward=True)
            if target is not None:
                message_list.highlighted = target

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self.detail.set_query("")

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.set_focus(self.detail if self.reading else self.message_list)
        self.refresh_bindings()

    def _step_hit(self, forward: bool) -> None:
        result = self.search_bar.result
        if result is None:
            self.notify("No search yet: press / to search.", markup=False)
            return
        target = step_hit(result.hits, self.message_list.highlighted, forward)
        if target is None:
            self.notify(f"No hits for “{clean_line(result.query)[:40]}”.", markup=False)
            return
        self.message_list.highlighted = target

    def action_next_hit(self) -> None:
        """n: the next message that matches the search."""
        self._step_hit(forward=True)

    def action_previous_hit(self) -> None:
        """N: the previous message that matches the search."""
        self._step_hit(forward=False)

    def action_filter(self) -> None:
        """f: all → replies → sent → email → LinkedIn → other channels → all.

        The highlighted message stays highlighted when the new filter shows it; when it is
        hidden the highlight goes to the nearest shown message, and it comes back to it when
        a later filter shows it again.
        """
        conversation = self.conversation
        if conversation is None:
            return
        message_list = self.message_list
        keep = self._anchor
        message_list.set_filter(message_list.filter.next(), keep)
        message = message_list.highlighted_item
        self._stand_in = message if message is not keep else None
        if message is None:
            self.detail.clear(f"No {message_list.filter.label} messages loaded.")
        else:
            self.detail.show(message)
        self._update_header()
        if self.search_bar.current_query:  # the hits are rows: search again, even one still running
            self._search(self.search_bar.current_query, jump=False)
        if message_list.wants_more():
            message_list.load_next()

    def action_load_all(self) -> None:
        """L: load every remaining page (then search again, if there is a search)."""
        conversation = self.conversation
        if conversation is None:
            return
        if conversation.complete:
            self.notify(f"All {conversation.loaded} messages are loaded.", markup=False)
            return
        self._bulk = True
        self.message_list.load_all()
        self._bulk_progress(conversation)

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
        conversation = self.conversation
        if conversation is not None:
            self.post_message(self.Step(conversation.contact_id, step))

    def action_back(self) -> None:
        """Esc: from the detail back to the list; from the list to the inbox."""
        if self.focused is self.detail or self.reading:
            self._focus_list()
        elif self.has_inbox:
            self.post_message(self.Leave())

    def action_reload(self) -> None:
        """r: retry the page that failed, or load what is new (nothing loaded is cleared)."""
        conversation = self.conversation
        if conversation is None:
            return  # hidden until a contact is opened (`check_action`)
        if not self.message_list.reload():
            if conversation.refreshing:
                self.notify("Already reloading.", markup=False)
            return
        if not conversation.loaded:
            shown = clean_line(conversation.contact_id)
            self._show_notice(Text(f"Loading {shown}…", style="dim"))
        self._update_header()

    def action_toggle_quotes(self) -> None:
        """z: unfold or fold quoted text and signatures in the detail pane."""
        self.detail.toggle_fold()

    def action_mark_read(self) -> None:
        """m: mark the open conversation as read for the configured user."""
        conversation = self.conversation
        if conversation is None:
            return  # hidden until a contact is opened (`check_action`)
        if self.settings.read_only:
            self.notify(
                READ_ONLY.format(what="Marking as read"), title="Mark as read", markup=False
            )
            return
        if not self.settings.user_id:
            self.notify(
                "Marking as read needs your lemlist user ID: pass --user-id or set "
                "LEMLIST_USER_ID.",
                title="Mark as read",
                severity="warning",
                markup=False,
            )
            return
        self._mark_read(conversation.contact_id, self.settings.user_id)

    @work(exclusive=True, group="mark", exit_on_error=False)
    async def _mark_read(self, contact_id: str, user_id: str) -> None:
        try:
            await self.client.mark_as_read(contact_id, user_id)
        except Exception as error:  # an ApiError, or a bug: say it, go on
            self.notify(
                error_text(error), title="Mark as read failed", severity="error", markup=False
            )
        else:
            self.post_message(self.MarkedRead(contact_id))
            self.notify(f"Marked {clean_line(contact_id)} as read.", markup=False)

    # ----------------------------------------------------------------- replying

    @property
    def replying(self) -> bool:
        """True from `R` until its reply is written, kept or cancelled."""
        return self._replying

    def action_reply(self) -> None:
        """R: reply to the message under the cursor (list or detail pane)."""
        if self.settings.read_only:
            self.notify(READ_ONLY.format(what="Replying"), title="Reply", markup=False)
            return
        conversation = self.conversation
        message = self.detail.message or self.message_list.highlighted_item
        if conversation is None or message is None:
            self.notify("No message to reply to: open a conversation first.", markup=False)
            return
        from lemtui.mail.compose import reply_refusal
        from lemtui.tui.screens.reply_flow import ReplyFlow, lead_name_of

        refusal = reply_refusal(
            message, user_id=self.settings.user_id, contact_id=conversation.contact_id
        )
        if refusal is not None:
            self.notify(refusal, title="Reply", severity="warning", markup=False, timeout=10)
            return
        if self.drafts is None:
            self.notify(
                "Cannot keep a reply on this machine (no home directory: set HOME or "
                "XDG_STATE_HOME), so none is started.",
                title="Reply",
                severity="error",
                markup=False,
            )
            return
        if self._replying:
            return
        self._replying = True
        self._reply(
            ReplyFlow(
                self.app,
                client=self.client,
                store=self.drafts,
                message=message,
                contact_id=conversation.contact_id,
                user_id=self.settings.user_id,
                editor=self.settings.editor,
                environ=self.environ,
                known=frozenset(message_key(m) for m in conversation.messages),
                lead_name=lead_name_of(conversation.messages),
            )
        )

    @work(group="reply", exit_on_error=False)
    async def _reply(self, flow: ReplyFlow) -> None:
        from lemtui.tui.screens.reply_review import ReviewOutcome

        try:
            outcome = await flow.run()
        except Exception as error:  # a bug: said; the text is on disk
            self.notify(
                f"The reply stopped ({error_text(error)}); its text is kept: R continues it.",
                title="Reply",
                severity="error",
                markup=False,
            )
            return
        finally:
            self._replying = False
        reply = flow.reply_for("")
        if outcome is ReviewOutcome.SENT:
            self.notify(
                f"Sent to {reply.to_label} from {reply.from_label}.",
                title="Reply sent",
                markup=False,
            )
            self.message_list.reload()
            self._update_header()
        elif outcome is ReviewOutcome.DRAFTED:
            self.notify(
                "Saved as a draft in lemlist's inbox (nothing was sent): finish it there.",
                title="Draft saved",
                markup=False,
            )
        elif outcome is ReviewOutcome.KEPT:
            self.notify(
                "Not sent: your reply is kept on this machine. R on this message continues it "
                "(lemtui --drafts lists them).",
                title="Reply kept",
                markup=False,
            )

    # ----------------------------------------------------------------- copy, export, links

    def action_copy_message(self) -> None:
        """y: copy the shown message as text (through the terminal: OSC 52)."""
        message = self.detail.message
        if message is None:
            self.notify("No message to copy.", markup=False)
            return
        self._output("message", [(message, self.detail.cached(message))], "")

    def action_copy_conversation(self) -> None:
        """Y: copy every loaded message as Markdown."""
        self._output_conversation("conversation")

    def action_export(self) -> None:
        """e: save every loaded message as a Markdown file (mode 0600, never overwriting)."""
        self._output_conversation("export")

    def _output_conversation(self, kind: OutputKind) -> None:
        conversation = self.conversation
        if conversation is None or not conversation.loaded:
            self.notify("No conversation loaded.", markup=False)
            return
        pairs = [(m, self.detail.cached(m)) for m in conversation.messages]
        self._output(kind, pairs, conversation.contact_id)

    @work(thread=True, group="output", exit_on_error=False)
    def _output(
        self, kind: OutputKind, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        """Render and format off the UI thread, then copy or save the result.

        Each copy or export is its own worker: a second one never cancels the first. Whatever
        goes wrong ends as a notification, never a silent worker error.
        """
        from lemtui.tui.export import export_name, format_output, prepare_text, write_export

        what = "message" if kind == "message" else "conversation"
        try:
            text = prepare_text(kind, pairs, contact_id, self.formatter or format_output)
        except Exception as error:
            self._notify_from_thread(
                f"Could not format the {what} (unexpected error {type(error).__name__}).",
                title="Export failed" if kind == "export" else "Copy failed",
                severity="error",
            )
            return
        if get_current_worker().is_cancelled:
            return
        if kind != "export":
            shown = "message" if kind == "message" else f"conversation ({len(pairs)} messages)"
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._copy, shown, text)
            return
        directory = self.export_dir
        if directory is None:
            self._notify_from_thread(
                "Could not save the conversation: no home directory found (set HOME).",
                title="Export failed",
                severity="error",
            )
            return
        try:
            path = write_export(directory, export_name(contact_id, self.clock()), text)
        except OSError as error:
            reason = clean_line(error.strerror or type(error).__name__)
            self._notify_from_thread(
                f"Could not save the conversation in {clean_line(str(directory))}: {reason}",
                title="Export failed",
                severity="error",
            )
            return
        count = len(pairs)
        noun = "message" if count == 1 else "messages"
        self._notify_from_thread(f"Saved {count} {noun} to {path}", title="Exported")

    def _notify_from_thread(self, text: str, *, title: str, severity: str = "information") -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(
                self.notify, text, title=title, severity=severity, markup=False
            )

    def _copy(self, what: str, text: str) -> None:
        """Put `text` on the clipboard (OSC 52) and say what and how much."""
        from lemtui.tui import clipboard

        self.app.copy_to_clipboard(text)
        said = clipboard.copied_message(what, text)
        warning = clipboard.size_warning(text)
        if warning:
            self.notify(f"{said} {warning}", severity="warning", markup=False, timeout=10)
        else:
            self.notify(said, markup=False)

    def action_link(self) -> None:
        """l: ask for a link number, then open it locally or copy it (over SSH)."""
        from lemtui.tui.screens.link_prompt import LinkPrompt

        if self.detail.message is None:
            self.notify("No message open.", markup=False)
            return
        rendered = self.detail.rendered
        if rendered is None:
            self.notify("The message is still being converted; try again.", markup=False)
            return
        if not rendered.links:
            self.notify("This message has no links.", markup=False)
            return
        self.app.push_screen(LinkPrompt(rendered.links), self._link_chosen)

    def _link_chosen(self, link: Link | None) -> None:
        from lemtui.tui import browser

        if link is None:
            return
        url = clean_line(link.url)
        if not browser.is_openable(url):
            self.notify("Only http(s) and mailto links can be opened.", markup=False)
            return
        if browser.can_open_browser():
            self._open_link(link.number, url)
        else:
            self._copy_link(link.number, url, "no local browser here")

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_link(self, number: int, url: str) -> None:
        from lemtui.tui import browser

        opened = browser.open_in_browser(url)
        with contextlib.suppress(RuntimeError):
            if opened:
                self.app.call_from_thread(self.notify, f"Opened link {number}: {url}", markup=False)
            else:
                self.app.call_from_thread(
                    self._copy_link, number, url, "no graphical browser found"
                )

    def _copy_link(self, number: int, url: str, why: str) -> None:
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied link {number} ({why}): {url}", markup=False, timeout=8)
