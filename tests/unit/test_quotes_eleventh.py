"""Folding that never hides the lead's words: the classes of issue 23's eleventh round (answers
labelled "Svar:" under the unmarked questions of an Outlook quote after the writer announced
them, images' alt texts quoted back as "[LinkedIn] [XING]", a server's "think before you print"
line under the history, company register lines and glued legal notices under the signature).

Each body is built from what the named client writes; `shown` is what the reader shows before
anything is unfolded. test_quotes.py, test_quotes_sales.py and test_quotes_tenth.py hold the
earlier rounds.
"""

from __future__ import annotations

import pytest

from lemtui.mail.render import RenderedBody, render_body


def shown(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if not block.folded)


def folded(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if block.folded)


def script(r: RenderedBody) -> str:
    return r.text_for("strip")


# 1. Labelled answers under an Outlook quote's unmarked questions, announced above it --------


def outlook_same_style(announcement: str, quoted: list[str], labels: tuple[str, str]) -> str:
    """An Outlook 2016 reply: the new text, the bordered header block, then the quoted body as
    plain MsoNormal paragraphs (no mark at all), with the answers typed among them."""
    paragraphs = "".join(f'<p class="MsoNormal">{line or "&nbsp;"}</p>' for line in quoted)
    return (
        '<div class="WordSection1"><p class="MsoNormal">Hi Johan,</p>'
        '<p class="MsoNormal">&nbsp;</p>'
        f'<p class="MsoNormal">{announcement}</p><p class="MsoNormal">&nbsp;</p>'
        '<p class="MsoNormal">Regards</p><p class="MsoNormal">Maria</p>'
        '<p class="MsoNormal">&nbsp;</p><div><div style="border:none;border-top:solid #E1E1E1 '
        '1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">'
        f"<b>{labels[0]}</b> Johan Ek &lt;johan.ek@ruttify.test&gt;<br>"
        f"<b>{labels[1]}</b> den 12 mars 2025 14:05<br>"
        "<b>To:</b> Maria Berg &lt;maria.berg@nordfrakt.test&gt;<br>"
        "<b>Subject:</b> A few questions before the demo</p></div></div>"
        f'<p class="MsoNormal">&nbsp;</p>{paragraphs}</div>'
    )


def questions(label: str) -> list[str]:
    return [
        "Hi Maria,",
        "",
        "Thanks for the call. A few questions so I can prepare the demo:",
        "How many vehicles do you run today?",
        f"{label} 62 light trucks and 14 service vans.",
        "Which systems do we need to integrate with?",
        f"{label} Visma for payroll and our own order system.",
        "",
        "Have a nice day!",
        "Johan Ek",
        "Ruttify AB",
    ]


@pytest.mark.parametrize(
    ("announcement", "label", "header"),
    [
        ("Se mina svar direkt i texten nedan.", "Svar:", ("Från:", "Skickat:")),
        ("My answers are inline below.", "Answer:", ("From:", "Sent:")),
        ("Mes réponses dans le texte ci-dessous.", "Réponse :", ("De :", "Envoyé :")),
        ("Antworten unten im Text.", "A:", ("Von:", "Gesendet:")),
    ],
)
def test_labelled_answers_under_unmarked_questions_show_when_announced(
    announcement: str, label: str, header: tuple[str, str]
) -> None:
    r = render_body(
        outlook_same_style(announcement, questions(label), header), is_html=True, history=()
    )
    for words in ("62 light trucks and 14 service vans.", "Visma for payroll"):
        assert words in shown(r)
        assert words in script(r)
    assert "How many vehicles do you run today?" in shown(r)  # the question keeps its answer
    assert "Ruttify AB" in folded(r)  # the quoted sign-off after the last answer folds


def test_labelled_lines_without_an_announcement_stay_quoted() -> None:
    # near miss: a quoted Q&A ("Answer: …" under each question) is the quoted sender's own
    body = outlook_same_style("Thanks, see you Thursday.", questions("Answer:"), ("From:", "Sent:"))
    r = render_body(body, is_html=True)
    assert "Thanks, see you Thursday." in shown(r)
    assert "62 light trucks" in folded(r)


def test_unlabelled_lines_under_unmarked_questions_stay_quoted() -> None:
    # near miss: announced, but an unmarked line under an Outlook quote's question has no
    # second sign of being typed now (text pasted in black is not told from an answer)
    lines = [line.removeprefix("Answer: ") for line in questions("Answer:")]
    body = outlook_same_style("My answers are inline below.", lines, ("From:", "Sent:"))
    r = render_body(body, is_html=True)
    assert "My answers are inline below." in shown(r)
    assert "62 light trucks" in folded(r)


def test_a_label_not_under_a_question_stays_quoted() -> None:
    # near miss: "Answer:" under a statement is the quoted text's own wording
    lines = [
        "Hi Maria,",
        "We need two things from you before the demo.",
        "Answer: the form below covers both of them.",
        "",
        "Johan Ek",
    ]
    body = outlook_same_style("My answers are inline below.", lines, ("From:", "Sent:"))
    r = render_body(body, is_html=True)
    assert "the form below covers both" in folded(r)


