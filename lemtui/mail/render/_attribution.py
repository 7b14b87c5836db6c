"""Attributions and headers: the lines where quoted history starts.

"On … wrote:" in a dozen languages and shapes, header blocks ("From: … Sent: … To: …", Notes'
colon-less table), forward and original-message lines, and runs of ">" lines. Each test
answers for one line (or the two or three an attribution wraps onto) and says no to what only
looks like one: a sentence ("On Friday our CFO wrote down the terms:"), ">50 users", a header
block with no From and no ">" quote under it.

Guarantees: every test is bounded (lines over `MAX_LINE` characters are never attributions or
headers), and `_candidates.candidate_lines` finds the lines worth testing in C-speed passes,
so callers examine only those, never every line of a long body.
"""

from __future__ import annotations

import re

from lemtui.mail.render._history import WORD_RE
from lemtui.mail.render._memo import TextMemo
from lemtui.mail.render._regex import guarded, top_branches
from lemtui.mail.render._vocab import (
    ATTRIBUTION_FILLERS,
    FORWARD_WORDS,
    HEADER_LABELS,
    INLINE_DATE_LABELS,
    INLINE_SUBJECT_LABELS,
    INTRO,
    ORIGINAL_WORDS,
    VERB,
)
from lemtui.mail.render._written_by import WRITTEN_BY_RE

__all__ = [
    "DATE_RE",
    "HEADER_LABELS",
    "HEADER_LINE_RES",
    "INLINE_LABELS_RE",
    "LEADING_MARKS_RE",
    "MAX_LINE",
    "QUOTE_PREFIX_RE",
    "RULE_RE",
    "SENTENCE_END",
    "attribution_span",
    "header_block",
    "header_categories",
    "heading_start",
    "heads_quote",
    "heads_unmarked_history",
    "history_starts",
    "is_header_block",
    "is_history_line",
    "label_block",
    "label_line",
    "opens_history",
    "quoted",
    "quoted_run_end",
    "separator",
    "separator_at",
    "wrapped_value",
]

# --------------------------------------------------------------------------------------------
# Line patterns

# The verbs ignoring case, written with `guarded` (patterns compiled without IGNORECASE): the
# same match as the plain list, with a branch or two tried at each place instead of one per
# verb (a lazy lead tries the verbs at each of its characters).
_VERBS = guarded(top_branches(VERB))
_STRONG_WROTE_RE = re.compile(
    rf"\s*(?:-{{2,}}\s*)?(?i:{INTRO})\b(?P<lead>.{{1,400}}?)(?:{_VERBS})(?!\w)(?P<name>.{{0,200}}?)\s?:\s*"
)
# Any lead, then the verb: "张伟 <a@b> 于2024年3月5日周二 10:12写道:", "Вт, 5 бер. 2024 р. о 10:12
# Богдан <b@x> пише:". Strong only with a date in the lead and an address.
_VERB_RE = re.compile(rf"(?:{_VERBS})(?!\w)")
_DATED_WROTE_RE = re.compile(
    rf"\s*(?P<lead>\d.{{0,300}}?)(?:{_VERBS})(?!\w)(?P<name>.{{0,120}}?)\s?:\s*"
)
_VERB_END_RE = re.compile(rf".{{0,400}}?(?:{_VERBS})(?!\w).{{0,120}}?\s?:\s*")
# Date-first attributions with no verb: `26.06.2014, 14:41, "Name" <a@b.c>:` (Yandex),
# `2014-06-26 14:41 GMT+02:00 Name <a@b.c>:` (older Gmail), Mail.ru's "…, 12:00 от Name <a@b>:".
_DATED_ADDRESS_RE = re.compile(
    r"\s*(?P<lead>\S.{0,300}?\d.{0,300}?)<?[^\s<>@]{1,64}@[^\s<>@]{1,255}>?\)?\s?:\s*",
    re.IGNORECASE,
)
_ADDRESS_END_RE = re.compile(r"[^\s<>@]{1,255}>?\)?\s?:\s*")
# What makes those lines attributions and not sentences: a date or time before the verb or the
# address ("On Friday our CFO wrote down …:", "2 things Bob wrote …:" have neither) …
DATE_RE = re.compile(r"\d{1,2}:\d\d|\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")
_DIGIT_RE = re.compile(r"\d")
# … and after the verb at most a name and an address ("schrieb Jan Weber <j@x>:"), never words
# of a sentence ("wrote down the conditions:").
_NAME_NOISE_RE = re.compile(r"<[^<>]*>|\([^()]*\)|\"[^\"]*\"|\S+@\S+|\[\d+\]")
_NAME_PARTICLES = frozenset({"della", "dalla", "degli", "delle"})  # "de", "van": short
_DASHED_RE = re.compile(r"\s*-{2,}\s*(\S.{0,400}?)\s*-{2,}\s*")

