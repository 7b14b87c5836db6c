"""Folding that never hides the lead's words: one test per shape of issue 9.

Each body is built from what the named client writes; `shown` is what the reader shows before
anything is unfolded.
"""

from __future__ import annotations

import pytest

from lemtui.mail.render import RenderedBody, render_body


def shown(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if not block.folded)


def folded(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if block.folded)


def layout(r: RenderedBody) -> list[tuple[str, bool]]:
    return [(block.kind, block.folded) for block in r.blocks]


GMAIL_HISTORY = (
    '<div dir="ltr" class="gmail_attr">On Mon, 3 Jun 2024 at 10:00, Bob &lt;b@x.test&gt;'
    ' wrote:<br></div><blockquote class="gmail_quote">Can we meet on Tuesday?<br>'
    "Best, Bob</blockquote>"
)


# 1. New text inside the quote container ------------------------------------------------------


def test_comment_typed_inside_a_forward_container_is_new_text() -> None:
    r = render_body(
        '<div class="gmail_quote">Please have a look at this, Anna.<br><br>'
        "---------- Forwarded message ---------<br>From: Bob &lt;b@x.test&gt;<br>"
        "Date: Mon, 3 Jun 2024<br>Subject: Offer<br>To: Anna &lt;a@x.test&gt;<br><br>"
        "The offer text.</div>",
        is_html=True,
    )
    assert shown(r) == "Please have a look at this, Anna."
    assert folded(r).startswith("---------- Forwarded message ---------")


def test_phone_reply_composed_inside_the_quote_container_is_new_text() -> None:
    r = render_html(f'<div class="gmail_quote"><div>Yes, Tuesday works.</div>{GMAIL_HISTORY}</div>')
    assert shown(r) == "Yes, Tuesday works."
    assert "Can we meet on Tuesday?" in folded(r)


def render_html(body: str, **kwargs: object) -> RenderedBody:
    return render_body(body, is_html=True, **kwargs)  # type: ignore[arg-type]


def test_a_container_with_no_sign_of_history_is_shown() -> None:
    r = render_html('<div class="gmail_quote">Only my own words here.</div>')
    assert shown(r) == "Only my own words here."


# 2. A blockquote used for indentation --------------------------------------------------------


def test_indentation_blockquote_in_the_middle_does_not_fold() -> None:
    r = render_html(
        "<p>Dear Ms Martin,</p><p>You are invited to:</p>"
        "<blockquote><p>The annual dinner, 14 June, 19:00</p></blockquote>"
        "<p>Kind regards,<br>Paul</p>"
    )
    assert [kind for kind, _ in layout(r)] == ["text"]
    assert "    The annual dinner, 14 June, 19:00" in r.text
    assert ">" not in r.text


def test_indentation_blockquote_at_the_end_does_not_fold() -> None:
    r = render_html("<p>The clause I mean:</p><blockquote>Payment is due in 30 days.</blockquote>")
    assert not folded(r)
    assert "Payment is due in 30 days." in shown(r)


def test_bare_blockquote_after_an_attribution_is_history() -> None:
    r = render_html(
        "<div>Fine by me.</div><div>26.06.2014, 14:41, &quot;Bob&quot; &lt;b@x.test&gt;:</div>"
        "<blockquote><div>Shall we sign?</div></blockquote>"
    )
    assert shown(r) == "Fine by me."
    assert folded(r).startswith('26.06.2014, 14:41, "Bob" <b@x.test>:')


# 3. Only a forward, or only a quote -----------------------------------------------------------


def test_bare_forward_shows_the_forwarded_message() -> None:
    r = render_html(
        '<div class="gmail_quote">---------- Forwarded message ---------<br>'
        "From: Bob &lt;b@x.test&gt;<br>Date: Mon, 3 Jun 2024<br>Subject: Offer<br>"
        "To: Anna &lt;a@x.test&gt;<br><br>Here is our offer for the season.</div>"
    )
    assert layout(r) == [("forward", False)]
    assert r.blocks[0].text.startswith("---------- Forwarded message ---------")
    assert "Here is our offer for the season." in shown(r)
    assert dict(r.blocks[0].headers) == {
        "from": "Bob <b@x.test>",
        "date": "Mon, 3 Jun 2024",
        "subject": "Offer",
        "to": "Anna <a@x.test>",
    }
    assert "Here is our offer for the season." in r.text_for("strip")


def test_a_header_block_whose_subject_says_forwarded_is_a_forward() -> None:
    r = render_body(
        "From: Bob <b@x.test>\nSent: Monday, 3 June 2024 10:00\nTo: Anna <a@x.test>\n"
        "Subject: TR: Offer\n\nHere is our offer for the season.",
        is_html=False,
    )
    assert layout(r) == [("forward", False)]
    assert dict(r.blocks[0].headers)["subject"] == "TR: Offer"


def test_quote_only_reply_shows_the_quote_as_a_whole_quote() -> None:
    r = render_html(f'<div class="gmail_quote">{GMAIL_HISTORY}</div>')
    assert layout(r) == [("whole-quote", False)]
    assert "Can we meet on Tuesday?" in shown(r)
    assert "Can we meet on Tuesday?" in r.text_for("strip")


def test_plain_text_quote_only_is_shown() -> None:
    r = render_body("On Mon, Bob <b@x.test> wrote:\n> Can we meet?", is_html=False)
    assert layout(r) == [("whole-quote", False)]


IOS_ATTRIBUTION = (
    '<div dir="ltr"><br><blockquote type="cite">On Mar 5, 2024, at 10:12, Ana Ruiz '
    "&lt;ana@x.test&gt; wrote:<br><br></blockquote></div>"
    '<blockquote type="cite"><div dir="ltr">Would Thursday at 2pm work?<br>Ana</div></blockquote>'
)


@pytest.mark.parametrize("footer", ["Sent from my iPhone", "Envoyé de Yahoo Mail pour iPhone"])
def test_a_quote_only_reply_with_only_a_mobile_footer_shows_the_quote(footer: str) -> None:
    r = render_html(f'<div dir="ltr">{footer}</div>{IOS_ATTRIBUTION}')
    assert layout(r) == [("signature", True), ("whole-quote", False)]
    assert "Would Thursday at 2pm work?" in shown(r)
    assert "Would Thursday at 2pm work?" in r.text_for("strip")
    plain = render_body(f"{footer}\n\nOn Mon, Bob <b@x.test> wrote:\n> Can we meet?", is_html=False)
    assert layout(plain) == [("signature", True), ("whole-quote", False)]


@pytest.mark.parametrize(
    ("signature", "folds"),
    [
        ("-- \nОтправлено из мобильного приложения Яндекс Почты", True),
        ("--\nОтправлено из Почты Mail.ru", True),
        ("-- \nTomasz Zieliński\nKierownik zakupów, Drewmax\ntel. +48 61 555 20 14", True),
        ("-- \nSent with Kestrel Mail", False),  # a wording no list knows: shown, not folded
    ],
    ids=["yandex-app", "mailru", "name-block", "unknown-app"],
)
def test_a_quote_only_reply_under_only_a_dash_signature_shows_the_quote(
    signature: str, folds: bool
) -> None:
    quote = "On Tue, 3 Mar 2026 at 10:12, Ann Lee <ann@x.test> wrote:\n> Please pay by the 20th."
    plain = render_body(f"{signature}\n\n{quote}", is_html=False)
    assert layout(plain) == [("signature", folds), ("whole-quote", False)]
    assert "Please pay by the 20th." in plain.text_for("strip")
    divs = "".join(f"<div>{line}</div>" for line in signature.split("\n"))
    r = render_html(
        f"<div> </div>{divs}<div> </div><div>04.03.2026, 10:12, &quot;Ann Lee&quot; "
        "&lt;ann@x.test&gt;:</div><blockquote><div>Please pay by the 20th.</div></blockquote>"
    )
    assert layout(r) == [("signature", folds), ("whole-quote", False)]
    assert "Please pay by the 20th." in shown(r)


def test_a_sentence_under_a_dash_line_above_the_quote_is_new_text() -> None:
    r = render_body(
        "--\nI checked with finance and the budget for the pilot is approved.\n\n"
        "On Tue, 3 Mar 2026 at 10:12, Ann Lee <ann@x.test> wrote:\n> Is the budget approved?",
        is_html=False,
    )
    assert "the budget for the pilot is approved." in r.text_for("strip")
    assert "Is the budget approved?" in folded(r)


def test_a_typed_line_above_the_mobile_footer_still_folds_the_quote() -> None:
    r = render_html(
        f'<div dir="ltr">Yes, it works.<br><br>Sent from my iPhone</div>{IOS_ATTRIBUTION}'
    )
    assert shown(r) == "Yes, it works."
    lone = render_body("Sent from my iPhone", is_html=False)
    assert shown(lone) == "Sent from my iPhone"  # no quote under it: nothing else to show


def test_strip_never_makes_a_body_with_text_empty() -> None:
    r = render_body("Hi,\n\n-- \nBob Smith\nAcme", is_html=False)
    assert "Hi," in r.text_for("strip")
    only_signature = render_html('<div class="gmail_signature">Bob Smith<br>Acme</div>')
    assert [b.kind for b in only_signature.blocks] == ["signature"]
    assert "Bob Smith" in only_signature.text_for("strip")


# 4. Interleaved answers -----------------------------------------------------------------------


def test_interleaved_answers_keep_their_questions() -> None:
    r = render_body(
        "Hi Bob,\n\nOn Mon, Bob <b@x.test> wrote:\n> Can you do Tuesday?\n\nYes, at 10.\n\n"
        "> And bring the contract?\n\nOf course.\n\n> Thanks, Bob\n> -- \n> Bob Smith",
        is_html=False,
    )
    assert layout(r) == [
        ("text", False),
        ("quote", False),
        ("text", False),
        ("quote", False),
        ("text", False),
        ("quote", True),
    ]
    assert "> Can you do Tuesday?" in shown(r) and "> And bring the contract?" in shown(r)
    assert folded(r) == "> Thanks, Bob\n> --\n> Bob Smith"


def test_a_single_quoted_question_after_a_blank_line_is_a_quote() -> None:
    r = render_body("> Can you do Tuesday?\nYes.", is_html=False)
    assert layout(r) == [("quote", False), ("text", False)]


def test_bottom_posting_keeps_the_quote_above_visible() -> None:
    r = render_html(
        '<div class="moz-cite-prefix">On 03/12/2024 10:52, Bob wrote:<br></div>'
        '<blockquote type="cite">Can you do Tuesday?</blockquote><p>Yes I can.</p>'
    )
    assert layout(r) == [("quote", False), ("text", False)]


# 5. Signatures ---------------------------------------------------------------------------------


def test_a_sentence_starting_like_a_mobile_footer_is_text() -> None:
    r = render_body(
        "Thanks for the call.\n\nSent from my desk, which is easier than my phone.", is_html=False
    )
    assert layout(r) == [("text", False)]


@pytest.mark.parametrize(
    "footer",
    [
        "Sent from my iPhone",
        "Sent from my Samsung Galaxy smartphone.",
        "Get Outlook for iOS",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPhone",
        "Отправлено с iPhone",
        "Enviado desde mi iPhone",
        "Wysłane z iPhone'a",
        "Skickat från min iPhone",
        "Sent from Mail for Windows",
        "Verstuurd vanaf mijn iPhone",
    ],
)
def test_whole_line_mobile_footers_fold(footer: str) -> None:
    r = render_body(f"Works for me.\n\n{footer}", is_html=False)
    assert layout(r) == [("text", False), ("signature", True)]


def test_a_mobile_footer_that_a_sentence_continues_is_text() -> None:
    r = render_body(
        "Works for me.\nSent from my iPhone\nwhile waiting for the train.", is_html=False
    )
    assert layout(r) == [("text", False)]


def test_lone_dash_dash_above_a_marked_signature_folds_with_it() -> None:
    r = render_html(
        '<div>Deal.</div><div>--</div><div class="gmail_signature">Jane Doe<br>ACME</div>'
    )
    assert shown(r) == "Deal."
    assert folded(r) == "--\nJane Doe\nACME"


# 6. Header blocks and attribution lines -------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Date: Mon, 3 Jun 2024\nFrom: Bob <b@x.test>\nTo: Anna\nSubject: Offer",
        "Sent: Monday, 3 June 2024 10:00\nFrom: Bob\nTo: Anna\nSubject: Offer",
        "From: Bob <b@x.test>  Date: Mon, 3 Jun 2024\nSubject: Offer",
        "*From:* Bob <b@x.test>\n*Sent:* Monday\n*To:* Anna\n*Subject:* Offer",
        "От: Боб <b@x.test>\nОтправлено: 3 июня 2024 г. 10:00\nКому: Анна\nТема: Предложение",
        "Von: Bob <b@x.test>\nGesendet: Montag, 3. Juni 2024\nAn: Anna\nBetreff: Angebot",
        "De : Bob <b@x.test>\nEnvoyé : lundi 3 juin 2024\nÀ : Anna\nObjet : Offre",
        "De: Bob <b@x.test>\nEnviado: lunes, 3 de junio\nPara: Anna\nAsunto: Oferta",
        "Da: Bob <b@x.test>\nInviato: lunedì 3 giugno\nA: Anna\nOggetto: Offerta",
        "De: Bob <b@x.test>\nEnviada em: segunda-feira\nPara: Anna\nAssunto: Oferta",
        "Van: Bob <b@x.test>\nVerzonden: maandag 3 juni\nAan: Anna\nOnderwerp: Offerte",
        "Od: Bob <b@x.test>\nWysłano: poniedziałek\nDo: Anna\nTemat: Oferta",
        "Från: Bob <b@x.test>\nSkickat: den 3 juni\nTill: Anna\nÄmne: Offert",
    ],
)
def test_header_blocks_in_every_language_start_history(header: str) -> None:
    r = render_body(f"Answer here.\n\n{header}\n\nThe earlier mail.", is_html=False)
    assert shown(r) == "Answer here."
    assert folded(r).endswith("The earlier mail.")


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 3 Jun 2024 at 10:00, Bob <b@x.test>wrote:",
        "On Mon, 3 Jun 2024 at 10:00, Bob Smith\n<b@x.test> wrote:",
        "On Monday, 3 June 2024,\nBob Smith from Acme Corporation\n<b@x.test> wrote:",
        "--- On Mon, 6/3/24, Bob <b@x.test> wrote:",
        '26.06.2014, 14:41, "Bob" <b@x.test>:',
        "Понедельник, 3 июня 2024, 10:00 +03:00 от Боб <b@x.test>:",
        "3 июня 2024 г., в 10:00, Боб <b@x.test> написал(а):",
        "Боб <b@x.test> пишет:",
        "W dniu 3.06.2024 o 10:00, Bob <b@x.test> pisze:",
        "Den 3 juni 2024 kl. 10:00 skrev Bob <b@x.test>:",
        "Le lun. 3 juin 2024 à 10:00, Bob <b@x.test> a écrit :",
    ],
)
def test_attributions_in_every_shape_start_history(attribution: str) -> None:
    r = render_body(f"Answer here.\n\n{attribution}\n> The earlier mail.", is_html=False)
    assert shown(r) == "Answer here."
    assert folded(r).startswith(attribution.split("\n")[0])


@pytest.mark.parametrize(
    "separator",
    [
        "-------- Пересылаемое сообщение --------",
        "---------- Forwarded message ---------",
        "Begin forwarded message:",
        "-----Ursprüngliche Nachricht-----",
        "-------- Message transféré --------",
    ],
)
def test_forward_and_original_lines_start_history(separator: str) -> None:
    r = render_body(f"See below.\n\n{separator}\nFrom: Bob\n\nOld text.", is_html=False)
    assert shown(r) == "See below."


def test_the_history_block_of_a_sentence_ending_in_a_colon_is_not_guessed() -> None:
    r = render_body("Here is what I think:\nwe should sign now.", is_html=False)
    assert layout(r) == [("text", False)]


# 7. Leftovers --------------------------------------------------------------------------------


def test_quoted_senders_signature_after_the_quote_folds_with_it() -> None:
    r = render_body(
        "Agreed.\n\nOn Mon, Bob <b@x.test> wrote:\n> Shall we sign?\n\n-- \nBob Smith\nACME",
        is_html=False,
    )
    assert shown(r) == "Agreed."
    assert folded(r).endswith("Bob Smith\nACME")


def test_link_labels_carry_no_quote_marks() -> None:
    r = render_html(
        '<p>Hi</p><blockquote type="cite"><a href="mailto:bob@x.test?subject=a">'
        "<blockquote>bob@x.test<br>Bob</blockquote></a></blockquote>"
    )
    assert r.links[0].text == "bob@x.test Bob"


def test_blocks_know_their_link_numbers() -> None:
    r = render_html(
        '<p>See <a href="https://a.test">our page</a>.</p><div class="gmail_quote">'
        '<div class="gmail_attr">On Mon, Bob &lt;b@x.test&gt; wrote:</div><blockquote '
        'class="gmail_quote"><a href="https://b.test">old</a> and '
        '<a href="https://a.test">our page</a></blockquote></div>'
    )
    assert [block.links for block in r.blocks] == [(1,), (2, 1)]


# The conversation ----------------------------------------------------------------------------


EARLIER = (
    "<p>Hi Anna,</p><p>I noticed Acme opened a new warehouse in Lyon this quarter and "
    "wondered whether your team still plans its routes by hand.</p><p>Best, Bob</p>"
)


