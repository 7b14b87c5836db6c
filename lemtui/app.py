"""LemtuiApp: owns the client's lifetime, the screens and the global keys. Stays short.

The conversation screen is always at the bottom of the stack; the contact prompt and the
help are modals over it. Cancelling the first prompt does not quit: it leaves the empty
conversation screen, which says how to open a contact or quit (a cancelled prompt never
costs the user the app).
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
from lemtui.recent import RecentContacts
from lemtui.screens.contact_prompt import ContactPrompt
from lemtui.screens.conversation import ConversationScreen
from lemtui.screens.help import HelpScreen
from lemtui.widgets.formatting import ascii_only

__all__ = ["DEFAULT_THEME", "LemtuiApp"]

DEFAULT_THEME: Final = "nord"


def local_now() -> datetime:
    """The current local time, time zone included."""
    return datetime.now().astimezone()


class LemtuiApp(App[None]):
    """The reader: a contact prompt, then that contact's conversation."""

    CSS_PATH = "app.tcss"
    TITLE = "lemtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open_contact", "Open"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
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
        self.recent = RecentContacts(state_dir())
        """Recent contacts; tests point it at a temporary directory before running."""
        self.clock: Callable[[], datetime] = local_now
        """Where "now" comes from for list dates; snapshots pin it."""
        self.ascii_only = ascii_only()
        self._conversation: ConversationScreen | None = None

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

    async def on_mount(self) -> None:
        """Apply the theme, show the conversation screen, then the prompt or the contact."""
        theme = self.settings.theme or DEFAULT_THEME
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.theme = DEFAULT_THEME
            self.notify(
                f"Unknown theme {theme!r}; using {DEFAULT_THEME}.", severity="warning", markup=False
            )
        self._conversation = ConversationScreen(
            client=self.client, settings=self.settings, clock=self.clock, ascii_only=self.ascii_only
        )
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

    def action_open_contact(self) -> None:
        """o: ask for a contact and open it."""
        if isinstance(self.screen, ContactPrompt):
            return
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        suggestions: tuple[tuple[str, str], ...] = ()
        if self.settings.demo:
            from lemtui.fake_api import DEMO_CONTACTS

            suggestions = DEMO_CONTACTS
        current = self.conversation.conversation
        prompt = ContactPrompt(
            recent=self.recent.load(),
            suggestions=suggestions,
            can_cancel_to=current.contact_id if current else "",
        )
        self.push_screen(prompt, self._contact_chosen)

    def _contact_chosen(self, contact_id: str | None) -> None:
        if contact_id:
            self.conversation.open_contact(contact_id)

    def action_help(self) -> None:
        """?: show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Our commands first in the palette (ctrl+p), then Textual's own."""
        yield SystemCommand(
            "Open contact", "Read another contact's conversation (o)", self.action_open_contact
        )
        yield SystemCommand(
            "Reload", "Reload the conversation, or retry what failed (r)", self._reload
        )
        yield SystemCommand(
            "Toggle quotes", "Unfold or fold quoted text and signatures (z)", self._toggle_quotes
        )
        yield SystemCommand("Mark as read", "Mark this conversation read (m)", self._mark_read)
        yield SystemCommand("Help", "Every key (?)", self.action_help)
        yield from super().get_system_commands(screen)

    def _reload(self) -> None:
        self.conversation.action_reload()

    def _toggle_quotes(self) -> None:
        self.conversation.action_toggle_quotes()

    def _mark_read(self) -> None:
        self.conversation.action_mark_read()
