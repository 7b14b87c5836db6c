"""render: real-shaped mails against reviewed golden files, and the behaviour they rely on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lemtui.demo.data import NEWSLETTER_CONTACT_ID, demo_conversation
from lemtui.mail import render
from lemtui.mail.render import Block, RenderedBody, render_body
from lemtui.text import clean_line, clean_text

CORPUS = Path(__file__).parent.parent / "corpus"
# Files only: the reading corpus lives in the mail/ folder beside these goldens.
INPUTS = sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.endswith(".golden.txt"))
HTML_INPUTS = [p for p in INPUTS if p.suffix == ".html"]


def golden_view(rendered: RenderedBody) -> str:
    """What a golden file holds: `visible_text()`, then the links and notes under it."""
    lines = [rendered.visible_text(), "", "--- links"]
    for link in rendered.links:
        warning = f"  ⚠ {link.warning}" if link.warning else ""
        lines.append(f"[{link.number}] {link.url}  ({link.text}){warning}")
    lines += ["--- notes", *rendered.notes, ""]
    return "\n".join(lines)


@pytest.mark.parametrize("source", INPUTS, ids=[p.stem for p in INPUTS])
def test_corpus_matches_golden(source: Path) -> None:
    rendered = render_body(source.read_text("utf-8"), is_html=source.suffix == ".html")
    golden = source.with_name(source.stem + ".golden.txt")
    actual = golden_view(rendered)
    if os.environ.get("LEMTUI_UPDATE_GOLDEN") == "1":
        golden.write_text(actual, "utf-8")
    assert golden.exists(), f"no golden for {source.name}: run with LEMTUI_UPDATE_GOLDEN=1"
    assert actual == golden.read_text("utf-8")


@pytest.mark.parametrize("source", HTML_INPUTS, ids=[p.stem for p in HTML_INPUTS])
def test_corpus_is_the_same_through_the_direct_layout(
    source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bodies over 100 KB skip html2text; the layout that replaces it matches every golden."""
    monkeypatch.setattr(render, "DIRECT_LAYOUT_CHARS", 0)
    rendered = render_body(source.read_text("utf-8"), is_html=True)
    golden = source.with_name(source.stem + ".golden.txt")
    assert golden_view(rendered) == golden.read_text("utf-8")


