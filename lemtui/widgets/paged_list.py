"""A list of rows loaded page by page, with a status row kept last.

Built on `OptionList` (virtual, fast at thousands of rows): each new page is appended, and the
status row ("loading more…", the end, or what went wrong) stays the last row. Only a failure
row can be highlighted (Enter on it retries). `MessageList` and `InboxList` build on it.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

__all__ = ["STATUS_ID", "PagedList", "StatusKind"]

STATUS_ID = "status"
StatusKind = Literal["loading", "complete", "failed"]


class PagedList(OptionList):
    """Rows plus a status row at the end; j/k/g/G move, stopping at the ends."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("ctrl+d", "page_down", "Page down", show=False),
        Binding("ctrl+u", "page_up", "Page up", show=False),
    ]

    DEFAULT_CSS = """
    PagedList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
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
        try:
            option = self.get_option(STATUS_ID)
        except OptionDoesNotExist:
            return None
        self.remove_option(STATUS_ID)
        return option
