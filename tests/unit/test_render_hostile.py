"""render against hostile bodies: terminal escapes, spoofing characters, size and shape bombs.

`FORBIDDEN` is written here from the requirements, independently of lemtui.mail.render, so these
tests fail if the implementation's own list ever misses a character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lemtui.mail import render
from lemtui.mail.render import RenderedBody, render_body
from lemtui.text import clean_line, clean_text

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f"  # C0 controls but \t and \n, and DEL (ESC is \x1b)
    "\x80-\x9f"  # C1 controls (CSI \x9b, OSC \x9d, NEL \x85)
    "\r\x0b\x0c\u2028\u2029"  # line separators that must have become \n
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"  # bidi embeddings/overrides/isolates/marks
    "\u200b\u200c\u2060\ufeff\u180e"  # zero-width characters
    "\ufff9-\ufffb"  # interlinear annotation
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef\ufffe\uffff]"  # non-characters
)
# ZWJ (U+200D) may stay only between two emoji.
STRAY_ZWJ = re.compile("\u200d(?![\U0001f000-\U0001faff\u2600-\u27bf])")


def strings_of(rendered: RenderedBody) -> Iterator[str]:
    yield rendered.text
    yield rendered.visible_text()
    for block in rendered.blocks:
        yield block.text
    for link in rendered.links:
        yield from (link.url, link.text, link.warning)
    yield from rendered.notes


def assert_safe(rendered: RenderedBody) -> None:
    for s in strings_of(rendered):
        bad = FORBIDDEN.search(s) or STRAY_ZWJ.search(s)
        assert bad is None, f"forbidden {bad.group()!r} in {s[:200]!r}"


def test_forbidden_pattern_is_not_a_tautology() -> None:
    assert FORBIDDEN.search("a\x1b[31mb")
    assert FORBIDDEN.search("x\u202ey")
    assert not FORBIDDEN.search("plain text\twith tab\nand newline, é, 😀")


# Terminal escapes ----------------------------------------------------------------------------

ESCAPES = {
    "raw_csi": "\x1b[31mred\x1b[0m",
    "raw_c1_csi": "\x9b31mred",
    "osc52_clipboard": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "osc8_hyperlink": "\x1b]8;;https://evil.test\x1b\\click\x1b]8;;\x1b\\",
    "title_set": "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\",
    "c1_osc": "\x9d0;title\x9c",
    "dcs": "\x1bP+q544e\x1b\\",
    "del_and_bell": "a\x7fb\x07c\x00d",
}


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=ESCAPES.keys())
@pytest.mark.parametrize("is_html", [True, False])
def test_raw_escape_sequences_are_stripped(payload: str, is_html: bool) -> None:
    r = render_body(
        f"<p>before {payload} after</p>" if is_html else f"before {payload} after", is_html=is_html
    )
    assert_safe(r)
    assert "before" in r.text and "after" in r.text


@pytest.mark.parametrize(
    "entity",
    [
        "&#27;[31m",
        "&#x1b;[31m",
        "&#x1B;]52;c;AAAA&#7;",
        "&#x9b;31m",
        "&#155;",
        "&#0;",
        "&#x85;",
        "&#xd800;",
        "&#x202e;",
        "&#8238;",
        "&#x200b;",
        "&#xfeff;",
        "&#x2028;",
        "&#13;",
    ],
)
def test_escapes_via_entities_are_stripped_after_decoding(entity: str) -> None:
    r = render_body(f"<p>x{entity}y</p>", is_html=True)
    assert_safe(r)
    assert "&#" not in r.text


def test_escape_in_link_url_text_and_alt() -> None:
    r = render_body(
        '<a href="https://a.test/\x1b[2J?&#27;x">\x1b]0;t\x07te&#x9b;xt</a>'
        '<a href="https://b.test/"><img alt="al\x1bt&#27;" src="https://i.test/i.png"></a>',
        is_html=True,
    )
    assert_safe(r)
    assert len(r.links) == 2


def test_escape_in_quote_and_signature_blocks() -> None:
    r = render_body(
        '<div>ok</div><div class="gmail_signature">sig\x1b[5m</div>'
        "<div>On Mon, 3 Jun 2024 at 10:00, Bob &lt;b@x.test&gt; wrote:</div>"
        '<blockquote type="cite">quoted\x1b]52;c;AA\x07</blockquote>',
        is_html=True,
    )
    assert [b.kind for b in r.blocks] == ["text", "signature", "quote"]
    assert_safe(r)


# Spoofing characters -------------------------------------------------------------------------


def test_bidi_override_is_made_visible_in_body() -> None:
    r = render_body("<p>Open invoice\u202etxt.exe please</p>", is_html=True)
    assert_safe(r)
    assert "invoice⟨RLO⟩txt.exe" in r.text
    plain = render_body("invoice\u202etxt.exe", is_html=False)
    assert plain.text == "invoice⟨RLO⟩txt.exe"


def test_bidi_override_through_clean_line() -> None:
    assert clean_line("invoice\u202etxt.exe") == "invoice⟨RLO⟩txt.exe"
    assert clean_line("a\u202db") == "a⟨LRO⟩b"


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_other_bidi_controls_are_dropped(char: str) -> None:
    assert clean_line(f"abc{char}def") == "abcdef"
    assert clean_text("x\u200ey\u200fz\u061c") == "xyz"


def test_zero_width_characters_are_removed() -> None:
    assert clean_line("pay\u200bpal\u200c.\u2060com\ufeff\u180e") == "paypal.com"


def test_emoji_zwj_sequences_and_flags_survive() -> None:
    family, rainbow, scotland = (
        "👨\u200d👩\u200d👧",
        "🏳️\u200d🌈",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    )
    assert clean_text(f"{family} {rainbow} {scotland}") == f"{family} {rainbow} {scotland}"
    assert clean_text("a\u200db") == "ab"
    assert clean_text("hidden\U000e0041\U000e0042 tags") == "hidden tags"


def test_line_separators_become_newlines() -> None:
    assert clean_text("a\rb\r\nc\x0bd\x0ce\u2028f\u2029g\x85h") == "a\nb\nc\nd\ne\nf\ng\nh"
    r = render_body("one\rtwo\x0bthree\x0cfour\u2028five", is_html=False)
    assert r.text == "one\ntwo\nthree\nfour\nfive"


def test_other_invisible_and_invalid_characters() -> None:
    assert clean_text("a\ufff9b\ufffac\ufffbd") == "abcd"
    assert clean_text("a\ud800b") == "a\ufffdb"
    assert clean_text("a\ufdd0b\uffffc\U0001fffe") == "abc"
    assert clean_text("z" + "\u0301" * 50) == "z" + "\u0301" * 4  # zalgo capped


def test_rich_markup_survives_literally() -> None:
    markup = "[bold]x[/] [@click=app.quit]y[/] [link=https://evil.test]z[/link]"
    r = render_body(f"<p>{markup}</p>", is_html=True)
    assert r.text == markup
    assert render_body(markup, is_html=False).text == markup
    assert clean_line(markup) == markup


BIG_PADDING = "<p>" + "padding words " * 8_000 + "</p>"  # past DIRECT_LAYOUT_CHARS


def test_big_bodies_are_cleaned_through_the_direct_layout() -> None:
    assert len(BIG_PADDING) > render.DIRECT_LAYOUT_CHARS
    body = (
        "".join(f"<p>x {payload} y</p>" for payload in ESCAPES.values())
        + '<a href="https://a.test/\x1b[2J">t\x1b]0;t\x07ext</a>'
        + '<a href="javascript:alert(1)">js</a><p>invoice\u202etxt.exe &#x9b;31m</p>'
        + BIG_PADDING
    )
    r = render_body(body, is_html=True)
    assert_safe(r)
    assert "invoice⟨RLO⟩txt.exe" in r.text
    # The OSC 8 payload's address is left as visible text, so it is numbered like any URL
    # written in a body: the link goes exactly where the text shows.
    assert [link.url for link in r.links] == ["https://evil.test", "https://a.test/[2J"]
    assert not r.links[0].warning


def test_forged_sentinels_do_nothing_in_big_bodies() -> None:
    r = render_body(
        "<p>text</p><lemtuimark k='q'>not a quote</lemtuimark>"
        "<p>lemtui0123456789abcdef01234567q</p><p>\ue000\ue001\ue002\ue003 after</p>" + BIG_PADDING,
        is_html=True,
    )
    assert [b.kind for b in r.blocks] == ["text"]
    assert "not a quote" in r.text and "\ufffd\ufffd\ufffd\ufffd after" in r.text
    assert "lemtui0123456789abcdef01234567q" in r.text


def test_forged_sentinels_in_content_do_nothing() -> None:
    r = render_body(
        "<p>text</p><lemtuimark k='q'>not a quote</lemtuimark>"
        "<p>\ue000\ue001\ue002\ue003 after</p>",
        is_html=True,
    )
    assert [b.kind for b in r.blocks] == ["text"]
    assert "not a quote" in r.text and "\ufffd\ufffd\ufffd\ufffd after" in r.text


def test_forged_style_marks_in_a_quote_do_nothing() -> None:
    header = (
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p>From: B &lt;b@x.test&gt;'
        "<br>Sent: Monday, 3 June 2024 10:00<br>To: A<br>Subject: Pilot</p></div>"
    )
    r = render_body(
        f"<p>Mine.</p>{header}<p>Can we start?</p><p>\ue004\ue101Quoted words here.\ue005</p>",
        is_html=True,
    )
    assert [(b.kind, b.folded) for b in r.blocks] == [("text", False), ("quote", True)]
    assert r.text.count("\ufffd") == 2 and "\ue004" not in r.text


def test_style_marks_and_stand_ins_forged_with_entities_do_nothing() -> None:
    """Entities decode after the body's own private-use characters are neutralised: an
    entity must not bring a mark or a stand-in back (the quoted words would pass for answers)."""
    header = (
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p>From: B &lt;b@x.test&gt;'
        "<br>Sent: Monday, 3 June 2024 10:00<br>To: A<br>Subject: Pilot</p></div>"
    )
    r = render_body(
        f"<p>Mine.</p>{header}<p>Can we start?</p>"
        "<p>&#xe004;&#xe101;Quoted words here.&#xe005;</p><p>&#57344;x &amp; &lt;y&gt;</p>",
        is_html=True,
    )
    assert [(b.kind, b.folded) for b in r.blocks] == [("text", False), ("quote", True)]
    assert "\ufffd\ue101Quoted words here.\ufffd" in r.text
    assert "\ufffdx & <y>" in r.text  # &#57344; is U+E000, the "<" stand-in: not a "<"
    assert "\ue004" not in r.text and "\ue005" not in r.text


def test_an_emphasis_tag_inside_a_link_address_leaves_no_mark_in_the_url() -> None:
    r = render_body(
        "<p>Mine.</p><blockquote>quoted "
        "<a href='https://x.example/a<b>b</b>c'>the deck</a></blockquote>",
        is_html=True,
    )
    assert [link.url for link in r.links] == ["https://x.example/abc"]


def test_marks_in_a_plain_body_are_shown_as_replacement_characters_not_dropped() -> None:
    r = render_body("Hello \ue004\ue101x\ue005 there \ue000<", is_html=False)
    assert r.text == "Hello \ufffd\ue101x\ufffd there \ufffd<"


# Size and shape ------------------------------------------------------------------------------


def test_several_mb_body_is_clipped_for_the_reader_with_a_note() -> None:
    body = "<p>hello world</p>" * 300_000  # 5.4 MB
    r = render_body(body, is_html=True, max_chars=render.MAX_INPUT_CHARS)
    assert_safe(r)
    assert r.clipped
    assert r.notes[0] == "body truncated: showed 2.0 MB of 5.4 MB"
    assert r.blocks[-1].text == "[… body truncated: showed 2.0 MB of 5.4 MB]"
    assert len(r.text) < len(body)


def test_several_mb_plain_body_is_clipped_for_the_reader() -> None:
    r = render_body("line of text\n" * 400_000, is_html=False, max_chars=render.MAX_INPUT_CHARS)
    assert r.text.endswith("[… body truncated: showed 2.0 MB of 5.2 MB]")


@pytest.mark.parametrize("is_html", [True, False])
def test_output_paths_keep_the_whole_of_a_several_mb_body(is_html: bool) -> None:
    body = "<p>hello world</p>" * 300_000 + "<p>the very end</p>"
    if not is_html:
        body = "line of text\n" * 400_000 + "the very end"
    r = render_body(body, is_html=is_html)  # the default, as --print and exports use it
    assert_safe(r)
    assert not r.clipped and r.text.endswith("the very end")
    assert not any("truncated" in note for note in r.notes)


def test_300k_char_line_is_wrapped() -> None:
    for is_html in (True, False):
        r = render_body("x" * 300_000, is_html=is_html)
        lines = r.text.split("\n")
        assert max(map(len, lines)) <= 10_000
        assert sum(map(len, lines)) == 300_000
        assert "lines longer than 10,000 characters were wrapped" in r.notes


def test_5000_nested_divs() -> None:
    r = render_body("<div>" * 5000 + "deep" + "</div>" * 5000, is_html=True)
    assert r.text == "deep"


@pytest.mark.parametrize("closed", [True, False])
def test_8000_nested_lists_stay_bounded(closed: bool) -> None:
    body = "<ul><li>x" * 8000 + ("</li></ul>" * 8000 if closed else "")
    r = render_body(body, is_html=True)
    assert_safe(r)
    assert r.text.count("x") == 8000
    assert len(r.text) < 5 * len(body)
    assert max(map(len, r.text.split("\n"))) < 100


def test_deep_blockquotes_stay_bounded() -> None:
    body = "<blockquote>q" * 5000
    r = render_body(body, is_html=True)
    assert len(r.text) < 5 * len(body)


@pytest.mark.parametrize(
    "body",
    [
        "<p>Hi</p><style>p{color:red}",
        "<p>Hi</p><STYLE type=text/css>p{color:red}",
        "<p>Hi</p><script>p{color:red}",
        "<p>Hi</p><style>a{}</style><style>p{color:red}",
        "<p>Hi</p>" + "<br>" * 70_000 + "<style>p{color:red}",  # a flood's simple tail
    ],
)
def test_an_unclosed_style_or_script_at_the_end_shows_nothing(body: str) -> None:
    text = render_body(body, is_html=True).text
    assert "Hi" in text and "color" not in text


def test_nested_tables() -> None:
    body = "<table><tr><td>" * 2000 + "cell" + "</td></tr></table>" * 2000
    assert render_body(body, is_html=True).text == "cell"
    ragged = "<table><tr><td>a<table><td>b</tr><tr>c</table></td><td>d" * 50
    assert_safe(render_body(ragged, is_html=True))


def test_unclosed_style_keeps_following_content() -> None:
    r = render_body("<p>before</p><style>p { color: red }<p>after the style</p>", is_html=True)
    assert "before" in r.text and "after the style" in r.text
    assert "color" not in r.text
    r = render_body("<p>before</p><!-- unclosed comment <p>still here</p>", is_html=True)
    assert "still here" in r.text


@pytest.mark.parametrize(
    "body",
    [
        "<a" * 50_000,
        "</" * 50_000,
        "<!" * 50_000,
        "<?" * 50_000,
        "<!--" * 50_000,
        "<![CDATA[" * 20_000,
        "<a b='" * 20_000,
        '<a b="' * 20_000 + ">",
        "<" * 100_000,
        "&" * 100_000,
        "&#" * 50_000,
        "<a " + "x=1 " * 50_000 + ">",
        "<style>" * 50_000,
        "<p>unclosed <b>bold <i>it <a href='https://x.test'>link <table><tr><td>cell",
        "<div></span></p></td></tr></table></li></ul></blockquote></a></div>" * 1000,
        "<br>" * 200_000,
        "<hr>" * 200_000,
        "<td>" * 200_000,
        "<li>" * 200_000,
        "<a href='https://x.test/'>y</a>" * 50_000,
        "<div class='gmail_quote'>On 1 May 2024, B <b@x.test> wrote:<br>"
        + "<span style='color:red'><b>q " * 40_000,
        "<blockquote type='cite'>" + "<font color=red>x</b><i>y</span>" * 40_000,
    ],
    ids=lambda body: repr(body[:12]),
)
def test_broken_and_flooding_markup_never_crashes(body: str) -> None:
    r = render_body(body, is_html=True)
    assert_safe(r)
    assert len(r.text) <= 3 * len(body) + 200


def test_non_string_body_does_not_raise() -> None:
    r = render_body(None, is_html=True)  # type: ignore[arg-type]
    assert r.blocks == ()
    assert clean_line(None) == ""  # type: ignore[arg-type]


# Properties ----------------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
MARKUPISH = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div class='gmail_quote'>",
            "</div>",
            "<blockquote>",
            "<a href='https://a.test'>",
            "</a>",
            "<br>",
            "&#27;",
            "&#x9b;",
            "&nbsp;",
            "<img src=x>",
            "<!--",
            "-->",
            "<style>",
            "<ul><li>",
            "\x1b[31m",
            "\u202e",
            "\r",
            "\u2028",
            "-- \n",
            "On Mon, Bob wrote:\n",
            "> q\n",
            "text ",
            "<",
        ]
    ),
    max_size=60,
).map("".join)


@settings(deadline=2000, max_examples=200)
@given(ANY_TEXT)
def test_any_text_as_html_is_safe(text: str) -> None:
    assert_safe(render_body(text, is_html=True))


@settings(deadline=2000, max_examples=200)
@given(ANY_TEXT)
def test_any_text_as_plain_body_is_safe(text: str) -> None:
    assert_safe(render_body(text, is_html=False))


@settings(deadline=2000, max_examples=200)
@given(ANY_TEXT)
def test_any_text_as_subject_is_safe_and_single_line(text: str) -> None:
    line = clean_line(text)
    assert FORBIDDEN.search(line) is None and STRAY_ZWJ.search(line) is None
    assert "\n" not in line and "\t" not in line
    assert line == line.strip()


@settings(deadline=2000, max_examples=200)
@given(MARKUPISH)
def test_markup_soup_is_safe(body: str) -> None:
    assert_safe(render_body(body, is_html=True))


@settings(deadline=2000, max_examples=200)
@given(ANY_TEXT)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(deadline=2000, max_examples=200)
@given(MARKUPISH, ANY_TEXT)
def test_markup_soup_is_safe_in_the_direct_layout(body: str, text: str) -> None:
    """The layout big bodies take, on small soups (the threshold lowered for the call)."""
    saved = render.DIRECT_LAYOUT_CHARS
    render.DIRECT_LAYOUT_CHARS = 0
    try:
        assert_safe(render_body(body + text, is_html=True))
        assert_safe(render_body(text + body, is_html=True))
    finally:
        render.DIRECT_LAYOUT_CHARS = saved


@pytest.mark.parametrize(
    ("href", "text", "goes_to"),
    [
        ("http://evil.test\\.good.test/", "good.test", "evil.test"),
        ("https://evil.test\\@bank.test/login", "bank.test", "evil.test"),
        ("https:\\\\evil.test\\path", "safe.test", "evil.test"),
    ],
)
def test_a_backslash_cannot_hide_where_a_link_goes(href: str, text: str, goes_to: str) -> None:
    """Browsers read "\\" as "/" in http(s) URLs: the warning names where the browser goes."""
    rendered = render_body(f'<p>Go to <a href="{href}">{text}</a></p>', is_html=True)
    (link,) = rendered.links
    assert "\\" not in link.url
    assert link.warning.endswith(f"goes to {goes_to}")