def test_demo_newsletter_is_the_same_through_both_layouts(monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = [str(m.get("message") or "") for m in demo_conversation(NEWSLETTER_CONTACT_ID) or []]
    body = max(bodies, key=len)
    assert len(body) > render.DIRECT_LAYOUT_CHARS
    direct = render_body(body, is_html=True)
    monkeypatch.setattr(render, "DIRECT_LAYOUT_CHARS", 10**9)
    through_html2text = render_body(body, is_html=True)
    assert golden_view(direct) == golden_view(through_html2text)
    assert len(direct.links) > 50 and direct.blocked_images > 10


def test_big_body_keeps_links_quotes_lists_and_warnings() -> None:
    filler = "<p>" + "Lorem ipsum dolor sit amet. " * 40 + "</p>\n"
    body = (
        '<div>Answer with <a href="https://a.test/x">the docs</a> and'
        ' <a href="javascript:alert(1)">not a link</a>.</div>'
        "<ul><li>one</li><li>\n  two\n</li></ul>"
        "<table><tr><td>Plan</td><td>Pro</td></tr></table>"
        + filler
        * 120
        + '<p><a href="https://evil.test/">https://paypal.com</a>'
        ' <a href="https://a.test/x">again</a> <img src="https://i.test/p.gif"></p>'
        '<div class="gmail_quote">On Mon, Bob &lt;b@x.test&gt; wrote:<br>'
        "<blockquote>old<br>text</blockquote></div>"
    )
    assert len(body) > render.DIRECT_LAYOUT_CHARS
    r = render_body(body, is_html=True)
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[0].text.startswith(
        "Answer with the docs [1] and not a link.\n\n  • one\n  • two\n\nPlan | Pro\n\nLorem"
    )
    assert r.blocks[0].text.endswith("https://paypal.com [2] again [1]")
    assert r.blocks[1].text == "On Mon, Bob <b@x.test> wrote:\n\n> old\n> text"
    assert [(link.number, link.url) for link in r.links] == [
        (1, "https://a.test/x"),
        (2, "https://evil.test/"),
    ]
    assert r.links[1].warning == "link text shows paypal.com but it goes to evil.test"
    assert r.blocked_images == 1


def test_corpus_covers_every_client() -> None:
    names = {p.stem for p in INPUTS}
    assert {
        "gmail_reply",
        "outlook365_reply",
        "outlook_desktop_reply",
        "apple_mail_reply",
        "thunderbird_reply",
        "lemlist_campaign_step",
        "newsletter_tables",
        "linkedin_note",
    } <= names


def kinds(rendered: RenderedBody) -> list[str]:
    return [block.kind for block in rendered.blocks]


def test_render_does_not_import_textual() -> None:
    code = "import sys, lemtui.mail.render; assert not {'textual', 'rich'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


# Links ---------------------------------------------------------------------------------------


def test_links_are_numbered_in_order_and_listed() -> None:
    r = render_body(
        '<p>See <a href="https://a.test/x">the docs</a> and <a href="http://b.test">b</a>.</p>',
        is_html=True,
    )
    assert r.text == "See the docs [1] and b [2]."
    assert [(link.number, link.url, link.text) for link in r.links] == [
        (1, "https://a.test/x", "the docs"),
        (2, "http://b.test", "b"),
    ]


def test_same_link_twice_keeps_its_number() -> None:
    r = render_body(
        '<a href="https://a.test">one</a> <a href="https://a.test">two</a>', is_html=True
    )
    assert r.text == "one [1] two [1]"
    assert len(r.links) == 1


def test_link_entities_in_href_are_decoded() -> None:
    r = render_body('<a href="https://a.test/?u=1&amp;id=2">x</a>', is_html=True)
    assert r.links[0].url == "https://a.test/?u=1&id=2"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "ftp://a.test/",
        "/relative/path",
        "#anchor",
        "",
    ],
)
def test_only_http_and_mailto_become_links(href: str) -> None:
    r = render_body(f'<p>Click <a href="{href}">here</a> now</p>', is_html=True)
    assert r.links == ()
    assert r.text == "Click here now"


def test_mailto_is_a_link() -> None:
    r = render_body('<a href="mailto:sales@acme.test?subject=Hi">write to sales</a>', is_html=True)
    assert r.links[0].url == "mailto:sales@acme.test?subject=Hi"
    assert r.text == "write to sales [1]"


def test_phishing_link_text_showing_another_host_is_flagged() -> None:
    r = render_body(
        '<a href="https://evil.test/login">https://www.paypal.com/signin</a>', is_html=True
    )
    assert r.links[0].warning == "link text shows www.paypal.com but it goes to evil.test"


def test_phishing_bare_host_text_is_flagged() -> None:
    r = render_body('<a href="http://paypal.com.evil.test/">paypal.com</a>', is_html=True)
    assert r.links[0].warning == "link text shows paypal.com but it goes to paypal.com.evil.test"


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("paypal.com", "https://www.paypal.com/x"),
        ("www.acme.test", "https://mail.acme.test/track?id=1"),
        ("Click here", "https://evil.test"),
        ("report.pdf", "https://drive.test/d/123"),
        ("ceo@acme.test", "mailto:ceo@acme.test"),
    ],
)
def test_honest_links_carry_no_warning(text: str, href: str) -> None:
    r = render_body(f'<a href="{href}">{text}</a>', is_html=True)
    assert all(link.warning == "" for link in r.links)


