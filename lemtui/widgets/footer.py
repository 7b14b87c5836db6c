"""The footer every lemtui screen shows: that screen's keys, tighter on a narrow terminal."""

from __future__ import annotations

from typing import Final

from textual.events import Resize
from textual.widgets import Footer

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

    def on_resize(self, event: Resize) -> None:
        """Tighten or loosen the keys as the terminal is resized."""
        self.compact = event.size.width < COMPACT_BELOW
