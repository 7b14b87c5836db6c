"""Folding that never hides the lead's words: the classes of issue 23's ninth round (what a sales
person gets back: device footers in the lead's language, gateway banners on the quoted pitch,
answers a lead typed inside our earlier mail, quoted again).

Each body is built from what the named client writes; `shown` is what the reader shows before
anything is unfolded. test_quotes.py holds the earlier rounds.
"""

from __future__ import annotations

import pytest

from lemtui.mail.render import RenderedBody, render_body


def shown(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if not block.folded)


def folded(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if block.folded)


PLAIN_HISTORY = (
    "\n\n-------- Original message --------\nFrom: Bob <b@x.test>\n"
    "Date: 17/03/2025 09:14 (GMT+01:00)\nTo: Ann <a@x.test>\nSubject: Quick question\n\n"
    "Hi Ann,\n\nCan we meet on Tuesday?\n\nBest,\nBob\n"
)


# 1. A device footer that names the device with a word for "device" or a German compound -------


@pytest.mark.parametrize(
    "footer",
    [
        "Von meinem Huawei-Mobiltelefon gesendet",
        "Von meinem Samsung-Handy gesendet",
        "Envoyé depuis mon appareil Galaxy",
        "Inviato dal mio dispositivo Galaxy",
        "Enviado desde mi dispositivo Samsung Galaxy",
        "Enviado do meu dispositivo Galaxy",
        "Von meinem Handy gesendet",
        "Enviado desde mi móvil",
        "Enviado desde mi teléfono Huawei",
        "Enviado do meu celular",
        "Inviato dal mio cellulare",
        "Envoyé de mon téléphone",
        "Verzonden vanaf mijn telefoon",
        "Sendt fra min mobil",
    ],
)
def test_device_footers_naming_the_device_fold_with_the_history(footer: str) -> None:
    r = render_body(f"STOP\n\nPlease remove me.\n\n\n{footer}{PLAIN_HISTORY}", is_html=False)
    assert shown(r) == "STOP\n\nPlease remove me."
    assert footer in folded(r)


@pytest.mark.parametrize(
    "line",
    [
        "Envoyé depuis mon appareil Galaxy, donc je fais court : pas intéressé.",
        "Von meinem Huawei-Mobiltelefon gesendet, daher kurz: bitte austragen.",
        "Inviato dal mio dispositivo Galaxy perché sono in viaggio",
        "Enviado desde mi móvil, perdona la brevedad.",
        "Von meinem Handy aus geht das nicht, ich schicke es morgen.",
    ],
)
def test_a_sentence_that_starts_like_a_device_footer_stays_shown(line: str) -> None:
    r = render_body(f"{line}{PLAIN_HISTORY}", is_html=False)
    assert line in shown(r)


# 2. A gateway's external-sender banner opening the quoted message --------------------------

PITCH = (
    "<p>Hello Mr Kohler,</p><p>Most field service firms with thirty engineers plan their routes"
    " in a spreadsheet, and every emergency call upsets the whole day.</p><p>Would twenty"
    " minutes next week suit you?</p><p>Best regards,<br>Felix Brandt</p>"
)
OUTLOOK_HEADER = (
    '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
    "<p><b>From:</b> Felix Brandt &lt;felix@routenwerk.test&gt;<br><b>Sent:</b> Wednesday, March"
    " 12, 2025 9:07 AM<br><b>To:</b> Jens Kohler &lt;j@lindner.test&gt;<br><b>Subject:</b>"
    " Route planning</p></div>"
)
BANNERS = [
    "CAUTION: This email originated from outside of the organization. Do not click links or"
    " open attachments unless you recognize the sender and know the content is safe.",
    "VORSICHT: Diese E-Mail stammt von außerhalb der Organisation. Klicken Sie nicht auf Links"
    " und öffnen Sie keine Anhänge, es sei denn, Sie kennen den Absender.",
    "[EXTERNO] Este e-mail foi enviado de fora da organização. Não clique em links nem abra"
    " anexos se não reconhecer o remetente.",
    "ATTENTION : ce message provient de l'extérieur de l'organisation. Ne cliquez pas sur les"
    " liens et n'ouvrez pas les pièces jointes.",
    "You don't often get email from felix@routenwerk.test. Learn why this is important",
]


