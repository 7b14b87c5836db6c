"""Scrollbars drawn with the one set of glyphs: Textual's, or whole cells in ASCII mode.

Textual draws a thumb's ends with eighth blocks (`▁▂▃…`, `▉▊▋…`) for sub-cell precision; in
ASCII mode (`lemtui.tui.glyphs`) the thumb is drawn in whole cells of colour, spaces only.
`ScrollBar.renderer` is Textual's public hook for this (see `textual.scrollbar.ScrollBar`);
the app sets it once at start, and in Unicode mode nothing changes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.color import Color
from rich.segment import Segments
from textual.scrollbar import ScrollBarRender

from lemtui.tui.glyphs import current as glyphs

__all__ = ["GlyphScrollBarRender"]


_BACK = Color.parse("#555555")
_BAR = Color.parse("bright_magenta")
"""Textual's own defaults (the scrollbar passes its colours in every call)."""


class _AsciiScrollBarRender(ScrollBarRender):
    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


class GlyphScrollBarRender(ScrollBarRender):
    """Textual's scrollbar, with no block characters when the glyphs are ASCII."""

    @classmethod
    def render_bar(
        cls,
        size: int = 25,
        virtual_size: float = 50,
        window_size: float = 20,
        position: float = 0,
        thickness: int = 1,
        vertical: bool = True,
        back_color: Color = _BACK,
        bar_color: Color = _BAR,
    ) -> Segments:
        """The bar's segments, drawn by Textual's renderer or its ASCII twin."""
        renderer = _AsciiScrollBarRender if glyphs().ascii else ScrollBarRender
        return renderer.render_bar(
            size, virtual_size, window_size, position, thickness, vertical, back_color, bar_color
        )
