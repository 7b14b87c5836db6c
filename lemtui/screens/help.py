"""The help screen: every key, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["KEYS", "HelpScreen"]

KEYS: Final[tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = (
    (
        "Everywhere",
        (
            ("o", "open a contact (ID or email address)"),
            ("i", "your inbox (needs --user-id)"),
            ("? / ctrl+p", "this help / command palette"),
            ("q", "quit"),
        ),
    ),
    (
        "Inbox",
        (
            ("j k  ↓ ↑  g G", "move (● unread, ↩ replied)"),
            ("Enter", "read the conversation"),
            ("r", "reload, or retry what failed"),
        ),
    ),
    (
        "Message list",
        (
            ("j k  ↓ ↑", "next / previous message"),
            ("g G  Home End", "first / last loaded message"),
            ("PgDn PgUp", "a page down / up (also ctrl+d ctrl+u)"),
            ("Enter", "read it (on a failed row: retry)"),
            ("Tab", "switch between list and message"),
            ("Esc", "back to the inbox"),
            ("r", "reload, or retry what failed"),
            ("m", "mark the conversation read"),
        ),
    ),
    (
        "Search and filter",
        (
            ("/", "search the loaded subjects and bodies"),
            ("n N", "next / previous hit"),
            ("L", "load every page (then search again)"),
            ("f", "filter: all, replies, sent, email, LinkedIn, other"),
        ),
    ),
    (
        "Message",
        (
            ("j k  ↓ ↑", "scroll a line"),
            ("space b", "scroll a page (also PgDn PgUp)"),
            ("g G", "top / bottom"),
            ("z", "unfold / fold quotes and signatures"),
            ("l", "open link N (copied instead over SSH)"),
            ("Esc  Tab", "back to the list"),
        ),
    ),
    (
        "Copy and save (terminal clipboard, OSC 52)",
        (
            ("y", "copy the message as text"),
            ("Y", "copy the loaded conversation as Markdown"),
            ("e", "save it to ~/lemtui-exports/ (0600)"),
        ),
    ),
    (
        "Contact prompt",
        (
            ("↓ ↑  Enter", "pick a recent contact"),
            ("Esc", "cancel"),
        ),
    ),
)


def help_text() -> Text:
    """The key table as text, short enough for a 24-line terminal."""
    text = Text(end="")
    width = max(len(key) for _, keys in KEYS for key, _ in keys) + 2
    for index, (section, keys) in enumerate(KEYS):
        if index:
            text.append("\n")
        text.append(section, style="bold underline")
        for key, what in keys:
            text.append("\n")
            text.append(f"  {key:<{width}}", style="bold")
            text.append(what)
    return text


class HelpScreen(ModalScreen[None]):
    """All the keys; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def compose(self) -> ComposeResult:
        """The key table in a scrollable box (it is taller than 24 lines)."""
        with VerticalScroll(id="help-box"):
            yield Static(
                Text.assemble(("lemtui keys", "bold"), ("  Esc, q or ? closes", "dim")),
                id="help-title",
            )
            yield Static(help_text(), id="help-keys", markup=False)

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
