"""Folding that never hides the lead's words: the classes of issue 23's tenth round (answers a
lead typed under our questions in the quote's own style after saying so, answers typed between
the ">" runs of a history under an original-message separator).

Each body is built from what the named client writes; `shown` is what the reader shows before
anything is unfolded. test_quotes.py and test_quotes_sales.py hold the earlier rounds.
"""

from __future__ import annotations

import pytest

from lemtui.mail.render import RenderedBody, render_body


def shown(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if not block.folded)


def folded(r: RenderedBody) -> str:
    return "\n\n".join(block.text for block in r.blocks if block.folded)


# 1. Answers in the quote's own style, under its questions, announced above the quote --------


def gmail_inline(announcement: str, quoted: list[str]) -> str:
    """A Gmail reply: the new text, then the gmail_quote with each quoted line a div."""
    divs = "".join(f"<div>{line}</div>" if line else "<div><br></div>" for line in quoted)
    return (
        f'<div dir="ltr"><div>Hi Megan,</div><div><br></div><div>{announcement}</div>'
        "<div><br></div><div>Jake</div></div><br>"
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Wed, Mar 11, 2026 at '
        "3:18 PM Megan Ruiz &lt;megan@tablewise.test&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
        f'rgb(204,204,204);padding-left:1ex"><div dir="ltr">{divs}</div></blockquote></div>'
    )


QUESTIONS = [
    "Hi Jake,",
    "",
    "To scope the rollout I need two things:",
    "",
    "1. How many locations will go live in the first wave?",
    "Four: Dayton, Columbus, Toledo and Akron.",
    "",
    "2. Who signs off on the contract on your side?",
    "Our COO, Linda Park. I will loop her in once we have pricing.",
    "",
    "Thanks!",
    "Megan Ruiz",
    "Account Executive, Tablewise",
]


@pytest.mark.parametrize(
    "announcement",
    [
        "Answers inline below.",
        "See my answers below.",
        "I replied inline, in the text.",
        "Réponses dans le texte ci-dessous.",
        "Meine Antworten stehen unten im Text.",
        "Respuestas abajo, entre líneas.",
        "Odpowiedzi poniżej.",
        "Svaren nedan.",
        "Ответы ниже.",
        "回答は以下の通りです。",
        "回复如下。",
    ],
)
def test_announced_answers_under_quoted_questions_show(announcement: str) -> None:
    r = render_body(gmail_inline(announcement, QUESTIONS), is_html=True)
    text = shown(r)
    assert "Four: Dayton, Columbus, Toledo and Akron." in text
    assert "Our COO, Linda Park." in text
    assert "Who signs off on the contract" in text  # the question keeps its answer company
    assert "Account Executive" in folded(r)  # the quoted sign-off after the last answer
    assert "Four: Dayton" in r.text_for("strip")


def test_answer_after_a_blank_line_under_the_question_shows() -> None:
    quoted = [*QUESTIONS[:5], "", "Four of them, Dayton first.", "", "Thanks!", "Megan Ruiz"]
    r = render_body(gmail_inline("Answers inline.", quoted), is_html=True)
    assert "Four of them, Dayton first." in shown(r)
    assert "Megan Ruiz" in folded(r)


def test_without_an_announcement_a_quoted_q_and_a_stays_history() -> None:
    # Near miss: the quoted mail itself asks and answers (an FAQ); the reply says nothing of
    # answers, so the line under the question is the quoted sender's, folded.
    r = render_body(gmail_inline("Sounds good, talk soon.", QUESTIONS), is_html=True)
    assert "Four: Dayton" in folded(r)
    assert "Four: Dayton" not in shown(r)


def test_announcement_but_no_question_in_the_quote_folds_it() -> None:
    # Near miss: nothing in the quote sits under a question; the quote is trailing history.
    quoted = ["Hi Jake,", "", "Here is the deck from today.", "", "Thanks!", "Megan Ruiz"]
    r = render_body(gmail_inline("Comments inline below.", quoted), is_html=True)
    assert "Here is the deck" in folded(r)


