"""LemtuiApp: owns the client's lifetime, the screens and the global keys. Stays short.

With a user ID the inbox is the bottom screen and the conversation is pushed over it (Esc or
`i` pops it: both screens are installed, so neither loses its place). Without one, the
conversation screen is at the bottom. The contact prompt, the link prompt, the team picker
and the help are modals. Cancelling the first prompt does not quit: it leaves the empty
conversation screen, which says how to open a contact or quit (a cancelled prompt never costs
the user the app). That first prompt is drawn over the blank screen at the bottom of the stack
(`lemtui.tui.screens.start`); the conversation screen goes up once the prompt is answered or
closed, so the prompt's first frame waits for no screen under it.

The app keeps the reader live: one timer refreshes the shown list when it is due
(`lemtui.lemlist.live.RefreshSchedule`: every `refresh_seconds`, backing off after failures, paused
while a bulk load runs), a list shown again is refreshed when stale, and what arrives is
announced (bell or desktop notification, `notify`) and counted in the window title, both
written from counts only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.driver import Driver
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.timer import Timer

from lemtui.lemlist.live import (
    TITLE_POP,
    Announcements,
    RefreshSchedule,
)
from lemtui.local.config import Settings, default_export_dir, state_dir
from lemtui.local.recent import RecentContacts
from lemtui.text import clean_line
from lemtui.tui import glyphs as glyphs_module
from lemtui.tui.app_live import LiveMixin
from lemtui.tui.directory import Directory
from lemtui.tui.driver import lemtui_driver
from lemtui.tui.lead_actions import LeadDesk
from lemtui.tui.palette import LEAVING_A_REPLY, close_modals, palette_commands
from lemtui.tui.screens.list_screen import ListScreen
from lemtui.tui.screens.start import StartScreen
from lemtui.tui.textual_private import (
    CrashReportWithoutLocals,
    pace_screen_updates,
    write_to_terminal,
)
from lemtui.tui.typed_ahead import escape_then
from lemtui.tui.widgets.scrollbars import GlyphScrollBarRender

if TYPE_CHECKING:  # each screen is imported when it is first shown, not before the first frame
    from rich.text import Text

    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.inbox import Contact, TeamMember
    from lemtui.lemlist.leads import LeadCampaign, LeadCard
    from lemtui.local.drafts import DraftStore
    from lemtui.tui.cache_glue import CacheGlue
    from lemtui.tui.screens.conversation import ConversationScreen
    from lemtui.tui.screens.inbox import InboxScreen

__all__ = ["DEFAULT_THEME", "LemtuiApp"]

DEFAULT_THEME: Final = "nord"
WARM_UP_AFTER: Final = 0.5
"""Seconds after start (the first frame long drawn) to load the HTTP half in a thread, so
the first contact opened does not wait for it (the prompt is still being typed then)."""


def local_now() -> datetime:
    """The current local time, time zone included."""
    return datetime.now().astimezone()


def _state_dir_or_none() -> Path | None:
    """The state directory, or None when it cannot be found (no home directory)."""
    try:
        return state_dir()
    except (RuntimeError, KeyError, OSError):
        return None


def _lead_question(question: Text) -> Screen[bool]:
    from lemtui.tui.screens.lead_screens import LeadQuestion  # loaded on the first + - p

    return LeadQuestion(question)


def _picker(question: str, campaigns: Sequence[LeadCampaign]) -> Screen[str | None]:
    from lemtui.tui.screens.lead_screens import CampaignPicker

    return CampaignPicker(question, campaigns)


class LemtuiApp(LiveMixin, CrashReportWithoutLocals[None]):
    """The reader: a contact prompt, then that contact's conversation."""

    HELP_SECTION: ClassVar[str] = "Everywhere"
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
        Binding(
            "U", "team", "Team", show=False, id="team",
            tooltip="Read a teammate's inbox (the team's users)",
        ),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key (this help)"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit lemtui"),
    ]  # fmt: skip
    theme: Reactive[str] = Reactive(DEFAULT_THEME)
    """Textual's theme attribute, starting in lemtui's theme: the stylesheet is then parsed once,
    with its colours, instead of once more before the first frame (~9 ms) as setting it does."""

    def __init__(
        self,
        *,
        client: LemlistClient,
        settings: Settings,
        contact_id: str | None = None,
        state_dir: Path | None = None,
        cache: CacheGlue | None = None,
    ) -> None:
        """`state_dir` holds small state (recent contacts): the platform's state directory
        unless given (tests give a temporary one); none at all without a home directory."""
        pace_screen_updates()  # a key's frame is drawn at once, not on the second tick ahead
        super().__init__()
        self.client = client
        self.cache = cache  # the local cache, used by the list screens (`ListScreen.cached`)
        if cache is not None and settings.user_id and contact_id is None:
            cache.read_inbox_ahead(settings.user_id, settings.page_size)  # the inbox comes first
        self.settings = settings
        self.initial_contact = contact_id
        self.animation_level = "none"
        self.recent = RecentContacts(state_dir or _state_dir_or_none())
        """Recent contacts (off without a home directory)."""
        self.clock: Callable[[], datetime] = local_now
        """Where "now" comes from for list dates; snapshots pin it."""
        self.glyphs = glyphs_module.choose(configured=self.settings.ascii)
        """The one set of glyphs for this terminal, chosen at start (`lemtui.tui.glyphs`)."""
        if self.glyphs.ascii:  # app.tcss gives ASCII mode ASCII borders under this class
            self.add_class("-ascii")
        ScrollBar.renderer = GlyphScrollBarRender  # block characters only in Unicode mode
        self.keymap: dict[str, str] = {}
        """The key overrides in force (the config's `[keys]`, unknown names left out)."""
        self._conversation: ConversationScreen | None = None
        self._inbox: InboxScreen | None = None
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: no home directory); tests point it at a
        temporary directory."""
        self._drafts_base = state_dir or _state_dir_or_none()
        self._drafts: DraftStore | None = None
        self.live = RefreshSchedule(settings.refresh_seconds)
        """When the shown list refreshes next (tests hand its `clock` a fake)."""
        self.directory = Directory()
        """Names for campaign, teammate and mailbox IDs (loaded after the first frame)."""
        self.leads = LeadDesk(client, self.directory, question=_lead_question, picker=_picker)
        """Lead cards and the lead actions, shared by the inbox and the conversation."""
        self.leads.on_card.append(self._card_changed)
        self._names_asked = False
        self.live_tick_seconds = 1.0
        """How often the timer asks whether a refresh is due."""
        self.environ: Mapping[str, str] = os.environ
        """What the terminal says about itself (which notification escape it understands)."""
        self.announced = Announcements()
        theme = settings.theme or DEFAULT_THEME
        self._unknown_theme = "" if theme in self.available_themes else theme
        if not self._unknown_theme:
            self.theme = theme  # a configured theme: drawn from the first frame
        self._title: str | None = None
        self._live_timer: Timer | None = None

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform, with lemtui's terminal output in front of it
        (`lemtui.tui.driver`: ASCII in ASCII mode, shorter style changes)."""
        return lemtui_driver(super().get_driver_class())

    @property
    def drafts(self) -> DraftStore | None:
        """Replies kept until lemlist confirmed them (None: no home directory to keep them)."""
        if self._drafts is None and self._drafts_base is not None:
            from lemtui.local.drafts import FOLDER, DraftStore

            self._drafts = DraftStore(self._drafts_base / FOLDER)
        return self._drafts

    @property
    def conversation_screen(self) -> ConversationScreen:
        """The conversation screen, created (and its module imported) when first wanted."""
        if self._conversation is None:
            from lemtui.tui.screens.conversation import ConversationScreen

            screen = ConversationScreen(
                client=self.client,
                settings=self.settings,
                clock=self.clock,
            )
            screen.output.export_dir = self.export_dir
            screen.drafts = self.drafts
            screen.leads = self.leads
            screen.has_inbox = self._inbox is not None
            self._conversation = screen
            self.install_screen(screen, "conversation")
        return self._conversation

    @property
    def inbox_screen(self) -> InboxScreen | None:
        """The inbox screen, when a user ID is set."""
        return self._inbox

    def _apply_keymap(self) -> None:
        """Key overrides from the config's `[keys]`; unknown names are said, not fatal."""
        if self.settings.keys:
            from lemtui.tui.keymap import apply_config_keys

            self.keymap = apply_config_keys(self, self.settings.keys)

    async def on_mount(self) -> None:
        """Say if the theme is unknown, then show the inbox, the contact, or the prompt."""
        if self._unknown_theme:
            self.notify(
                f"Unknown theme {self._unknown_theme!r}; using {DEFAULT_THEME}.",
                severity="warning",
                markup=False,
            )
        self._apply_keymap()
        self.client.on_notice = self._client_notice
        self._start_live()
        self.set_timer(WARM_UP_AFTER, self._warm_up, name="warm up the HTTP client")
        email, contact = "", self.initial_contact
        if contact and "@" in contact:  # an email address: the prompt looks it up
            email, contact = contact, None
        if self.settings.user_id:
            await self.push_screen(self._make_inbox(self.settings.user_id))
            if contact:
                await self.push_screen(self.conversation_screen)
                self.conversation_screen.open_contact(contact)
            elif email:
                self.action_open_contact(email)
            return
        if contact:
            await self.push_screen(self.conversation_screen)
            self.conversation_screen.open_contact(contact)
        else:
            self.action_open_contact(email)

    def get_default_screen(self) -> Screen[Any]:
        """The blank screen at the bottom of the stack (the first prompt is drawn over it)."""
        return StartScreen()

    async def _leave_start(self) -> None:
        """When the blank start screen is shown, show the conversation screen over it."""
        if isinstance(self.screen, StartScreen):
            await self.push_screen(self.conversation_screen)

    async def on_start_screen_uncovered(self, event: StartScreen.Uncovered) -> None:
        """A modal closed over the start screen without opening a contact: the empty
        conversation screen goes up."""
        await self._leave_start()

    def _warm_up(self) -> None:
        if not self.client.warm:
            self.run_worker(self.client.warm_up(), group="warm-up", exit_on_error=False)

    async def on_key(self, event: events.Key) -> None:
        """Esc typed ahead of a key reaches the app as `alt+key` (one burst from the
        terminal): it is both keys, run now and in order (before any key typed after them),
        so "Esc j Enter" goes back to the list, moves down and opens the next message."""
        key = escape_then(event.key)
        if key is None:
            return
        event.stop()
        for typed in ("escape", key):
            active = self.screen.active_bindings.get(typed)
            if active is not None and active.enabled:
                await self.run_action(active.binding.action, active.node)
            elif typed != "escape":
                self.simulate_key(typed)  # not a key binding (a letter for a field)

    def _card_changed(self, card: LeadCard) -> None:
        if self.cache is not None:
            self.cache.keep_contact(card.raw)  # found again by a search, offline too
        if self._conversation is not None:
            self._conversation.card_changed(card)
        if self._inbox is not None and self._inbox.is_mounted:
            self._inbox.inbox_list.card_changed(card)

    async def _look_up_contact(self, id_or_email: str) -> Contact:
        """The contact with this address (the prompt's look-up), kept in the cache."""
        contact = await self.client.find_contact(id_or_email)
        if self.cache is not None:
            self.cache.keep_contact(contact.raw)
        return contact

    def lists_shown(self) -> None:
        """The first rows came from lemlist: ask once for the names they use (nothing is
        asked before the user asked for something)."""
        if not self._names_asked:
            self._names_asked = True
            self.run_worker(self._load_names(), group="names", exit_on_error=False)

    async def _load_names(self) -> None:
        """Campaign, teammate and mailbox names, once; the lists shown draw them. The names
        the cache kept come first (offline they are all there is); lemlist's replace them."""
        cache = self.cache
        if cache is not None and self.directory.restore(await cache.names()):
            self._names_changed()
        if await self.directory.load(self.client, self.settings.user_id):
            self._names_changed()
            if cache is not None:
                cache.keep_names(self.directory.snapshot())

    def _names_changed(self) -> None:
        self.leads.renamed()
        for screen in self.screen_stack:
            if isinstance(screen, ListScreen) and screen.is_mounted:
                screen.names_changed()

    def _client_notice(self, text: str) -> None:
        """Something the client wants said once (extra items dropped, paging stopped)."""
        self.notify(clean_line(text), title="lemlist", severity="warning", markup=False)

    async def on_unmount(self) -> None:
        """Give the terminal its title back; close the HTTP client's connections."""
        if self._title is not None:
            write_to_terminal(self, TITLE_POP)
        await self.client.aclose()

    def _make_inbox(self, user_id: str, label: str = "") -> InboxScreen:
        """Create and install the inbox screen (at start, or when `U` picks a teammate)."""
        from lemtui.tui.screens.inbox import InboxScreen

        inbox = InboxScreen(
            client=self.client,
            user_id=user_id,
            page_size=self.settings.page_size,
            clock=self.clock,
            own_user_id=self.settings.user_id or "",
            directory=self.directory,
        )
        inbox.user_label = "" if inbox.mine else clean_line(label)
        self._inbox = inbox
        if self._conversation is not None:
            self._conversation.has_inbox = True
        self.install_screen(inbox, "inbox")
        return inbox

    def on_conversation_screen_opened(self, event: ConversationScreen.Opened) -> None:
        """A conversation loaded: remember its contact for the prompt."""
        self.recent.add(event.contact_id)

    def on_conversation_screen_marked_read(self, event: ConversationScreen.MarkedRead) -> None:
        """A conversation was marked read: clear its unread mark in the inbox."""
        if self._inbox is not None:
            self._inbox.mark_read(event.contact_id)
            self._update_title()

    def on_conversation_screen_step(self, event: ConversationScreen.Step) -> None:
        """`]`/`[`: open the next or previous conversation of the inbox in place."""
        inbox = self._inbox
        if inbox is None:
            return
        contact = event.contact_id
        for _ in range(50):  # past conversations that cannot be opened
            item = inbox.neighbour(contact, event.step)
            if item is None:
                break
            contact_id = inbox.contact_of(item, quiet=True)
            if contact_id is not None:
                self.conversation_screen.open_contact(
                    contact_id, name=item.contact_name, email=item.contact_email
                )
                return
            contact = item.contact_id
        if event.step > 0 and inbox.more_to_load():
            self.notify("Loading more conversations: press ] again.", markup=False)
        else:
            where = "last" if event.step > 0 else "first"
            self.notify(f"This is the {where} conversation of the inbox.", markup=False)

    def on_conversation_screen_leave(self, event: ConversationScreen.Leave) -> None:
        """Esc on the message list: back to the inbox."""
        self.action_inbox()

    async def on_inbox_screen_open_conversation(self, event: InboxScreen.OpenConversation) -> None:
        """Enter on the inbox: read that conversation."""
        await self._show_conversation(event.contact_id, name=event.name, email=event.email)
        if event.reply:
            self.conversation_screen.reply_to_newest()

    async def _show_conversation(self, contact_id: str, *, name: str = "", email: str = "") -> None:
        close_modals(self)
        await self._leave_start()
        screen = self.conversation_screen
        if self.screen is not screen:
            await self.push_screen(screen)  # composed on first push: wait for it
        current = screen.pager
        if current is None or current.contact_id != contact_id or current.error:
            screen.open_contact(contact_id, name=name, email=email)

    def action_inbox(self) -> None:
        """i: go to your inbox (from the conversation, a prompt, the help or a teammate's)."""
        if self._inbox is None:
            self.notify(
                "The inbox needs your lemlist user ID: pass --user-id or set LEMLIST_USER_ID.",
                title="Inbox",
                severity="warning",
                markup=False,
            )
            return
        close_modals(self)
        if self.screen is self._conversation:
            self.pop_screen()
        own = self.settings.user_id
        if own and self._inbox.user_id != own:  # a teammate's inbox: back to yours
            self._inbox.open_user(own)
            self._update_title()

    def action_open_contact(self, email: str = "") -> None:
        """o: ask for a contact (ID or email) and open it (`email`: looked up at once)."""
        from lemtui.tui.screens.contact_prompt import ContactPrompt

        if isinstance(self.screen, ContactPrompt):
            return
        close_modals(self)
        suggestions: tuple[tuple[str, str], ...] = ()
        if self.settings.demo:
            from lemtui.demo.fake_api import DEMO_CONTACTS

            suggestions = DEMO_CONTACTS
        if self.screen is self._inbox:
            back = "the inbox"
        elif self._conversation is not None and self._conversation.pager is not None:
            back = "the conversation"
        else:
            back = ""
        prompt = ContactPrompt(
            recent=self.recent.load(),
            names=self._known_names(),
            suggestions=suggestions,
            can_cancel_to=back,
            lookup=self._look_up_contact,
            inbox_hint=not self.settings.user_id,
            email=email,
        )
        self.push_screen(prompt, self._contact_chosen)

    def _known_names(self) -> dict[str, str]:
        """Who each contact is, as far as the inbox rows and the lead cards seen say (for the
        prompt's recent contacts: an ID alone says nothing)."""
        names: dict[str, str] = {}
        if self._inbox is not None:
            for item in self._inbox.inbox_list.items:
                label = item.contact_name or item.contact_email
                if label and item.contact_id:
                    names.setdefault(item.contact_id, label)
            for contact_id, card in self._inbox.inbox_list.cards.items():
                if card.full_name or card.email:
                    names[contact_id] = card.full_name or card.email
        return names

    async def _contact_chosen(self, contact_id: str | None) -> None:
        if contact_id:
            await self._show_conversation(contact_id)
        else:
            await self._leave_start()

    def action_team(self) -> None:
        """U: pick a user of the team and read their inbox."""
        from lemtui.tui.screens.team_picker import TeamPicker

        if isinstance(self.screen, TeamPicker):
            return
        close_modals(self)
        picker = TeamPicker(
            self.client.get_team,
            own_user_id=self.settings.user_id or "",
            shown_user_id=self._inbox.user_id if self._inbox is not None else "",
        )
        self.push_screen(picker, self._team_chosen)

    async def _team_chosen(self, member: TeamMember | None) -> None:
        if member is None:
            return
        close_modals(self)
        if self._inbox is None:
            inbox = self._make_inbox(member.user_id, member.label)
            if self.screen is self._conversation:
                await self.switch_screen(inbox)
            else:
                await self.push_screen(inbox)
            return
        if self.screen is self._conversation:
            self.pop_screen()
        if member.user_id != self._inbox.user_id:
            self._inbox.open_user(member.user_id, member.label)
        self._update_title()

    def action_command_palette(self) -> None:
        """Textual's palette, its placeholder written with our glyphs (ASCII mode has no "…")."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            placeholder = f"Search for commands{self.glyphs.ellipsis}"
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    async def action_quit(self) -> None:
        """q (and ctrl+q, which reaches even the editor): quit, after a question when a reply
        is being written or typed text could not be saved (`ReplyQuestion.before_quit`), or
        when the demo, which keeps nothing, holds a reply not sent."""
        from lemtui.tui.reply.question import ReplyQuestion

        question = ReplyQuestion.before_quit(self.screen_stack)
        if question is None and self.settings.demo and self.exit_note():
            question = ReplyQuestion.quit_demo()  # its drafts go with its temporary folder
        if question is None:
            self.exit()
        else:
            self.push_screen(question, lambda yes: self.exit() if yes else None)

    def exit_note(self) -> list[str]:
        """The lines said on stderr once the screen is given back (replies kept this run)."""
        if self._drafts is None:
            return []
        from lemtui.local.draft_listing import exit_note

        return exit_note(self._drafts)

    def action_help(self) -> None:
        """?: show every key."""
        from lemtui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a reply is open, `o`, `i` and `U` would leave its screens: they wait."""
        return not (action in LEAVING_A_REPLY and self._replying())

    def _replying(self) -> bool:
        return self._conversation is not None and self._conversation.replying

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and the help write it; in ASCII mode by its name where Textual
        would draw a symbol (`⏎` → `enter`)."""
        shown = super().get_key_display(binding)
        if self.glyphs.ascii and not shown.isascii():
            return binding.key
        return shown

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands (ctrl+p): ours, from the live bindings (`lemtui.tui.palette`),
        and Textual's theme picker; not Textual's others (a second Quit, its own key panel)."""
        yield from palette_commands(self, screen, self._conversation, self.keymap)
        yield SystemCommand(
            "Theme",
            "Pick a colour theme (theme = in the config keeps it)",
            self.action_change_theme,
        )
