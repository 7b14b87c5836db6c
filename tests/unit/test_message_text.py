"""The detail pane's text: header block, body layout, links, events, the lead, search hits."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from rich.style import Style
from rich.text import Text

from lemtui.mail.render import render_body
from lemtui.tui import glyphs
from lemtui.tui.message_text import (
    QUOTE_BAR,
    body_text,
    event_line,
    full_when,
    header_text,
    highlight,
    lead_label,
    lead_name,
)
from tests.support.messages import NOW, make_message, utc  # noqa: F401 (a fixture)
from tests.support.runs import as_an_svg_draws

pytestmark = pytest.mark.usefixtures("utc")


def test_full_date_has_zone() -> None:
    assert full_when(datetime(2024, 12, 5, 16, 39, 41, tzinfo=UTC)) == "Thu 05 Dec 2024 16:39 UTC"


def test_full_date_names_a_zone_and_its_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        summer = full_when(datetime(2026, 6, 26, 4, 36, tzinfo=UTC))
        winter = full_when(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert summer == "Fri 26 Jun 2026 06:36 CEST, UTC+02:00"
    assert winter == "Mon 05 Jan 2026 10:00 CET, UTC+01:00"


def test_header_fields() -> None:
    message = make_message(
        subject="Meet me !",
        sendUserName="Camille",
        sendUserEmail="c@x.io",
        leadEmail="v@y.io",
        campaignName="Welcome",
        sequenceStep=0,
        attachments=[{"name": "deck\x1b[2J.pdf"}, "notes.txt"],
    )
    text = header_text(message).plain
    assert "From:     Camille <c@x.io>" in text
    assert "To:       v@y.io" in text
    assert "Date:     Sat 14 Mar 2026 09:30 UTC" in text
    assert "Subject:  Meet me !" in text
    assert "Channel:  Email · sent" in text
    assert "Campaign: Welcome · step 1" in text
    assert "Attached:" in text
    assert "notes.txt" in text
    assert "\x1b" not in text


def test_the_leads_bare_address_is_named_in_the_header() -> None:
    """A message carries only the lead's address; the header names them when the name is
    known, on their side of the message only, and never names a colleague's address."""
    sent = make_message(sendUserName="Camille", sendUserEmail="c@x.io", leadEmail="v@y.io")
    reply = make_message(
        type="emailsReplied", sendUserName="Camille", sendUserEmail="c@x.io", leadEmail="v@y.io"
    )
    colleague = make_message(type="emailsReplied", leadEmail="v@y.io", fromEmail="boss@y.io")
    assert "To:       Vera Lenz <v@y.io>" in header_text(sent, lead_name="Vera Lenz").plain
    assert "From:     Camille <c@x.io>" in header_text(sent, lead_name="Vera Lenz").plain
    named_reply = header_text(reply, lead_name="Vera\x07 Lenz").plain
    assert "From:     Vera Lenz <v@y.io>" in named_reply
    assert "To:       Camille <c@x.io>" in named_reply
    assert "From:     boss@y.io" in header_text(colleague, lead_name="Vera Lenz").plain
    assert "From:     v@y.io" in header_text(reply).plain  # no name known: the address


def test_the_leads_name_comes_from_the_inbox_else_the_messages() -> None:
    messages = [make_message(leadFirstName="Vera", leadLastName="Lenz", leadEmail="v@y.io")]
    assert lead_name(messages) == "Vera Lenz"
    assert lead_name(messages, "Vera L.") == "Vera L."
    assert lead_name([make_message(leadEmail="v@y.io")]) == ""


def test_only_web_links_become_terminal_hyperlinks() -> None:
    html = (
        '<a href="https://example.test/a?b=1">web</a> '
        '<a href="mailto:someone@example.test">mail</a> '
        '<a href="javascript:alert(1)">js</a>'
    )
    rendered = render_body(html, is_html=True)
    text = body_text(rendered, unfold=False)
    linked = {
        text.plain[span.start : span.end]: span.style.link
        for span in text.spans
        if isinstance(span.style, Style) and span.style.link
    }
    assert linked == {"https://example.test/a?b=1": "https://example.test/a?b=1"}
    assert "mailto:someone@example.test" in text.plain  # listed, but not made a hyperlink
    assert "javascript:" not in text.plain


