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


# 5. Outlook's empty appendonsend marker above new text --------------------------------------


def outlook_365(marker_first: bool, history: bool = True) -> str:
    """Outlook for Microsoft 365: `<div id="appendonsend">`, the new text and the Signature
    container, then (or not) the forwarded mail under its bordered header block."""
    marker = '<div id="appendonsend"></div>'
    forwarded = (
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        "<p><b>From:</b> Dana Whitfield &lt;dana@freightwise.test&gt;<br><b>Sent:</b> Tuesday, "
        "March 4, 2025 8:41 AM<br><b>To:</b> Megan Doyle &lt;m@northgate.test&gt;<br>"
        "<b>Subject:</b> Carrier invoice audit</p></div><p>Hi Megan, worth a 15-minute call "
        "next week about your carrier invoices?</p><p>Dana Whitfield</p>"
    )
    return (
        '<div class="WordSection1">'
        + (marker if marker_first else "")
        + "<p>Raj, can you take a look at this before the Q1 review?</p><p>Thanks,</p>"
        '<p>Megan</p><div id="Signature"><p>Megan Doyle | VP Operations<br>Northgate '
        "Logistics, Inc.</p></div>"
        + ("" if marker_first else marker + '<hr style="display:inline-block;width:98%">')
        + (forwarded if history else "")
        + "</div>"
    )


def test_a_signature_container_under_the_appendonsend_marker_folds() -> None:
    r = render_body(outlook_365(marker_first=True), is_html=True)
    assert "Raj, can you take a look at this" in shown(r)
    assert "VP Operations" not in shown(r)
    assert "worth a 15-minute call" in folded(r)


def test_the_history_after_the_marker_and_its_rule_still_folds() -> None:
    # the usual place: the marker and Outlook's <hr> right above the history
    r = render_body(outlook_365(marker_first=False), is_html=True)
    assert "Raj, can you take a look at this" in shown(r)
    assert "worth a 15-minute call" in folded(r)


def test_text_under_the_marker_with_no_history_shows() -> None:
    # near miss: the marker alone is no history, the text under it is the sender's
    r = render_body(outlook_365(marker_first=True, history=False), is_html=True)
    assert "Raj, can you take a look at this" in shown(r)
    assert "Megan" in shown(r)


# 6. A linked banner between the signature and the legal notice ------------------------------


def test_a_linked_banner_above_a_glued_notice_shows_and_the_notice_folds() -> None:
    body = (
        '<div class="WordSection1"><p class="MsoNormal">Hoi Tim,</p><p class="MsoNormal">Volgende '
        'week dinsdag kan ik bellen.</p><p class="MsoNormal">Groet,</p><p class="MsoNormal">'
        "Sanne de Wit<br>Planning &amp; Operations | Dekker Installatietechniek B.V.<br>"
        'Nijverheidsweg 44, 3534 AM Utrecht</p><p class="MsoNormal"><a href="https://dekker.test'
        '/vacatures"><img src="cid:1" alt="Wij zoeken monteurs! Bekijk onze vacatures"></a></p>'
        '<p class="MsoNormal"><span style="color:#7F7F7F">Dit e-mailbericht is vertrouwelijk en '
        "uitsluitend bestemd voor de geadresseerde(n). Indien u dit bericht onterecht ontvangt, "
        "wordt u "
        "verzocht de afzender direct te informeren.</span></p>"
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>Van:'
        "</b> Tim Vermeulen<br><b>Verzonden:</b> maandag 10 maart 2025 09:30<br><b>Aan:</b> "
        "Sanne de Wit<br><b>Onderwerp:</b> Roosteren</p></div><p>Zullen we bellen?</p></div>"
    )
    r = render_body(body, is_html=True)
    assert "Bekijk onze vacatures" in shown(r)  # a banner's meaningful alt shows
    assert "geadresseerde" not in shown(r)
    assert "Zullen we bellen?" in folded(r)


# 7. A mobile client's link under its footer ------------------------------------------------


