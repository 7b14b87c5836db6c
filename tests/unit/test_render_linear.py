"""Hostile bodies stay linear: doubling the input at most about doubles the renderer's work.

No timing: the work is counted as the Python and C function calls the renderer makes (a
profile hook), which is the same on every machine. A rule that rescans the body for each
attribution-like line, header lookalike or nested quote makes the count grow four times when
the input doubles; linear work grows about twice. The factor allowed, 3, is generous.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from lemtui.mail.render import render_body

DOUBLING_FACTOR = 3.0


def work(body: str, *, is_html: bool, history: tuple[str, ...] = ()) -> int:
    """How many Python and C function calls rendering `body` takes."""
    render_body(body, is_html=is_html, history=history)  # warm caches, compiled patterns
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        render_body(body, is_html=is_html, history=history)
    finally:
        sys.setprofile(None)
    return calls


PLAIN: dict[str, Callable[[int], str]] = {
    "attributions": lambda n: (
        "Hi,\n\n" + "On Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n" * n
    ),
    "attributions-wrapped": lambda n: "Hi,\n\n" + "On Mon, 3 Jun 2024 at 10:00, Bob\nMartin\n" * n,
    "cjk-attributions": lambda n: "Hi,\n\n" + "2024年3月5日 10:12，张伟 <a@b.test> 写道：\n" * n,
    "verbs-in-a-line": lambda n: "Hi,\n\n" + ("2024 " + "wrote " * 40 + "a@b.test x:\n") * n,
    "attributions-over-quotes": lambda n: (
        "Hi,\n\n" + "Bob <b@x.test> wrote:\n> Can we meet?\n\n" * n
    ),
    "header-lookalikes": lambda n: "Hi,\n\n" + "Sent: b\nTo: c\nSubject: d\n\n" * n,
    "header-blocks": lambda n: (
        "Hi,\n\n" + "De : Bob <b@x.test>\nEnvoyé : lundi 3 juin 2024\nÀ : Anna\nObjet : Offre\n" * n
    ),
    "wrapped-from": lambda n: "Hi,\n\n" + "From: Bob Martin\n<b@x.test>\n" * n,
    "name-prefixes": lambda n: "Hi,\n\n" + "".join(f"N{i % 7}> x\n" for i in range(n)),
    "pipes": lambda n: "Hi,\n\n" + "| x\n\n" * n,
    "colon-ends": lambda n: "Hi,\n\n" + "a 10:00 2024 b@x.test:\n\n" * n,
    "urls": lambda n: "see https://a.test/x www.b.test/(y) <https://c.test>.\n" * n,
    "written-by-attributions": lambda n: (
        "Hi,\n\n"
        + "Wiadomość napisana przez Bob <b@x.test> w dniu 1 kwi 2026, o godz. 09:02:\n" * n
    ),
    "marked-separators": lambda n: (
        "Hi,\n\n" + "-----Original Message-----\n> From: Bob <b@x.test>\n> Ok?\nYes.\n" * n
    ),
    "rtl-legal-notices": lambda n: (
        "Hi,\n\nYoav\nOps\n\n" + "הודעה זו חסויה. אם קיבלת אותה בטעות, מחק אותה.\n\n" * n
    ),
    "announced-answers": lambda n: (
        "Answers inline below.\n\nOn Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n"
        + "> Can we meet on Tuesday?\n> Yes, Tuesday works fine for us.\n" * (n // 4)
    ),
}

HTML: dict[str, Callable[[int], str]] = {
    "nested-blockquotes": lambda n: "<p>Hi</p>" + "<blockquote>" * n + "x" + "</blockquote>" * n,
    "nested-gmail-quotes": lambda n: (
        "<p>Hi</p>" + '<div class="gmail_quote">' * n + "x" + "</div>" * n
    ),
    "many-cites": lambda n: "<p>Hi</p>" + '<blockquote type="cite">x y z</blockquote>' * n,
    "attributions-over-cites": lambda n: (
        "<p>Hi</p>"
        + (
            "<div>2024年3月5日 10:12，张伟 &lt;a@b.test&gt; 写道：</div>"
            '<blockquote type="cite">x y z</blockquote>'
        )
        * n
    ),
    "header-lookalikes": lambda n: (
        "<p>Hi</p>" + "<div><b>Od:</b> Bob<br><b>Wysłano:</b> x<br><b>Do:</b> y</div>" * n
    ),
    "urls": lambda n: "<p>" + "see https://a.test/x www.b.test " * n + "</p>",
    "announced-answers": lambda n: (
        "<div>Answers inline below.</div><div class='gmail_quote'><div class='gmail_attr'>On "
        "Mon, 3 Jun 2024 at 10:00, Bob &lt;b@x.test&gt; wrote:</div><blockquote class="
        "'gmail_quote'>"
        + "<div>Can we meet?</div><div>Yes, Tuesday works.</div>" * (n // 2)
        + "</blockquote></div>"
    ),
    "banners-under-headers": lambda n: (
        "<p>Hi</p>"
        + (
            "<div><b>From:</b> Bob &lt;b@x.test&gt;<br><b>Sent:</b> Monday<br><b>To:</b> Ann<br>"
            "<b>Subject:</b> Offer</div><table><tr><td>CAUTION: This email originated from"
            " outside the organization. Do not click links or open attachments.</td></tr></table>"
            "<p>Can we meet on Tuesday to go through the offer?</p>"
        )
        * n
    ),
}

# The history-driven rules (answers a quote's conversation does not hold, banners opening a
# quoted message, initialled answers an earlier message gave) on bodies full of their shapes.
_EARLIER = "Can we meet on Tuesday to go through the offer? [AK] Yes, Tuesday at ten works."
WITH_HISTORY: dict[str, Callable[[int], str]] = {
    "banners-in-a-thread": lambda n: (
        "Hi,\n\n"
        + (
            "From: Bob <b@x.test>\nSent: Monday\nTo: Ann\nSubject: Offer\n\nCAUTION: This"
            " email originated from outside the organization. Do not click links.\n\n"
            "Can we meet on Tuesday to go through the offer?\n\n"
        )
        * n
    ),
    "initialled-answers-held": lambda n: (
        "Hi,\n\nOn Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n"
        + "> Can we meet on Tuesday to go through the offer?\n> [AK] Yes, Tuesday at ten works.\n"
        * n
    ),
}


@pytest.mark.parametrize("name", PLAIN)
def test_plain_hostile_bodies_grow_linearly(name: str) -> None:
    make = PLAIN[name]
    small, big = work(make(1_000), is_html=False), work(make(2_000), is_html=False)
    assert big < DOUBLING_FACTOR * small, f"{name}: {small} calls, then {big} for twice as much"


@pytest.mark.parametrize("name", HTML)
def test_html_hostile_bodies_grow_linearly(name: str) -> None:
    make = HTML[name]
    small, big = work(make(500), is_html=True), work(make(1_000), is_html=True)
    assert big < DOUBLING_FACTOR * small, f"{name}: {small} calls, then {big} for twice as much"


@pytest.mark.parametrize("name", WITH_HISTORY)
def test_hostile_bodies_with_a_conversation_grow_linearly(name: str) -> None:
    make = WITH_HISTORY[name]
    small = work(make(500), is_html=False, history=(_EARLIER,))
    big = work(make(1_000), is_html=False, history=(_EARLIER,))
    assert big < DOUBLING_FACTOR * small, f"{name}: {small} calls, then {big} for twice as much"


def test_the_count_sees_quadratic_work() -> None:
    """The measure itself: a rescan per line grows four times when the lines double."""

    def rescanning(n: int) -> str:
        lines = ["x"] * n
        return "".join(str(sum(1 for _ in lines[i:])) for i in range(n))

    def calls(n: int) -> int:
        counted = 0

        def count(frame: FrameType, event: str, arg: Any) -> None:
            nonlocal counted
            counted += event in ("call", "c_call")

        sys.setprofile(count)
        try:
            rescanning(n)
        finally:
            sys.setprofile(None)
        return counted

    assert calls(400) > DOUBLING_FACTOR * calls(200)
