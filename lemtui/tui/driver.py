"""The terminal driver lemtui runs on: Textual's own, with what it writes made shorter and safe.

`LemtuiApp.get_driver_class` (Textual's public hook) puts `TerminalOutput` in front of the
platform's driver (`LinuxDriver`, `WindowsDriver`, or one named by `TEXTUAL_DRIVER`). Everything
written to the terminal then goes, in order:

- whole sequences only: a write that ends inside an escape sequence (Textual cuts a frame in
  pieces of 8,192 characters on Windows) keeps its start for the next write;
- through `lemtui.tui.ascii_out.to_ascii` in ASCII mode (`glyphs.current().ascii`): no
  character above 127 reaches a terminal that cannot draw it, whatever a widget or Textual draws;
- through a `lemtui.tui.scroll_out.ScrollRegions`: a frame whose rows moved up or down is sent
  as a terminal scroll and the cells that still differ (a one-line scroll of a list costs a
  row, not the list; `LEMTUI_SCROLL_REGIONS=0` turns it off for a terminal that scrolls wrong);
- through a `lemtui.tui.sgr.SgrDiff`: each style change is sent as what changed, not as a reset
  and the whole style (a third fewer bytes per scrolled line over SSH; the same picture).

The headless driver of tests and snapshots is Textual's, untouched: it draws nothing.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from textual.driver import Driver

from lemtui.tui.ascii_out import to_ascii
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.scroll_out import ScrollRegions
from lemtui.tui.sgr import SgrDiff
from lemtui.tui.textual_private import driver_app

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["TerminalOutput", "lemtui_driver"]

_CUT: Final = re.compile(r"\x1b(?:\[[0-9;:?<=>]*[ -/]*|\](?:[^\x07\x1b]|\x1b(?!\\))*)?\Z")
"""A sequence the write ends inside of (a CSI, an OSC without its end, a lone ESC)."""
_CUT_REACH: Final = 4096
"""How far from a write's end a cut sequence can start (a title or a link is far shorter)."""


class TerminalOutput(Driver):
    """Mixed in before a platform driver: ASCII in ASCII mode, then shorter style changes."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self.style_diff = SgrDiff()
        """What rewrites the style changes (it knows the style the terminal is in)."""
        self.scroll_regions: ScrollRegions | None = (
            None
            if self.is_inline or os.environ.get("LEMTUI_SCROLL_REGIONS", "").strip() == "0"
            else ScrollRegions()
        )
        """What turns scrolled frames into terminal scrolls (it knows what the terminal shows)."""
        self._cut = ""
        """The start of a sequence the last write ended inside of, sent with the next write:
        on Windows Textual writes a frame in pieces of 8,192 characters, cut anywhere."""

    def write(self, data: str) -> None:
        """Write `data` to the terminal, in ASCII if the glyphs are, scrolled rows as a
        scroll, with shorter styles."""
        data = self._cut + data
        cut = _CUT.search(data, max(0, len(data) - _CUT_REACH))  # only the end can be cut
        self._cut = data[cut.start() :] if cut else ""
        data = data[: cut.start()] if cut else data
        if glyphs().ascii:
            data = to_ascii(data)
        if self.scroll_regions is not None:
            width, height = driver_app(self).size
            self.scroll_regions.resize(width, height)
            data = self.scroll_regions.feed(data)
        super().write(self.style_diff.feed(data))  # type: ignore[safe-super]

    def start_application_mode(self) -> None:
        """Start (or, after Ctrl-Z or an editor, resume): the terminal's style and what it
        shows are unknown."""
        self.style_diff.forget()
        self._cut = ""
        if self.scroll_regions is not None:
            self.scroll_regions.forget()
        super().start_application_mode()  # type: ignore[safe-super]


@cache
def lemtui_driver(platform_driver: type[Driver]) -> type[Driver]:
    """`platform_driver` with `TerminalOutput` in front of it (one class per platform driver)."""
    name = f"Lemtui{platform_driver.__name__}"
    return type(name, (TerminalOutput, platform_driver), {"__module__": __name__})
