"""A help desk's ticket thread pasted under a rule: the comments after it are history.

Zendesk and Freshdesk write each earlier comment of a ticket under an <hr>, with its author,
date, greeting and sign-off around it (its frame). `copied_thread` turns the run after the
first such rule into a quote when every line of text after it frames a copy the conversation
holds; a line typed anywhere after the rule keeps all of it as it was.
"""

from __future__ import annotations

from lemtui.mail.render._attribution import DATE_RE, RULE_RE
from lemtui.mail.render._history import WORD_RE, History
from lemtui.mail.render._split import Segment

__all__ = ["copied_thread"]

_MAX_ANSWER_LINES = 2000
"""A text segment's lines looked at for a rule (as `_answers` reads at most 2,000)."""

_FRAME_WORDS = 8
"""A comment's frame line (its author, its date, "Hi Olivia,", "Best, Sam") is this short."""
_MAX_RULE_TRIES = 4


def _frame_line(line: str, history: History) -> bool:
    """A rule, or a short line that is no sentence and that the conversation holds or that
    carries a date: the author, date, greeting and sign-off around a copied comment."""
    line = line.strip()
    if not line or RULE_RE.fullmatch(line):
        return True
    if len(WORD_RE.findall(line)) > _FRAME_WORDS or line.endswith((".", "!", "?")):
        return False
    return DATE_RE.search(line) is not None or history.holds(line)


def copied_thread(segments: list[Segment], history: History) -> list[Segment]:
    """A help desk's ticket thread (Zendesk, Freshdesk) under a rule: from the first rule line
    whose every later text line frames a copy, the rest of the body is history.

    Three signals: a rule line (the <hr> between comments), a quote after it that repeats an
    earlier message, and no line of text after it but frame lines (`_frame_line`: short, no
    sentence, a date or words the conversation holds). A typed answer ("Yes, Thursday.")
    anywhere after the rule keeps all of it as it was.
    """
    if not _rule_in_text(segments) or not any(
        s.kind == "quote" and history.repeats(s.text) for s in segments
    ):
        return segments  # the cheap signal first: most bodies have no rule line
    tries = _MAX_RULE_TRIES  # each try reads the rest once: a few keep it linear
    for index, s in enumerate(segments):
        if s.kind != "text":
            continue
        lines = s.text.split("\n")
        for k, line in enumerate(lines[:_MAX_ANSWER_LINES]):
            if not RULE_RE.fullmatch(line) or (k == 0 and index == 0):
                continue
            tries -= 1
            if tries < 0:
                return segments
            rest = segments[index + 1 :]
            if not all(_frame_line(x, history) for x in lines[k:]) or not any(
                r.kind == "quote" and history.repeats(r.text) for r in rest
            ):
                continue
            if all(
                r.kind != "text" or all(_frame_line(x, history) for x in r.text.split("\n"))
                for r in rest
            ):
                head = "\n".join(lines[:k])
                out = [*segments[:index], *([Segment("text", head)] if head.strip() else [])]
                out.append(Segment("quote", "\n".join(lines[k:])))
                out.extend(Segment("quote", r.text) if r.kind == "text" else r for r in rest)
                return out
    return segments


def _rule_in_text(segments: list[Segment]) -> bool:
    """Whether a text segment has a rule line where `copied_thread` would try one."""
    return any(
        RULE_RE.fullmatch(line) and (k or index)
        for index, s in enumerate(segments)
        if s.kind == "text"
        for k, line in enumerate(s.text.split("\n")[:_MAX_ANSWER_LINES])
    )
