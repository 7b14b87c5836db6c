"""The screen at the bottom of the stack: blank, and what the first contact prompt is drawn over.

Started with no contact and no user ID, lemtui shows the contact prompt at once. A screen
drawn under it is composed, styled and drawn dimmed before the prompt's first whole frame, for
a background the prompt mostly hides: with the conversation screen under it that frame took
1.5× a bare Textual app's (bench 1), with only its header and notice 1.4×, over this blank
screen 1.1×. The app pushes the conversation screen over this one once the prompt is answered
or closed.
"""

from __future__ import annotations

from textual.message import Message
from textual.screen import Screen

__all__ = ["StartScreen"]


class StartScreen(Screen[None]):
    """Nothing to show; shown again with nothing over it, it says so with `Uncovered`.

    That happens when a modal over it closes without opening a contact (the first prompt
    cancelled, the palette's Team then Esc): the app then shows the empty conversation
    screen, which says how to open a contact or quit.
    """

    class Uncovered(Message):
        """Nothing is over the start screen any more: a real screen should go over it."""

    def __init__(self) -> None:
        super().__init__()
        self._resumed = 0

    def on_screen_resume(self) -> None:
        """The first resume is the app's start (whatever goes up first goes over it)."""
        self._resumed += 1
        if self._resumed > 1 and self.app.screen is self:
            self.post_message(self.Uncovered())
