"""The message list: one line per message, pages appended as they arrive.

Built on `OptionList` (virtual, fast at thousands of rows), never rebuilt: a new page is
appended, and the status row ("loading older messages…", the end, or what went wrong) is kept
as the last row. Prompts are `Text` objects, so a subject can never be read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from lemtui.models import Message
from lemtui.widgets.formatting import message_row

__all__ = ["STATUS_ID", "MessageList", "StatusKind"]

STATUS_ID = "status"
StatusKind = Literal["loading", "complete", "failed"]


class MessageList(OptionList):
    """Messages of one conversation, newest first, plus a status row at the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Read"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("ctrl+d", "page_down", "Page down", show=False),
        Binding("ctrl+u", "page_up", "Page up", show=False),
    ]

    DEFAULT_CSS = """
    MessageList {
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
        self.ascii_only = ascii_only
        self.messages: list[Message] = []
        self.status_kind: StatusKind | None = None

    def reset(self) -> None:
        """Empty the list (another contact is being opened)."""
        self.messages.clear()
        self.status_kind = None
        self.clear_options()

    def append_messages(self, messages: Iterable[Message]) -> None:
        """Append rows for `messages` above the status row."""
        new = list(messages)
        if not new:
            return
        now = self.clock()
        status = self._take_status()
        self.messages.extend(new)
        options = [Option(message_row(m, now=now, ascii_only=self.ascii_only)) for m in new]
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

    def message_at(self, index: int | None) -> Message | None:
        """The message on row `index`, or None for the status row / nothing."""
        if index is None or not 0 <= index < len(self.messages):
            return None
        return self.messages[index]

    @property
    def highlighted_message(self) -> Message | None:
        """The message under the highlight, if the highlight is on a message."""
        return self.message_at(self.highlighted)

    def _take_status(self) -> Option | None:
        try:
            option = self.get_option(STATUS_ID)
        except OptionDoesNotExist:
            return None
        self.remove_option(STATUS_ID)
        return option
