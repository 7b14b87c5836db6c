"""Segment: a converted body split into new text, quoted history and signatures, and folded.

Input: the text of each container the tokenizer marked ("text", a "quote" container a mail
client wrote, a bare "blockquote", a "signature" container). Output: `Segment`s in body order,
each saying whether the reader folds it. The rules, in the order they apply:

1. Markup is a hint, not proof. A quote container's history starts at its first attribution
   ("On … wrote:", in a dozen languages and shapes), header block ("From: … Sent: …"), forward
   or original-message line, or ">" line; text before that is new text. A bare blockquote is a
   quote only after an attribution or when it repeats the conversation; otherwise it is an
   indented passage, shown as text.
2. Text-level signs split plain runs the same way: attributions, header blocks, ">" runs,
   "-- " signatures, whole-line mobile footers, legal footers. Each must look like what a
   client writes, not like a sentence: an attribution has a date or time and at most a name
   after its verb, a header block without From needs ">" quotes under it, ">50" is no quote.
3. Answers typed inside a quote are new text. The conversation, when known, decides first: a
   line of a quote it mostly holds that it does not hold is an answer. Then the look: under a
   header block or attribution, a whole line in a style the quoted text lacks (a colour, a
   highlight, bold: the tokenizer's style marks) that reads as typed words, or a line led by
   initials ("[KM] …"). A paragraph that copies an earlier message word for word is history.
4. Only trailing history folds: quotes after the last line of new text. A quote between new
   lines stays visible (inline), so answers keep their questions. A signature or footer ends
   where new text follows it (a P.S., a sentence), and then shows, unless it is a short block
   under a "-- " delimiter, which folds where it is.
5. Nothing folds everything: a body with no new text shows a forward's content as text, and
   otherwise shows its quotes, marked.

Every scan is bounded: lines are examined only where a regex pass found a candidate, style marks
are read once per line with a bounded stack, and the history check works on word shingles and
short lines (sets built once) of at most `MAX_HISTORY_CHARS`.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["History", "Segment", "segment"]

Kind = Literal["text", "quote", "signature"]
Mark = Literal["text", "quote", "blockquote", "signature"]


@dataclass(slots=True)
class Segment:
    """A run of the body and what the reader does with it."""

    kind: Kind
    text: str
    folded: bool = False
    forward: bool = False
    """A quote that starts with a forward line ("---------- Forwarded message ---------")."""
    marked: bool = False
    """A signature the mail client marked as the writer's own (not guessed from its text)."""
    delimited: bool = False
    """A short "-- " signature with new text after it: it folds where it is."""


# --------------------------------------------------------------------------------------------
# Line patterns

_INTRO = (
    r"On|Le|Am|El|Il|In\s+data|Em|No\s+dia|Op|W\s+dniu|Dnia|Den|D\.|Pe|Dne|On\s+\w+,|"
    r"---+\s*On|Le\s+\w+\.?|في"
)
_VERB = (
    r"wrote|writes|a\s+écrit|schrieb|escribió|ha\s+scritto|scrisse|escreveu|schreef"
    r"|geschreven|pisze|napisał(?:\(a\)|a)?|skrev|kirjoitti|írta|napsal(?:\(a\)|a)?"
    r"|пишет|написал(?:\(а\)|а|и)?|писал(?:\(а\)|а)?|كتب|כתב"
)
_STRONG_WROTE_RE = re.compile(
    rf"\s*(?:-{{2,}}\s*)?(?:{_INTRO})\b(?P<lead>.{{1,400}}?)(?:{_VERB})\b(?P<name>.{{0,200}}?)\s?:\s*",
    re.IGNORECASE,
)
_DATED_WROTE_RE = re.compile(
    rf"\s*(?P<lead>\d.{{0,300}}?)(?:{_VERB})\b(?P<name>.{{0,120}}?)\s?:\s*", re.IGNORECASE
)
_VERB_END_RE = re.compile(rf".{{0,400}}?(?:{_VERB})\b.{{0,120}}?\s?:\s*", re.IGNORECASE)
# Date-first attributions with no verb: `26.06.2014, 14:41, "Name" <a@b.c>:` (Yandex),
# `2014-06-26 14:41 GMT+02:00 Name <a@b.c>:` (older Gmail), Mail.ru's "…, 12:00 от Name <a@b>:".
_DATED_ADDRESS_RE = re.compile(
    r"\s*(?P<lead>\S.{0,300}?\d.{0,300}?)<?[^\s<>@]{1,64}@[^\s<>@]{1,255}>?\)?\s?:\s*",
    re.IGNORECASE,
)
# What makes those lines attributions and not sentences: a date or time before the verb or the
# address ("On Friday our CFO wrote down …:", "2 things Bob wrote …:" have neither) …
_DATE_RE = re.compile(r"\d{1,2}:\d\d|\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")
# … and after the verb at most a name and an address ("schrieb Jan Weber <j@x>:"), never words
# of a sentence ("wrote down the conditions:").
_NAME_NOISE_RE = re.compile(r"<[^<>]*>|\([^()]*\)|\"[^\"]*\"|\S+@\S+|\[\d+\]")
_NAME_PARTICLES = frozenset({"della", "dalla", "degli", "delle"})  # "de", "van": short
_DASHED_RE = re.compile(r"\s*-{2,}\s*(\S.{0,400}?)\s*-{2,}\s*")
_COLON_END_RE = re.compile(r":[ \t]*$", re.MULTILINE)  # a literal first: sre skips ahead fast
_ATTRIBUTION_END_RE = re.compile(
    rf"(?:\b(?:{_VERB})\b.{{0,120}}|@[^\s<>@]{{1,255}}>?\)?)\s?:[ \t]*", re.IGNORECASE
)

_FORWARD_WORDS = (
    r"forwarded\s+message|begin\s+forwarded\s+message|message\s+transféré"
    r"|début\s+du\s+message\s+réexpédié|weitergeleitete\s+nachricht"
    r"|anfang\s+der\s+weitergeleiteten\s+nachricht|mensaje\s+reenviado"
    r"|inicio\s+del\s+mensaje\s+reenviado|messaggio\s+inoltrato|inizio\s+messaggio\s+inoltrato"
    r"|mensagem\s+(?:re)?encaminhada|início\s+da\s+mensagem\s+(?:re)?encaminhada"
    r"|doorgestuurd\s+bericht|begin\s+doorgestuurd\s+bericht|пересылаемое\s+сообщение"
    r"|пересланное\s+сообщение|начало\s+переадресованного\s+сообщения"
    r"|wiadomość\s+przekazana|przekazana\s+wiadomość|vidarebefordrat\s+meddelande"
    r"|videresendt\s+meddelelse|videresendt\s+melding"
)
_ORIGINAL_WORDS = (
    r"original\s+message|message\s+d'origine|ursprüngliche\s+nachricht|original-nachricht"
    r"|mensaje\s+original|messaggio\s+originale|mensagem\s+original|oorspronkelijk\s+bericht"
    r"|исходное\s+сообщение|оригинальное\s+сообщение|oryginalna\s+wiadomość"
    r"|wiadomość\s+oryginalna|ursprungligt\s+meddelande|oprindelig\s+meddelelse"
    r"|opprinnelig\s+melding|原始邮件|原始郵件|元のメッセージ|원본\s*메시지|הודעה\s+מקורית"
    r"|الرسالة\s+الأصلية"
)
_SEPARATOR_RE = re.compile(
    rf"\s*[-_=*]*\s*(?:({_FORWARD_WORDS})|{_ORIGINAL_WORDS})\s*[-_=*]*\s*:?\s*", re.IGNORECASE
)

