"""The reference for benchmark 7: a default Textual `VerticalScroll` holding one `Static`.

`python -m bench.ref_app FILE` shows FILE's text (no markup) in the plainest scrolling view
Textual offers, focused, so ↓ scrolls one line and PageDown one page. What it writes per key
under a pty is the yardstick lemtui's list and body views are compared with.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class ReferenceApp(App[None]):
    """One focused `VerticalScroll` with the text in a `Static`."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        """The scroll view and its text."""
        with VerticalScroll(id="view"):
            yield Static(self.text, markup=False)

    def on_mount(self) -> None:
        """Keys go to the scroll view."""
        self.query_one("#view").focus()


if __name__ == "__main__":
    ReferenceApp(Path(sys.argv[1]).read_text(encoding="utf-8")).run()
