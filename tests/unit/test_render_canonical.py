"""The layout reads the tokenizer's canonical HTML with one regex instead of `html.parser`,
and the marker lines are found with `str.find` instead of a pattern.

`Html2TextLayout.handle_canonical` must make exactly the calls html2text's own `handle` (which
runs `html.parser`) makes, so the text and the links are the same. Checked on every body of the
reading corpus and on random markup soups, through the real tokenizer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lemtui.mail.render import _marker_lines
from lemtui.mail.render._layout import Html2TextLayout
from lemtui.mail.render._parse import Tokenizer

CORPUS = Path(__file__).parent.parent / "corpus"
BODIES = sorted(
    p for p in CORPUS.rglob("*.html") if p.is_file() and not p.name.endswith(".golden.txt")
)
TOKEN = "lemtui" + "0123456789abcdef01234567"


def both_ways(body: str) -> tuple[tuple[str, list[object]], tuple[str, list[object]]]:
    canonical = Tokenizer(body, TOKEN).run()
    fast = Html2TextLayout(TOKEN)
    parsed = Html2TextLayout(TOKEN)
    return (
        (fast.handle_canonical(canonical), list(fast.link_table.links)),
        (parsed.handle(canonical), list(parsed.link_table.links)),
    )


def test_the_corpus_is_read_from_both() -> None:
    assert len(BODIES) > 300  # the goldens' inputs and the reading corpus, held-out included


@pytest.mark.parametrize("path", BODIES, ids=[str(p.relative_to(CORPUS)) for p in BODIES])
def test_every_corpus_body_lays_out_the_same_without_html_parser(path: Path) -> None:
    fast, parsed = both_ways(path.read_text("utf-8"))
    assert fast == parsed


SOUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div class='gmail_quote'>",
            "<div class=gmail_signature>",
            "</div>",
            "<blockquote type=cite>",
            "</blockquote>",
            "<a href='https://a.test/?q=1&amp;r=\"2\"'>",
            '<a href="https://b.test/x>y">',
            "</a>",
            "<img src=x alt='a \"b\" &amp; <c>'>",
            "<br>",
            "<br/>",
            "<hr>",
            "<ol start=3>",
            "<ul>",
            "<li>",
            "</li>",
            "</ol>",
            "<table><tr><td>",
            "</td><td>",
            "</table>",
            "<pre>",
            "</pre>",
            "<h2>",
            "</h2>",
            "<span style='color:#1f497d'>",
            "</span>",
            "<b>",
            "</b>",
            "&lt;",
            "&amp;",
            "&nbsp;",
            "&#27;",
            "<",
            ">",
            "&",
            "\n",
            "  ",
            "words ",
            "On Mon, Bob <b@x.test> wrote:",
            "https://c.test/plain",
            "<!-- x -->",
            "<script>1</script>",
        ]
    ),
    max_size=80,
).map("".join)


@settings(deadline=None, max_examples=300)
@given(SOUP)
def test_markup_soup_lays_out_the_same_without_html_parser(body: str) -> None:
    fast, parsed = both_ways(body)
    assert fast == parsed


MARKER_SHAPE = re.compile(r"[ \t>]*(lemtui[0-9a-f]{24})([qwse])\n?")
"""The reference: a marker is the token's shape, then the token itself compared."""


def reference_markers(text: str, token: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group(2)) for m in MARKER_SHAPE.finditer(text) if m.group(1) == token
    ]


@settings(deadline=None, max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [TOKEN, "lemtui" + "f" * 24, "q", "w", "s", "e", "x", " ", "\t", ">", "\n", "a b"]
        ),
        max_size=30,
    ).map("".join)
)
def test_marker_lines_are_found_as_the_pattern_finds_them(text: str) -> None:
    kinds = {"quote": "q", "blockquote": "w", "signature": "s", "text": "e"}
    found = [(start, end, kinds[mark]) for start, end, mark in _marker_lines(text, TOKEN)]
    assert found == reference_markers(text, TOKEN)
