"""What the app asks of a screen that shows a live list (the inbox, a conversation).

A base of its own, so the app can tell such a screen without importing either of them: each
is loaded only when it is first shown (a first frame of the inbox needs no conversation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

if TYPE_CHECKING:
    from rich.text import Text

    from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["ListScreen"]


class ListScreen(Screen[None]):
    """A screen with one list the app's timer refreshes, and a header that shows its state."""

    @property
    def live_list(self) -> PagedList[Any]:
        """The list the app's timer refreshes while this screen is shown."""
        raise NotImplementedError

    def refresh_live(self, *, timed: bool) -> bool:
        """Ask the list's newest page again and merge it; False when nothing was asked."""
        raise NotImplementedError

    def set_live_note(self, note: Text) -> None:
        """Show the live state (a failed refresh and its next try) in the header."""
        raise NotImplementedError
