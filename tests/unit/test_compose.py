"""Composing a reply: the message fields it needs, subject, Markdown → HTML, size, refusals, and
the two request bodies (checked against the fake API's validation)."""

from __future__ import annotations

import base64
import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lemtui.demo import data as demo_data
from lemtui.demo.fake_api import DEMO_API_KEY, FakeLemlist
from lemtui.lemlist.messages import Channel, Message, Page
from lemtui.mail.compose import (
    MAX_CONTENT_LENGTH,
    NO_USER_ID,
    DraftRequest,
    ReplyRefusedError,
    build_reply,
    content_length,
    draft_request,
    markdown_to_html,
    preview_text,
    reply_refusal,
    reply_subject,
    send_request,
)

SAMPLE = json.loads((Path(__file__).parent.parent / "data" / "doc_sample.json").read_text("utf-8"))
CONTACT = "ctc_wfKeM8EmiTikud7QE"
USER = "usr_t2KCwPen66NrrqGtQ"
MIXED = demo_data.MIXED_CONTACT_ID


def doc_messages() -> tuple[Message, ...]:
    return Page.from_json(SAMPLE, contact_id=CONTACT, skip=0, limit=10).messages


def victoire_reply() -> Message:
    """The doc sample's `emailsReplied`: Victoire answering Christophe."""
    return doc_messages()[1]


def message(**fields: Any) -> Message:
    item = dict(SAMPLE["data"][1])
    item.update(fields)
    return Message.from_json({k: v for k, v in item.items() if v is not ...})


def mixed(kind: str, subject: str | None = None) -> Message:
    items = demo_data.demo_conversation(MIXED) or []
    return next(
        Message.from_json(i)
        for i in items
        if i["type"] == kind and (subject is None or i["subject"] == subject)
    )


# --- the message fields a reply needs -----------------------------------------------------------


def test_messages_carry_the_ids_a_reply_needs() -> None:
    sent, reply, _first = doc_messages()
    assert (sent.sender_user_id, sent.sender_mailbox_id, sent.lead_id) == (
        "usr_7RCLS4LdYP2oc8jmE",
        "usm_bn6KxhSrHZEak2NM6",
        "lea_jcw2hneu7qs7iYKBr",
    )
    assert (reply.sender_user_id, reply.sender_mailbox_id, reply.lead_id) == (
        USER,
        "usm_zs86Mc8ZbHXfkLBAC",
        "lea_WoeA2FAw8jemE2Mex",
    )
    assert reply.contact_id == CONTACT


@pytest.mark.parametrize("value", [None, 42, ["usr_x"], {"id": "usr_x"}, True])
def test_reply_ids_are_read_leniently(value: Any) -> None:
    odd = Message.from_json({"sendUserId": value, "sendUserMailboxId": value, "leadId": value})
    expected = {None: "", 42: "42", True: "true"}.get(value, "") if not isinstance(
        value, list | dict
    ) else ""  # fmt: skip
    assert odd.sender_user_id == odd.sender_mailbox_id == odd.lead_id == expected
    assert Message.from_json({}).sender_user_id == ""


# --- the subject --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "subject"),
    [
        ("Meet me !", "Re: Meet me !"),
        ("Re: Meet me !", "Re: Meet me !"),
        ("RE: Meet me !", "Re: Meet me !"),
        ("re:Meet me !", "Re: Meet me !"),
        ("Re : Rendez-vous", "Re: Rendez-vous"),  # French spacing
        ("RE : RE: Re: AW: Sv: Re[2]: Re(3): Re^4: x", "Re: x"),
        ("AW: Angebot", "Re: Angebot"),
        ("Antw: offerte", "Re: offerte"),
        ("回复：你好", "Re: 你好"),
        ("Fwd: the deck", "Re: Fwd: the deck"),  # a forward stays one
        ("TR: la présentation", "Re: TR: la présentation"),
        ("Réf. : commande 1234", "Re: Réf. : commande 1234"),  # a reference, not a reply
        ("Ref: invoice 12", "Re: Ref: invoice 12"),
        ("Rebate: 10 %", "Re: Rebate: 10 %"),
        ("Regarding: pricing", "Re: Regarding: pricing"),
        ("", "Re:"),
        ("Re:", "Re:"),
        ("  Hello\r\n\tworld  ", "Re: Hello world"),
        ("Hi\x1b[31m \x00there\x85", "Re: Hi[31m there"),
        ("abc\u202edcba", "Re: abc\u202edcba"),  # the lead's words, untouched (shown cleaned)
    ],
)
def test_reply_subject_has_one_re(original: str, subject: str) -> None:
    assert reply_subject(original) == subject


