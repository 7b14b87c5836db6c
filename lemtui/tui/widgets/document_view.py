"""A read-only view of pre-wrapped lines, drawn one line at a time (the Line API).

A `Static` lays out its whole text on the UI thread: ~2 s for a 500 KB newsletter. Here the
text is wrapped into strips elsewhere (a thread, see `wrap_text`) and only the visible lines
are ever drawn, so a huge body costs the UI nothing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import ClassVar

from rich.console import Console
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["DocumentView", "wrap_text"]


def wrap_text(text: Text, width: int) -> list[Strip]:
    """`text` wrapped to `width` cells as strips; safe to call from any thread.

    Uses a private console (the app's is not thread-safe); styles stay abstract (`dim`,
    `bold`...) and Textual maps them to the terminal's colours when drawing.
    """
    width = max(1, width)
    console = Console(
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        emoji=False,
        markup=False,
        highlight=False,
    )
    lines = console.render_lines(text, console.options.update_width(width), pad=False)
    return [Strip(line) for line in lines]


class DocumentView(ScrollView, can_focus=True):
    """Scrollable lines with pager keys: j/k, space/b, g/G, ctrl+d/ctrl+u."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, tooltip="Scroll a line down"),
        Binding("k,up", "scroll_up", "Up", show=False, tooltip="Scroll a line up"),
        Binding(
            "space,pagedown,ctrl+d", "page_down", "Page down", show=False,
            tooltip="Scroll a page down",
        ),
        Binding("b,pageup,ctrl+u", "page_up", "Page up", show=False, tooltip="Scroll a page up"),
        Binding("g,home", "scroll_home", "Top", show=False, tooltip="Top of the message"),
        Binding("G,end", "scroll_end", "Bottom", show=False, tooltip="End of the message"),
    ]  # fmt: skip

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._lines: list[Strip] = []

    @property
    def line_count(self) -> int:
        """How many lines the document has."""
        return len(self._lines)

    @property
    def plain_lines(self) -> list[str]:
        """The document as plain text lines (for tests and copying)."""
        return [strip.text.rstrip() for strip in self._lines]

    def set_lines(self, lines: Sequence[Strip], *, keep_scroll: bool = False) -> None:
        """Replace the document; back to the top unless `keep_scroll`."""
        self._lines = list(lines)
        width = max((strip.cell_length for strip in self._lines), default=0)
        self.virtual_size = Size(width, len(self._lines))
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """The strip shown on row `y` of the view."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style)
