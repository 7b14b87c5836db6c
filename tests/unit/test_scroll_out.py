"""`lemtui.tui.scroll_out.ScrollRegions`: frames that scroll rows go out as a terminal scroll
plus what still differs, and a real terminal emulator (pyte) shows exactly what Textual's
own bytes show."""

from __future__ import annotations

import random
import re

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from lemtui.tui.scroll_out import ScrollRegions

WIDTH, HEIGHT = 40, 16
CONSOLE = Console(color_system="truecolor", force_terminal=True, width=WIDTH, legacy_windows=False)
PLAIN = Style.parse("#c0c0c0 on #101010")
HIGHLIGHT = Style.parse("bold #000000 on #40a0ff")
BAR = Style.parse("#ffffff on #303030")
THUMB = Style.parse("on #a0a0a0")


def frame(rows: dict[int, list[tuple[str, Style]]], x: int = 0) -> str:
    """What Textual writes for these rows (its own `LayoutUpdate`), then its cursor move."""
    out = []
    for y, segments in sorted(rows.items()):
        strip = Strip([Segment(text, style) for text, style in segments])
        out.append(
            LayoutUpdate([[strip]], Region(x, y, strip.cell_length, 1)).render_segments(CONSOLE)
        )
    return "".join(out) + "\x1b[1;1H"


class Terminal:
    """A pyte screen fed everything written."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.Stream(self.screen)

    def feed(self, data: str) -> None:
        self.stream.feed(data)

    def cells(self) -> list[list[tuple[object, ...]]]:
        return [[tuple(self.screen.buffer[y][x]) for x in range(WIDTH)] for y in range(HEIGHT)]


def list_rows(
    top: int, highlight: int, rows: int = HEIGHT - 2
) -> dict[int, list[tuple[str, Style]]]:
    """A list of items `top`… in rows 1…`rows`, a header and a footer, and a scrollbar."""
    thumb = 1 + top * (rows - 1) // 500
    drawn: dict[int, list[tuple[str, Style]]] = {0: [(" Inbox".ljust(WIDTH), HIGHLIGHT)]}
    for y in range(1, rows + 1):
        item = top + y - 1
        style = HIGHLIGHT if item == highlight else PLAIN
        text = f" {item:4d}  Message number {item} from a lead"[: WIDTH - 1].ljust(WIDTH - 1)
        drawn[y] = [(text, style), (" ", THUMB if y == thumb else BAR)]
    drawn[rows + 1] = [(" j/k move  q quit".ljust(WIDTH), PLAIN)]
    return drawn


def run(frames: list[str]) -> tuple[Terminal, Terminal, list[str]]:
    """Both terminals after `frames`: one fed Textual's bytes, one what `ScrollRegions` sent."""
    plain, scrolled = Terminal(), Terminal()
    regions = ScrollRegions()
    regions.resize(WIDTH, HEIGHT)
    sent = []
    for data in frames:
        out = regions.feed(data)
        sent.append(out)
        plain.feed(data)
        scrolled.feed(out)
    return plain, scrolled, sent


def run_on(terminal: type[Terminal], frames: list[str]) -> tuple[Terminal, Terminal, list[str]]:
    """`run`, on `terminal`s."""
    plain, scrolled = terminal(), terminal()
    regions = ScrollRegions()
    regions.resize(WIDTH, HEIGHT)
    sent = []
    for data in frames:
        out = regions.feed(data)
        sent.append(out)
        plain.feed(data)
        scrolled.feed(out)
    return plain, scrolled, sent


def test_a_list_scrolled_by_one_line_is_a_terminal_scroll_and_one_row() -> None:
    frames = [frame(list_rows(0, 13)), frame(list_rows(1, 14)), frame(list_rows(2, 15))]
    plain, scrolled, sent = run(frames)
    assert sent[0] == frames[0]  # nothing known before: Textual's bytes
    for data, out in zip(frames[1:], sent[1:], strict=True):
        assert re.search(r"\x1b\[[23];1[45]r", out)  # the list's rows; header and footer stay
        assert len(out) < len(data) / 3
    assert scrolled.cells() == plain.cells()
    assert plain.screen.display[14].startswith("   15  Message number 15")