# --- Markdown to HTML ---------------------------------------------------------------------------


def test_markdown_becomes_html() -> None:
    html = markdown_to_html("Hi **Victoire**,\n\n- one\n- two\n\n~~old~~ *new*")
    assert html == (
        "<p>Hi <strong>Victoire</strong>,</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<p><s>old</s> <em>new</em></p>\n"
    )


def test_a_typed_line_break_is_kept() -> None:
    assert markdown_to_html("Best,\nAlex") == "<p>Best,<br />\nAlex</p>\n"
    assert markdown_to_html("Best,\r\nAlex\rM.") == "<p>Best,<br />\nAlex<br />\nM.</p>\n"


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        '<img src="https://evil.test/x.gif" onerror="alert(1)">',
        "<style>body{display:none}</style>",
        '<a href="javascript:alert(1)">click</a>',
        "<!-- hidden --><b>bold</b>",
        '<div style="display:none">secret</div>',
    ],
)
def test_raw_html_is_escaped_never_passed_through(raw: str) -> None:
    html = markdown_to_html(f"before {raw} after\n\n{raw}")
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"p", "a"}
    assert set(re.findall(r'href="([a-z]+):', html)) <= {"https"}  # the URL typed, as a link
    assert "&lt;" in html


@pytest.mark.parametrize(
    ("source", "link"),
    [
        (
            "[the deck](https://example.com/deck?a=1&b=2)",
            'href="https://example.com/deck?a=1&amp;b=2"',
        ),
        ("<https://example.com/x>", 'href="https://example.com/x"'),
        ("see https://example.com/a_(b) now", 'href="https://example.com/a_(b)"'),
        ("book at lemcal.com/alex", 'href="http://lemcal.com/alex"'),
        ("write to alex@lemtest.com", 'href="mailto:alex@lemtest.com"'),
    ],
)
def test_links_stay_links(source: str, link: str) -> None:
    assert link in markdown_to_html(source)


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:x)",
    ],
)
def test_script_links_are_not_links(source: str) -> None:
    assert "href" not in markdown_to_html(source)


def test_control_characters_typed_or_pasted_are_dropped() -> None:
    html = markdown_to_html("a\x1b[31mb\x00c\x07d\x9be\tf")
    assert html == "<p>a[31mbcde\tf</p>\n"


def test_content_length_counts_like_javascript() -> None:
    assert content_length("abc") == 3
    assert content_length("é") == 1
    assert content_length("😀") == 2
    assert content_length("👨‍👩‍👧") == 8


# --- the reply ----------------------------------------------------------------------------------


def test_a_reply_to_the_doc_sample() -> None:
    reply = build_reply(victoire_reply(), "Merci **Victoire** !", user_id=USER, contact_id=CONTACT)
    assert reply.channel is Channel.EMAIL
    assert reply.channel_label == "email"
    assert reply.from_label == "Christophe OPOIX <christophe.o@lemtest.com>"
    assert reply.to_label == "victoire@lemlist.co"
    assert reply.subject == "Re: Have you heard about Christophe Opoix ?"
    assert reply.html == "<p>Merci <strong>Victoire</strong> !</p>\n"
    assert reply.size == len(reply.html) == 41
    assert reply.size_label == "41 / 30,000 characters"
    assert reply.draft_refusal is None
    assert reply.send_refusal is None

    request = draft_request(reply)
    assert request == DraftRequest(
        contact_id=CONTACT,
        params={"draftOwner": USER},
        json={
            "channel": "email",
            "content": "<p>Merci <strong>Victoire</strong> !</p>\n",
            "subject": "Re: Have you heard about Christophe Opoix ?",
            "replyToActivityId": "act_7yfGhxmPfKbxZaWHa",
        },
    )
    assert send_request(reply) == {
        "sendUserId": USER,
        "sendUserEmail": "christophe.o@lemtest.com",
        "sendUserMailboxId": "usm_zs86Mc8ZbHXfkLBAC",
        "contactId": CONTACT,
        "leadId": "lea_WoeA2FAw8jemE2Mex",
        "subject": "Re: Have you heard about Christophe Opoix ?",
        "message": "<p>Merci <strong>Victoire</strong> !</p>\n",
    }


