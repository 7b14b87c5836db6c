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
   initials ("[KM] …"), or, when the text above announces answers inline, a line right under a
   quoted question (`_announced`). A paragraph that copies an earlier message word for word
   is history.
4. Only trailing history folds: quotes after the last line of new text. A quote between new
   lines stays visible (inline), so answers keep their questions. A signature or footer ends
   where new text follows it (a P.S., a sentence), and then shows, unless it is a short block
   under a "-- " delimiter, which folds where it is.
5. Nothing folds everything: a body with no new text shows all of it, and says what it is:
   a forward with no note is a "forward" (the forwarded message is what it brings), a reply
   with no new words a "whole-quote". A phone's footer alone ("Sent from my iPhone" above
   the quote) is no new words: it folds, and the quote shows; the older mail that quote
   quotes in turn (under an attribution of its own) is its trailing history and folds.

The rules live in the modules this one assembles: `_attribution` (where history starts),
`_signature` (signatures and footers), `_split` (a run split by its lines), `_history` (the
conversation), `_answers` (answers typed inside a quote), `_thread` (a help desk's pasted
ticket thread) and `_forward` (a forward's headers).
This module reads each container with them, in body order, then merges the segments and
decides what folds (rules 4 and 5).

Every scan is bounded: lines are examined only where a regex pass found a candidate, style marks
are read once per line with a bounded stack, and the history check works on word shingles and
short lines (sets built once) of at most `MAX_HISTORY_CHARS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lemtui.mail.render._announced import announced_answers
from lemtui.mail.render._answers import (
    initialled_answers,
    inner_answers,
    known_answers,
    split_answers,
    split_repeats,
    split_same_line_answers,
    strip_styles,
)
from lemtui.mail.render._attribution import (
    MAX_ATTRIBUTION_LINES,
    QUOTE_PREFIX_RE,
    RULE_RE,
    attribution_span,
    header_block,
    heading_start,
    heads_quote,
    is_header_block,
    is_history_line,
    quoted,
    separator_at,
)
from lemtui.mail.render._banner import MAX_BANNER_LINES, banner_end
from lemtui.mail.render._candidates import candidate_lines
from lemtui.mail.render._forward import forwarded_subject
from lemtui.mail.render._history import WORD_RE, History
from lemtui.mail.render._memo import forget
from lemtui.mail.render._signature import (
    SIG_DELIMITERS,
    delimited_block,
    named_block,
    only_signature,
)
from lemtui.mail.render._split import Kind, Mark, Segment, split_container, split_text
from lemtui.mail.render._thread import copied_thread

__all__ = ["segment"]


def segment(pieces: Sequence[tuple[Mark, str]], history: History | None = None) -> list[Segment]:
    """The body's containers as segments in order, each marked folded or not (rules above)."""
    try:
        return _segment(pieces, history)
    finally:
        forget()  # the first passes kept while this body was read (`_memo`)


def _segment(pieces: Sequence[tuple[Mark, str]], history: History | None) -> list[Segment]:
    out: list[Segment] = []
    judged: set[int] = set()  # segments of containers already read line by line
    for mark, marked_text in pieces:
        if mark == "quote":
            marked_text = split_same_line_answers(marked_text)
        text, styles = strip_styles(marked_text)
        if not text.strip():
            continue
        if mark == "text":
            # After history or a client's signature container, a footer may open the text
            # (a legal notice the client appends under the signature).
            after = bool(out) and (out[-1].kind == "quote" or out[-1].marked)
            out.extend(split_text(text, after_history=after))
        elif mark == "signature":
            out.append(Segment("signature", text, marked=True))
        elif (
            mark == "quote" and _bare_cite(text) and not _blockquote_is_history(text, out, history)
        ):
            out.extend(_read_cite(text))
        elif mark == "quote":
            answered = inner_answers(text, styles, history) if styles or history else None
            read = split_container(text) if answered is None else answered
            judged.update(id(s) for s in read)
            out.extend(read)
        elif _blockquote_is_history(text, out, history):
            out.append(Segment("quote", text))
        else:
            out.append(Segment("text", _deindent(text)))
    if history:
        read_on: list[Segment] = []
        wrote = False  # whether text the writer wrote comes before (`split_repeats`)
        for s in out:
            if s.kind == "text":
                pieces_read = split_repeats(s, history, after_text=wrote)
                wrote = wrote or any(p.kind == "text" and p.text.strip() for p in pieces_read)
            elif s.kind == "quote":
                pieces_read = (split_answers if id(s) in judged else known_answers)(s, history)
            else:
                pieces_read = [s]
            read_on.extend(pieces_read)
        out = copied_thread(read_on, history)
    out = [
        piece
        for s in out
        for piece in (initialled_answers(s, history) if s.kind == "quote" else [s])
    ]
    out = announced_answers(_merge([s for s in out if s.text.strip()]), history)
    out = _merge(_bodies_between_headers(out))
    _move_delimiters(out)
    _decide(out)
    return out


def _bodies_between_headers(segments: list[Segment]) -> list[Segment]:
    """Text that sits under a bare header block and above more history is the body of the
    message that header introduces, not the sender's: Outlook 2007–2013 puts each header of a
    thread in a bordered div of its own and every body outside it, so a forwarded thread reads
    header, body, header, body. Two signals: a quote that is only a header block (From, date,
    to, subject: someone else's message) right above the text, and history starting right
    below it. Answers typed into a quote sit among its quoted lines, never under a bare header.

    So does a gateway's external-sender banner alone between a bare header block and the quote
    of that message's text (the warning the quoted mail's recipient's server stamped on it,
    `is_gateway_banner`): two signals, the bare header above with a quote under the banner,
    and the banner's wording as the text's only lines.
    """
    for index in range(1, len(segments) - 1):
        above, text, below = segments[index - 1 : index + 2]
        if text.kind != "text" or above.kind != "quote" or below.kind != "quote":
            continue
        if _bare_header(above.text) and (_opens_history(below.text) or _only_banner(text.text)):
            text.kind = "quote"
    return segments


def _only_banner(text: str) -> bool:
    """Whether the text's only lines are a gateway's banner (`banner_end`)."""
    lines = text.strip("\n").split("\n")
    if len(lines) > MAX_BANNER_LINES:
        return False
    lead = next((i for i, line in enumerate(lines) if line.strip()), 0)
    end = banner_end(lines, lead)
    return end > lead and not any(line.strip() for line in lines[end:])


def _bare_header(text: str) -> bool:
    """A quote that holds a header block with From and nothing under it."""
    lines = text.strip("\n").split("\n")
    lead = next(
        (i for i, line in enumerate(lines) if line.strip() and not RULE_RE.fullmatch(line)), 0
    )
    if len(lines) - lead > 16:
        return False
    is_header, end = header_block(lines, lead)
    return is_header and not any(line.strip() for line in lines[end:])


def _opens_history(text: str) -> bool:
    lines = text.strip("\n").split("\n")[:20]
    lead = next(
        (i for i, line in enumerate(lines) if line.strip() and not RULE_RE.fullmatch(line)), 0
    )
    return is_history_line(lines, lead)


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
            or lines[-1].strip() in SIG_DELIMITERS
            or RULE_RE.fullmatch(lines[-1])
        ):
            moved.insert(0, lines.pop())
        if moved and after.kind == "signature":
            after.text = "\n".join(moved) + "\n" + after.text
        current.text = "\n".join(lines)


def _decide(segments: list[Segment]) -> None:
    """Folds trailing history and signatures; never everything."""

    def last_text() -> int:
        return max(
            (i for i, s in enumerate(segments) if s.kind == "text" and s.text.strip()), default=-1
        )

    _footer_only_text(segments)
    _signature_after_quote(segments)
    last = last_text()
    if (
        0 <= last < len(segments) - 1
        and segments[last + 1].kind == "quote"
        and _attribution_into_quote(segments[last], segments[last + 1])
        and not segments[last].text.strip()
    ):
        del segments[last]  # it held only the attribution: the text before it is the last
        last = last_text()
    if last < 0:
        _nothing_new(segments)
        return
    for index, s in enumerate(segments):
        s.folded = (index > last and s.kind != "text") or s.delimited
    # A signature right after folded history is the quoted sender's: it folds with the quote.
    for index in range(len(segments) - 1, 0, -1):
        s, before = segments[index], segments[index - 1]
        if s.kind == "signature" and not s.marked and before.kind == "quote" and before.folded:
            before.text += "\n" + s.text
            del segments[index]


def _signature_after_quote(segments: list[Segment]) -> None:
    """The quoted sender's signature left under the quote, outside it, as the body's last
    text: it is no new text, so the quote is trailing history and both fold.

    Two signals: the quote right above it opens with an attribution that names the block's
    first line, and the block is a signature's lines, no sentence (`named_block`).
    """
    texts = [i for i, s in enumerate(segments) if s.kind == "text" and s.text.strip()]
    if len(texts) < 2:
        return  # the only text is the sender's, whatever it looks like
    index = texts[-1]
    if index == 0 or segments[index - 1].kind != "quote":
        return
    quote = segments[index - 1].text.strip().split("\n")
    head = next((i for i, line in enumerate(quote) if line.strip()), 0)
    span = attribution_span(quote, head)
    if span and named_block(segments[index].text, " ".join(quote[head : head + span])):
        segments[index].kind = "signature"


def _footer_only_text(segments: list[Segment]) -> None:
    """A reply sent with nothing typed but the client's signature above the quote ("Sent from
    my iPhone", the only line iOS Mail and Yahoo for iPhone leave; Yandex's "-- " then
    "Отправлено из мобильного приложения Яндекс Почты"; a "-- " and a name): that signature is
    no new text, so the quote is what the message brings (rule 5). It folds when it is surely
    one (`only_signature`), and shows otherwise (`_nothing_new`).

    Two signals: the text is all signature (whole-line mobile footers, or a "-- " delimiter
    over a few lines with no sentence, in any wording: `delimited_block`), and quoted history
    follows it. It hides nothing: the quote it turns into a whole-quote was folded, and a
    signature in a wording no list knows stays shown.
    """
    texts = [s for s in segments if s.kind == "text" and s.text.strip()]
    if len(texts) != 1 or not (only_signature(texts[0].text) or delimited_block(texts[0].text)):
        return
    index = segments.index(texts[0])
    if not any(s.kind == "quote" for s in segments[index + 1 :]):
        return
    texts[0].kind = "signature"


def _attribution_into_quote(text: Segment, quote: Segment) -> bool:
    """Moves the attribution left at the end of `text` into the folded `quote` under it (one
    wrapped, or in a language no rule knows): the whole attribution folds, not its last line.
    Whether it moved."""
    lines = text.text.rstrip().split("\n")
    start = len(lines)
    while start > 0 and len(lines) - start < MAX_ATTRIBUTION_LINES and lines[start - 1].strip():
        start -= 1
    if start == len(lines) or (start > 0 and lines[start - 1].strip()):
        return False  # no paragraph, or one longer than an attribution
    head = heading_start(lines[start:])
    if head < 0:
        # Rediff's "On Mon, 07 Dec 2026 16:22:10 +0530 Name wrote" has no colon: a strong
        # attribution once it is given one, over the quote (the second signal).
        paragraph = lines[start:]
        colon = [*paragraph[:-1], paragraph[-1].rstrip() + ":"]
        if paragraph[-1].rstrip().endswith((":", "：")) or attribution_span(
            colon, 0, strong_only=True
        ) != len(colon):
            return False
        head = 0
    start += head
    text.text = "\n".join(lines[:start]).rstrip()
    quote.text = "\n".join(lines[start:]) + "\n" + quote.text
    return True


def _nothing_new(segments: list[Segment]) -> None:
    """No new text: nothing folds but a signature that stood in for it, and the history is
    what the message brings: a "forward" when it opens with a forward line or a forwarded
    subject ("Fwd:", "TR:", "WG:" …), a "whole-quote" otherwise. A whole-quote shows the
    message it quotes; that message's own trailing history folds (`_nested_history_start`)."""
    first = next((s for s in segments if s.kind == "quote"), None)
    kind: Kind = "forward" if first is not None and _is_forward(first) else "whole-quote"
    for s in segments:
        s.folded = s.kind == "signature" and only_signature(s.text)
        if s.kind == "quote":
            s.kind = kind
    if first is not None and kind == "whole-quote":
        start = _nested_history_start(first.text)
        if start > 0:
            lines = first.text.split("\n")
            first.text = "\n".join(lines[:start]).rstrip("\n")
            older = Segment("quote", "\n".join(lines[start:]), folded=True)
            segments.insert(segments.index(first) + 1, older)


def _nested_history_start(text: str) -> int:
    """Where the quoted message of a reply with no new words has its own trailing history (the
    line it starts on), or -1: the quote shows, the older mail it quotes in turn folds.

    Two signals, in the quote's own text (one level of ">" off): an attribution with lines
    quoted one level deeper under it, or a header block with From (itself a From line and two
    more fields, or with none ">" quotes under it), or a forward or original-message line;
    and words of the quoted message
    above it, under the quote's own attribution or header block, which stay shown.
    """
    lines = text.split("\n")
    cited = all(quoted(line) for line in lines if line.strip())
    inner = [_ONE_LEVEL_RE.sub("", line, count=1) for line in lines] if cited else lines
    lead = next((i for i, line in enumerate(inner) if line.strip()), len(inner))
    if lead == len(inner):
        return -1
    span = attribution_span(inner, lead)
    is_header, header_end = header_block(inner, lead)
    body = lead + span if span else header_end if is_header else lead + 1
    text_seen = False
    seen_to = body
    for k in candidate_lines("\n".join(inner)):
        if k < body:
            continue
        text_seen = text_seen or any(WORD_RE.search(line) for line in inner[seen_to:k])
        seen_to = max(seen_to, k)
        if not text_seen or quoted(inner[k]):
            continue
        if separator_at(inner, k)[0] or header_block(inner, k)[0]:
            return k
        span = attribution_span(inner, k)
        if span:
            under = next((line for line in inner[k + span : k + span + 4] if line.strip()), "")
            if quoted(under):
                return k
    return -1


def _is_forward(quote: Segment) -> bool:
    """A forward line opens it, or its header block's subject says it was forwarded."""
    return quote.forward or forwarded_subject(quote.text)


def _blockquote_is_history(text: str, before: list[Segment], history: History | None) -> bool:
    """Whether a bare blockquote (or a client's cite with no attribution inside it) quotes
    earlier mail rather than indenting a passage.

    Two signals: the blockquote, and one of these: an attribution or a quote right above it
    (the attribution moves into it), an attribution, header block or forward line of its own
    at its top, or the conversation repeated. With none it is indentation, shown.
    """
    if before and before[-1].kind == "quote":
        return True
    if before:
        lines = before[-1].text.rstrip().split("\n")
        for i in range(max(0, len(lines) - MAX_ATTRIBUTION_LINES), len(lines)):
            if attribution_span(lines, i) + i == len(lines) or (
                (i == 0 or not lines[i - 1].strip()) and heads_quote(lines[i:])
            ):
                i += max(0, heading_start(lines[i:]))
                before[-1].text = "\n".join(lines[:i])
                before.append(Segment("quote", "\n".join(lines[i:])))
                return True
    inner = QUOTE_PREFIX_RE.sub("", text).lstrip("\n").split("\n")
    if inner and (
        separator_at(inner, 0)[0] or attribution_span(inner, 0) or is_header_block(inner, 0)
    ):
        return True
    return bool(history) and history is not None and history.repeats(text)


def _bare_cite(text: str) -> bool:
    """A quote container that is only a blockquote's "> " lines (Gmail's or Apple Mail's cite
    with no attribution of its own): like a bare blockquote, it needs a second sign."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    return first.startswith(">")


def _read_cite(text: str) -> list[Segment]:
    """A cite with no attribution above or at its top and nothing the conversation holds: the
    words typed in it are the sender's. With a forward line, header block or attribution
    further down, the text above that is a comment and the rest its history (two signals:
    the cite and that line); with none, the cite is indentation, shown."""
    inner = _ONE_LEVEL_RE.sub("", text)
    lines = inner.split("\n")
    for k in candidate_lines(inner):
        line = lines[k]
        if not quoted(line) and (
            separator_at(lines, k)[0] or is_header_block(lines, k) or attribution_span(lines, k)
        ):
            head = "\n".join(lines[:k])
            return [Segment("text", _deindent(head)), *split_container("\n".join(lines[k:]))]
    return [Segment("text", _deindent(text))]


_ONE_LEVEL_RE = re.compile(r"^> ?", re.MULTILINE)


def _deindent(text: str) -> str:
    """A blockquote used for indentation: its "> " marks become an indent."""
    return QUOTE_PREFIX_RE.sub(lambda m: "    " * m.group().count(">"), text)
