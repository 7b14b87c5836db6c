"""`to_ascii`: what an ASCII-only terminal is sent, one cell for one cell."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from lemtui.tui.ascii_out import to_ascii


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("╭──╮", "+--+"),
        ("│x│", "|x|"),
        ("┼┤├┬┴", "+++++"),
        ("╱╲╳", "/\\X"),
        ("█▒▔▁▎", "##   "),
        ("é à ñ Ö ç", "e a n O c"),
        ("…·—–", "..--"),
        ("“quoted” ‘x’", "\"quoted\" 'x'"),
        ("▶▼◀▲→←", ">v<^><"),
        ("✉ ↩ ⏎ ⚠ ●", "@ < < ! *"),
        ("\u00a0", " "),
        ("🔎", "??"),
        ("漢字", "????"),
        ("Ａ", "A "),
        ("a\u0301b", "ab"),  # a combining accent takes no cell: it goes
        ("\u2603", "?"),  # a snowman: nothing better than ?
    ],
)
def test_each_character_becomes_ascii_of_its_width(text: str, expected: str) -> None:
    assert to_ascii(text) == expected


def test_ascii_and_escape_sequences_pass_through_unchanged() -> None:
    text = "\x1b[1;38;2;1;2;3mHello\x1b[0m \x1b]2;lemtui (3)\x07\r\n"
    assert to_ascii(text) is text


def test_the_width_in_cells_never_changes() -> None:
    text = "\x1b[7m Ünïcödé ─ 🔎 漢 ▎ … \x1b[0m"
    out = to_ascii(text)
    assert out.isascii()
    assert cell_len(out) == cell_len(text)
    assert out.startswith("\x1b[7m Unicode - ?? ?? ")


def test_a_character_is_worked_out_once() -> None:
    from lemtui.tui import ascii_out

    to_ascii("ő")
    assert ascii_out._TABLE[ord("ő")] == "o"
