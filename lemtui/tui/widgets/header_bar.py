"""A screen's one-line header: a title on the left, figures on the right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import Static

from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.spaces import keep_spaces

__all__ = ["MIN_TITLE", "HeaderBar"]

MIN_TITLE: Final = 14
"""Cells of the title kept before a figure is left out (the title says where you are)."""


class HeaderBar(Horizontal):
    """The title (cut with an ellipsis when long) and the figures (each whole).

    Figures are given most important first; when they and the title's first `MIN_TITLE`
    cells do not fit, the last figures are left out (at 80 columns a failed refresh's note
    keeps its place, "N of M loaded" goes). A part that has not changed is not drawn again.
    """

    DEFAULT_CSS = """
    HeaderBar {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    HeaderBar > #header-title {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    HeaderBar > #header-stats {
        width: auto;
        padding-left: 2;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = Text()
        self._figures: list[Text] = []

    def compose(self) -> ComposeResult:
        """Title and stats; both take `Text` only (never markup)."""
        yield Static(id="header-title", markup=False)
        yield Static(id="header-stats", markup=False)

    def show(self, title: Text, figures: Text | Sequence[Text]) -> None:
        """Replace the title and the figures (one `Text`, or several to join with dots)."""
        self._title = title
        self._figures = [figures] if isinstance(figures, Text) else list(figures)
        self._fit()

    def on_resize(self, event: Resize) -> None:
        """Fit the figures to the new width."""
        self._fit()

    def _fit(self) -> None:
        figures = [figure for figure in self._figures if figure.plain]
        room = self.size.width - 2 - 2 - min(cell_len(self._title.plain), MIN_TITLE)
        if self.size.width:
            while len(figures) > 1 and _width(figures) > room:
                figures.pop()
        stats = Text(no_wrap=True, end="")
        for index, figure in enumerate(figures):
            if index:
                stats.append(_separator(), style="dim")
            stats.append_text(figure)
        for selector, text in (("#header-title", self._title), ("#header-stats", stats)):
            keep_spaces(text)
            static = self.query_one(selector, Static)
            shown = static.content
            if not (
                isinstance(shown, Text)
                and shown == text
                and shown.style == text.style
                and shown.spans == text.spans
            ):
                static.update(text)


def _separator() -> str:
    """Between two figures: a dot with room on both sides."""
    return f"  {glyphs().dot}  "


def _width(figures: Sequence[Text]) -> int:
    return sum(cell_len(figure.plain) for figure in figures) + cell_len(_separator()) * (
        len(figures) - 1
    )
