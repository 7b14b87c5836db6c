"""`f` in the inbox: pick a triage filter from a short list (Enter picks, Esc keeps the one
in force). The filters are `lemtui.tui.triage_filter`'s; their names come from lemlist, so
the list is built from `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.screens.pick_list import PickList
from lemtui.tui.triage_filter import TriageFilter

__all__ = ["FilterPicker"]


class FilterPicker(PickList[TriageFilter]):
    """The inbox's filters; the one in force is highlighted and marked."""

    HELP_SECTION: ClassVar[str] = "Filtering the inbox (f)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f", "cancel", "Cancel", tooltip="Filter list: keep the filter in force"),
    ]
    BOX_WIDTH: ClassVar[int] = 50

    def __init__(self, choices: Sequence[TriageFilter], current: TriageFilter) -> None:
        super().__init__(
            Text("Show which conversations?", style="bold"),
            choices,
            [
                Text.assemble(
                    (f"{glyphs().sent} " if choice == current else "  ", "bold"),
                    clean_line(choice.label),
                )
                for choice in choices
            ],
            current=list(choices).index(current) if current in choices else 0,
        )
