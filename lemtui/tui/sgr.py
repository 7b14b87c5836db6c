"""Shorter terminal output: each style change written as what changed, not as a reset and all.

Textual writes every run of text as `ESC[0m`-terminated, fully specified style (both colours,
every attribute): ~40 bytes a run, most of it repeating what the terminal already has. A
`SgrDiff` sits in front of the terminal and rewrites only the SGR sequences (`ESC[…m`): it
keeps the style the stream asked for and, when text is about to be printed, sends only what
differs from the terminal's current style (or a reset and the style, if shorter), and spaces
are drawn in the style the terminal has when nothing of it shows on a space (only the
letters' colour or weight differ), so a run of one style is not broken by them. The text,
cursor moves and every other sequence pass through unchanged and in order; before anything
that may paint with the current style (an erase, a scroll) and at the end of every write, the
terminal is brought to the style the stream asked for, so what it shows is exactly what
Textual meant. No UI import: this is string processing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

__all__ = ["SgrDiff", "Style"]

_TOKEN: Final = re.compile(
    r"\x1b\[([0-9;:?<=>]*)([ -/]*[@-~])"  # CSI: parameters, final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (titles, links)
    r"|\x1b[^\[\]]?"  # any other escape
)
_MOVES: Final = frozenset("ABCDEFGHdf")
"""CSI finals that only move the cursor: they draw nothing, so they need no style."""
_NUMBERS: Final = re.compile(r"[0-9;]*")

_ON: Final = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 6: "blink",
              7: "reverse", 8: "conceal", 9: "strike", 21: "underline2", 51: "frame",
              52: "encircle", 53: "overline"}  # fmt: skip
_OFF: Final = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline", "underline2"),
               25: ("blink",), 27: ("reverse",), 28: ("conceal",), 29: ("strike",),
               54: ("frame", "encircle"), 55: ("overline",)}  # fmt: skip
_OFF_CODE: Final = {"bold": "22", "dim": "22", "italic": "23", "underline": "24",
                    "underline2": "24", "blink": "25", "reverse": "27", "conceal": "28",
                    "strike": "29", "frame": "54", "encircle": "54", "overline": "55"}  # fmt: skip
_ON_CODE: Final = {name: str(code) for code, name in _ON.items() if code != 6}
_SHOW_ON_BLANKS: Final = frozenset(
    {"reverse", "underline", "underline2", "strike", "overline", "frame", "encircle"}
)
"""Attributes that show on a space (bold, dim, italic, blink and the letters' colour do not)."""


@dataclass(frozen=True, slots=True)
class Style:
    """A terminal's graphic rendition: attributes on, and colours as SGR parameters."""

    attributes: frozenset[str] = frozenset()
    fg: str = ""
    """"" for the default, else the parameters that set it ("31", "38;2;1;2;3")."""
    bg: str = ""
    underline_color: str = ""

    def codes(self) -> list[str]:
        """The SGR parameters that set this style after a reset."""
        codes = [_ON_CODE[name] for name in sorted(self.attributes)]
        codes += [part for part in (self.fg, self.bg, self.underline_color) if part]
        return codes


PLAIN: Final = Style()


def _colour(params: list[str], index: int) -> tuple[str, int] | None:
    """The colour that starts at `params[index]` (38/48/58 then 5;n or 2;r;g;b), and the
    index after it; None if it is malformed."""
    kind = params[index + 1] if index + 1 < len(params) else ""
    if kind == "5" and index + 2 < len(params):
        return ";".join(params[index : index + 3]), index + 3
    if kind == "2" and index + 4 < len(params):
        return ";".join(params[index : index + 5]), index + 5
    return None


@lru_cache(maxsize=4096)
def apply_sgr(style: Style, parameters: str) -> Style | None:
    """`style` after `ESC[{parameters}m`; None for anything not understood (it is then
    passed on as it is, and the terminal's style is taken as unknown).

    Remembered (a pure function of a few hundred styles a screen uses): a full frame of the
    inbox sends ~1,000 style sequences, and working each out again took ~8 ms a frame."""
    if ":" in parameters or any(char in parameters for char in "?<=>"):
        return None
    params = parameters.split(";") if parameters else ["0"]
    attributes = set(style.attributes)
    fg, bg, underline_color = style.fg, style.bg, style.underline_color
    index = 0
    while index < len(params):
        text = params[index] or "0"
        if not text.isdigit():
            return None
        code = int(text)
        index += 1
        if code == 0:
            attributes.clear()
            fg = bg = underline_color = ""
        elif code in _ON:
            attributes.add(_ON[code])
        elif code in _OFF:
            attributes.difference_update(_OFF[code])
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = text
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = text
        elif code == 39:
            fg = ""
        elif code == 49:
            bg = ""
        elif code == 59:
            underline_color = ""
        elif code in (38, 48, 58):
            found = _colour(params, index - 1)
            if found is None:
                return None
            colour, index = found
            if code == 38:
                fg = colour
            elif code == 48:
                bg = colour
            else:
                underline_color = colour
        else:
            return None
    return replace(
        style,
        attributes=frozenset(attributes),
        fg=fg,
        bg=bg,
        underline_color=underline_color,
    )


@lru_cache(maxsize=4096)
def transition(current: Style, wanted: Style) -> str:
    """The shortest SGR sequence that takes the terminal from `current` to `wanted`
    (remembered, like `apply_sgr`)."""
    if current == wanted:
        return ""
    full = "\x1b[" + ";".join(["0", *wanted.codes()]) + "m" if wanted != PLAIN else "\x1b[0m"
    codes: list[str] = []
    lost = current.attributes - wanted.attributes
    for code in sorted({_OFF_CODE[name] for name in lost}):
        codes.append(code)
    gained = set(wanted.attributes - current.attributes)
    if "22" in codes:  # 22 clears bold and dim together: restore the one still wanted
        gained |= wanted.attributes & {"bold", "dim"}
    if "24" in codes:
        gained |= wanted.attributes & {"underline", "underline2"}
    if "54" in codes:
        gained |= wanted.attributes & {"frame", "encircle"}
    codes += [_ON_CODE[name] for name in sorted(gained)]
    for now, then, default in (
        (current.fg, wanted.fg, "39"),
        (current.bg, wanted.bg, "49"),
        (current.underline_color, wanted.underline_color, "59"),
    ):
        if now != then:
            codes.append(then or default)
    diff = "\x1b[" + ";".join(codes) + "m"
    return diff if len(diff) < len(full) else full


class SgrDiff:
    """Rewrites a terminal output stream's SGR sequences as changes (see the module)."""

    def __init__(self) -> None:
        self._terminal: Style | None = None
        """The style the terminal has (None: unknown, as at the start)."""
        self._wanted: Style = PLAIN
        self._verbatim = False
        """After a style sequence this module does not understand, everything is passed on
        as it is, until a reset makes the style known again."""

    def forget(self) -> None:
        """The terminal's style is unknown again (another program used the terminal, as an
        editor does while lemtui is suspended): the next style is sent whole, after a reset."""
        self._terminal = None
        self._verbatim = False

    def _settle(self, out: list[str]) -> None:
        """Bring the terminal to the wanted style."""
        if self._verbatim:
            return
        if self._terminal is None:
            out.append("\x1b[" + ";".join(["0", *self._wanted.codes()]) + "m")
        else:
            out.append(transition(self._terminal, self._wanted))
        self._terminal = self._wanted

    def _style(self, sequence: str, parameters: str, out: list[str]) -> None:
        resets = parameters == "" or parameters.split(";")[0] in ("", "0")
        if self._verbatim:
            out.append(sequence)
            style = apply_sgr(PLAIN, parameters) if resets else None
            if style is not None:
                self._verbatim = False
                self._terminal = self._wanted = style
            return
        style = apply_sgr(self._wanted, parameters)
        if style is None:
            self._settle(out)
            out.append(sequence)
            self._verbatim = True
            self._terminal = None
        else:
            self._wanted = style

    def feed(self, data: str) -> str:
        """The same output with shorter style changes; the terminal ends in the style the
        stream left it in."""
        out: list[str] = []
        position = 0
        for match in _TOKEN.finditer(data):
            self._text(data[position : match.start()], out)
            position = match.end()
            sequence = match.group(0)
            final = match.group(2)
            if final == "m":
                self._style(sequence, match.group(1), out)
                continue
            if final is None or final not in _MOVES or not _NUMBERS.fullmatch(match.group(1)):
                self._settle(out)  # an erase or a scroll may paint with the current style
            out.append(sequence)
        self._text(data[position:], out)
        self._settle(out)
        return "".join(out)

    def _text(self, text: str, out: list[str]) -> None:
        if not text:
            return
        drawn = text.strip("\r\n")  # line breaks only move the cursor
        if drawn and not (drawn.strip(" ") == "" and self._blanks_look_right()):
            self._settle(out)
        out.append(text)

    def _blanks_look_right(self) -> bool:
        """Whether spaces drawn in the terminal's style look as in the wanted one: the colour
        and weight of letters do not show on a space; a background, reverse and lines do."""
        terminal, wanted = self._terminal, self._wanted
        if terminal is None or self._verbatim:
            return False
        if terminal.bg != wanted.bg or terminal.attributes & _SHOW_ON_BLANKS != (
            wanted.attributes & _SHOW_ON_BLANKS
        ):
            return False
        if "reverse" in wanted.attributes and terminal.fg != wanted.fg:
            return False
        underlined = wanted.attributes & {"underline", "underline2"}
        return not underlined or terminal.underline_color == wanted.underline_color
