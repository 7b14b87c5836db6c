"""Answers typed in a quote's own style, under its questions, after the writer said so.

Gmail, Apple Mail and Outlook let people click into the quoted mail and type an answer right
under each question, in the quote's own font and colour: no style of their own, no initials,
no quote marks to tell them apart, and with no earlier message to compare against nothing in
the quote says they are new. What does say so is the writer's own text above the quote:
"Answers inline below.", "Réponses dans le texte.", "Antworten unten im Text.",
"Odpowiedzi poniżej.", "回答は以下の通りです。".

Two signals make a quoted line an answer (`announced_answers`): that announcement in the new
text above the quote, and the line's place, right under a cited question (a line ending in
"?", "？", "؟" or a Japanese "…か。") at the same quote depth, itself no question, reading as a
typed answer (a sentence, or four words or more; no contact line, sign-off or attribution).
A line the conversation holds is the quoted message's own, whatever its place. The rule
only ever shows lines (an answer is taken out of a quote, never a line put into one), and the
quoted text after the last answer stays trailing history and folds. Without an announcement a
question's next line stays in the quote: a quoted FAQ or a quoted Q&A is no answer of the
writer's.

Cited lines count (a Gmail, Apple Mail or Thunderbird blockquote, ">" lines). Under an
Outlook header block the quoted body bears no mark at all, and text pasted there in black or
grey (which carries no style mark) is not told from an answer by its place alone: there an
unmarked line needs a third signal, its own answer label ("Svar: 62 lätta lastbilar.",
"Answer: yes", "Réponse : oui", "A: four"), a word the question's writer does not put under
their own question. Unlabelled lines stay quote; the conversation and the style rules
(`_answers`) read those quotes.

Bounded: the announcement is looked for in at most `_ANNOUNCE_CHARS` of the text above the
first quote, and a quote of more than `_MAX_LINES` lines is left as it is.
"""

from __future__ import annotations

import re

from lemtui.mail.render._attribution import MAX_LINE, QUOTE_PREFIX_RE
from lemtui.mail.render._history import WORD_RE, History
from lemtui.mail.render._regex import grouped, top_branches
from lemtui.mail.render._split import Kind, Segment

__all__ = ["announced_answers"]

_ANNOUNCE_CHARS = 2000
_MAX_LINES = 2000
_SENTENCE_END = (".", "!", "。", "！", "…")
_CONTACT_RE = re.compile(r"@|https?:|www\.|[|·]")