def test_text_repeating_an_earlier_message_is_history_whatever_its_markup() -> None:
    reply = (
        "Not right now, thanks.\n\nI noticed Acme opened a new warehouse in Lyon this\n"
        "quarter and wondered whether your team still plans its routes by hand."
    )
    assert layout(render_body(reply, is_html=False)) == [("text", False)]
    r = render_body(reply, is_html=False, history=[EARLIER])
    assert layout(r) == [("text", False), ("quote", True)]
    assert shown(r) == "Not right now, thanks."


def test_a_sign_off_copied_after_a_copied_paragraph_folds_with_it() -> None:
    reply = (
        "Pasted below.\n\nI noticed Acme opened a new warehouse in Lyon this quarter and "
        "wondered whether your team still plans its routes by hand.\n\nKind regards,\nBob Smith"
    )
    earlier = EARLIER.replace("Best, Bob", "Kind regards,<br>Bob Smith")
    r = render_body(reply, is_html=False, history=[earlier])
    assert shown(r) == "Pasted below."
    assert folded(r).endswith("Kind regards,\nBob Smith")


def test_a_short_line_that_repeats_history_stays_text() -> None:
    r = render_body("Best, Bob", is_html=False, history=[EARLIER])
    assert layout(r) == [("text", False)]


def test_history_is_bounded() -> None:
    from lemtui.mail.render._history import MAX_HISTORY_CHARS, History

    old = "zebra quartz " * (MAX_HISTORY_CHARS // 4)
    history = History(["filler words only " * (MAX_HISTORY_CHARS // 10), old])
    assert not history.repeats("zebra quartz zebra quartz zebra quartz zebra quartz")


def test_answers_typed_between_the_quotes_of_a_gmail_container_are_shown() -> None:
    question = '<blockquote class="gmail_quote">{}</blockquote>'
    r = render_html(
        '<div>Answers inline.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, '
        "Bob &lt;b@x.test&gt; wrote:</div>"
        + question.format("Where do your docs live?")
        + "<div>In the repo.</div>"
        + question.format("Who updates them?")
        + "<div>Nobody.</div>"
        + question.format("Worth a call?<br>Bob")
        + "</div>"
    )
    assert "In the repo." in shown(r) and "Nobody." in shown(r)
    assert "> Who updates them?" in shown(r)
    assert folded(r) == "> Worth a call?\n> Bob"


# 8. A fold is trailing: ordinary new text that only looks like history or a footer -----------
# (the shapes a QA holdout lost; each body is its smallest reproduction)


PLAIN_QUOTE = "\n\nOn Tue, Jun 3, 2025 at 10:14 AM Ann <ann@x.test> wrote:\n> Any news?\n> Ann\n"


@pytest.mark.parametrize(
    ("body", "last_words"),
    [
        (
            "Hi Ann,\n\nOn Friday our CFO wrote down the conditions:\n\n- annual billing\n"
            "- exit clause\n\nCan you meet those?\nMaya",
            "Can you meet those?\nMaya",
        ),
        (
            "Hi Ann,\n\n2 things your colleague wrote need fixing:\nthe fee is listed twice.\n\n"
            "Thanks,\nFreya",
            "Thanks,\nFreya",
        ),
        (
            "Hi Ann,\n\nFor the 2 sites, the managers (IT: it-ops@v.test):\nBreda: Anouk Smit\n\n"
            "Kickoff on 16 June works.\nRuben",
            "Kickoff on 16 June works.\nRuben",
        ),
        (
            "Hi Ann,\n\nThe invite I will send:\n\nDate: Thursday 12 June\nTo: Ines and Marc\n"
            "Subject: Pilot review\n\nTell me if another slot suits you.\nOlivia",
            "Tell me if another slot suits you.\nOlivia",
        ),
        (
            "Hi Ann,\n\nQuick update.\n\nThis email is confidential between us: a competitor "
            "quoted 14 EUR per seat.\n\nIf you match it, we sign this month.\nJade",
            "If you match it, we sign this month.\nJade",
        ),
        (
            "Hello Ann,\n\nBudget\n---\nWe have 18k EUR.\n\nTimeline\n---\n"
            "Live before 15 September.\n\nNils",
            "Live before 15 September.\n\nNils",
        ),
    ],
    ids=[
        "sentence-on-wrote",
        "sentence-digit-wrote",
        "sentence-digit-address-colon",
        "typed-date-to-subject",
        "confidential-sentence",
        "triple-dash-titles",
    ],
)
def test_new_text_that_looks_like_a_history_or_footer_start_is_shown(
    body: str, last_words: str
) -> None:
    for tail in ("", PLAIN_QUOTE):
        r = render_body(body + tail, is_html=False)
        assert shown(r) == body, tail
    assert folded(render_body(body + PLAIN_QUOTE, is_html=False)).endswith("> Ann")
    assert shown(render_body(body + PLAIN_QUOTE, is_html=False)).endswith(last_words)


def test_a_ps_after_a_dash_signature_is_shown_and_only_the_signature_folds() -> None:
    body = (
        "Hi Ann,\n\nSigned.\nHannah\n\n-- \nHannah Vogel\nProcurement\n\n"
        "P.S. Tuesday at 3 pm works for the kickoff."
    )
    r = render_body(body + PLAIN_QUOTE, is_html=False)
    assert shown(r) == "Hi Ann,\n\nSigned.\nHannah\n\nP.S. Tuesday at 3 pm works for the kickoff."
    assert layout(r) == [
        ("text", False),
        ("signature", True),
        ("text", False),
        ("quote", True),
    ]
    assert "Hannah Vogel\nProcurement" in folded(r)


def test_a_greater_than_sign_before_a_number_is_no_quote_mark() -> None:
    body = "Hi Ann,\n\nOur volumes:\n\n>50 warehouse users\n>20 drivers\n\n-- \nLiam Ortiz"
    r = render_body(body + PLAIN_QUOTE, is_html=False)
    assert shown(r) == "Hi Ann,\n\nOur volumes:\n\n>50 warehouse users\n>20 drivers"
    assert folded(r).startswith("-- \nLiam Ortiz") or folded(r).startswith("--\nLiam Ortiz")


HARBOR_STEP = (
    "<div>We suggest a 30-day pilot starting Monday 2 June for the support team of 12 agents, "
    "at no cost.</div>"
)


def test_a_sentence_restating_an_earlier_message_with_words_of_its_own_is_shown() -> None:
    r = render_html(
        "<div>Hi Sam,</div><div><br></div><div>Confirmed: a 30-day pilot starting Monday 2 June "
        "for the support team of 12 agents, at no cost.</div><div><br></div><div>Sent from my "
        f'iPhone</div><blockquote type="cite">{HARBOR_STEP}</blockquote>',
        history=[HARBOR_STEP],
    )
    assert shown(r) == (
        "Hi Sam,\n\nConfirmed: a 30-day pilot starting Monday 2 June for the support team of "
        "12 agents, at no cost."
    )
    assert "We suggest a 30-day pilot" in folded(r)


NORDLICHT_STEP = (
    "<div>Wie viele Mitarbeitende planen Sie pro Monat?</div><div>Nutzen Sie heute Excel oder "
    "eine andere Software?</div><div>Viele Grüße</div><div>Jan Weber</div>"
)


def test_answers_typed_inside_a_cite_blockquote_under_an_attribution_are_shown() -> None:
    r = render_html(
        '<div>Hallo Herr Weber, Antworten unten.</div><blockquote type="cite"><div>Am '
        "03.06.2025 um 09:14 schrieb Jan Weber &lt;jan@n.test&gt;:</div><div>Wie viele "
        "Mitarbeitende planen Sie pro Monat?</div><div><b>Rund 140, verteilt auf drei "
        "Häuser.</b></div><div>Nutzen Sie heute Excel oder eine andere Software?</div><div><b>"
        "Excel, und das ist eine Qual.</b></div><div>Viele Grüße</div><div>Jan Weber</div>"
        "</blockquote>",
        history=[NORDLICHT_STEP],
    )
    assert "Rund 140, verteilt auf drei Häuser." in shown(r)
    assert "Excel, und das ist eine Qual." in shown(r)
    assert "Nutzen Sie heute Excel oder eine andere Software?" in shown(r)
    assert "Jan Weber" in folded(r) and "Jan Weber" not in shown(r).split("Qual.")[-1]


# 9. More clients' history marks ----------------------------------------------------------------


@pytest.mark.parametrize(
    "history",
    [
        '------------------ 原始邮件 ------------------\n发件人: "王磊"<lei@x.test>;\n'
        '发送时间: 2025年6月3日(星期二) 上午10:14\n收件人: "李娜"<na@x.test>;\n主题: 报价\n\n'
        "附件是报价。",
        "差出人: 山本 健 <ken@x.test>\n送信日時: 2025年6月3日 10:14\n宛先: 佐藤 花子 "
        "<hanako@x.test>\n件名: ご案内\n\n資料をお送りします。",
        "---- Il mar, 03 giu 2025 10:14:22 +0200 Sara Conti <sara@x.test> ha scritto ---\n"
        "> Una breve demo?",
        "في الثلاثاء، ٣ يونيو ٢٠٢٥ ١٠:١٤ ص Sami Haddad <sami@x.test> كتب:\n> هل يناسبك؟",
        "Victor Hale <victor@x.test>\n\n06/03/2025 10:14 AM\n\nTo\nIngrid Maas/BOS/Halvard\n"
        "cc\nSubject\nContract draft\n\nPlease find the draft attached.",
        "Dit bericht kan vertrouwelijke informatie bevatten en is uitsluitend bestemd voor de "
        "geadresseerde.",
    ],
    ids=["qq", "outlook-japanese", "zoho", "gmail-arabic", "notes-table", "dutch-legal"],
)
def test_history_marks_of_more_clients_and_languages_fold(history: str) -> None:
    r = render_body(f"Thanks, Thursday works.\n\nMaya\n\n{history}", is_html=False)
    assert shown(r) == "Thanks, Thursday works.\n\nMaya"
    assert folded(r).endswith(history.split("\n")[-1])


@pytest.mark.parametrize(
    "body",
    [
        "Hi Ann,\n\nSee you.\nBob\n\nSent from my iPhone\nActually, make it Wednesday instead.",
        "Hi Ann,\n\nThis email is confidential: we got a better offer. Can you match it?",
        "Hi Ann,\n\nOn 3 June 2025 at 10:00 our CFO wrote:\nthe price is fine.\n\nBob",
        "Hi Ann,\n\nThanks.\nBob\n--\nPS call me",
        "Hi Ann,\n\nOptions:\n--\nA: monthly billing\nB: annual billing\n\n"
        "Which do you prefer? Let me know by Friday.",
    ],
    ids=[
        "text-under-a-mobile-footer",
        "one-legal-word-at-the-end",
        "dated-sentence-on-wrote",
        "a-lone-delimiter-above-a-ps",
        "a-delimiter-above-no-name",
    ],
)
def test_a_footer_or_attribution_shape_needs_more_than_one_sign_to_fold_what_follows(
    body: str,
) -> None:
    r = render_body(body + PLAIN_QUOTE, is_html=False)
    assert shown(r) == body


# 10. Answers typed inside a quote under a header block (holdout 2) -----------------------------

OUTLOOK_HEADER = (
    '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
    '<p class="MsoNormal"><b>From:</b> Sam Okafor &lt;sam@tallyfold.test&gt;<br>'
    "<b>Sent:</b> Tuesday, December 1, 2026 2:00 PM<br><b>To:</b> Kofi Mensah<br>"
    "<b>Subject:</b> Pilot</p></div>"
)
SAM_LINES = (
    "Hi Kofi,",
    "Shall we start the pilot on 4 January?",
    "Do you want the Ghana entity included?",
    "Best,<br>Sam",
)
SAM_EARLIER = "".join(f"<p>{line}</p>" for line in SAM_LINES)


def outlook_answers(first: str, second: str, *, own: str = "{}") -> str:
    """Kofi's reply: a line above Sam's quoted questions, his answers typed under each."""
    questions = [f'<p class="MsoNormal">{own.format(line)}</p>' for line in SAM_LINES]
    return (
        '<p class="MsoNormal">Sam, answers below.</p><p class="MsoNormal">Kofi</p>'
        + OUTLOOK_HEADER
        + "".join(questions[:2])
        + f'<p class="MsoNormal">{first}</p>'
        + questions[2]
        + f'<p class="MsoNormal">{second}</p>'
        + questions[3]
    )


@pytest.mark.parametrize(
    "style",
    [
        '<span style="color:#0070C0">{}</span>',
        '<span style="color:blue">{}</span>',
        '<span style="font-size:11.0pt;color:#1F497D">{}</span>',
        '<span style="color:#00B050">{}</span>',
        '<span style="color:#7030A0">{}</span>',
        '<font color="red">{}</font>',
        "<b>{}</b>",
        '<span style="background:yellow;mso-highlight:yellow">{}</span>',
    ],
    ids=["blue", "named-blue", "outlook-reply-blue", "green", "purple", "font-red", "bold", "hi"],
)
def test_answers_in_a_style_of_their_own_inside_an_outlook_quote_are_shown(style: str) -> None:
    r = render_html(
        outlook_answers(
            style.format("Make it the 11th, half the team is off."),
            style.format("No, UK only for now."),
        )
    )
    text = shown(r)
    assert "Make it the 11th, half the team is off." in text
    assert "No, UK only for now." in text
    assert "Shall we start the pilot on 4 January?" in text  # the question keeps its answer
    assert folded(r) == "Best,\nSam"  # only the history after the last answer folds


def test_a_short_styled_answer_under_a_question_is_shown_and_a_styled_name_is_not() -> None:
    blue = '<span style="color:#0070C0">{}</span>'
    r = render_html(
        outlook_answers(blue.format("Yes"), blue.format("No"))
        + f'<p class="MsoNormal">{blue.format("Sam Okafor")}</p>'
    )
    assert "Yes" in shown(r).split("\n") and "No" in shown(r).split("\n")
    assert folded(r) == "Best,\nSam\nSam Okafor"


def test_the_quoted_messages_own_style_is_no_answer() -> None:
    own = '<span style="color:#1F497D">{}</span>'
    plain = outlook_answers("Thanks.", "Noted.", own=own).replace(
        '<p class="MsoNormal">Thanks.</p>', ""
    )
    plain = plain.replace('<p class="MsoNormal">Noted.</p>', "")
    r = render_html(plain)
    assert shown(r) == "Sam, answers below.\nKofi"
    red = '<span style="color:#C00000">{}</span>'
    r = render_html(outlook_answers(red.format("Yes."), red.format("No."), own=own))
    assert "Yes." in shown(r) and "No." in shown(r)
    assert folded(r) == "Best,\nSam"


def test_a_quoted_signatures_styled_lines_are_no_answers() -> None:
    r = render_html(
        outlook_answers("", "")
        + '<p class="MsoNormal"><b><span style="color:#1F3864">Sam Okafor</span></b></p>'
        + '<p class="MsoNormal"><span style="color:#0070C0">Tallyfold | Leeds · +44 113 496'
        + ' 0000</span></p><p class="MsoNormal"><span style="color:gray;font-size:7pt">'
        + "This email is confidential and intended only for the addressee.</span></p>"
        + '<p class="MsoNormal"><span style="color:#0070C0"><a href="https://tallyfold.test/demo">'
        + "Book a demo</a></span></p>"
    )
    assert shown(r) == "Sam, answers below.\nKofi"


@pytest.mark.parametrize("mark", ["[KM]", "[Kofi Mensah]"])
def test_answers_marked_with_initials_inside_a_plain_original_message_are_shown(mark: str) -> None:
    body = (
        f"Sam, answers inline marked {mark}.\n\nKofi\n\n-----Original Message-----\n"
        "From: Sam Okafor <sam@tallyfold.test>\nSent: Tuesday, December 1, 2026 2:00 PM\n"
        "To: Kofi Mensah <kofi@akanlogistics.test>\nSubject: Pilot\n\n"
        f"- Shall we start the pilot on 4 January?\n{mark} Make it the 11th.\n\n"
        f"- Do you want the Ghana entity included?\n{mark} No, UK only for now.\n\nBest,\nSam\n"
    )
    r = render_body(body, is_html=False)
    assert f"{mark} Make it the 11th." in shown(r) and f"{mark} No, UK only for now." in shown(r)
    assert "- Shall we start the pilot on 4 January?" in shown(r)
    assert folded(r) == "Best,\nSam"


def test_with_the_conversation_known_any_line_it_does_not_hold_is_an_answer() -> None:
    r = render_html(outlook_answers("Yes", "No, UK only."), history=[SAM_EARLIER])
    assert "Yes" in shown(r).split("\n") and "No, UK only." in shown(r)
    assert folded(r) == "Best,\nSam"
    # The conversation comes first: a styled line it holds is the quoted message's own.
    bold = outlook_answers("<b>Make it the 11th.</b>", "")
    r = render_html(bold, history=[SAM_EARLIER.replace("Best,", "Make it the 11th.</p><p>Best,")])
    assert shown(r) == "Sam, answers below.\nKofi"
    assert "Make it the 11th." in shown(render_html(bold))


def test_a_client_footer_whose_client_name_is_a_link_folds() -> None:
    r = render_html(
        "<p>Fine, Thursday.</p><p>Fiona</p><p>Sent from "
        '<a href="https://go.microsoft.com/fwlink/?LinkId=550986">Mail</a> for Windows</p>'
        + OUTLOOK_HEADER
        + "<p>Hi Fiona, does Thursday work?</p>"
    )
    assert shown(r) == "Fine, Thursday.\n\nFiona"
    assert folded(r).startswith("Sent from Mail [1] for Windows")


def test_black_white_and_grey_text_in_a_quote_is_no_answer() -> None:
    pasted = '<span style="color:rgb(34, 34, 34);background-color:rgb(255,255,255)">{}</span>'
    grey = '<font color="#7F7F7F">{}</font>'
    r = render_html(
        outlook_answers(
            pasted.format("We also looked at the March figures in detail."),
            grey.format("This line was pasted from the old offer, in grey."),
        )
    )
    assert shown(r) == "Sam, answers below.\nKofi"


def test_answers_marked_with_arrows_inside_an_outlook_quote_are_shown() -> None:
    r = render_html(outlook_answers("&gt;&gt; Make it the 11th.", "&gt;&gt; No, UK only."))
    assert "Make it the 11th." in shown(r) and "No, UK only." in shown(r)
    assert folded(r) == "Best,\nSam"


def test_bracketed_words_that_mark_no_answer_leave_the_history_folded() -> None:
    body = (
        "Thanks, see you then.\n\nFrom: Sam Okafor <sam@tallyfold.test>\n"
        "Sent: Tuesday, December 1, 2026 2:00 PM\nTo: Kofi\nSubject: [EXT] Pilot\n\n"
        "Shall we start on [TBC] 4 January?\n> older\n>> Older still, quoted twice.\n"
    )
    r = render_body(body, is_html=False)
    assert layout(r) == [("text", False), ("quote", True)]


def test_a_styled_answer_in_a_gmail_quote_the_conversation_knows_is_shown() -> None:
    blue = '<span style="color:#1a73e8">{}</span>'
    intro = "Thanks for the call today, here are the two open points before we kick off."
    body = (
        "<div>Sam, see below.</div><div class='gmail_quote'><div class='gmail_attr'>On Tue, 1 Dec"
        " 2026 at 14:00, Sam Okafor &lt;sam@tallyfold.test&gt; wrote:<br></div>"
        f"<blockquote class='gmail_quote'>Hi Kofi,<br>{intro}<br>"
        "Shall we start the pilot on 4 January?<br>"
        + blue.format("Make it the 11th.")
        + "<br>Do you want the Ghana entity included?<br>Best,<br>Sam</blockquote></div>"
    )
    r = render_html(body, history=[SAM_EARLIER.replace("</p>", f"</p><p>{intro}</p>", 1)])
    assert "Make it the 11th." in shown(r)
    assert "Do you want the Ghana entity included?" in folded(r)


def test_an_unstyled_answer_in_a_gmail_quote_the_conversation_knows_is_shown() -> None:
    intro = "Thanks for the call today, here are the two open points before we kick off."
    earlier = SAM_EARLIER.replace("</p>", f'</p><p>{intro}</p><img alt="Tallyfold in 5 steps">', 1)
    body = (
        "<div>Sam, see below.</div><div class='gmail_quote'><div class='gmail_attr'>On Tue, 1 Dec"
        " 2026 at 14:00, Sam Okafor &lt;sam@tallyfold.test&gt; wrote:<br></div>"
        f"<blockquote class='gmail_quote'>Hi Kofi,<br>{intro}<br>"
        '<img alt="Tallyfold in 5 steps" src="https://x.test/a.png"><br>'
        "Shall we start the pilot on 4 January?<br>Make it the 11th.<br>"
        "Do you want the Ghana entity included?<br>Yes<br>Best,<br>Sam</blockquote></div>"
    )
    r = render_html(body, history=[earlier])
    assert [line for line in shown(r).split("\n") if line and not line.startswith(">")] == [
        "Sam, see below.",
        "On Tue, 1 Dec 2026 at 14:00, Sam Okafor <sam@tallyfold.test> wrote:",
        "Make it the 11th.",
        "Yes",
    ]
    assert "> [Tallyfold in 5 steps]" in shown(r)  # alt text the history cannot know: a quote
    assert folded(r) == "> Best,\n> Sam"
    assert shown(render_html(body)) == "Sam, see below."  # unknown, unstyled: no sign of an answer


def test_with_the_conversation_known_words_typed_after_the_quoted_sign_off_are_shown() -> None:
    body = outlook_answers("Make it the 11th.", "No.") + '<p class="MsoNormal">Cheers, Kofi</p>'
    r = render_html(body, history=[SAM_EARLIER])
    assert shown(r).endswith("Best,\nSam\n\nCheers, Kofi")
    assert folded(r) == ""


def test_an_older_message_the_conversation_does_not_know_is_judged_by_its_look() -> None:
    older = (
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p><b>From:</b> Ama Boateng'
        " &lt;ama@akanlogistics.test&gt;<br><b>Sent:</b> Monday, November 30, 2026 9:00 AM<br>"
        "<b>To:</b> Kofi Mensah<br><b>Subject:</b> Pilot</p></div>"
        "<p>Kofi, can you ask Tallyfold about the pilot dates?</p><p>Ama</p>"
    )
    r = render_html(outlook_answers("Make it the 11th.", "No.") + older, history=[SAM_EARLIER])
    assert "Make it the 11th." in shown(r)
    assert folded(r).endswith("Kofi, can you ask Tallyfold about the pilot dates?\n\nAma")


def test_with_the_conversation_known_plain_answers_under_an_original_message_are_shown() -> None:
    body = (
        "Sam, answers inline.\n\nKofi\n\n-----Original Message-----\n"
        "From: Sam Okafor <sam@tallyfold.test>\nSent: Tuesday, December 1, 2026 2:00 PM\n"
        "To: Kofi Mensah\nSubject: Pilot\n\nHi Kofi,\n\n"
        "Shall we start the pilot on 4 January?\nMake it the 11th.\n\n"
        "Do you want the Ghana entity included?\nNo.\n\nBest,\nSam\n"
    )
    r = render_body(body, is_html=False, history=[SAM_EARLIER])
    assert "Make it the 11th." in shown(r) and "\nNo." in shown(r)
    assert folded(r) == "Best,\nSam"


def test_a_bold_answer_with_attributes_inside_an_outlook_quote_is_shown() -> None:
    r = render_html(outlook_answers('<b style="font-size:11pt">Make it the 11th.</b>', ""))
    assert "Make it the 11th." in shown(r)
    assert folded(r) == "Do you want the Ghana entity included?\nBest,\nSam"


def test_a_plain_line_typed_between_quote_runs_after_a_styled_answer_stays_shown() -> None:
    body = (
        "<div>See below.</div><div class='gmail_quote'><div class='gmail_attr'>On Tue, 1 Dec"
        " 2026 at 14:00, Sam &lt;sam@tallyfold.test&gt; wrote:</div>"
        "<blockquote class='gmail_quote'>Shall we start the pilot on 4 January?</blockquote>"
        "<div><span style='color:blue'>Make it the 11th.</span></div>"
        "<blockquote class='gmail_quote'>Do you want the Ghana entity included?</blockquote>"
        "<div>No, UK only.</div><blockquote class='gmail_quote'>Best,<br>Sam</blockquote></div>"
    )
    r = render_html(body)
    assert "Make it the 11th." in shown(r) and "No, UK only." in shown(r)
    assert folded(r) == "> Best,\n> Sam"


@pytest.mark.parametrize(
    "answer",
    [
        '<p style="color:#0070C0">Make it the 11th.</p>',
        '<div style="color:blue">Make it the 11th.</div>',
    ],
    ids=["paragraph", "div"],
)
def test_a_paragraph_written_in_a_colour_of_its_own_inside_a_quote_is_an_answer(
    answer: str,
) -> None:
    r = render_html(
        "<p>Answers below.</p>" + OUTLOOK_HEADER + "<p>Shall we start on 4 January?</p>" + answer
    )
    assert "Make it the 11th." in shown(r)
    assert "Shall we start on 4 January?" in shown(r)


def test_a_styled_answer_written_as_a_list_item_inside_a_quote_is_shown() -> None:
    blue = '<span style="color:#0070C0">{}</span>'
    r = render_html(
        "<p>Answers below.</p>"
        + OUTLOOK_HEADER
        + "<p>Two questions:</p><ul><li>How many users?</li>"
        + f"<li>{blue.format('Five, all in payables.')}</li><li>When?</li>"
        + f"<li>{blue.format('From the 11th.')}</li></ul><p>Best, Sam</p>"
    )
    assert "Five, all in payables." in shown(r) and "From the 11th." in shown(r)
    assert folded(r) == "Best, Sam"


# Issue 23: every language and client ----------------------------------------------------------

NEW = "Thanks Bob, Tuesday at ten works for me.\n\nBest,\nAnna"
QUOTE = "Hello Anna,\nCan we meet on Tuesday to talk about the offer?\nBest regards,\nBob"


def cited(text: str, mark: str = "> ") -> str:
    return "\n".join(mark + line for line in text.split("\n"))


def assert_folds_under_new_text(r: RenderedBody, head: str) -> None:
    """The new text shows alone; the whole head (every line of it) folds with the quote."""
    assert shown(r) == NEW
    assert layout(r) == [("text", False), ("quote", True)]
    for line in head.split("\n"):
        assert line.strip() in folded(r) or not line.strip("= ")  # a rule above is dropped


HEADER_BLOCKS = {
    "fr": "De : Bob Martin <b@x.test>\nEnvoyé : lundi 3 juin 2024 10:00\nÀ : Anna <a@x.test>\n"
    "Objet : Offre",
    "it": "Da: Bob Martin <b@x.test>\nInviato: lunedì 3 giugno 2024 10:00\nA: Anna\n"
    "Oggetto: Offerta",
    "pl": "Od: Bob Martin <b@x.test>\nWysłano: poniedziałek, 3 czerwca 2024 10:00\nDo: Anna\n"
    "Temat: Oferta",
    "de": "Von: Bob Martin <b@x.test>\nGesendet: Montag, 3. Juni 2024 10:00\nAn: Anna\n"
    "Betreff: Angebot",
    "nl": "Van: Bob Martin <b@x.test>\nVerzonden: maandag 3 juni 2024 10:00\nAan: Anna\n"
    "Onderwerp: Aanbod",
    "es": "De: Bob Martin <b@x.test>\nEnviado el: lunes, 3 de junio de 2024 10:00\nPara: Anna\n"
    "Asunto: Oferta",
    "pt": "De: Bob Martin <b@x.test>\nEnviada em: segunda-feira, 3 de junho de 2024 10:00\n"
    "Para: Anna\nAssunto: Oferta",
    "it-one-line": "Da: Bob Martin <b@x.test> Inviato: lunedì 3 giugno 2024 10:00 A: Anna "
    "Oggetto: Offerta",
    "pl-one-line": "Od: Bob <b@x.test> Wysłano: wtorek, 3 czerwca 2024 Do: Anna Temat: Oferta",
    "nl-one-line": "Van: Bob <b@x.test> Verzonden: maandag 3 juni 2024 Aan: Anna Onderwerp: Aanbod",
    "fr-one-field-a-paragraph": "De : Bob Martin <b@x.test>\n\nEnvoyé : lundi 3 juin 2024\n\n"
    "À : Anna\n\nObjet : Offre",
    "message-du": "==============================================\nMessage du : 03/06/2024 10:00\n"
    "De : Bob Martin <b@x.test>\nA : Anna <a@x.test>\nSujet : Offre",
    "from-address-wrapped": "From: Bob Martin\n<b@x.test>\nSent: Monday, 3 June 2024 10:00\n"
    "To: Anna <a@x.test>\nSubject: Offer",
    "from-address-cut": "From: Bob Martin [mailto:bob.martin@\nexample.test]\n"
    "Sent: Monday, June 3, 2024 10:00 AM\nTo: Anna\nSubject: Offer",
    "to-list-wrapped": "From: Bob Martin\nSent: Monday, June 3, 2024 10:00 AM\n"
    "To: Anna Smith; Claire Dupont; Dave\nLee; Eve\nSubject: Offer",
}


@pytest.mark.parametrize("block", HEADER_BLOCKS.values(), ids=HEADER_BLOCKS.keys())
def test_a_header_block_with_no_separator_above_it_folds_the_history(block: str) -> None:
    r = render_body(f"{NEW}\n\n{block}\n\n{QUOTE}", is_html=False)
    assert_folds_under_new_text(r, block)


@pytest.mark.parametrize("block", ["fr", "pl", "from-address-wrapped"])
def test_a_header_block_in_html_with_no_border_or_rule_folds(block: str) -> None:
    lines = HEADER_BLOCKS[block].split("\n")
    body = "<br>".join(lines).replace("<", "&lt;").replace("&lt;br>", "<br>")
    r = render_html(f"<div>{NEW.replace(chr(10), '<br>')}</div><div>{body}</div><p>{QUOTE}</p>")
    assert shown(r) == NEW
    assert "Can we meet on Tuesday" in folded(r)


def test_a_typed_date_to_subject_list_with_blank_lines_is_no_header_block() -> None:
    body = "Here is the invite.\n\nDate: Tuesday 10:00\n\nTo: the whole team\n\nSubject: launch"
    assert layout(render_body(body, is_html=False)) == [("text", False)]


ATTRIBUTIONS = {
    "zh-apple": "2024年3月5日 10:12，张伟 <zw@x.test> 写道：",
    "zh-gmail": "张伟 <zw@x.test> 于2024年3月5日周二 10:12写道：",
    "ja-gmail": "2024年3月5日(火) 10:12 山田 <y@x.test>:",
    "ja-apple": "2024/03/05 10:12、山田太郎 <y@x.test>のメール:",
    "ko-gmail": "2024년 3월 5일 (화) 오전 10:12, 김민준 <k@x.test>님이 작성:",
    "uk-gmail": "вт, 5 бер. 2024 р. о 10:12 Богдан Ковальчук <b@x.test> пише:",
    "uk-dated": "05.03.2024 10:12, Богдан Ковальчук пише:",
    "zoho": "---- On Tue, 05 Mar 2024 10:12:00 +0100 Bob Martin <b@x.test> wrote ----",
    "zoho-wrapped": "---- On Tue, 05 Mar 2024 10:12:00 +0100\nBob Martin <b@x.test> wrote ----",
    "wrapped-2": "On Tue, Mar 5, 2024 at 10:12 AM Bob Martin <\nb@x.test> wrote:",
    "wrapped-3": "On Tue, Mar 5, 2024 at 10:12 AM\nBob Martin <b@x.test>\nwrote:",
    "wrapped-4": "On Tuesday, March 5, 2024,\nat 10:12 AM, Bob Martin\nfrom Acme Corporation\n"
    "<b@x.test> wrote:",
    "fr-wrapped": "Le mar. 5 mars 2024 à 10:12, Bob Martin\n<b@x.test> a écrit :",
    "iso-date-only": "On 2024-03-05, Bob Martin wrote:",
    "no-date": "Bob Martin <b@x.test> wrote:",
    "you-wrote": "You wrote:",
}


@pytest.mark.parametrize("head", ATTRIBUTIONS.values(), ids=ATTRIBUTIONS.keys())
def test_an_attribution_over_cited_lines_folds_whole_with_them(head: str) -> None:
    r = render_body(f"{NEW}\n\n{head}\n\n{cited(QUOTE)}", is_html=False)
    assert_folds_under_new_text(r, head)


@pytest.mark.parametrize("head", ["zh-apple", "ja-gmail", "ko-gmail", "uk-gmail", "wrapped-4"])
def test_an_attribution_over_a_gmail_blockquote_folds_whole_with_it(head: str) -> None:
    attribution = ATTRIBUTIONS[head].replace("<", "&lt;").replace("\n", "<br>")
    quote = QUOTE.replace("\n", "<br>")
    r = render_html(
        f"<div>{NEW.replace(chr(10), '<br>')}</div><br>"
        f'<div class="gmail_quote"><div class="gmail_attr">{attribution}<br></div>'
        f'<blockquote class="gmail_quote">{quote}</blockquote></div>'
    )
    assert shown(r) == NEW
    assert "Can we meet on Tuesday" in folded(r)
    assert ATTRIBUTIONS[head].split("\n")[0].strip() in folded(r)


@pytest.mark.parametrize("head", ["zh-apple", "uk-dated", "fr-wrapped"])
def test_an_attribution_over_an_apple_cite_folds_whole_with_it(head: str) -> None:
    attribution = ATTRIBUTIONS[head].replace("<", "&lt;").replace("\n", "<br>")
    r = render_html(
        f"<div>{NEW.replace(chr(10), '<br>')}</div><div><br><div>{attribution}</div><br>"
        f'<blockquote type="cite"><div>{QUOTE.replace(chr(10), "<br>")}</div></blockquote></div>'
    )
    assert shown(r) == NEW
    assert ATTRIBUTIONS[head].split("\n")[0].strip() in folded(r)


@pytest.mark.parametrize(
    "head",
    [
        "On Mon, 3 Jun 2024 at 10:00, Bob Martin <b@x.test> wrote:",
        "Le mar. 5 mars 2024 à 10:12, Bob Martin a écrit :",
        "2024年3月5日 10:12，张伟 写道：",
        "张伟 <zw@x.test> 于2024年3月5日周二 10:12写道：",
        "On 2024-03-05, Bob Martin wrote:",
        "---- On Tue, 05 Mar 2024 10:12:00 +0100 Bob Martin <b@x.test> wrote ----",
    ],
)
def test_an_attribution_over_text_with_no_quote_marks_folds_it(head: str) -> None:
    r = render_body(f"{NEW}\n\n{head}\n\n{QUOTE}", is_html=False)
    assert_folds_under_new_text(r, head)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 3 June 2024 our CFO wrote:",
        "Bob Martin wrote:",
        "You wrote:",
        "As our CFO wrote to me on 2024-03-05, the terms are:",
        "Yesterday at 10:00 I wrote to bob@x.test:",
        "I emailed bob@x.test at 10:00 and he wrote:",
    ],
)
def test_a_sentence_like_an_attribution_over_unmarked_text_hides_nothing(sentence: str) -> None:
    r = render_body(f"{NEW}\n\n{sentence}\n\n{QUOTE}", is_html=False)
    assert not folded(r)


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you confirm by 10:00 on 5 March 2024 the following:",
        "On 3 June 2024 at 10:00 our CFO wrote down the numbers:",
        "Send it to Anna <anna@x.test> by 10:00 on 5 March 2024:",
    ],
)
def test_a_sentence_above_a_folding_quote_stays_shown(sentence: str) -> None:
    r = render_body(
        f"{NEW}\n\n{sentence}\n\nOn Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n"
        f"{cited(QUOTE)}",
        is_html=False,
    )
    assert sentence in shown(r)
    assert "Can we meet on Tuesday" in folded(r)


