"""The message list: one line per message, pages appended as they arrive, optionally filtered.

`all_messages` is everything loaded; `messages` the rows shown (those the filter keeps), in
the same order. Rows are `Text` objects, so a subject can never be read as markup. Changing the
filter is the one time rows are rebuilt; pages are only ever appended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from lemtui.display import message_row
from lemtui.filters import MessageFilter
from lemtui.models import Message
from lemtui.widgets.paged_list import STATUS_ID, PagedList, StatusKind

__all__ = ["STATUS_ID", "MessageList", "StatusKind"]


class MessageList(PagedList):
    """Messages of one conversation, newest first, plus a status row at the end."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        ascii_only: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(clock=clock, ascii_only=ascii_only, name=name, id=id, classes=classes)
        self.all_messages: list[Message] = []
        self.messages: list[Message] = []
        self.filter = MessageFilter.ALL

    def reset(self) -> None:
        """Empty the list (another contact is being opened); the filter stays."""
        self.all_messages.clear()
        self.messages.clear()
        self.status_kind = None
        self.clear_options()

    def append_messages(self, messages: Iterable[Message]) -> None:
        """Append rows for the new `messages` the filter keeps, above the status row."""
        new = list(messages)
        self.all_messages.extend(new)
        shown = [m for m in new if self.filter.matches(m)]
        self.messages.extend(shown)
        now = self.clock()
        self._append_rows([message_row(m, now=now, ascii_only=self.ascii_only) for m in shown])

    def set_filter(self, kind: MessageFilter, keep: Message | None) -> None:
        """Show only what `kind` keeps; the highlight goes to `keep`, or the nearest row after
        where `keep` was (the last row if none follows)."""
        self.filter = kind
        status = self._take_status()
        self.messages = [m for m in self.all_messages if kind.matches(m)]
        now = self.clock()
        self.clear_options()
        self._append_rows(
            [message_row(m, now=now, ascii_only=self.ascii_only) for m in self.messages]
        )
        if status is not None:
            self.add_option(status)
        self.highlighted = self.nearest_row(keep)

    def nearest_row(self, message: Message | None) -> int | None:
        """The row of `message`, else of the first shown message loaded after it, else the last."""
        if not self.messages:
            return None
        if message is None:
            return 0
        for row, shown in enumerate(self.messages):
            if shown is message:
                return row
        try:
            position = next(i for i, m in enumerate(self.all_messages) if m is message)
        except StopIteration:
            return 0
        for row, shown in enumerate(self.messages):
            if self._position(shown) > position:
                return row
        return len(self.messages) - 1

    def _position(self, message: Message) -> int:
        return next(i for i, m in enumerate(self.all_messages) if m is message)

    def row_of(self, message: Message) -> int | None:
        """The row showing `message`, or None when the filter hides it."""
        return next((row for row, m in enumerate(self.messages) if m is message), None)

    def message_at(self, index: int | None) -> Message | None:
        """The message on row `index`, or None for the status row / nothing."""
        if index is None or not 0 <= index < len(self.messages):
            return None
        return self.messages[index]

    @property
    def highlighted_message(self) -> Message | None:
        """The message under the highlight, if the highlight is on a message."""
        return self.message_at(self.highlighted)
