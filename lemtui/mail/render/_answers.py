"""Answers typed inside a quote: lines of quoted history that are the writer's new text.

Outlook on the web, Apple Mail and others let people answer between the quoted questions,
often with no quote marks of their own. Three signs find them, in this order: the
conversation (`History`: a line of a quote it mostly holds that it does not hold), the look
(a whole line in a style the quoted text lacks, from the tokenizer's style marks, that reads
as typed words; a styled run typed after a question on its line is first given a line of its
own), and initials ("[KM] …" under a header block). A paragraph of the new text
that copies an earlier message word for word goes the other way: it is history.

Guarantees: an answer is only ever taken out of a quote, never a quoted line out of new
text but a word-for-word copy; a quote the conversation does not know is left as it is; and
every reading is bounded (at most 2,000 lines of a quote, 400 paragraphs of new text, a style
stack 32 deep).
"""

from __future__ import annotations

import re

from lemtui.mail.render._attribution import (
    LEADING_MARKS_RE,
    MAX_LINE,
    QUOTE_PREFIX_RE,
    RULE_RE,
    attribution_span,
    header_block,
    header_categories,
    history_starts,
    opens_history,
    quoted,
)
from lemtui.mail.render._banner import banner_end
from lemtui.mail.render._candidates import candidate_lines
from lemtui.mail.render._history import (
    LINK_NUMBER_RE,
    MIN_WORDS,
    SHINGLE,
    WORD_RE,
    History,
    words_of,
)
from lemtui.mail.render._signature import (
    LEGAL_START_RE,
    LEGAL_WORDS_RE,
    eco_footer,
    legal_terms,
)
from lemtui.mail.render._split import Kind, Segment, split_container, split_text

__all__ = [
    "initialled_answers",
    "inner_answers",
    "known_answers",
    "split_answers",
    "split_repeats",
    "split_same_line_answers",
    "strip_styles",
]

_PARAGRAPH_RE = re.compile(r"\n[ \t>]*\n")
_MAX_PARAGRAPHS = 400
_MAX_ANSWER_LINES = 2000
_ONE_QUOTE_LEVEL_RE = re.compile(r"^> ?")
# Images' alt texts ("[LinkedIn] [XING]", as a client quoting them writes them) or a bare link:
# the history's tag strip never saw them.
_UNKNOWABLE_RE = re.compile(
    r"[\s>]*(?:(?:\[[^\[\]]*\][ \t]*)+|<?(?:https?://|www\.)\S*(?: \[\d{1,6}\])?)\s*[.,;]?\s*$"
)
# The tokenizer's style marks (`STYLE_OPEN` + a style id … `STYLE_CLOSE`, see `_parse`).
_STYLE_MARK_RE = re.compile("\ue004([\ue100-\ue6ff]?)|\ue005")
_MAX_STYLE_STACK = 32
# A signature's address, link, phone or "Name | Title · City" line is no answer.
_NOT_TYPED_RE = re.compile(r"@|https?:|www\.|[|·]|^[\s\d()+./-]*$")
_PIPES_RE = re.compile(r"[|·]")
_PHONE_ONLY_RE = re.compile(r"[\s\d()+./-]*")
_ADDRESS_RE = re.compile(r"\S*@\S*|<?(?:https?://|www\.)\S*")
# "[KM] Make it the 11th", "[Kofi Mensah] …" (Outlook's "mark my comments with"), ">> …": an
# answer typed under a question, marked with the writer's initials, name or arrows.
_INITIALS_RE = re.compile(
    r"^[ \t]*(?:\[[A-Z][\w.'-]{0,20}(?: [A-Z][\w.'-]{0,20}){0,2}\]|(>>))[ \t]*\w", re.MULTILINE
)

# The same bracketed initials inside ">" cited lines (Gmail's quote under its attribution): an
# answer only right under a question (`initialled_answers`), ">>" never.
_CITED_INITIALS_RE = re.compile(
    r"[ \t]*(?:> ?)+\[[A-Z][\w.'-]{0,20}(?: [A-Z][\w.'-]{0,20}){0,2}\][ \t]*\w"
)