@pytest.mark.parametrize("mark", ["Bob> ", "BM> ", "| ", "|"])
def test_other_quote_prefixes_under_an_attribution_are_quotes(mark: str) -> None:
    head = "Bob Martin <b@x.test> wrote:"
    r = render_body(f"{NEW}\n\n{head}\n{cited(QUOTE, mark)}", is_html=False)
    assert_folds_under_new_text(r, head)


@pytest.mark.parametrize("mark", ["Bob> ", "| "])
def test_a_long_run_of_another_prefix_is_a_quote_even_unattributed(mark: str) -> None:
    r = render_body(f"{NEW}\n\n{cited(QUOTE, mark)}", is_html=False)
    assert shown(r) == NEW


def test_a_plain_text_table_and_a_lone_prefixed_line_are_no_quotes() -> None:
    table = "| plan | price |\n| --- | --- |\n| Pro | 49 |\n| Team | 99 |"
    assert not folded(render_body(f"{NEW}\n\n{table}", is_html=False))
    assert not folded(render_body(f"{NEW}\n\nNote> this one line matters", is_html=False))
    assert not folded(render_body(f"{NEW}\n\nBob> first\nAnn> second", is_html=False))


SUPERCITE = (
    "On Thu, 5 Mar 2026 at 14:11, Sam Carter <sam@x.test> wrote:\n"
    "SC> Should the pilot start in Berlin or in Lisbon?\n\n"
    "Lisbon, their pipeline data is cleaner.\n\n"
    "SC> Who gets admin rights?\n\n"
    "Me and Tomás.\n\n"
    "SC> Happy to call on Friday.\n"
    "SC> Sam"
)