def test_userinfo_trick_and_idn_are_flagged() -> None:
    r = render_body(
        '<a href="https://paypal.com@evil.test/">log in</a> <a href="https://xn--pypal-4ve.com/">x</a>',
        is_html=True,
    )
    assert "evil.test" in r.links[0].warning
    assert "xn--pypal-4ve.com" in r.links[1].warning


def test_image_only_link_uses_alt_text() -> None:
    r = render_body(
        '<a href="https://x.test/in"><img src="https://cdn.test/i.png" alt="LinkedIn"></a>',
        is_html=True,
    )
    assert r.text == "LinkedIn [1]"
    assert r.links[0].text == "LinkedIn"
    assert r.blocked_images == 1


# Images --------------------------------------------------------------------------------------


def test_images_are_counted_and_only_a_meaningful_alt_shows() -> None:
    r = render_body(
        '<p>Hi</p><img src="https://cdn.test/a.png" alt="Our team"><img src="https://cdn.test/b.png">'
        '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==" alt="inline">'
        '<p><img src="https://c.test/c" alt="image001.png"><img src="https://c.test/d" alt="logo">'
        '<img src="https://c.test/e" alt=" "></p>',
        is_html=True,
    )
    assert r.text == "Hi\n\n[Our team][inline]"
    assert r.blocked_images == 6
    assert r.notes == ("6 remote images blocked",)


def test_image_heading_reads_as_its_alt_but_a_pixel_never_does() -> None:
    r = render_body(
        '<p><img src="https://cdn.test/h.png" alt="Spring sale: 30% off"></p><p>Shop now</p>'
        '<img src="https://t.test/o" width="1" height="1" alt="Spring sale tracker">',
        is_html=True,
    )
    assert r.text == "[Spring sale: 30% off]\n\nShop now"


def test_tracking_pixel_is_gone_and_noted() -> None:
    r = render_body(
        '<p>Hello</p><img alt="logo" src="https://zr0.lemlst.org/api/track/open/u/t"'
        ' height="1" width="1">',
        is_html=True,
    )
    assert r.text == "Hello"
    assert "logo" not in r.text and "track" not in r.text
    assert r.blocked_images == 1
    assert r.notes == ("1 remote image blocked (1 tracking)",)


def test_no_images_no_note() -> None:
    assert render_body("<p>Hi</p>", is_html=True).notes == ()


# Text shape ----------------------------------------------------------------------------------


def test_entities_nbsp_and_emoji() -> None:
    r = render_body(
        "<p>j&#39;adore&nbsp;&mdash; caf&eacute; &amp; th&eacute; &lt;3 &#x1F600; 👨‍👩‍👧 🇫🇷</p>",
        is_html=True,
    )
    assert r.text == "j'adore — café & thé <3 😀 👨\u200d👩\u200d👧 🇫🇷"


def test_no_markdown_noise() -> None:
    r = render_body(
        "<p><b>Bold</b> and <i>italic</i> and <code>code</code> and <del>gone</del></p>"
        "<p>1. not a list</p><p>- not a bullet</p><p>a_b*c [x](y) #tag</p><h2>Title</h2>",
        is_html=True,
    )
    assert r.text == (
        "Bold and italic and code and gone\n\n1. not a list\n\n- not a bullet\n\n"
        "a_b*c [x](y) #tag\n\nTitle"
    )
    assert "**" not in r.text and "\\" not in r.text


def test_line_breaks_divs_and_blank_lines() -> None:
    r = render_body(
        "<div>line one</div><div>line two</div><div><br></div><div>after blank</div>"
        "<p>para</p><p></p><p></p><p></p><p>para 2</p><br><br><br><br><br>end",
        is_html=True,
    )
    assert r.text == "line one\nline two\n\nafter blank\n\npara\n\npara 2\n\nend"
    assert "\n\n\n" not in r.text