def test_the_lead_name_shows_in_to() -> None:
    reply = build_reply(
        victoire_reply(), "x", user_id=USER, contact_id=CONTACT, lead_name="Victoire"
    )
    assert reply.to_label == "Victoire <victoire@lemlist.co>"


def test_the_owner_may_be_an_email_and_is_trimmed() -> None:
    reply = build_reply(victoire_reply(), "x", user_id=" me@lemtest.com ", contact_id=CONTACT)
    assert draft_request(reply).params == {"draftOwner": "me@lemtest.com"}


@pytest.mark.parametrize(
    ("kind", "channel", "label"),
    [
        ("linkedinReplied", "linkedin", "LinkedIn"),
        ("whatsappReplied", "whatsapp", "WhatsApp"),
        ("smsReplied", "sms", "SMS"),
    ],
)
def test_other_channels_make_drafts_without_subject_and_cannot_be_sent(
    kind: str, channel: str, label: str
) -> None:
    answered = mixed(kind)
    reply = build_reply(answered, "Thanks!", user_id=USER, contact_id=MIXED)
    assert reply.channel_label == label
    assert reply.subject == ""
    assert reply.from_label == "Camille INGOUF"
    assert reply.draft_refusal is None
    assert draft_request(reply).json == {
        "channel": channel,
        "content": "<p>Thanks!</p>\n",
        "replyToActivityId": answered.id,
    }
    assert reply.send_refusal == (
        f"Only email can be sent from lemtui: save this {label} reply as a lemlist draft "
        "and send it from lemlist"
    )
    with pytest.raises(ReplyRefusedError, match="Only email can be sent"):
        send_request(reply)


def test_a_message_without_id_is_answered_without_reply_to() -> None:
    reply = build_reply(message(_id=...), "x", user_id=USER, contact_id=CONTACT)
    assert reply.reply_to_id == ""
    assert "replyToActivityId" not in draft_request(reply).json


def test_the_conversation_gives_the_contact_when_the_message_lacks_it() -> None:
    reply = build_reply(message(contactId=None), "x", user_id=USER, contact_id=CONTACT)
    assert reply.contact_id == CONTACT
    assert send_request(reply)["contactId"] == CONTACT


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   ", "\n\n\t\n", "[ref]: https://example.com"])
def test_an_empty_reply_is_refused_both_ways(body: str) -> None:
    reply = build_reply(victoire_reply(), body, user_id=USER, contact_id=CONTACT)
    reason = "The reply is empty: there is nothing to save or send"
    assert reply.draft_refusal == reply.send_refusal == reason
    with pytest.raises(ReplyRefusedError, match=reason):
        draft_request(reply)
    with pytest.raises(ReplyRefusedError, match=reason):
        send_request(reply)


def test_the_limit_counts_the_html_sent_not_the_markdown_typed() -> None:
    # 7,499 "<" are 7,499 characters typed but 29,996 sent ("&lt;"), plus "<p>…</p>\n".
    fits = build_reply(victoire_reply(), "<" * 7_491, user_id=USER, contact_id=CONTACT)
    assert fits.size == 7_491 * 4 + 8 == 29_972
    assert fits.draft_refusal is None
    over = build_reply(victoire_reply(), "<" * 7_499, user_id=USER, contact_id=CONTACT)
    assert over.size == 30_004
    assert (
        over.draft_refusal
        == over.send_refusal
        == (
            "The reply is too long: 30,004 characters once turned into HTML, and lemlist takes at "
            "most 30,000 (shorten it by 4)"
        )
    )


def test_exactly_the_limit_is_accepted_and_emoji_count_double() -> None:
    exact = build_reply(victoire_reply(), "x" * (MAX_CONTENT_LENGTH - 8), user_id=USER,
                        contact_id=CONTACT)  # fmt: skip
    assert exact.size == MAX_CONTENT_LENGTH
    assert exact.send_refusal is None
    emoji = build_reply(victoire_reply(), "😀" * 14_997, user_id=USER, contact_id=CONTACT)
    assert emoji.size == 30_002
    assert emoji.send_refusal is not None


