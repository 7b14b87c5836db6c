"""The conversation screen: header, message list and detail pane, pages loaded lazily.

All fetching happens in exclusive workers of the "pages" group; what to fetch and whether an
answer still matters is decided by `lemtui.conversation.Conversation`. Side by side from 120
columns, one pane at a time below (Enter opens the message, Esc goes back to the list, and
from the list back to the inbox when there is one).

Over what is loaded: `/` searches (bodies rendered in a thread, see `lemtui.search`), n/N go
from hit to hit, `f` filters, `L` loads every page. Out of it, SSH-first: `y`/`Y` copy through
the terminal (OSC 52), `e` saves a Markdown file, `l` opens or copies a link.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Final, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import get_current_worker

from lemtui import clipboard
from lemtui.api import ApiError, LemlistClient
from lemtui.config import Settings
from lemtui.conversation import Conversation, LoadState, PageRequest
from lemtui.models import Direction, Message, Page
from lemtui.printer import format_conversation_markdown, format_message
from lemtui.render import Link, RenderedBody, clean_line, render_body
from lemtui.search import MessageFilter, SearchIndex, SearchResult, find_hits, step_hit
from lemtui.widgets.message_detail import MessageDetail
from lemtui.widgets.message_list import STATUS_ID, MessageList

__all__ = ["ConversationScreen"]

WIDE_MIN_COLUMNS: Final = 120

_HINTS: Final[Mapping[str, str]] = {
    "AuthError": "Check LEMLIST_API_KEY (or api_key in the config file), then press r to retry.",
    "NotFoundError": "Check the contact ID: press o to open another contact.",
    "RateLimitedError": "Wait a moment, then press r to retry.",
    "NetworkError": "Check the connection, then press r to retry (o opens another contact).",
    "BrokenPage": "Press r to load the conversation again, or o to open another contact.",
}
_DEFAULT_HINT: Final = "Press r to retry, or o to open another contact."

Output = Literal["message", "conversation", "export"]


def _error_kind(error: Exception) -> str:
    """The name of the most specific error class we have a hint for."""
    for cls in type(error).__mro__:
        if cls.__name__ in _HINTS:
            return cls.__name__
    return type(error).__name__


def _render(message: Message, cached: RenderedBody | None) -> RenderedBody:
    """`message`'s body as text (the cached conversion if there is one); never raises."""
    if cached is not None:
        return cached
    try:
        return render_body(message.body, is_html=message.body_is_html)
    except Exception:  # the renderer promises not to raise; a copy must not crash on it
        return RenderedBody(blocks=())