_HEADER_LABELS: dict[str, str] = {
    "from": r"From|De|Von|Da|Van|Från|Fra|От|Od|Lähettäjä|Feladó|Kimden"
    r"|发件人|寄件者|寄件人|差出人|送信者|보낸\s?사람|מאת|من|المرسل",
    "date": r"Sent|Date|Enviada\s+em|Enviado\s+em|Envoyé|Gesendet|Datum|Enviado|Enviada"
    r"|Inviato|Data|Verzonden|Fecha"
    r"|Отправлено|Дата|Wysłano|Wysłane|Skickat|Sendt|Dato|Lähetetty|Tarih"
    r"|发送时间|發送時間|日期|送信日時|日時|보낸\s?날짜|날짜|נשלח|תאריך|التاريخ|تاريخ\s+الإرسال"
    r"|تم\s+الإرسال",
    "to": r"To|À|A|An|Para|Aan|Кому|Do|Till|Til|Cc|Копия|Kopia|DW|Vastaanottaja|Kime"
    r"|收件人|抄送|宛先|받는\s?사람|참조|אל|עותק|إلى|نسخة",
    "subject": r"Subject|Objet|Sujet|Betreff|Asunto|Oggetto|Assunto|Onderwerp|Тема|Temat|Ämne"
    r"|Emne|Aihe|Konu|主题|主旨|件名|제목|נושא|الموضوع",
}
_HEADER_LINE_RES = {
    category: re.compile(rf"\s*\*{{0,2}}\s*(?:{labels})\s*\*{{0,2}}\s?[:：]", re.IGNORECASE)
    for category, labels in _HEADER_LABELS.items()
}
# A second header on the same line ("From: A  Date: B"): only the unambiguous long labels.
_INLINE_LABELS_RE = re.compile(
    r"\s\*{0,2}(Sent|Date|Envoyé|Gesendet|Datum|Enviado|Fecha|Отправлено|Дата|Subject|Objet"
    r"|Betreff|Asunto|Oggetto|Assunto|Onderwerp|Тема|Temat)\*{0,2}\s?:",
    re.IGNORECASE,
)
_INLINE_CATEGORY = {
    name.lower(): category
    for category, labels in _HEADER_LABELS.items()
    if category in ("date", "subject")
    for name in labels.split("|")
}

_SIG_DELIMITERS = frozenset({"--", "-- "})  # "---" underlines titles; it is no delimiter
_MAX_FOOTER_LINES = 60
_MAX_DELIMITED_LINES = 8
_PS_RE = re.compile(r"\s*(?:P\.?\s?){1,2}[SD]\b\.?(?=[\s:,.-])", re.IGNORECASE)
_DEVICE = (
    r"iPhone|iPad|iPod|Android(?:\s+(?:phone|device|tablet))?|mobile(?:\s+(?:device|phone))?"
    r"|(?:smart)?phone|tablet|BlackBerry(?:\s+\w+){0,2}|Samsung(?:\s+\w+){0,3}"
    r"|Galaxy(?:\s+\w+){0,3}|Huawei(?:\s+\w+){0,2}|Xiaomi(?:\s+\w+){0,2}|Pixel(?:\s+\w+){0,2}"
    r"|Windows\s+Phone|Nokia(?:\s+\w+){0,2}|Motorola(?:\s+\w+){0,2}|OnePlus(?:\s+\w+){0,2}"
    r"|Outlook(?:\s+for\s+(?:iOS|Android|Mac|Windows))?|Mail\s+for\s+Windows(?:\s+1[01])?"
    r"|Yahoo\s+Mail(?:\s+(?:for|on|para|pour|für|per|voor|dla|на)\s+(?:iPhone|iPad|Android))?"
    r"|AOL(?:\s+Mobile)?\s+Mail"
    r"|Proton\s?Mail|Gmail\s+Mobile|Spark|Edison\s+Mail|BlueMail|iPhone'?a|iPada"
    r"|мобильной\s+Почты\s+Mail\.ru|мобильного\s+приложения\s+Яндекс\.Почты"
    r"|Яндекс\.Почты\s+для\s+(?:iOS|Android)|моего\s+iPhone|iPhone\s+устройства"
)
_MOBILE_SIG_RE = re.compile(
    r"\s*(?:Sent\s+from(?:\s+my)?|Sent\s+with|Sent\s+using|Get|Envoyé\s+(?:de|depuis|à\s+partir\s+de)"
    r"(?:\s+mon)?|Von\s+meinem|Gesendet\s+(?:von|mit)(?:\s+meinem)?|Enviado\s+(?:desde|do|de|a\s+partir\s+do)"
    r"(?:\s+(?:mi|meu|o\s+meu))?|Inviato\s+da(?:l)?(?:\s+mio)?|(?:Verzonden|Verstuurd)\s+(?:vanaf|met)(?:\s+mijn)?"
    r"|Wysłane\s+z(?:\s+(?:mojego|urządzenia))?|Skickat\s+från(?:\s+min)?|Sendt\s+fra(?:\s+min)?"
    r"|Отправлено\s+(?:с|из|со)(?:\s+моего)?)"
    rf"\s+(?:{_DEVICE})(?:\s+gesendet)?(?:\s+\[\d+\]|\s*<[^<>\s]+>)?\s*[.!]?\s*",
    re.IGNORECASE,
)
_LEGAL_START_RE = re.compile(
    r"\s*(?:(confidentiality notice|disclaimer|avertissement|avis de confidentialit|aviso legal)"
    r"|(?:this|the information (?:contained )?in this|the contents of this) "
    r"(?:e-?mail|message|communication|transmission)"
    r"|(?:ce|le présent|cet) (?:message|courriel|e-?mail|mail)"
    r"|diese (?:e-?mail|nachricht)|este (?:mensaje|correo)|questo messaggio"
    r"|deze (?:e-?mail|mail|bericht)|dit (?:e-?mail(?:bericht)?|bericht)"
    r"|данное (?:сообщение|письмо)|это (?:сообщение|письмо)"
    r"|aviso legal|aan dit bericht|(?:le|la|las|les|as|die|de) informa\w* (?:contenu|contenid"
    r"|contenut|contid|in dies|in dit)|informacje zawarte|информация,? содержащ)",
    re.IGNORECASE,
)
_LEGAL_WORDS_RE = re.compile(
    r"confidential|privileged|intended (?:solely |only )?for|confidentiel|destinataire"
    r"|vertraulich|empfänger|confidencial|destinatario|riservat|vertrouwelijk|конфиденциал"
    r"|exclusivamente|ontleend|addressee|poufn|geadresseerde|destinat|intended|confidenzial"
)  # lower case, matched on lowered text: IGNORECASE makes sre ten times slower here
# A legal footer's later paragraphs ("If you received this in error, please delete it.").
_LEGAL_MORE_RE = re.compile(
    r"in error|erreur|irrtümlich|irrtum|por error|per errore|por engano|abusievelijk|ошибк"
    r"|omyłk|misstag|unauthori[sz]ed|prohibited|disclos|virus|before printing|recipient"
)
_NON_BLANK_RE = re.compile(r"\S")
_CANDIDATE_RE = re.compile(
    r"^[ \t]*(?:>|[-_—=*\d]|On\s|Le\s|Am\s|El\s|Il\s|In\s+data|Em\s|No\s+dia|Op\s|W\s+dniu"
    r"|Dnia|Den\s|Pe\s|Dne\s|From|De\s?:|Von|Da\s?:|Van|Från|Fra|От|Od\s?:|Sent|Date|Datum"
    r"|Envoy|Gesendet|Enviad|Inviat|Verzonden|Verstuurd|Fecha|Отправлено|Дата|Wysłan|Skickat|Sendt|Get\s"
    r"|Begin|Début|Anfang|Inicio|Inizio|Início|Пересыл|Начало|Original|Ursprüngl|Wiadomo"
    r"|confidential|disclaimer|avertissement|avis|this|the\s|ce\s|le\s|cet\s|diese|este"
    r"|questo|deze|данное|это\s|aviso|aan\s|la\s|las\s|les\s|die\s|as\s|informa|информац"
    r"|dit\s|(?:To|Subject|An|Thema)[ \t]*$"
    r"|\*{0,2}(?:" + "|".join(_HEADER_LABELS.values()) + r")\*{0,2}\s?[:：])",
    re.IGNORECASE | re.MULTILINE,
)
RULE_RE = re.compile(r"\s*(?:[*_\-—─=]\s*){3,}")
_QUOTE_PREFIX_RE = re.compile(r"^(?:> ?)+", re.MULTILINE)
_LEADING_MARKS_RE = re.compile(r"^[\s>]+")
_SENTENCE_END = tuple(".!?:;)\"'»…")
_MAX_LINE = 600


