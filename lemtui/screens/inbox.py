"""The inbox screen: the user's conversations, latest activity first, pages loaded lazily.

Fetching happens in exclusive workers of the "inbox" group; what to fetch and whether an
answer still matters is decided by `lemtui.paging.InboxPager` (the same rules as the
message list). Enter asks the app to open the conversation; the screen stays alive under it,
so coming back (Esc) finds the highlight where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from lemtui.api import ApiError, InvalidContactIdError, LemlistClient, normalize_contact_id
from lemtui.models import InboxPage
from lemtui.paging import InboxPager, InboxRequest, LoadState
from lemtui.text import clean_line
from lemtui.widgets.inbox_list import STATUS_ID, InboxList

__all__ = ["InboxScreen"]


class InboxScreen(Screen[None]):
    """One user's inbox; Enter opens the highlighted conversation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="reload"),
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
        self.pager = InboxPager(user_id, page_size=page_size)
        self._generation = 0
        self._restore: str | None = None

    def compose(self) -> ComposeResult:
        """Header line, the notice shown instead of the list, the list, the footer."""
        with Horizontal(id="inbox-header"):
            yield Static(id="inbox-title", markup=False)
            yield Static(id="inbox-stats", markup=False)
        yield Static(id="inbox-notice", markup=False)
        yield InboxList(id="inbox", clock=self.clock, ascii_only=self.ascii_only)
        yield Footer()

    def on_mount(self) -> None:
        """Load the first page."""
        self.reload()

    @property
    def inbox_list(self) -> InboxList:
        """The list of conversations."""
        return self.query_one("#inbox", InboxList)

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Load the inbox again from the first page (the highlight returns to its contact)."""
        item = self.inbox_list.highlighted_item
        self._restore = item.contact_id if item is not None else None
        self.workers.cancel_group(self, "inbox")
        self._generation += 1
        self.pager = InboxPager(self.user_id, page_size=self.page_size, generation=self._generation)
        self.inbox_list.reset()
        self._show_notice(Text("Loading your inbox…", style="dim"))
        self._load_next()

    def _load_next(self) -> None:
        request = self.pager.start()
        if request is not None:
            self._start_fetch(request)

    def _start_fetch(self, request: InboxRequest) -> None:
        if self.pager.loaded:
            more = "..." if self.ascii_only else "…"
            self.inbox_list.set_status("loading", f"  loading more conversations{more}")
        self._update_header()
        self._fetch(request)

    @work(exclusive=True, group="inbox", exit_on_error=False)
    async def _fetch(self, request: InboxRequest) -> None:
        """Fetch one page; whatever happens ends as a row or a notice, never a crash."""
        try:
            page = await self.client.get_inbox(
                request.user_id, page=request.page, limit=request.limit
            )
        except ApiError as error:
            self._page_failed(request, clean_line(error.message))
        except Exception as error:  # a bug must not take the reader down
            self._page_failed(request, f"unexpected error ({type(error).__name__})")
        else:
            try:
                self._page_loaded(request, page)
            except Exception as error:  # e.g. a date no formatter can show: say so, go on
                self._page_broken(request, error)

    def _page_loaded(self, request: InboxRequest, page: InboxPage) -> None:
        pager = self.pager
        first = pager.pages_loaded == 0
        fresh = pager.finish(request, page)
        if fresh is None:
            return
        inbox = self.inbox_list
        inbox.append_items(fresh)
        if pager.complete:
            count = pager.loaded
            noun = "conversation" if count == 1 else "conversations"
            dash = "-" if self.ascii_only else "—"
            inbox.set_status("complete", f"  {dash} all {count} {noun} loaded {dash}")
        else:
            inbox.set_status(None)
        if first:
            self._first_page_shown()
        self._update_header()
        if pager.wants_more(inbox.highlighted):
            self._load_next()

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
        index = 0
        if self._restore:
            index = next(
                (i for i, item in enumerate(inbox.items) if item.contact_id == self._restore), 0
            )
            self._restore = None
        inbox.highlighted = index
        self.set_focus(inbox)

    def _page_broken(self, request: InboxRequest, error: Exception) -> None:
        """A page arrived but showing it raised: loading stops, r reloads from the top."""
        text = f"this page could not be shown ({type(error).__name__})"
        if self.pager.abandon(request, text):
            # Nothing shown yet if the notice ("Loading…") is still up: the failure replaces it.
            self._show_failure(text, first=self.has_class("-notice"))

    def _page_failed(self, request: InboxRequest, text: str) -> None:
        if self.pager.fail(request, text):
            self._show_failure(text, first=not self.pager.loaded)

    def _show_failure(self, text: str, *, first: bool) -> None:
        self._update_header()
        if first:
            self._show_notice(
                Text.assemble(
                    ("Could not load your inbox.\n\n", "bold"),
                    (text, ""),
                    "\n\n",
                    ("Press r to retry, or o to open a contact by ID or email.", "dim"),
                )
            )
            return
        warn = "!" if self.ascii_only else "⚠"
        self.inbox_list.set_status(
            "failed", f"  {warn} Could not load more conversations: {text} (r or Enter retries)"
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
        if pager.state is LoadState.LOADING and not pager.loaded:
            stats.append("loading…")
        else:
            unread = sum(1 for item in self.inbox_list.items if item.unread)
            if unread:
                stats.append(f"{unread} unread", style="bold")
                stats.append("  ·  ", style="dim")
            if pager.total is not None:
                stats.append(f"{pager.loaded} of {pager.total} loaded")
            else:
                stats.append(f"{pager.loaded} loaded")
        self.query_one("#inbox-title", Static).update(title)
        self.query_one("#inbox-stats", Static).update(stats)

    # ---------------------------------------------------------------- events

    def mark_read(self, contact_id: str) -> None:
        """Clear `contact_id`'s unread mark (its conversation was marked read)."""
        if self.inbox_list.mark_read(contact_id):
            updated = self.inbox_list.items
            for item in updated:
                if item.contact_id == contact_id:
                    self.pager.replace(item)
            self._update_header()

    @on(OptionList.OptionHighlighted, "#inbox")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.pager.wants_more(event.option_index):
            self._load_next()

    @on(OptionList.OptionSelected, "#inbox")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == STATUS_ID:
            self.action_reload()
            return
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
        """r: retry the page that failed, or load the inbox again from the top."""
        request = self.pager.retry()
        if request is not None:
            if not self.pager.loaded:
                self._show_notice(Text("Loading your inbox…", style="dim"))
            self._start_fetch(request)
            return
        self.reload()