class ConversationScreen(Screen[None]):
    """One contact's conversation; `open_contact` switches to another one in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("f", "filter", "Filter"),
        Binding("n", "next_hit", "Next hit", show=False),
        Binding("N", "previous_hit", "Previous hit", show=False),
        Binding("L", "load_all", "Load all", show=False),
        Binding("y", "copy_message", "Copy", show=False),
        Binding("Y", "copy_conversation", "Copy all", show=False),
        Binding("e", "export", "Export", show=False),
        Binding("l", "link", "Link", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("z", "toggle_quotes", "Quotes"),
        Binding("m", "mark_read", "Mark read", show=False),
        Binding("tab", "switch_pane", "Pane", show=False),
        Binding("shift+tab", "switch_pane", "Pane", show=False),
        Binding("escape", "back", "Back"),
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
    def search_input(self) -> Input:
        """The search field (shown by `/`)."""
        return self.query_one("#search", Input)

    @property
    def narrow(self) -> bool:
        """True when one pane is shown at a time (below 120 columns)."""
        return self.has_class("-narrow")

    @property
    def reading(self) -> bool:
        """True when the narrow layout shows the detail pane."""
        return self.has_class("-reading")

    @property
    def searching(self) -> bool:
        """True while the search field is open."""
        return self.has_class("-searching")

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
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        stats = Text(no_wrap=True, end="")
        conversation = self.conversation
        if conversation is None:
            title.append("lemtui", style="bold")
        else:
            lead = _lead_label(conversation.messages)
            if lead:
                title.append(lead, style="bold")
                title.append("  ")
            title.append(clean_line(conversation.contact_id), style="dim")
            if conversation.state is LoadState.LOADING and not conversation.loaded:
                stats.append("loading…")
            elif conversation.total is not None:
                stats.append(f"{conversation.loaded} of {conversation.total} loaded")
            else:
                stats.append(f"{conversation.loaded} loaded")
            kind = self.message_list.filter
            if kind is not MessageFilter.ALL:
                stats.append("  ·  ", style="dim")
                shown = len(self.message_list.messages)
                stats.append(f"filter: {kind.label} ({shown})", style="bold")
            stats.append("  ·  ", style="dim")
        stats.append(f"mark-as-read: {self._mark_mode()}")
        self.query_one("#conv-title", Static).update(title)
        self.query_one("#conv-stats", Static).update(stats)

    def _mark_mode(self) -> str:
        if not self.settings.mark_as_read:
            return "off"
        return "on" if self.settings.user_id else "off (no user id)"

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
            self._page_failed(request, clean_line(error.message), _error_kind(error))
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
            self._show_notice(
                Text.assemble(
                    ("Could not open this conversation.\n\n", "bold"),
                    (text, ""),
                    "\n\n",
                    (_HINTS.get(kind, _DEFAULT_HINT), "dim"),
                )
            )
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

    # ---------------------------------------------------------------- filter

    def action_filter(self) -> None:
        """f: all → replies → sent → email → LinkedIn → other channels → all.

        The highlighted message stays highlighted when the new filter shows it; when it is
        hidden the highlight goes to the nearest shown message, and it comes back to it when
        a later filter shows it again.
        """
        if self.conversation is None:
            return
        message_list = self.message_list
        keep = self._anchor
        message_list.set_filter(message_list.filter.next(), keep)
        message = message_list.highlighted_message
        self._stand_in = message if message is not keep else None
        if message is None:
            self.detail.clear(f"No {message_list.filter.label} messages loaded.")
        else:
            self.detail.show(message)
        self._update_header()
        if self.search is not None:
            self._run_search(self.search.query, jump=False)
        conversation = self.conversation
        if conversation.wants_more(self._virtual_index(message_list.highlighted)):
            self._load_next()

    # ---------------------------------------------------------------- search

    def action_search(self) -> None:
        """/: open the search field (with the last query)."""
        if self.conversation is None or not self.conversation.loaded:
            self.notify("Nothing to search yet.", markup=False)
            return
        field = self.search_input
        if self.search is not None:
            field.value = self.search.query
        self.add_class("-searching")
        self.set_focus(field)
        self.refresh_bindings()

    def _close_search_input(self) -> None:
        self.remove_class("-searching")
        if self.reading:
            self.set_focus(self.detail)
        else:
            self.set_focus(self.message_list)
        self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = clean_line(event.value)
        self._close_search_input()
        if not query:
            self._clear_search()
            return
        self._run_search(query)

    def _clear_search(self) -> None:
        self.search = None
        self.workers.cancel_group(self, "search")
        self.detail.set_query("")
        self.remove_class("-searched")

    def _show_search_status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)
        self.add_class("-searched")

    def _run_search(self, query: str, *, jump: bool = True) -> None:
        """Search what is loaded: render the bodies not yet indexed in a thread, then match."""
        missing = self.search_index.missing(self.message_list.messages)
        if not missing:
            self._search_done(self._generation, query, jump)
            return
        ellipsis = "..." if self.ascii_only else "…"
        self._show_search_status(
            Text(f"searching {len(missing)} messages{ellipsis}", style="dim italic")
        )
        pairs = [(message, self.detail.cached(message)) for message in missing]
        self._index_bodies(self._generation, query, jump, pairs)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _index_bodies(
        self,
        generation: int,
        query: str,
        jump: bool,
        pairs: list[tuple[Message, RenderedBody | None]],
    ) -> None:
        """Render bodies for the search index off the UI thread."""
        worker = get_current_worker()
        rendered: list[tuple[Message, RenderedBody]] = []
        for message, cached in pairs:
            if worker.is_cancelled:
                return
            rendered.append((message, _render(message, cached)))
        if not worker.is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._indexed, generation, query, jump, rendered)

    def _indexed(
        self,
        generation: int,
        query: str,
        jump: bool,
        rendered: list[tuple[Message, RenderedBody]],
    ) -> None:
        if generation != self._generation:
            return
        for message, body in rendered:
            self.search_index.add(message, body)
        self._search_done(generation, query, jump)

    def _search_done(self, generation: int, query: str, jump: bool) -> None:
        conversation = self.conversation
        if conversation is None or generation != self._generation:
            return
        message_list = self.message_list
        hits = find_hits(message_list.messages, query, self.search_index)
        self.search = SearchResult(
            query=query,
            hits=tuple(hits),
            searched=conversation.loaded,
            total=conversation.total,
            complete=conversation.complete,
        )
        ellipsis = "..." if self.ascii_only else "…"
        summary = self.search.summary(ellipsis=ellipsis)
        style = "bold" if hits else "bold yellow"
        self._show_search_status(Text(summary, style=style, no_wrap=True, overflow="ellipsis"))
        self.detail.set_query(query)
        if jump and hits:
            current = message_list.highlighted
            if current not in hits:
                target = step_hit(hits, current, forward=True)
                if target is not None:
                    message_list.highlighted = target

    def _step_hit(self, forward: bool) -> None:
        if self.search is None:
            self.notify("No search yet: press / to search.", markup=False)
            return
        target = step_hit(self.search.hits, self.message_list.highlighted, forward)
        if target is None:
            self.notify(f"No hits for “{clean_line(self.search.query)[:40]}”.", markup=False)
            return
        self.message_list.highlighted = target

    def action_next_hit(self) -> None:
        """n: the next message that matches the search."""
        self._step_hit(forward=True)

    def action_previous_hit(self) -> None:
        """N: the previous message that matches the search."""
        self._step_hit(forward=False)

    def action_load_all(self) -> None:
        """L: load every remaining page (then search again, if there is a search)."""
        conversation = self.conversation
        if conversation is None:
            return
        if conversation.complete:
            self.notify(f"All {conversation.loaded} messages are loaded.", markup=False)
            return
        self._load_all = True
        if conversation.state is LoadState.FAILED:
            self.action_reload()
            self._load_all = True
            return
        self._show_search_status(
            Text(f"loading every page… {conversation.loaded} loaded", style="dim")
        )
        self._load_next()

    # ---------------------------------------------------------------- copy, export, links

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

    def _output_conversation(self, kind: Output) -> None:
        conversation = self.conversation
        if conversation is None or not conversation.loaded:
            self.notify("No conversation loaded.", markup=False)
            return
        pairs = [(m, self.detail.cached(m)) for m in conversation.messages]
        self._output(kind, pairs, conversation.contact_id)

    @work(thread=True, exclusive=True, group="output", exit_on_error=False)
    def _output(
        self, kind: Output, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        """Render and format off the UI thread, then copy or write the result.

        Whatever goes wrong ends as a notification: a worker's exception would be silent.
        """
        try:
            self._format_and_output(kind, pairs, contact_id)
        except Exception as error:
            what = {"message": "Copy", "conversation": "Copy", "export": "Export"}[kind]
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(
                    self.notify,
                    f"Could not format the {'message' if kind == 'message' else 'conversation'}"
                    f" (unexpected error {type(error).__name__}).",
                    title=f"{what} failed",
                    severity="error",
                    markup=False,
                )

    def _format_and_output(
        self, kind: Output, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        bodies = [_render(message, cached) for message, cached in pairs]
        messages = [message for message, _ in pairs]
        if kind == "message":
            text = format_message(messages[0], bodies[0])
        else:
            text = format_conversation_markdown(messages, bodies, contact_id=contact_id)
        if get_current_worker().is_cancelled:
            return
        if kind == "export":
            directory = self.export_dir
            if directory is None:
                with contextlib.suppress(RuntimeError):
                    self.app.call_from_thread(
                        self.notify,
                        "Could not save the conversation: no home directory found (set HOME).",
                        title="Export failed",
                        severity="error",
                        markup=False,
                    )
                return
            try:
                name = clipboard.export_name(contact_id, self.clock())
                path = clipboard.write_export(directory, name, text)
            except OSError as error:
                reason = clean_line(error.strerror or type(error).__name__)
                with contextlib.suppress(RuntimeError):
                    self.app.call_from_thread(
                        self.notify,
                        f"Could not save the conversation in {clean_line(str(directory))}: "
                        f"{reason}",
                        title="Export failed",
                        severity="error",
                        markup=False,
                    )
                return
            count = len(messages)
            noun = "message" if count == 1 else "messages"
            with contextlib.suppress(RuntimeError):
                self.app.call_from_thread(
                    self.notify,
                    f"Saved {count} {noun} to {path}",
                    title="Exported",
                    markup=False,
                )
            return
        what = "message" if kind == "message" else f"conversation ({len(messages)} messages)"
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._copy, what, text)

    def _copy(self, what: str, text: str) -> None:
        """Put `text` on the clipboard (OSC 52) and say what and how much."""
        self.app.copy_to_clipboard(text)
        said = clipboard.copied_message(what, text)
        warning = clipboard.size_warning(text)
        if warning:
            self.notify(f"{said} {warning}", severity="warning", markup=False, timeout=10)
        else:
            self.notify(said, markup=False)

    def action_link(self) -> None:
        """l: ask for a link number, then open it locally or copy it (over SSH)."""
        from lemtui.screens.link_prompt import LinkPrompt

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
        if link is None:
            return
        url = clean_line(link.url)
        if not clipboard.is_openable(url):
            self.notify("Only http(s) and mailto links can be opened.", markup=False)
            return
        if clipboard.can_open_browser():
            self._open_link(link.number, url)
        else:
            self._copy_link(link.number, url, "no local browser here")

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_link(self, number: int, url: str) -> None:
        opened = clipboard.open_in_browser(url)
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


def default_export_dir() -> Path | None:
    """`~/lemtui-exports`, or None when there is no home directory (HOME unset, no passwd)."""
    try:
        return Path.home() / "lemtui-exports"
    except (RuntimeError, KeyError, OSError):
        return None


def _lead_label(messages: list[Message]) -> str:
    """The lead as `Name <email>` (or whichever is known), from the first messages."""
    email = ""
    name = ""
    for message in messages[:20]:
        email = (
            email
            or message.lead_email
            or (message.from_email if message.direction is Direction.RECEIVED else "")
        )
        raw = message.raw
        first, last = raw.get("leadFirstName"), raw.get("leadLastName")
        if not name and isinstance(first, str | None) and isinstance(last, str | None):
            name = " ".join(part for part in (first, last) if part)
        if email and name:
            break
    email, name = clean_line(email)[:80], clean_line(name)[:60]
    if name and email:
        return f"{name} <{email}>"
    return name or email