# 2. Images' alt texts quoted back as "[LinkedIn] [XING]" ---------------------------------------

EARLIER = (
    '<p class="MsoNormal">Sehr geehrter Herr Reiter,</p>'
    '<p class="MsoNormal">Frau Dr. Hartmann ist diese Woche auf der Hannover Messe, und sie hat '
    "mich gebeten, Ihnen zu antworten.</p>"
    '<p class="MsoNormal">Passt Ihnen Dienstag, der 18. März, um 10:00 Uhr für die Demo?</p>'
    '<p class="MsoNormal">Mit freundlichen Grüßen</p><p class="MsoNormal">Petra Lang</p>'
    '<p class="MsoNormal">Assistenz der Geschäftsführung</p>'
    '<p class="MsoNormal"><a href="https://linkedin.test/x"><img src="cid:a" alt="LinkedIn"></a>'
    ' <a href="https://xing.test/x"><img src="cid:b" alt="XING"></a></p>'
)


def gmail_reply_quoting(last_quoted: str) -> str:
    """Our Gmail reply quoting the assistant's message, her icons flattened as Gmail does."""
    return (
        '<div dir="ltr"><div>Guten Tag Frau Lang,</div><div><br></div><div>Dienstag passt gut, '
        "die Einladung geht gleich raus.</div><div><br></div><div>Viele Grüße</div>"
        '<div>Jonas Reiter</div></div><br><div class="gmail_quote"><div dir="ltr" '
        'class="gmail_attr">Am Mi., 5. März 2025 um 11:02 Uhr schrieb Petra Lang &lt;'
        'p.lang@hartmann-mb.test&gt;:<br></div><blockquote class="gmail_quote" '
        'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
        'padding-left:1ex"><div>Sehr geehrter Herr Reiter,</div><div><br></div>'
        "<div>Frau Dr. Hartmann ist diese Woche auf der Hannover Messe, und sie hat mich "
        "gebeten, Ihnen zu antworten.</div><div><br></div><div>Passt Ihnen Dienstag, der 18. "
        "März, um 10:00 Uhr für die Demo?</div><div><br></div><div>Mit freundlichen Grüßen"
        "</div><div>Petra Lang</div><div>Assistenz der Geschäftsführung<br>"
        f"{last_quoted}</div></blockquote></div>"
    )


@pytest.mark.parametrize("icons", ["[LinkedIn] [XING]", "[LinkedIn][XING][Website]", "[Logo]"])
def test_quoted_icon_alts_are_no_answer(icons: str) -> None:
    r = render_body(gmail_reply_quoting(icons), is_html=True, history=[EARLIER])
    assert "Dienstag passt gut" in shown(r)
    assert "Hannover Messe" in folded(r)
    assert "LinkedIn" not in shown(r)


def test_a_typed_line_after_the_quoted_icons_still_shows() -> None:
    # near miss: an answer typed inside the quote, with words of its own, stays new text
    last = "[LinkedIn] [XING]<br>Herr Brandt kommt auch dazu, bitte laden Sie ihn ein."
    r = render_body(gmail_reply_quoting(last), is_html=True, history=[EARLIER])
    assert "Herr Brandt kommt auch dazu" in shown(r)


# 3. A server's "think before you print" line under the whole history ------------------------


def owa_reply_with_server_footer(footer: str) -> str:
    """Outlook on the web: the reply, its divRplyFwdMsg header and quote, and the grey
    disclaimer an Exchange transport rule appends under everything."""
    return (
        '<div style="font-family:Calibri">Bonjour Madame Fontaine,<br><br>Je transmets à Mme '
        "Caron, responsable RH, que je mets en copie.<br><br>Cordialement,<br>Bertrand Girard"
        '</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr">'
        '<font face="Calibri" color="#000000"><b>De :</b> Léa Fontaine &lt;lea@onbordo.test'
        "&gt;<br><b>Envoyé :</b> mardi 11 mars 2025 09:05<br><b>À :</b> Bertrand Girard &lt;"
        "b.girard@veloce.test&gt;<br><b>Objet :</b> Formation de vos exploitants</font>"
        "<div>&nbsp;</div></div><div><div>Bonjour Monsieur Girard,</div><div>Chez Onbordo, "
        "nous réduisons ce délai de moitié grâce à des parcours de formation courts.</div>"
        "<div>Auriez-vous un créneau de 20 minutes jeudi ou vendredi ?</div><div>Léa Fontaine"
        '</div></div><p style="font-family:Arial;font-size:8pt;color:#808080">Ce message et '
        "toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de "
        "ses destinataires. Si vous avez reçu ce message par erreur, merci d'en avertir "
        f"immédiatement l'expéditeur.<br>{footer}</p>"
    )


EARLIER_PITCH = (
    "<p>Bonjour Monsieur Girard,</p><p>Chez Onbordo, nous réduisons ce délai de moitié grâce à "
    "des parcours de formation courts.</p><p>Auriez-vous un créneau de 20 minutes jeudi ou "
    "vendredi ?</p><p>Léa Fontaine</p>"
)


