"""A short list to pick one thing from, in a box over the screen: Enter picks, Esc cancels.

The base of the inbox's filter list (`f`) and the choice of a lead's campaign (`+ - p`):
a title, one line per choice (built from `Text`, never markup: choices name what lemlist
sent), the current one highlighted. Each subclass says what its choices are and what picking
one returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["PickList", "PickOptions"]

T = TypeVar("T")


class PickOptions(OptionList):
    """The choices; j/k move and g/G go to the first and the last, as in every list."""

    HELP_SECTION: ClassVar[str] = "Short lists (filters, campaigns)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next choice"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous choice"),
        Binding("g", "first", "First", show=False, tooltip="First choice"),
        Binding("G", "last", "Last", show=False, tooltip="Last choice"),
    ]


class PickList(ModalScreen[T | None], Generic[T]):
    """`title` over `labels` (one per choice in `choices`); dismisses with the chosen one,
    or None on Esc."""

    BOX_WIDTH: ClassVar[int] = 60
    DEFAULT_CSS = """
    PickList { align: center middle; }
    PickList > #pick-box {
        max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; background: $panel; border: round $accent;
    }
    PickList #pick-title { height: auto; margin-bottom: 1; }
    PickList OptionList { height: auto; max-height: 20; padding: 0; }
    PickList OptionList, PickList OptionList:focus { border: none; }
    """

    def __init__(
        self, title: Text, choices: Sequence[T], labels: Sequence[Text], current: int = 0
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = tuple(choices)
        self.labels = tuple(labels)
        self.current = current

    def compose(self) -> ComposeResult:
        box = Vertical(id="pick-box")
        box.styles.width = self.BOX_WIDTH
        with box:
            yield Static(self.title_text, id="pick-title")
            yield PickOptions(
                *(Option(label, id=str(index)) for index, label in enumerate(self.labels)),
                id="pick-choices",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if 0 <= self.current < len(self.choices):
            options.highlighted = self.current

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        """Esc: nothing picked, nothing changes."""
        self.dismiss(None)