def test_lists() -> None:
    r = render_body(
        "<ul><li>one</li><li><p>two</p></li></ul><ol start=3><li>three</li></ol>", is_html=True
    )
    assert r.text == "  • one\n  • two\n\n  3. three"


def test_data_table_keeps_rows_layout_table_reads_as_text() -> None:
    data = render_body(
        "<table><tr><th>Plan</th><th>Price</th></tr><tr><td>Pro</td><td>$59</td></tr></table>",
        is_html=True,
    )
    assert data.text == "Plan | Price\nPro | $59"
    layout = render_body(
        "<table><tr><td><table><tr><td><p>Left column</p></td><td><p>Right column</p></td></tr>"
        "</table></td></tr><tr><td>&nbsp;</td><td></td></tr></table>",
        is_html=True,
    )
    assert layout.text == "Left column\n\nRight column"


def test_head_style_script_title_and_comments_are_removed() -> None:
    r = render_body(
        "<html><head><title>T</title><style>p{color:red}</style><script>alert(1)</script></head>"
        "<body><!-- hidden comment --><p>Body</p><script>x()</script></body></html>",
        is_html=True,
    )
    assert r.text == "Body"


def test_display_none_preheader_is_hidden() -> None:
    r = render_body(
        '<span style="display:none">Preview text</span><div hidden>also hidden</div><p>Visible</p>',
        is_html=True,
    )
    assert r.text == "Visible"


def test_plain_text_is_never_parsed() -> None:
    r = render_body("if a < b && c > d then <b>x</b> &amp; &lt;", is_html=False)
    assert r.text == "if a < b && c > d then <b>x</b> &amp; &lt;"
    assert r.links == ()


def test_plain_text_keeps_its_blank_lines_and_crlf_becomes_lf() -> None:
    r = render_body("a\r\n\r\n\r\n\r\nb", is_html=False)
    assert r.text == "a\n\n\n\nb"


def test_empty_bodies() -> None:
    for is_html in (True, False):
        r = render_body("", is_html=is_html)
        assert r.blocks == () and r.text == "" and r.visible_text() == ""


# Quotes and signatures -----------------------------------------------------------------------


def test_gmail_quote_is_folded_with_its_attribution() -> None:
    r = render_body(
        '<div dir="ltr">Sounds good!</div><div class="gmail_quote"><div class="gmail_attr">'
        "On Tue, Dec 3, 2024 at 10:52 AM Bob &lt;bob@x.test&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote">Old text<br>more</blockquote></div>',
        is_html=True,
    )
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[1].text.startswith("On Tue, Dec 3, 2024 at 10:52 AM Bob <bob@x.test> wrote:")
    assert "> Old text" in r.blocks[1].text


def test_outlook365_divrplyfwdmsg_quotes_to_the_end() -> None:
    r = render_body(
        '<div>Yes.</div><hr><div id="divRplyFwdMsg"><b>From:</b> A<br><b>Sent:</b> today</div>'
        "<div>earlier mail</div><div>more earlier mail</div>",
        is_html=True,
    )
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[0].text == "Yes."
    assert r.blocks[1].text.endswith("more earlier mail")


def test_outlook_desktop_border_top_header_quotes_to_the_end() -> None:
    r = render_body(
        '<p class="MsoNormal">Merci</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;'
        'padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>From:</b> A</p></div><p>old</p>',
        is_html=True,
    )
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[1].text == "From: A\n\nold"


def test_apple_blockquote_cite_takes_the_wrote_line_along() -> None:
    r = render_body(
        "Great<div><br></div><div>On 3 Dec 2024, at 10:52, Bob &lt;b@x.test&gt; wrote:</div>"
        '<br><blockquote type="cite"><div>old</div></blockquote>',
        is_html=True,
    )
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[0].text == "Great"
    assert r.blocks[1].text == "On 3 Dec 2024, at 10:52, Bob <b@x.test> wrote:\n> old"