def test_scrolling_back_up_uses_reverse_index() -> None:
    frames = [frame(list_rows(5, 5)), frame(list_rows(4, 4)), frame(list_rows(3, 3))]
    plain, scrolled, sent = run(frames)
    assert "\x1bM" in sent[1] and "\x1bM" in sent[2]
    assert scrolled.cells() == plain.cells()


def test_a_page_down_is_left_as_textual_wrote_it() -> None:
    """Nothing moved by less than a page: no band of rows moved together, nothing rewritten."""
    frames = [frame(list_rows(0, 0)), frame(list_rows(14, 14))]
    _, _, sent = run(frames)
    assert sent[1] == frames[1]


def test_after_an_erase_nothing_is_known_until_drawn_again() -> None:
    first = frame(list_rows(0, 13))
    frames = [first, "\x1b[2J", frame(list_rows(1, 14))]
    plain, scrolled, sent = run(frames)
    assert sent[2] == frames[2]
    assert scrolled.cells() == plain.cells()


def test_a_resize_forgets_the_screen() -> None:
    regions = ScrollRegions()
    regions.resize(WIDTH, HEIGHT)
    regions.feed(frame(list_rows(0, 13)))
    regions.resize(WIDTH, HEIGHT + 1)
    second = frame(list_rows(1, 14))
    assert regions.feed(second) == second


def test_cells_under_a_hyperlink_are_never_assumed() -> None:
    """A linked cell's link is not kept, so a scroll that needs it is not made."""
    first = frame(list_rows(0, 13))
    linked = "\x1b]8;id=1;https://example.test\x1b\\" + first + "\x1b]8;;\x1b\\"
    second = frame(list_rows(1, 14))
    _, _, sent = run([linked, second])
    assert sent[1] == second


def test_a_frame_written_in_pieces_draws_in_its_styles() -> None:
    """On Windows Textual writes a frame in pieces (`App._display`): a piece may end inside
    a styled run, and the next piece's text is drawn in the style the stream left."""
    frames = [frame(list_rows(top, top + 3)) for top in range(2)]
    pieces = [frames[0]]
    for data in frames[1:]:
        cut = data.index("Message number", data.index("\x1b[15;1H"))  # the last row's text
        pieces += [data[:cut], data[cut:]]
    plain, scrolled, sent = run_on(Terminal, pieces)
    assert sent[1] != pieces[1]  # the first piece is a scroll
    assert scrolled.cells() == plain.cells()


def test_a_link_whose_address_ends_in_a_semicolon_is_still_a_link() -> None:
    """`ESC ] 8 ; params ; URI ST` opens a link when URI is not empty, whatever it ends in."""
    first = frame(list_rows(0, 13))
    linked = "\x1b]8;id=1;https://example.test/a;\x1b\\" + first + "\x1b]8;;\x1b\\"
    second = frame(list_rows(1, 14))
    _, _, sent = run([linked, second])
    assert sent[1] == second


def test_wide_characters_scroll_and_redraw_whole() -> None:
    def rows(top: int) -> dict[int, list[tuple[str, Style]]]:
        drawn = {}
        for y in range(HEIGHT):
            item = top + y
            text = f"{item:3d} 請回覆 café e\u0301 {'中' * (item % 5)}"
            drawn[y] = [(text + " " * (WIDTH - cell_len(text)), PLAIN)]
        return drawn

    frames = [frame(rows(0)), frame(rows(1)), frame(rows(2))]
    plain, scrolled, sent = run(frames)
    assert len(sent[2]) < len(frames[2]) / 2
    assert scrolled.cells() == plain.cells()


def test_a_frame_that_is_not_only_drawing_passes_unchanged() -> None:
    regions = ScrollRegions()
    regions.resize(WIDTH, HEIGHT)
    regions.feed(frame(list_rows(0, 13)))
    data = "\x1b[?25l" + frame(list_rows(1, 14))
    assert regions.feed(data) == data


_STYLES = [PLAIN, HIGHLIGHT, BAR, THUMB, Style.parse("italic red on #202020"), Style()]
_TEXTS = ["abc", "  ", "中文", "é", "x" * 7, "—·", "日本語テキスト"]
"""Pieces of rows (no combining accent: pyte, unlike terminals, wraps one written at the
right edge)."""


