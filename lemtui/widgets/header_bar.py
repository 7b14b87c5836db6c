"""A screen's one-line header: a title on the left, figures on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from lemtui.display import keep_spaces

__all__ = ["HeaderBar"]


class HeaderBar(Horizontal):
    """The title (cut with an ellipsis when long) and the stats (always whole)."""

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

    def compose(self) -> ComposeResult:
        """Title and stats; both take `Text` only (never markup)."""
        yield Static(id="header-title", markup=False)
        yield Static(id="header-stats", markup=False)

    def show(self, title: Text, stats: Text) -> None:
        """Replace both halves (a half that has not changed is not drawn again)."""
        for selector, text in (("#header-title", title), ("#header-stats", stats)):
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