def test_thunderbird_cite_prefix_and_reply_below_the_quote() -> None:
    r = render_body(
        '<div class="moz-cite-prefix">On 03/12/2024 10:52, Bob wrote:<br></div>'
        '<blockquote type="cite">old</blockquote><p>My answer below.</p>',
        is_html=True,
    )
    assert kinds(r) == ["quote", "text"]
    assert r.blocks[1].text == "My answer below."


def test_plain_text_angle_quotes() -> None:
    r = render_body(
        "Sure.\n\nOn Mon, Bob <b@x.test> wrote:\n> line 1\n>\n> line 2\n\nP.S. below", is_html=False
    )
    assert kinds(r) == ["text", "quote", "text"]
    assert r.blocks[1].line_count == 4
    assert r.blocks[2].text == "P.S. below"


def test_a_single_angle_line_inside_text_is_not_a_quote() -> None:
    r = render_body("Growth was\n> 50% this year\nreally", is_html=False)
    assert kinds(r) == ["text"]


@pytest.mark.parametrize(
    "attribution",
    [
        "On Tue, Dec 3, 2024 at 10:52 AM Bob <b@x.test> wrote:",
        "Le mar. 3 déc. 2024 à 10:52, Christophe OPOIX <c@x.test> a écrit :",
        "Am Di., 3. Dez. 2024 um 10:52 Uhr schrieb Christophe OPOIX <c@x.test>:",
        "El mar, 3 dic 2024 a las 10:52, Christophe OPOIX (<c@x.test>) escribió:",
        "Il giorno mar 3 dic 2024 alle ore 10:52 Christophe OPOIX <c@x.test> ha scritto:",
        "Em ter., 3 de dez. de 2024 às 10:52, Christophe OPOIX <c@x.test> escreveu:",
        "Op di 3 dec 2024 om 10:52 schreef Christophe OPOIX <c@x.test>:",
    ],
)
def test_multilingual_wrote_lines_start_a_quote(attribution: str) -> None:
    r = render_body(f"Answer.\n\n{attribution}\n> old mail", is_html=False)
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[1].text.startswith(attribution)


def test_wrote_line_wrapped_over_two_lines() -> None:
    r = render_body(
        "Ok\n\nOn Tue, Dec 3, 2024 at 10:52 AM Christophe OPOIX <\nc@x.test> wrote:\n> x",
        is_html=False,
    )
    assert kinds(r) == ["text", "quote"]
    assert r.blocks[1].line_count == 3


def test_original_message_header_in_plain_text() -> None:
    r = render_body("Fine.\n\n-----Original Message-----\nFrom: A\nSent: B\nold", is_html=False)
    assert kinds(r) == ["text", "quote"]
    r = render_body(
        "Fine.\n\nFrom: A <a@x.test>\nSent: Monday\nTo: B\nSubject: hi\n\nold", is_html=False
    )
    assert kinds(r) == ["text", "quote"]


def test_dash_dash_signature() -> None:
    r = render_body("Thanks\n\n-- \nJane Doe\nACME", is_html=False)
    assert kinds(r) == ["text", "signature"]
    assert r.blocks[1].text == "--\nJane Doe\nACME"  # trailing spaces are trimmed


def test_gmail_signature_with_content_is_folded_and_empty_one_vanishes() -> None:
    r = render_body(
        '<div>Hi</div><div class="gmail_signature"><div>Jane · ACME</div><div>+33 1 23</div></div>',
        is_html=True,
    )
    assert kinds(r) == ["text", "signature"]
    empty = render_body(
        '<div>Hi</div><div class="gmail_signature"><div><div></div></div></div>', is_html=True
    )
    assert kinds(empty) == ["text"]


@pytest.mark.parametrize(
    "footer",
    [
        "This email and any attachments are confidential and intended solely for the addressee.",
        "Ce message et ses pièces jointes sont confidentiels et destinés au seul destinataire.",
    ],
)
def test_legal_footer_is_a_signature(footer: str) -> None:
    r = render_body(f"<p>Deal.</p><p>Jane</p><p>{footer}</p>", is_html=True)
    assert kinds(r) == ["text", "signature"]
    assert r.blocks[1].text == footer


