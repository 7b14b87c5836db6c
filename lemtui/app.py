"""LemtuiApp: owns the client's lifetime, the screens and the global keys. Stays short.

With a user ID the inbox is the bottom screen and the conversation is pushed over it (Esc or
`i` pops it: both screens are installed, so neither loses its place). Without one, the
conversation screen is at the bottom. The contact prompt, the link prompt and the help are
modals. Cancelling the first prompt does not quit: it leaves the empty conversation screen,
which says how to open a contact or quit (a cancelled prompt never costs the user the app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Final

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from lemtui.api import LemlistClient
from lemtui.config import Settings, state_dir
from lemtui.display import ascii_only
from lemtui.recent import RecentContacts
from lemtui.screens.contact_prompt import ContactPrompt
from lemtui.screens.conversation import ConversationScreen, default_export_dir
from lemtui.screens.help import HelpScreen
from lemtui.screens.inbox import InboxScreen

__all__ = ["DEFAULT_THEME", "LemtuiApp"]

DEFAULT_THEME: Final = "nord"


def binding_ids() -> set[str]:
    """The names the config's `[keys]` table may rebind (our bindings that carry an id)."""
    from lemtui.screens.inbox import InboxScreen
    from lemtui.widgets.paged_list import PagedList

    classes: tuple[type[object], ...] = (LemtuiApp, ConversationScreen, InboxScreen, PagedList)
    ids: set[str] = set()
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def local_now() -> datetime:
    """The current local time, time zone included."""
    return datetime.now().astimezone()


def _state_dir_or_none() -> Path | None:
    """The state directory, or None when it cannot be found (no home directory)."""
    try:
        return state_dir()
    except (RuntimeError, KeyError, OSError):
        return None


