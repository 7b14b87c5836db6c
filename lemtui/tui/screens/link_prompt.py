"""The link prompt: `l` asks "link number:", and returns the chosen `Link` (or None).

A link the renderer flagged (its text names another site than it goes to) is not returned on
the first Enter: the warning is shown again and a second Enter confirms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from lemtui.mail.render import Link
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["LinkPrompt"]

MAX_DIGITS: Final = 5
"""Longer than any link number; also keeps `int()` away from a pasted wall of digits."""


def _number(value: str) -> int | None:
    """`value` as a link number, or None (not ASCII digits, or too long to be one)."""
    value = value.strip()
    if not value or len(value) > MAX_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


class LinkPrompt(ModalScreen[Link | None]):
    """Asks for a link number; dismisses with the link, or None on Esc."""

    HELP_SECTION: ClassVar[str] = "Link prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Cancel (Enter opens the link typed)")
    ]

    def __init__(self, links: Sequence[Link]) -> None:
        super().__init__()
        self.links = {link.number: link for link in links}
        self.pending: Link | None = None
        """A warned link waiting for the second Enter."""

    def compose(self) -> ComposeResult:
        """Title, the number field, the message line."""
        numbers = sorted(self.links)
        span = (
            f"{numbers[0]}"
            if len(numbers) == 1
            else f"{numbers[0]}{glyphs().range_dash}{numbers[-1]}"
        )
        with Vertical(id="link-box"):
            yield Static(keep_spaces(Text.assemble(("Open link", "bold"), (f"  [{span}]", "dim"))))
            field = Input(
                placeholder="link number",
                id="link-input",
                restrict=r"[0-9]*",
                max_length=MAX_DIGITS,
            )
            field.cursor_blink = False
            yield field
            yield Static(id="link-message", markup=False)
            yield Static(Text(f"Enter open {glyphs().dot} Esc cancel", style="dim"))
        yield KeysFooter()

    def on_mount(self) -> None:
        """Typing goes straight into the field."""
        self.set_focus(self.query_one(Input))

    def _say(self, text: Text) -> None:
        self.query_one("#link-message", Static).update(text)

    def action_cancel(self) -> None:
        """Esc: close without opening anything."""
        self.dismiss(None)

    @on(Input.Changed, "#link-input")
    def _changed(self, event: Input.Changed) -> None:
        self.pending = None
        number = _number(event.value)
        link = self.links.get(number) if number is not None else None
        if link is None:
            self._say(Text(""))
            return
        self._say(Text(clean_line(link.url)[:200], style="dim"))

    @on(Input.Submitted, "#link-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        number = _number(value)
        link = self.links.get(number) if number is not None else None
        if link is None:
            self._say(Text(f"No link {clean_line(value)[:6]} in this message.", style="bold red"))
            return
        if link.warning and self.pending is not link:
            self.pending = link
            warn = Text()
            warn.append(f"{glyphs().warn} ", style="bold yellow")
            warn.append(clean_line(link.warning)[:300], style="bold yellow")
            warn.append(f"\n{clean_line(link.url)[:200]}")
            warn.append("\nEnter again to open it anyway, Esc to cancel.", style="dim")
            self._say(warn)
            return
        self.dismiss(link)