# What answers are called, then (within a few words) where they are: "answers inline below",
# "my comments are in the text", "réponses dans le texte", "Antworten unten im Text". Either
# order ("below are my answers", "unten meine Antworten"), and the verbs ("I replied inline").
_ANSWER_WORDS = (
    r"answers?|answered|responses?|responded|replies|replied|comments?|commented|notes"
    r"|réponses?|répondu|commentaires|remarques"
    r"|antworten?|antwortet|geantwortet|kommentare|anmerkungen"
    r"|respuestas?|respondo|respondido|comentarios|risposte|risposto|commenti"
    r"|respostas?|respondi|comentários|antwoorden|antwoord|beantwoord|opmerkingen"
    r"|odpowiedzi|odpowiadam|odpowiedziałem|odpowiedziałam|komentarze|uwagi"
    r"|svaren|svar|svarar|svarer|kommentarer|vastaukset|vastasin|odpovědi|odpovídám"
    r"|válaszok|válaszaim|răspunsuri|răspunsurile|απαντήσεις|cevaplar|yanıtlar|cevaplarım"
    r"|ответы|отвечаю|ответил|ответила|комментарии|відповіді|відповідаю"
    r"|תשובות|תשובותיי|الردود|إجاباتي|الإجابات|jawaban|balasan|câu\s+trả\s+lời"
)
_PLACE_WORDS = (
    r"inline|in-line|in\s+line|below|beneath|underneath|in\s+the\s+(?:text|body|quote|email)"
    r"|between\s+the\s+lines|under\s+each|interspersed|in\s+(?:blue|red|green)"
    r"|dans\s+le\s+(?:texte|corps|message)|ci-dessous|en\s+dessous|entre\s+les\s+lignes|en\s+ligne"
    r"|im\s+text|unten|darunter|zwischen\s+den\s+zeilen|direkt\s+unter"
    r"|en\s+línea|abajo|debajo|entre\s+líneas|en\s+el\s+texto|a\s+continuación"
    r"|nel\s+testo|qui\s+sotto|sotto|in\s+linea|tra\s+le\s+righe"
    r"|abaixo|no\s+texto|em\s+linha|entre\s+as\s+linhas|no\s+corpo"
    r"|hieronder|in\s+de\s+tekst|tussen\s+de\s+regels"
    r"|poniżej|w\s+treści|w\s+tekście|pod\s+pytaniami|nedan|i\s+texten|nedenfor|nedenunder"
    r"|i\s+teksten|alla|níže|v\s+textu|alább|lent|mai\s+jos|în\s+text|παρακάτω|aşağıda|aşağıdadır"
    r"|ниже|в\s+тексте|по\s+тексту|нижче|в\s+тексті|למטה|בגוף|בהמשך|أدناه|في\s+النص"
    r"|di\s+bawah|bên\s+dưới"
)
_ANSWERS = grouped(top_branches(_ANSWER_WORDS))
_PLACES = grouped(top_branches(_PLACE_WORDS))
# Matched on lowered text, the answer word first: a pass of one alternation over the text,
# then the place looked for only around each answer word, in the same clause.
_ANSWER_RE = re.compile(rf"\b(?:{_ANSWERS})(?!\w)")
_PLACE_AFTER_RE = re.compile(rf"[^\n.?!]{{0,40}}?\b(?:{_PLACES})(?!\w)")
_PLACE_BEFORE_RE = re.compile(rf"\b(?:{_PLACES})\b[^\n.?!]{{0,25}}$")
_PLACE_REACH = 60
# Chinese, Japanese and Korean write no spaces: the words glued, in either order.
_GLUED_ANNOUNCE_RE = re.compile(
    r"(?:回答|回复|回覆|答复|答覆|返答|返信|コメント|답변|답장)[^\n。！？]{0,12}?"
    r"(?:以下|下記|如下|见下|見下|下方|下面|インライン|文中|正文中|아래|본문)"
    r"|(?:以下|下記|下方|아래)[^\n。！？]{0,12}?(?:回答|お答え|回复|回覆|答复|답변)"
)


def _announces(text: str) -> bool:
    """Whether `text` says that answers follow inline ("Answers inline below.", "Odpowiedzi
    poniżej.", "回答は以下の通りです。"): a word for answers and a word for where they are, in
    one clause."""
    lowered = text.lower()
    for m in _ANSWER_RE.finditer(lowered):
        if _PLACE_AFTER_RE.match(lowered, m.end()) or _PLACE_BEFORE_RE.search(
            lowered, max(0, m.start() - _PLACE_REACH), m.start()
        ):
            return True
    return not lowered.isascii() and _GLUED_ANNOUNCE_RE.search(lowered) is not None


# An answer's own label at the start of an unmarked line: "Svar:", "Answer :", "A:", "回答：".
_ANSWER_LABEL_RE = re.compile(
    r"(?:a|answer|reply|response|réponse|reponse|rép|antwort|respuesta|resposta|risposta"
    r"|antwoord|svar|svaret|vastaus|odpověď|odpoveď|odpowiedź|válasz|răspuns|απάντηση|cevap"
    r"|yanıt|ответ|відповідь|одговор|отговор|תשובה|الجواب|الرد|jawab|jawaban|trả\s+lời"
    r"|sagot|jibu|उत्तर|回答|答复|答覆|答|답변|답)\s?[:：]\s*\w",
    re.IGNORECASE,
)
_QUESTION_ENDS = ("?", "？", "؟", "か", "か。", "か．")
_CLOSING_MARKS = " \t\"'»”)"
# Four words or more, found without reading the whole line.
_FOUR_WORDS_RE = re.compile(r"\W*\w+(?:\W+\w+){3}")


