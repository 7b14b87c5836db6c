"""The one set of glyphs the UI draws with: Unicode, or plain ASCII, chosen once at start.

A terminal that cannot draw `✉` or `→` (a C or POSIX locale, the Linux console, a vt100, a
dumb terminal, or `ascii = true` in the config) gets ASCII stand-ins. The app calls `choose`
once when it starts; every widget and row builder reads `current()`. No flag is threaded
through calls, so a new widget cannot forget it. Standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["ASCII", "UNICODE", "Glyphs", "choose", "current", "detect_ascii", "use"]

ASCII_TERMS: Final = frozenset({"linux", "vt100", "vt102", "vt220", "vt52", "dumb", "ansi"})
"""`TERM` values whose fonts or character sets cannot be trusted with symbols."""


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Every character the UI draws that is not a letter of the text itself."""

    ascii: bool
    ellipsis: str
    """A cut in running text ("…" or "...")."""
    cut: str
    """A cut inside a fixed-width column: one cell ("…" or "~")."""
    dash: str
    warn: str
    unread: str
    replied: str
    sent: str
    received: str
    unknown_direction: str
    quote_bar: str
    separator: str
    """Between groups of keys in the footer."""
    email: str
    call: str
    search: str
    dot: str
    """Between items on one line ("Enter open · Esc cancel")."""
    rule: str
    """A horizontal rule, repeated."""
    open_quote: str
    close_quote: str
    range_dash: str
    """Between the ends of a range of numbers ("1–5")."""
    down: str
    """The Down arrow key, in hints."""
    up: str
    """Above the view ("2 new ↑")."""
    overflow: Literal["ellipsis", "crop"]
    """How Rich cuts a line too long for its place: with "…", or (ASCII) without a mark."""

    def badge(self, unicode_badge: str, ascii_badge: str) -> str:
        """One of two spellings of a badge, by the set in use."""
        return ascii_badge if self.ascii else unicode_badge

    def quoted(self, words: str) -> str:
        """`words` between quotation marks."""
        return f"{self.open_quote}{words}{self.close_quote}"


UNICODE: Final = Glyphs(
    ascii=False,
    ellipsis="…",
    cut="…",
    dash="—",
    warn="⚠",
    unread="●",
    replied="↩",
    sent="→",
    received="←",
    unknown_direction="·",
    quote_bar="▎ ",
    separator="▏",
    email="✉",
    call="☎",
    search="🔎",
    dot="·",
    rule="─",
    open_quote="“",
    close_quote="”",
    range_dash="–",
    down="↓",
    up="↑",
    overflow="ellipsis",
)
ASCII: Final = Glyphs(
    ascii=True,
    ellipsis="...",
    cut="~",
    dash="-",
    warn="!",
    unread="*",
    replied="<",
    sent=">",
    received="<",
    unknown_direction=".",
    quote_bar="| ",
    separator="|",
    email="@",
    call="TEL",
    search="/",
    dot="|",
    rule="-",
    open_quote='"',
    close_quote='"',
    range_dash="-",
    down="down",
    up="^",
    overflow="crop",
)

_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"0", "false", "no", "off"})


def detect_ascii(
    environ: Mapping[str, str] | None = None, *, configured: bool | None = None
) -> bool:
    """True when the terminal should get ASCII only.

    `LEMTUI_ASCII=1`/`0` decides first, then `ascii` from the config file, then `TERM` (the
    Linux console, vt100, dumb), then the locale as mutt reads it: one that is set but not
    UTF-8 (`C`, `POSIX`, `en_US.ISO-8859-1`) means a terminal that may not draw `✉`.
    """
    env = os.environ if environ is None else environ
    forced = env.get("LEMTUI_ASCII", "").strip().lower()
    if forced in _TRUE:
        return True
    if forced in _FALSE:
        return False
    if configured is not None:
        return configured
    if env.get("TERM", "").strip().lower() in ASCII_TERMS:
        return True
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name, "")
        if value:
            return "utf8" not in value.lower().replace("-", "")
    return False


_current: Glyphs = UNICODE


def current() -> Glyphs:
    """The set chosen at start (Unicode until `choose` or `use` is called)."""
    return _current


def use(glyphs: Glyphs) -> Glyphs:
    """Draw with `glyphs` from now on; returns the set it replaces (tests put it back)."""
    global _current
    previous, _current = _current, glyphs
    return previous


def choose(environ: Mapping[str, str] | None = None, *, configured: bool | None = None) -> Glyphs:
    """Pick the set for this terminal once, at start, and use it."""
    glyphs = ASCII if detect_ascii(environ, configured=configured) else UNICODE
    use(glyphs)
    return glyphs
