"""Scrolling the terminal instead of redrawing it: a one-line scroll costs a row, not a screen.

When a list or a message scrolls by a line, Textual redraws every row of it: ~7.5 KB at
100×40, all of it already on the terminal one row higher. `ScrollRegions` keeps a model of
what the terminal shows (each cell's character and the SGR it was written in, as Textual
writes them) and, when a frame's rows are the old ones moved up or down within a band of
rows, asks the terminal to move them itself (VT100's DECSTBM margins, then LF at the bottom
margin or RI at the top one) and draws only the cells that still differ: the new row, the
highlight, the scrollbar. This is what curses has done since the 1980s; every terminal
lemtui runs on (xterm and its kin, tmux, GNU screen, the Linux console, Windows Terminal)
has these three sequences.

It is conservative. The model starts unknown, and a cell is known only once a frame wrote
it; anything it does not follow (an erase, a hyperlink, a sequence it does not know, text
past the edge, an emoji sequence terminals draw in different widths, a resize, another
program on the terminal) makes what it touches unknown. A frame is rewritten only when
everything it wrote is known, every cell the rewrite depends on is, and the rewrite is
shorter; otherwise Textual's bytes go out unchanged. Either way the picture is the same.
No UI import: this is string processing (cell widths as Rich counts them, as Textual does).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import repeat
from typing import Final

from rich.cells import get_character_cell_size

__all__ = ["ScrollRegions"]

Cell = tuple[str, str]
"""A cell: its character ("" for the right half of a wide one) and the SGR it was written in
(the style sequences since the last reset, as written; "" for none)."""
Row = list[Cell | None]
"""A row of cells; None where what the terminal shows is not known."""

_TOKEN: Final = re.compile(
    r"\x1b\[([0-9;:?<=>]*)([ -/]*[@-~])"  # CSI: parameters, final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (a title, a hyperlink)
    r"|\x1b[^\[\]]?"  # any other escape
    r"|[\x00-\x1f\x7f]"  # a control character
)
_RESET: Final = "\x1b[0m"
_PRIVATE_MODE: Final = re.compile(r"\?[0-9;]+")
_SCREEN_MODES: Final = frozenset({"47", "1047", "1049"})
"""Private modes that switch screens: what is shown after them is not what the model holds."""
_FLAG_LETTERS: Final = ("\U0001f1e6", "\U0001f1ff")
"""Regional indicators: one cell each to Rich, two to some terminals, a flag's two to others."""
_LEAST_ROWS: Final = 3
"""Fewer rows than this moving together is not a scroll worth the margins."""
_WORTH: Final = 0.9
"""A rewrite is sent only when it is at most this share of Textual's bytes."""


def _cup(row: int, column: int) -> str:
    return f"\x1b[{row + 1};{column + 1}H"


def _largest_cluster(rows: list[int], gap: int = 3) -> list[int]:
    """The largest run of `rows` (sorted) with no more than `gap` rows missing between two:
    the rows of one scrolled widget, not a blank row that happens to match far away."""
    clusters: list[list[int]] = []
    for y in rows:
        if clusters and y - clusters[-1][-1] <= gap + 1:
            clusters[-1].append(y)
        else:
            clusters.append([y])
    return max(clusters, key=len, default=[])


