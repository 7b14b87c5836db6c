"""`lemtui.tui.sgr`: the terminal shows the same cells in the same styles with fewer bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lemtui.tui.sgr import SgrDiff, apply_sgr, transition
from lemtui.tui.sgr import Style as SgrStyle

_SEQUENCE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])")


def screen(stream: str) -> dict[tuple[int, int], tuple[str, tuple[str, ...]]]:
    """Each printed cell and what shows of the SGR state it was printed in, by an interpreter
    of its own (nothing of the module under test decides what a cell looks like): all of it
    on a letter; on a space, only what a space shows (background, reverse, lines)."""
    cells: dict[tuple[int, int], tuple[str, tuple[str, ...]]] = {}
    state: dict[str, str] = {}
    x = y = 1
    position = 0
    for match in [*_SEQUENCE.finditer(stream), None]:
        end = match.start() if match else len(stream)
        for char in stream[position:end]:
            if char == "\r":
                x = 1
            elif char == "\n":
                y += 1
            else:
                shown = state
                if char == " ":
                    shown = {k: v for k, v in state.items() if k in ("bg", "7", "4", "9", "53")}
                    if "7" in state and "fg" in state:
                        shown["fg"] = state["fg"]
                cells[(x, y)] = (char, tuple(sorted(f"{k}={v}" for k, v in shown.items())))
                x += 1
        if match is None:
            break
        position = match.end()
        params, final = match.groups()
        if final == "H":
            row, _, col = params.partition(";")
            y, x = int(row or 1), int(col or 1)
        elif final == "m":
            codes = params.split(";") if params else ["0"]
            i = 0
            while i < len(codes):
                code = int(codes[i] or 0)
                if code == 0:
                    state.clear()
                elif code in (38, 48):
                    width = 3 if codes[i + 1] == "5" else 5
                    state["fg" if code == 38 else "bg"] = ";".join(codes[i : i + width])
                    i += width - 1
                elif 30 <= code <= 37:
                    state["fg"] = str(code)
                elif 40 <= code <= 47:
                    state["bg"] = str(code)
                elif code == 39:
                    state.pop("fg", None)
                elif code == 49:
                    state.pop("bg", None)
                elif code == 22:
                    state.pop("1", None)
                    state.pop("2", None)
                elif code in (23, 24, 27, 29):
                    state.pop(str(code - 20), None)
                else:
                    state[str(code)] = "on"
                i += 1
    return cells


_COLOURS = st.sampled_from(["", "31", "38;2;216;222;233", "38;2;165;171;184", "38;5;12"])
_BACKS = st.sampled_from(["", "44", "48;2;66;73;89", "48;2;30;36;47"])
_ATTRIBUTES = st.lists(st.sampled_from(["1", "2", "3", "4", "7", "9"]), unique=True, max_size=3)


@st.composite
def textual_streams(draw: st.DrawFn) -> str:
    """Output as Textual writes it: cursor moves, then runs of `ESC[style]mtextESC[0m`."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            parts.append(f"\x1b[{draw(st.integers(1, 9))};{draw(st.integers(1, 40))}H")
        codes = [*draw(_ATTRIBUTES), draw(_COLOURS), draw(_BACKS)]
        codes = [code for code in codes if code]
        text = draw(st.text(alphabet="ab →é ", min_size=1, max_size=6))
        parts.append(f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text)
        if draw(st.integers(0, 4)) == 0:
            parts.append("\r\n")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(textual_streams())
def test_the_screen_is_the_same(stream: str) -> None:
    assert screen(SgrDiff().feed(stream)) == screen(stream)


@settings(max_examples=100, deadline=None)
@given(st.lists(textual_streams(), min_size=2, max_size=4))
def test_the_screen_is_the_same_across_writes(streams: list[str]) -> None:
    diff = SgrDiff()
    assert screen("".join(diff.feed(stream) for stream in streams)) == screen("".join(streams))


def test_spaces_do_not_break_a_run_when_nothing_of_the_change_shows_on_them() -> None:
    stream = "\x1b[1;31mbold\x1b[0m\x1b[31m   \x1b[0m\x1b[1;31mbold\x1b[0m"
    out = SgrDiff().feed(stream)
    assert out == "\x1b[0;1;31mbold   bold\x1b[0m"
    reversed_blank = "\x1b[31mred\x1b[0m\x1b[7;31m   \x1b[0m"
    assert "7" in SgrDiff().feed(reversed_blank)  # reverse shows on a space: it is sent


def test_a_row_as_textual_writes_it_is_a_third_shorter() -> None:
    row = (
        "\x1b[2;1H\x1b[38;2;165;171;184;48;2;66;73;89m    Jun 30 \x1b[0m"
        "\x1b[38;2;216;222;233;48;2;66;73;89m✉   → Camille \x1b[0m"
        "\x1b[1;38;2;216;222;233;48;2;66;73;89mlea\x1b[0m"
        "\x1b[2;100H\x1b[38;2;216;222;233;48;2;30;36;47m \x1b[0m\r\n"
    )
    shorter = SgrDiff().feed(row * 10)
    assert len(shorter) < 0.75 * len(row * 10)
    assert shorter.endswith("\x1b[0m")  # the terminal is left as the stream left it


def test_the_first_style_is_set_in_full_and_a_change_is_only_the_change() -> None:
    diff = SgrDiff()
    first = diff.feed("\x1b[1;31mA\x1b[0m\x1b[31mB\x1b[0m")
    assert first == "\x1b[0;1;31mA\x1b[22mB\x1b[0m"


def test_erases_and_scrolls_get_the_style_the_stream_asked_for() -> None:
    # Erasing paints with the current background: it must be the one asked for.
    out = SgrDiff().feed("\x1b[44m\x1b[K\x1b[0m")
    assert out.index("\x1b[K") > out.index("44")


def test_a_style_it_does_not_understand_passes_as_it_is_until_a_reset() -> None:
    stream = "\x1b[4:3mcurly\x1b[0m\x1b[1mbold\x1b[0m"
    out = SgrDiff().feed(stream)
    assert "\x1b[4:3mcurly" in out
    assert screen(out.replace("4:3", "4")) == screen(stream.replace("4:3", "4"))


def test_other_sequences_pass_unchanged_and_in_order() -> None:
    stream = "\x1b[?1049h\x1b]0;title\x07\x1b[?25l\x1b[1mx\x1b[0m\x07"
    out = SgrDiff().feed(stream)
    for sequence in ("\x1b[?1049h", "\x1b]0;title\x07", "\x1b[?25l", "\x07"):
        assert sequence in out
    assert out.index("\x1b[?1049h") < out.index("\x1b]0;title") < out.index("x")


def test_transition_takes_the_shorter_of_a_change_and_a_reset() -> None:
    bold_red = apply_sgr(SgrStyle(), "1;31")
    assert bold_red is not None
    assert transition(bold_red, SgrStyle()) == "\x1b[0m"
    dim_red = apply_sgr(bold_red, "22;2")
    assert dim_red is not None
    assert transition(bold_red, dim_red) == "\x1b[22;2m"


def test_after_forget_the_next_style_is_sent_whole_after_a_reset() -> None:
    """Another program (the editor, while lemtui is suspended) may have left any style: a
    style the diff believes the terminal still has must be sent again, from a reset."""
    diff = SgrDiff()
    diff.feed("\x1b[1;31mA")
    assert diff.feed("\x1b[1;31mB") == "B"  # known: nothing to send
    diff.forget()
    assert diff.feed("\x1b[1;31mC") == "\x1b[0;1;31mC"