@pytest.mark.parametrize(
    "head", [SUPERCITE.split("\n", 1)[0] + "\n", ""], ids=["attributed", "unattributed"]
)
def test_supercite_quotes_broken_by_answers_keep_the_answers_shown(head: str) -> None:
    # Each "SC>" run is a line or two: the mark recurring is what makes them one quote, with
    # the attribution above (or, with none, three lines of it).
    r = render_body(f"Hi Sam,\n\n{head}{SUPERCITE.split(chr(10), 1)[1]}", is_html=False)
    for answer in ("Lisbon, their pipeline data is cleaner.", "Me and Tomás."):
        assert answer in shown(r) and answer in r.text_for("strip")
    assert "Should the pilot start in Berlin" in shown(r)  # the question keeps its answer
    assert "Should the pilot start" not in r.text_for("strip")
    assert "Happy to call on Friday" in folded(r)


def test_an_attribution_over_a_mark_no_rule_took_folds_no_answer() -> None:
    # One "Bob>" line is no quote run, but it is a mark: the history under the attribution is
    # marked, so the unmarked answer under it is the sender's, not unmarked history.
    r = render_body(
        "Hi Bob,\n\nOn Mon, 3 Jun 2024 at 10:00, Bob Martin <b@x.test> wrote:\n"
        "Bob> Can we meet on Tuesday?\n\nTuesday works, see you at ten.",
        is_html=False,
    )
    assert "Tuesday works, see you at ten." in shown(r)
    assert "Tuesday works, see you at ten." in r.text_for("strip")


def test_a_gmail_blockquote_with_no_attribution_and_no_history_is_indentation() -> None:
    r = render_html(
        "<div>My notes for the call:</div>"
        '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex">Budget is approved for '
        "the pilot, and the team starts in May.</blockquote><div>Anna</div>"
    )
    assert not folded(r)
    assert "Budget is approved for the pilot" in r.text_for("strip")
    alone = render_html(
        '<div class="gmail_quote"><blockquote class="gmail_quote">Budget is approved for the '
        "pilot, and the team starts in May.</blockquote></div>"
    )
    assert layout(alone) == [("text", False)]


@pytest.mark.parametrize("cite", ['type="cite"', 'class="gmail_quote"'])
def test_a_cite_that_repeats_the_conversation_is_still_history(cite: str) -> None:
    earlier = "Can we meet on Tuesday to talk about the offer for the season?"
    r = render_html(
        f"<div>Yes, Tuesday works.</div><blockquote {cite}>{earlier}</blockquote>",
        history=[earlier],
    )
    assert shown(r) == "Yes, Tuesday works."


def test_a_gmx_bottom_post_under_its_quote_container_is_new_text() -> None:
    r = render_html(
        '<div name="quote" style="border-left:2px solid #C3D9E5"><b>Gesendet:</b> Montag, 3. '
        "Juni 2024<br><b>Von:</b> Bob<br><b>An:</b> Anna<br><b>Betreff:</b> Angebot<br>"
        "Können wir uns am Dienstag treffen?</div><div>Ja, Dienstag passt.</div>"
    )
    assert layout(r) == [("quote", False), ("text", False)]
    assert r.text_for("strip") == "Ja, Dienstag passt."


def test_a_comment_inside_the_quote_wrapper_above_a_forward_is_text() -> None:
    r = render_html(
        '<div class="gmail_quote"><div>Anna, peux-tu regarder ceci ?</div><div><br></div>'
        "<div>De : Bob Martin &lt;b@x.test&gt;<br>Envoyé : lundi 3 juin 2024 10:00<br>"
        "À : Claire<br>Objet : TR: Offre</div><p>Voici notre offre.</p></div>"
    )
    assert r.text_for("strip") == "Anna, peux-tu regarder ceci ?"
    assert layout(r) == [("text", False), ("quote", True)]


def test_a_forward_with_no_note_keeps_its_headers_in_any_language() -> None:
    r = render_html(
        "<div><b>Od:</b> Bob Martin &lt;b@x.test&gt;<br><b>Wysłano:</b> poniedziałek, 3 "
        "czerwca 2024<br><b>Do:</b> Anna<br><b>DW:</b> Claire<br><b>Temat:</b> PD: Oferta</div>"
        "<p>Nasza oferta na sezon.</p>"
    )
    assert layout(r) == [("forward", False)]
    assert dict(r.blocks[0].headers) == {
        "from": "Bob Martin <b@x.test>",
        "date": "poniedziałek, 3 czerwca 2024",
        "to": "Anna",
        "cc": "Claire",
        "subject": "PD: Oferta",
    }
    assert "Nasza oferta na sezon." in r.text_for("strip")


# Bare URLs become numbered links ----------------------------------------------------------------


def test_a_url_written_in_plain_text_is_numbered_like_a_link() -> None:
    r = render_body(
        "See https://a.test/x?y=1&z=2. Or (www.b.test/path), <https://c.test/d>, and "
        "https://a.test/x?y=1&z=2 again.",
        is_html=False,
    )
    assert r.text == (
        "See https://a.test/x?y=1&z=2 [1]. Or (www.b.test/path) [2], <https://c.test/d> [3], "
        "and https://a.test/x?y=1&z=2 [1] again."
    )
    assert [(link.number, link.url) for link in r.links] == [
        (1, "https://a.test/x?y=1&z=2"),
        (2, "http://www.b.test/path"),
        (3, "https://c.test/d"),
    ]
    assert r.blocks[0].links == (1, 2, 3)


def test_a_url_written_in_html_text_is_numbered_with_the_real_links() -> None:
    r = render_html(
        '<p>See https://a.test/x and <a href="https://a.test/x">the page</a>, or '
        '<a href="https://b.test">https://b.test</a>.</p>'
    )
    assert r.text == "See https://a.test/x [1] and the page [1], or https://b.test [2]."
    markdown = render_html("<p>Book it [here](https://a.test/x).</p>")
    assert markdown.text == "Book it [here](https://a.test/x) [1]."
    assert not markdown.links[0].warning
    assert [link.url for link in r.links] == ["https://a.test/x", "https://b.test"]


def test_only_safe_urls_become_links_and_a_folded_quote_counts_its_own() -> None:
    r = render_body(
        "javascript://x.test/alert(1) and ftp://files.test stay text.\n\n"
        "On Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n> See https://q.test/deck",
        is_html=False,
    )
    assert [link.url for link in r.links] == ["https://q.test/deck"]
    assert r.blocks[0].links == () and r.blocks[1].folded and r.blocks[1].links == (1,)


@pytest.mark.parametrize(
    "forward",
    [
        "<div>Begin forwarded message:</div><br><div><b>From: </b>Bob &lt;b@x.test&gt;</div>"
        "<div><b>Subject: </b>Offer</div><div><b>Date: </b>5 March 2024 at 10:12</div>"
        "<div><b>To: </b>Anna</div>",
        "<div>---------- Forwarded message ---------<br>From: Bob &lt;b@x.test&gt;<br>"
        "Date: Mon, 3 Jun 2024<br>Subject: Offer<br>To: Anna</div>",
    ],
)
def test_a_comment_typed_at_the_top_of_a_cite_above_a_forward_is_text(forward: str) -> None:
    r = render_html(
        '<blockquote type="cite"><div>Please look at the offer below before Friday.</div><br>'
        f"{forward}<br><div>Here is our offer for the season.</div></blockquote>"
    )
    assert layout(r) == [("text", False), ("quote", True)]
    assert r.text_for("strip") == "Please look at the offer below before Friday."
    assert "Here is our offer for the season." in folded(r)


@pytest.mark.parametrize(
    ("head", "cite"),
    [
        ('在 2024-03-05 10:12:00，"张伟" 写道：', False),
        (
            "Od: Bob <b@x.test>\nOdesláno: úterý 5. března 2024\nKomu: Anna\nPředmět: Nabídka",
            False,
        ),
        (
            "De la: Bob <b@x.test>\nTrimis: marți, 5 martie 2024\nCătre: Anna\nSubiect: Ofertă",
            False,
        ),
        (
            "Від: Bob <b@x.test>\nНадіслано: 5 березня 2024 р. 10:12\nКому: Anna\nТема: Пропозиція",
            False,
        ),
        ("Pe mar., 5 mar. 2024 la 10:12, Bob Martin <b@x.test> a scris:", True),
        ("5 Mar 2024 Sal, 10:12 tarihinde Bob Martin <b@x.test> şunu yazdı:", True),
        ("Στις Τρί 5 Μαρ 2024 στις 10:12, ο/η Bob Martin <b@x.test> έγραψε:", True),
    ],
)
def test_more_languages_fold_their_history(head: str, cite: bool) -> None:
    quote = cited(QUOTE) if cite else QUOTE
    r = render_body(f"{NEW}\n\n{head}\n\n{quote}", is_html=False)
    assert_folds_under_new_text(r, head)


def test_outlook_for_mac_reference_container_is_history() -> None:
    r = render_html(
        f"<div>{NEW.replace(chr(10), '<br>')}</div>"
        '<div id="mail-editor-reference-message-container"><div><b>Von: </b>Bob &lt;b@x.test&gt;'
        "<br><b>Datum: </b>Dienstag, 5. März 2024 um 10:12<br><b>An: </b>Anna<br>"
        f"<b>Betreff: </b>Angebot</div><p>{QUOTE}</p></div>"
    )
    assert shown(r) == NEW


def test_an_unknown_attribution_after_a_signature_folds_and_so_does_the_signature() -> None:
    r = render_html(
        '<div>Thanks, Tuesday works.</div><div class="gmail_signature">Anna Berg<br>Acme</div>'
        '<div class="gmail_quote"><div class="gmail_attr">Bob Martin &lt;b@x.test&gt; '
        "skrifaði 5. mars 2024 kl. 10:12:<br></div>"
        '<blockquote class="gmail_quote">Can we meet on Tuesday?</blockquote></div>'
    )
    assert layout(r) == [("text", False), ("signature", True), ("quote", True)]
    assert "skrifaði" in folded(r)


def test_a_plain_text_tree_listing_is_no_quote() -> None:
    listing = "|-- src\n|-- tests\n|-- docs\n|-- README.md"
    r = render_body(f"{NEW}\n\nThe layout we agreed on:\n{listing}", is_html=False)
    assert not folded(r)


def test_a_forwards_wrapped_from_is_kept_whole_in_its_headers() -> None:
    r = render_body(
        "---------- Forwarded message ---------\nFrom: Bob Martin\n<b@x.test>\n"
        "Date: Mon, 3 Jun 2024\nSubject: Offer\nTo: Anna\n\nHere is our offer.",
        is_html=False,
    )
    assert layout(r) == [("forward", False)]
    assert dict(r.blocks[0].headers)["from"] == "Bob Martin <b@x.test>"


@pytest.mark.parametrize(
    "line",
    [
        "---------- Wiadomość przekazana dalej ---------",
        "Początek przekazywanej wiadomości:",
        "---------- 转发的邮件 ---------",
        "以下是转发的邮件：",
        "転送されたメッセージ:",
        "---------- 전달된 메일 ---------",
        "Початок пересланого листа:",
        "-----Оригінальне повідомлення-----",
        "---------- Přeposlaná zpráva ---------",
        "-----Orijinal Mesaj-----",
    ],
)
def test_forward_and_original_message_lines_in_more_languages(line: str) -> None:
    header = "From: Bob <b@x.test>\nDate: 5.03.2024\nSubject: Oferta\nTo: Anna"
    r = render_body(f"{NEW}\n\n{line}\n{header}\n\n{QUOTE}", is_html=False)
    assert_folds_under_new_text(r, line)
    bare = render_body(f"{line}\n{header}\n\n{QUOTE}", is_html=False)
    original = "Оригінальне" in line or "Orijinal" in line  # a reply's history, not a forward
    assert [b.kind for b in bare.blocks] == ["whole-quote" if original else "forward"]


# Header fields no label list knew ------------------------------------------------------------


def test_libero_and_sfr_labels_are_header_fields() -> None:
    from lemtui.mail.render._attribution import header_block

    libero = ['Da: "Bob" <b@x.test>', "Data: 21/03/2025 10.12", "A: <a@x.test>", "Ogg: Re: Offer"]
    assert header_block(libero, 0) == (True, 4)
    sfr = ["De : Bob <b@x.test>", "A : a@x.test", "Copie à : c@x.test", "Sujet : Offre"]
    assert header_block(sfr, 0) == (True, 4)


def test_an_unknown_field_between_known_ones_continues_the_header_block() -> None:
    from lemtui.mail.render._attribution import header_block

    lines = ["From: Bob <b@x.test>", "Sent: 3 June 2024", "Priority: High", "To: Anna", "", "Hi"]
    assert header_block(lines, 0) == (True, 4)
    last = ["From: Bob <b@x.test>", "Sent: 3 June 2024", "To: Anna", "Note: call me later"]
    assert header_block(last, 0) == (True, 3)  # an unknown label with no known one after it


def test_header_fields_under_a_known_quote_are_not_answers() -> None:
    earlier = "Hi Luca,\n\nThe Bottega plan costs 149 euros a month, with no setup fee at all.\n"
    body = (
        "Thursday works.\n\nLuca\n\n----Messaggio originale----\n"
        'Da: "Giulia" <g@x.test>\nData: 21/03/2025 10.12\nRif.: ordine 114\nA: <l@x.test>\n'
        f"Ogg: Re: Vetrina\n\n{earlier}"
    )
    r = render_body(body, is_html=False, history=[earlier])
    assert shown(r) == "Thursday works.\n\nLuca"
    assert "Ogg: Re: Vetrina" in folded(r) and "Rif.: ordine 114" in folded(r)


# Legal footers no opening phrase announces ------------------------------------------------------

GDPR = (
    "Ai sensi del Regolamento UE 2016/679 (GDPR), le informazioni contenute in questo messaggio "
    "sono riservate e ad uso esclusivo del destinatario."
)
OUTLOOK_HISTORY = (
    "\n\nDa: Marco <m@x.test>\nInviato: giovedì 20 marzo 2025\nA: Federica\nOggetto: Offerta"
    "\n\nEcco l'offerta."
)


@pytest.mark.parametrize(
    "footer",
    [
        GDPR,
        "Конфіденційність: цей лист призначений лише для адресата. Якщо ви отримали його "
        "помилково, повідомте відправника та видаліть лист.",
        "免责声明：本邮件及其附件可能包含保密信息，仅供指定收件人使用。如您误收本邮件，请立即通知发件人并删除。"
        "Disclaimer: confidential information intended only for the named recipient.",
    ],
    ids=["gdpr-it", "uk", "zh"],
)
def test_a_dense_legal_paragraph_under_the_signature_folds(footer: str) -> None:
    body = (
        f"Grazie, procediamo.\n\nCordiali saluti\nFederica Colombo\nTel. 039 200 3040\n\n{footer}"
    )
    r = render_body(body + OUTLOOK_HISTORY, is_html=False)
    assert shown(r) == "Grazie, procediamo.\n\nCordiali saluti\nFederica Colombo\nTel. 039 200 3040"
    glued = render_body(
        body.replace("\n\n" + footer, "\n" + footer) + OUTLOOK_HISTORY, is_html=False
    )
    assert shown(glued) == shown(r)  # glued under the phone line with no blank line


