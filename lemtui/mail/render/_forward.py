"""A forwarded message's header block read as data: who, when, to whom, what about.

A body sent with no note of its own is a forward when its header block's subject says so
("Fwd:", "TR:", "WG:", "PD:" …) or a forward line opens it (`_quotes`); its fields ("From:",
"Envoyé :", "Wysłano:", "件名:" …, in every language `_attribution` knows) become the block's
`headers`, which `--format json` writes.

Guarantees: bounded (the first 30 lines, the first 3,000 characters), and every value is a
piece of one line of the body (or two, when an address wrapped), cleaned by the caller.
"""

from __future__ import annotations

import re

from lemtui.mail.render._attribution import (
    HEADER_LABELS,
    HEADER_LINE_RES,
    INLINE_LABELS_RE,
    LEADING_MARKS_RE,
    header_categories,
    wrapped_value,
)
from lemtui.mail.render._regex import grouped

__all__ = ["forwarded_subject", "header_fields"]

_FORWARDED_SUBJECT_RE = re.compile(  # searched in "\n" + text: a literal first skips ahead
    rf"\n[ \t>]*\*{{0,2}}(?:{grouped(HEADER_LABELS['subject'].split('|'))})\s*\*{{0,2}}\s?[:：]"
    r"\*{0,2}[ \t]*\W?"
    r"(?:fwd?|tr|wg|rv|i|enc|doorst|pd|vb|vs|vl|fs|pfw|пересл|转发|轉寄|転送|전달)\s?[:：]",
    re.IGNORECASE,
)


def forwarded_subject(text: str) -> bool:
    """Whether a header block near the top of `text` has a forwarded subject ("Subject: Fwd:
    …", "Objet : TR: …", "Betreff: WG: …", "Temat: PD: …")."""
    return _FORWARDED_SUBJECT_RE.search("\n" + text[:3000]) is not None


_CC_LABELS = frozenset({"cc", "копия", "kopia", "dw", "抄送", "참조", "עותק", "نسخة"})
_FIELD_LABEL_RE = re.compile(r"\s*\*{0,2}\s*([^:：*]{1,30}?)\s*\*{0,2}\s?[:：]\s*")


def header_fields(text: str) -> dict[str, str]:
    """The first header block's fields in the first 30 lines of `text`, as data: "from",
    "date", "to", "cc", "subject" (whatever their language), each the rest of its line.

    Quote marks and bold markers are dropped; a field written twice keeps its first value; a
    value wrapped onto the next line ("<b@x.test>") is joined to it.
    """
    fields: dict[str, str] = {}
    started = False
    last = ""
    for raw in text.split("\n", 30)[:30]:
        line = LEADING_MARKS_RE.sub("", raw)
        cats = header_categories(line)
        if not cats:
            if last and wrapped_value(line):
                fields[last] = f"{fields[last]} {line.strip()}".strip()  # "From: Bob" / "<b@x>"
                continue
            if started and line.strip():
                break
            last = ""
            continue
        started = True
        last = ""
        m = _FIELD_LABEL_RE.match(line)
        if m is None:
            continue
        label = " ".join(m.group(1).split()).lower()
        category = (
            "cc"
            if label in _CC_LABELS
            else next(
                (c for c in ("from", "date", "to", "subject") if HEADER_LINE_RES[c].match(line)),
                "",
            )
        )
        if category and category not in fields:
            value = INLINE_LABELS_RE.split(line[m.end() :], maxsplit=1)[0]
            fields[category] = value.strip().strip("*").strip()
            last = category
    return fields
