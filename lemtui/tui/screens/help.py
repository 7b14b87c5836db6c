"""The help screen: every key, grouped by where it works, read from the live bindings.

Built by `lemtui.tui.commands` from the classes' bindings with the config's `[keys]` overrides
applied, so it always shows the keys that really work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lemtui.tui.commands import KeyCommand, key_commands, keys_label
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["HelpScreen"]


class HelpScreen(ModalScreen[None]):
    """All the keys; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", tooltip="Close this help"),
        Binding("j,down", "scroll('down')", "Down", show=False, tooltip="Scroll down"),
        Binding("k,up", "scroll('up')", "Up", show=False, tooltip="Scroll up"),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = dict(keymap or {})
        """The key overrides in force (the config's `[keys]`)."""

    def compose(self) -> ComposeResult:
        """The key table in a scrollable box (it is taller than 24 lines)."""
        commands = key_commands(self.keymap)
        close = next((c for c in commands if c.owner is HelpScreen and c.action == "close"), None)
        closing = f"{keys_label(close, self.app)} closes" if close else ""
        with VerticalScroll(id="help-box"):
            yield Static(
                keep_spaces(Text.assemble(("lemtui keys", "bold"), "  ", (closing, "dim"))),
                id="help-title",
            )
            yield Static(self.key_table(commands), id="help-keys", markup=False)
        yield KeysFooter()

    def key_table(self, commands: list[KeyCommand]) -> RenderableType:
        """One section per place, each a two-column grid: wrapped help stays in its column."""
        parts: list[RenderableType] = []
        width = max((len(keys_label(c, self.app)) for c in commands), default=8) + 2
        section = ""
        grid: Table | None = None
        for command in commands:
            if command.section != section:
                section = command.section
                if parts:
                    parts.append(Text(""))
                parts.append(Text(section, style="bold underline"))
                grid = Table.grid(padding=(0, 1, 0, 2))
                grid.add_column(width=width, style="bold", no_wrap=True)
                grid.add_column(ratio=1)
                parts.append(grid)
            assert grid is not None
            grid.add_row(keys_label(command, self.app), command.help)
        return Group(*parts)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        """Scroll the key table."""
        box = self.query_one("#help-box", VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)
