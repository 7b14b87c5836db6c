"""The conversation's search bar: a field that opens on `/`, a status line, and the search.

The bar owns its keys (Enter searches, Esc closes) and the search itself: the bodies not yet
indexed are rendered in a thread (`lemtui.mail.search` keeps their text), then matched. It says
what happened with messages (`Searched`, `Closed`); the screen moves the highlight and marks
the hits. The status line under the list shows the last search (or, while `L` runs, the
loading progress the screen hands it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message as TextualMessage
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from lemtui.lemlist.messages import Message
from lemtui.mail.search import SearchIndex, SearchResult, find_hits
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs

if TYPE_CHECKING:  # bodies are rendered for a search, not before
    from lemtui.mail.render import RenderedBody

__all__ = ["SearchBar"]

BodyLookup: TypeAlias = "Callable[[Message], RenderedBody | None]"


class SearchBar(Vertical):
    """`/` search over the loaded messages: the field, the status line, the index."""

    HELP_SECTION: ClassVar[str] = "Search field (Enter searches)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False, tooltip="Close the search field"),
    ]

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
    }
    SearchBar > #search {
        display: none;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    SearchBar > #search:focus {
        border: none;
    }
    SearchBar.-open > #search {
        display: block;
    }
    SearchBar > #search-status {
        display: none;
        height: 1;
        padding: 0 1;
        background: $panel;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SearchBar.-shown > #search-status {
        display: block;
    }
    SearchBar.-open > #search-status {
        display: none;
    }
    """

    class Searched(TextualMessage):
        """A search finished: `result` has the hits (rows of the list); `jump` when the
        highlight should go to the next hit."""

        def __init__(self, result: SearchResult, jump: bool) -> None:
            super().__init__()
            self.result = result
            self.jump = jump

    class Submitted(TextualMessage):
        """Enter with a query: the screen runs `search` over what it shows."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(TextualMessage):
        """The field closed (Esc, or Enter); the screen puts the focus back."""

    class Cleared(TextualMessage):
        """An empty query was submitted: the search is over."""

    def __init__(
        self,
        *,
        placeholder: str = "search subjects and bodies (Enter, Esc cancels)",
        nouns: tuple[str, str] = ("message", "messages"),
        id: str | None = None,
    ) -> None:
        """`placeholder` says what is searched; `nouns` name one and several of it."""
        super().__init__(id=id)
        self.placeholder = placeholder
        self.nouns = nouns
        self.result: SearchResult | None = None
        """The last search, if any."""
        self._pending = ""
        """The query of a search still indexing bodies ("" when none)."""
        self.index = SearchIndex()
        self._generation = 0
        self._field: Input | None = None

    def compose(self) -> ComposeResult:
        """The status line; the field comes on the first `/` (a screen's first frame does not
        compose, style and lay out a hidden Input)."""
        yield Static(id="search-status", markup=False)

    @property
    def field(self) -> Input:
        """The search field (made, hidden, on first use)."""
        if self._field is None:
            self._field = Input(placeholder=self.placeholder, id="search")
            self._field.cursor_blink = False
            self.mount(self._field, before=0)
        return self._field

    @property
    def is_open(self) -> bool:
        """True while the field is open."""
        return self.has_class("-open")

    def open(self) -> None:
        """Open the field (with the last query) and focus it."""
        if self.result is not None:
            self.field.value = self.result.query
        self.add_class("-open")
        self.field.focus()

    def action_close(self) -> None:
        """Esc: close the field, keeping the last search."""
        self.remove_class("-open")
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the field: search (an empty query ends the search)."""
        if event.input is not self._field:
            return
        event.stop()
        query = clean_line(event.value)
        self.action_close()
        if query:
            self.post_message(self.Submitted(query))
        else:
            self.reset()
            self.post_message(self.Cleared())

    @property
    def current_query(self) -> str:
        """The latest search's query, finished or still running ("" when there is none)."""
        if self._pending:
            return self._pending
        return self.result.query if self.result is not None else ""

    def reset(self) -> None:
        """Forget the search and the index (another contact is opened)."""
        self._generation += 1
        self.workers.cancel_group(self, "search")
        self._pending = ""
        self.result = None
        self.index = SearchIndex()
        self.remove_class("-shown")

    def clear(self) -> None:
        """Forget the search and say so (`Cleared`): the status line goes."""
        self.reset()
        self.post_message(self.Cleared())

    def show_status(self, text: Text) -> None:
        """Show `text` on the status line."""
        self.query_one("#search-status", Static).update(text)
        self.add_class("-shown")

    def search(
        self,
        query: str,
        messages: Sequence[Message],
        cached: BodyLookup,
        *,
        searched: int,
        total: int | None,
        complete: bool,
        jump: bool = True,
    ) -> None:
        """Search `messages` (the rows shown) for `query`; bodies not indexed yet are rendered
        in a thread first. Ends with `Searched`, unless another search or `reset` came first."""
        # A newer search always wins: an older one still indexing is cancelled and, should its
        # answer still arrive, its generation is past.
        self._generation += 1
        self.workers.cancel_group(self, "search")
        job = _Search(self._generation, query, list(messages), searched, total, complete, jump)
        missing = self.index.missing(messages)
        if not missing:
            self._match(job)
            return
        ellipsis = glyphs().ellipsis
        self.show_status(Text(f"searching {len(missing)} messages{ellipsis}", style="dim italic"))
        self._pending = query
        self._index_bodies(job, [(message, cached(message)) for message in missing])

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _index_bodies(self, job: _Search, pairs: list[tuple[Message, RenderedBody | None]]) -> None:
        """Render bodies for the index off the UI thread."""
        from lemtui.tui.export import render_cached

        worker = get_current_worker()
        rendered: list[tuple[Message, RenderedBody]] = []
        for message, cached in pairs:
            if worker.is_cancelled:
                return
            rendered.append((message, render_cached(message, cached)))
        if not worker.is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._indexed, job, rendered)

    def _indexed(self, job: _Search, rendered: list[tuple[Message, RenderedBody]]) -> None:
        if job.generation != self._generation:
            return
        for message, body in rendered:
            self.index.add(message, body)
        self._match(job)

    def _match(self, job: _Search) -> None:
        if job.generation != self._generation:
            return
        self._pending = ""
        hits = find_hits(job.messages, job.query, self.index)
        self.report(
            SearchResult(
                query=job.query,
                hits=tuple(hits),
                searched=job.searched,
                total=job.total,
                complete=job.complete,
            ),
            jump=job.jump,
        )

    def report(self, result: SearchResult, *, jump: bool) -> None:
        """Take `result` as the last search: say it on the status line, post `Searched`.

        For lists searched without rendering (the inbox), the screen matches and reports.
        """
        self.result = result
        self._show_summary(result)
        self.post_message(self.Searched(result, jump))

    def show_position(self, hit: int, *, wrapped: bool) -> None:
        """After `n`/`N`: the status line says which hit is shown ("hit 2 of 3"), and that the
        search went round when it did."""
        result = self.result
        if result is None or not result.hits:
            return
        where = f"hit {hit + 1} of {len(result.hits)}"
        if wrapped:
            where += ", from the top again" if hit == 0 else ", from the bottom again"
        self._show_summary(result, where)

    def _show_summary(self, result: SearchResult, where: str = "") -> None:
        chosen = glyphs()
        style = "bold" if result.hits else "bold yellow"
        summary = result.summary(
            ellipsis=chosen.ellipsis,
            nouns=self.nouns,
            quotes=(chosen.open_quote, chosen.close_quote),
            dot=chosen.dot,
        )
        if where:
            summary = f"{where}  {chosen.dot}  {summary}"
        self.show_status(Text(summary, style=style, no_wrap=True, overflow=chosen.overflow))


@dataclass(frozen=True, slots=True)
class _Search:
    """One search in progress: what to match, over which rows, and what was searched."""

    generation: int
    query: str
    messages: list[Message]
    searched: int
    total: int | None
    complete: bool
    jump: bool