# --------------------------------------------------------------------------------------------
# Line tests


def _quoted(line: str) -> bool:
    """A ">" quoted line; not ">50 users" (a number after ">" means "more than")."""
    return line.startswith(">") and not line[1:2].isdigit()


def _attribution_span(lines: list[str], i: int, *, strong_only: bool = False) -> int:
    """How many lines (1–3) an attribution starting at line i spans, or 0.

    Strong: an intro word and a verb ("On … wrote:", "Le … a écrit :", "--- On … wrote:",
    "W dniu … napisał:"), or a date followed by an address and a colon (`26.06.2014, 14:41,
    "Name" <a@b>:`). Weak (only when `strong_only` is false): any short line ending in a verb
    and a colon ("Bob <b@x.test>wrote:").
    """
    line = lines[i]
    if len(line) > _MAX_LINE or not line.strip():
        return 0
    dashed = _DASHED_RE.fullmatch(line)  # Zoho: "---- On … wrote ----", no colon
    if dashed and _is_strong_attribution(dashed.group(1) + ":"):
        return 1
    joined = line
    for span in range(1, 4):
        if span > 1:
            if i + span - 1 >= len(lines) or not lines[i + span - 1].strip():
                return 0
            if len(lines[i + span - 1]) > 300 or _quoted(lines[i + span - 1]):
                return 0
            if joined.rstrip().endswith((".", "!", "?")):
                return 0  # a sentence ended: the attribution cannot have started above
            joined = f"{joined} {lines[i + span - 1].strip()}"
        if not joined.rstrip().endswith(":"):
            continue
        if _is_strong_attribution(joined):
            return span
        if not strong_only and span == 1 and len(joined) <= 200 and _VERB_END_RE.fullmatch(joined):
            return span
        return 0  # it ended in its colon and is no attribution: no longer one is either
    return 0


def _is_name(text: str) -> bool:
    """Whether the words after an attribution's verb are a name (with its address) at most."""
    names = _WORD_RE.findall(_NAME_NOISE_RE.sub(" ", text))
    return len(names) <= 6 and not any(
        word.islower() and len(word) > 3 and word not in _NAME_PARTICLES for word in names
    )


def _is_strong_attribution(joined: str) -> bool:
    """A dated attribution: intro and verb, a leading date and verb, or a date and address."""
    for regex in (_STRONG_WROTE_RE, _DATED_WROTE_RE):
        m = regex.fullmatch(joined)
        if m and _DATE_RE.search(m.group("lead")) and _is_name(m.group("name")):
            return True
    m = _DATED_ADDRESS_RE.fullmatch(joined) if "@" in joined else None
    return m is not None and _DATE_RE.search(m.group("lead")) is not None


_TIME_RE = re.compile(r"\d{1,2}:\d\d")
_TAIL_WORDS = frozenset(
    {"am", "pm", "um", "uhr", "at", "à", "o", "kl", "om", "alle", "ore", "a", "las", "de", "г", "в"}
    | {"от", "пользователь", "gmt", "utc", "cet", "cest", "h"}
)


def _heads_unmarked_history(joined: str) -> bool:
    """Whether an attribution with no ">" under it is surely a client's, so the rest is history.

    Folding all that follows needs more than the shape: an address, or a time with only a
    name between it and the verb ("On 3 June at 10:00 our CFO wrote:" is a sentence).
    """
    if "@" in joined:
        return True
    for regex in (_STRONG_WROTE_RE, _DATED_WROTE_RE):
        m = regex.fullmatch(joined)
        if m and _TIME_RE.search(m.group("lead")):
            tail = _WORD_RE.findall(re.split(r"\d", m.group("lead"))[-1])
            return not any(w.islower() and w not in _TAIL_WORDS for w in tail)
    return False


def _separator(line: str) -> tuple[bool, bool]:
    """Whether the line is a forward/original-message line, and whether it is a forward."""
    if len(line) > 200:
        return False, False
    m = _SEPARATOR_RE.fullmatch(line)
    if m is None:
        return False, False
    return True, m.group(1) is not None


def _header_categories(line: str) -> set[str]:
    if len(line) > _MAX_LINE:
        return set()
    found = {category for category, regex in _HEADER_LINE_RES.items() if regex.match(line)}
    if found:
        for m in _INLINE_LABELS_RE.finditer(line):
            category = _INLINE_CATEGORY.get(m.group(1).lower())
            if category:
                found.add(category)
    return found


def _is_header_block(lines: list[str], i: int) -> bool:
    """A header block: "From: … Sent: … To: … Subject: …" in any order and language."""
    return _header_block(lines, i)[0]