def announced_answers(segments: list[Segment], history: History | None = None) -> list[Segment]:
    """`segments` with the answers typed under a quote's questions made text, when the text
    above that quote announces them (the module's two signals); unchanged otherwise."""
    if not any(s.kind == "quote" for s in segments):
        return segments
    announced = False
    seen = 0
    out: list[Segment] = []
    for s in segments:
        if s.kind == "text" and not announced and seen < _ANNOUNCE_CHARS:
            window = s.text[: _ANNOUNCE_CHARS - seen]
            seen += len(window)
            announced = _announces(window)
        elif s.kind == "quote" and announced:
            out.extend(_split_under_questions(s, history))
            continue
        out.append(s)
    return out


def _typed(line: str, *, after_blank: bool) -> bool:
    """Whether a line under a question reads as a typed answer: a sentence ("Yes.", "Four:
    Dayton, Columbus, Toledo and Akron."), or four words or more, and no contact line (an
    address, a link, "|" or "·"), sign-off ("Best,") or attribution. After a blank line, only
    four words or more: a quoted mail's "Thanks!" or "Megan Ruiz" under its last question is
    its own."""
    if _CONTACT_RE.search(line) or line.endswith((":", "：", ",")) or line.startswith("--"):
        return False  # an attribution ends in its colon, or is Zoho's "---- On … wrote ----"
    long = _FOUR_WORDS_RE.match(line) is not None
    return long or (not after_blank and line.endswith(_SENTENCE_END))


def _depth(line: str) -> int:
    m = QUOTE_PREFIX_RE.match(line)
    return m.group().count(">") if m else 0


def _split_under_questions(quote: Segment, history: History | None) -> list[Segment]:
    """The quote with each typed line right under a cited question of the same depth (one
    blank line between allowed for four words or more), and the lines running on from it, made
    text; the rest stays quote. Under an unmarked question (depth 0) only a labelled answer
    line counts, and no line runs on from it."""
    lines = quote.text.split("\n")
    if len(lines) > _MAX_LINES:
        return [quote]
    answers: set[int] = set()
    asked = -1  # the depth of the question (or answer) this line may answer, or -1
    blanks = 0
    for j, line in enumerate(lines):
        inner = QUOTE_PREFIX_RE.sub("", line).strip()
        if not WORD_RE.search(inner) or len(inner) > MAX_LINE:
            blanks += 1
            if j - 1 in answers or blanks > 1:
                asked = -1  # an answer ends at its paragraph's end
            continue
        depth = _depth(line)
        question = inner.rstrip(_CLOSING_MARKS).endswith(_QUESTION_ENDS)
        if (
            asked >= 0
            and depth == asked
            and not question
            and (
                (asked > 0 and j - 1 in answers and not _CONTACT_RE.search(inner))
                or (
                    (asked > 0 or _ANSWER_LABEL_RE.match(inner) is not None)
                    and _typed(inner, after_blank=blanks > 0)
                )
            )
            and not (history and history.holds(inner))
        ):
            answers.add(j)
        else:
            asked = depth if question else -1
        blanks = 0
    if not answers:
        return [quote]
    out: list[Segment] = []
    for j, line in enumerate(lines):
        kind: Kind = "text" if j in answers else "quote"
        text = QUOTE_PREFIX_RE.sub("", line) if j in answers else line
        if out and out[-1].kind == kind:
            out[-1].text += "\n" + text
        else:
            out.append(Segment(kind, text, forward=quote.forward and not out))
    return out
