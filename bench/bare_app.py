"""The floor of the first-frame figures: the barest Textual app (a Header, a Static, a Footer).

`python -m bench.bare_app` draws a header, one line of text and the footer, then waits for a
key. Whatever lemtui's first frame costs beyond this app's, on the same pty in the same run,
is lemtui's own: Python's start, Textual's import, its CSS and its first paint are paid by both.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

TEXT = "A bare Textual app: its first frame is the floor."
"""What the Static shows (the benchmark waits for it and for the footer's key)."""


class BareApp(App[None]):
    """A Header, a Static and a Footer, with one key so the footer has something to show."""

    TITLE = "bare"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """The three widgets."""
        yield Header()
        yield Static(TEXT, markup=False)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