_SEPARATOR_RE = re.compile(  # ignoring case (`guarded`)
    rf"\s*[-_=*]*\s*(?:({guarded(top_branches(FORWARD_WORDS))})"
    rf"|{guarded(top_branches(ORIGINAL_WORDS))})\s*[-_=*]*\s*[:：]?\s*"
    # QQ Mail's and Foxmail's bare "Original", only between rules of dashes:
    # alone on a line with none it is a word ("Original:" over a list).
    r"|\s*[-_=]{3,}\s*(?i:Original)\s*[-_=]{3,}\s*"
)

# Labels ignoring case, written with `guarded`: only whether a line opens with one is asked,
# so the same labels, a try or two instead of eighty.
HEADER_LINE_RES = {
    category: re.compile(rf"\s*\*{{0,2}}\s*(?:{guarded(top_branches(labels))})\s*\*{{0,2}}\s?[:：]")
    for category, labels in HEADER_LABELS.items()
}
INLINE_LABELS_RE = re.compile(
    rf"\s\*{{0,2}}(?:(?P<date>{INLINE_DATE_LABELS})|{INLINE_SUBJECT_LABELS})\*{{0,2}}\s?:",
    re.IGNORECASE,
)


RULE_RE = re.compile(r"\s*(?:[*_\-—─=]\s*){3,}")
QUOTE_PREFIX_RE = re.compile(r"^(?:> ?)+", re.MULTILINE)
LEADING_MARKS_RE = re.compile(r"^[\s>]+")
SENTENCE_END = tuple(".!?:;)\"'»…")
MAX_LINE = 600
MAX_ATTRIBUTION_LINES = 4
"""An attribution may wrap over this many lines ("On Tuesday, 5 March 2024 / at 10:12, Bob
Martin / from Acme / <b@x.test> wrote:")."""

# --------------------------------------------------------------------------------------------
# Line tests


def quoted(line: str) -> bool:
    """A ">" quoted line; not ">50 users" (a number after ">" means "more than")."""
    return line.startswith(">") and not line[1:2].isdigit()


