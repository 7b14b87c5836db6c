"""The lines worth a closer look: where history or a footer may start, found in C-speed passes.

`candidate_lines` is the readers' first pass: a line whose first words could open history
(">", a rule, an intro word, a header label, a forward line) or a footer ("--", "Sent from",
a legal notice's opening), or that ends an attribution ("… wrote:") up to three lines on. Every
reader then examines only those lines, never every line of a long body.

The same text is read by several rules in turn (a quote container is split, its head and tail
read again, the answers inside it looked for), so the pass is kept while a body is read
(`_memo`): each text is scanned once.
"""

from __future__ import annotations

import functools
import re

from lemtui.mail.render._attribution import MAX_ATTRIBUTION_LINES, MAX_LINE
from lemtui.mail.render._memo import TextMemo
from lemtui.mail.render._regex import guarded, top_branches
from lemtui.mail.render._vocab import (
    CANDIDATE_STARTS,
    FORWARD_WORDS,
    GLUED_VERB,
    HEADER_LABELS,
    NOTES_TO,
    ORIGINAL_WORDS,
    VERB,
)

__all__ = ["candidate_lines"]

_LABELS = "|".join(HEADER_LABELS.values()).split("|")
_NOTES = sorted(map(re.escape, NOTES_TO | {"subject", "thema"}))
# The first words of any line worth a closer look: history's starts (`_attribution`) and
# footers' starts (`_signature`: "--", "Sent from", legal notices), so one pass serves both.
# All ignoring case, written with `guarded` (a Notes label's ending written into each of its
# branches), so that sre tests a line's first letter against a few classes, not hundreds.
_STARTS = CANDIDATE_STARTS.split("|") + top_branches(f"{FORWARD_WORDS}|{ORIGINAL_WORDS}")
_LABEL_END = r"\*{0,2}\s?[:：]"
_NOTE_END = r"[ \t]*$"
_CANDIDATE_RE = re.compile(
    rf"^[ \t]*+(?:>|[-_—=*\d]|{guarded(_STARTS)}"
    rf"|{guarded([note + _NOTE_END for note in _NOTES])}"
    rf"|\*{{0,2}}(?:{guarded(_LABELS)}){_LABEL_END})",
    re.MULTILINE,
)
_COLON_END_RE = re.compile(r":[ \t]*$", re.MULTILINE)  # a literal first: sre skips ahead fast
_ANY_COLON_END_RE = re.compile(r"[:：][ \t]*$", re.MULTILINE)  # with CJK's fullwidth colon
# The verbs ignoring case (`guarded`, as in `_attribution`).
_VERBS = guarded(top_branches(VERB))
_AFTER_VERB = r"(?!\w).{0,120}|@[^\s<>@]{1,255}>?\)?)\s?[:：][ \t]*"
_ATTRIBUTION_END_RE = re.compile(rf"(?:\b(?:{_VERBS}){_AFTER_VERB}")


@functools.cache
def _glued_end_re() -> re.Pattern[str]:
    """The end with CJK's glued verbs ("10:12写道："), compiled for the first CJK text."""
    return re.compile(rf"(?:(?:\b(?:{_VERBS})|{GLUED_VERB}){_AFTER_VERB}")


_CJK_RE = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def candidate_lines(text: str) -> list[int]:
    """Line numbers worth examining: a likely start word, or an attribution's end 0–3 lines on."""
    return list(_kept(text))


def _candidate_lines(text: str) -> tuple[int, ...]:
    found: set[int] = set()
    line_no = last = 0
    for m in _CANDIDATE_RE.finditer(text):
        line_no += text.count("\n", last, m.start())
        last = m.start()
        found.add(line_no)
    line_no = last = 0
    colon_ends = _ANY_COLON_END_RE if "：" in text else _COLON_END_RE
    ends: re.Pattern[str] | None = None  # which, once a line ends in a colon
    for m in colon_ends.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - start > MAX_LINE:
            continue
        if ends is None:
            cjk = not text.isascii() and _CJK_RE.search(text) is not None
            ends = _glued_end_re() if cjk else _ATTRIBUTION_END_RE
        if not ends.search(text, start, m.end()):
            continue
        line_no += text.count("\n", last, start)
        last = start
        found.update(range(max(0, line_no - MAX_ATTRIBUTION_LINES + 1), line_no + 1))
    return tuple(sorted(found))


_kept = TextMemo(_candidate_lines)