class LemtuiApp(App[None]):
    """The reader: a contact prompt, then that contact's conversation."""

    CSS_PATH = "app.tcss"
    TITLE = "lemtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open_contact", "Open", id="open_contact"),
        Binding("i", "inbox", "Inbox", show=False, id="inbox"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        *,
        client: LemlistClient,
        settings: Settings,
        contact_id: str | None = None,
    ) -> None:
        super().__init__()
        self.client = client
        self.settings = settings
        self.initial_contact = contact_id
        self.animation_level = "none"
        self.recent = RecentContacts(_state_dir_or_none())
        """Recent contacts (off without a home directory); tests point it at a temporary
        directory before running."""
        self.clock: Callable[[], datetime] = local_now
        """Where "now" comes from for list dates; snapshots pin it."""
        self.ascii_only = ascii_only()
        self._conversation: ConversationScreen | None = None
        self._inbox: InboxScreen | None = None
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: no home directory); tests point it at a
        temporary directory."""

    def _fatal_error(self) -> None:
        """On a crash, print the traceback without local variables.

        Textual's default shows each frame's locals: message bodies (hostile text) and anything
        near the key would land on the terminal. The key itself only lives in a `Secret`, but
        a crash report has no need for any data at all.
        """
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def use_state_dir(self, directory: Path) -> None:
        """Keep recent contacts in `directory` instead of the platform's state dir."""
        self.recent = RecentContacts(directory)

    @property
    def conversation(self) -> ConversationScreen:
        """The conversation screen (created on mount)."""
        assert self._conversation is not None, "the app is not running"
        return self._conversation

    @property
    def inbox(self) -> InboxScreen | None:
        """The inbox screen, when a user ID is set."""
        return self._inbox

    def _apply_keymap(self) -> None:
        """Key overrides from the config's `[keys]` table; unknown names are said, not fatal."""
        keys = dict(self.settings.keys)
        if not keys:
            return
        unknown = sorted(set(keys) - binding_ids())
        for name in unknown:
            del keys[name]
        if unknown:
            self.notify(
                f"Unknown key binding name(s) in the config: {', '.join(unknown)}. "
                f"Known: {', '.join(sorted(binding_ids()))}",
                severity="warning",
                markup=False,
                timeout=10,
            )
        self.set_keymap(keys)

    async def on_mount(self) -> None:
        """Apply the theme, then the inbox, the contact, or the prompt."""
        theme = self.settings.theme or DEFAULT_THEME
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.theme = DEFAULT_THEME
            self.notify(
                f"Unknown theme {theme!r}; using {DEFAULT_THEME}.", severity="warning", markup=False
            )
        self._apply_keymap()
        self._conversation = ConversationScreen(
            client=self.client, settings=self.settings, clock=self.clock, ascii_only=self.ascii_only
        )
        self._conversation.export_dir = self.export_dir
        self.install_screen(self._conversation, "conversation")
        if self.settings.user_id:
            self._inbox = InboxScreen(
                client=self.client,
                user_id=self.settings.user_id,
                page_size=self.settings.page_size,
                clock=self.clock,
                ascii_only=self.ascii_only,
            )
            self._conversation.has_inbox = True
            self.install_screen(self._inbox, "inbox")
            await self.push_screen(self._inbox)
            if self.initial_contact:
                await self.push_screen(self._conversation)
                self._conversation.open_contact(self.initial_contact)
            return
        await self.push_screen(self._conversation)
        if self.initial_contact:
            self._conversation.open_contact(self.initial_contact)
        else:
            self.action_open_contact()

    async def on_unmount(self) -> None:
        """Close the HTTP client's connections."""
        await self.client.aclose()

    def on_conversation_screen_opened(self, event: ConversationScreen.Opened) -> None:
        """A conversation loaded: remember its contact for the prompt."""
        self.recent.add(event.contact_id)

    def on_conversation_screen_marked_read(self, event: ConversationScreen.MarkedRead) -> None:
        """A conversation was marked read: clear its unread mark in the inbox."""
        if self._inbox is not None:
            self._inbox.mark_read(event.contact_id)

    def on_conversation_screen_leave(self, event: ConversationScreen.Leave) -> None:
        """Esc on the message list: back to the inbox."""
        self.action_inbox()

    async def on_inbox_screen_open_conversation(self, event: InboxScreen.OpenConversation) -> None:
        """Enter on the inbox: read that conversation."""
        await self._show_conversation(event.contact_id)

    def _close_modals(self) -> None:
        while len(self.screen_stack) > 1 and self.screen.is_modal:
            self.pop_screen()

    async def _show_conversation(self, contact_id: str) -> None:
        self._close_modals()
        conversation = self.conversation
        if self.screen is not conversation:
            await self.push_screen(conversation)  # composed on first push: wait for it
        current = conversation.conversation
        if current is None or current.contact_id != contact_id or current.error:
            conversation.open_contact(contact_id)

    def action_inbox(self) -> None:
        """i: go to the inbox (from the conversation, a prompt or the help)."""
        if self._inbox is None:
            self.notify(
                "The inbox needs your lemlist user ID: pass --user-id or set LEMLIST_USER_ID.",
                title="Inbox",
                severity="warning",
                markup=False,
            )
            return
        self._close_modals()
        if self.screen is self._conversation:
            self.pop_screen()

    def action_open_contact(self) -> None:
        """o: ask for a contact (ID or email) and open it."""
        if isinstance(self.screen, ContactPrompt):
            return
        self._close_modals()
        suggestions: tuple[tuple[str, str], ...] = ()
        if self.settings.demo:
            from lemtui.fake_api import DEMO_CONTACTS

            suggestions = DEMO_CONTACTS
        if self.screen is self._inbox:
            back = "the inbox"
        elif self.conversation.conversation is not None:
            back = "the conversation"
        else:
            back = ""
        prompt = ContactPrompt(
            recent=self.recent.load(),
            suggestions=suggestions,
            can_cancel_to=back,
            lookup=self.client.find_contact,
            inbox_hint=not self.settings.user_id,
        )
        self.push_screen(prompt, self._contact_chosen)

    async def _contact_chosen(self, contact_id: str | None) -> None:
        if contact_id:
            await self._show_conversation(contact_id)

    def action_help(self) -> None:
        """?: show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _on_conversation(self, action: Callable[[ConversationScreen], None]) -> Callable[[], None]:
        """A palette callback running `action` on the conversation screen, shown first."""

        def run() -> None:
            conversation = self.conversation
            if self.screen is not conversation:
                if conversation.conversation is None:
                    self.notify("No conversation open: press o to open one.", markup=False)
                    return
                self._close_modals()
                if self.screen is not conversation:
                    self.push_screen(conversation)  # mounted already: it has a conversation
            action(conversation)

        return run

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Our commands first in the palette (ctrl+p), then Textual's own."""
        on = self._on_conversation
        commands: list[tuple[str, str, Callable[[], None]]] = [
            ("Open contact", "Read another contact's conversation, by ID or email (o)",
             self.action_open_contact),
            ("Inbox", "Your conversations, latest first (i)", self.action_inbox),
            ("Reload", "Reload the conversation, or retry what failed (r)",
             on(ConversationScreen.action_reload)),
            ("Search", "Search the loaded messages (/)", on(ConversationScreen.action_search)),
            ("Filter", "All, replies, sent, email, LinkedIn, other (f)",
             on(ConversationScreen.action_filter)),
            ("Load all", "Load every page of the conversation (L)",
             on(ConversationScreen.action_load_all)),
            ("Toggle quotes", "Unfold or fold quoted text and signatures (z)",
             on(ConversationScreen.action_toggle_quotes)),
            ("Copy message", "Copy the open message as text (y)",
             on(ConversationScreen.action_copy_message)),
            ("Copy conversation", "Copy the loaded conversation as Markdown (Y)",
             on(ConversationScreen.action_copy_conversation)),
            ("Export conversation", "Save the loaded conversation as a Markdown file (e)",
             on(ConversationScreen.action_export)),
            ("Open link", "Open or copy a link of the open message (l)",
             on(ConversationScreen.action_link)),
            ("Mark as read", "Mark this conversation read (m)",
             on(ConversationScreen.action_mark_read)),
            ("Help", "Every key (?)", self.action_help),
        ]  # fmt: skip
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
        yield from super().get_system_commands(screen)