def test_a_dense_legal_paragraph_with_new_text_after_it_shows() -> None:
    body = f"Grazie.\n\nCordiali saluti\nFederica\n\n{GDPR}\n\nP.S. Il contratto arriva domani."
    r = render_body(body + OUTLOOK_HISTORY, is_html=False)
    assert GDPR in shown(r) and "P.S. Il contratto arriva domani." in shown(r)


def test_legal_words_in_the_senders_own_paragraph_show() -> None:
    own = (
        "The contract is confidential and intended only for the addressee; please do not "
        "disclose it to anyone outside your team."
    )
    for above in ("Hi Bob,", "Hi Bob,\nOne more point about the contract:"):
        r = render_body(f"{above}\n\n{own}{OUTLOOK_HISTORY}", is_html=False)
        assert own in shown(r)


# A forwarded Outlook 2007-2013 thread: bodies between bare header blocks -----------------------


def test_a_body_between_two_outlook_header_divs_is_history() -> None:
    header = (
        '<div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        "<p><b>Od:</b> {who} [mailto:a@x.test]<br><b>Wysłano:</b> piątek, 4 kwietnia 2025"
        "<br><b>Do:</b> Agnieszka<br><b>Temat:</b> PD: Magazyn</p></div>"
    )
    earlier = (
        "Dzień dobry, potwierdzam wtorek 8 kwietnia o 13:00, zaproszenie z linkiem wyślę osobno."
    )
    r = render_html(
        "<p>Dołączę we wtorek.</p><p>Agnieszka</p>"
        + header.format(who="Tomasz")
        + "<p>Agnieszka, zobacz proszę.</p><p>T.</p>"
        + header.format(who="Marta")
        + f"<p>{earlier}</p>",
        history=[earlier],  # the conversation knows Marta's message, not Tomasz's note
    )
    assert shown(r) == "Dołączę we wtorek.\n\nAgnieszka"
    assert "Agnieszka, zobacz proszę." in folded(r)


# A client's quote with its attribution deleted ------------------------------------------------

NO_ATTR_QUOTE = (
    '<div class="gmail_quote"><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
    'border-left:1px solid rgb(204,204,204);padding-left:1ex"><div>Hi Aylin,</div><div><br>'
    "</div><div>Please find our proposal attached.</div><div>Tom</div></blockquote></div>"
)


def test_a_client_quote_with_no_attribution_and_no_history_shows_under_a_signed_reply() -> None:
    """Issue 23: a blockquote with no attribution and nothing the conversation holds is
    indentation, whatever its class: it may be the sender's own words (when unsure, show)."""
    r = render_html(
        "<div>Hi Tom,</div><div><br></div><div>Received, thank you.</div><div><br></div>"
        f"<div>Kind regards,</div><div>Aylin</div>{NO_ATTR_QUOTE}"
    )
    assert "Please find our proposal attached." in shown(r)
    assert "Received, thank you." in shown(r)


@pytest.mark.parametrize(
    "above",
    [
        "<div>Hi Tom,</div><div><br></div><div>Your proposal says:</div>",  # introduces it
        "<div>Received, thank you.</div>",  # one paragraph: no finished message above
    ],
)
def test_a_client_quote_with_no_attribution_and_no_sign_off_above_shows(above: str) -> None:
    r = render_html(above + NO_ATTR_QUOTE)
    assert "Please find our proposal attached." in shown(r)


def test_zimbras_mail_original_line_is_a_separator() -> None:
    r = render_body(
        "Agreed.\n\nIsabelle\n\n----- Mail original -----\nDe: Thomas <t@x.test>\n"
        "À: Isabelle <i@x.test>\nEnvoyé: Mardi 11 Mars 2025\nObjet: Offre\n\n> Voici l'offre.",
        is_html=False,
    )
    assert shown(r) == "Agreed.\n\nIsabelle"
    assert folded(r).startswith("----- Mail original -----")


# An answer typed on the question's own line -----------------------------------------------------


def same_line(answer: str) -> str:
    """Kofi answers Sam's first question on its own line, after the question mark."""
    return (
        '<p class="MsoNormal">Sam, answers below.</p><p class="MsoNormal">Kofi</p>'
        + OUTLOOK_HEADER
        + '<p class="MsoNormal">Hi Kofi,</p>'
        + f'<p class="MsoNormal">Shall we start the pilot on 4 January? {answer}</p>'
        + '<p class="MsoNormal">Do you want the Ghana entity included?</p>'
        + '<p class="MsoNormal"><b><span style="color:#C00000">No, UK only for now.</span></b></p>'
        + '<p class="MsoNormal">Best,<br>Sam</p>'
    )


def test_a_styled_answer_on_the_questions_line_is_new_text_for_a_script() -> None:
    red = '<b><span style="color:#C00000">Make it the 11th, half the team is off.</span></b>'
    r = render_html(same_line(red))
    assert "Make it the 11th, half the team is off." in r.text_for("strip")
    assert "Shall we start the pilot on 4 January?" in shown(r)  # the question stays
    assert "Shall we start" not in r.text_for("strip")
    assert folded(r) == "Best,\nSam"


@pytest.mark.parametrize(
    "tail",
    ["Half the team is off that week.", '<span style="color:#C00000">www.tallyfold.test</span>'],
    ids=["no-style", "styled-link"],
)
def test_the_rest_of_a_questions_line_stays_quoted_without_an_answers_signs(tail: str) -> None:
    r = render_html(same_line(tail))
    assert "Shall we start the pilot" not in r.text_for("strip")
    assert "Half the team" not in r.text_for("strip") and "tallyfold" not in r.text_for("strip")


def test_a_same_line_answer_under_quote_marks_keeps_them_on_the_question() -> None:
    from lemtui.mail.render._answers import split_same_line_answers

    marked = "> Start on 4 January? \ue004\ue101Make it the 11th.\ue005\n> Ghana too?"
    assert split_same_line_answers(marked) == (
        "> Start on 4 January?\n> \ue004\ue101Make it the 11th.\ue005\n> Ghana too?"
    )
    assert split_same_line_answers("No style? Fine.") == "No style? Fine."


# Issue 23, fifth round ------------------------------------------------------------------------

PLAIN_HISTORY = (
    "\n\nOn Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n> Can we meet on Tuesday?\n"
)


@pytest.mark.parametrize(
    "footer",
    [
        "iPhoneから送信",
        "iPadから送信",
        "发自我的iPhone",
        "從我的 iPhone 傳送",
        "发自我的华为手机",
        "iPhone에서 보냄",
        "Galaxy 스마트폰에서 보냈습니다.",
        "נשלח מה-iPhone שלי",
        "أرسلت من الـ iPhone الخاص بي",
        "Inviato da Libero Mail per Android",
        "Gesendet von GMX Mail für iPhone",
        "Skickat från Telia Mail för Android",
        "Отправлено из мобильной Яндекс.Почты",
        "Надіслано з iPhone",
        "Στάλθηκε από το iPhone μου",
        "iPhone'umdan gönderildi",
        "Envoyé depuis mon smartphone Samsung Galaxy.",
        "Verzonden vanaf mijn Samsung Galaxy-smartphone.",
        "Wysłane z mojego smartfona Galaxy",
        "Отправлено с устройства Galaxy",
        "从我的Galaxy发送",
    ],
)
def test_mobile_footers_that_name_the_device_first_or_the_app_fold(footer: str) -> None:
    r = render_body(f"Tuesday works.\n\n{footer}{PLAIN_HISTORY}", is_html=False)
    assert shown(r) == "Tuesday works."
    assert footer in folded(r)
    # Sent with nothing typed: the footer is no new text, the quote is what the message brings.
    alone = render_body(f"{footer}{PLAIN_HISTORY}", is_html=False)
    assert "Can we meet on Tuesday?" in shown(alone)
    assert [b.kind for b in alone.blocks if not b.folded] == ["whole-quote"]


@pytest.mark.parametrize(
    "line",
    [
        "iPhoneから送信しますので、詳細は明日お送りします。",
        "发自我的iPhone，稍后详细回复。",
        "iPhone에서 보냄 버튼을 눌렀는데 첨부가 빠졌네요.",
        "Inviato da Libero Mail per Android, scusa i refusi.",
        "נשלח מה-iPhone שלי כי אני בדרכים, אחזור אליך מחר.",
        "Galaxy phones are what our drivers use.",
        "Enviado desde mi smartphone Samsung Galaxy, perdón por la brevedad.",
        "Надіслано з iPhone, тому коротко: договір підпишемо в четвер.",
    ],
)
def test_a_sentence_that_starts_like_a_device_footer_shows(line: str) -> None:
    r = render_body(f"{line}{PLAIN_HISTORY}", is_html=False)
    assert shown(r) == line


@pytest.mark.parametrize(
    "container",
    [
        '<div id="composer_signature"><div style="color:#575757">{sig}</div></div>',
        '<div id="Zm-_Id_-Sgn" data-sigid="12"><div>{sig}</div></div>',
        '<div class="protonmail_signature_block"><div>{sig}</div></div>',
    ],
    ids=["samsung", "zoho", "proton"],
)
def test_samsung_zoho_and_proton_signature_containers_fold_when_trailing(container: str) -> None:
    sig = "Priya Raman<br>Manager - Finance<br>Mob: +91 98450 55512"
    r = render_html(f"<div>Please send the brochure.</div>{container.format(sig=sig)}")
    assert shown(r) == "Please send the brochure."
    assert "Priya Raman" in folded(r)
    # New text under it: the container is no trailing fold, it shows.
    after = render_html(
        f"<div>Please send the brochure.</div>{container.format(sig=sig)}"
        "<div>P.S. We are closed on Friday.</div>"
    )
    assert "Priya Raman" in shown(after) and "P.S. We are closed on Friday." in shown(after)


GMAIL_CITE = (
    '<div class="gmail_quote"><div class="gmail_attr">{attr}</div>'
    '<blockquote class="gmail_quote">Ecco la proposta per i 40 colaboratori.<br>Pablo'
    "</blockquote></div>"
)


@pytest.mark.parametrize(
    ("attr", "after"),
    [
        (
            "Em ter., 10 de mar. de 2026 às 09:12, Pablo &lt;p@x.test&gt;escreveu:",
            "<div>-- <br>Pablo Ortega · Tallyo Iberia<br>+351 912 345 678</div>",
        ),
        (
            "On Tue, 1 Dec 2026 at 09:14, Pablo &lt;p@x.test&gt; wrote:",
            "<div>CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended solely "
            "for the addressee and may contain confidential information.</div>",
        ),
        (
            "Am Di., 1. Dez. 2026 um 09:14 Uhr schrieb Pablo &lt;p@x.test&gt;:",
            "<div>Diese E-Mail enthält vertrauliche Informationen und ist nur für den "
            "Empfänger bestimmt. Wenn Sie nicht der richtige Adressat sind, löschen Sie sie.</div>",
        ),
    ],
    ids=["pt-dash-signature", "en-disclaimer", "de-disclaimer"],
)
def test_a_footer_right_under_the_quote_container_folds_with_it(attr: str, after: str) -> None:
    r = render_html(f"<div>Obrigado, respondo na sexta.</div>{GMAIL_CITE.format(attr=attr)}{after}")
    assert shown(r) == "Obrigado, respondo na sexta."


@pytest.mark.parametrize(
    ("after", "new"),
    [
        ("<div>This email confirms our call on Friday at 10:00.</div>", "Friday at 10:00"),
        (
            "<div>-- <br>Rui<br><br>P.S. The signed copy is attached, please countersign it.</div>",
            "please countersign it",
        ),
        ("<div>Sent from my desk, which is easier than my phone.</div>", "easier than my phone"),
    ],
    ids=["sentence", "ps-after-dashes", "mobile-like-sentence"],
)
def test_new_text_under_the_quote_container_still_shows(after: str, new: str) -> None:
    attr = "On Tue, 1 Dec 2026 at 09:14, Pablo &lt;p@x.test&gt; wrote:"
    r = render_html(f"<div>Obrigado.</div>{GMAIL_CITE.format(attr=attr)}{after}")
    assert new in shown(r)
    assert "Ecco la proposta" in shown(r)  # a bottom-post: the quote above it is not trailing


EARLIER_OFFER = (
    "Hi Derek, here are three options the week of the 14th for a demo of the matching. "
    "On pricing: at three thousand invoices a month you would land on our Growth plan."
)
O365_HEADER = (
    '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Maya &lt;m@x.test&gt;'
    "<br><b>Sent:</b> Tuesday, December 1, 2026 3:47 PM<br><b>To:</b> Derek<br>"
    "<b>Subject:</b> Re: Invoices</div><div>{quoted}</div>{tail}"
)


@pytest.mark.parametrize(
    "notice",
    [
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended solely for the "
        "addressee and may contain confidential or privileged information.",
        "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement au "
        "destinataire. Si vous l'avez reçu par erreur, merci de le supprimer.",
    ],
    ids=["en", "fr"],
)
def test_a_disclaimer_appended_under_a_known_quote_is_no_answer(notice: str) -> None:
    body = "<div>Tuesday works.</div>" + O365_HEADER.format(
        quoted=EARLIER_OFFER, tail=f"<div>{notice}</div>"
    )
    r = render_html(body, history=[EARLIER_OFFER])
    assert shown(r) == "Tuesday works."
    assert notice.split(" ")[0] in folded(r)


def test_a_legal_sounding_answer_between_known_quoted_lines_stays_an_answer() -> None:
    first, second = EARLIER_OFFER.split(" On pricing: ")
    answer = "Keep the pricing confidential, it is intended only for our finance team."
    body = "<div>See my answers below.</div>" + O365_HEADER.format(
        quoted=f"{first}<br>{answer}<br>On pricing: {second}", tail=""
    )
    r = render_html(body, history=[EARLIER_OFFER])
    assert answer in shown(r)


PRIYA_EARLIER = (
    "Hi Arjun, thanks for reaching out. Kindly share a brochure and indicative pricing first."
    "\n\nThanks & Regards,\n\nPriya Raman\nManager - Finance & Accounts\nKaveri Pharma Pvt. Ltd."
)
OUTLOOK_FWD = (
    "\n\nFrom: Arjun Mehta [mailto:arjun@x.test]\nSent: Wednesday, December 02, 2026 10:42 AM"
    "\nTo: Priya Raman\nSubject: Re: Invoice matching\n\nHi Priya, the brochure is attached."
)


def test_the_senders_own_signature_block_seen_in_earlier_messages_shows() -> None:
    body = (
        "Hi Rohit,\n\nPFB the proposal, pricing looks reasonable.\n\nThanks & Regards,\n\n"
        "Priya Raman\nManager - Finance & Accounts\nKaveri Pharma Pvt. Ltd." + OUTLOOK_FWD
    )
    r = render_body(body, is_html=False, history=[PRIYA_EARLIER])
    assert shown(r).endswith("Priya Raman\nManager - Finance & Accounts\nKaveri Pharma Pvt. Ltd.")
    assert "the brochure is attached" in folded(r)


def test_an_earlier_paragraph_pasted_under_new_text_still_folds() -> None:
    body = (
        "Hi Rohit,\n\nPFB the proposal, pricing looks reasonable.\n\n"
        "Hi Arjun, thanks for reaching out. Kindly share a brochure and indicative pricing first."
    )
    r = render_body(body, is_html=False, history=[PRIYA_EARLIER])
    assert "Kindly share a brochure" not in shown(r)


@pytest.mark.parametrize(
    ("footer", "attr", "nested"),
    [
        (
            "Skickat från min iPhone",
            "11 mars 2026 kl. 08:20 skrev Erik &lt;e@x.test&gt;:",
            "On Tue, Mar 10, 2026 at 10:03 AM, Karin &lt;k@x.test&gt; wrote:",
        ),
        (
            "Von meinem iPhone gesendet",
            "Am 11.03.2026 um 08:20 schrieb Erik &lt;e@x.test&gt;:",
            "Am 10.03.2026 um 10:03 schrieb Karin &lt;k@x.test&gt;:",
        ),
    ],
    ids=["sv-ios", "de-ios"],
)
def test_a_quote_only_reply_shows_the_quote_and_folds_its_own_history(
    footer: str, attr: str, nested: str
) -> None:
    body = (
        f'<div dir="ltr">{footer}</div><blockquote type="cite">{attr}<br><br>'
        "Ja, vi kan byta i er egen takt.<br>Erik<br><br>"
        f'{nested}<blockquote style="margin:0 0 0 .8ex">Går det att koppla ihop?<br>Karin'
        "</blockquote></blockquote>"
    )
    r = render_html(body)
    assert "Ja, vi kan byta i er egen takt." in shown(r)
    assert "Går det att koppla ihop?" in folded(r)
    assert [b.kind for b in r.blocks if not b.folded] == ["whole-quote"]


def test_a_quote_only_plain_reply_folds_a_nested_header_block() -> None:
    body = (
        "> Le 11 mars 2026 à 08:20, Erik <e@x.test> a écrit :\n>\n> Oui, jeudi me va.\n"
        "> Erik\n>\n> De : Karin <k@x.test>\n> Envoyé : mardi 10 mars 2026 10:03\n"
        "> À : Erik\n> Objet : Démo\n>\n> Jeudi ou vendredi ?\n"
    )
    r = render_body(body, is_html=False)
    assert "Oui, jeudi me va." in shown(r)
    assert "Jeudi ou vendredi ?" in folded(r)


