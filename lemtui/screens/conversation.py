"""The conversation screen: header, message list and detail pane, pages loaded lazily.

All fetching happens in exclusive workers of the "pages" group; what to fetch and whether an
answer still matters is decided by `lemtui.paging.Conversation`. Side by side from 120
columns, one pane at a time below (Enter opens the message, Esc goes back to the list, and
from the list back to the inbox when there is one).

The screen itself (layout, loading, navigation, mark-as-read) is here. Mixed in: `/`, n/N,
`f`, `L` from `conversation_search.SearchMixin`; `y`/`Y`, `e`, `l` (SSH-first: OSC 52 copies,
Markdown export, links) from `conversation_output.OutputMixin`; texts from `conversation_header`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message as TextualMessage
from textual.widgets import Footer, Input, OptionList, Static

from lemtui.api import ApiError, LemlistClient
from lemtui.config import Settings
from lemtui.filters import MessageFilter
from lemtui.formats import format_conversation_markdown, format_message
from lemtui.models import Message, Page
from lemtui.paging import Conversation, PageRequest
from lemtui.render import RenderedBody
from lemtui.screens.conversation_header import (
    error_kind,
    failure_notice,
    header_texts,
    mark_mode,
)
from lemtui.screens.conversation_output import Output, OutputMixin, default_export_dir
from lemtui.screens.conversation_search import SearchMixin
from lemtui.search import SearchIndex, SearchResult
from lemtui.text import clean_line
from lemtui.widgets.message_detail import MessageDetail
from lemtui.widgets.message_list import STATUS_ID, MessageList

__all__ = ["ConversationScreen", "default_export_dir"]

WIDE_MIN_COLUMNS: Final = 120


class ConversationScreen(SearchMixin, OutputMixin):
    """One contact's conversation; `open_contact` switches to another one in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search"),
        Binding("f", "filter", "Filter", id="filter"),
        Binding("n", "next_hit", "Next hit", show=False, id="next_hit"),
        Binding("N", "previous_hit", "Previous hit", show=False, id="previous_hit"),
        Binding("L", "load_all", "Load all", show=False, id="load_all"),
        Binding("y", "copy_message", "Copy", show=False, id="copy_message"),
        Binding("Y", "copy_conversation", "Copy all", show=False, id="copy_conversation"),
        Binding("e", "export", "Export", show=False, id="export"),
        Binding("l", "link", "Link", show=False, id="link"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
        Binding("z", "toggle_quotes", "Quotes", id="toggle_quotes"),
        Binding("m", "mark_read", "Mark read", show=False, id="mark_read"),
        Binding("tab", "switch_pane", "Pane", show=False, id="switch_pane"),
        Binding("shift+tab", "switch_pane", "Pane", show=False),
        Binding("escape", "back", "Back", id="back"),
    ]

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

    def __init__(
        self,
        *,
        client: LemlistClient,
        settings: Settings,
        clock: Callable[[], datetime],
        ascii_only: bool = False,
    ) -> None:
        super().__init__()
        self.client = client
        self.settings = settings
        self.clock = clock
        self.ascii_only = ascii_only
        self.conversation: Conversation | None = None
        self.has_inbox = False
        """True when Esc on the list can go back to an inbox (set by the app)."""
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: there is no home directory to save in)."""
        self.search: SearchResult | None = None
        """The last search over this conversation, if any."""
        self.search_index = SearchIndex()
        self._generation = 0
        self._restore_id: str | None = None
        self._anchor: Message | None = None
        """The message the user last highlighted (kept while a filter hides it)."""
        self._stand_in: Message | None = None
        self._load_all = False

    def compose(self) -> ComposeResult:
        """Header, the notice shown instead of the panes, the panes, the search line, footer."""
        with Horizontal(id="conv-header"):
            yield Static(id="conv-title", markup=False)
            yield Static(id="conv-stats", markup=False)
        yield Static(id="conv-notice", markup=False)
        with Horizontal(id="panes"):
            yield MessageList(id="messages", clock=self.clock, ascii_only=self.ascii_only)
            yield MessageDetail(id="detail", ascii_only=self.ascii_only)
        field = Input(placeholder="search subjects and bodies (Enter, Esc cancels)", id="search")
        field.cursor_blink = False
        yield field
        yield Static(id="search-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Start empty: nothing is open until a contact is chosen."""
        self._apply_layout(self.size.width)
        self._show_notice(
            Text.assemble(
                ("No conversation open.\n\n", "bold"),
                "Press o to open a contact, ? for help, q to quit.",
            )
        )
        self._update_header()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc ("Back") means something while reading, searching, or with an inbox to go to."""
        if action == "back":
            return self.focused is self.detail or self.reading or self.searching or self.has_inbox
        return True

    # ----------------------------------------------------------------- layout

    @property
    def message_list(self) -> MessageList:
        """The list of messages."""
        return self.query_one("#messages", MessageList)

    @property
    def detail(self) -> MessageDetail:
        """The detail pane."""
        return self.query_one("#detail", MessageDetail)

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

    def _hide_notice(self) -> None:
        self.remove_class("-notice")

    def _update_header(self) -> None:
        title, stats = header_texts(self.conversation, self.message_list, mark_mode(self.settings))
        self.query_one("#conv-title", Static).update(title)
        self.query_one("#conv-stats", Static).update(stats)

    # ---------------------------------------------------------------- loading

    def open_contact(self, contact_id: str) -> None:
        """Show `contact_id`'s conversation; loads of the previous one are cancelled and dropped."""
        self.workers.cancel_group(self, "pages")
        self.workers.cancel_group(self, "search")
        gc.unfreeze()  # let the previous conversation's objects be collected again
        self._generation += 1
        self.conversation = Conversation(
            contact_id,
            page_size=self.settings.page_size,
            generation=self._generation,
            mark_as_read=self.settings.mark_as_read and bool(self.settings.user_id),
        )
        self.search_index = SearchIndex()
        self._load_all = False
        self._anchor = None
        self._stand_in = None
        self._clear_search()
        self.message_list.reset()
        self.detail.clear()
        self.detail.forget_bodies()
        self.remove_class("-reading")
        self._show_notice(Text(f"Loading {clean_line(contact_id)}…", style="dim"))
        self._load_next()

    def _load_next(self) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        request = conversation.start()
        if request is None:
            return
        self._start_fetch(request)

    def _start_fetch(self, request: PageRequest) -> None:
        conversation = self.conversation
        if conversation is not None and conversation.loaded:
            older = "..." if self.ascii_only else "…"
            self.message_list.set_status("loading", f"  loading older messages{older}")
        self._update_header()
        self._fetch(request)

    @work(exclusive=True, group="pages", exit_on_error=False)
    async def _fetch(self, request: PageRequest) -> None:
        """Fetch one page; whatever happens ends as a row or a notice, never a crash."""
        try:
            page = await self.client.get_page(
                request.contact_id,
                skip=request.skip,
                limit=request.limit,
                user_id=self.settings.user_id or None,
                mark_as_read=request.mark_as_read,
            )
        except ApiError as error:
            self._page_failed(request, clean_line(error.message), error_kind(error))
        except Exception as error:  # a bug must not take the reader down
            self._page_failed(
                request, f"unexpected error ({type(error).__name__})", type(error).__name__
            )
        else:
            try:
                self._page_loaded(request, page)
            except Exception as error:  # e.g. a date no formatter can show: say so, go on
                self._page_broken(request, error)

    def _page_loaded(self, request: PageRequest, page: Page) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        first = conversation.pages_loaded == 0
        fresh = conversation.finish(request, page)
        if fresh is None:  # another contact was opened meanwhile
            return
        if request.mark_as_read:
            self.post_message(self.MarkedRead(conversation.contact_id))
        message_list = self.message_list
        message_list.append_messages(fresh)
        # Loaded messages live as long as the conversation: keep the cyclic collector from
        # walking them all again and again (a full collection at 10,000 messages stalls a
        # keypress for 100-180 ms).
        gc.collect(1)  # young garbage first: what is frozen is never collected
        gc.freeze()
        if conversation.complete:
            count = conversation.loaded
            noun = "message" if count == 1 else "messages"
            dash = "-" if self.ascii_only else "—"
            shown = ""
            if message_list.filter is not MessageFilter.ALL:
                shown = f", {len(message_list.messages)} shown"
            message_list.set_status("complete", f"  {dash} all {count} {noun} loaded{shown} {dash}")
        else:
            message_list.set_status(None)
        if first:
            self._first_page_shown(conversation)
        elif message_list.highlighted is None and message_list.messages:
            message_list.highlighted = 0  # a filter had hidden everything until this page
        self._update_header()
        if self._load_all:
            if conversation.complete:
                self._load_all = False
                if self.search is not None:
                    self._run_search(self.search.query)
            else:
                self._show_search_status(
                    Text(f"loading every page… {conversation.loaded} loaded", style="dim")
                )
                self._load_next()
            return
        if conversation.wants_more(self._virtual_index(message_list.highlighted)):
            self._load_next()

    def _virtual_index(self, row: int | None) -> int | None:
        """A row of the (maybe filtered) list as a position among everything loaded.

        Prefetching looks at how far the highlight is from the end of what is *shown*: with a
        filter, the last reply shown may be the 10th message loaded of 50, and the user at the
        end of the list still wants the next page.
        """
        conversation = self.conversation
        if conversation is None:
            return None
        shown = len(self.message_list.messages)
        if row is None:
            return conversation.loaded - shown if shown == 0 else None
        return conversation.loaded - (shown - row)

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
        self._hide_notice()
        message_list = self.message_list
        index = 0
        if self._restore_id:
            for position, message in enumerate(message_list.messages):
                if message.id == self._restore_id:
                    index = position
                    break
            self._restore_id = None
        if message_list.messages:
            message_list.highlighted = index
        if not self.reading:
            self.set_focus(message_list)

    def _page_broken(self, request: PageRequest, error: Exception) -> None:
        """A page arrived but showing it raised: loading stops, r reloads from the top."""
        conversation = self.conversation
        text = f"this page could not be shown ({type(error).__name__})"
        if conversation is None or not conversation.abandon(request, text, "BrokenPage"):
            return
        # Nothing shown yet if the notice ("Loading…") is still up: the failure replaces it.
        self._show_failure(conversation, text, "BrokenPage", first=self.has_class("-notice"))

    def _page_failed(self, request: PageRequest, text: str, kind: str) -> None:
        conversation = self.conversation
        if conversation is None or not conversation.fail(request, text, kind):
            return
        self._show_failure(conversation, text, kind, first=not conversation.loaded)

    def _show_failure(
        self, conversation: Conversation, text: str, kind: str, *, first: bool
    ) -> None:
        self._load_all = False
        self._update_header()
        if first:
            self._show_notice(failure_notice(text, kind))
            return
        warn = "!" if self.ascii_only else "⚠"
        self.message_list.set_status(
            "failed", f"  {warn} Could not load older messages: {text} (r or Enter retries)"
        )

    # ---------------------------------------------------------------- events

    @on(OptionList.OptionHighlighted, "#messages")
    def _message_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        message = self.message_list.message_at(event.option_index)
        if message is not None:
            self.detail.show(message)
            if message is self._stand_in:
                self._stand_in = None  # shown in place of a hidden anchor: not the user's choice
            else:
                self._anchor = message
        conversation = self.conversation
        if conversation is not None and conversation.wants_more(
            self._virtual_index(event.option_index)
        ):
            self._load_next()

    @on(OptionList.OptionSelected, "#messages")
    def _message_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == STATUS_ID:
            self.action_reload()
            return
        message = self.message_list.message_at(event.option_index)
        if message is None:
            return
        self.detail.show(message)
        self._focus_detail()

    # ---------------------------------------------------------------- actions

    def _focus_detail(self) -> None:
        if self.narrow:
            self.add_class("-reading")
        self.set_focus(self.detail)
        self.refresh_bindings()

    def _focus_list(self) -> None:
        self.remove_class("-reading")
        self.set_focus(self.message_list)
        self.refresh_bindings()

    def action_switch_pane(self) -> None:
        """Tab: move between the list and the detail pane."""
        if self.has_class("-notice") or self.searching:
            return
        if self.focused is self.detail:
            self._focus_list()
        elif self.message_list.highlighted_message is not None:
            self._focus_detail()

    def action_back(self) -> None:
        """Esc: close the search field; from the detail back to the list; then to the inbox."""
        if self.searching:
            self._close_search_input()
        elif self.focused is self.detail or self.reading:
            self._focus_list()
        elif self.has_inbox:
            self.post_message(self.Leave())

    def action_reload(self) -> None:
        """r: retry the page that failed, or load the conversation again from the top."""
        conversation = self.conversation
        if conversation is None:
            self.notify("No conversation open: press o to open a contact.", markup=False)
            return
        request = conversation.retry()
        if request is not None:
            if not conversation.loaded:
                shown = clean_line(conversation.contact_id)
                self._show_notice(Text(f"Loading {shown}…", style="dim"))
            self._start_fetch(request)
            return
        highlighted = self.message_list.highlighted_message
        self._restore_id = highlighted.id if highlighted is not None else None
        self.open_contact(conversation.contact_id)

    def action_toggle_quotes(self) -> None:
        """z: unfold or fold quoted text and signatures in the detail pane."""
        self.detail.toggle_fold()

    def action_mark_read(self) -> None:
        """m: mark the open conversation as read for the configured user."""
        conversation = self.conversation
        if conversation is None:
            self.notify("No conversation open.", markup=False)
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
        except ApiError as error:
            self.notify(
                clean_line(error.message),
                title="Mark as read failed",
                severity="error",
                markup=False,
            )
        except Exception as error:
            self.notify(
                f"unexpected error ({type(error).__name__})",
                title="Mark as read failed",
                severity="error",
                markup=False,
            )
        else:
            self.post_message(self.MarkedRead(contact_id))
            self.notify(f"Marked {clean_line(contact_id)} as read.", markup=False)

    # ---------------------------------------------------------------- output

    def _format_text(
        self, kind: Output, messages: list[Message], bodies: list[RenderedBody], contact_id: str
    ) -> str:
        """The text `y`, `Y` and `e` put out, for `OutputMixin` (its worker thread calls this).

        The formatters are looked up in this module on purpose: tests replace them here.
        """
        if kind == "message":
            return format_message(messages[0], bodies[0])
        return format_conversation_markdown(messages, bodies, contact_id=contact_id)
