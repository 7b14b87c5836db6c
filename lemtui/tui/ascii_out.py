"""Terminal output in plain ASCII, cell for cell: what an ASCII-only terminal is sent.

In ASCII mode (`lemtui.tui.glyphs.current().ascii`) the terminal driver passes everything it
writes through `to_ascii`, so no character above 127 reaches the terminal whatever a widget or
Textual itself draws (box drawing, scroll bars, a sender's accented name). Each character keeps
its width, so the layout Textual computed is the layout drawn: a one-cell character becomes one
ASCII character, a two-cell one (an emoji, a CJK ideograph) two, a zero-width one (a combining
accent) none. Escape sequences are ASCII and pass through unchanged. Pure string processing.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from rich.cells import get_character_cell_size

__all__ = ["to_ascii"]

_NAMED: Final = {
    "…": ".", "—": "-", "–": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
    "«": '"', "»": '"', "‹": "<", "›": ">", "·": ".", "•": "*", "●": "*", "○": "o", "◦": "o",
    "×": "x", "÷": "/", "✓": "v", "✔": "v", "✕": "x", "✗": "x", "✘": "x", "⚠": "!",
    "⏎": "<", "↩": "<", "↪": ">", "✉": "@", "☎": "T", "©": "c", "®": "r", "°": "o", "¦": "|",
    "§": "S", "¶": "P", "€": "E", "£": "L", "¥": "Y", "¢": "c", "¡": "!", "¿": "?",
}  # fmt: skip
"""Common symbols and punctuation whose ASCII look-alike is not in their decomposition."""
_SOLID_BLOCKS: Final = ("FULL", "SHADE", "SEVEN EIGHTHS", "THREE QUARTERS", "QUADRANT")
"""Block elements that fill most of a cell: drawn `#`; thinner ones (the eighths of scroll bars
and tall borders, halves) are drawn as a space in the same colours."""
_ARROWS: Final = (("LEFT", "<"), ("RIGHT", ">"), ("UP", "^"), ("DOWN", "v"))


def _box_drawing(name: str) -> str:
    """A box-drawing character as `-`, `|` or `+` by the directions its lines go."""
    if "DIAGONAL" in name:
        if "CROSS" in name:
            return "X"
        return "/" if "UPPER RIGHT TO LOWER LEFT" in name else "\\"
    words = set(name.split())
    across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
    upright = bool(words & {"VERTICAL", "UP", "DOWN"})
    if across and not upright:
        return "-"
    if upright and not across:
        return "|"
    return "+"


def _one_cell(char: str) -> str:
    """The ASCII character that stands for `char` in one cell."""
    if char in _NAMED:
        return _NAMED[char]
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        return _box_drawing(name)
    if name.endswith("BLOCK") or "SHADE" in name or "QUADRANT" in name:
        return "#" if any(part in name for part in _SOLID_BLOCKS) else " "
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category == "Pd":
        return "-"
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if " " <= c <= "~")
    if base:
        return base[0]
    if "ARROW" in name or "TRIANGLE" in name or "POINTER" in name:
        for word, arrow in _ARROWS:
            if word in name:
                return arrow
    if "BULLET" in name or "CIRCLE" in name or "STAR" in name:
        return "*"
    return "?"


def _stand_in(char: str) -> str:
    """`char` in ASCII, as many characters as it takes cells (none for a zero-width one)."""
    cells = get_character_cell_size(char)
    if cells <= 0:
        return ""
    if cells == 1:
        return _one_cell(char)
    wide = unicodedata.normalize("NFKD", char)  # a full-width letter keeps its letter
    base = "".join(c for c in wide if " " <= c <= "~")
    return (base[:cells] if base else "?").ljust(cells, "?" if not base else " ")


class _StandIns(dict[int, str]):
    """`str.translate`'s table: each character looked up once, then kept (per character)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        stand_in = char if code < 128 else _stand_in(char)
        self[code] = stand_in
        return stand_in


_TABLE: Final = _StandIns()


def to_ascii(text: str) -> str:
    """`text` with every character above 127 replaced by ASCII of the same width in cells."""
    if text.isascii():
        return text
    return text.translate(_TABLE)