BBWORK = (
    "Pablo, buenas.\n\nLe echo un vistazo esta semana.\n\nJavier\n\n"
    "Enviado desde BlackBerry Work\n{link}\n\n"
    "De: Carmen Ruiz <cruiz@alcor.test>\nFecha: lunes, 10 de marzo de 2025, 9:12\n"
    "Para: Javier Ortega <jortega@alcor.test>\nAsunto: RE: Gestión de contratos\n\n"
    "Javier, te reenvío lo de Clauseo.\n"
)


@pytest.mark.parametrize("link", ["(www.blackberry.com)", "<https://aka.ms/o0ukef>"])
def test_the_client_link_under_a_mobile_footer_folds_with_it(link: str) -> None:
    r = render_body(BBWORK.format(link=link), is_html=False)
    assert "Le echo un vistazo" in shown(r)
    assert "BlackBerry" not in shown(r)
    assert "te reenvío" in folded(r)


def test_a_sentence_under_a_mobile_footer_still_shows() -> None:
    # near miss: words of the lead's own under the footer make it no trailing fold
    text = BBWORK.format(link="Mañana te llamo para cerrarlo.")
    r = render_body(text, is_html=False)
    assert "Mañana te llamo para cerrarlo." in shown(r)


# 8. A legal heading glued under a signature's title and address -----------------------------

ZOOM = (
    "Hi Nora,\n\nRoom 4B on the 12th floor is booked for Thursday's vendor review.\n\n"
    "Best regards,\nKaren Wu\nExecutive Assistant to Michael Grant, CFO\n"
    "Atlas Ridge Insurance | 200 Park Plaza, Boston, MA 02116\n{notice}\n"
)


def test_a_glued_heading_notice_folds_and_the_title_above_shows() -> None:
    notice = (
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are for the exclusive and "
        "confidential use of the intended recipient. If you are not the intended recipient, "
        "please do not read, distribute or take action in reliance upon this message."
    )
    r = render_body(ZOOM.format(notice=notice), is_html=False)
    assert "Executive Assistant to Michael Grant, CFO" in shown(r)
    assert "200 Park Plaza" in shown(r)
    assert "exclusive and confidential use" not in shown(r)


def test_a_glued_heading_without_legal_wording_shows() -> None:
    # near miss: a heading alone glued under the signature is one signal, not two
    r = render_body(ZOOM.format(notice="Disclaimer: views are my own."), is_html=False)
    assert "views are my own" in shown(r)


# 9. Notes' dashed "Forwarded by" line over its header table --------------------------------

NOTES = (
    "Hallo Herr Schäfer,\n\nanbei die Anfrage unseres Einkaufs.\n\nMit freundlichen Grüßen\n"
    "Klaus Weber\n{line}\n\nBirgit Kühn/EK/BRENNER\n\n13.03.2025 16:05\n\nAn\n"
    "Klaus Weber/IT/BRENNER@BRENNER\nKopie\n\nThema\nLaptops für Außendienst\n\n"
    "Hallo Klaus, wir brauchen bis Ende April ein Angebot für 40 Laptops.\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "----- Weitergeleitet von Klaus Weber/IT/BRENNER am 14.03.2025 09:41 -----",
        "----- Forwarded by Klaus Weber/IT/BRENNER on 03/14/2025 09:41 AM -----",
    ],
)
def test_the_notes_forward_line_folds_with_the_header_under_it(line: str) -> None:
    r = render_body(NOTES.format(line=line), is_html=False)
    assert "anbei die Anfrage" in shown(r)
    assert "Weitergeleitet" not in shown(r) and "Forwarded by" not in shown(r)
    assert "40 Laptops" in folded(r)


def test_a_dashed_forwarded_by_line_with_no_notes_header_shows() -> None:
    # near miss: the same line with no Notes header under it is no history's start
    text = "Hi Bob,\n\n----- Forwarded by Klaus on Monday -----\n\nPlease read it soon.\n"
    r = render_body(text, is_html=False)
    assert "Forwarded by Klaus on Monday" in shown(r)
    assert "Please read it soon." in shown(r)