class ScrollRegions:
    """Rewrites frames that scroll rows as a terminal scroll plus what still differs."""

    def __init__(self) -> None:
        self._rows: list[Row] = []
        self._width = 0
        self._height = 0
        self._x: int | None = 0
        self._y: int | None = 0
        self._sgr = ""
        self._linked = False
        """Inside a hyperlink (OSC 8): the cells written are not kept (their link would be)."""
        self._adrift = False
        """After a grapheme terminals draw in different widths, until the cursor is put back
        in a known column: where the text goes is the terminal's say."""
        self._blurred = False
        """Something written since the frame began is not known: the frame goes out as it is
        (a cell unknown before and after may still have been drawn over)."""

    def forget(self) -> None:
        """Nothing of what the terminal shows is known (another program drew on it)."""
        self._rows = [[None] * self._width for _ in range(self._height)]
        self._x = self._y = None
        self._adrift = False
        self._blurred = True

    def resize(self, width: int, height: int) -> None:
        """The terminal is `width`×`height`; after a change, nothing on it is known."""
        if (width, height) != (self._width, self._height):
            self._width, self._height = width, height
            self.forget()

    def feed(self, data: str) -> str:
        """What to send for `data`: the same picture, in fewer bytes when rows scrolled."""
        if not self._height or not self._width:
            return data
        before = [row.copy() for row in self._rows]
        plain = self._apply(data)
        if not plain:
            return data
        rewrite = self._rewrite(before)
        return rewrite if rewrite is not None and len(rewrite) <= len(data) * _WORTH else data

    # the model

    def _apply(self, data: str) -> bool:
        """Follow `data` on the model; whether it was only text, styles and cursor moves
        and left all it wrote known (a frame, which can be rewritten)."""
        self._blurred = False
        plain = True
        position = 0
        for match in _TOKEN.finditer(data):
            if match.start() > position:
                self._text(data[position : match.start()])
            position = match.end()
            if not self._control(match):
                plain = False
        if position < len(data):
            self._text(data[position:])
        if data.endswith("\x1b"):  # a sequence cut in two: where it leads is not known
            self.forget()
            plain = False
        return plain and not self._blurred

    def _control(self, match: re.Match[str]) -> bool:
        """Follow one sequence or control character; whether it belongs in a frame."""
        sequence = match.group(0)
        final = match.group(2)
        if final is not None:
            parameters = match.group(1)
            if final == "m":
                self._sgr = "" if parameters in ("", "0") else self._sgr + sequence
                return True
            if final in "Hf" and re.fullmatch(r"[0-9;]*", parameters):
                numbers = [int(n or 1) for n in parameters.split(";")] if parameters else [1]
                row, column = numbers[0], numbers[1] if len(numbers) > 1 else 1
                self._y = min(max(row, 1), self._height) - 1
                self._x = min(max(column, 1), self._width) - 1
                self._adrift = False
                return True
            if final in "hl" and _PRIVATE_MODE.fullmatch(parameters):
                if _SCREEN_MODES & set(parameters[1:].split(";")):
                    self.forget()
                return False  # a mode (cursor shown, mouse, sync): nothing drawn
            if final in "np" or final == "q":
                return False  # a query or a cursor shape: nothing drawn
            self.forget()  # an erase, a scroll, an insert: not followed
            return False
        if sequence.startswith("\x1b]"):
            if sequence.startswith("\x1b]8;"):  # ESC ] 8 ; params ; URI ST: a link if URI
                body = sequence[4:].removesuffix("\x07").removesuffix("\x1b\\")
                self._linked = bool(body.partition(";")[2])
            return False
        if sequence == "\r":
            self._x = 0
            self._adrift = False
            return True
        if sequence == "\n":
            if self._y is not None and self._y + 1 >= self._height:
                self.forget()  # the whole screen scrolled
            elif self._y is not None:
                self._y += 1
            self._x = None  # whether a carriage return comes with it is the tty's say
            return True
        if sequence in ("\x07", "\x0e", "\x0f", "\x00"):
            return False  # a bell or a shift: nothing drawn
        self.forget()  # a backspace, a tab, another escape: not followed
        return False

    def _text(self, text: str) -> None:
        x, y = self._x, self._y
        if x is None or y is None:
            self.forget()
            return
        row = self._rows[y]
        style = self._sgr
        keep = not self._linked and not self._adrift
        if keep and text.isascii() and text.isprintable():  # one cell a character
            end = x + len(text)
            if end > self._width:
                self.forget()
                return
            self._unhalve(row, x, 1)
            self._unhalve(row, end - 1, 1)
            row[x:end] = zip(text, repeat(style, len(text)), strict=True)
            self._x = end
            return
        if not keep:
            self._blurred = True
            if self._adrift:
                return  # the row is unknown from where it went adrift to its end
        base = -1  # where the last character this run drew starts
        for char in text:
            width = 1 if " " <= char < "\x7f" else get_character_cell_size(char)
            if width and not _FLAG_LETTERS[0] <= char <= _FLAG_LETTERS[1]:
                if x + width > self._width:
                    self.forget()  # past the edge: where it wraps is the terminal's say
                    return
                self._unhalve(row, x, width)
                row[x] = (char, style) if keep else None
                if width == 2:
                    row[x + 1] = ("", style) if keep else None
                base = x
                x += width
            elif keep and base >= 0 and unicodedata.combining(char):
                cell = row[base]  # a combining mark: it stays with its character
                row[base] = (cell[0] + char, cell[1]) if cell is not None else None
            else:
                # a joiner, a variation selector, a skin tone, a flag's letters (terminals
                # draw these in one cell, two or more), or a mark joining a cell drawn
                # before: where this and the rest of the row go is the terminal's say
                self._drift(y, x if width else base if base >= 0 else x - 1)
                return
        self._x = x

    def _drift(self, y: int, x: int) -> None:
        """Row `y` is unknown from column `x` (and the row below, where it may wrap to),
        until the cursor is put in a known column."""
        if not 0 <= x < self._width or y + 1 == self._height:
            self.forget()  # the row above may be joined, the next wrapped to, all scrolled
            return
        row = self._rows[y]
        cell = row[x]
        if x and cell is not None and cell[0] == "":
            x -= 1  # the whole of a wide character
        row[x:] = repeat(None, self._width - x)
        self._rows[y + 1] = [None] * self._width
        self._adrift = self._blurred = True

    def _unhalve(self, row: Row, x: int, width: int) -> None:
        """Writing over half of a wide character blanks its other half, in a way each
        terminal chooses: that half is unknown."""
        cell = row[x]
        if cell is not None and cell[0] == "" and x:
            row[x - 1] = None
        end = x + width - 1
        cell = row[end]
        if end + 1 < self._width and cell is not None and cell[0] != "":
            after = row[end + 1]
            if after is not None and after[0] == "":
                row[end + 1] = None

    # the rewrite

    def _rewrite(self, before: list[Row]) -> str | None:
        """The frame as a scroll and the cells that still differ, or None."""
        after = self._rows
        old = [tuple(row) if None not in row else None for row in before]
        new = [tuple(row) if None not in row else None for row in after]
        where: dict[tuple[Cell | None, ...], list[int]] = {}
        for y, key in enumerate(old):
            if key is not None:
                where.setdefault(key, []).append(y)
        shifts: Counter[int] = Counter()
        for y, key in enumerate(new):
            if key is not None and key != old[y]:
                for source in where.get(key, ()):
                    if source != y:
                        shifts[source - y] += 1
        best: str | None = None
        for shift, count in shifts.most_common(2):
            if count < _LEAST_ROWS:
                break
            moved = [
                y
                for y, key in enumerate(new)
                if key is not None and 0 <= y + shift < self._height and old[y + shift] == key
            ]
            band = _largest_cluster(moved)
            if len(band) < _LEAST_ROWS:
                continue
            candidate = self._scrolled(before, shift, band, old, new)
            if candidate is not None and (best is None or len(candidate) < len(best)):
                best = candidate
        return best

    def _scrolled(
        self,
        before: list[Row],
        shift: int,
        moved: list[int],
        old: list[tuple[Cell | None, ...] | None],
        new: list[tuple[Cell | None, ...] | None],
    ) -> str | None:
        """Scroll the band the `moved` rows span by `shift` (up when positive), then draw
        what differs; None when a row of the band is not wholly known, before or after."""
        if shift > 0:
            top, bottom = moved[0], moved[-1] + shift
        else:
            top, bottom = moved[0] + shift, moved[-1]
        if top < 0 or bottom >= self._height or bottom - top < abs(shift) + 1:
            return None
        if any(old[y] is None or new[y] is None for y in range(top, bottom + 1)):
            return None
        shown: list[Row] = [row.copy() for row in before]
        for y in range(top, bottom + 1):
            source = y + shift
            shown[y] = before[source].copy() if top <= source <= bottom else [None] * self._width
        out = [_RESET, f"\x1b[{top + 1};{bottom + 1}r"]
        if shift > 0:
            out.append(_cup(bottom, 0) + "\n" * shift)
        else:
            out.append(_cup(top, 0) + "\x1bM" * -shift)
        out.append("\x1b[r")
        for y in range(self._height):
            drawn = self._draw_row(y, shown[y], self._rows[y])
            if drawn is None:
                return None
            out.append(drawn)
        if self._x is None or self._y is None:
            return None  # the margins put the cursor home; Textual's is left where it was
        out.append(_cup(self._y, self._x))
        out.append(self._sgr)  # the style the stream is in: a write may end inside a run
        return "".join(out)

    def _draw_row(self, y: int, shown: Row, wanted: Row) -> str | None:
        """What turns `shown` into `wanted` on row `y`: "" when they agree, None when a cell
        to draw is not known (a cell neither knows was not drawn, and is left alone)."""
        if shown == wanted:
            return ""
        changed = [x for x in range(self._width) if shown[x] != wanted[x]]
        spans: list[list[int]] = []
        for x in changed:
            if spans and x - spans[-1][1] <= 4 and None not in wanted[spans[-1][1] : x]:
                spans[-1][1] = x + 1  # a short gap costs less drawn than a cursor move
            else:
                spans.append([x, x + 1])
        out: list[str] = []
        for start, end in spans:
            while start and (cell := wanted[start]) is not None and cell[0] == "":
                start -= 1  # from the whole of a wide character
            while end < self._width and (cell := wanted[end]) is not None and cell[0] == "":
                end += 1  # and to its end
            out.append(_cup(y, start))
            style = ""
            for cell in wanted[start:end]:
                if cell is None:
                    return None
                char, sgr = cell
                if sgr != style:
                    if style:
                        out.append(_RESET)
                    out.append(sgr)
                    style = sgr
                out.append(char)
            if style:
                out.append(_RESET)
        return "".join(out)