def test_a_sign_off_after_a_blank_under_a_question_is_no_answer() -> None:
    # Near miss: the quoted mail ends with a question then its sign-off: "Best," is no answer.
    quoted = ["Hi Jake,", "", "Does Tuesday work for you?", "", "Best,", "Megan Ruiz"]
    r = render_body(gmail_inline("Answers inline below.", quoted), is_html=True)
    assert "Best," in folded(r)
    assert "Tuesday" in folded(r)


def test_a_sentence_that_mentions_answers_elsewhere_is_no_announcement() -> None:
    # Near miss: "answers" and "below" in two sentences: no announcement, the quote folds.
    r = render_body(
        gmail_inline("I have no answers yet. Talk below the fold.", QUESTIONS), is_html=True
    )
    assert "Four: Dayton" in folded(r)


@pytest.mark.parametrize("line", ["Megan Ruiz", "Best,", "Sales | help@tablewise.test"])
def test_a_name_sign_off_or_contact_line_under_a_question_is_no_answer(line: str) -> None:
    quoted = ["Hi Jake,", "", "Does Tuesday work for you?", line, "", "Thanks!"]
    r = render_body(gmail_inline("Answers inline below.", quoted), is_html=True)
    assert line not in shown(r)


def test_a_line_the_conversation_holds_is_the_quoted_messages_own() -> None:
    earlier = "<p>Hi Jake,</p><p>Does Tuesday work for you? We have the room all afternoon.</p>"
    quoted = ["Hi Jake,", "", "Does Tuesday work for you?", "We have the room all afternoon."]
    body = gmail_inline("Answers inline below.", quoted)
    assert "We have the room" in shown(render_body(body, is_html=True))
    assert "We have the room" in folded(render_body(body, is_html=True, history=[earlier]))


# 2. Answers between the ">" runs of a history under an original-message separator -----------

YAHOO_JP = (
    "山本様\n\nご質問にお答えします。\n\n----- Original Message -----\n"
    '> From: "山本 翔太" <yamamoto@kintai.test>\n> To: "森田 由美" <morita@hanasaki-kai.test>\n'
    "> Date: 2025/4/8 10:05\n> Subject: ご案内\n>\n> 森田様\n>\n"
    "> 1. 現在の職員数は何名でしょうか。\n\n介護職員が62名、事務が8名です。\n\n"
    "> 2. シフトは紙で管理されていますか。\n\nはい、紙とExcelの併用です。\n\n"
    ">\n> 山本 翔太\n\nよろしくお願いします。\n\n森田 由美\n"
)


def test_answers_between_marked_history_under_a_separator_show() -> None:
    r = render_body(YAHOO_JP, is_html=False)
    text = shown(r)
    for line in (
        "介護職員が62名",
        "はい、紙とExcelの併用です。",
        "よろしくお願いします。",
        "森田 由美",
    ):
        assert line in text
    assert "Original Message" in text  # between new lines: inline, shown


