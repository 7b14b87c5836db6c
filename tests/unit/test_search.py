"""Search and filter over loaded messages (`lemtui.mail.search`): pure functions, no UI."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lemtui.lemlist.filters import MessageFilter
from lemtui.lemlist.messages import Message
from lemtui.mail.render import render_body
from lemtui.mail.search import (
    SearchIndex,
    SearchResult,
    find_hits,
    match_spans,
    searchable_text,
    step_hit,
)


def _message(ident: str, kind: str = "emailsSent", subject: str = "", body: str = "") -> Message:
    return Message.from_json({"_id": ident, "type": kind, "subject": subject, "message": body})


def _indexed(messages: list[Message]) -> SearchIndex:
    index = SearchIndex()
    for message in messages:
        index.add(message, render_body(message.body, is_html=message.body_is_html))
    return index


def test_hits_in_subject_and_rendered_body_case_insensitive() -> None:
    messages = [
        _message("a", subject="Quarterly ROUTES"),
        _message("b", body="<p>Our <b>routes</b> in Lyon</p>"),
        _message("c", body='<a href="https://routes.example">x</a> nothing visible'),
        _message("d", body="<style>.routes{}</style><p>hello</p>"),
    ]
    hits = find_hits(messages, "routes", _indexed(messages))
    # c's URL is in its links list (shown), d's word only in a style block (never shown)
    assert 0 in hits
    assert 1 in hits
    assert 3 not in hits


def test_unindexed_messages_match_on_subject_only() -> None:
    messages = [_message("a", subject="Lyon"), _message("b", body="Lyon")]
    assert find_hits(messages, "lyon", SearchIndex()) == [0]


def test_empty_or_blank_query_finds_nothing() -> None:
    messages = [_message("a", subject="x")]
    assert find_hits(messages, "", _indexed(messages)) == []
    assert find_hits(messages, " \x1b ", _indexed(messages)) == []
    assert match_spans("abc", "") == []


def test_regex_characters_are_literal() -> None:
    messages = [_message("a", subject="price (EUR) [net]"), _message("b", subject="price EUR")]
    assert find_hits(messages, "(eur) [net]", _indexed(messages)) == [0]
    assert find_hits(messages, ".*", _indexed(messages)) == []


def test_match_spans_for_highlighting() -> None:
    text = "Lyon, lyon and LYON"
    spans = match_spans(text, "lyon")
    assert spans == [(0, 4), (6, 10), (15, 19)]
    assert all(text[a:b].lower() == "lyon" for a, b in spans)


def test_index_knows_what_is_missing() -> None:
    a, b = _message("a"), _message("b")
    index = SearchIndex()
    index.add(a, render_body("x", is_html=False))
    assert index.missing([a, b]) == [b]
    assert a in index
    assert len(index) == 1


def test_searchable_text_is_cleaned() -> None:
    message = _message("a", subject="hi\x1b[31m there", body="body\x07 text")
    text = searchable_text(message, render_body(message.body, is_html=False))
    assert "\x1b" not in text
    assert "\x07" not in text


def test_step_hit_wraps_both_ways() -> None:
    hits = [2, 5, 9]
    assert step_hit(hits, None, True) == 2
    assert step_hit(hits, None, False) == 9
    assert step_hit(hits, 2, True) == 5
    assert step_hit(hits, 9, True) == 2
    assert step_hit(hits, 3, False) == 2
    assert step_hit(hits, 2, False) == 9
    assert step_hit([], 0, True) is None


def test_summary_offers_to_load_the_rest() -> None:
    partial = SearchResult("lyon", (1, 4), searched=50, total=600, complete=False)
    assert partial.summary() == (
        "“lyon”: 2 hits · n/N next/previous · 50 of 600 searched · L loads all, searches again"
    )
    done = SearchResult("lyon", (), searched=600, total=600, complete=True)
    assert done.summary() == "“lyon”: no hits · all 600 messages searched"


def test_filter_cycles_and_matches() -> None:
    order = [MessageFilter.ALL]
    while (following := order[-1].next()) is not MessageFilter.ALL:
        order.append(following)
    assert [f.label for f in order] == [
        "all",
        "replies",
        "sent",
        "email",
        "LinkedIn",
        "other channels",
    ]
    reply = _message("a", "emailsReplied")
    sent = _message("b", "linkedinSent")
    call = _message("c", "aircallDone")
    assert MessageFilter.REPLIES.matches(reply) and not MessageFilter.REPLIES.matches(sent)
    assert MessageFilter.SENT.matches(sent) and not MessageFilter.SENT.matches(reply)
    assert MessageFilter.EMAIL.matches(reply) and not MessageFilter.EMAIL.matches(sent)
    assert MessageFilter.LINKEDIN.matches(sent)
    assert MessageFilter.OTHER.matches(call) and not MessageFilter.OTHER.matches(reply)
    assert all(MessageFilter.ALL.matches(m) for m in (reply, sent, call))


@given(st.text(max_size=200), st.text(min_size=1, max_size=10))
def test_spans_are_always_case_insensitive_matches(text: str, query: str) -> None:
    for start, end in match_spans(text, query):
        assert 0 <= start < end <= len(text)
