"""The contact prompt: a modal that returns a contact ID (or None when cancelled).

The ID is checked with `normalize_contact_id` before anything is sent, and what is wrong with
it is said inline. Recent contacts (and, in demo mode, the demo contacts) are offered below
the input: ↓ moves into the list, Enter picks, ↑ from the first choice goes back to typing.
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
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from lemtui.api import InvalidContactIdError, normalize_contact_id
from lemtui.render import clean_line

__all__ = ["ChoiceList", "ContactPrompt"]


class ChoiceList(OptionList):
    """The choices under the input; ↑ on the first one hands focus back to the input."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_cursor_up(self) -> None:
        """Up, or back into the input from the first choice."""
        if self.highlighted in (None, 0):
            self.screen.set_focus(self.screen.query_one(Input))
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Down, stopping at the last choice."""
        if self.highlighted is not None and self.highlighted >= self.option_count - 1:
            return
        super().action_cursor_down()


class ContactPrompt(ModalScreen[str | None]):
    """Asks for a contact ID; dismisses with the normalised ID, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "choices", "Choose", show=False),
    ]

    def __init__(
        self,
        *,
        recent: Sequence[str] = (),
        suggestions: Sequence[tuple[str, str]] = (),
        can_cancel_to: str = "",
    ) -> None:
        super().__init__()
        self.recent = list(recent)
        self.suggestions = list(suggestions)
        self.can_cancel_to = can_cancel_to

    def compose(self) -> ComposeResult:
        """Title, input, inline error, the choices and a hint line."""
        with Vertical(id="prompt-box"):
            yield Static(Text("Open a contact", style="bold"), id="prompt-title")
            field = Input(placeholder="ctc_… (paste or type a contact ID)", id="prompt-input")
            field.cursor_blink = False  # a blinking cursor repaints twice a second over SSH
            yield field
            yield Static(id="prompt-error", markup=False)
            choices = self._choices()
            if choices:
                yield Static(Text("Recent and suggested contacts", style="dim"), id="prompt-label")
                yield ChoiceList(*choices, id="prompt-choices", markup=False)
            back = "back to the conversation" if self.can_cancel_to else "cancel"
            hint = f"Enter open · ↓ choose · Esc {back}"
            yield Static(Text(hint, style="dim"), id="prompt-hint")

    def _choices(self) -> list[Option]:
        options: list[Option] = []
        seen: set[str] = set()
        for contact in self.recent:
            if contact in seen:
                continue
            seen.add(contact)
            options.append(Option(Text.assemble(contact, ("  recent", "dim")), id=contact))
        for contact, description in self.suggestions:
            if contact in seen:
                continue
            seen.add(contact)
            label = Text(contact)
            cleaned = clean_line(description)
            if cleaned:
                label.append(f"  {cleaned}", style="dim")
            options.append(Option(label, id=contact))
        return options

    def on_mount(self) -> None:
        """Typing goes straight into the input."""
        self.set_focus(self.query_one(Input))

    def action_cancel(self) -> None:
        """Esc: close without choosing."""
        self.dismiss(None)

    def action_choices(self) -> None:
        """↓ from the input: move into the choices."""
        choices = self.query(ChoiceList)
        if choices and self.focused is self.query_one(Input):
            choice_list = choices.first()
            self.set_focus(choice_list)
            if choice_list.highlighted is None:
                choice_list.highlighted = 0

    @on(Input.Changed, "#prompt-input")
    def _clear_error(self) -> None:
        self.query_one("#prompt-error", Static).update("")
        self.remove_class("-error")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            contact = normalize_contact_id(event.value)
        except InvalidContactIdError as error:
            self.query_one("#prompt-error", Static).update(Text(clean_line(error.message)))
            self.add_class("-error")
            return
        self.dismiss(contact)

    @on(OptionList.OptionSelected, "#prompt-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)