def attribution_span(lines: list[str], i: int, *, strong_only: bool = False) -> int:
    """How many lines (1–4) an attribution starting at line i spans, or 0.

    Strong: an intro word, a date and a verb ("On … wrote:", "Le … a écrit :", "---- On …
    wrote ----", "W dniu … napisał:"), a date then a verb ("2024年3月5日 10:12，张伟 <a@b> 写道：",
    "05.03.2024 10:12, Богдан пише:"), a date followed by an address and a colon (`26.06.2014,
    14:41, "Name" <a@b>:`), or a date and an address before any verb (Gmail's "张伟 <a@b>
    于2024年3月5日 10:12写道："); after the verb, at most a name. Weak (only when `strong_only` is
    false): a short line ending in a verb and a colon ("Bob <b@x.test>wrote:", "You wrote:"),
    or one wrapped over up to four lines that holds an address or a date.

    An attribution alone hides nothing: every caller needs a second signal under it (">"
    quoted lines, a quote container or blockquote, or for unmarked history a strong one that
    `heads_unmarked_history` vouches for).
    """
    line = lines[i]
    if len(line) > MAX_LINE or not line.strip():
        return 0
    joined = line
    for span in range(1, MAX_ATTRIBUTION_LINES + 1):
        if span > 1:
            if i + span - 1 >= len(lines) or not lines[i + span - 1].strip():
                return 0
            if len(lines[i + span - 1]) > 300 or quoted(lines[i + span - 1]):
                return 0
            if _ends_sentence(joined):
                return 0  # a sentence ended: the attribution cannot have started above
            joined = f"{joined} {lines[i + span - 1].strip()}"
        dashed = _dashed(joined)  # Zoho: "---- On … wrote ----", no colon
        if dashed and _is_strong_attribution(dashed.group(1) + ":"):
            return span
        if joined.rstrip().endswith("："):
            joined = joined.rstrip()[:-1] + ":"
        if not joined.rstrip().endswith(":"):
            continue
        if _is_strong_attribution(joined) or (
            not strong_only and _is_weak_attribution(joined, span)
        ):
            return 0 if span > 1 and _starts_lower(lines, i, span) else span
        return 0  # it ended in its colon and is no attribution: no longer one is either
    return 0


def _has_digit_or_at(line: str) -> bool:
    """Whether a line holds a digit (any `str.isdigit`) or an address's "@"."""
    return "@" in line or any(map(str.isdigit, line))


def _dashed(joined: str) -> re.Match[str] | None:
    """Zoho's "---- … ----": tried only on a line that opens and ends with two dashes (its
    lazy middle backtracks through every dash of a line that only opens with them)."""
    if not (joined.lstrip().startswith("--") and joined.rstrip().endswith("--")):
        return None
    return _DASHED_RE.fullmatch(joined)


def _starts_lower(lines: list[str], i: int, span: int) -> bool:
    """Whether the attribution lines i … i+span-1 hold a whole one that starts lower, the
    lines above it having neither a digit nor an address: a sign-off and a name typed right
    over it ("Ingat,", "Jasmine", "On Monday, December 7, 2026 … wrote:"), no part of it."""
    for j in range(i + 1, i + span):
        if _has_digit_or_at(lines[j - 1]):
            return False
        if attribution_span(lines, j, strong_only=True) == i + span - j:
            return True
    return False


_DATE_ABBREVIATION_RE = re.compile(r"\d\.?,?\s+[^\W\d_]{1,4}\.\s*$")


def _ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence; not a date's abbreviated month or weekday wrapping an
    attribution ("… ezt írta (időpont: 2026. dec." / "2., Sze, 10:12):")."""
    line = line.rstrip()
    if not line.endswith((".", "!", "?")):
        return False
    return _DATE_ABBREVIATION_RE.search(line[-40:]) is None


def _is_weak_attribution(joined: str, span: int) -> bool:
    """A short line ending in a verb, at most a name and a colon ("Bob <b@x.test>wrote:",
    "You wrote:"), or one wrapped over up to four lines when it holds an address or a date."""
    if len(joined) > (200 if span == 1 else 400) or not _VERB_END_RE.fullmatch(joined):
        return False
    verb = next(reversed(list(_VERB_RE.finditer(joined))), None)
    if verb is not None and not _is_name(joined[verb.end() :].rstrip()[:-1]):
        return False  # "… wrote down the numbers:" is a sentence
    return span == 1 or "@" in joined or DATE_RE.search(joined) is not None


def _is_name(text: str) -> bool:
    """Whether the words after an attribution's verb are a name (with its address) at most."""
    names = WORD_RE.findall(_NAME_NOISE_RE.sub(" ", text))
    return len(names) <= 6 and not any(
        word.islower() and len(word) > 3 and word not in _NAME_PARTICLES for word in names
    )