def _outlook_reply(banner_html: str) -> str:
    return (
        "<div><p>Hello Mr Brandt,</p><p>I am not the right person; Ms Vogt plans the routes and"
        " I have copied her.</p><p>Regards,<br>Jens</p>"
        f"{OUTLOOK_HEADER}{banner_html}{PITCH}</div>"
    )


@pytest.mark.parametrize("banner", BANNERS)
@pytest.mark.parametrize(
    "wrap",
    [
        '<div style="background-color:#FFEB9C;border:1px solid #9C6500"><p><span'
        ' style="color:#9C6500">{}</span></p></div>',
        '<table><tr><td style="background:#FFF4CE"><b>{}</b></td></tr></table>',
        "<p>{}</p>",
    ],
    ids=["div", "table", "plain"],
)
def test_a_gateway_banner_under_the_quoted_header_folds_with_the_history(
    banner: str, wrap: str
) -> None:
    r = render_body(_outlook_reply(wrap.format(banner)), is_html=True, history=[PITCH])
    text = shown(r)
    assert "I have copied her." in text
    assert banner[:30] not in text and "From: Felix Brandt" not in text
    assert banner[:30] in folded(r)


def test_a_wrapped_banner_in_a_text_reply_folds_with_the_history() -> None:
    body = (
        "Not interested, thanks.\n\n-----Original Message-----\nFrom: Felix Brandt"
        " <felix@routenwerk.test>\nSent: Wednesday, March 12, 2025 9:07 AM\nTo: Jens"
        " <j@lindner.test>\nSubject: Route planning\n\nCAUTION: This email originated from"
        " outside of the organization. Do not click\nlinks or open attachments unless you"
        " recognize the sender.\n\nHello Mr Kohler,\n\nMost field service firms with thirty"
        " engineers plan their routes in a spreadsheet, and every emergency call upsets the"
        " whole day.\n\nWould twenty minutes next week suit you?\n\nBest regards,\n"
        "Felix Brandt\n"
    )
    r = render_body(body, is_html=False, history=[PITCH])
    assert shown(r) == "Not interested, thanks."


def test_a_banner_above_the_whole_body_stays_shown() -> None:
    r = render_body(
        f"<p>{BANNERS[0]}</p><p>Hi Felix, please talk to Sofia, our VP Sales.</p>{OUTLOOK_HEADER}"
        f"{PITCH}",
        is_html=True,
        history=[PITCH],
    )
    text = shown(r)
    assert BANNERS[0] in text and "please talk to Sofia" in text


@pytest.mark.parametrize(
    "answer",
    [
        # the banner's words in a typed answer: not at the top of the quoted message
        "We host it outside the EU, so the sender links and attachments are an issue.",
        "CAUTION: our links to the external organization portal are broken.",
    ],
)
def test_banner_words_typed_as_an_answer_inside_the_quote_stay_shown(answer: str) -> None:
    pitch = (
        "<p>Hello Mr Kohler,</p><p>Do you plan routes for thirty engineers in a spreadsheet"
        " today, or with a tool?</p><p>Best regards,<br>Felix Brandt</p>"
    )
    quoted_pitch = pitch.replace("a tool?</p>", f'a tool?</p><p><span style="color:red">{answer}')
    body = f"<div><p>Answers below in red.</p>{OUTLOOK_HEADER}{quoted_pitch}</span></p></div>"
    r = render_body(body, is_html=True, history=[pitch])
    assert answer in shown(r)


def test_a_banner_shaped_paragraph_under_a_header_with_no_quote_below_stays_shown() -> None:
    # No history under it: the text under the bare header is the sender's (a bottom-post).
    r = render_body(
        f"<div>{OUTLOOK_HEADER}<p>{BANNERS[0]}</p></div>", is_html=True, history=[PITCH]
    )
    assert BANNERS[0] in shown(r)


# 3. A table the earlier message held, quoted back one cell a line --------------------------

GMAIL_TABLE = (
    '<div dir="ltr"><div>Hi Camila, here is the offer for 15 users:</div><table><tbody><tr>'
    "<td><b>Plan</b></td><td><b>Users</b></td><td><b>Monthly price</b></td></tr><tr>"
    "<td>Team</td><td>15</td><td>R$ 2.250</td></tr><tr><td>Team yearly</td><td>15</td>"
    "<td>R$ 1.890</td></tr></tbody></table><div>Training and onboarding are included. Can I"
    " call you on Thursday at two to go through the details?</div><div>Cheers,<br>Lucas</div>"
    "</div>"
)


