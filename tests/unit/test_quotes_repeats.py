"""Words said again are the writer's: a copy of the conversation folds only where pasted
history sits (at the end of the text, under the writer's own words).

Found by walking the demo as a new user: a lead who wrote "Please stop emailing me at this
address; use my LinkedIn." a second time saw it barred as quoted history, and `--print --format
json` called the whole reply `whole-quote`, so a script keeping the `text` blocks dropped it.
Sequences reuse their steps' sentences, so our own follow-ups were barred the same way.
"""

from __future__ import annotations

from lemtui.mail.render import RenderedBody, render_body


def shown(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if not block.folded)


def kinds(r: RenderedBody) -> list[str]:
    return [block.kind for block in r.blocks]


STOP = "Please stop emailing me at this address; use my LinkedIn."
GMAIL_QUOTE = (
    '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Feb 10, 2026 at 9:02'
    " AM Tom Hale &lt;tom@acme.test&gt; wrote:<br></div>"
    '<blockquote class="gmail_quote">Hi Léa, just bumping this in case it got buried.'
    "</blockquote></div>"
)
EARLIER_REPLY = f"<div>{STOP}</div><br>{GMAIL_QUOTE}"
STEP_ONE = (
    "<p>Hi Léa,</p><p>Teams like yours usually lose 4–7% of freight spend to billing errors."
    "</p><p>Would a short call next week make sense?</p><p>Tom</p>"
)


def test_a_reply_that_says_again_what_the_lead_said_before_is_their_text() -> None:
    r = render_body(EARLIER_REPLY, is_html=True, history=[STEP_ONE, EARLIER_REPLY])
    assert kinds(r)[0] == "text"
    assert "whole-quote" not in kinds(r)
    assert shown(r).startswith(STOP)


def test_a_plain_body_that_only_repeats_an_earlier_message_is_shown_whole() -> None:
    r = render_body(STOP, is_html=False, history=[EARLIER_REPLY])
    assert kinds(r) == ["text"]
    assert shown(r) == STOP


def test_a_follow_up_reusing_an_earlier_steps_sentences_shows_them() -> None:
    follow_up = (
        "Hi Léa,\n\nTeams like yours usually lose 4–7% of freight spend to billing errors.\n\n"
        "Would a short call next week make sense?\n\n"
        "We helped a similar logistics team cut audit time from two days to two hours."
    )
    r = render_body(follow_up, is_html=False, history=[STEP_ONE])
    assert kinds(r) == ["text"]
    assert shown(r) == follow_up


def test_a_copy_at_the_top_with_new_words_under_it_stays() -> None:
    body = f"{STOP}\n\nI wrote this in March already. Last time: remove me from the sequence."
    r = render_body(body, is_html=False, history=[EARLIER_REPLY])
    assert kinds(r) == ["text"]  # not a quote above the text: a script keeps it too
    assert shown(r) == body


def test_a_greeting_over_a_copy_is_no_new_words_to_paste_under() -> None:
    body = f"Hi Tom,\n\n{STOP}"
    r = render_body(body, is_html=False, history=[EARLIER_REPLY])
    assert shown(r) == body


# Near misses: pasted history under the writer's own words still folds -----------------------


def test_a_paste_under_new_words_still_folds() -> None:
    body = (
        "Not right now, thanks.\n\nTeams like yours usually lose 4–7% of freight spend to "
        "billing errors.\n\nWould a short call next week make sense?"
    )
    r = render_body(body, is_html=False, history=[STEP_ONE])
    assert shown(r) == "Not right now, thanks."


def test_a_paste_after_a_short_thanks_under_the_greeting_still_folds() -> None:
    # "Thanks!" alone looks like a greeting; under the greeting it is the writer's words.
    body = (
        "Hi Tom,\n\nThanks!\n\nTeams like yours usually lose 4–7% of freight spend to billing "
        "errors.\n\nWould a short call next week make sense?"
    )
    r = render_body(body, is_html=False, history=[STEP_ONE])
    assert shown(r) == "Hi Tom,\n\nThanks!"


def test_a_paste_under_text_of_an_earlier_part_of_the_body_folds() -> None:
    # The writer's words are in the HTML's first container, the paste in the next one.
    body = (
        "<div>Not right now, thanks.</div><hr><div>Teams like yours usually lose 4–7% of freight"
        " spend to billing errors.</div><div><br></div><div>Would a short call next week make "
        "sense?</div>"
    )
    r = render_body(body, is_html=True, history=[STEP_ONE])
    assert "Not right now, thanks." in shown(r)
    assert "billing errors" not in shown(r)


def test_a_ticket_threads_earlier_comments_fold_though_more_follow_each() -> None:
    """Two earlier comments, each under its rule and framed by author and date: the first is
    no run that ends the text (the second follows it), and is still history under its rule."""
    older = (
        "<p>Hi Sam,</p><p>Could you quote for twelve agents on the professional suite, billed"
        " yearly?</p><p>Olivia</p>"
    )
    earlier = (
        "<p>Hi Olivia,</p><p>Lingodesk translates tickets and replies inside Zendesk, so your"
        " agents answer in English and customers read Finnish.</p><p>Best,<br>Sam</p>"
    )
    body = (
        "<p>Thanks Sam, that is within budget. Forwarding to our Head of CX.</p><p>Olivia</p>"
        "<hr><p>Sam Doyle</p><p>Mar 2, 2027, 12:02 GMT+1</p>" + earlier
        + "<hr><p>Olivia Grant</p><p>Mar 2, 2027, 10:40 GMT+1</p>" + older
    )  # fmt: skip
    r = render_body(body, is_html=True, history=[earlier, older])
    (pasted,) = [block for block in r.blocks if "Lingodesk translates" in block.text]
    assert pasted.kind == "quote"  # history, as it was before the rule above
    assert r.blocks[0].kind == "text" and r.blocks[0].text.startswith("Thanks Sam")