@pytest.mark.parametrize(
    "footer",
    [
        "Pensez à l'environnement avant d'imprimer ce message.",
        "Please consider the environment before printing this email.",
    ],
)
def test_a_trailing_print_footer_under_the_history_folds_with_it(footer: str) -> None:
    r = render_body(owa_reply_with_server_footer(footer), is_html=True, history=[EARLIER_PITCH])
    assert "que je mets en copie" in shown(r)
    assert "Auriez-vous un créneau" in folded(r)
    assert "environ" not in shown(r)


def test_a_grey_line_about_printing_that_is_no_footer_stays_shown() -> None:
    # near miss: a line in the grey style that speaks of printing but not of the environment
    # and "before": typed words, the lead's
    line = "Nous imprimons les plannings chaque lundi matin pour les exploitants."
    r = render_body(owa_reply_with_server_footer(line), is_html=True, history=[EARLIER_PITCH])
    assert "Nous imprimons les plannings" in shown(r)


# 4. Company register lines and a legal notice glued under the signature ---------------------


def outlook_reply_with_footer(footer: str, after: str = "") -> str:
    """An Outlook 2016 reply: text, a typed signature with icons, the grey footer, then the
    quoted campaign under the header block."""
    return (
        '<div class="WordSection1"><p class="MsoNormal">Sehr geehrter Herr Reiter,</p>'
        '<p class="MsoNormal">Passt Ihnen Dienstag, der 18. März, um 10:00 Uhr?</p>'
        '<p class="MsoNormal">Mit freundlichen Grüßen</p><p class="MsoNormal">Petra Lang<br>'
        "Assistenz der Geschäftsführung<br>Tel. +49 711 4820-115</p>"
        '<p class="MsoNormal"><a href="https://linkedin.test/h"><img alt="LinkedIn" '
        'src="cid:2"></a></p>'
        f'<p class="MsoNormal"><span style="color:gray">{footer}</span></p>{after}'
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal">'
        "<b>Von:</b> Jonas Reiter &lt;jonas@flowbase.test&gt;<br><b>Gesendet:</b> Dienstag, "
        "4. März 2025 09:14<br><b>An:</b> Dr. Sabine Hartmann &lt;s@hartmann.test&gt;<br>"
        "<b>Betreff:</b> Wartungsplanung</p></div>"
        '<p class="MsoNormal">Guten Tag Frau Dr. Hartmann, hätten Sie nächste Woche 20 Minuten '
        "für einen kurzen Austausch?</p></div>"
    )


IMPRESSUM = (
    "Hartmann Maschinenbau GmbH · Industriestraße 12 · 70565 Stuttgart<br>"
    "Sitz der Gesellschaft: Stuttgart · Registergericht: Amtsgericht Stuttgart HRB 734512<br>"
    "Geschäftsführer: Dr. Sabine Hartmann · USt-IdNr.: DE 812 345 678<br>"
    "Diese E-Mail kann vertrauliche Informationen enthalten. Wenn Sie nicht der richtige "
    "Adressat sind, informieren Sie bitte den Absender."
)
AVISO = (
    "AVISO LEGAL: Esta mensagem pode conter informações confidenciais. Em conformidade com a "
    "Lei Geral de Proteção de Dados, caso você não seja o destinatário, notifique o remetente "
    "e apague esta mensagem."
)


@pytest.mark.parametrize("footer", [IMPRESSUM, AVISO])
def test_register_lines_and_a_glued_notice_under_the_signature_fold(footer: str) -> None:
    r = render_body(outlook_reply_with_footer(footer), is_html=True)
    assert "Passt Ihnen Dienstag" in shown(r)
    assert "Petra Lang" in shown(r)  # the typed signature block shows
    assert "Guten Tag Frau Dr. Hartmann" in folded(r)
    for word in ("Registergericht", "Adressat", "AVISO", "destinatário"):
        assert word not in shown(r)


@pytest.mark.parametrize("footer", [IMPRESSUM, AVISO])
def test_new_text_after_the_footer_keeps_it_shown(footer: str) -> None:
    # near miss: a fold is trailing; a P.S. typed under the footer shows, and the footer too
    ps = '<p class="MsoNormal">P.S. Herr Brandt aus der Instandhaltung kommt auch.</p>'
    r = render_body(outlook_reply_with_footer(footer, ps), is_html=True)
    assert "Herr Brandt aus der Instandhaltung kommt auch" in shown(r)
    assert footer.split("<br>")[0][:30] in shown(r)


def test_a_sentence_naming_the_register_court_is_text() -> None:
    # near miss: one register word in a typed sentence, under a greeting, is no footer
    body = (
        "<p>Hallo Herr Reiter,</p><p>unser Sitz der Gesellschaft zieht im Mai nach Esslingen um, "
        "bitte schicken Sie die Rechnung dann an die neue Adresse.</p><p>Viele Grüße<br>Petra</p>"
    )
    r = render_body(body, is_html=True)
    assert "Sitz der Gesellschaft zieht im Mai" in shown(r)