def _is_strong_attribution(joined: str) -> bool:
    """A dated attribution: intro and verb, a leading date and verb, a date and address, or
    an address and a date before the verb (Gmail's Chinese and Ukrainian forms). Several
    readers ask about the same lines, so each answer is kept while a body is read (`_memo`)."""
    if _DIGIT_RE.search(joined) is None:
        return False  # each shape needs its date (`DATE_RE`), and every date has a digit
    return _strong_kept(joined)


def _strong_attribution(joined: str) -> bool:
    for regex in (_STRONG_WROTE_RE, _DATED_WROTE_RE, WRITTEN_BY_RE):
        m = regex.fullmatch(joined)
        if m and DATE_RE.search(m.group("lead")) and _is_name(m.group("name")):
            return True
    if "@" not in joined:
        return False
    # Its "@" is the last one (nothing after it may hold one): when what follows that is no
    # address's end and a colon, the shape's nested lazy groups need not backtrack to say no.
    tail_ok = _ADDRESS_END_RE.fullmatch(joined, joined.rfind("@") + 1) is not None
    m = _DATED_ADDRESS_RE.fullmatch(joined) if tail_ok else None
    if m is not None and DATE_RE.search(m.group("lead")) is not None:
        # After the date only a name ("+03:00 от Name <a@b>:"), never "10:00 I wrote to b@x:".
        tail = _NAME_NOISE_RE.sub(" ", re.split(r"\d", m.group("lead"))[-1])
        return not any(
            w.islower() and len(w) > 3 and w not in _TAIL_WORDS for w in WORD_RE.findall(tail)
        )
    # The last verb, in one pass (a fullmatch with two lazy groups backtracks on many verbs).
    verb = next(reversed(list(_VERB_RE.finditer(joined))), None)
    if verb is None:
        return False
    lead, name = joined[: verb.start()], joined[verb.end() :].rstrip()[:-1]
    # The address and the date before the verb, and no word of a sentence among them ("I
    # emailed bob@x.test at 10:00 and he wrote:"): a weekday or month is four letters at most.
    return (
        len(name) <= 120
        and "@" in lead
        and DATE_RE.search(lead) is not None
        and _is_name(name)
        and not any(
            w.islower() and len(w) > 4 for w in WORD_RE.findall(_NAME_NOISE_RE.sub(" ", lead))
        )
    )


_strong_kept = TextMemo(_strong_attribution, size=256)
_TIME_RE = re.compile(r"\d{1,2}:\d\d")
_FULL_DATE_RE = re.compile(
    r"\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}"
)
_TAIL_WORDS = frozenset(
    {"am", "pm", "um", "uhr", "at", "à", "o", "kl", "om", "alle", "ore", "a", "las", "de", "г", "в"}
    | {"от", "пользователь", "gmt", "utc", "cet", "cest", "h"}
    | ATTRIBUTION_FILLERS
)


def heads_unmarked_history(joined: str) -> bool:
    """Whether an attribution with no ">" under it is surely a client's, so the rest is history.

    The second signal for history with no quote marks, after a strong attribution (the first).
    Folding all that follows needs more than the shape: an address, or a time or a whole date
    (ISO, "5 March 2024", "March 5, 2024") with only a name between it and the verb ("On 3
    June at 10:00 our CFO wrote:" is a sentence).
    """
    if "@" in joined:
        return True
    joined = joined.rstrip().removesuffix("：") + ":" if joined.rstrip().endswith("：") else joined
    for regex in (_STRONG_WROTE_RE, _DATED_WROTE_RE):
        m = regex.fullmatch(joined)
        if m and (_TIME_RE.search(m.group("lead")) or _FULL_DATE_RE.search(m.group("lead"))):
            tail = WORD_RE.findall(re.split(r"\d", m.group("lead"))[-1])
            return not any(w.islower() and w not in _TAIL_WORDS for w in tail)
    return False


_ANY_DATE_RE = re.compile(
    r"\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\s*[月월]|\d{1,2}(?:st|nd|rd|th)?\s+[^\W\d_]{3,}"
)