@st.composite
def screens(draw: st.DrawFn) -> list[str]:
    """Random frames: full screens, then moves of bands by a few rows, partial redraws."""
    seed = draw(st.integers(0, 2**32))
    rng = random.Random(seed)

    def row() -> list[tuple[str, Style]]:
        segments: list[tuple[str, Style]] = []
        used = 0
        while True:
            text = rng.choice(_TEXTS)
            width = Strip([Segment(text)]).cell_length
            if used + width > WIDTH:
                break
            segments.append((text, rng.choice(_STYLES)))
            used += width
        segments.append((" " * (WIDTH - used), rng.choice(_STYLES)))
        return segments

    content = [row() for _ in range(HEIGHT)]
    frames = [frame(dict(enumerate(content)))]
    for _ in range(draw(st.integers(1, 6))):
        top = rng.randrange(0, HEIGHT - 4)
        bottom = rng.randrange(top + 3, HEIGHT)
        shift = rng.choice([1, 1, 2, 3, -1, -2])
        band = content[top : bottom + 1]
        band = (
            band[shift:] + [row() for _ in range(shift)]
            if shift > 0
            else [row() for _ in range(-shift)] + band[:shift]
        )
        content[top : bottom + 1] = band
        for y in rng.sample(range(HEIGHT), rng.randrange(0, 3)):
            content[y] = row()
        redrawn = range(top, bottom + 1) if rng.random() < 0.8 else range(HEIGHT)
        frames.append(frame({y: content[y] for y in redrawn}))
    return frames


@settings(max_examples=150, deadline=None)
@given(screens())
def test_what_the_terminal_shows_is_what_textual_drew(frames: list[str]) -> None:
    plain, scrolled, _ = run(frames)
    assert scrolled.cells() == plain.cells()


class RichTerminal(Terminal):
    """A terminal that gives each grapheme the cells Rich (so Textual) gives it, as kitty,
    WezTerm, foot or Windows Terminal do: `❤️` (a variation selector) and `👩‍💻` (a joiner)
    take two cells, a combining mark stays with the character before it (pyte, by itself,
    counts code points and stops drawing at a variation selector)."""

    def __init__(self) -> None:
        super().__init__()
        screen = self.screen
        draw = screen.draw

        def draw_graphemes(data: str) -> None:
            spans, _ = split_graphemes(data)
            for start, end, width in spans:
                grapheme = data[start:end]
                line = screen.buffer[screen.cursor.y]
                if width == 0:
                    x = screen.cursor.x - 1
                    if x > 0 and line[x].data == "":
                        x -= 1
                    if x >= 0:
                        line[x] = line[x]._replace(data=line[x].data + grapheme)
                    continue
                draw("中" if width == 2 else "a")
                line = screen.buffer[screen.cursor.y]
                x = screen.cursor.x - width
                line[x] = line[x]._replace(data=grapheme)

        screen.draw = draw_graphemes  # type: ignore[method-assign]


def _rows_with(prefix: str, top: int, pane: bool = True) -> dict[int, list[tuple[str, Style]]]:
    """A list of rows, every third starting with `prefix`, in a left pane 30 cells wide
    with a scrollbar whose thumb moves a row each scroll; a pane beside it (drawn when
    `pane`: Textual leaves it out of a frame where it did not change)."""
    drawn: dict[int, list[tuple[str, Style]]] = {}
    for y in range(HEIGHT):
        item = top + y
        text = f"{prefix if item % 3 == 0 else 'ab'} lead {item} wrote"
        text = text + " " * (28 - cell_len(text))
        drawn[y] = [(text, PLAIN), (" ", THUMB if y == top % HEIGHT else BAR)]
        if pane:
            drawn[y].append((" pane ".ljust(WIDTH - 29), HIGHLIGHT))
    return drawn


def test_emoji_take_the_cells_rich_gives_them() -> None:
    """A heart with a variation selector is two cells to Rich, and Textual lays the row out
    so; a woman technologist (three code points, a joiner) is two cells too."""
    for prefix in ("❤️", "👩\u200d💻", "1\ufe0f\u20e3", "🇫🇷", "👍🏽"):
        for pane in (True, False):
            frames = [frame(_rows_with("ab", 5))]
            frames += [frame(_rows_with(prefix, top, pane)) for top in range(4)]
            plain, scrolled, _ = run_on(RichTerminal, frames)
            assert scrolled.cells() == plain.cells(), (prefix, pane)


