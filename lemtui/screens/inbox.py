"""The inbox screen: the user's conversations, latest activity first, pages loaded lazily.

The inbox list loads its own pages (`lemtui.widgets.paged_list`, the same rules as the message
list); this screen shows the header and notices and asks the app to open a conversation on
Enter. It stays alive under the conversation, so coming back (Esc) finds the highlight where
it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from lemtui.api import InvalidContactIdError, LemlistClient, normalize_contact_id
from lemtui.display import error_text, failure_notice, loaded_stats
from lemtui.models import InboxPage
from lemtui.paging import InboxPager, InboxRequest, LoadState
from lemtui.text import clean_line
from lemtui.widgets.header_bar import HeaderBar
from lemtui.widgets.inbox_list import InboxList
from lemtui.widgets.paged_list import PagedList

__all__ = ["InboxScreen"]

FAILURE_KEYS: Final = "Press r to retry, or o to open a contact by ID or email."


class InboxScreen(Screen[None]):
    """One user's inbox; Enter opens the highlighted conversation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r", "reload", "Reload", id="reload", tooltip="Load what is new, or retry what failed"
        ),
    ]

    class OpenConversation(TextualMessage):
        """The user chose a conversation to read."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    def __init__(
        self,
        *,
        client: LemlistClient,
        user_id: str,
        page_size: int,
        clock: Callable[[], datetime],
        ascii_only: bool = False,
    ) -> None:
        super().__init__()
        self.client = client
        self.user_id = user_id
        self.page_size = page_size
        self.clock = clock
        self.ascii_only = ascii_only

    def compose(self) -> ComposeResult:
        """Header line, the notice shown instead of the list, the list, the footer."""
        yield HeaderBar(id="inbox-header")
        yield Static(id="inbox-notice", markup=False)
        yield InboxList(id="inbox", clock=self.clock, ascii_only=self.ascii_only)
        yield Footer()

    def on_mount(self) -> None:
        """Load the first page."""
        self._show_notice(Text("Loading your inbox…", style="dim"))
        self.inbox_list.open(InboxPager(self.user_id, self._fetch_page, page_size=self.page_size))

    async def _fetch_page(self, request: InboxRequest) -> InboxPage:
        return await self.client.get_inbox(request.user_id, page=request.page, limit=request.limit)

    @property
    def inbox_list(self) -> InboxList:
        """The list of conversations."""
        return self.query_one("#inbox", InboxList)

    @property
    def pager(self) -> InboxPager:
        """What is loaded and what to load next."""
        pager = self.inbox_list.pager
        assert isinstance(pager, InboxPager), "the inbox is opened on mount"
        return pager

    # ---------------------------------------------------------------- loading

    @on(PagedList.LoadStarted, "#inbox")
    def _load_started(self) -> None:
        self._update_header()

    @on(PagedList.PageArrived, "#inbox")
    def _page_arrived(self, event: PagedList.PageArrived) -> None:
        if event.first or self.has_class("-notice"):
            self._first_page_shown()
        self._update_header()

    def _first_page_shown(self) -> None:
        if not self.pager.loaded:
            self._show_notice(
                Text.assemble(
                    ("Your inbox is empty.\n\n", "bold"),
                    "Press o to open a contact by ID or email, r to reload.",
                )
            )
            return
        self.remove_class("-notice")
        inbox = self.inbox_list
        if inbox.highlighted is None:
            inbox.highlighted = 0
        self.set_focus(inbox)

    @on(PagedList.LoadFailed, "#inbox")
    def _load_failed(self, event: PagedList.LoadFailed) -> None:
        self._update_header()
        if event.refresh:
            self.notify(
                error_text(event.error), title="Reload failed", severity="warning", markup=False
            )
        elif event.first:
            self._show_notice(
                failure_notice("Could not load your inbox.", event.error, FAILURE_KEYS)
            )

    def _show_notice(self, text: Text) -> None:
        self.query_one("#inbox-notice", Static).update(text)
        self.add_class("-notice")

    def _update_header(self) -> None:
        title = Text(no_wrap=True, overflow="ellipsis", end="")
        title.append("Inbox", style="bold")
        title.append(f"  {clean_line(self.user_id)}", style="dim")
        stats = Text(no_wrap=True, end="")
        pager = self.pager
        unread = sum(1 for item in pager.items if item.unread)
        if unread:
            stats.append(f"{unread} unread", style="bold")
            stats.append("  ·  ", style="dim")
        stats.append_text(
            loaded_stats(
                pager.loaded,
                pager.total,
                loading=pager.state is LoadState.LOADING,
                refreshing=pager.refreshing,
            )
        )
        self.query_one(HeaderBar).show(title, stats)

    # ---------------------------------------------------------------- events

    def mark_read(self, contact_id: str) -> None:
        """Clear `contact_id`'s unread mark (its conversation was marked read)."""
        if self.inbox_list.mark_read(contact_id):
            self._update_header()

    @on(OptionList.OptionSelected, "#inbox")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        item = self.inbox_list.item_at(event.option_index)
        if item is None or not item.contact_id:
            return
        try:
            contact_id = normalize_contact_id(item.contact_id)
        except InvalidContactIdError:  # the service sent something no contact ID looks like
            self.notify(
                "This conversation has no valid contact ID: it cannot be opened.",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(self.OpenConversation(contact_id))

    def action_reload(self) -> None:
        """r: retry the page that failed, or load what is new (nothing loaded is cleared)."""
        if not self.inbox_list.reload():
            if self.pager.refreshing:
                self.notify("Already reloading.", markup=False)
            return
        if not self.pager.loaded:
            self._show_notice(Text("Loading your inbox…", style="dim"))
        self._update_header()