@pytest.mark.parametrize(
    "inner",
    [
        "> On Monday Bob wrote: the numbers are fine.\n> Thanks, Erik\n",
        ">> Deeper marks with no attribution above them.\n> Erik\n",
    ],
    ids=["sentence-not-attribution", "deeper-quote-unattributed"],
)
def test_a_quote_only_reply_with_no_nested_attribution_shows_whole(inner: str) -> None:
    body = "> On Mon, 3 Jun 2024 at 10:00, Erik <e@x.test> wrote:\n>\n> Yes.\n" + inner
    r = render_body(body, is_html=False)
    assert not folded(r)


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("宛先", "件名"),
        ("收件人", "主题"),
        ("받는 사람", "제목"),
        ("Para", "Asunto"),
        ("Aan", "Onderwerp"),
        ("A", "Oggetto"),
        ("Komu", "Předmět"),  # cs
        ("Címzett", "Tárgy"),  # hu
        ("Til", "Emne"),  # da, no
        ("Kam", "Tema"),  # lt
        ("Kepada", "Perihal"),  # id
    ],
)
def test_a_notes_header_table_in_other_languages_is_history(to: str, subject: str) -> None:
    body = (
        f"Gracias, seguimos.\n\nTanaka <s.tanaka@x.test>\n\n2026/12/04 19:05\n\n{to}\n"
        f'"Matsumoto" <y@x.test>\ncc\n{subject}\nTrial scope\n\nPlease tell us your plan.'
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Gracias, seguimos."
    assert "Please tell us your plan." in folded(r)


def test_a_bare_notes_label_with_no_dated_sender_above_is_text() -> None:
    body = "Gracias.\n\nEl plan:\n\n宛先\n田中さん\n件名\nTrial scope\n\nPlease tell us your plan."
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("-------- 원본 이메일 --------", ("발신", "날짜", "수신", "제목")),
        ("------------------ Original ------------------", ("From", "Date", "To", "Subject")),
        ("-------- 元のメール --------", ("送信元", "日付", "宛先", "件名")),
        ("-------- Originalnachricht --------", ("Von", "Datum", "An", "Betreff")),
    ],
    ids=["samsung-ko", "qq", "samsung-ja", "samsung-de"],
)
def test_samsung_and_qq_original_lines_open_history(line: str, labels: tuple[str, ...]) -> None:
    sender, date, to, subject = labels
    body = (
        f"OK, received.\n\n{line}\n{sender}: Lee <j@x.test>\n{date}: 26/12/07 3:22\n"
        f"{to}: Choi <w@x.test>\n{subject}: Quote\n\nPlease find the quote attached."
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "OK, received."
    assert "Please find the quote attached." in folded(r)


@pytest.mark.parametrize(
    ("footer", "separator", "labels"),
    [
        ("Von meinem Smartphone gesendet", "Ursprüngliche Nachricht", ("Von", "Datum", "An")),
        (
            "Verzonden vanaf mijn Samsung Galaxy-smartphone.",
            "Oorspronkelijk bericht",
            ("Van", "Datum", "Aan"),
        ),
        ("Galaxy 스마트폰에서 보냈습니다.", "원본 이메일", ("발신", "날짜", "수신")),
    ],
    ids=["de", "nl", "ko"],
)
def test_a_samsung_email_reply_folds_its_footer_and_unindented_history(
    footer: str, separator: str, labels: tuple[str, ...]
) -> None:
    sender, date, to = labels
    r = render_html(
        '<div dir="auto">Danke, passt.</div><div dir="auto"><br></div>'
        f'<div dir="auto" id="composer_signature"><div style="color:#575757">{footer}</div></div>'
        f'<div align="left" dir="auto"><div>-------- {separator} --------</div>'
        f"<div>{sender}: Lee &lt;j@x.test&gt; </div><div>{date}: 26/12/07 3:22 (GMT+09:00)</div>"
        f"<div>{to}: Choi &lt;w@x.test&gt; </div><div>Betreff: Angebot</div></div>"
        "<div>Anbei das Angebot.</div>"
    )
    assert shown(r) == "Danke, passt."
    assert "Anbei das Angebot." in folded(r)


@pytest.mark.parametrize(
    "line", ["Original", "Original:", "The Original plan stays.", "--- Original plan ---"]
)
def test_the_word_original_alone_is_no_separator(line: str) -> None:
    body = f"Two versions.\n\n{line}\nFrom here we go on.\n\nDate: Monday\nTo: the team"
    assert shown(render_body(body, is_html=False)) == body


# Sixth round: the languages the corpus lacked ------------------------------------------------


def _gmail_forward(line: str, comment: str = "") -> str:
    return (
        f'<div dir="ltr">{comment}<br><br><div class="gmail_quote"><div dir="ltr" '
        f'class="gmail_attr">---------- {line} ---------<br>From: <strong>Jordi Puig</strong> '
        "&lt;j@x.test&gt;<br>Date: Mon, 7 Dec 2026 at 12:31<br>Subject: Stock<br>To: Marta "
        '&lt;m@x.test&gt;<br></div><br><br><div dir="ltr">Let us meet on Thursday.</div></div>'
        "</div>"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Missatge reenviat",  # ca
        "Preposlaná správa",  # sk
        "Προωθημένο μήνυμα",  # el
        "Препратено съобщение",  # bg
        "Proslijeđena poruka",  # hr
        "Välitetty viesti",  # fi
        "Thư đã chuyển tiếp",  # vi
        "Pesan yang diteruskan",  # id
        "转发邮件信息",  # zh (WeCom)
        "Áframsent skeyti",  # is: no list knows it, the shape and the header block do
        "Edasisaadetud kiri",  # et
    ],
)
def test_a_bare_forward_in_any_language_shows_the_forwarded_message(line: str) -> None:
    r = render_html(_gmail_forward(line))
    assert "Let us meet on Thursday." in shown(r)
    assert "Jordi Puig" in shown(r)


@pytest.mark.parametrize("line", ["Missatge reenviat", "Áframsent skeyti", "转发邮件信息"])
def test_a_comment_above_a_forward_in_any_language_folds_the_forward(line: str) -> None:
    r = render_html(_gmail_forward(line, "Marta, see below."))
    assert shown(r) == "Marta, see below."
    assert "Let us meet on Thursday." in folded(r)


@pytest.mark.parametrize(
    "line",
    [
        "---------- Agenda for Monday ----------",
        "--- Notes from the call ---",
        "----- 2024 plan -----",
        "---------- Please read this first. ----------",
    ],
)
def test_a_dashed_title_without_a_header_block_under_it_is_text(line: str) -> None:
    body = f"Hi Anna,\n\n{line}\nWe start at ten.\nDate: Monday\nTo: the team\n\nBest, Bob"
    assert shown(render_body(body, is_html=False)) == body


def test_a_dashed_title_over_a_typed_invite_without_from_is_text() -> None:
    body = (
        "Hi,\n\n---------- Kickoff ----------\nDate: Monday 10:00\nTo: everyone\nSubject: Kickoff"
    )
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("-------- Alkuperäinen viesti --------", ("Lähettäjä", "Lähetetty", "Vastaanottaja")),
        ("-----Původní e-mail-----", ("Od", "Odesláno", "Komu")),
        ("-------- Izvorna poruka --------", ("Šalje", "Datum", "Prima")),
        ("-------- Pesan Asli --------", ("Dari", "Tanggal", "Kepada")),
        ("-------- Originalni zapis --------", ("From", "Date", "To")),  # unknown: the shape
    ],
    ids=["fi", "cs", "hr", "id", "shape"],
)
def test_original_message_lines_in_new_languages_open_history(
    line: str, labels: tuple[str, ...]
) -> None:
    sender, date, to = labels
    body = (
        f"OK, thanks.\n\n{line}\n{sender}: Lee <j@x.test>\n{date}: 7.12.2026 3:22\n"
        f"{to}: Choi <w@x.test>\nSubject: Quote\n\nPlease find the quote attached."
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "OK, thanks."
    assert "Please find the quote attached." in folded(r)


@pytest.mark.parametrize(
    ("signoff", "attribution"),
    [
        (
            "Ingat,<br>Jasmine",
            "On Monday, December 7, 2026 at 10:02:41 AM GMT+8, Miguel &lt;m@x.test&gt; wrote:",
        ),
        ("धन्यवाद,<br>प्रिया", "सोम, 7 दिस॰ 2026 को 6:40 pm बजे Arjun &lt;a@x.test&gt; ने लिखा:"),
        ("พิมพ์ชนก", "เมื่อ อ. 8 ธ.ค. 2026 เวลา 13:22 สมชาย &lt;s@x.test&gt; เขียนว่า:"),
        ("Mit Grüßen,<br>Anna", "Am 07.12.2026 um 10:12 schrieb Bob &lt;b@x.test&gt;:"),
    ],
    ids=["tl-yahoo", "hi-gmail", "th-gmail", "de"],
)
def test_a_signoff_typed_right_over_the_attribution_stays_shown(
    signoff: str, attribution: str
) -> None:
    r = render_html(
        f"<div>Thanks, see you then.<br><br>{signoff}</div><div>{attribution}</div>"
        "<blockquote>Can we meet on Thursday?</blockquote>"
    )
    assert "see you then" in shown(r)
    assert signoff.split("<br>")[-1] in shown(r)
    assert "Can we meet on Thursday?" in folded(r)


def test_an_attribution_wrapped_after_its_address_still_folds_whole() -> None:
    body = "Fine by me.\n\nBob Martin <b@x.test>, 3 June 2024\n10:00 wrote:\n> Can we meet?\n> Bob"
    r = render_body(body, is_html=False)
    assert shown(r) == "Fine by me."
    assert "Bob Martin <b@x.test>, 3 June 2024" in folded(r)


@pytest.mark.parametrize(
    "attribution",
    [
        "otrd., 2026. g. 1. dec., plkst. 14:22 — lietotājs Jānis Ozols (&lt;j@x.test&gt;)"
        " rakstīja:",
        "Dana sri, 2. pro 2026. u 15:30 Ivan Horvat &lt;i@x.test&gt; napisao je:",
        "Vào Th 2, 7 thg 12, 2026 vào lúc 09:12 Thảo Nguyễn &lt;t@x.test&gt; đã viết:",
        "Pada 8 Des 2026, pukul 09.03, Rina Wijaya &lt;r@x.test&gt; menulis:",
        "Tarehe Jumatatu, 7 Des 2026 saa 18:04, Wanjiru &lt;w@x.test&gt; aliandika:",
        "2026 m. gruodžio 2 d., 10:14, Greta &lt;g@x.test&gt; rašė:",
    ],
    ids=["lv", "hr", "vi", "id", "sw", "lt"],
)
def test_attributions_in_new_languages_fold_the_quote_under_them(attribution: str) -> None:
    r = render_html(
        f'<div dir="ltr">Thanks, confirmed.</div><br><div class="gmail_quote"><div '
        f'class="gmail_attr">{attribution}<br></div><blockquote class="gmail_quote">'
        "Please confirm the order.</blockquote></div>"
    )
    assert shown(r) == "Thanks, confirmed."
    assert "Please confirm the order." in folded(r)


def test_a_latvian_quote_only_reply_shows_the_quote() -> None:
    r = render_html(
        '<div dir="ltr"><br></div><br><div class="gmail_quote"><div class="gmail_attr">otrd., '
        "2026. g. 1. dec., plkst. 14:22 — lietotājs Jānis (&lt;j@x.test&gt;) rakstīja:<br>"
        '</div><blockquote class="gmail_quote">Apstiprinu pasūtījumu.</blockquote></div>'
    )
    assert "Apstiprinu pasūtījumu." in shown(r)


@pytest.mark.parametrize(
    "line",
    [
        "Pada akhirnya kami menulis: rencana baru.",
        "Vào thứ Hai, chúng tôi đã viết lại kế hoạch cho dự án mới:",
        "Dana je napisao je: sve je u redu.",
    ],
)
def test_a_sentence_with_a_new_attribution_verb_stays_text(line: str) -> None:
    body = f"Hello,\n\n{line}\n> not a quote really\n\nBye"
    assert line in shown(render_body(body, is_html=False))


@pytest.mark.parametrize(
    "labels",
    [
        ("Saatja", "Saatmisaeg", "Adressaat", "Teema"),  # et, Outlook 2010
        ("Nuo", "Išsiųsta", "Kam", "Tema"),  # lt
        ("No", "Nosūtīts", "Kam", "Tēma"),  # lv, Outlook 365
        ("Từ", "Đã gửi", "Đến", "Chủ đề"),  # vi
        ("Dari", "Dikirim", "Kepada", "Perihal"),  # id
        ("Daripada", "Dihantar", "Kepada", "Subjek"),  # ms
        ("จาก", "ส่ง", "ถึง", "เรื่อง"),  # th, OWA
        ("प्रेषक", "भेजा गया", "प्रति", "विषय"),  # hi
        ("منجانب", "بھیجا گیا", "بنام", "موضوع"),  # ur, Outlook.com
    ],
    ids=["et", "lt", "lv", "vi", "id", "ms", "th", "hi", "ur"],
)
def test_outlook_header_blocks_in_new_languages_fold(labels: tuple[str, ...]) -> None:
    sender, sent, to, subject = labels
    r = render_html(
        "<div>Thanks, we will be there.</div><hr>"
        f"<div><b>{sender}:</b> Karl Lepp &lt;karl@x.test&gt;<br><b>{sent}:</b> 1.12.2026 9:30"
        f"<br><b>{to}:</b> Piret Saar<br><b>{subject}:</b> Meeting</div>"
        "<div>Would Tuesday at ten suit you?</div>"
    )
    assert shown(r) == "Thanks, we will be there."
    assert "Would Tuesday at ten suit you?" in folded(r)


@pytest.mark.parametrize(
    "lines",
    [
        "Tema: jaunais birojs\nKam: visiem\nDatums: pirmdien",  # lv, no From, no quote
        "Chủ đề: họp quý\nĐến: cả nhóm\nNgày: thứ Hai",  # vi
    ],
)
def test_a_typed_invite_with_new_labels_and_no_from_stays_shown(lines: str) -> None:
    body = f"Hi all,\n\n{lines}\n\nSee you there."
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    "footer",
    [
        "Poslano s mog iPhonea",  # hr
        "Elküldve az iPhone-omról",  # hu
        "Odesláno z iPhonu",  # cs
        "Trimis de pe iPhone",  # ro
        "Saadetud Windowsi rakendusest Meil",  # et, Mail for Windows
        "Dikirim dari iPhone saya",  # id
        "Imetumwa kutoka iPhone yangu",  # sw
        "Sent via Superhuman",  # Superhuman
        "Obțineți Outlook pentru Android",  # ro, Outlook for Android
        "احصل على Outlook for iOS",  # ar, Outlook for iOS
    ],
)
def test_mobile_footers_of_new_languages_fold(footer: str) -> None:
    body = (
        f"Thanks, see you Wednesday.\n\nElena\n\n{footer}\n\nOn Mon, 7 Dec 2026 at 10:00, "
        "Bob <b@x.test> wrote:\n> Can we meet?"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Thanks, see you Wednesday.\n\nElena"


@pytest.mark.parametrize(
    "line",
    [
        "Poslano s mog iPhonea jer sam na putu, pa kratko: sve je u redu.",
        "Dikirim dari iPhone saya karena saya sedang di jalan.",
        "Sent via Superhuman, which I now use for everything.",
    ],
)
def test_a_sentence_that_starts_like_a_new_mobile_footer_stays_shown(line: str) -> None:
    body = f"Hi,\n\n{line}\n\nBest, Ana"
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize("word", ["پیام‌تان", "می‌خواهم", "ہم‌آہنگی"])
def test_a_zero_width_non_joiner_inside_a_persian_or_urdu_word_is_kept(word: str) -> None:
    assert word in shown(render_body(f"سلام، {word} است.", is_html=False))


@pytest.mark.parametrize("text", ["pay\u200cpal.com", "پیام\u200c.", "a\u200cب"])
def test_a_zero_width_non_joiner_beside_latin_or_punctuation_is_dropped(text: str) -> None:
    assert "\u200c" not in shown(render_body(text, is_html=False))


@pytest.mark.parametrize(
    "notice",
    [
        "Ez az e-mail és mellékletei bizalmas információt tartalmazhatnak, és kizárólag a "
        "címzett részére szólnak. Ha Ön nem a címzett, kérjük, törölje az üzenetet.",
        "Bu e-posta ve ekleri yalnızca alıcısına özeldir ve gizli bilgi içerebilir. Bu mesajı "
        "yanlışlıkla aldıysanız lütfen siliniz.",
        "Το παρόν μήνυμα είναι εμπιστευτικό και προορίζεται αποκλειστικά για τον παραλήπτη. "
        "Εάν το λάβατε κατά λάθος, διαγράψτε το.",
        "Šiame el. laiške esanti informacija yra konfidenciali ir skirta tik adresatui. Jei "
        "gavote šį laišką per klaidą, prašome jį ištrinti.",
        "PENAFIAN: E-mel ini mengandungi maklumat sulit. Jika anda bukan penerima yang "
        "dimaksudkan, sila padam e-mel ini.",
        "AVISO DE CONFIDENCIALIDADE: Esta mensagem e seus anexos são confidenciais. Se você "
        "recebeu esta mensagem por engano, apague-a.",
    ],
    ids=["hu", "tr", "el", "lt", "ms", "pt"],
)
def test_legal_footers_of_new_languages_fold_above_the_quote(notice: str) -> None:
    body = (
        f"Thanks, confirmed for Tuesday.\n\nAnna Kovacs\nSales\n\n{notice}\n\n"
        "On Mon, 7 Dec 2026 at 10:00, Bob <b@x.test> wrote:\n> Can we meet?"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Thanks, confirmed for Tuesday.\n\nAnna Kovacs\nSales"


def test_a_legal_footer_after_the_signature_container_folds() -> None:
    r = render_html(
        "<div>Pode ser na terça.</div><div>Att,</div>"
        '<div id="Signature"><div>Camila Ferreira</div><div>Cerrado Agro</div></div>'
        "<div>AVISO DE CONFIDENCIALIDADE: Esta mensagem e seus anexos são confidenciais. Se "
        "você recebeu esta mensagem por engano, apague-a e avise o remetente.</div>"
        '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>De:</b> Rafael '
        "&lt;r@x.test&gt;<br><b>Enviado:</b> 7 de dezembro de 2026 10:14<br><b>Para:</b> "
        "Camila<br><b>Assunto:</b> Estoque</div><div>Olá Camila</div>"
    )
    assert shown(r) == "Pode ser na terça.\nAtt,"


@pytest.mark.parametrize(
    "line",
    [
        "Bu e-posta ile size yeni fiyat listesini gönderiyorum, lütfen bakın.",
        "Ez az e-mail csak egy gyors kérdés: jó a kedd?",
        "Pernyataan saya tetap sama, kita mulai Selasa.",
    ],
)
def test_a_sentence_opening_like_a_new_legal_footer_stays_shown(line: str) -> None:
    body = f"Hi,\n\n{line}\n\nAnna"
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    "footer",
    [
        'Obțineți <a href="https://aka.ms/x">Outlook pentru Android</a>',
        'احصل على <a href="https://aka.ms/x">Outlook for iOS</a>',
        'Get <a href="https://aka.ms/x">Outlook for Android</a>',
    ],
)
def test_outlook_mobile_signature_by_class_folds(footer: str) -> None:
    r = render_html(
        "<div>Perfect, ne vedem miercuri.<br><br>Elena<br><br></div>"
        f'<div><div class="ms-outlook-mobile-signature"><div>{footer}</div></div></div><hr>'
        '<div id="divRplyFwdMsg"><b>From:</b> Andrei &lt;a@x.test&gt;<br><b>Sent:</b> '
        "1.12.2026 17:10<br><b>To:</b> Elena<br><b>Subject:</b> CMR</div><div>Bună ziua</div>"
    )
    assert shown(r) == "Perfect, ne vedem miercuri.\n\nElena"


def test_a_sentence_in_the_outlook_mobile_signature_class_folds_only_as_a_signature() -> None:
    r = render_html(
        '<div class="ms-outlook-mobile-signature">Thanks, see you Wednesday at ten.</div>'
    )
    assert "Thanks, see you Wednesday at ten." in shown(r)


@pytest.mark.parametrize(("to", "subject"), [("Komu", "Předmět"), ("Címzett", "Tárgy")])
def test_bare_notes_labels_of_new_languages_with_no_dated_sender_are_text(
    to: str, subject: str
) -> None:
    body = f"Seznam polí formuláře:\n\n{to}\n{subject}\nText zprávy\n\nDěkuji"
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    ("attribution", "signature"),
    [
        (
            "Dňa 1.12.2026 o 16:05 Jana Hudáková napísal(a):",
            "Jana Hudáková\nobchodná zástupkyňa | Kancelária Plus s.r.o.\n+421 905 000 111",
        ),
        (
            "On Mon, 7 Dec 2026 at 10:00, Bob Martin <b@x.test> wrote:",
            "Bob Martin\nSales Director, Acme Ltd.\n+44 20 5555 0100",
        ),
        ("W dniu 7.12.2026 o 10:00 Anna Nowak napisała:", "Anna Nowak\nKierownik zakupów"),
    ],
    ids=["sk", "en", "pl"],
)
def test_the_quoted_senders_signature_under_the_quote_folds_with_it(
    attribution: str, signature: str
) -> None:
    body = f"Thanks, confirmed.\n\nRóbert\n\n{attribution}\n> Here is the offer.\n\n{signature}"
    r = render_body(body, is_html=False)
    assert shown(r) == "Thanks, confirmed.\n\nRóbert"
    assert signature.split("\n")[0] in folded(r)