# A quoted question and, on the same line, a styled run to its end: "Six today? <red>Nine.</red>"
_SAME_LINE_ANSWER_RE = re.compile(
    r"^([ \t>]*)([^\n?]{1,600}\?)[ \t]+(?=\ue004[^\n]*\w)", re.MULTILINE
)


def split_same_line_answers(text: str) -> str:
    """A quote's marked text with each styled run typed after a question on its line (Outlook:
    "How many users? <b><red>Six today.</red></b>") moved to a line of its own, under the same
    quote marks, where `inner_answers` judges it like any styled line.

    Only a break is added, no word moved or dropped: the run becomes an answer only if that
    whole new line is in a style the quoted text lacks and reads as typed words (two more
    signals, `inner_answers`); otherwise it stays in the quote, one line lower.
    """
    if "\ue004" not in text or "?" not in text:
        return text
    return _SAME_LINE_ANSWER_RE.sub(_break_before_answer, text)


def _break_before_answer(m: re.Match[str]) -> str:
    marks = m[1].strip()  # the line's quote marks, not a list item's indent
    return f"{m[1]}{m[2]}\n{marks + ' ' if marks else ''}"


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
            if m.start() > pos and WORD_RE.search(line, pos, m.start()):
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
        if WORD_RE.search(line, pos):
            common = set(stack) if common is None else common & set(stack)
        styles.append(frozenset(common or ()))
    return _STYLE_MARK_RE.sub("", text), styles


