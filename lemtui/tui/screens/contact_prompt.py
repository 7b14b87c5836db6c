"""The contact prompt: a modal that returns a contact ID (or None when cancelled).

It takes a contact ID, checked with `normalize_contact_id` before anything is sent, or an
email address (`looks_like_email`), looked up with the `lookup` it is given in a worker. What
is wrong is said inline: a bad ID, no such contact, or several contacts with that address,
which then fill the choice list to pick from. Recent contacts (and, in demo mode, the demo
contacts) are offered below the input: ↓ moves into the list, Enter picks, ↑ from the first
choice goes back to typing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from lemtui.lemlist.errors import AmbiguousContactError, ApiError, InvalidContactIdError
from lemtui.lemlist.ids import looks_like_email, normalize_contact_id
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from lemtui.lemlist.inbox import Contact

Lookup = Callable[[str], Awaitable["Contact"]]

__all__ = ["ChoiceList", "ContactPrompt"]


class ChoiceList(OptionList):
    """The choices under the input; ↑ on the first one hands focus back to the input."""

    HELP_SECTION: ClassVar[str] = "Contact prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next choice"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous choice (back to typing)"),
    ]

    def action_cursor_up(self) -> None:
        """Up, or back into the input from the first choice."""
        if self.highlighted in (None, 0):
            self.screen.set_focus(self.screen.query_one(Input))
            return
        super().action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        """Typing while a choice is highlighted goes to the input (j and k still move): a
        letter typed here is never lost."""
        if event.is_printable and event.character and event.key not in ("j", "k"):
            field = self.screen.query_one(Input)
            field.focus()
            field.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_cursor_down(self) -> None:
        """Down, stopping at the last choice."""
        if self.highlighted is not None and self.highlighted >= self.option_count - 1:
            return
        super().action_cursor_down()


class ContactPrompt(ModalScreen[str | None]):
    """Asks for a contact ID; dismisses with the normalised ID, or None on Esc."""

    HELP_SECTION: ClassVar[str] = "Contact prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Cancel, back to where you were"),
        Binding(
            "down",
            "choices",
            "Choose",
            show=False,
            tooltip="Pick a recent contact (Enter opens it)",
        ),
    ]

    def __init__(
        self,
        *,
        recent: Sequence[str] = (),
        names: Mapping[str, str] | None = None,
        suggestions: Sequence[tuple[str, str]] = (),
        can_cancel_to: str = "",
        lookup: Lookup | None = None,
        inbox_hint: bool = False,
        email: str = "",
    ) -> None:
        """`email`: an address to look up at once (given as lemtui's CONTACT_ID)."""
        super().__init__()
        self.email = email
        self.recent = list(recent)
        self.names = dict(names or {})
        """Who the recent contacts are (by ID), as the inbox and the lead cards say."""
        self.suggestions = list(suggestions)
        self.can_cancel_to = can_cancel_to
        self.lookup = lookup
        """Finds a contact by email (the client's `find_contact`); None: IDs only."""
        self.inbox_hint = inbox_hint
        """Say how to start on the inbox (no user ID is set)."""

    def compose(self) -> ComposeResult:
        """Title, input, inline error, the choices and a hint line."""
        with Vertical(id="prompt-box"):
            yield Static(Text("Open a contact", style="bold"), id="prompt-title")
            what = "a contact ID or email address" if self.lookup else "a contact ID"
            field = Input(
                placeholder=f"ctc_{glyphs().ellipsis} or name@company.com ({what})",
                id="prompt-input",
                # Back from the choices (up, or a letter typed there) the typing goes on
                # where it was: a selected field would lose it to the next key.
                select_on_focus=False,
            )
            if self.lookup is None:
                field.placeholder = f"ctc_{glyphs().ellipsis} (paste or type a contact ID)"
            field.cursor_blink = False  # a blinking cursor repaints twice a second over SSH
            yield field
            yield Static(id="prompt-error", markup=False)
            choices = self._choices()
            label = Static(Text("Recent and suggested contacts", style="dim"), id="prompt-label")
            choice_list = ChoiceList(*choices, id="prompt-choices", markup=False)
            label.display = choice_list.display = bool(choices)
            yield label
            yield choice_list
            back = f"back to {self.can_cancel_to}" if self.can_cancel_to else "cancel"
            hint = Text(
                f"Enter open {glyphs().dot} {glyphs().down} choose {glyphs().dot} Esc {back}",
                style="dim",
            )
            if self.inbox_hint:
                hint.append(
                    "\nSet --user-id or LEMLIST_USER_ID to start on your inbox.", style="dim"
                )
            yield Static(hint, id="prompt-hint")
        yield KeysFooter()

    def _choices(self) -> list[Option]:
        options: list[Option] = []
        seen: set[str] = set()
        for contact in self.recent:
            if contact in seen:
                continue
            seen.add(contact)
            label = Text(clean_line(contact))
            if name := clean_line(self.names.get(contact, ""))[:60]:
                label.append(f"  {name}")
            label.append("  recent", style="dim")
            options.append(Option(keep_spaces(label), id=contact))
        for contact, description in self.suggestions:
            if contact in seen:
                continue
            seen.add(contact)
            label = Text(clean_line(contact))
            cleaned = clean_line(description)
            if cleaned:
                label.append(f"  {cleaned}", style="dim")
            options.append(Option(keep_spaces(label), id=contact))
        return options

    def on_mount(self) -> None:
        """Typing goes straight into the input; an address given at start is looked up."""
        field = self.query_one(Input)
        self.set_focus(field)
        if self.email and self.lookup is not None:
            field.value = self.email
            self._error(f"Looking up {clean_line(self.email)}{glyphs().ellipsis}")
            self._find(self.email)

    def action_cancel(self) -> None:
        """Esc: close without choosing."""
        self.dismiss(None)

    def action_choices(self) -> None:
        """↓ from the input: move into the choices."""
        choice_list = self.query_one(ChoiceList)
        if choice_list.option_count and self.focused is self.query_one(Input):
            self.set_focus(choice_list)
            if choice_list.highlighted is None:
                choice_list.highlighted = 0

    @on(Input.Changed, "#prompt-input")
    def _clear_error(self) -> None:
        self.query_one("#prompt-error", Static).update("")
        self.remove_class("-error")

    def _error(self, text: str) -> None:
        self.query_one("#prompt-error", Static).update(Text(clean_line(text)))
        self.add_class("-error")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if self.lookup is not None and looks_like_email(value):
            self._error(f"Looking up {value}{glyphs().ellipsis}")
            self._find(value)
            return
        try:
            contact = normalize_contact_id(value)
        except InvalidContactIdError as error:
            message = error.message
            if self.lookup is not None and "@" in value:
                message = f"{clean_line(value)[:80]} is not an email address nor a contact ID."
            elif self.lookup is not None and value and not value.startswith("ctc_"):
                message += "; or type the lead's email address"  # the prompt takes either
            self._error(message)
            return
        self.dismiss(contact)

    @work(exclusive=True, group="lookup", exit_on_error=False)
    async def _find(self, email: str) -> None:
        """Look the address up; one contact opens, none or several are said inline."""
        assert self.lookup is not None
        try:
            contact = await self.lookup(email)
        except AmbiguousContactError as error:
            self._error(error.message)
            self._offer(error.candidates)
            return
        except ApiError as error:
            self._error(error.message)
            return
        except Exception as error:  # a bug must not take the reader down
            self._error(f"Lookup failed (unexpected error {type(error).__name__})")
            return
        if self.query_one(Input).value.strip() != email:
            return  # the user has typed something else meanwhile
        try:
            contact_id = normalize_contact_id(contact.id)
        except InvalidContactIdError:
            self._error("The service answered with something that is not a contact ID.")
            return
        self.dismiss(contact_id)

    def _offer(self, candidates: Sequence[Contact]) -> None:
        """Put the contacts an ambiguous address matched in the choice list.

        Each contact ID once (the list refuses duplicate ids, and the service may repeat a
        contact), and only valid IDs: a choice is opened as it is.
        """
        options: list[Option] = []
        seen: set[str] = set()
        for contact in candidates:
            try:
                contact_id = normalize_contact_id(contact.id)
            except InvalidContactIdError:
                continue
            if contact_id in seen:
                continue
            seen.add(contact_id)
            label = Text(contact_id)
            who = f" {glyphs().dot} ".join(
                part for part in (clean_line(contact.full_name), clean_line(contact.email)) if part
            )
            if who:
                label.append(f"  {who[:100]}", style="dim")
            options.append(Option(keep_spaces(label), id=contact_id))
        choices = self.query_one(ChoiceList)
        choices.set_options(options)
        choices.display = True
        self.query_one("#prompt-label", Static).update(
            Text("Contacts with this address: pick one", style="bold")
        )
        self.query_one("#prompt-label", Static).display = True
        self.set_focus(choices)
        choices.highlighted = 0

    @on(OptionList.OptionSelected, "#prompt-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)