def heads_quote(lines: list[str]) -> bool:
    """Whether the last lines of a text, right above a quote that folds, are its attribution
    in a shape or language no rule above knows ("2024年3月5日 10:12，张伟 <a@b> 写道：").

    Two signals: the quote under it (the caller's), and the shape of a client's attribution:
    one to four lines, none ending a sentence, the last ending in a colon (or Zoho's dashes),
    with an address, or a date and a time, and after the last digit no lower-case word but a
    known verb ("пише", "a écrit"), and in all of it two lower-case words at most (a weekday,
    a month, a verb no rule knows), so "On 3 June 2024 at 10:00 our CFO wrote down:", "… by
    10:00 on 5 March 2024 the following:" and "Send it to Anna <a@x> by 10:00 on 5 March
    2024:" are sentences.
    """
    if not lines or len(lines) > MAX_ATTRIBUTION_LINES:
        return False
    joined = " ".join(line.strip() for line in lines)
    if len(joined) > MAX_LINE or any(map(_ends_sentence, lines)):
        return False
    if not (joined.endswith((":", "：")) or _dashed(joined)):
        return False
    if "@" not in joined and not (_TIME_RE.search(joined) and _ANY_DATE_RE.search(joined)):
        return False
    tail = _NAME_NOISE_RE.sub(" ", re.split(r"\d", joined)[-1])
    lower = [
        w for w in WORD_RE.findall(tail) if w.islower() and len(w) > 3 and w not in _TAIL_WORDS
    ]
    if lower and (len(lower) > 1 or _VERB_RE.fullmatch(lower[0]) is None):
        return False
    # Nor a sentence around the date: "Send it to Anna <a@x.test> by 10:00 on 5 March 2024:".
    words = [
        w
        for w in WORD_RE.findall(_NAME_NOISE_RE.sub(" ", joined))
        if w.islower() and len(w) > 1 and w not in _TAIL_WORDS and not _VERB_RE.fullmatch(w)
    ]
    return len(words) <= 2 and sum(len(w) > 4 for w in words) <= 1


def heading_start(lines: list[str]) -> int:
    """Where the attribution of a paragraph that heads a quote (`heads_quote`, or one whole
    `attribution_span`) starts, or -1 when it heads none: its first lines with neither a
    digit nor an address are a sign-off and a name typed right over the attribution ("धन्यवाद,",
    "प्रिया", "सोम, 7 दिस॰ 2026 को 6:40 pm बजे Arjun <a@x> ने लिखा:") when the rest heads it
    alone, and they stay the sender's."""

    def heads(part: list[str]) -> bool:
        return heads_quote(part) or attribution_span(part, 0) == len(part) or label_block(part)

    if not lines or not heads(lines):
        return -1
    start = 0
    while start + 1 < len(lines) and not _has_digit_or_at(lines[start]):
        if not heads(lines[start + 1 :]):
            break
        start += 1
    return start


def separator(line: str) -> tuple[bool, bool]:
    """Whether the line is a forward/original-message line, and whether it is a forward."""
    if len(line) > 200:
        return False, False
    m = _SEPARATOR_RE.fullmatch(line)
    if m is None:
        return False, False
    return True, m.group(1) is not None


# A label between two rules: "---------- Preposlaná správa ---------", "----- 转发邮件信息 -----".
_DASHED_LABEL_RE = re.compile(
    r"\s*[-_=]{3,}\s*([^\W\d_][^\W\d]*(?:\s[^\W\d]+){0,4})\s*[-_=]{3,}\s*"
)


def separator_at(lines: list[str], i: int) -> tuple[bool, bool]:
    """Whether line i is a forward/original-message line, and whether it is a forward.

    A known one (`separator`), or a label no list knows between two rules of three dashes or
    more ("---------- Preposlaná správa ---------"): two signals, that shape (one to five
    words, no digit, no sentence's punctuation) and a header block with From right under it
    (at most one blank line between). Whether it forwards is then the header's subject's say.
    """
    found = separator(lines[i])
    if found[0] or len(lines[i]) > 200 or not _DASHED_LABEL_RE.fullmatch(lines[i]):
        return found
    j = i + 1
    if j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines) or "from" not in header_categories(lines[j]):
        return False, False
    return header_block(lines, j)[0], False


