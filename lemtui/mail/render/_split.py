"""A run of converted text split into `Segment`s (text, quote, signature) by its lines' look.

`split_text` reads a plain run: ">" runs, attributions with what they head, header blocks and
forward lines (history to the end, or to the end of its ">" run when the header under a forward
or original-message line is quoted), and signatures and footers (`_signature`). `split_container`
reads a quote container a mail client marked: history from its first sign of history on, the
text above it new.

Guarantees: markup alone never hides words (a container with no sign of history is text), a
signature or footer with new text after it stays text unless it is a short "-- " block, and
only the lines `candidate_lines` finds are examined, so a million-line body costs a few
C-speed passes, not a million Python steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from lemtui.mail.render._attribution import (
    RULE_RE,
    SENTENCE_END,
    attribution_span,
    header_block,
    header_categories,
    heads_unmarked_history,
    history_starts,
    label_block,
    label_line,
    quoted,
    quoted_run_end,
    separator_at,
)
from lemtui.mail.render._candidates import candidate_lines
from lemtui.mail.render._shapes import bare_from, notes_header_start, unflatten
from lemtui.mail.render._signature import (
    MAX_FOOTER_LINES,
    footer_end,
    is_footer_start,
    is_signature_block,
    legal_starts,
)

__all__ = ["Kind", "Mark", "Segment", "split_container", "split_text"]

_NON_BLANK_RE = re.compile(r"\S")

Kind = Literal["text", "quote", "signature", "forward", "whole-quote"]
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


# Quote marks other than ">": Supercite's "Bob> " (a short name or initials) and "| ".
# Searched in "\n" + text: a literal first lets sre skip from line to line.
_OTHER_PREFIX_RE = re.compile(r"\n(?:([A-Za-z][\w.-]{0,15})>(?=[ \t\n]|$)|\|(?=[ \t\n]|$|\w))")
_MIN_UNATTRIBUTED_RUN = 3


def unify_prefixes(text: str) -> str:
    """`text` with runs of "Name> " or "| " quoted lines written as ">" quotes.

    Two signals: the same mark leading two or more lines in a row (blank lines between allowed),
    and an attribution right above the run; or, with none, a run of three lines or more. A
    "Name>" mark counts as one run wherever it recurs in the body: interleaved answers break a
    Supercite quote into runs of a line or two ("SC> question", answer, "SC> question"), and
    the same initials leading line after line are the quote's mark, not a sentence's start. A
    "|" line that also ends in "|" is a table row, and "|-- name" a tree listing, never a quote;
    "|" runs stay contiguous (a bar in a diagram recurs too).
    """
    padded = "\n" + text
    if _OTHER_PREFIX_RE.search(padded) is None:
        return text
    lines = text.split("\n")
    marks: dict[int, str] = {}
    line_no = last = 0
    for m in _OTHER_PREFIX_RE.finditer(padded):  # m.start() is where the line starts in text
        line_no += text.count("\n", last, m.start())
        last = m.start()
        line = lines[line_no]
        if m.group(1) is None and line.rstrip().endswith("|") and len(line.strip()) > 1:
            continue
        marks[line_no] = m.group(1) or "|"
    runs: list[list[int]] = []
    named: dict[str, list[int]] = {}  # a Supercite mark's one run, wherever its lines are
    for line_no in sorted(marks):
        run = runs[-1] if runs else None
        if marks[line_no] != "|":
            if marks[line_no] not in named:
                runs.append(named.setdefault(marks[line_no], []))
            named[marks[line_no]].append(line_no)
        elif (
            run is not None
            and marks[run[-1]] == marks[line_no]
            and all(not lines[j].strip() for j in range(run[-1] + 1, line_no))
        ):
            run.append(line_no)
        else:
            runs.append([line_no])
    for run in runs:
        if len(run) < 2:
            continue
        above = run[0] - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        start = above
        while start > 0 and above - start < 3 and lines[start - 1].strip():
            start -= 1
        attributed = above >= 0 and any(
            attribution_span(lines, j) + j == above + 1 for j in range(max(0, start), above + 1)
        )
        if not attributed and len(run) < _MIN_UNATTRIBUTED_RUN:
            continue
        for j in run:
            lines[j] = "> " + lines[j] if marks[j] != "|" else ">" + lines[j][1:]
    return "\n".join(lines)


def split_text(text: str, *, after_history: bool = False) -> list[Segment]:
    """A plain run split into text, quote and signature parts by what its lines look like.

    Only lines a regex pass found worth examining are looked at, so a million-line body costs
    a few C-speed passes, not a million Python steps. A signature or footer ends where new
    text follows it; it then stays a signature (folded where it is) only when it is a short
    block under a "-- " delimiter, and is text otherwise.

    A footer is looked for from the run's second line of text on, or from its first when the
    run comes `after_history` (a quote container right above it): the quoted sender's "-- "
    signature Gmail leaves under its blockquote, the company disclaimer Exchange appends under
    the whole history. Two signals: the footer's shape (a delimiter, a legal notice's heading
    or wording, a whole-line mobile footer) and the history right above it; and, as for every
    footer, nothing new after it (`footer_end`), or it is text.
    """
    text = unflatten(unify_prefixes(text))
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
    candidates = candidate_lines(text)
    if legal := legal_starts(text, lines) - set(candidates):
        candidates = sorted(legal.union(candidates))
    candidate_set = set(candidates)
    resume = 0
    for k in candidates:
        if k < resume:
            continue
        line = lines[k]
        if line.startswith(">"):
            if not quoted(line):
                continue  # ">50 users"
            end = quoted_run_end(lines, k)
            previous = lines[k - 1].strip() if k > 0 else ""
            if end - k >= 2 or not previous or previous.endswith(SENTENCE_END[:3]):
                mark(k, "quote")
                mark(end, "text")
                resume = end
                continue
        is_separator, forward = separator_at(lines, k)
        is_header, header_end = header_block(lines, k)
        if is_separator and (marked := _marked_history(lines, k)):
            mark(k, "quote", forward)
            mark(marked, "text")
            resume = marked
            continue
        if is_separator or is_header:
            # Outlook's Japanese "差出人 Name [mailto:a@b]" has no colon: its From line counts
            # right over a header block (two signals: the From label with an address, the block).
            above = k - 1 if is_header and k > max(first_text, bounds[-1][0]) else -1
            mark(above if above >= 0 and bare_from(lines[above]) else k, "quote", forward)
            break
        notes = notes_header_start(lines, k)
        if notes > max(first_text, bounds[-1][0]):
            mark(notes, "quote")
            break
        span = attribution_span(lines, k)
        if span:
            j = k + span
            while j < n and not lines[j].strip():
                j += 1
            if j < n and quoted(lines[j]):
                end = quoted_run_end(lines, j)
            elif (
                attribution_span(lines, k, strong_only=True)
                and (j >= n or _OTHER_PREFIX_RE.match("\n" + lines[j]) is None)
                and heads_unmarked_history(" ".join(lines[k : k + span]))
            ):
                # A client's attribution with its quote unmarked: the rest is history. Not when
                # the line under it bears a mark `unify_prefixes` did not take ("SC> " once):
                # that quote is marked, so unmarked lines after it are the sender's answers.
                end = n
            else:
                resume = k + 1
                continue
            mark(k, "quote")
            mark(end, "text")
            resume = end
            continue
        resume = max(k + 1, header_end)  # the rest of a run of header lines is no block either
        if (k > first_text or after_history) and is_footer_start(lines, k):
            end, new_after = footer_end(lines, k, candidate_set)
            if end < 0:
                resume = k + MAX_FOOTER_LINES  # too long for a footer: text
                continue
            delimited = new_after and is_signature_block(lines, k, end)
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


_QUOTE_MARKS_RE = re.compile(r"(?:>[ \t]?)+")


def _marked_history(lines: list[str], k: int) -> int:
    """Where the history under the separator at line k ends, when that history bears ">" marks
    (Yahoo's and Outlook's "prefix each line" text: "-----Original Message-----" over "> From:
    …"), or 0 when it does not.

    Two signals: the separator line, and the header block right under it (at most one blank
    line between) quoted line by line. The history is then the ">" run, no further: unquoted
    lines after it are the sender's answers or closing, typed under the quote, and stay text.
    An unmarked header under the separator keeps the old reading (history to the end).
    """
    j = k + 1
    if j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines) or not quoted(lines[j]):
        return 0
    head = _QUOTE_MARKS_RE.sub("", lines[j], count=1)
    if not header_categories(head):
        return 0
    return quoted_run_end(lines, j)


def _label_block_start(lines: list[str], k: int) -> int:
    """Where the header block holding the known header line k starts, when lines in labels no
    list knows ("Nga:", "Dërguar:") sit right over it and the run is a header's shape."""
    start = k
    while start > 0 and k - start < 5 and label_line(lines[start - 1]):
        start -= 1
    if start == k:
        return k
    end = k + 1
    while end < len(lines) and end - start < 6 and lines[end].strip():
        end += 1
    return start if label_block(lines[start:end]) else k


def split_container(text: str) -> list[Segment]:
    """A quote container a mail client wrote: history from its first sign of history on.

    Text before the first attribution, header block, forward line or ">" line is new text (a
    comment typed into a forward, a reply composed inside the quote on a phone). A container
    with no sign of history at all is shown as text: markup alone never hides words. Lines
    between its ">" runs are answers typed into the quote (interleaved) and stay text.
    """
    text = unify_prefixes(text)
    lines = text.split("\n")
    for k in candidate_lines(text):
        taken, forward = history_starts(lines, k)
        if taken:
            if k > 0 and header_categories(lines[k]) and bare_from(lines[k - 1]):
                k -= 1  # "差出人 Name [mailto:a@b]" (no colon) over the header lines opens it
            elif k > 0 and header_categories(lines[k]):
                k = _label_block_start(lines, k)
            head = "\n".join(lines[:k])
            out = split_text(head) if head.strip() else []
            tail = "\n".join(lines[k:])
            rest = split_text(tail) if quoted(lines[k]) or attribution_span(lines, k) else []
            if rest and rest[0].kind == "quote":
                out.extend(rest)  # ">" runs with answers between them: interleaved
            else:
                out.append(Segment("quote", tail, forward=forward))
            return out
    # A header block in labels no list knows at the container's top (Outlook's reply header
    # in a language we lack): two signals, the container and the block's shape.
    top = [line for line in lines[:14] if line.strip() and not RULE_RE.fullmatch(line)]
    if any(label_block(top[:size]) for size in (6, 5, 4, 3)):
        return [Segment("quote", text)]
    return split_text(text)
