"""A message's first words for an inbox row (`lemtui.mail.gist`): new words first, quoted
history folded, events in words, nothing unsafe, never empty for a message that has text."""

from __future__ import annotations

from lemtui.mail.gist import GIST_CHARS, gist_of
from tests.support.messages import make_message

GMAIL_REPLY = (
    '<div dir="ltr">Tuesday 10:00 works for us, send the invite.</div><br>'
    '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Mar 9, 2026 at 9:12'
    " AM Alex Martin &lt;alex@northwind.test&gt; wrote:<br></div>"
    '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid">'
    "Would a call next week suit you? We cut freight invoices by 6 %.</blockquote></div>"
)


def test_a_reply_gives_the_new_words_and_not_the_quoted_history() -> None:
    gist = gist_of(make_message(type="emailsReplied", message=GMAIL_REPLY))
    assert gist.text == "Tuesday 10:00 works for us, send the invite."
    assert not gist.event
    assert "freight" not in gist.text and "wrote" not in gist.text


def test_a_bodyless_linkedin_event_reads_as_what_happened() -> None:
    gist = gist_of(make_message(type="linkedinInviteAccepted", message=""))
    assert gist.event
    assert "accepted your LinkedIn invitation" in gist.text


def test_our_own_event_starts_with_a_capital() -> None:
    gist = gist_of(make_message(type="linkedinVisitDone", message=None))
    assert gist.event
    assert gist.text[:1].isupper()


def test_a_bare_forward_is_never_an_empty_row() -> None:
    forward = (
        "---------- Forwarded message ---------\nFrom: Marc Dubois <marc@acme.test>\n"
        "Date: Mon, 9 Mar 2026\nSubject: Budget\nTo: Lea <lea@acme.test>\n\n"
        "We can free 20k for the pilot in Q2.\n"
    )
    gist = gist_of(make_message(type="emailsReplied", message=forward))
    assert "20k for the pilot" in gist.text or "Forwarded" in gist.text
    assert gist.text.strip()


def test_plain_text_with_brackets_and_an_entity_keeps_every_word() -> None:
    body = "Plain text with <angle brackets>, &amp; an entity"
    gist = gist_of(make_message(type="linkedinReplied", message=body))
    assert "<angle brackets>" in gist.text


def test_control_characters_and_bidi_overrides_never_reach_the_row() -> None:
    body = "Hi\x1b[31m red\x9b2J \u202egnp.exe\u202c and\ttabs\nnext line"
    gist = gist_of(make_message(type="linkedinReplied", message=body))
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in gist.text)
    assert "\u202e" not in gist.text and "\u202c" not in gist.text
    assert "\n" not in gist.text
    assert "next line" in gist.text


def test_a_huge_body_gives_a_bounded_line() -> None:
    body = "<p>" + "word " * 200_000 + "</p>"
    gist = gist_of(make_message(type="emailsReplied", message=body))
    assert 0 < len(gist.text) <= GIST_CHARS


def test_no_body_and_no_known_event_says_so() -> None:
    assert gist_of(make_message(type="somethingNew", message="", subject="")).text == "(no text)"
