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
from typing import Any, ClassVar, Final

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from lemtui.api import LemlistClient
from lemtui.commands import binding_ids, key_commands, keys_label
from lemtui.config import Settings, state_dir
from lemtui.display import detect_ascii_only
from lemtui.drafts import FOLDER as DRAFTS_FOLDER
from lemtui.drafts import DraftStore
from lemtui.output import default_export_dir
from lemtui.recent import RecentContacts
from lemtui.screens.contact_prompt import ContactPrompt
from lemtui.screens.conversation import ConversationScreen
from lemtui.screens.help import HelpScreen
from lemtui.screens.inbox import InboxScreen
from lemtui.screens.reply_review import ReplyReviewScreen
from lemtui.text import clean_line

__all__ = ["DEFAULT_THEME", "LemtuiApp"]

DEFAULT_THEME: Final = "nord"


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
        Binding(
            "o", "open_contact", "Open", id="open_contact",
            tooltip="Open a contact's conversation (ID or email address)",
        ),
        Binding(
            "i", "inbox", "Inbox", show=False, id="inbox",
            tooltip="Your inbox, latest activity first (needs a user ID)",
        ),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key (this help)"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit lemtui"),
    ]  # fmt: skip

    def __init__(
        self,
        *,
        client: LemlistClient,
        settings: Settings,
        contact_id: str | None = None,
        state_dir: Path | None = None,
    ) -> None:
        """`state_dir` holds small state (recent contacts): the platform's state directory
        unless given (tests give a temporary one); none at all without a home directory."""
        super().__init__()
        self.client = client
        self.settings = settings
        self.initial_contact = contact_id
        self.animation_level = "none"
        self.recent = RecentContacts(state_dir or _state_dir_or_none())
        """Recent contacts (off without a home directory)."""
        self.clock: Callable[[], datetime] = local_now
        """Where "now" comes from for list dates; snapshots pin it."""
        self.ascii_only = detect_ascii_only()
        self.keymap: dict[str, str] = {}
        """The key overrides in force (the config's `[keys]`, unknown names left out)."""
        self._conversation: ConversationScreen | None = None
        self._inbox: InboxScreen | None = None
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: no home directory); tests point it at a
        temporary directory."""
        drafts_base = state_dir or _state_dir_or_none()
        self.drafts = DraftStore(drafts_base / DRAFTS_FOLDER) if drafts_base else None
        """Replies kept until lemlist confirmed them (None: no home directory to keep them)."""

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

    @property
    def conversation_screen(self) -> ConversationScreen:
        """The conversation screen (created on mount)."""
        assert self._conversation is not None, "the app is not running"
        return self._conversation

    @property
    def inbox_screen(self) -> InboxScreen | None:
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
        self.keymap = keys
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
        self.client.on_notice = self._client_notice
        self._conversation = ConversationScreen(
            client=self.client, settings=self.settings, clock=self.clock, ascii_only=self.ascii_only
        )
        self._conversation.export_dir = self.export_dir
        self._conversation.drafts = self.drafts
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

    def _client_notice(self, text: str) -> None:
        """Something the client wants said once (extra items dropped, paging stopped)."""
        self.notify(clean_line(text), title="lemlist", severity="warning", markup=False)

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
        screen = self.conversation_screen
        if self.screen is not screen:
            await self.push_screen(screen)  # composed on first push: wait for it
        current = screen.conversation
        if current is None or current.contact_id != contact_id or current.error:
            screen.open_contact(contact_id)

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
        elif self.conversation_screen.conversation is not None:
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
            self.push_screen(HelpScreen(self.keymap))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a reply is open, `o` and `i` would leave its screens: they wait."""
        return not (action in ("open_contact", "inbox") and self._replying())

    def _replying(self) -> bool:
        return self._conversation is not None and self._conversation.replying

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Our commands first in the palette (ctrl+p), from the live bindings; then Textual's.

        The app's own, the shown screen's, and the conversation's from elsewhere when one is
        open (running one shows the conversation first). While a reply is open, only the app's
        and the shown screen's, without `o` and `i`.
        """
        conversation = self.conversation_screen
        for command in key_commands(self.keymap):
            owner = command.owner
            target: LemtuiApp | Screen[object] | Screen[None] | None = None
            if owner is LemtuiApp:
                target = self
            elif owner is type(screen) and owner in (
                InboxScreen,
                ConversationScreen,
                ReplyReviewScreen,
            ):
                target = screen
            elif owner is ConversationScreen and conversation.conversation is not None:
                target = conversation
            if target is None or (self._replying() and target not in (self, screen)):
                continue  # a reply's screens are in front: nothing may push others over them
            if self._replying() and command.action in ("open_contact", "inbox"):
                continue
            help_text = f"{command.help} ({keys_label(command, self)})"
            yield SystemCommand(command.title, help_text, self._runner(target, command.action))
        yield from super().get_system_commands(screen)

    def _runner(
        self, target: LemtuiApp | Screen[object] | Screen[None], action: str
    ) -> Callable[[], None]:
        """A palette callback running `action` on `target`, shown first if it is a screen."""

        def run() -> None:
            if isinstance(target, Screen) and self.screen is not target:
                self._close_modals()
                if self.screen is not target:
                    self.push_screen(target)
            self.call_later(target.run_action, action)

        return run