def _header_block(lines: list[str], i: int) -> tuple[bool, int]:
    """Whether a header block starts at line i, and where its run of header lines ends.

    Its first line holds a label; the next lines (blank lines allowed, at most eight lines)
    name at least three of from/date/to/subject. Bold labels (`*From:*`) and two headers on
    one line count. With no From line ("Date: … To: … Subject: …", an invite typed in the
    reply) it is a header block only when ">" quoted text follows it.
    """
    first = _header_categories(lines[i])
    if not first:
        return False, i
    seen = set(first)
    blanks = 0
    end = i + 1
    for j in range(i + 1, min(len(lines), i + 9)):
        if not lines[j].strip():
            blanks += 1
            if blanks > 1:
                break
            continue
        cats = _header_categories(lines[j])
        if not cats:
            break
        seen |= cats
        end = j + 1
    if len(seen) < 3 or not seen & {"from", "date"}:
        return False, end
    if "from" in seen:
        return True, end
    after = next((line for line in lines[end : end + 3] if line.strip()), "")
    return _quoted(after), end


_NOTES_TO = frozenset({"to", "an", "à"})
_NOTES_SUBJECT = frozenset({"subject", "betreff", "thema", "objet"})


def _notes_header_start(lines: list[str], k: int) -> int:
    """Where a Notes reply header starts, when line k is its bare "To" label, or -1.

    HCL (Lotus) Notes lays its header out as a table with no colons: the sender and the date
    in one cell, then "To", "cc", "Subject" each alone on a line above its value.
    """
    if lines[k].strip().lower() not in _NOTES_TO:
        return -1
    if not any(line.strip().lower() in _NOTES_SUBJECT for line in lines[k + 1 : k + 7]):
        return -1
    j = k - 1
    while j >= 0 and k - j <= 6 and not lines[j].strip():
        j -= 1
    if j < 0 or len(lines[j]) > 200 or not _DATE_RE.search(lines[j]):
        return -1
    start = j
    j -= 1
    while j >= 0 and start - j <= 3 and not lines[j].strip():
        j -= 1
    if j >= 0 and len(lines[j]) <= 200 and ("@" in lines[j] or "/" in lines[j]):
        start = j
    return start


def _is_mobile_footer(lines: list[str], i: int) -> bool:
    """A known mobile footer alone on its line; never a line that continues a sentence."""
    line = lines[i]
    if "[" in line:  # "Sent from Mail [1] for Windows": the client links its name
        line = _LINK_NUMBER_RE.sub("", line)
    if len(line) > 200 or not _MOBILE_SIG_RE.fullmatch(line):
        return False
    after = next((w.strip() for w in lines[i + 1 : i + 2]), "")
    return not (after and after[0].islower())


def _is_footer_start(lines: list[str], i: int) -> bool:
    line = lines[i]
    if len(line) > 2000:
        return False
    if line.strip() in _SIG_DELIMITERS or _is_mobile_footer(lines, i):
        return True
    if (i > 0 and lines[i - 1].strip()) or not (m := _LEGAL_START_RE.match(line)):
        return False
    if m.group(1):
        return True  # "CONFIDENTIALITY NOTICE", "AVISO LEGAL": a heading says it
    # A footer's wording, not one word of it ("This email is confidential between us: …").
    end = i + 1
    while end < min(len(lines), i + 8) and lines[end].strip():
        end += 1
    paragraph = " ".join(lines[i:end])[:2000]
    return _LEGAL_WORDS_RE.search(paragraph.lower()) is not None and _legal_terms(paragraph) >= 2


def _quoted_run_end(lines: list[str], i: int) -> int:
    """End (exclusive) of the run of ">" lines starting at i, blank lines inside included.

    A quoted line re-wrapped without its ">" (a signature's "www.x.test | City" under
    "> Name | Title |") belongs to the run: up to three lines right under its last line, the
    first not starting with a capital, when that line ends no sentence.
    """
    end = j = i
    while j < len(lines):
        if _quoted(lines[j]):
            end = j + 1
        elif lines[j].strip():
            break
        j += 1
    last = lines[end - 1].rstrip() if end > i else ""
    if end - i >= 2 and end < len(lines) and last and not last.endswith(_SENTENCE_END):
        first = lines[end].strip()
        if first and not first[0].isupper():
            stop = end
            while stop < len(lines) and stop - end < 3 and lines[stop].strip():
                stop += 1
            if stop == len(lines) or not lines[stop].strip():
                end = stop
    return end


def _history_starts(lines: list[str], i: int) -> tuple[int, bool]:
    """Whether quoted history starts at line i (lines it takes, 0 if not) and if a forward.

    Inside a quote container a single header line ("From: …") is enough: the container and
    the label agree.
    """
    line = lines[i]
    if _quoted(line):
        return 1, False
    is_separator, forward = _separator(line)
    if is_separator:
        return 1, forward
    span = _attribution_span(lines, i)
    if span:
        return span, False
    return (1, False) if _header_categories(line) else (0, False)


# --------------------------------------------------------------------------------------------
# Plain runs


def _candidates(text: str) -> list[int]:
    """Line numbers worth examining: a likely start word, or an attribution's end 0–2 lines on."""
    found: set[int] = set()
    line_no = last = 0
    for m in _CANDIDATE_RE.finditer(text):
        line_no += text.count("\n", last, m.start())
        last = m.start()
        found.add(line_no)
    line_no = last = 0
    for m in _COLON_END_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - start > _MAX_LINE or not _ATTRIBUTION_END_RE.search(text, start, m.end()):
            continue
        line_no += text.count("\n", last, start)
        last = start
        found.update(range(max(0, line_no - 2), line_no + 1))
    return sorted(found)


def _is_history_line(lines: list[str], j: int) -> bool:
    """Whether history could start at line j: a ">" line, forward line, header or attribution."""
    line = lines[j]
    return (
        _quoted(line)
        or _separator(line)[0]
        or _is_header_block(lines, j)
        or bool(_attribution_span(lines, j))
    )


def _legal_terms(text: str) -> int:
    """How many different words of legal wording `text` holds."""
    text = text.lower()
    return len(set(_LEGAL_WORDS_RE.findall(text)) | set(_LEGAL_MORE_RE.findall(text)))


def _paragraph_is_new(lines: list[str], start: int, end: int, *, after: str) -> bool:
    """Whether lines[start:end] (a paragraph after a signature or footer start) is new text.

    A P.S. always is; legal wording (two of its terms, or one right after a legal footer) and
    whole-line mobile footers never are. After a legal or mobile footer anything else is;
    after a "-- " delimiter only sentences are (a signature is names, titles, phones and
    addresses).
    """
    if _PS_RE.match(lines[start]):
        return True
    paragraph = " ".join(lines[start:end])[:2000]
    terms = _legal_terms(paragraph)
    if terms >= 2 or (terms and after == "legal"):
        return False
    if all(_is_mobile_footer(lines, j) for j in range(start, end)):
        return False
    return after != "delimiter" or any(_is_sentence(line) for line in lines[start:end])


def _is_sentence(line: str) -> bool:
    """A line that reads as a sentence, not as a signature's name, title, phone or address."""
    count = len(_WORD_RE.findall(line[:_MAX_LINE]))
    return count >= 12 or (count >= 6 and line.rstrip().endswith((".", "!", "?")))


