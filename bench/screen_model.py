"""A small model of what a terminal shows, for the floor of the bytes figures.

Textual's output is cursor moves (`CSI row;col H`), style changes (`SGR`), text, CR and LF,
inside synchronized-update brackets, and lemtui's scrolls (`lemtui.tui.scroll_out`: margins,
then LF at the bottom one or RI at the top); this keeps each cell's character and the style it
was written in. Comparing the screen before and after a key tells which cells really changed; the
floor of that key's bytes is, for each row that changed, one cursor move and the characters from
its first changed cell to its last (styles not counted: a lower bound).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEQUENCE = re.compile(r"\x1b(?:\[([0-9;?<=>]*)([ -/]*[@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|.)")

Cell = tuple[str, tuple[str, ...]]
"""A cell's character and the style it was written in (as `_apply_sgr` keeps it)."""
_OFF = {22: ("1", "2"), 23: ("3",), 24: ("4",), 25: ("5",), 27: ("7",), 28: ("8",), 29: ("9",)}


def _apply_sgr(state: dict[str, str], params: str) -> None:
    """Apply one SGR sequence's parameters to `state` (colours by their codes, attributes)."""
    codes = [int(code or 0) for code in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        code = codes[i]
        if code == 0:
            state.clear()
        elif code in (38, 48) and i + 1 < len(codes):
            width = 3 if codes[i + 1] == 5 else 5
            state["fg" if code == 38 else "bg"] = ";".join(map(str, codes[i : i + width]))
            i += width - 1
        elif 30 <= code <= 37 or 90 <= code <= 97:
            state["fg"] = str(code)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            state["bg"] = str(code)
        elif code == 39:
            state.pop("fg", None)
        elif code == 49:
            state.pop("bg", None)
        elif code in _OFF:
            for name in _OFF[code]:
                state.pop(name, None)
        else:
            state[str(code)] = ""
        i += 1


@dataclass
class Screen:
    """Cells by (row, column), 1-based, and where the cursor and the style are."""

    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    row: int = 1
    col: int = 1
    state: dict[str, str] = field(default_factory=dict)
    rows: int = 40
    top: int = 1
    bottom: int = 40
    """The scrolling margins (DECSTBM), 1-based and inclusive."""

    def _scroll(self, up: bool) -> None:
        """Move the rows between the margins one up (LF at the bottom margin) or down (RI at
        the top one); the row let in is blank."""
        moved: dict[tuple[int, int], Cell] = {}
        for (row, col), cell in self.cells.items():
            if not self.top <= row <= self.bottom:
                moved[(row, col)] = cell
                continue
            target = row - 1 if up else row + 1
            if self.top <= target <= self.bottom:
                moved[(target, col)] = cell
        self.cells = moved

    def feed(self, data: bytes) -> set[int]:
        """Apply `data`; the rows a character was written on."""
        text = data.decode("utf-8", "replace")
        written: set[int] = set()
        style = tuple(sorted(f"{k}={v}" for k, v in self.state.items()))
        position = 0
        for match in [*_SEQUENCE.finditer(text), None]:
            end = match.start() if match else len(text)
            for char in text[position:end]:
                if char == "\r":
                    self.col = 1
                elif char == "\n":
                    if self.row == self.bottom:
                        self._scroll(up=True)
                    else:
                        self.row += 1
                elif char >= " ":
                    self.cells[(self.row, self.col)] = (char, style)
                    written.add(self.row)
                    self.col += 1
            if match is None:
                break
            position = match.end()
            params, final = match.group(1), match.group(2)
            if match.group(0) == "\x1bM":  # reverse index
                if self.row == self.top:
                    self._scroll(up=False)
                else:
                    self.row -= 1
            elif final == "r":
                top, _, bottom = (params or "").partition(";")
                self.top, self.bottom = int(top or 1), int(bottom or self.rows)
                self.row, self.col = 1, 1
            elif final == "H":
                row, _, col = (params or "").partition(";")
                self.row, self.col = int(row or 1), int(col or 1)
            elif final == "m":
                _apply_sgr(self.state, params or "")
                style = tuple(sorted(f"{k}={v}" for k, v in self.state.items()))
            elif final == "K":  # erase to the end of the line
                for key in [k for k in self.cells if k[0] == self.row and k[1] >= self.col]:
                    del self.cells[key]
            elif final == "J" and params == "2":
                self.cells.clear()
        return written

    def snapshot(self) -> dict[tuple[int, int], Cell]:
        """The cells as they are now."""
        return dict(self.cells)


def floor_bytes(before: dict[tuple[int, int], Cell], after: dict[tuple[int, int], Cell]) -> int:
    """The least bytes that turn `before` into `after`: per row where a cell's character or
    style changed, a cursor move and the characters from its first changed cell to its last
    (the style sequences are not counted)."""
    blank: Cell = (" ", ())
    changed: dict[int, list[int]] = {}
    for key in before.keys() | after.keys():
        if before.get(key, blank) != after.get(key, blank):
            changed.setdefault(key[0], []).append(key[1])
    total = 0
    for row, cols in changed.items():
        first, last = min(cols), max(cols)
        total += len(f"\x1b[{row};{first}H")
        span = "".join(after.get((row, col), blank)[0] for col in range(first, last + 1))
        total += len(span.encode("utf-8"))
    return total