def inner_answers(
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
    start = next((k for k in candidate_lines(text) if history_starts(lines, k)[0]), -1)
    if start < 0:
        return None
    unquoted = QUOTE_PREFIX_RE.sub("", text)
    inner_lines = unquoted.split("\n")
    candidates = set(candidate_lines(unquoted))
    sections: list[list[int]] = [[]]
    for j in range(start, len(lines)):
        inner = inner_lines[j].strip()
        if not WORD_RE.search(inner) or RULE_RE.fullmatch(inner):
            continue  # blank, a rule, or a nested quote's bare " >"
        if j in candidates and opens_history(inner_lines, j):
            sections.append([])
        else:
            sections[-1].append(j)
    answers: list[int] = []
    for section in sections:
        section = _past_banner(inner_lines, section)
        texts = [LEADING_MARKS_RE.sub("", lines[j]).strip() for j in section]
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
    answers = _without_trailing_legal(lines, sorted(answers))
    if not answers:
        return None
    body = [j for section in sections for j in section]
    cited = sum(1 for j in body if quoted(lines[j])) * 2 > len(body)
    head = split_container("\n".join(lines[: answers[0]]))
    return _answer_segments(lines, set(answers), head, cited=cited)


def _past_banner(lines: list[str], section: list[int]) -> list[int]:
    """A quoted message's lines (indices into `lines`, quote marks removed) without the
    gateway banner that opens them: the warning the quoted mail's recipient's server stamped on
    it is neither an answer nor the message's own style.

    Two signals: the banner's wording (`is_gateway_banner`: "outside" and two things to beware
    of, or one under a warning's label), and its place: the first lines under the message's
    header block or attribution, above its quoted text. Anywhere else it is judged as any line.
    """
    if not section:
        return section
    end = banner_end(lines, section[0])
    return section if end == section[0] else [j for j in section if j >= end]


def _legal_notice(line: str) -> bool:
    """A line that is a legal notice: a heading ("CONFIDENTIALITY NOTICE:", "DISCLAIMER:") or a
    known opening ("This e-mail …", "Ce message …") with two legal terms, or a long line (100
    characters or more) with three; or the company's "think before you print" line the same
    server appends with it (`eco_footer`: three signals in one short line)."""
    if len(line) > 4 * MAX_LINE:
        return False
    if eco_footer(line):
        return True
    m = LEGAL_START_RE.match(line)
    if m is not None and legal_terms(line) >= 2:  # a heading alone may open an answer
        return True
    return len(line) >= 100 and legal_terms(line) >= 3


def _without_trailing_legal(lines: list[str], answers: list[int]) -> list[int]:
    """`answers` (sorted) without the legal notices at the end of the quote: the disclaimer a
    mail server appends under the whole history is no line the writer typed, though the
    conversation never held it.

    Two signals: the line is a legal notice (`_legal_notice`), and it trails the quote (only
    blank lines or more such notices after it). A legal-sounding answer between quoted
    lines stays an answer.
    """
    end = len(lines)
    while answers:
        j = answers[-1]
        if any(WORD_RE.search(line) for line in lines[j + 1 : end]):
            break
        if not _legal_notice(LEADING_MARKS_RE.sub("", lines[j]).strip()):
            break
        end = answers.pop()
    return answers


def _reads_as_answer(line: str, previous: str) -> bool:
    """Whether a styled line of a quote reads as typed words, not as a signature or legal line.

    A name or a title ("Marta Gil", "Head of Sales") is styled in many signatures: a line of
    fewer than four words counts only when it ends a sentence or answers a question ("Yes").
    """
    if len(line) > MAX_LINE or legal_terms(line) >= 2:
        return False
    if _NOT_TYPED_RE.search(line) and not _sentence_around_address(line):
        return False
    if LEGAL_START_RE.match(line) and LEGAL_WORDS_RE.search(line.lower()):
        return False
    if len(WORD_RE.findall(LINK_NUMBER_RE.sub(" ", line))) >= 4 or line.endswith((".", "!", "?")):
        return True
    return previous.endswith("?")


def _sentence_around_address(line: str) -> bool:
    """Whether a line holding an address or a link is a typed sentence that mentions it
    ("[MA] Support first, the address is help@x.test."), not a signature's contact line.

    Two signals beyond the style the caller saw: four words or more outside the addresses and
    links (numbers aside), and a sentence's end or the writer's initials leading it. A line
    with a signature's "|" or "·", or only a phone number, never counts.
    """
    if _PIPES_RE.search(line) or _PHONE_ONLY_RE.fullmatch(line):
        return False
    rest = _ADDRESS_RE.sub(" ", LINK_NUMBER_RE.sub(" ", line))
    words = [w for w in WORD_RE.findall(rest) if not w.isdigit()]
    ends = line.rstrip().endswith((".", "!", "?")) or _INITIALS_RE.match(line) is not None
    return len(words) >= 4 and ends


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
        line = QUOTE_PREFIX_RE.sub("", lines[j])
        if out and out[-1].kind == "text":
            out[-1].text += "\n" + line
        else:
            out.append(Segment("text", line))
    flush()
    return out


def initialled_answers(segment: Segment, history: History | None = None) -> list[Segment]:
    """A quote under a header block or separator with answers marked by initials ("[KM] …").

    Inside ">" cited lines a bracketed "[KM] …" line counts only right under a quoted question
    (or another answer): two signals, the initials leading it and the question it answers.

    A ">> " line counts only in a quote with no ">" marks of its own around it (Outlook's):
    elsewhere it is older history quoted twice. A line an earlier message of the conversation
    holds word for word (`History.copies`, four words at least) is an answer that message gave,
    quoted back: history, as the quote around it.
    """
    if _INITIALS_RE.search(segment.text) is None and "]" not in segment.text:
        return [segment]
    lines = segment.text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if quoted(lines[first]) or not opens_history(lines, first):
        return [segment]
    answers: set[int] = set()
    for j, line in enumerate(lines):
        m = _INITIALS_RE.match(line)
        cited = _CITED_INITIALS_RE.match(line) is not None
        if (
            (m and not (m.group(1) and any(quoted(n) for n in lines[max(0, j - 1) : j + 2 : 2])))
            or (cited and _under_question(lines, j, answers))
        ) and not (history and history.copies(LEADING_MARKS_RE.sub("", line), shortest=SHINGLE)):
            answers.add(j)
    if not answers:
        return [segment]
    head = [Segment("quote", "\n".join(lines[: min(answers)]), forward=segment.forward)]
    return _answer_segments(lines, answers, head, cited=False)


def _under_question(lines: list[str], j: int, answers: set[int]) -> bool:
    """Whether the last non-blank line above `j` is a quoted question or an answer taken."""
    for k in range(j - 1, max(-1, j - 4), -1):
        above = LEADING_MARKS_RE.sub("", lines[k]).strip()
        if above:
            return above.endswith(("?", "？")) or k in answers
    return False


def split_answers(segment: Segment, history: History) -> list[Segment]:
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
    cited = all(quoted(line) for line in lines if line.strip())
    inner = [_ONE_QUOTE_LEVEL_RE.sub("", line, count=1) for line in lines] if cited else lines
    lead = next(
        (i for i, line in enumerate(inner) if line.strip() and not RULE_RE.fullmatch(line)), 0
    )
    by_header = bool(header_categories(inner[lead]))
    head = 1 if by_header else attribution_span(inner, lead) if cited else 0
    if not cited and not by_header and (span := attribution_span(lines, lead)):
        rest = lines[lead + span :]
        if any(line.strip() for line in rest) and all(quoted(ln) for ln in rest if ln.strip()):
            # Gmail's: the attribution above the cited lines, outside them
            inner = lines[: lead + span] + [_ONE_QUOTE_LEVEL_RE.sub("", ln, count=1) for ln in rest]
            head = span
    if not head or any(quoted(line) for line in inner):
        return [segment]  # only unmarked text under a header block or a cite's attribution
    if by_header:  # the whole header block, fields no label list knows too ("Réf. :")
        head = max(head, header_block(inner, lead)[1] - lead)
    body = [
        index
        for index in range(lead + head, len(inner))
        if inner[index].strip() and not header_categories(inner[index])
    ]
    body = _past_banner(inner, body)
    if by_header and history.share("\n".join(inner[index] for index in body)) < 0.5:
        return [segment]
    shares: list[float | None] = [None] * len(inner)
    before: list[str] = []
    for index in body:
        words = words_of(LINK_NUMBER_RE.sub(" ", inner[index]))
        if _UNKNOWABLE_RE.match(inner[index]):
            pass  # an image's alt text or a bare link: the history's tag strip never saw it
        elif len(words) >= SHINGLE:
            shares[index] = history.share(inner[index])
        elif words:
            shares[index] = 1.0 if history.knows_short(words, before) else 0.0
        before = words
    if not by_header:  # answers are a large part of a short cite: known lines must outnumber them
        known = sum(1 for share in shares if share is not None and share >= 0.6)
        if not known or known < sum(1 for share in shares if share is not None and share < 0.3):
            return [segment]
    low = [i for i, share in enumerate(shares) if share is not None and share < 0.3]
    for i in set(low) - set(_without_trailing_legal(inner, list(low))):
        shares[i] = None  # a disclaimer under the quote: neither an answer nor judged
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


def known_answers(segment: Segment, history: History) -> list[Segment]:
    """A quote segment with the lines the conversation does not hold made new text (a plain
    body's history, what is left of a container after its answers were split)."""
    answered = inner_answers(segment.text, None, history)
    return answered if answered is not None else split_answers(segment, history)


_MAX_NAME_BLOCK_LINES = 6
_MAX_NAME_LINE_WORDS = 6


def _name_block(paragraph: str) -> bool:
    """A signature block: a name of one to four capitalised words, then at most five short
    lines (a title, a company, a phone) of six words at most, none ending a sentence with "!"
    or "?"."""
    lines = [line.strip() for line in paragraph.strip("\n").split("\n")]
    if not 0 < len(lines) <= _MAX_NAME_BLOCK_LINES or not all(lines):
        return False
    name = WORD_RE.findall(lines[0])
    if not 0 < len(name) <= 4 or not all(word[0].isupper() for word in name):
        return False
    return all(
        len(WORD_RE.findall(line)) <= _MAX_NAME_LINE_WORDS and not line.endswith(("!", "?", ":"))
        for line in lines
    )


def split_repeats(segment: Segment, history: History, *, after_text: bool = False) -> list[Segment]:
    """A text segment with the paragraphs that copy the conversation word for word made quotes.

    A paragraph that only restates an earlier one is the lead's answer and stays text. Right
    after a copied paragraph a shorter one (a sign-off, four words or more) is copied too when
    all of it is in the conversation. Right after new text, a name block (`_name_block`: the
    writer's own signature, which their earlier messages hold too) stays text. A copy's
    greeting and sign-off, too short alone, go with it when they read on as its earlier
    message (`_join_short_copies`).

    Two signals more, as pasted history has them (`_history_shaped`): the copy runs to the
    end of the segment, and the writer's own words come before it (`after_text`: in an
    earlier segment). Words that repeat the conversation anywhere else are the writer's: the
    same sentence written again ("Please stop emailing me"), a sequence's step reusing an
    earlier one's, a body that is nothing but words said before.
    """
    pieces = _PARAGRAPH_RE.split(segment.text)
    if len(pieces) > _MAX_PARAGRAPHS:
        return [segment]
    copied: list[bool] = []
    for index, piece in enumerate(pieces):
        after_copy = bool(copied) and copied[-1]
        copy = history.copies(piece, shortest=SHINGLE if after_copy else MIN_WORDS)
        if copy and index and not after_copy and _name_block(piece):
            copy = False  # the sender signs as they signed before: no quote of it
        copied.append(copy)
    _join_short_copies(pieces, copied, history)
    _history_shaped(pieces, copied, after_text)
    out: list[Segment] = []
    for piece, copy in zip(pieces, copied, strict=True):
        kind: Kind = "quote" if copy else segment.kind
        if out and out[-1].kind == kind:
            out[-1].text += "\n\n" + piece
        else:
            out.append(Segment(kind, piece))
    return out


def _history_shaped(pieces: list[str], copied: list[bool], after_text: bool) -> None:
    """Keeps copied (in place) only the copies where pasted history sits, under the writer's own
    words (above it a paragraph that is no copy and not the greeting that opens the segment, or
    `after_text`): the run of copies that ends the segment, and any copy under a rule line (a
    help desk's ticket thread, each earlier comment under its rule: `_thread.copied_thread`)."""
    start = len(pieces)
    while start > 0 and (copied[start - 1] or not pieces[start - 1].strip()):
        start -= 1
    rule = next(
        (i for i, piece in enumerate(pieces) if RULE_RE.fullmatch(piece.strip())), len(pieces)
    )
    history = min(start, rule)
    wrote = after_text or any(
        not copied[index] and pieces[index].strip() and not (index == 0 and _greeting(pieces[0]))
        for index in range(history)
    )
    for index in range(len(pieces)):
        if not wrote or (index < start and index < rule):
            copied[index] = False


_GREETING_END = (",", "!", ":", "，", "：", "！")


def _greeting(piece: str) -> bool:
    """A greeting's paragraph: one line of a few words ending as a greeting does ("Hej
    Linnea,", "Dear Anders:")."""
    line = piece.strip()
    return "\n" not in line and line.endswith(_GREETING_END) and len(WORD_RE.findall(line)) <= 6


def _join_short_copies(pieces: list[str], copied: list[bool], history: History) -> None:
    """Marks copied (in place) the short paragraphs around a copy that go on copying it: the
    greeting above a pasted message ("Hej Linnea,") and the sign-off under it ("Vänliga
    hälsningar"), too short to be judged alone.

    Two signals: the paragraph lies right next to a copied one, and the two read on, word for
    word, as an earlier message (`History.copies` of the paragraph with the copy's last or
    first words): the writer's own "Best,\nEmma" above a pasted message is in no earlier
    message right before its text, so it stays. Above a copy only a greeting's line counts
    (`_greeting`): the writer's name signing off ("Daan") reads on as the pasted message's
    own greeting to them ("Daan, ja …") and is theirs.
    """
    for index in range(1, len(pieces)):  # downwards: a sign-off, then the name under it
        if copied[index - 1] and not copied[index]:
            tail = " ".join(words_of(pieces[index - 1][-400:])[1 - SHINGLE :])
            copied[index] = history.copies(f"{tail} {pieces[index]}", shortest=SHINGLE)
    for index in range(len(pieces) - 2, -1, -1):  # upwards: the greeting over the copy
        if copied[index + 1] and not copied[index] and _greeting(pieces[index]):
            head = " ".join(words_of(pieces[index + 1][:400])[: SHINGLE - 1])
            copied[index] = history.copies(f"{pieces[index]} {head}", shortest=SHINGLE)