@pytest.mark.parametrize(
    "separator", ["-----Original Message-----", "-------- Original message --------"]
)
def test_marked_history_under_a_separator_still_folds_when_trailing(separator: str) -> None:
    body = (
        f"Yes, Tuesday works.\n\n{separator}\n> From: Bob <b@x.test>\n"
        "> Sent: Monday, March 3, 2025 9:14 AM\n> Subject: Meeting\n>\n> Can we meet Tuesday?\n"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Yes, Tuesday works."
    assert "Can we meet Tuesday?" in folded(r)


def test_unmarked_history_under_a_separator_still_folds_to_the_end() -> None:
    # Near miss: the header under the separator bears no ">": the old reading, history to the
    # end, unmarked lines included (Outlook's plain text).
    body = (
        "Yes, Tuesday works.\n\n-----Original Message-----\nFrom: Bob <b@x.test>\n"
        "Sent: Monday, March 3, 2025 9:14 AM\nSubject: Meeting\n\nCan we meet Tuesday?\n\n"
        "> older quoted line\n\nBob\n"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Yes, Tuesday works."
    assert "Bob" in folded(r)


# 3. Apple Mail's Polish "Wiadomość napisana przez … w dniu …:" and "iPhone’a" ----------------

APPLE_PL = (
    '<div dir="ltr">Proszę o telefon w czwartek.</div><div dir="ltr"><br></div>'
    '<div dir="ltr">Pozdrawiam<br>PW</div><div dir="ltr"><br></div>'
    '<div dir="ltr">{footer}</div><div dir="ltr"><br><blockquote type="cite">{attribution}'
    '<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">Dzień dobry Panie '
    "Piotrze,<br>zanotowałam i odezwę się 1 kwietnia.<br>Agnieszka Zielińska</div></blockquote>"
)
PL_ATTRIBUTION = (
    "Wiadomość napisana przez Agnieszka Zielińska &lt;agnieszka@kadrix.test&gt; w dniu "
    "1 kwi 2026, o godz. 09:02:"
)


@pytest.mark.parametrize("footer", ["Wysłane z iPhone’a", "Wysłane z iPhone'a"])
def test_apple_mail_polish_attribution_and_footer_fold(footer: str) -> None:
    r = render_body(APPLE_PL.format(footer=footer, attribution=PL_ATTRIBUTION), is_html=True)
    assert shown(r) == "Proszę o telefon w czwartek.\n\nPozdrawiam\nPW"
    assert "Wiadomość napisana przez" in folded(r) and "zanotowałam" in folded(r)


@pytest.mark.parametrize(
    "footer", ["Gönderildi iPhone’umdan", "iPhone’umdan gönderildi", "Saadetud minu iPhone’ist"]
)
def test_device_footers_with_a_typographic_apostrophe_fold(footer: str) -> None:
    body = f"Tamam, perşembe olur.\n\n{footer}\n\n> Perşembe uygun mu?\n"
    r = render_body(body, is_html=False)
    if footer.startswith("Gönderildi"):  # no such wording: a near miss, shown as typed
        assert footer in shown(r)
    else:
        assert shown(r) == "Tamam, perşembe olur."


@pytest.mark.parametrize(
    "line",
    [
        "Wiadomość napisana przez nas w dniu wczorajszym: prosimy o odpowiedź",
        "Napisana przez Annę w dniu ślubu, ta piosenka:",
    ],
)
def test_a_sentence_in_the_written_by_shape_is_no_attribution(line: str) -> None:
    # Near misses: no date in it, or words of a sentence instead of a name: the text shows.
    body = f"<div>Dzień dobry,</div><div>{line}</div><blockquote>Tekst cytatu.</blockquote>"
    r = render_body(body, is_html=True)
    assert line.split(":")[0] in shown(r)
    assert "Tekst cytatu." in shown(r)


# 4. A pasted earlier message's greeting and sign-off go with it -------------------------------

SV_EARLIER = (
    "<p>Hej Linnea,</p><p>Jag svarar för Anders räkning medan han är ledig. Han vill gärna "
    "höra mer och ber mig boka ett möte vecka 13.</p><p>Passar tisdag 24 mars kl. 13.00 på "
    "Teams?</p><p>Vänliga hälsningar</p><p>Emma Berg<br>Assistent till CFO</p>"
)
SV_PASTED = (
    "Hej Linnea,\n\nJag svarar för Anders räkning medan han är ledig. Han vill gärna höra mer "
    "och ber mig boka ett möte vecka 13.\n\nPassar tisdag 24 mars kl. 13.00 på Teams?\n\n"
    "Vänliga hälsningar\n\nEmma Berg\nAssistent till CFO\n"
)


def test_a_pasted_messages_greeting_and_sign_off_fold_with_it() -> None:
    body = (
        "Hej Linnea,\n\nJag vill bara påminna om frågan nedan, hör gärna av dig.\n\n"
        f"Hälsningar\nEmma\n\n\n{SV_PASTED}"
    )
    r = render_body(body, is_html=False, history=[SV_EARLIER])
    assert shown(r) == (
        "Hej Linnea,\n\nJag vill bara påminna om frågan nedan, hör gärna av dig.\n\n"
        "Hälsningar\nEmma"
    )


def test_the_writers_name_over_a_paste_that_greets_them_stays() -> None:
    # Near miss: the earlier message greets "Daan," right before the pasted words, and the
    # writer signs "Daan" right above them: no greeting's line, so it is theirs.
    earlier = "<p>Daan,</p><p>Ja, bakfietsen kunnen ook, tot een fietsprijs van 7.500 euro.</p>"
    body = (
        "Hoi Sanne,\n\nGeldt dat ook voor bakfietsen met huif?\n\nDaan\n\n"
        "Ja, bakfietsen kunnen ook, tot een fietsprijs van 7.500 euro.\n"
    )
    r = render_body(body, is_html=False, history=[earlier])
    assert shown(r).endswith("Daan")
    assert "fietsprijs" in folded(r)


def test_a_greeting_that_starts_new_words_stays() -> None:
    # Near miss: the greeting heads the writer's own new text, not the copy.
    body = f"Hej Linnea,\n\nTack!\n\n{SV_PASTED}"
    r = render_body(body, is_html=False, history=[SV_EARLIER])
    assert shown(r) == "Hej Linnea,\n\nTack!"


# 5. Legal footers in Hebrew, Chinese, Japanese, Korean and Arabic; CJK ones are dense --------

OUTLOOK_PLAIN_HISTORY = (
    "\n\nFrom: Ronit <ronit@tzevet.test>\nSent: Tuesday, April 8, 2025 10:05 AM\n"
    "To: Yoav\nSubject: Offer\n\nHello Yoav, the offer is attached.\n"
)


@pytest.mark.parametrize(
    "notice",
    [
        "הודעה זו עשויה להכיל מידע חסוי ו/או מוגן על פי דין. אם קיבלת הודעה זו בטעות, אנא "
        "הודע לשולח ומחק אותה מהמערכת.",
        "本電子郵件及其附件可能含有機密資訊，僅供指定收件人使用。若您並非指定收件人，請勿使用、"
        "揭露或複製本郵件內容，並請立即通知寄件者後刪除。",
        "本邮件及其附件含有保密信息，仅限指定收件人使用。如果您误收本邮件，请立即删除。",
        "若您並非指定收件人，請勿使用、揭露或複製本郵件內容，並請立即通知寄件者後刪除。"
        "本郵件及其附件可能含有機密資訊。",
        "هذه الرسالة سرية ومخصصة فقط للمرسل إليه. إذا وصلتك بالخطأ يرجى حذفها فوراً.",
    ],
    ids=["he", "zh-tw", "zh-cn", "zh-no-opening", "ar"],
)
def test_legal_footers_under_a_signature_fold(notice: str) -> None:
    body = (
        f"Thanks, Sunday works.\n\nBest,\nYoav Levi\nOperations\n\n{notice}{OUTLOOK_PLAIN_HISTORY}"
    )
    r = render_body(body, is_html=False)
    assert shown(r) == "Thanks, Sunday works.\n\nBest,\nYoav Levi\nOperations"
    assert notice[:12] in folded(r)


@pytest.mark.parametrize(
    "line",
    ["הודעה זו נכתבה בחיפזון, סליחה על הקיצור.", "本邮件是关于下周会议的安排，请查收附件。"],
)
def test_a_sentence_opening_like_a_notice_with_no_legal_words_stays(line: str) -> None:
    # Near miss: "this message …" with no legal term: the writer's sentence.
    body = f"Thanks, Sunday works.\n\nBest,\nYoav Levi\nOperations\n\n{line}{OUTLOOK_PLAIN_HISTORY}"
    assert line in shown(render_body(body, is_html=False))