@pytest.mark.parametrize(
    "after",
    [
        "Bob Martin\nI disagree with the price, can we talk tomorrow about a better offer?",
        "Carol Smith\nSales Director",  # a name the attribution does not give
        "Bob Martin asked for this, so here is my answer.",
    ],
)
def test_text_under_the_quote_that_is_no_quoted_signature_stays_shown(after: str) -> None:
    body = (
        "Thanks.\n\nOn Mon, 7 Dec 2026 at 10:00, Bob Martin <b@x.test> wrote:\n"
        f"> Here is the offer.\n\n{after}"
    )
    assert after in shown(render_body(body, is_html=False))


def test_a_bottom_posted_name_alone_under_the_quote_stays_shown() -> None:
    body = "On Mon, 7 Dec 2026 at 10:00, Bob Martin <b@x.test> wrote:\n> Here is the offer.\n\nBob"
    assert "Bob" in shown(render_body(body, is_html=False)).split("\n")[-1]


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, 07 Dec 2026 16:22:10 +0530 Karthik Iyer wrote",  # Rediff
        "Am 07.12.2026 um 10:12 schrieb Bob Martin",
    ],
)
def test_an_attribution_without_its_colon_over_a_quote_folds_with_it(attribution: str) -> None:
    body = f"Thanks,\nSenthil\n\n\n{attribution}\n\n>Hi Senthil,\n>Here is the price.\n>Karthik"
    r = render_body(body, is_html=False)
    assert shown(r) == "Thanks,\nSenthil"
    assert attribution in folded(r)


def test_a_sentence_without_a_colon_over_a_quote_stays_shown() -> None:
    body = "Thanks.\n\nOn Monday at 10:00 Karthik wrote the price sheet\n\n> Here is the price."
    assert "On Monday at 10:00 Karthik wrote the price sheet" in shown(
        render_body(body, is_html=False)
    )


def test_a_japanese_outlook_from_line_without_colon_opens_the_header_block() -> None:
    r = render_html(
        "<div>よろしくお願いいたします。</div>"
        '<div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        "<p><b>差出人</b> 中村 健 [mailto:ken@x.test]<br><b>送信日時:</b> 2026年12月7日 10:05<br>"
        "<b>宛先:</b> 佐藤 &lt;m@x.test&gt;<br><b>件名:</b> 在庫</p></div>"
        "<p>突然のご連絡失礼いたします。</p>"
    )
    assert shown(r) == "よろしくお願いいたします。"
    assert "中村 健" in folded(r)


def test_a_from_word_and_address_without_a_header_block_under_it_is_text() -> None:
    body = "Hi,\n\nFrom now on write to anna@x.test please.\n\nBest, Bob"
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    "attribution",
    [
        "On Mon, Dec 7, 2026 at 11:15, Tunde Adebayo<tunde@x.test> wrote:",
        "El lun, 7 dic 2026 a las 11:15, Tunde <tunde@x.test> escribió:",
    ],
)
def test_yahoo_android_flattened_attribution_and_quote_fold(attribution: str) -> None:
    body = (
        "Thank you.\nChinedu\n\nSent from Yahoo Mail on Android\n\n"
        f"  {attribution}   Hello Chinedu,\nWould a call this week work?\nTunde"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Thank you.\nChinedu"
    assert "Would a call this week work?" in folded(r)


@pytest.mark.parametrize(
    "line",
    [
        "Note:   the call is at 10:00 on 7 Dec 2026, bring the numbers.",
        "On Monday our CFO wrote:   we keep the budget as it is.",
    ],
)
def test_a_colon_and_spaces_in_a_sentence_is_no_flattened_attribution(line: str) -> None:
    body = f"Hi,\n\n{line}\nSee you then.\n\nBob"
    assert shown(render_body(body, is_html=False)) == body


@pytest.mark.parametrize(
    "attribution",
    [
        "Tóth Bence <b@x.test> ezt írta (időpont: 2026. dec.\n2., Sze, 10:12):",
        "Bob Martin <b@x.test> wrote on 7 Dec.\n2026, 10:12:",
    ],
    ids=["hu-gmail-plain", "en"],
)
def test_an_attribution_wrapped_after_an_abbreviated_month_folds_whole(attribution: str) -> None:
    body = f"Megkaptam, köszi.\n\nRéka\n\n{attribution}\n\n> Csatolom a szerződést. Bence"
    r = render_body(body, is_html=False)
    assert shown(r) == "Megkaptam, köszi.\n\nRéka"


def test_a_sentence_ending_in_a_word_stays_a_sentence_over_a_quote() -> None:
    body = "Thanks.\n\nWe paid the invoice on 7 Dec 2026 in euros.\nBob wrote:\n\n> Did you pay?"
    assert "We paid the invoice on 7 Dec 2026 in euros." in shown(render_body(body, is_html=False))


@pytest.mark.parametrize(
    "labels",
    [
        ("Oddi wrth", "Anfonwyd", "At", "Pwnc"),  # cy: no list knows them
        ("Frá", "Sent", "Til", "Efni"),  # is
        ("Nga", "Dërguar", "Për", "Tema"),  # sq
    ],
    ids=["cy", "is", "sq"],
)
def test_an_outlook_header_in_unknown_labels_opens_its_container(labels: tuple[str, ...]) -> None:
    sender, sent, to, subject = labels
    r = render_html(
        "<div>Diolch, wela i chi ddydd Mawrth.</div>"
        '<div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        f"<p><b>{sender}:</b> Karl Lepp [mailto:karl@x.test]<br><b>{sent}:</b> 1 Rhagfyr 2026 "
        f"9:30<br><b>{to}:</b> Siân<br><b>{subject}:</b> Cyfarfod</p></div>"
        "<p>A fyddai dydd Mawrth yn iawn?</p>"
    )
    assert shown(r) == "Diolch, wela i chi ddydd Mawrth."
    assert "A fyddai dydd Mawrth yn iawn?" in folded(r)


def test_a_header_in_unknown_labels_right_over_a_quote_folds_with_it() -> None:
    body = (
        "Diolch.\n\nOddi wrth: Karl <karl@x.test>\nAnfonwyd: 1 Rhagfyr 2026 9:30\nAt: Siân\n"
        "Pwnc: Cyfarfod\n\n> A fyddai dydd Mawrth yn iawn?"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Diolch."


@pytest.mark.parametrize(
    "block",
    [
        "Lle: Ystafell 4\nPryd: 1 Rhagfyr 2026 9:30\nCyswllt: karl@x.test",  # no quote under it
        "Oddi wrth: Karl <karl@x.test>\nAt: Siân\nPwnc: Cyfarfod",  # no date
    ],
)
def test_a_typed_label_list_with_no_quote_under_it_stays_shown(block: str) -> None:
    body = f"Helo,\n\n{block}\n\nDiolch, Siân"
    assert shown(render_body(body, is_html=False)) == body


def test_a_label_list_with_no_date_at_a_quote_containers_top_stays_shown() -> None:
    r = render_html(
        '<blockquote type="cite">Enw: Karl<br>Ebost: karl@x.test<br>Ffôn: 01234</blockquote>'
    )
    assert "Ebost: karl@x.test" in shown(r)


@pytest.mark.parametrize(
    ("footer", "attribution"),
    [
        ("Sent úr iPhone", "Þann 7.12.2026 kl. 10:00 skrifaði Jón <j@x.test>:"),  # is
        ("Poslano iz mojega iPhona", "7. 12. 2026 ob 10:00 je Ana <a@x.test> napisala:"),  # sl
        ("Dërguar nga iPhone im", "Më 7 dhjetor 2026, në 10:00, Ana <a@x.test> shkroi:"),  # sq
        ("Испратено од мојот iPhone", "На 7.12.2026 во 10:00, Ана <a@x.test> напиша:"),  # mk
    ],
    ids=["is", "sl", "sq", "mk"],
)
def test_neighbour_languages_footer_and_attribution_fold(footer: str, attribution: str) -> None:
    body = f"Takk, sjáumst.\n\n{footer}\n\n{attribution}\n> Getum við hist?"
    r = render_body(body, is_html=False)
    assert shown(r) == "Takk, sjáumst."
    assert "Getum við hist?" in folded(r)


# An answer in a coloured block whose text is emphasised (<b>, <i>, <u>, <strong>) ----------

OWA_HEADER_FR = (
    '<div id="appendonsend"></div><hr style="display:inline-block;width:98%">'
    '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>De :</b> Clément &lt;c@x.test&gt;'
    "<br><b>Envoyé :</b> lundi 1 mars 2027 18:10<br><b>À :</b> Sophie<br>"
    "<b>Objet :</b> Questions</font></div>"
)
APPLE_ATTRIBUTION = (
    '<div>On 1 Mar 2027, at 18:10, Sam &lt;sam@x.test&gt; wrote:</div><blockquote type="cite">'
)


@pytest.mark.parametrize(
    ("intro", "head", "tail", "answer", "tag"),
    [
        ("Réponses ci-dessous.", OWA_HEADER_FR + "<div>", "</div>", "[SM] 35 au démarrage.", "b"),
        ("Answers below.", APPLE_ATTRIBUTION, "</blockquote>", "Nine seats, not six.", "i"),
        ("Antworten unten.", OUTLOOK_HEADER, "", "Ja, ab dem 11. Januar.", "strong"),
        ("Odpowiedzi poniżej.", OWA_HEADER_FR + "<div>", "</div>", "Tak, przez Entra ID.", "u"),
    ],
    ids=["owa-fr-b", "apple-en-i", "outlook-de-strong", "owa-pl-u"],
)
def test_an_emphasised_answer_in_a_coloured_block_of_a_quote_is_shown(
    intro: str, head: str, tail: str, answer: str, tag: str
) -> None:
    """The block's colour mark and the <b> mark both lead the line: the line is no empty block."""
    r = render_html(
        f"<div>{intro}</div><div>Kofi</div>{head}<div>How many seats do you need?</div>"
        f'<div style="color:#C00000"><{tag}>{answer}</{tag}></div>'
        f"<div>Do you need SSO?</div>{tail}"
    )
    assert answer in shown(r)
    assert "How many seats do you need?" in shown(r)
    assert "\ue004" not in shown(r) and "\ue005" not in shown(r)


def test_an_empty_coloured_block_in_a_quote_leaves_no_line_or_mark() -> None:
    """Near miss: a coloured block with nothing in it still adds no text and no stray mark."""
    r = render_html(
        "<div>Fine by me.</div>"
        + OWA_HEADER_FR
        + '<div>Shall we meet?</div><div style="color:#C00000"></div>'
        + '<div style="color:#C00000"><b></b></div><div>Best, Clément</div>'
    )
    assert shown(r) == "Fine by me."
    assert "\ue004" not in folded(r) and "\ue005" not in folded(r)
    assert "Shall we meet?" in folded(r)


# A banner's alt between the signature and the company's legal lines --------------------------


@pytest.mark.parametrize(
    ("banner", "clause"),
    [
        (
            "Besuchen Sie uns auf der LogiMAT 2027: Halle 8, Stand C21",
            "Muster GmbH | Sitz: Kassel | Amtsgericht Kassel HRB 18842 | Geschäftsführer: Eva"
            " Muster<br>Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der"
            " richtige Adressat sind, informieren Sie bitte den Absender und vernichten Sie"
            " diese E-Mail. Informationen zum Datenschutz nach Art. 13 DSGVO finden Sie"
            " auf unserer Website.",
        ),
        (
            "Retrouvez-nous au salon SIMA 2027, hall 5, stand B12",
            "Muster SAS au capital de 50 000 € - RCS Lyon 812 555 123 - TVA FR12812555123<br>"
            "Ce message est confidentiel et destiné exclusivement à son destinataire. Si vous"
            " l'avez reçu par erreur, merci d'en informer l'expéditeur et de le supprimer.",
        ),
        (
            "Meet us at Logistics Expo 2027, stand 4-120, Birmingham NEC",
            "Muster Ltd, registered in England and Wales, company number 08555123<br>This email"
            " is confidential and intended solely for the addressee. If you received it in"
            " error, please notify the sender and delete it.",
        ),
    ],
    ids=["de", "fr", "en"],
)
def test_a_banner_alt_above_the_legal_lines_shows_and_the_clause_folds(
    banner: str, clause: str
) -> None:
    r = render_html(
        "<p>Donnerstag passt.</p><p>Eva Muster<br>Leitung<br>Tel. +49 561 555 0142</p>"
        '<p><img width="160" height="48" src="cid:image001.png@01DB4A2C" '
        'alt="cid:image001.png@01DB4A2C.5E3F1A20"></p>'
        f'<p><img width="480" height="90" src="cid:image002.jpg@01DB4A2C" alt="{banner}"></p>'
        f'<p><span style="font-size:7.5pt;color:gray">{clause}</span></p>' + GMAIL_HISTORY
    )
    assert f"[{banner}]" in shown(r)
    assert "cid:" not in shown(r) and "image001" not in shown(r)
    assert "Donnerstag passt." in shown(r) and "Tel. +49 561 555 0142" in shown(r)
    assert "confidenti" not in shown(r).lower() and "vertrauliche" not in shown(r)


def test_a_banner_alt_with_no_legal_clause_under_it_stays_shown() -> None:
    """Near miss: the alt line alone, or over one sentence with a single legal word, shows."""
    body = (
        "<p>Thursday works.</p><p>Eva Muster<br>Head of Sales</p>"
        '<p><img width="480" height="90" src="cid:b" alt="Meet us at Logistics Expo 2027,'
        ' stand 4-120"></p><p>We also have a new privacy-friendly tracking option to show you'
        " when we meet at the fair next month.</p>"
    )
    r = render_html(body + GMAIL_HISTORY)
    assert "[Meet us at Logistics Expo 2027, stand 4-120]" in shown(r)
    assert "privacy-friendly tracking option" in shown(r)


@pytest.mark.parametrize("alt", ["cid:image001.png@01DB4A2C.5E3F1A20", "CID:logo", "cid:part1.x"])
def test_an_alt_that_is_only_an_inline_part_id_is_no_meaningful_alt(alt: str) -> None:
    r = render_html(f'<p>Hello.</p><p><img width="90" height="40" src="cid:x" alt="{alt}"></p>')
    assert shown(r) == "Hello."
    kept = render_html('<p>Hello.</p><p><img width="90" src="cid:x" alt="cidre fermier"></p>')
    assert "[cidre fermier]" in shown(kept)  # near miss: a word that starts with "cid"


# A legal clause glued under the signature, in wording the lists lacked ----------------------


@pytest.mark.parametrize(
    "clause",
    [
        "Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde(n). Als dit bericht niet"
        " voor u bestemd is, wordt u verzocht het bericht te verwijderen. Dekker B.V. is"
        " ingeschreven bij de KvK onder nummer 30555123.",
        "Tämä sähköpostiviesti voi sisältää luottamuksellista tietoa. Jos olet saanut viestin"
        " erehdyksessä, ilmoita siitä lähettäjälle. Henkilötietojen käsittely: tietosuoja.",
        "Calder Freight Ltd is registered in England and Wales, company number 08555123."
        " Registered office: 4 Dock Road, Felixstowe. This email and any attachments are"
        " confidential.",
        "Muster GmbH, Sitz Kassel, Amtsgericht Kassel HRB 18842. Diese Nachricht ist"
        " vertraulich; sollten Sie sie versehentlich erhalten haben, bitte löschen Sie sie.",
    ],
    ids=["nl", "fi", "en", "de"],
)
def test_a_legal_clause_glued_under_the_signature_folds(clause: str) -> None:
    r = render_html(
        "<p>Thursday suits us both.</p><p>Sanne Dekker<br>HR-manager<br>T +31 30 555 7712"
        f"<br>{clause}</p>" + GMAIL_HISTORY
    )
    assert shown(r) == "Thursday suits us both.\n\nSanne Dekker\nHR-manager\nT +31 30 555 7712"
    assert clause.split()[0] in folded(r)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our registered office moved, so the company number on the invoice changed too.",
        "Please delete the old deck (verwijder de oude versie), the new one is attached.",
    ],
)
def test_a_sentence_with_two_register_or_delete_words_is_no_legal_clause(sentence: str) -> None:
    """Near miss: two of the new words are not the three a glued clause needs."""
    r = render_html(
        f"<p>Thursday suits us.</p><p>Sanne Dekker<br>HR-manager<br>{sentence}</p>" + GMAIL_HISTORY
    )
    assert sentence in shown(r)


