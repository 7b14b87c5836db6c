"""The footer every lemtui screen shows: that screen's keys, tighter on a narrow terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["COMPACT_BELOW", "KeysFooter"]

COMPACT_BELOW: Final = 100
"""Columns under which the keys are set closer together (so 80 columns show them all)."""


class KeysFooter(Footer):
    """Textual's footer (the shown screen's bindings), compact below `COMPACT_BELOW` columns.

    Compact, the space between a key and its description goes with the key (`f ` then
    `Filter`): a run that starts with a space loses it in SVG screenshots (`fFilter`).
    """

    DEFAULT_CSS = """
    KeysFooter FooterKey.-compact .footer-key--key {
        padding: 0 1 0 0;
    }
    KeysFooter FooterKey.-compact .footer-key--description {
        padding: 0;
    }
    """

    _composed: tuple[object, ...] | None = None
    """The keys shown, or about to be (a rebuild is on its way); None: unknown, rebuild."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Recompose only when what the footer shows changed.

        Textual recomposes the footer whenever the screen's bindings are updated: on every
        focus move, the prompt closing, a list opening. Each recompose makes and restyles
        every key (~20 ms with a conversation's keys), mostly to draw the same keys again.
        """
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = self._shown(screen)
            if shown == self._composed:
                return
            self._composed = shown  # a second update before the rebuild asks for nothing
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        """Textual's keys; what they were made from is noted here, where they are read (the
        bindings may have moved since the update that asked for this)."""
        shown = self._shown(self.screen) if self.is_attached else None
        made = False
        for widget in super().compose():
            made = True
            yield widget
        self._composed = shown if made else None

    def _shown(self, screen: Screen[Any]) -> tuple[object, ...]:
        """The keys the footer would show, with whether each is enabled and its tooltip."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in screen.active_bindings.items()
            if active.binding.show or key == palette
        )

    def on_resize(self, event: Resize) -> None:
        """Tighten or loosen the keys as the terminal is resized."""
        self.compact = event.size.width < COMPACT_BELOW