def test_no_user_id_refuses_the_draft_says_how_and_still_sends() -> None:
    assert "--user-id" in NO_USER_ID
    assert "LEMLIST_USER_ID" in NO_USER_ID
    assert "user_id" in NO_USER_ID.replace("LEMLIST_USER_ID", "")
    for user_id in (None, "", "  "):
        assert reply_refusal(victoire_reply(), user_id=user_id, contact_id=CONTACT) == NO_USER_ID
        reply = build_reply(victoire_reply(), "x", user_id=user_id, contact_id=CONTACT)
        assert reply.draft_refusal == NO_USER_ID
        assert reply.send_refusal is None
        with pytest.raises(ReplyRefusedError, match="--user-id"):
            draft_request(reply)
    assert reply_refusal(victoire_reply(), user_id=USER, contact_id=CONTACT) is None


@pytest.mark.parametrize(
    ("missing", "said"),
    [
        ({"sendUserMailboxId": ...}, "the mailbox (sendUserMailboxId)"),
        ({"sendUserId": None}, "the sending user (sendUserId)"),
        ({"sendUserEmail": ""}, "the sending address (sendUserEmail)"),
        ({"leadId": ["lea_x"]}, "the lead (leadId)"),
        (
            {"leadId": ..., "sendUserMailboxId": " ", "sendUserId": ...},
            "the sending user (sendUserId), the mailbox (sendUserMailboxId) or the lead (leadId)",
        ),
    ],
)
def test_a_send_without_the_ids_is_refused_but_a_draft_works(
    missing: dict[str, Any], said: str
) -> None:
    reply = build_reply(message(**missing), "Merci !", user_id=USER, contact_id=CONTACT)
    assert reply.send_refusal == (
        f"Cannot send: the answered message does not say {said}; "
        "it can still be saved as a lemlist draft"
    )
    with pytest.raises(ReplyRefusedError):
        send_request(reply)
    assert reply.draft_refusal is None
    assert draft_request(reply).json["content"] == "<p>Merci !</p>\n"


@pytest.mark.parametrize(
    ("kind", "subject", "reason"),
    [
        ("aircallDone", None, "A call activity (aircallDone) cannot be answered"),
        ("callDone", None, "A call activity (callDone) cannot be answered"),
        ("carrierPigeonSent", None, "A other activity (carrierPigeonSent) cannot be answered"),
        ("manualTaskDone", None, "A other activity (manualTaskDone) cannot be answered"),
        ("emailsOpened", None, "This is an event (emailsOpened), not a message"),
        ("linkedinVisitDone", None, "This is an event (linkedinVisitDone), not a message"),
        ("emailsBounced", None, "This message was not delivered (emailsBounced)"),
        ("emailsFailed", None, "This message was not delivered (emailsFailed)"),
    ],
)
def test_what_cannot_be_answered_says_why(kind: str, subject: str | None, reason: str) -> None:
    answered = mixed(kind, subject)
    refusal = reply_refusal(answered, user_id=USER, contact_id=MIXED)
    assert refusal is not None
    assert refusal.startswith(reason)
    reply = build_reply(answered, "hello", user_id=USER, contact_id=MIXED)
    assert reply.draft_refusal == reply.send_refusal == refusal
    with pytest.raises(ReplyRefusedError):
        draft_request(reply)


def test_a_call_refusal_names_the_channels_that_work() -> None:
    refusal = reply_refusal(mixed("callDone"), user_id=USER, contact_id=MIXED)
    assert refusal == (
        "A call activity (callDone) cannot be answered: lemlist takes replies by email, "
        "LinkedIn, WhatsApp and SMS"
    )


def test_a_message_of_another_contact_is_not_answered_here() -> None:
    refusal = reply_refusal(victoire_reply(), user_id=USER, contact_id=MIXED)
    assert refusal == (
        f"Cannot reply: this message belongs to contact {CONTACT}, not to this conversation "
        f"({MIXED})"
    )
    reply = build_reply(victoire_reply(), "x", user_id=USER, contact_id=MIXED)
    assert reply.draft_refusal == reply.send_refusal == refusal