def test_a_combining_mark_after_a_wide_character_stays_with_it() -> None:
    """Decomposed kana (`か` and the voicing mark U+3099, as macOS writes names): a row
    that changes only in the kana before the mark, beside a list that scrolls."""
    kana = ["か\u3099", "き\u3099"]

    def rows(top: int) -> dict[int, list[tuple[str, Style]]]:
        drawn = list_rows(top, top + 3)
        text = f"{kana[top % 2]} status"
        drawn[HEIGHT - 1] = [(text + " " * (WIDTH - cell_len(text)), PLAIN)]
        return drawn

    frames = [frame(rows(0)), frame(rows(1)), frame(rows(2))]
    for terminal in (Terminal, RichTerminal):
        plain, scrolled, sent = run_on(terminal, frames)
        assert sent[2] != frames[2]
        assert scrolled.cells() == plain.cells(), terminal.__name__


def test_a_row_drawn_where_nothing_is_known_is_still_drawn() -> None:
    """A header that changes every frame, above a list that scrolls, and that leaves the
    model unknown where it was drawn: a joined emoji (three code points, two cells), or
    text past the edge (wrapped by the terminal onto the row below, which is drawn after
    it). The new header is on the terminal."""

    def emoji(top: int) -> str:
        drawn = list_rows(top, top + 3)
        text = f"👩\u200d💻 Inbox, {top} new"
        drawn[0] = [(text + " " * (WIDTH - cell_len(text)), HIGHLIGHT)]
        return frame(drawn)

    def too_long(top: int) -> str:
        drawn = list_rows(top, top + 3)
        del drawn[0]
        return f"\x1b[1;1H\x1b[1mInbox, {top} new".ljust(WIDTH + 12) + "\x1b[0m" + frame(drawn)

    for header in (emoji, too_long):
        frames = [header(top) for top in range(3)]
        for terminal in (Terminal, RichTerminal):
            plain, scrolled, _ = run_on(terminal, frames)
            assert scrolled.cells() == plain.cells(), (header.__name__, terminal.__name__)


def test_emoji_a_terminal_draws_wider_than_rich_may_scroll_the_screen() -> None:
    """A flag's letters (one cell each to Rich, two each to pyte and some terminals) or a
    skin tone (no cell to Rich, two to pyte) in a footer that fills the last row: that
    terminal wraps it, and the whole screen scrolls up a row. The footer is drawn once
    (Textual does not draw again what did not change); the list above it scrolls."""
    for emoji in ("🇫🇷", "👍🏽"):

        def rows(top: int, emoji: str = emoji) -> str:
            drawn = list_rows(top, top + 3)
            text = f"{emoji} j/k move  q quit"
            drawn[HEIGHT - 1] = [(text + " " * (WIDTH - cell_len(text)), PLAIN)]
            if top:
                del drawn[HEIGHT - 1]
            return frame(drawn)

        frames = [rows(top) for top in range(4)]
        for terminal in (Terminal, RichTerminal):
            plain, scrolled, _ = run_on(terminal, frames)
            assert scrolled.cells() == plain.cells(), (emoji, terminal.__name__)


_PIECES = ["a", "中", "\u0301", "\u3099", "\u200d", "\ufe0f", "🇫", "🏽", "👩", "\r", "\n", "\x1b"]
_PIECES += ["\x1b[1;1H", f"\x1b[{HEIGHT};{WIDTH}H", f"\x1b[3;{WIDTH - 1}H", "\x1b[1m", "\x1b[0m"]
_PIECES += ["\x1b]8;;https://example.test\x1b\\", "\x1b]8;;\x1b\\", "\x1b[2J", "\x1b[?1049h"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join), max_size=8))
def test_any_output_is_followed_without_an_error(writes: list[str]) -> None:
    """It runs on the UI thread in front of every write: whatever is written (text at the
    last column, a joiner or a flag there, a mark at a row's start), it never raises."""
    regions = ScrollRegions()
    regions.resize(WIDTH, HEIGHT)
    regions.feed(frame(list_rows(0, 0)))
    for data in writes:
        regions.feed(data)
