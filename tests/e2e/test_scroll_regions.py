"""End to end: lemtui on a pty scrolls the terminal instead of redrawing it, and a terminal
emulator (pyte) fed its bytes shows exactly what it shows with the scrolls turned off
(`LEMTUI_SCROLL_REGIONS=0`: Textual's own bytes)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyte
import pytest

from lemtui.demo.data import NEWSLETTER_CONTACT_ID
from tests.e2e.test_terminal_safety import ROOT, child_env
from tests.support.pty import PtyProcess

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

COLS, ROWS = 100, 16
QUIET = 0.25
DOWN, UP = b"\x1b[B", b"\x1b[A"
# the demo inbox: down past its first screenful (one-line scrolls), then back up

LIST_KEYS = [DOWN] * 18 + [UP, UP]
# the demo newsletter (its conversation's second message) opened: j scrolls its body a line
# down, k back up (the other direction)
BODY_SHOWN = "View in browser"
"""The newsletter body's first words: the body is on screen."""
BODY_KEYS = [DOWN, b"\r", b"j", b"j", b"j", b"k", b"k"]
_MARGINS = re.compile(rb"\x1b\[\d+;\d+r")
_WITHOUT_WORDS = (
    "import sys\n"
    "from lemtui.tui.widgets.inbox_list import InboxList\n"
    "InboxList.ask_words = lambda self, fetch: None\n"
    "from lemtui.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)
"""`lemtui`, with the inbox rows' words never asked: the two sessions compared key by key
must draw the same thing, and words arriving a little later in one of them (a loaded
machine) would not be the scrolls' doing."""


Screen = list[list[tuple[object, ...]]]


def _session(
    tmp_path: Path, scroll: str, argv: list[str], keys: list[bytes]
) -> tuple[list[Screen], bytes, list[int]]:
    """The screen after each key (as `_shown` reads it), all bytes written, each key's bytes."""
    env = child_env(tmp_path / scroll) | {"LEMTUI_SCROLL_REGIONS": scroll}
    env["COLUMNS"], env["LINES"] = str(COLS), str(ROWS)
    term = PtyProcess(
        [sys.executable, "-c", _WITHOUT_WORDS, "--demo", *argv],
        env=env,
        cols=COLS,
        rows=ROWS,
        cwd=ROOT,
        budget=60.0,
    )
    sizes = []
    try:
        assert term.wait_for_text("loaded", 15.0) is not None
        term.settle(0.6, 5.0)
        screen = pyte.Screen(COLS, ROWS)
        stream = pyte.ByteStream(screen)
        stream.feed(bytes(term.output))
        screens = []
        for key in keys:
            before = len(term.output)
            size = term.press(key, QUIET)
            if key == b"\r" and argv:  # the newsletter's body is converted in a thread
                assert term.wait_for_text(BODY_SHOWN, 20.0) is not None
                size += term.settle(QUIET)
            sizes.append(size)
            stream.feed(bytes(term.output[before:]))
            screens.append(_shown(screen))
    finally:
        term.close()
    return screens, bytes(term.output), sizes


def _shown(screen: pyte.Screen) -> list[list[tuple[object, ...]]]:
    """Every cell as it shows: its character, background and lines, and its colour and weight
    unless it is a space with no line and no reverse (the two streams may differ there, as
    `lemtui.tui.sgr` leaves a space in the style it finds when nothing of it shows)."""
    rows = []
    for y in range(ROWS):
        row: list[tuple[object, ...]] = []
        for x in range(COLS):
            cell = screen.buffer[y][x]
            lines = (cell.reverse, cell.underscore, cell.strikethrough)
            shown: tuple[object, ...] = (cell.data, cell.bg, *lines)
            if cell.data != " " or any(lines):
                shown += (cell.fg, cell.bold, cell.italics)
            row.append(shown)
        rows.append(row)
    return rows


def _compare(
    tmp_path: Path, argv: list[str], keys: list[bytes]
) -> tuple[bytes, list[int], list[int]]:
    """Both sessions: the screens match after every key; the bytes with scrolls, and each
    key's bytes without and with them."""
    plain, plain_bytes, plain_sizes = _session(tmp_path, "0", argv, keys)
    scrolled, scrolled_bytes, scrolled_sizes = _session(tmp_path, "1", argv, keys)
    for key, (want, got) in enumerate(zip(plain, scrolled, strict=True)):
        assert got == want, f"after key {key} ({keys[key]!r})"
    assert not _MARGINS.search(plain_bytes)
    return scrolled_bytes, plain_sizes, scrolled_sizes


def test_a_scrolled_list_shows_what_textual_drew(tmp_path: Path) -> None:
    sent, plain_sizes, scrolled_sizes = _compare(tmp_path, [], LIST_KEYS)
    assert _MARGINS.search(sent)
    # the one-line scrolls of the list (the downs past the first screenful) cost far less
    assert sum(scrolled_sizes[14:18]) < sum(plain_sizes[14:18]) / 3


def test_a_scrolled_message_shows_what_textual_drew(tmp_path: Path) -> None:
    sent, plain_sizes, scrolled_sizes = _compare(tmp_path, [NEWSLETTER_CONTACT_ID], BODY_KEYS)
    assert b"\x1bM" in sent  # k: reverse index at the top margin
    # each j or k is a scroll and a row or two (one of them may come with a full repaint of
    # the screen, which is left as Textual wrote it)
    cheap = [got < want / 3 for got, want in zip(scrolled_sizes[2:], plain_sizes[2:], strict=True)]
    assert sum(cheap) >= len(cheap) - 1
