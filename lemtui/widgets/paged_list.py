"""A list of rows loaded page by page, with a status row kept last.

Built on `OptionList` (virtual, fast at thousands of rows): each new page is appended, and the
status row ("loading more…", the end, or what went wrong) stays the last row. Only a failure
row can be highlighted (Enter on it retries). `MessageList` and `InboxList` build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

__all__ = ["STATUS_ID", "PagedList", "StatusKind"]

STATUS_ID = "status"
StatusKind = Literal["loading", "complete", "failed"]


class PagedList(OptionList):
    """Rows plus a status row at the end; j/k/g/G move, stopping at the ends.

    Two departures from `OptionList`, both for long lists over slow links: moving the highlight
    repaints only the two rows it leaves and enters (not the whole list: ~7 KB less per key
    over SSH), and the status row is taken off the end without re-measuring every row.
    These use `OptionList` internals; Textual is pinned to the version they were written for.
    """

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
        Binding("g", "first", "First", show=False, id="first"),
        Binding("G", "last", "Last", show=False, id="last"),
        Binding("ctrl+d", "page_down", "Page down", show=False),
        Binding("ctrl+u", "page_up", "Page up", show=False),
        Binding("enter", "select", "Read"),
    ]

    DEFAULT_CSS = """
    PagedList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        ascii_only: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.clock = clock
        """Where "now" comes from for the rows' compact dates."""
        self.ascii_only = ascii_only
        self.status_kind: StatusKind | None = None

    def _append_rows(self, rows: list[Text]) -> None:
        """Append rows above the status row."""
        if not rows:
            return
        status = self._take_status()
        options = [Option(row) for row in rows]
        if status is not None:
            options.append(status)
        self.add_options(options)

    def set_status(self, kind: StatusKind | None, text: str = "") -> None:
        """Show (or, with None, remove) the status row; only a failure row is selectable."""
        self._take_status()
        self.status_kind = kind
        if kind is None:
            return
        style = {"loading": "dim italic", "complete": "dim", "failed": "bold red"}[kind]
        prompt = Text(text, style=style, no_wrap=True, overflow="ellipsis", end="")
        self.add_option(Option(prompt, id=STATUS_ID, disabled=kind != "failed"))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:  # type: ignore[override]
        """Scroll to and announce the new highlight; repaint just the two rows that changed."""
        offset = self.scroll_offset
        super().watch_highlighted(new)
        if self.scroll_offset != offset:
            return  # scrolling repaints the whole view anyway
        index_to_line = self._line_cache.index_to_line
        heights = self._line_cache.heights
        for index in (old, new):
            if index is not None and index in index_to_line:
                self.refresh_lines(index_to_line[index], heights.get(index, 1))

    def action_last(self) -> None:
        """G: the last row, scrolled so the status row under it (the end, or "loading") shows."""
        super().action_last()
        if self.status_kind is not None:
            self.scroll_end(animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        """Down to the next selectable row; stops at the end (no wrapping to the top)."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """Up to the previous selectable row; stops at the top."""
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction

    def _take_status(self) -> Option | None:
        """Remove the status row and return a fresh copy of it (to re-add at the new end)."""
        try:
            option = self.get_option(STATUS_ID)
        except OptionDoesNotExist:
            return None
        fresh = Option(option.prompt, id=STATUS_ID, disabled=option.disabled)
        options = self._options
        if options[-1] is not option:
            self.remove_option(STATUS_ID)
            return fresh
        # The status row is last: drop it and its cached lines only. `remove_option` would
        # clear every cache, and the next paint would measure all N rows again (per page).
        index = len(options) - 1
        options.pop()
        del self._option_to_index[option]
        del self._id_to_option[STATUS_ID]
        cache = self._line_cache
        while cache.lines and cache.lines[-1][0] == index:
            cache.lines.pop()
        cache.heights.pop(index, None)
        cache.index_to_line.pop(index, None)
        if self.highlighted is not None and self.highlighted >= len(options):
            self.highlighted = len(options) - 1 if options else None
        self.refresh()
        return fresh