def _is_signature_block(lines: list[str], k: int, end: int) -> bool:
    """Whether lines[k:end] is clearly a signature: a "-- " line, then a name (a few capitalised
    words), then at most a few more lines. Only such a block folds with new text below it."""
    filled = [line.strip() for line in lines[k + 1 : end] if line.strip()]
    if lines[k].strip() not in _SIG_DELIMITERS or not filled or len(filled) >= _MAX_DELIMITED_LINES:
        return False
    name = _WORD_RE.findall(filled[0])
    return (
        0 < len(name) <= 4
        and ":" not in filled[0]
        and all(word[0].isupper() and not word.isdigit() for word in name)
    )


def _footer_end(lines: list[str], k: int, candidates: set[int]) -> tuple[int, bool]:
    """Where the signature or footer starting at line k ends, and whether new text follows.

    It ends where history starts (the history goes on from there), or at the end of the run,
    or at the first paragraph of new text after it: a fold must be trailing. Looks at most
    `_MAX_FOOTER_LINES` lines; a longer one is no footer (end -1).
    """
    n = len(lines)
    if lines[k].strip() in _SIG_DELIMITERS:
        after = "delimiter"
    elif _is_mobile_footer(lines, k):
        after = "mobile"
    else:
        after = "legal"
    j = k + 1
    # The footer's own first paragraph: a delimiter's block or a legal paragraph (a mobile
    # footer is its one line; what follows it is judged like any later paragraph).
    while after != "mobile" and j < n and lines[j].strip():
        if _PS_RE.match(lines[j]):  # a sentence here is more often a slogan than new text
            return j, True
        if j in candidates and _is_history_line(lines, j):
            return j, False
        j += 1
    limit = min(n, k + _MAX_FOOTER_LINES)
    while j < n:
        if j >= limit:
            return -1, False
        if not lines[j].strip():
            j += 1
            continue
        stop = j
        while stop < n and lines[stop].strip():
            if stop in candidates and _is_history_line(lines, stop):
                break
            stop += 1
        if stop > j and _paragraph_is_new(lines, j, stop, after=after):
            return j, True
        if stop < n and lines[stop].strip():
            return stop, False  # history starts at `stop`
        j = stop
    return n, False


def split_text(text: str) -> list[Segment]:
    """A plain run split into text, quote and signature parts by what its lines look like.

    Only lines a regex pass found worth examining are looked at, so a million-line body costs
    a few C-speed passes, not a million Python steps. A signature or footer ends where new
    text follows it; it then stays a signature (folded where it is) only when it is a short
    block under a "-- " delimiter, and is text otherwise.
    """
    lines = text.split("\n")
    n = len(lines)
    bounds: list[tuple[int, Kind, bool, bool]] = [(0, "text", False, False)]

    def mark(at: int, kind: Kind, forward: bool = False, delimited: bool = False) -> None:
        if at >= n or (bounds[-1][1] == kind and not forward):
            return
        if bounds[-1][0] == at:
            bounds.pop()
        bounds.append((at, kind, forward, delimited))

    first = _NON_BLANK_RE.search(text)
    first_text = text.count("\n", 0, first.start()) if first else n
    candidates = _candidates(text)
    candidate_set = set(candidates)
    resume = 0
    for k in candidates:
        if k < resume:
            continue
        line = lines[k]
        if line.startswith(">"):
            if not _quoted(line):
                continue  # ">50 users"
            end = _quoted_run_end(lines, k)
            previous = lines[k - 1].strip() if k > 0 else ""
            if end - k >= 2 or not previous or previous.endswith(_SENTENCE_END[:3]):
                mark(k, "quote")
                mark(end, "text")
                resume = end
                continue
        is_separator, forward = _separator(line)
        is_header, header_end = _header_block(lines, k)
        if is_separator or is_header:
            mark(k, "quote", forward)
            break
        notes = _notes_header_start(lines, k)
        if notes > max(first_text, bounds[-1][0]):
            mark(notes, "quote")
            break
        span = _attribution_span(lines, k)
        if span:
            j = k + span
            while j < n and not lines[j].strip():
                j += 1
            if j < n and _quoted(lines[j]):
                end = _quoted_run_end(lines, j)
            elif _attribution_span(lines, k, strong_only=True) and _heads_unmarked_history(
                " ".join(lines[k : k + span])
            ):
                end = n  # a client's attribution with its quote unmarked: the rest is history
            else:
                resume = k + 1
                continue
            mark(k, "quote")
            mark(end, "text")
            resume = end
            continue
        resume = max(k + 1, header_end)  # the rest of a run of header lines is no block either
        if k > first_text and _is_footer_start(lines, k):
            end, new_after = _footer_end(lines, k, candidate_set)
            if end < 0:
                resume = k + _MAX_FOOTER_LINES  # too long for a footer: text
                continue
            delimited = new_after and _is_signature_block(lines, k, end)
            if not new_after or delimited:
                mark(k, "signature", delimited=new_after)
                mark(end, "text")
            resume = end
    out: list[Segment] = []
    for index, (start, kind, forward, delimited) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else n
        if end > start:
            text = "\n".join(lines[start:end])
            out.append(Segment(kind, text, forward=forward, delimited=delimited))
    return out


def _container(text: str) -> list[Segment]:
    """A quote container a mail client wrote: history from its first sign of history on.

    Text before the first attribution, header block, forward line or ">" line is new text (a
    comment typed into a forward, a reply composed inside the quote on a phone). A container
    with no sign of history at all is shown as text: markup alone never hides words. Lines
    between its ">" runs are answers typed into the quote (interleaved) and stay text.
    """
    lines = text.split("\n")
    for k in _candidates(text):
        taken, forward = _history_starts(lines, k)
        if taken:
            head = "\n".join(lines[:k])
            out = split_text(head) if head.strip() else []
            tail = "\n".join(lines[k:])
            rest = split_text(tail) if _quoted(lines[k]) or _attribution_span(lines, k) else []
            if rest and rest[0].kind == "quote":
                out.extend(rest)  # ">" runs with answers between them: interleaved
            else:
                out.append(Segment("quote", tail, forward=forward))
            return out
    return split_text(text)


def _blockquote_is_history(text: str, before: list[Segment], history: History | None) -> bool:
    """Whether a bare blockquote quotes earlier mail rather than indenting a passage.

    Yes after an attribution or a quote (the attribution moves into it), when it opens with an
    attribution, header block or forward line of its own, or when it repeats the conversation.
    """
    if before and before[-1].kind == "quote":
        return True
    if before:
        lines = before[-1].text.rstrip().split("\n")
        for i in range(max(0, len(lines) - 3), len(lines)):
            if _attribution_span(lines, i) + i == len(lines):
                before[-1].text = "\n".join(lines[:i])
                before.append(Segment("quote", "\n".join(lines[i:])))
                return True
    inner = _QUOTE_PREFIX_RE.sub("", text).lstrip("\n").split("\n")
    if inner and (
        _separator(inner[0])[0] or _attribution_span(inner, 0) or _is_header_block(inner, 0)
    ):
        return True
    return bool(history) and history is not None and history.repeats(text)


def _deindent(text: str) -> str:
    """A blockquote used for indentation: its "> " marks become an indent."""
    return _QUOTE_PREFIX_RE.sub(lambda m: "    " * m.group().count(">"), text)


