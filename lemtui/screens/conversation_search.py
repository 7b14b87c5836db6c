"""Search and filter over what is loaded, for the conversation screen.

`SearchMixin` owns `/` (search subjects and bodies; bodies are rendered for the index in a
thread, see `lemtui.search`), n/N (hit to hit), `f` (cycle the message filter) and `L` (load
every page, then search again). It is mixed into `ConversationScreen`, which keeps the state
these read (the conversation, the search and its index) and the loading they start.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from lemtui.models import Message
from lemtui.paging import Conversation, LoadState
from lemtui.render import RenderedBody
from lemtui.screens.conversation_output import render_cached
from lemtui.search import SearchIndex, SearchResult, find_hits, step_hit
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.widgets.message_detail import MessageDetail
    from lemtui.widgets.message_list import MessageList

__all__ = ["SearchMixin"]


class SearchMixin(Screen[None]):
    """Search (`/`, n/N), filter (`f`) and load-all (`L`) for `ConversationScreen`."""

    # Set and kept by ConversationScreen.
    conversation: Conversation | None
    ascii_only: bool
    search: SearchResult | None
    search_index: SearchIndex
    _generation: int
    _anchor: Message | None
    _stand_in: Message | None
    _load_all: bool

    if TYPE_CHECKING:  # provided by ConversationScreen

        @property
        def message_list(self) -> MessageList: ...

        @property
        def detail(self) -> MessageDetail: ...

        @property
        def reading(self) -> bool: ...

        def _update_header(self) -> None: ...

        def _load_next(self) -> None: ...

        def _virtual_index(self, row: int | None) -> int | None: ...

        def action_reload(self) -> None: ...

    @property
    def search_input(self) -> Input:
        """The search field (shown by `/`)."""
        return self.query_one("#search", Input)

    @property
    def searching(self) -> bool:
        """True while the search field is open."""
        return self.has_class("-searching")

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
            rendered.append((message, render_cached(message, cached)))
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
