"""While `Y` or `e` loads the rest of a conversation: how far it got, and the user's way out.

The screen only shows progress and returns what the user chose: "stop" (Esc: nothing is
copied or saved) or "partial" (Enter: what is loaded now, said as "N of M"). The copy or
export that pushed it calls `progress` as pages arrive and `finish` when loading ends by itself.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from lemtui.tui.conversation_output import RestScreen, count_of
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["LoadingRest"]


class LoadingRest(RestScreen):
    """Progress of loading every page before a copy or an export; Esc stops, Enter takes
    what is loaded."""

    HELP_SECTION: ClassVar[str] = "Loading the rest of a conversation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop", tooltip="Stop loading; nothing is copied or saved"),
        Binding("enter", "partial", "Use what is loaded", tooltip="Copy or save what is loaded"),
    ]

    def __init__(self, verb: str, loaded: int, total: int | None) -> None:
        """`verb`: what waits for the pages ("save", "copy")."""
        super().__init__()
        self.verb = verb
        self.loaded = loaded
        self.total = total

    def compose(self) -> ComposeResult:
        """What is loading, how far, and the two keys."""
        with Vertical(id="rest-box"):
            yield Static(
                Text(f"Loading the whole conversation to {self.verb} it{glyphs().ellipsis}", "bold")
            )
            yield Static(id="rest-count", markup=False)
            yield Static(id="rest-keys", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Show the count at once."""
        self.progress(self.loaded, self.total)

    def progress(self, loaded: int, total: int | None) -> None:
        """`loaded` of `total` messages are in."""
        self.loaded, self.total = loaded, total
        self.query_one("#rest-count", Static).update(f"{count_of(loaded, total)} loaded")
        dot = glyphs().dot
        keys = f"Enter {self.verb} the {loaded} loaded now {dot} Esc stop ({self.verb} nothing)"
        self.query_one("#rest-keys", Static).update(Text(keys, style="dim"))

    def action_stop(self) -> None:
        """Esc: stop loading; nothing is copied or saved."""
        self.dismiss("stop")

    def action_partial(self) -> None:
        """Enter: copy or save the messages loaded so far."""
        self.dismiss("partial")