# --------------------------------------------------------------------------------------------
# Answers typed inside a quote

# The tokenizer's style marks (`_parse.STYLE_OPEN` + a style id … `_parse.STYLE_CLOSE`).
_STYLE_MARK_RE = re.compile("\ue004([\ue100-\ue6ff]?)|\ue005")
_MAX_STYLE_STACK = 32
# A signature's address, link, phone or "Name | Title · City" line is no answer.
_NOT_TYPED_RE = re.compile(r"@|https?:|www\.|[|·]|^[\s\d()+./-]*$")
# "[KM] Make it the 11th", "[Kofi Mensah] …" (Outlook's "mark my comments with"), ">> …": an
# answer typed under a question, marked with the writer's initials, name or arrows.
_INITIALS_RE = re.compile(
    r"^[ \t]*(?:\[[A-Z][\w.'-]{0,20}(?: [A-Z][\w.'-]{0,20}){0,2}\]|(>>))[ \t]*\w", re.MULTILINE
)


def strip_styles(text: str) -> tuple[str, list[frozenset[str]] | None]:
    """The text without its style marks, and per line the styles that wrap all of its words.

    None when the text holds no style at all. Marks nest; a run of more than
    `_MAX_STYLE_STACK` open marks keeps only the outer ones (linear on hostile input).
    """
    if "\ue004" not in text:
        return (text.replace("\ue005", "") if "\ue005" in text else text), None
    stack: list[str] = []
    extra = 0
    styles: list[frozenset[str]] = []
    for line in text.split("\n"):
        if "\ue004" not in line and "\ue005" not in line:
            styles.append(frozenset(stack) if stack and line.strip() else frozenset())
            continue
        common: set[str] | None = None
        pos = 0
        for m in _STYLE_MARK_RE.finditer(line):
            if m.start() > pos and _WORD_RE.search(line, pos, m.start()):
                common = set(stack) if common is None else common & set(stack)
            if m.group(1) is not None:
                if len(stack) < _MAX_STYLE_STACK:
                    stack.append(m.group(1))
                else:
                    extra += 1
            elif extra:
                extra -= 1
            elif stack:
                stack.pop()
            pos = m.end()
        if _WORD_RE.search(line, pos):
            common = set(stack) if common is None else common & set(stack)
        styles.append(frozenset(common or ()))
    return _STYLE_MARK_RE.sub("", text), styles


def _opens_history(lines: list[str], k: int) -> bool:
    """Whether line k (quote marks removed) is a header line, separator or attribution."""
    line = lines[k]
    return bool(_header_categories(line) or _separator(line)[0] or _attribution_span(lines, k))


def _inner_answers(
    text: str, styles: list[frozenset[str]] | None, history: History | None
) -> list[Segment] | None:
    """A quote container split where its writer answered inside it, or None.

    The quote is read message by message (each under its header block or attribution). The
    conversation comes first: in a message most of whose lines it holds, a line it does not
    hold is an answer (an image's alt text or a bare link excepted: the history never saw
    them). Otherwise the look decides: the message's text has a style (its first line's), and
    a whole line in a style it lacks (blue, red, bold, highlighted) that reads as typed words
    is an answer. The quoted text after an answer stays a quote.
    """
    lines = text.split("\n")
    start = next((k for k in _candidates(text) if _history_starts(lines, k)[0]), -1)
    if start < 0:
        return None
    unquoted = _QUOTE_PREFIX_RE.sub("", text)
    inner_lines = unquoted.split("\n")
    candidates = set(_candidates(unquoted))
    sections: list[list[int]] = [[]]
    for j in range(start, len(lines)):
        inner = inner_lines[j].strip()
        if not _WORD_RE.search(inner) or RULE_RE.fullmatch(inner):
            continue  # blank, a rule, or a nested quote's bare " >"
        if j in candidates and _opens_history(inner_lines, j):
            sections.append([])
        else:
            sections[-1].append(j)
    answers: list[int] = []
    for section in sections:
        texts = [_LEADING_MARKS_RE.sub("", lines[j]).strip() for j in section]
        held: list[bool | None] = []
        if history:
            held = [
                None if _UNKNOWABLE_RE.match(inner) else history.holds(inner, before)
                for inner, before in zip(texts, ["", *texts], strict=False)
            ]
        if held.count(True) > held.count(False):  # the conversation knows this message
            answers.extend(j for j, known in zip(section, held, strict=True) if known is False)
        elif styles and section:
            own, previous = styles[section[0]], texts[0]
            for j, inner in zip(section[1:], texts[1:], strict=True):
                if styles[j] - own and _reads_as_answer(inner, previous):
                    answers.append(j)
                previous = inner
    if not answers:
        return None
    answers.sort()
    body = [j for section in sections for j in section]
    cited = sum(1 for j in body if _quoted(lines[j])) * 2 > len(body)
    head = _container("\n".join(lines[: answers[0]]))
    return _answer_segments(lines, set(answers), head, cited=cited)


def _reads_as_answer(line: str, previous: str) -> bool:
    """Whether a styled line of a quote reads as typed words, not as a signature or legal line.

    A name or a title ("Marta Gil", "Head of Sales") is styled in many signatures: a line of
    fewer than four words counts only when it ends a sentence or answers a question ("Yes").
    """
    if len(line) > _MAX_LINE or _NOT_TYPED_RE.search(line) or _legal_terms(line) >= 2:
        return False
    if _LEGAL_START_RE.match(line) and _LEGAL_WORDS_RE.search(line.lower()):
        return False
    if len(_WORD_RE.findall(_LINK_NUMBER_RE.sub(" ", line))) >= 4 or line.endswith((".", "!", "?")):
        return True
    return previous.endswith("?")


def _answer_segments(
    lines: list[str], answers: set[int], head: list[Segment], *, cited: bool
) -> list[Segment]:
    """`head`, then from the first answer on: answers as text, the rest as quotes.

    In a `cited` quote (">" marks) the rest is split by its marks instead, so a line typed
    between two ">" runs, in no style of its own, stays new text.
    """
    out = head
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        text = "\n".join(run)
        parts = split_text(text) if cited and text.strip() else [Segment("quote", text)]
        for part in parts:
            if out and out[-1].kind == part.kind:
                out[-1].text += "\n" + part.text
            else:
                out.append(part)
        run.clear()

    for j in range(min(answers), len(lines)):
        if j not in answers:
            run.append(lines[j])
            continue
        flush()
        line = _QUOTE_PREFIX_RE.sub("", lines[j])
        if out and out[-1].kind == "text":
            out[-1].text += "\n" + line
        else:
            out.append(Segment("text", line))
    flush()
    return out


