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

from lemtui.tui.message_text import QUOTE_BAR

__all__ = ["DocumentView", "wrap_text"]


def _console(width: int) -> Console:
    return Console(
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        emoji=False,
        markup=False,
        highlight=False,
    )


def _render(text: Text, width: int) -> list[Strip]:
    console = _console(width)
    return [Strip(line) for line in console.render_lines(text, console.options, pad=False)]


def _bar_of(line: Text) -> int:
    """How many characters of `line` are its quote bar (0: no bar opens it)."""
    for span in line.spans:
        if span.start == 0 and span.style == QUOTE_BAR:
            return span.end
    return 0


def wrap_text(text: Text, width: int) -> list[Strip]:
    """`text` wrapped to `width` cells as strips; safe to call from any thread.

    Uses a private console (the app's is not thread-safe); styles stay abstract (`dim`,
    `bold`...) and Textual maps them to the terminal's colours when drawing. A quoted line (its
    bar in `QUOTE_BAR`) that wraps keeps the bar on every line it takes: a wrapped quote must
    never read as the writer's own words.
    """
    width = max(1, width)
    if not any(span.style == QUOTE_BAR for span in text.spans):
        return _render(text, width)
    lines = text.split("\n", allow_blank=True)
    if len(lines) > 1 and not lines[-1].plain:
        lines.pop()  # the newline that ends the text opens no line
    strips: list[Strip] = []
    run: list[Text] = []
    bar: Text | None = None  # the bar of the quoted run being gathered (None: plain lines)

    def flush() -> None:
        if not run:
            return
        joined = Text("\n", end="").join(run)
        if bar is None:
            strips.extend(_render(joined, width))
        else:
            bar_strip = _render(bar, width)[0]
            room = max(1, width - bar_strip.cell_length)
            strips.extend(Strip.join([bar_strip, line]) for line in _render(joined, room))
        run.clear()

    for line in lines:
        cut = _bar_of(line)
        line_bar = line[:cut] if cut else None
        if (line_bar is None) != (bar is None) or (
            line_bar is not None and bar is not None and line_bar.plain != bar.plain
        ):
            flush()
        bar = line_bar
        if not line.plain:
            flush()
            strips.append(Strip([]))  # a blank line stays one (a run's end would swallow it)
        else:
            run.append(line[cut:] if cut else line)
    flush()
    return strips


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
    def strips(self) -> Sequence[Strip]:
        """The document's lines, as wrapped."""
        return self._lines

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
