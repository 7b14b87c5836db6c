"""Styled text as a terminal and as an SVG screenshot draw it: runs of one style and where
they land, for the tests that rows, notices and hits keep their columns in screenshots."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.text import Text

__all__ = ["as_an_svg_draws", "column", "runs"]


def runs(text: Text) -> list[tuple[int, str]]:
    """`text` as a terminal gets it: runs of one style, each with the cell it starts at."""
    console = Console(width=400, color_system="truecolor", force_terminal=True)
    runs: list[tuple[int, str]] = []
    cell = 0
    for segment in Segment.simplify(console.render(text)):
        if segment.control or not segment.text:
            continue
        runs.append((cell, segment.text))
        cell += cell_len(segment.text)
    return runs


def as_an_svg_draws(text: Text) -> str:
    """What an SVG screenshot shows: each run placed at its cell with the spaces it starts
    with dropped (librsvg and some browsers trim them), so its text lands further left."""
    cells: dict[int, str] = {}
    for start, run in runs(text):
        cell = start
        for char in run.rstrip("\n").lstrip(" "):
            cells[cell] = char
            for covered in range(cell + 1, cell + cell_len(char)):
                cells[covered] = ""  # the second cell of a wide letter
            cell += cell_len(char)
    width = max(cells, default=-1) + 1
    return "".join(cells.get(cell, " ") for cell in range(width))


def column(text: Text, marker: str) -> int:
    """The cell where `marker` starts in the row."""
    return cell_len(text.plain[: text.plain.index(marker)])
