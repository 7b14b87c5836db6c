"""`f` in the inbox: pick a triage filter from a short list (Enter picks, Esc keeps the one
in force). The filters are `lemtui.tui.triage_filter`'s; their names come from lemlist, so
the list is built from `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.triage_filter import TriageFilter
from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["FilterPicker"]


class FilterPicker(ModalScreen[TriageFilter | None]):
    """The inbox's filters; the one in force is highlighted and marked."""

    HELP_SECTION: ClassVar[str] = "Filtering the inbox (f)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f", "cancel", "Cancel", tooltip="Filter list: keep the filter in force"),
    ]
    DEFAULT_CSS = """
    FilterPicker { align: center middle; }
    FilterPicker > #filter-box {
        width: 50; max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; background: $panel; border: round $accent;
    }
    FilterPicker #filter-title { height: auto; margin-bottom: 1; }
    FilterPicker OptionList { height: auto; max-height: 20; padding: 0; }
    FilterPicker OptionList, FilterPicker OptionList:focus { border: none; }
    """

    def __init__(self, choices: Sequence[TriageFilter], current: TriageFilter) -> None:
        super().__init__()
        self.choices = tuple(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box"):
            yield Static(Text("Show which conversations?", style="bold"), id="filter-title")
            yield OptionList(
                *(
                    Option(
                        Text.assemble(
                            (f"{glyphs().sent} " if choice == self.current else "  ", "bold"),
                            clean_line(choice.label),
                        ),
                        id=str(index),
                    )
                    for index, choice in enumerate(self.choices)
                ),
                id="filter-choices",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        """Esc: the filter in force stays."""
        self.dismiss(None)