def _word_cells(extra: str = "") -> str:
    cell = '<td style="padding:3.0pt 6.0pt"><p class="MsoNormal">{}</p></td>'
    rows = [("Plan", "Users", "Monthly price"), ("Team", "15", "R$ 2.250")]
    rows.append(("Team yearly", "15", "R$ 1.890"))
    table = "".join("<tr>" + "".join(cell.format(c) for c in row) + "</tr>" for row in rows)
    return (
        "<div><p>Lucas,</p><p>Thanks. It is above our budget: the board approved R$ 1.500 a"
        " month.</p><p>Camila</p>"
        f"{OUTLOOK_HEADER.replace('Felix Brandt', 'Lucas Ferreira')}"
        '<p class="MsoNormal">Hi Camila, here is the offer for 15 users:</p>'
        f'<table class="MsoNormalTable">{table}</table>{extra}<p class="MsoNormal">Training and'
        " onboarding are included. Can I call you on Thursday at two to go through the"
        ' details?</p><p class="MsoNormal">Cheers,<br>Lucas</p></div>'
    )


def test_table_cells_the_conversation_held_are_no_answers() -> None:
    r = render_body(_word_cells(), is_html=True, history=[GMAIL_TABLE])
    text = shown(r)
    assert "the board approved" in text
    assert "Monthly price" not in text and "Team yearly" not in text
    assert "Team yearly" in folded(r)


def test_an_answer_typed_under_a_quoted_table_stays_shown() -> None:
    answer = "<p>We would take the yearly plan at R$ 1.500.</p>"
    r = render_body(_word_cells(answer), is_html=True, history=[GMAIL_TABLE])
    assert "We would take the yearly plan at R$ 1.500." in shown(r)


# 4. Answers marked with initials that an earlier message already gave ------------------------

STEP = (
    "<div>Hi Marta,</div><div>Quick one: how many hours a week does your team spend printing"
    " shipping labels?</div><div>Brands like yours save about 40% on shipping in the first"
    " quarter.</div><div>Cheers,<br>Ryan</div>"
)
MARTA_ANSWERS = (
    "<div>Hola Ryan, te contesto entre líneas.</div><div>Marta</div><hr>"
    "<div><b>De:</b> Ryan Park &lt;ryan@shipquill.test&gt;<br><b>Enviado:</b> lunes, 17 de"
    " marzo de 2025 9:05<br><b>Para:</b> Marta Gil &lt;mgil@ribera.test&gt;<br><b>Asunto:</b>"
    " Shipping labels</div><div>Hi Marta,</div><div>Quick one: how many hours a week does your"
    " team spend printing shipping labels?</div><div>[MG] Unas 12 horas a la semana, entre dos"
    " personas del almacén.</div><div>Brands like yours save about 40% on shipping in the first"
    " quarter.</div><div>[MG] ¿Un 40%? Me cuesta creerlo.</div><div>Cheers,<br>Ryan</div>"
)


def _ryan_answer(inside: str = "") -> str:
    return (
        "<div>Hi Marta,</div><div>Zapatería Lúa in Vigo cut its costs by 31% in three months."
        "</div><div>Ryan</div>"
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Mar 17, 2025 at 1:22 PM Marta'
        ' Gil &lt;mgil@ribera.test&gt; wrote:<br></div><blockquote class="gmail_quote">'
        f"{MARTA_ANSWERS.replace('Brands like', inside + 'Brands like', 1)}</blockquote></div>"
    )


def test_initialled_answers_an_earlier_message_gave_fold_with_the_quote() -> None:
    r = render_body(_ryan_answer(), is_html=True, history=[MARTA_ANSWERS, STEP])
    text = shown(r)
    assert "Zapatería Lúa in Vigo" in text
    assert "[MG]" not in text and "Unas 12 horas" in folded(r)


def test_new_initialled_answers_in_a_quoted_thread_stay_shown() -> None:
    # Typed in this message under a quoted question: no earlier message holds it.
    new = "<div>[RP] Yes, we also support Correos Express labels.</div>"
    inside = "<div>Does it work with Correos Express?</div>" + new
    r = render_body(_ryan_answer(inside), is_html=True, history=[MARTA_ANSWERS, STEP])
    assert "[RP] Yes, we also support Correos Express labels." in shown(r)
    # Without the conversation nothing tells the old answers from new ones: they show.
    alone = render_body(_ryan_answer(), is_html=True)
    assert "[MG] Unas 12 horas a la semana" in shown(alone)
