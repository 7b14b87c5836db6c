"""The app's live half: one timer refreshes the shown list when it is due, a list shown again
is refreshed when stale, and what arrives is announced (bell or desktop notification) and
counted in the window title. Mixed into `LemtuiApp`, which owns the screens it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.css.query import NoMatches
from textual.timer import Timer

from lemtui.lemlist.live import (
    BEL,
    TITLE_PUSH,
    Announcements,
    RefreshSchedule,
    desktop_sequence,
    title_sequence,
)
from lemtui.local.config import Settings
from lemtui.tui.glyphs import Glyphs
from lemtui.tui.screens.list_screen import ListScreen
from lemtui.tui.textual_private import write_to_terminal

if TYPE_CHECKING:
    from lemtui.tui.screens.conversation import ConversationScreen
    from lemtui.tui.screens.inbox import InboxScreen
    from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["LiveMixin"]


class LiveMixin(App[None]):
    """Refreshing, announcing and the window title (see the module's doc)."""

    live: RefreshSchedule
    live_tick_seconds: float
    announced: Announcements
    settings: Settings
    environ: Mapping[str, str]
    glyphs: Glyphs
    clock: Callable[[], datetime]
    _conversation: ConversationScreen | None
    _inbox: InboxScreen | None
    _title: str | None
    _live_timer: Timer | None

    @property
    def conversation_screen(self) -> ConversationScreen:
        raise NotImplementedError

    def lists_shown(self) -> None:
        """A list has rows from lemlist (the app then asks for the names they use)."""

    # ----------------------------------------------------------------- live

    def _start_live(self) -> None:
        """Start the refresh timer (unless refreshing is off) and set the window title."""
        self._update_title()
        if self.live.enabled:
            self._live_timer = self.set_interval(self.live_tick_seconds, self.live_tick)

    def _live_screen(self) -> ListScreen | None:
        """The inbox or conversation the user sees (under any modal), if either."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ListScreen):
                return screen
            if not screen.is_modal:
                return None
        return None

    @staticmethod
    def _list_of(screen: ListScreen | None) -> PagedList[Any] | None:
        """`screen`'s live list, None while the screen is not composed (or torn down)."""
        if screen is None or not screen.is_mounted:
            return None
        try:
            return screen.live_list
        except NoMatches:
            return None

    def _bulk_loading(self) -> bool:
        """True while a bulk load (`L`) runs in either list: refreshes wait for it."""
        lists = (self._list_of(self._conversation), self._list_of(self._inbox))
        return any(paged is not None and paged.loading_all for paged in lists)

    def live_tick(self) -> None:
        """The timer: refresh the shown list when it is due (never two at once, never
        during a bulk load, not at all for a screen that is not shown)."""
        screen = self._live_screen()
        paged = self._list_of(screen)
        if screen is None or paged is None or not self.live.enabled or self._bulk_loading():
            return
        if paged.pager is None or paged.pager.refreshing:
            return
        if self.live.due(paged):
            screen.refresh_live(timed=True)

    def _shown_again(self, screen: ListScreen) -> None:
        paged = self._list_of(screen)
        if paged is None or paged.pager is None or paged.pager.refreshing:
            return
        if not self._bulk_loading() and self.live.due_on_show(paged):
            screen.refresh_live(timed=True)

    def on_inbox_screen_shown(self, event: InboxScreen.Shown) -> None:
        """The inbox is shown again: refresh it if it is stale."""
        if self._inbox is not None:
            self._shown_again(self._inbox)

    def on_conversation_screen_shown(self, event: ConversationScreen.Shown) -> None:
        """The conversation is shown again: refresh it if it is stale."""
        self._shown_again(self.conversation_screen)

    def on_paged_list_page_arrived(self, event: PagedList.PageArrived) -> None:
        """A list got its first page or a refresh: it is fresh; announce what arrived."""
        self.lists_shown()
        arrival = event.arrival
        if event.first or arrival.refresh:
            recovered = self.live.backing_off
            self.live.answered(event.paged_list)
            if recovered:
                self._set_live_note(Text())
        if arrival.refresh and arrival.arrived:
            paged = event.paged_list
            news = self.announced.news(
                paged.activity(item) for item in arrival.arrived if paged.notable(item)
            )
            if news:
                self._announce(news)
        self._update_title()

    def on_paged_list_load_failed(self, event: PagedList.LoadFailed) -> None:
        """A refresh failed: back off, and say so calmly in the header (no notice)."""
        if not event.refresh:
            return
        retry_after = getattr(event.error, "retry_after", None)
        wait = self.live.failed(retry_after if isinstance(retry_after, int | float) else None)
        reason = getattr(event.error, "title", "") or "Refresh failed"
        warn = self.glyphs.warn
        if self.live.enabled:
            at = (self.clock() + timedelta(seconds=wait)).strftime("%H:%M")
            note = Text(f"{warn} {reason}, retry {at}", style="bold")
        else:
            note = Text(f"{warn} {reason}", style="bold")
        self._set_live_note(note)

    def on_paged_list_unseen(self, event: PagedList.Unseen) -> None:
        """What is new since the user looked changed: the title may count it."""
        self._update_title()

    def _set_live_note(self, note: Text) -> None:
        for screen in (self._inbox, self._conversation):
            if screen is not None and screen.is_mounted:
                screen.set_live_note(note)

    def _announce(self, count: int) -> None:
        """Ring the bell or send a desktop notification, as `notify` says (once per batch)."""
        mode = self.settings.notify
        if mode == "none":
            return
        sequence = desktop_sequence(count, self.environ) if mode == "desktop" else None
        write_to_terminal(self, sequence or BEL)

    def _update_title(self) -> None:
        """The window title with the unread count: the inbox's unread conversations, or
        without an inbox, the conversation's new messages. Written only when it changes."""
        inbox = self._list_of(self._inbox)
        conversation = self._list_of(self._conversation)
        if inbox is not None and inbox.pager is not None:
            count = sum(1 for item in inbox.pager.items if item.unread)
        elif conversation is not None:
            count = len(conversation.unseen)
        else:
            count = 0
        title = title_sequence(count)
        if title == self._title:
            return
        if self._title is None:
            title = TITLE_PUSH + title  # saved, and given back on exit
        self._title = title_sequence(count)
        write_to_terminal(self, title)
