"""What the first contact prompt is drawn over: the empty conversation screen, without its panes.

Started with no contact and no user ID, lemtui shows the contact prompt at once. Under it the
user sees (dimmed) only the header and the notice of an empty conversation screen; building the
real screen (its message list, detail pane and search bar, and their modules) would cost the
first frame a third of a bare Textual app's. This stand-in draws the same header and notice;
the app replaces it with the conversation screen as soon as the prompt is answered or closed.
"""

from __future__ import annotations

from typing import Final

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from lemtui.config import Settings
from lemtui.widgets.footer import KeysFooter
from lemtui.widgets.header_bar import HeaderBar

__all__ = ["NO_CONVERSATION", "StartScreen", "empty_header", "mark_mode"]

NO_CONVERSATION: Final = Text.assemble(
    ("No conversation open.\n\n", "bold"), "Press o to open a contact, ? for help, q to quit."
)


def mark_mode(settings: Settings) -> str:
    """Whether opening a conversation marks it read, as the header says it."""
    if settings.read_only:
        return "off (read-only)"
    if not settings.mark_as_read:
        return "off"
    return "on" if settings.user_id else "off (no user id)"


def empty_header(settings: Settings) -> tuple[Text, list[Text]]:
    """The header's title and figures while no conversation is open."""
    title = Text(no_wrap=True, overflow="ellipsis", end="")
    title.append("lemtui", style="bold")
    return title, [Text(f"mark-as-read: {mark_mode(settings)}")]


class StartScreen(Screen[None]):
    """The header, the "no conversation" notice and the footer; nothing to load or search.

    Shown again with nothing over it (a modal closed without opening a contact: the team
    picker, the help), it says so with `Uncovered`, and the app puts the conversation screen
    in its place.
    """

    class Uncovered(Message):
        """Nothing is over the stand-in any more: the real screen should take its place."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._resumed = 0

    def compose(self) -> ComposeResult:
        """The conversation screen's header, notice and footer, with the same IDs (same CSS)."""
        yield HeaderBar(id="conv-header")
        yield Static(NO_CONVERSATION, id="conv-notice", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Fill the header as the empty conversation screen does."""
        self.query_one(HeaderBar).show(*empty_header(self.settings))

    def on_screen_resume(self) -> None:
        """The first resume is the screen's first showing (the prompt goes up over it)."""
        self._resumed += 1
        if self._resumed > 1 and self.app.screen is self:
            self.post_message(self.Uncovered())