def header_categories(line: str) -> frozenset[str]:
    """The fields a header line labels ("From: … Sent: …" two), read once per line and body."""
    if len(line) > MAX_LINE or (":" not in line and "：" not in line):
        return _NO_FIELDS  # every label ends in its colon
    return _fields_kept(line)


def _header_fields(line: str) -> frozenset[str]:
    found = {category for category, regex in HEADER_LINE_RES.items() if regex.match(line)}
    if found:
        for m in INLINE_LABELS_RE.finditer(line):
            found.add("date" if m.group("date") else "subject")
    return frozenset(found)


_NO_FIELDS: frozenset[str] = frozenset()
_fields_kept = TextMemo(_header_fields, size=512)


def wrapped_value(line: str) -> bool:
    """A header's value wrapped onto the next line: part of an address or of a list of them
    ("<b@x.test>", "example.test]", "Dave Lee; Eve"), short, with an address's punctuation."""
    return len(line) <= 120 and any(mark in line for mark in "@<>[];,")


def is_header_block(lines: list[str], i: int) -> bool:
    """A header block: "From: … Sent: … To: … Subject: …" in any order and language."""
    return header_block(lines, i)[0]


_LABEL_SHAPE_RE = re.compile(r"[ \t]*\*{0,2}[^\W\d_]{1,14}(?:[ .][^\W\d_]{1,14})?\.?\*{0,2} ?[:：]")

_LABEL_VALUE_RE = re.compile(
    r"[ \t]*\*{0,2}[^\W\d_]{1,20}(?:[ .'][^\W\d_]{1,20}){0,2}\.?\*{0,2} ?[:：][ \t]*\S"
)


def label_line(line: str) -> bool:
    """A header's shape: a short label (one to three words), a colon and a value."""
    return len(line) <= 300 and _LABEL_VALUE_RE.match(line) is not None


def label_block(lines: list[str]) -> bool:
    """Whether `lines` (a paragraph, three to six lines) is a header block in labels no list
    knows ("Oddi wrth: Karl <k@x.test>", "Anfonwyd: 1 Rhagfyr 2026 9:30", "At: …", "Pwnc: …"):
    every line a short label, a colon and a value, one value with an address and another with
    a date. Its shape is one signal; the caller needs a second (the quote container it opens,
    or the quote right under it)."""
    filled = [line for line in lines if line.strip()]
    if not 3 <= len(filled) <= 6 or any(len(line) > 300 for line in filled):
        return False
    if not all(map(label_line, filled)) or "@" not in filled[0]:
        return False  # a header opens with who wrote; "Owner: Bob <b@x>" lower down is a list
    values = [line.split(":", 1)[-1].split("：", 1)[-1].strip() for line in filled]
    if any(_typed_value(value) for value in values):
        return False  # a value that is a sentence: typed notes, not a header
    return any(DATE_RE.search(line) for line in filled[1:])


def _typed_value(value: str) -> bool:
    """A label's value that reads as typed words, not a header's: over eight words, or three
    or more starting in lower case with no address ("we decided to cancel the order")."""
    words = WORD_RE.findall(value)
    return len(words) > 8 or (len(words) >= 3 and "@" not in value and value[:1].islower())


