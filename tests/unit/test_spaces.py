"""`keep_spaces`: no run of one style starts with a space, so screenshots keep columns."""

from __future__ import annotations

from rich.text import Span, Text

from lemtui.tui.spaces import keep_spaces
from tests.support.runs import as_an_svg_draws, runs


def test_keep_spaces_gives_spaces_to_the_text_before_them() -> None:
    text = Text.assemble(("Inbox", "bold"), ("  usr_a", "dim"))
    keep_spaces(text)
    assert text.plain == "Inbox  usr_a"
    assert runs(text)[1] == (7, "usr_a")
    assert as_an_svg_draws(text) == "Inbox  usr_a"
    status = keep_spaces(Text("  — all 3 loaded —", style="dim"))
    assert as_an_svg_draws(status) == "  — all 3 loaded —"


def test_keep_spaces_leaves_spaces_that_show() -> None:
    text = Text.assemble(("hit ", "reverse"), ("more", ""))
    before = list(text.spans)
    keep_spaces(text)
    assert text.spans == before
    # After a style that shows on spaces, the spaces become a plain run of their own.
    stats = keep_spaces(Text.assemble(("1 new", "bold reverse"), ("  ·  ", "dim"), "51 loaded"))
    assert as_an_svg_draws(stats) == "1 new  ·  51 loaded"
    assert stats.spans[0] == Span(0, 5, "bold reverse")
