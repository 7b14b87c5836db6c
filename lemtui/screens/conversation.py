"""The conversation screen: header, message list and detail pane, pages loaded lazily.

All fetching happens in exclusive workers of the "pages" group; what to fetch and whether an
answer still matters is decided by `lemtui.conversation.Conversation`. Side by side from 120
columns, one pane at a time below (Enter opens the message, Esc goes back to the list).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from lemtui.api import ApiError, LemlistClient
from lemtui.config import Settings
from lemtui.conversation import Conversation, LoadState, PageRequest
from lemtui.models import Direction, Message, Page
from lemtui.render import clean_line
from lemtui.widgets.message_detail import MessageDetail
from lemtui.widgets.message_list import STATUS_ID, MessageList

__all__ = ["ConversationScreen"]

WIDE_MIN_COLUMNS: Final = 120

_HINTS: Final[Mapping[str, str]] = {
    "AuthError": "Check LEMLIST_API_KEY (or api_key in the config file), then press r to retry.",
    "NotFoundError": "Check the contact ID: press o to open another contact.",
    "RateLimitedError": "Wait a moment, then press r to retry.",
    "NetworkError": "Check the connection, then press r to retry (o opens another contact).",
}
_DEFAULT_HINT: Final = "Press r to retry, or o to open another contact."


def _error_kind(error: Exception) -> str:
    """The name of the most specific error class we have a hint for."""
    for cls in type(error).__mro__:
        if cls.__name__ in _HINTS:
            return cls.__name__
    return type(error).__name__


class ConversationScreen(Screen[None]):
    """One contact's conversation; `open_contact` switches to another one in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        Binding("z", "toggle_quotes", "Quotes"),
        Binding("m", "mark_read", "Mark read"),
        Binding("tab", "switch_pane", "Pane", show=False),
        Binding("shift+tab", "switch_pane", "Pane", show=False),
        Binding("escape", "back", "Back"),
    ]

    class Opened(TextualMessage):
        """The first page of a conversation arrived (the contact exists: remember it)."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

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
        self._generation = 0
        self._restore_id: str | None = None

    def compose(self) -> ComposeResult:
        """Header line, the notice shown instead of the panes, the two panes, the footer."""
        with Horizontal(id="conv-header"):
            yield Static(id="conv-title", markup=False)
            yield Static(id="conv-stats", markup=False)
        yield Static(id="conv-notice", markup=False)
        with Horizontal(id="panes"):
            yield MessageList(id="messages", clock=self.clock, ascii_only=self.ascii_only)
            yield MessageDetail(id="detail", ascii_only=self.ascii_only)
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
        """Esc ("Back") only means something while reading a message."""
        if action == "back":
            return self.focused is self.detail or self.reading
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
            title.append(conversation.contact_id, style="dim")
            if conversation.state is LoadState.LOADING and not conversation.loaded:
                stats.append("loading…")
            elif conversation.total is not None:
                stats.append(f"{conversation.loaded} of {conversation.total} loaded")
            else:
                stats.append(f"{conversation.loaded} loaded")
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
        self._generation += 1
        self.conversation = Conversation(
            contact_id,
            page_size=self.settings.page_size,
            generation=self._generation,
            mark_as_read=self.settings.mark_as_read and bool(self.settings.user_id),
        )
        self.message_list.reset()
        self.detail.clear()
        self.remove_class("-reading")
        self._show_notice(Text(f"Loading {contact_id}…", style="dim"))
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
            self._page_loaded(request, page)

    def _page_loaded(self, request: PageRequest, page: Page) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        first = conversation.loaded == 0
        fresh = conversation.finish(request, page)
        if fresh is None:  # another contact was opened meanwhile
            return
        message_list = self.message_list
        message_list.append_messages(fresh)
        if conversation.complete:
            count = conversation.loaded
            noun = "message" if count == 1 else "messages"
            dash = "-" if self.ascii_only else "—"
            message_list.set_status("complete", f"  {dash} all {count} {noun} loaded {dash}")
        else:
            message_list.set_status(None)
        if first:
            self._first_page_shown(conversation)
        self._update_header()
        if conversation.wants_more(message_list.highlighted):
            self._load_next()

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
        message_list.highlighted = index
        if not self.reading:
            self.set_focus(message_list)

    def _page_failed(self, request: PageRequest, text: str, kind: str) -> None:
        conversation = self.conversation
        if conversation is None or not conversation.fail(request, text, kind):
            return
        self._update_header()
        if not conversation.loaded:
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
        conversation = self.conversation
        if conversation is not None and conversation.wants_more(event.option_index):
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
        if self.has_class("-notice"):
            return
        if self.focused is self.detail:
            self._focus_list()
        elif self.message_list.highlighted_message is not None:
            self._focus_detail()

    def action_back(self) -> None:
        """Esc: from the detail pane back to the list, the highlight where it was."""
        if self.focused is self.detail or self.reading:
            self._focus_list()

    def action_reload(self) -> None:
        """r: retry the page that failed, or load the conversation again from the top."""
        conversation = self.conversation
        if conversation is None:
            self.notify("No conversation open: press o to open a contact.", markup=False)
            return
        request = conversation.retry()
        if request is not None:
            if not conversation.loaded:
                self._show_notice(Text(f"Loading {conversation.contact_id}…", style="dim"))
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
            self.notify(f"Marked {contact_id} as read.", markup=False)


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