def header_block(lines: list[str], i: int) -> tuple[bool, int]:
    """Whether a header block starts at line i, and where its run of header lines ends.

    Two signals: a From line (the first signal) with at least two more fields of date, to
    and subject in the lines under it (the second); a block with no From needs ">" quoted text
    under it instead.

    Its first line holds a label; the next lines (single blank lines between them allowed, at
    most thirteen lines, an address wrapped onto a line of its own too) name at least three of
    from/date/to/subject; a field no list knows ("Réf. :") continues the block when a known
    one follows it. Bold labels (`*From:*`) and two headers on
    one line count. With no From line ("Date: … To: … Subject: …", an invite typed in the
    reply) it is a header block only when ">" quoted text follows it.
    """
    first = header_categories(lines[i])
    if not first:
        return False, i
    seen = set(first)
    blanks = wrapped = 0
    end = i + 1
    for j in range(i + 1, min(len(lines), i + 14)):
        if not lines[j].strip():
            blanks += 1
            if blanks > 1:
                break  # two blank lines in a row end it; one between fields does not (<p>s)
            continue
        blanks = 0
        cats = header_categories(lines[j])
        if not cats:
            if wrapped < 2 and end == j and wrapped_value(lines[j]):
                wrapped += 1  # "From: Bob Martin" / "<b@x.test>": the address wrapped
                end = j + 1
                continue
            if (
                end == j
                and j + 1 < len(lines)
                and _LABEL_SHAPE_RE.match(lines[j])
                and header_categories(lines[j + 1])
            ):
                end = j + 1  # a field no list knows ("Réf. :", "Priorité :") between two known
                continue
            break
        seen |= cats
        end = j + 1
    if len(seen) < 3 or not seen & {"from", "date"}:
        return False, end
    if "from" in seen:
        return True, end
    after = next((line for line in lines[end : end + 3] if line.strip()), "")
    return quoted(after), end


def quoted_run_end(lines: list[str], i: int) -> int:
    """End (exclusive) of the run of ">" lines starting at i, blank lines inside included.

    A quoted line re-wrapped without its ">" (a signature's "www.x.test | City" under
    "> Name | Title |") belongs to the run: up to three lines right under its last line, the
    first not starting with a capital, when that line ends no sentence.
    """
    end = j = i
    while j < len(lines):
        if quoted(lines[j]):
            end = j + 1
        elif lines[j].strip():
            break
        j += 1
    last = lines[end - 1].rstrip() if end > i else ""
    if end - i >= 2 and end < len(lines) and last and not last.endswith(SENTENCE_END):
        first = lines[end].strip()
        if first and not first[0].isupper():
            stop = end
            while stop < len(lines) and stop - end < 3 and lines[stop].strip():
                stop += 1
            if stop == len(lines) or not lines[stop].strip():
                end = stop
    return end


def history_starts(lines: list[str], i: int) -> tuple[int, bool]:
    """Whether quoted history starts at line i (lines it takes, 0 if not) and if a forward.

    Inside a quote container a single header line ("From: …") is enough: the container and
    the label agree.
    """
    line = lines[i]
    if quoted(line):
        return 1, False
    is_separator, forward = separator_at(lines, i)
    if is_separator:
        return 1, forward
    span = attribution_span(lines, i)
    if span:
        return span, False
    return (1, False) if header_categories(line) else (0, False)


def is_history_line(lines: list[str], j: int) -> bool:
    """Whether history could start at line j: a ">" line, forward line, header or attribution."""
    line = lines[j]
    return (
        quoted(line)
        or separator_at(lines, j)[0]
        or is_header_block(lines, j)
        or bool(attribution_span(lines, j))
    )


def opens_history(lines: list[str], k: int) -> bool:
    """Whether line k (quote marks removed) is a header line, separator or attribution."""
    line = lines[k]
    if header_categories(line) and _among_headers(lines, k):
        return True
    return bool(separator_at(lines, k)[0] or attribution_span(lines, k))


def _among_headers(lines: list[str], k: int) -> bool:
    """Whether header line k has another header line next to it (one blank line between
    allowed). Two signals: its label, and a second label beside it; one "No: we use HubSpot."
    or "Za: twelve." typed as an answer (Latvian "No:", Slovenian "Za:") is no header."""
    for step in (-1, 1):
        j = k + step
        if 0 <= j < len(lines) and not lines[j].strip():
            j += step
        if 0 <= j < len(lines) and header_categories(lines[j]):
            return True
    return False
