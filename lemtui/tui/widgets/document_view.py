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
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from lemtui.tui.message_text import PREFIX_KINDS

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


def _prefix_of(line: Text) -> tuple[int, str]:
    """How many characters open `line` as a prefix its wrapped lines keep, and how: "bar" (a
    quote's bar, drawn again on each) or "hanging" (a label: the lines under it indented by
    its width); (0, "") for none. Told by the prefix's style (`message_text.QUOTE_BAR`,
    `hanging`)."""
    for span in line.spans:
        if span.start == 0 and isinstance(span.style, Style):
            kind = (span.style.meta or {}).get("lemtui")
            if kind == "quote-bar":
                return span.end, "bar"
            if kind == "hanging":
                return span.end, "hanging"
    return 0, ""


def _kept_prefix(style: str | Style) -> bool:
    return isinstance(style, Style) and (style.meta or {}).get("lemtui") in PREFIX_KINDS


def wrap_text(text: Text, width: int) -> list[Strip]:
    """`text` wrapped to `width` cells as strips; safe to call from any thread.

    Uses a private console (the app's is not thread-safe); styles stay abstract (`dim`,
    `bold`...) and Textual maps them to the terminal's colours when drawing. A quoted line (its
    bar in `QUOTE_BAR`) that wraps keeps the bar on every line it takes: a wrapped quote must
    never read as the writer's own words. A line opening with a hanging label (a header's
    "To:", a link's warning) wraps under its value, not under the label.
    """
    width = max(1, width)
    if not any(_kept_prefix(span.style) for span in text.spans):
        return _render(text, width)
    lines = text.split("\n", allow_blank=True)
    if len(lines) > 1 and not lines[-1].plain:
        lines.pop()  # the newline that ends the text opens no line
    strips: list[Strip] = []
    run: list[Text] = []
    prefix: Text | None = None  # the prefix of the run being gathered (None: plain lines)
    how = ""

    def flush() -> None:
        if not run:
            return
        joined = Text("\n", end="").join(run)
        if prefix is None:
            strips.extend(_render(joined, width))
        else:
            first = _render(prefix, width)[0]
            room = max(1, width - first.cell_length)
            under = first if how == "bar" else Strip.blank(first.cell_length)
            for index, line in enumerate(_render(joined, room)):
                strips.append(Strip.join([first if index == 0 else under, line]))
        run.clear()

    for line in lines:
        cut, kind = _prefix_of(line)
        line_prefix = line[:cut] if cut else None
        if (
            (line_prefix is None) != (prefix is None)
            or kind == "hanging"  # each label's line is its own
            or (
                line_prefix is not None and prefix is not None and line_prefix.plain != prefix.plain
            )
        ):
            flush()
        prefix, how = line_prefix, kind
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