# A "think before you print" line under the signature -----------------------------------------


@pytest.mark.parametrize(
    "eco",
    [
        "Tenk miljø før du skriver ut denne e-posten.",
        "Please consider the environment before printing this email.",
        "🌱 Pensez à l'environnement avant d'imprimer ce mail.",
        "Bitte denken Sie an die Umwelt, bevor Sie diese E-Mail ausdrucken.",
        "Ajattele ympäristöä ennen kuin tulostat tämän viestin.",
        "Tänk på miljön innan du skriver ut detta mejl.",
    ],
    ids=["no", "en", "fr", "de", "fi", "sv"],
)
def test_a_think_before_you_print_line_under_the_signature_folds(eco: str) -> None:
    for glue in ("<br>", "</p><p>"):
        r = render_html(f"<p>Kan du se på vilkårene?</p><p>Hilsen<br>Magnus{glue}{eco}</p>")
        assert shown(r) == "Kan du se på vilkårene?\n\nHilsen\nMagnus"
        assert eco in folded(r)
        r = render_html(f"<p>Fine by me.</p><p>Magnus</p><p>{eco}</p>" + GMAIL_HISTORY)
        assert shown(r) == "Fine by me.\n\nMagnus"


@pytest.mark.parametrize(
    "line",
    [
        "Please print the contract and sign it before Friday.",  # printing, no environment
        "Our environment team will join the call on Friday.",  # environment, no printing
        "Good for the environment: we no longer print invoices, and our new portal lets every"
        " customer download, archive and forward them in one click, from any device they use.",
    ],
)
def test_a_sentence_with_one_eco_word_or_a_long_one_is_no_footer(line: str) -> None:
    """Near miss: one signal alone, or a line too long for a footer, stays shown."""
    r = render_html(f"<p>Fine by me.</p><p>Magnus</p><p>{line}</p>" + GMAIL_HISTORY)
    assert line in shown(r)


def test_an_eco_line_with_new_text_after_it_stays_shown() -> None:
    """Near miss: a fold is trailing; a sentence typed after the line keeps it shown."""
    r = render_html(
        "<p>Magnus</p><p>Think of the environment before printing this email.</p>"
        "<p>P.S. The revised price list is attached, and Kari can sign it on Monday.</p>"
    )
    assert "before printing this email" in shown(r) and "Kari can sign" in shown(r)


# A one-line answer whose first word is a short header label ("No:", "Za:") --------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("No: we use HubSpot.", "Za: twelve seats."),  # Latvian "No:" (from), Slovenian "Za:"
        ("Da: from March on.", "No: not this year."),  # Italian "Da:" (from)
        ("Do: the whole team.", "Kam: only sales."),  # Polish "Do:", Czech "Kam:" (to)
    ],
)
def test_a_coloured_answer_led_by_a_short_label_word_is_shown(first: str, second: str) -> None:
    """Two signals make a header line open history inside a quote: its label and another
    header line beside it. One typed answer that starts like a label has only the first."""
    red = '<span style="color:#C00000">{}</span>'
    r = render_html(outlook_answers(red.format(first), red.format(second)))
    assert first in shown(r) and second in shown(r)


@pytest.mark.parametrize(
    "header",
    [
        "No: Jānis Bērziņš &lt;j@x.test&gt;<br>Nosūtīts: otrdiena, 2027. gada 2. martā 10:14<br>"
        "Kam: Anna<br>Tēma: Piedāvājums",
        "寄件者: 林怡君 &lt;y@x.test&gt;<br>寄件日期: 2026年12月7日 上午 10:02<br>"
        "收件者: 陳志明<br>副本: 王小明<br>主旨: 即時掌握庫存",
    ],
    ids=["lv", "zh-hant"],
)
def test_a_header_block_with_short_labels_still_opens_the_history(header: str) -> None:
    """Near miss: the same labels in a real header block (several lines) still fold."""
    r = render_html(
        "<p>Thanks, Thursday works.</p><p>Anna</p>"
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
        f'<p class="MsoNormal">{header}</p></div><p>Can we talk on Thursday at ten?</p>'
        "<p>Best,<br>Jānis</p>"
    )
    assert shown(r) == "Thanks, Thursday works.\n\nAnna"
    assert "Can we talk on Thursday at ten?" in folded(r)


# A help desk's "This email is a service from …" line under the history ----------------------


@pytest.mark.parametrize(
    "footer",
    [
        "This email is a service from Northwind Outdoor Support.",
        "Diese E-Mail ist ein Service von Nordwind Kundendienst.",
        "Ce courriel est un service de Support Nordvent.",
        "Este correo electrónico es un servicio de Soporte Viento Norte.",
        "Deze e-mail is een service van Noordwind Klantenservice.",
    ],
    ids=["en", "de", "fr", "es", "nl"],
)
def test_a_help_desk_service_line_under_the_history_folds(footer: str) -> None:
    r = render_html(
        "<p>Hi Sam,</p><p>Could you send pricing for 12 agents?</p><p>Olivia</p>"
        + GMAIL_HISTORY
        + f"<p>{footer}</p>"
    )
    assert shown(r) == "Hi Sam,\n\nCould you send pricing for 12 agents?\n\nOlivia"
    assert footer in folded(r)


@pytest.mark.parametrize(
    "line",
    [
        "This email is a service from us to you: the full price list is attached below.",
        "This email was sent by mistake, sorry.",
    ],
)
def test_a_sentence_that_starts_like_a_service_line_stays_shown(line: str) -> None:
    """Near miss: more than the whole-line wording (a colon, a clause) or other words."""
    r = render_html(f"<p>Hi Sam,</p><p>{line}</p>" + GMAIL_HISTORY)
    assert line in shown(r)


# A help desk's ticket thread: earlier comments under rules, framed by author and date --------

TICKET_EARLIER = {
    "en": (
        "<p>Hi Olivia,</p><p>Lingodesk translates tickets and replies inside Zendesk, so your"
        " agents answer in English and customers read Finnish.</p><p>Cheers,<br>Sam Doyle</p>",
        "Thanks Sam, that is within budget. Forwarding to our Head of CX.",
        "Mar 2, 2027, 12:02 GMT+1",
    ),
    "de": (
        "<p>Hallo Frau Brandt,</p><p>Lingodesk übersetzt Tickets und Antworten direkt in"
        " Zendesk, damit Ihr Team auf Deutsch antwortet.</p><p>Viele Grüße<br>Sam Doyle</p>",
        "Danke, das passt ins Budget. Ich leite es an unseren Leiter weiter.",
        "02.03.2027 12:02",
    ),
}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("rule", ["<hr>", "<p>----------------------------------------</p>"])
def test_a_ticket_threads_copied_comments_under_a_rule_fold(lang: str, rule: str) -> None:
    earlier, new, date = TICKET_EARLIER[lang]
    body = f"<p>{new}</p><p>Olivia</p>{rule}<p><strong>Sam Doyle</strong></p><p>{date}</p>"
    body += earlier  # the comment as the ticket copies it, its sign-off held by the conversation
    r = render_html(body, history=[earlier])
    assert shown(r) == f"{new}\n\nOlivia"
    assert "Sam Doyle" in folded(r) and date in folded(r)


def test_a_typed_answer_after_the_rule_keeps_the_ticket_thread_shown() -> None:
    """Near miss: one sentence of the writer's after the rule, and nothing moves."""
    earlier, new, date = TICKET_EARLIER["en"]
    body = (
        f"<p>{new}</p><p>Olivia</p><hr><p>Sam Doyle</p><p>{date}</p>"
        "<p>Yes, Thursday at ten works for our team.</p>" + earlier
    )
    r = render_html(body, history=[earlier])
    assert "Yes, Thursday at ten works for our team." in shown(r)
    assert "Sam Doyle" in shown(r)


def test_a_rule_over_text_the_conversation_does_not_hold_stays_shown() -> None:
    """Near miss: a rule and frame-like lines, but no copy of an earlier message under it."""
    earlier = TICKET_EARLIER["en"][0]
    body = (
        "<p>Thanks Sam.</p><p>Olivia</p><hr><p>Agenda</p><p>Mar 4, 2027, 10:00</p>"
        "<p>We will review the Finnish pilot and the budget for the second year in detail.</p>"
        "<p>Best,<br>Sam</p>"
    )
    r = render_html(body, history=[earlier])
    assert "We will review the Finnish pilot" in shown(r) and "Agenda" in shown(r)


# Round 8 (issue 23): Apple Mail's "Begin forwarded message:" in every language ----------------

_BEGIN_FORWARDED = [
    "เริ่มต้นข้อความที่ส่งต่อ:",
    "Bắt đầu tin nhắn được chuyển tiếp:",
    "Mula mesej yang dimajukan:",
    "بداية الرسالة المعاد توجيهها:",
    "תחילת הודעה שהועברה:",
    "İletilmiş mesajın başlangıcı:",
    "Välitetty viesti alkaa:",
    "Továbbított levél kezdete:",
]


@pytest.mark.parametrize("separator", _BEGIN_FORWARDED)
def test_an_iphone_bare_forward_in_split_cite_quotes_shows_the_message(separator: str) -> None:
    r = render_html(
        '<div dir="ltr"><br><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br>'
        f'<blockquote type="cite">{separator}<br><br></blockquote></div><blockquote type="cite">'
        "<div><b>From:</b> Bob &lt;b@x.test&gt;<br><b>Date:</b> 12 Nov 2026<br>"
        '<b>Subject:</b> Trial<br><br></div></blockquote><blockquote type="cite"><div>'
        "Our partner will call your team on Monday.<br>Best,<br>Bob</div></blockquote></div>"
    )
    assert "Our partner will call your team on Monday." in shown(r)
    assert "Our partner will call your team on Monday." in r.text_for("strip")


@pytest.mark.parametrize("separator", _BEGIN_FORWARDED)
def test_begin_forwarded_lines_start_history(separator: str) -> None:
    r = render_body(f"See below.\n\n{separator}\nFrom: Bob\n\nOld text.", is_html=False)
    assert shown(r) == "See below."


def test_a_sentence_that_begins_like_a_forward_line_is_text() -> None:
    r = render_body(
        "See below.\n\nVälitetty viesti alkaa tästä, lue se huolella:\nFrom: Bob\n\nOld text.",
        is_html=False,
    )
    assert "Välitetty viesti alkaa tästä" in shown(r)


def _gmail_inline(answer: str) -> str:
    red = '<div><b><span style="color:rgb(255,0,0)">{}</span></b></div>'
    return (
        "<div>Answers below.</div><br>"
        '<div class="gmail_quote"><div class="gmail_attr">On Tue, 10 Nov 2026 at 16:05, Bob '
        '&lt;b@x.test&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Hi Ann,<br>'
        "- Which mailbox should we connect first?<br>"
        + red.format(answer)
        + "- Who will approve the templates?<br>"
        + red.format("[AK] Our support lead, Quang.")
        + "<br>Thanks,<br>Bob</div></blockquote></div>"
    )


@pytest.mark.parametrize(
    "answer",
    [
        "[MA] Support trước, địa chỉ hotro@sontra-foods.test.",
        "[AK] Support first, the address is help@acme.test",
        "Support first: the shared address is help@acme.test.",
        "Le support d'abord, voir https://acme.test/aide pour la liste.",
    ],
)
def test_an_inline_answer_that_names_an_address_is_new_text(answer: str) -> None:
    r = render_html(_gmail_inline(answer))
    strip = r.text_for("strip")
    assert answer.split(" http")[0] in strip and "Our support lead, Quang." in strip
    assert "Thanks," in folded(r)


@pytest.mark.parametrize(
    "line", ["Bob Stone, b.stone@x.test", "Sales | help@acme.test | +1 555 0100", "help@acme.test"]
)
def test_a_styled_contact_line_with_an_address_is_no_answer(line: str) -> None:
    r = render_html(_gmail_inline(line))
    assert all(line not in b.text or b.kind == "quote" for b in r.blocks)


def test_unstyled_initialled_answers_under_a_gmail_attribution_are_new_text() -> None:
    r = render_html(
        "<div>Answers below (AK).</div><br>"
        '<div class="gmail_quote"><div class="gmail_attr">On Tue, 10 Nov 2026 at 16:05, Bob '
        '&lt;b@x.test&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Hi Ann,<br>'
        "- Which mailbox should we connect first?<br>[AK] Support, at help@acme.test.<br>"
        "- Who will approve the templates?<br>[AK] Quang.<br><br>Thanks,<br>Bob</div>"
        "</blockquote></div>"
    )
    strip = r.text_for("strip")
    assert "[AK] Support, at help@acme.test." in strip and "[AK] Quang." in strip
    assert "Thanks," in folded(r)


def test_quoted_initials_under_no_question_stay_history() -> None:
    r = render_html(
        "<div>Thanks, agreed.</div><br>"
        '<div class="gmail_quote"><div class="gmail_attr">On Tue, 10 Nov 2026 at 16:05, Bob '
        '&lt;b@x.test&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Notes from the'
        " call:<br>[AK] owns the rollout.<br>[BS] owns the budget.<br></div></blockquote></div>"
    )
    assert shown(r) == "Thanks, agreed."


# ---- review of the rounds' rules: new text they hid, kept shown --------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "Jana,\nyes Thursday works for me\nPetr",
        "Jana\nNo, we cancel the whole deal\nPetr",
        "Jana Hudakova\nwe cancel, sorry\nPetr",
    ],
)
def test_a_reply_under_the_quote_that_greets_the_quoted_sender_is_shown(reply: str) -> None:
    body = (
        "Hi,\n\nOn Mon, 7 Dec 2026 at 10:00, Jana Hudakova <j@x.test> wrote:\n"
        "> Can we meet Thursday?\n\n" + reply
    )
    text = shown(render_body(body, is_html=False))
    for line in reply.split("\n"):
        assert line in text


@pytest.mark.parametrize(
    "line",
    [
        "The staging environment breaks when we print invoices.",
        "Stampa il documento per il nuovo ambiente di test",
        "Sprint review: the environment is down",
    ],
)
def test_a_sentence_about_printing_and_an_environment_is_no_eco_footer(line: str) -> None:
    text = shown(render_body(f"Hi Bob,\n\n{line}\n", is_html=False))
    assert line in text


def test_the_eco_footer_still_folds_when_it_says_before() -> None:
    body = "Thanks, see you Monday.\n\nPlease consider the environment before printing this email."
    text = shown(render_body(body, is_html=False))
    assert "Thanks, see you Monday." in text
    assert "before printing" not in text


def test_typed_label_notes_in_a_quote_container_are_no_header_block() -> None:
    body = (
        '<div dir="ltr">Notes below.</div><div class="gmail_quote">'
        "Owner: Bob &lt;b@x.test&gt;<br>Deadline: 12.12.2026<br>"
        "Status: we decided to cancel the order, sorry<br>Next: call me</div>"
    )
    text = shown(render_body(body, is_html=True))
    assert "we decided to cancel the order" in text