def test_no_contact_at_all_is_refused() -> None:
    assert reply_refusal(message(contactId=...), user_id=USER, contact_id="") == (
        "Cannot reply: the conversation's contact ID is unknown"
    )


# --- what the review screen shows ---------------------------------------------------------------


def test_labels_are_terminal_safe() -> None:
    hostile = message(sendUserName="[red]Root[/red] \x1b[5mADMIN", leadEmail="m@evil.test\x07")
    reply = build_reply(hostile, "x", user_id=USER, contact_id=CONTACT, lead_name="Mal\u202elory")
    assert reply.from_label == "[red]Root[/red] [5mADMIN <christophe.o@lemtest.com>"
    assert reply.to_label == "Mal⟨RLO⟩lory <m@evil.test>"
    assert not any(ord(c) < 32 for c in reply.from_label + reply.to_label)


def test_the_preview_shows_escaped_html_as_typed_and_links() -> None:
    reply = build_reply(
        victoire_reply(),
        "Hi <script>x</script>,\n\nsee [the deck](https://example.com/deck)",
        user_id=USER,
        contact_id=CONTACT,
    )
    text = preview_text(reply)
    assert "Hi <script>x</script>," in text
    assert "the deck" in text


def test_unknown_identities_have_placeholders() -> None:
    reply = build_reply(Message.from_json({"type": "emailsReplied"}), "x", user_id=USER,
                        contact_id=CONTACT)  # fmt: skip
    assert (reply.from_label, reply.to_label) == ("(unknown mailbox)", "(unknown lead)")


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["_id", "type", "subject", "sendUserId", "sendUserEmail", "sendUserMailboxId",
             "sendUserName", "leadId", "leadEmail", "contactId"]
        ),
        st.none() | st.text() | st.integers() | st.lists(st.text(), max_size=2),
    ),
    st.text(),
)  # fmt: skip
def test_any_message_and_any_text_never_raise(item: dict[str, Any], text: str) -> None:
    reply = build_reply(Message.from_json(item), text, user_id=USER, contact_id=CONTACT)
    assert reply.draft_refusal is None or reply.draft_refusal.strip()
    assert reply.send_refusal is None or reply.send_refusal.strip()
    for build in (draft_request, send_request):
        with contextlib.suppress(ReplyRefusedError):
            build(reply)
    assert "\n" not in reply.subject
    assert reply_refusal(Message.from_json(item), user_id=None, contact_id=CONTACT)


# --- the bodies, as the fake API (the write doc's validation) takes them ------------------------


async def test_the_request_bodies_are_what_the_fake_service_accepts() -> None:
    app = FakeLemlist()
    token = base64.b64encode(f":{DEMO_API_KEY}".encode()).decode()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://fake.test/api",
        headers={"Authorization": f"Basic {token}"},
    ) as client:
        answered = victoire_reply()
        reply = build_reply(answered, "Merci !", user_id=USER, contact_id=CONTACT)
        request = draft_request(reply)
        drafted = await client.post(
            f"/inbox/{request.contact_id}/drafts", params=request.params, json=request.json
        )
        assert drafted.status_code == 200, drafted.text
        sent = await client.post("/inbox/email", json=send_request(reply))
        assert sent.status_code == 200, sent.text
        for item in demo_data.demo_conversation(MIXED) or []:
            other = build_reply(Message.from_json(item), "ok", user_id=USER, contact_id=MIXED)
            if other.draft_refusal is None:
                request = draft_request(other)
                response = await client.post(
                    f"/inbox/{MIXED}/drafts", params=request.params, json=request.json
                )
                assert response.status_code in (200, 400), response.text
                if response.status_code == 400:  # only the 10-draft limit may refuse
                    assert response.text == "A conversation can hold at most 10 drafts"
    assert app.drafts[0].reply_to_activity_id == answered.id
    assert app.sent[0].subject == "Re: Have you heard about Christophe Opoix ?"
    assert [d.contact_id for d in app.drafts] == [CONTACT] + [MIXED] * 10


def test_compose_imports_no_ui() -> None:
    code = "import sys, lemtui.mail.compose; assert not {'textual', 'httpx'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)