def test_warned_link_is_never_a_terminal_hyperlink() -> None:
    # A click on an OSC 8 hyperlink would skip the confirmation `l` asks for a warned link.
    html = (
        '<a href="https://evil.test/">https://bank.example/login</a> '
        '<a href="https://ok.test/">ok</a>'
    )
    rendered = render_body(html, is_html=True)
    assert rendered.links[0].warning
    text = body_text(rendered, unfold=False)
    linked = {
        span.style.link for span in text.spans if isinstance(span.style, Style) and span.style.link
    }
    assert linked == {"https://ok.test/"}
    assert "https://evil.test/" in text.plain  # still listed, with its warning
    assert "bank.example" in text.plain


# The body: inline quotes, folds, links of what is shown, attachments, events -----------------

INTERLEAVED = (
    "Hi Bob,\n\nOn Mon, Bob <b@x.test> wrote:\n> Can you do Tuesday?\n\nYes, at 10.\n\n"
    "On Sun, Bob <b@x.test> wrote:\n> See https://b.test"
)


def test_inline_quote_is_shown_behind_a_dim_bar_and_trailing_history_folds() -> None:
    rendered = render_body(INTERLEAVED, is_html=False)
    text = body_text(rendered, unfold=False)
    assert "▎ Can you do Tuesday?" in text.plain
    assert "> Can you do Tuesday?" not in text.plain
    assert "… 2 quoted lines — press z to unfold" in text.plain
    bar = text.plain.index("▎ Can")
    assert any(s.start == bar and s.style == QUOTE_BAR and QUOTE_BAR.dim for s in text.spans)
    glyphs.use(glyphs.ASCII)
    ascii_text = body_text(rendered, unfold=False).plain
    assert "| Can you do Tuesday?" in ascii_text and "... 2 quoted lines" in ascii_text


def test_links_only_in_folded_text_are_counted_not_listed() -> None:
    rendered = render_body(
        '<p>See <a href="https://a.test">our page</a>.</p><div class="gmail_quote">'
        '<div class="gmail_attr">On Mon, Bob &lt;b@x.test&gt; wrote:</div><blockquote '
        'class="gmail_quote"><a href="https://b.test">old</a> <a href="https://c.test">x</a>'
        ' <a href="https://a.test">our page</a></blockquote></div>',
        is_html=True,
    )
    folded = body_text(rendered, unfold=False).plain
    assert "[1] https://a.test" in folded
    assert "b.test" not in folded and "c.test" not in folded
    assert "2 more in the folded text — press z to unfold" in folded
    unfolded = body_text(rendered, unfold=True).plain
    assert "[2] https://b.test" in unfolded and "[3] https://c.test" in unfolded
    assert "more in the folded text" not in unfolded


def test_attachments_are_listed_under_the_body() -> None:
    message = make_message(
        attachments=[{"name": "deck.pdf", "size": 48213, "contentType": "application/pdf"}]
    )
    text = body_text(
        render_body("<p>See attached.</p>", is_html=True),
        unfold=False,
        attachments=message.attachments,
    ).plain
    assert text.endswith("Attachments\ndeck.pdf  (48.2 KB, application/pdf)")


def test_a_body_less_event_reads_as_what_happened() -> None:
    accepted = make_message(type="linkedinInviteAccepted", message="", leadEmail="ana@x.test")
    line = event_line(accepted)
    assert line == "ana@x.test accepted your LinkedIn invitation"
    text = body_text(render_body("", is_html=False), unfold=False, event=line).plain
    assert text == line
    assert body_text(render_body("", is_html=False), unfold=False).plain == "(no text)"
    assert event_line(make_message(type="emailsBounced", message="")) == "Your email bounced"
    assert event_line(make_message(type="mysteryType", message="")) == ""


def test_the_lead_label_takes_the_inbox_name() -> None:
    message = make_message(type="emailsReplied", fromEmail="lea.fontaine@northwind.example")
    assert lead_label([message]) == "lea.fontaine@northwind.example"
    assert (
        lead_label([message], name="Léa Fontaine")
        == "Léa Fontaine <lea.fontaine@northwind.example>"
    )
    assert lead_label([], name="Léa\x1b[2J Fontaine", email="l@x.io") == "Léa[2J Fontaine <l@x.io>"


def test_a_search_hit_keeps_the_space_after_it_in_screenshots() -> None:
    text = highlight(Text("the Lyon hub!"), [(4, 8)])
    assert text.plain == "the Lyon hub!"
    assert as_an_svg_draws(text) == "the Lyon hub!"