def test_visible_text_fold_lines_show_counts() -> None:
    r = RenderedBody(
        blocks=(
            Block("text", "Hello", 1),
            Block("signature", "--\nJane", 2, folded=True),
            Block("quote", "> a\n> b\n> c", 3, folded=True),
            Block("quote", "> a", 1, folded=True),
        )
    )
    assert (
        r.visible_text() == "Hello\n\n… signature (2 lines)\n\n… 3 quoted lines\n\n… 1 quoted line"
    )
    assert r.visible_text(unfold=True) == r.text == "Hello\n\n--\nJane\n\n> a\n> b\n> c\n\n> a"


def test_fold_counts_come_from_the_render() -> None:
    r = render_body("Yes\n\nOn Mon, Bob wrote:\n> 1\n> 2\n> 3", is_html=False)
    assert r.visible_text() == "Yes\n\n… 4 quoted lines"


# Cleaning helpers ----------------------------------------------------------------------------


def test_clean_line_collapses_whitespace() -> None:
    assert clean_line("  Re:\tHello\r\n  world \u2028 !\u00a0 ") == "Re: Hello world !"


def test_clean_text_keeps_newlines_and_tabs() -> None:
    assert clean_text("a\tb\nc\r\nd\re\x0bf\x0cg") == "a\tb\nc\nd\ne\nf\ng"


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("mailto:a@b.test?attach=/etc/passwd", "mailto:a@b.test"),
        (
            "mailto:a@b.test?subject=Hi&ATTACHMENT=~/.ssh/id_rsa&body=x",
            "mailto:a@b.test?subject=Hi&body=x",
        ),
        ("mailto:a@b.test?bcc=spy@evil.test&cc=c@d.test", "mailto:a@b.test?cc=c@d.test"),
        ("mailto:a@b.test", "mailto:a@b.test"),
    ],
)
def test_mailto_links_keep_only_harmless_fields(href: str, url: str) -> None:
    rendered = render_body(f'<a href="{href}">write to us</a>', is_html=True)
    assert [link.url for link in rendered.links] == [url]


def test_api_client_loads_neither_the_renderer_nor_html2text() -> None:
    code = (
        "import sys, lemtui.lemlist.client, lemtui.text;"
        " assert not {'html2text', 'lemtui.mail.render'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_div_holding_only_a_space_is_a_blank_line_between_paragraphs() -> None:
    r = render_body("<div>Добрый день!</div><div> </div><div>Посмотрели.</div>", is_html=True)
    assert r.text == "Добрый день!\n\nПосмотрели."
    r = render_body("<div>A</div>\n<div>\n</div><div></div>\n<div>B</div>", is_html=True)
    assert r.text == "A\nB"  # indentation and empty divs add nothing


@pytest.mark.parametrize("tag", ["b", "strong", "em", "font", "small", "sup"])
def test_a_hidden_inline_tag_never_hides_the_text_after_it(tag: str) -> None:
    r = render_body(
        f'<p>Yes, <{tag} style="display:none">preheader</{tag}> Tuesday works.</p><p>Kofi</p>',
        is_html=True,
    )
    assert "Tuesday works." in r.text and "Kofi" in r.text


def test_closing_a_link_numbers_what_was_written_since_it_opened() -> None:
    from lemtui.mail.render._links import LinkTable, OpenLink
    from lemtui.mail.render._stand_ins import PH_LT

    table = LinkTable()
    open_links = [OpenLink("https://a.test/", 1)]
    assert table.close(open_links, ["Before ", f"a {PH_LT}b"]) == ("a <b", 1, False)
    assert open_links == []
    assert table.close(open_links, ["a stray </a>"]) is None