def _initialled_answers(segment: Segment) -> list[Segment]:
    """A quote under a header block or separator with answers marked by initials ("[KM] …").

    A ">> " line counts only in a quote with no ">" marks of its own around it (Outlook's):
    elsewhere it is older history quoted twice.
    """
    if _INITIALS_RE.search(segment.text) is None:
        return [segment]
    lines = segment.text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if _quoted(lines[first]) or not _opens_history(lines, first):
        return [segment]
    answers = set()
    for j, line in enumerate(lines):
        m = _INITIALS_RE.match(line)
        if m and not (
            m.group(1) and any(_quoted(near) for near in lines[max(0, j - 1) : j + 2 : 2])
        ):
            answers.add(j)
    if not answers:
        return [segment]
    head = [Segment("quote", "\n".join(lines[: min(answers)]), forward=segment.forward)]
    return _answer_segments(lines, answers, head, cited=False)


# --------------------------------------------------------------------------------------------
# The conversation


MAX_HISTORY_CHARS = 300_000
"""At most this much of the earlier messages (newest first) is compared."""
_SHINGLE = 4
_MIN_WORDS = 6
_HISTORY_SHARE = 0.6
_WORD_RE = re.compile(r"\w+")
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
_INVISIBLE_RE = re.compile(r"<(style|script|head|title)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_LINK_NUMBER_RE = re.compile(r"\[\d{1,5}\]")
_SHORT_LINE_RE = re.compile(r"^[^\n]{1,80}$", re.MULTILINE)
_BREAK_TAG_RE = re.compile(
    r"<(?:br|/?p|/?div|/?li|/?tr|/?h[1-6]|/?blockquote|/?pre)\b[^<>]{0,2000}>", re.IGNORECASE
)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _shingles(words: list[str]) -> set[str]:
    return {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _plain(chunk: str) -> str:
    """A body's words as text (tags and invisible elements out, entities decoded)."""
    if "<" in chunk:
        return html.unescape(_TAG_RE.sub(" ", _INVISIBLE_RE.sub(" ", chunk)))
    return chunk


def _read_body(chunk: str) -> tuple[int, frozenset[str]]:
    """The length of `chunk` as text, and all its shingles."""
    text = _plain(chunk)
    return len(text), frozenset(_shingles(_words(text)))


_body_shingles = functools.lru_cache(maxsize=32)(_read_body)
"""`_read_body`, remembered: a conversation's history is the same few bodies again and again
(each message is given the ten before it), so each is read once. Only bodies up to
`_CACHED_BODY` characters are kept (a long newsletter's shingles weigh megabytes)."""
_CACHED_BODY = 20_000


class History:
    """The earlier messages of a conversation, as word shingles, to recognise quoted text.

    Built from raw bodies (HTML or text) with a cheap tag strip: only words count, so markup,
    wrapping, quote marks and link numbers do not matter. Bounded by `MAX_HISTORY_CHARS`.
    """

    __slots__ = ("_chunks", "_lines", "_shingles")

    def __init__(self, bodies: Iterable[str]) -> None:
        budget = MAX_HISTORY_CHARS
        shingles: set[str] = set()
        chunks: list[tuple[str, int]] = []
        for body in bodies:
            if budget <= 0:
                break
            if not isinstance(body, str):
                continue
            chunk = body[: budget * 3]
            length, whole = (
                _body_shingles(chunk) if len(chunk) <= _CACHED_BODY else _read_body(chunk)
            )
            if length <= budget:
                shingles |= whole
            else:
                shingles |= _shingles(_words(_plain(chunk)[:budget]))
            chunks.append((chunk, budget))
            budget -= min(length, budget)
        self._shingles = shingles
        self._chunks = chunks
        self._lines: set[str] | None = None

    def _short_lines(self) -> set[str]:
        """The earlier messages' lines of fewer than `_SHINGLE` words, built on first use."""
        if self._lines is None:
            self._lines = set()
            for chunk, limit in self._chunks:
                if "<" in chunk:  # a tag becomes one character either way: the same limit
                    chunk = _BREAK_TAG_RE.sub("\n", _INVISIBLE_RE.sub(" ", chunk))
                for line in _SHORT_LINE_RE.findall(_plain(chunk)[:limit]):
                    words = _words(line)
                    if 0 < len(words) < _SHINGLE:
                        self._lines.add(" ".join(words))
        return self._lines

    def __bool__(self) -> bool:
        return bool(self._shingles)

    def share(self, text: str) -> float:
        """How much of `text` (its word shingles) is in an earlier message (0 when too short)."""
        words = _words(_LINK_NUMBER_RE.sub(" ", text[:20_000]))
        if len(words) < _SHINGLE:
            return 0.0
        mine = [" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]
        return sum(1 for shingle in mine if shingle in self._shingles) / len(mine)

    def knows_short(self, words: list[str], before: list[str]) -> bool:
        """Whether a line of fewer than `_SHINGLE` words is in an earlier message: a whole line
        of it ("Hi Kofi,"), or the end of the line `before` it wrapped onto its own line."""
        if " ".join(words) in self._short_lines():
            return True
        joined = (before + words)[-_SHINGLE:]
        return len(joined) == _SHINGLE and " ".join(joined) in self._shingles

    def holds(self, line: str, before: str = "") -> bool:
        """Whether an earlier message holds the line (the line `before` it: for a short one)."""
        words = _words(_LINK_NUMBER_RE.sub(" ", line))
        if len(words) >= _SHINGLE:
            return self.share(line) >= 0.3
        return bool(words) and self.knows_short(words, _words(_LINK_NUMBER_RE.sub(" ", before)))

    def copies(self, text: str, shortest: int = _MIN_WORDS) -> bool:
        """Whether `text` (at least `shortest` words) is all in earlier messages, word for word.

        Only words count (markup, wrapping, quote marks and link numbers do not); a sentence
        that restates an earlier one with words of its own ("Confirmed: …") is no copy.
        """
        words = _words(_LINK_NUMBER_RE.sub(" ", text[:20_000]))
        if len(words) < max(shortest, _SHINGLE):
            return False
        return all(
            " ".join(words[i : i + _SHINGLE]) in self._shingles
            for i in range(len(words) - _SHINGLE + 1)
        )

    def repeats(self, text: str) -> bool:
        """Whether most of `text` (at least `_MIN_WORDS` words) is in an earlier message."""
        words = _words(_LINK_NUMBER_RE.sub(" ", text[:20_000]))
        if len(words) < _MIN_WORDS:
            return False
        mine = [" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]
        found = sum(1 for shingle in mine if shingle in self._shingles)
        return found >= _HISTORY_SHARE * len(mine)


_PARAGRAPH_RE = re.compile(r"\n[ \t>]*\n")
_MAX_PARAGRAPHS = 400


_MAX_ANSWER_LINES = 2000
_ONE_QUOTE_LEVEL_RE = re.compile(r"^> ?")
_UNKNOWABLE_RE = re.compile(r"[\s>]*(?:\[[^\[\]]*\]|<?(?:https?://|www\.)\S*)\s*[.,;]?\s*$")


def _split_answers(segment: Segment, history: History) -> list[Segment]:
    """A quote the conversation knows, with the lines it does not know made new text.

    Outlook on the web, Apple Mail and others let people answer inside the quoted mail (in
    red, in bold, in the same style) with no quote marks of their own: when most of such a
    quote's text (under a header block, or cited lines' under their attribution) repeats
    an earlier message, a line that does not is an answer. A line of four words or more is
    judged by its word shingles, a shorter one by the history's short lines (`knows_short`).
    """
    lines = segment.text.split("\n")
    if len(lines) > _MAX_ANSWER_LINES:
        return [segment]
    cited = all(_quoted(line) for line in lines if line.strip())
    inner = [_ONE_QUOTE_LEVEL_RE.sub("", line, count=1) for line in lines] if cited else lines
    lead = next(
        (i for i, line in enumerate(inner) if line.strip() and not RULE_RE.fullmatch(line)), 0
    )
    by_header = bool(_header_categories(inner[lead]))
    head = 1 if by_header else _attribution_span(inner, lead) if cited else 0
    if not cited and not by_header and (span := _attribution_span(lines, lead)):
        rest = lines[lead + span :]
        if any(line.strip() for line in rest) and all(_quoted(ln) for ln in rest if ln.strip()):
            # Gmail's: the attribution above the cited lines, outside them
            inner = lines[: lead + span] + [_ONE_QUOTE_LEVEL_RE.sub("", ln, count=1) for ln in rest]
            head = span
    if not head or any(_quoted(line) for line in inner):
        return [segment]  # only unmarked text under a header block or a cite's attribution
    body = [
        index
        for index in range(lead + head, len(inner))
        if inner[index].strip() and not _header_categories(inner[index])
    ]
    if by_header and history.share("\n".join(inner[index] for index in body)) < 0.5:
        return [segment]
    shares: list[float | None] = [None] * len(inner)
    before: list[str] = []
    for index in body:
        words = _words(_LINK_NUMBER_RE.sub(" ", inner[index]))
        if _UNKNOWABLE_RE.match(inner[index]):
            pass  # an image's alt text or a bare link: the history's tag strip never saw it
        elif len(words) >= _SHINGLE:
            shares[index] = history.share(inner[index])
        elif words:
            shares[index] = 1.0 if history.knows_short(words, before) else 0.0
        before = words
    if not by_header:  # answers are a large part of a short cite: known lines must outnumber them
        known = sum(1 for share in shares if share is not None and share >= 0.6)
        if not known or known < sum(1 for share in shares if share is not None and share < 0.3):
            return [segment]
    out: list[Segment] = []
    for line, raw, share in zip(inner, lines, shares, strict=True):
        answer = share is not None and share < 0.3
        kind: Kind = "text" if answer else "quote"
        text = line if answer else raw
        if out and out[-1].kind == kind:
            out[-1].text += "\n" + text
        else:
            out.append(Segment(kind, text, forward=segment.forward and not out))
    return out


def _known_answers(segment: Segment, history: History) -> list[Segment]:
    """A quote segment with the lines the conversation does not hold made new text (a plain
    body's history, what is left of a container after its answers were split)."""
    answered = _inner_answers(segment.text, None, history)
    return answered if answered is not None else _split_answers(segment, history)


def _split_repeats(segment: Segment, history: History) -> list[Segment]:
    """A text segment with the paragraphs that copy the conversation word for word made quotes.

    A paragraph that only restates an earlier one is the lead's answer and stays text. Right
    after a copied paragraph a shorter one (a sign-off, four words or more) is copied too when
    all of it is in the conversation.
    """
    pieces = _PARAGRAPH_RE.split(segment.text)
    if len(pieces) > _MAX_PARAGRAPHS:
        return [segment]
    out: list[Segment] = []
    for piece in pieces:
        after_copy = bool(out) and out[-1].kind == "quote"
        copied = history.copies(piece, shortest=_SHINGLE if after_copy else _MIN_WORDS)
        kind: Kind = "quote" if copied else segment.kind
        if out and out[-1].kind == kind:
            out[-1].text += "\n\n" + piece
        else:
            out.append(Segment(kind, piece))
    return out


# --------------------------------------------------------------------------------------------
# The whole body


def segment(pieces: Sequence[tuple[Mark, str]], history: History | None = None) -> list[Segment]:
    """The body's containers as segments in order, each marked folded or not (rules above)."""
    out: list[Segment] = []
    judged: set[int] = set()  # segments of containers already read line by line
    for mark, marked_text in pieces:
        text, styles = strip_styles(marked_text)
        if not text.strip():
            continue
        if mark == "text":
            out.extend(split_text(text))
        elif mark == "signature":
            out.append(Segment("signature", text, marked=True))
        elif mark == "quote":
            answered = _inner_answers(text, styles, history) if styles or history else None
            read = _container(text) if answered is None else answered
            judged.update(id(s) for s in read)
            out.extend(read)
        elif _blockquote_is_history(text, out, history):
            out.append(Segment("quote", text))
        else:
            out.append(Segment("text", _deindent(text)))
    if history:
        out = [
            piece
            for s in out
            for piece in (
                _split_repeats(s, history)
                if s.kind == "text"
                else (_split_answers if id(s) in judged else _known_answers)(s, history)
                if s.kind == "quote"
                else [s]
            )
        ]
    out = [piece for s in out for piece in (_initialled_answers(s) if s.kind == "quote" else [s])]
    out = _merge([s for s in out if s.text.strip()])
    _move_delimiters(out)
    _decide(out)
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for s in segments:
        if merged and merged[-1].kind == s.kind and not s.forward:
            merged[-1].text += "\n" + s.text
            merged[-1].marked = merged[-1].marked or s.marked
            merged[-1].delimited = merged[-1].delimited and s.delimited
        else:
            merged.append(s)
    return merged


def _move_delimiters(segments: list[Segment]) -> None:
    """A lone "--" (or rule) left at the end of text goes with the signature or quote after it."""
    for index in range(len(segments) - 1):
        current, after = segments[index], segments[index + 1]
        if current.kind != "text" or after.kind == "text":
            continue
        lines = current.text.split("\n")
        moved: list[str] = []
        while lines and (
            not lines[-1].strip()
            or lines[-1].strip() in _SIG_DELIMITERS
            or RULE_RE.fullmatch(lines[-1])
        ):
            moved.insert(0, lines.pop())
        if moved and after.kind == "signature":
            after.text = "\n".join(moved) + "\n" + after.text
        current.text = "\n".join(lines)


def _decide(segments: list[Segment]) -> None:
    """Folds trailing history and signatures; never everything."""
    last_text = max(
        (i for i, s in enumerate(segments) if s.kind == "text" and s.text.strip()), default=-1
    )
    if last_text < 0:
        _nothing_new(segments)
        return
    for index, s in enumerate(segments):
        s.folded = (index > last_text and s.kind != "text") or s.delimited
    # A signature right after folded history is the quoted sender's: it folds with the quote.
    for index in range(len(segments) - 1, 0, -1):
        s, before = segments[index], segments[index - 1]
        if s.kind == "signature" and not s.marked and before.kind == "quote" and before.folded:
            before.text += "\n" + s.text
            del segments[index]


def _nothing_new(segments: list[Segment]) -> None:
    """No new text: a forward reads as its content; anything else shows, marked as it is."""
    forward = next((s for s in segments if s.kind == "quote"), None)
    for s in segments:
        s.folded = False
        if forward is not None and forward.forward and s.kind == "quote":
            s.kind = "text"
