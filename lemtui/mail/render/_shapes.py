"""Clients' own layouts of history's first lines, each recognised with two signals.

HCL Notes' colon-less header table, Outlook's Japanese From line without its colon, and Yahoo
for Android's text part that puts the quote on its attribution's line.
"""

from __future__ import annotations

import re

from lemtui.mail.render._attribution import (
    DATE_RE,
    HEADER_LABELS,
    MAX_LINE,
    attribution_span,
    heads_unmarked_history,
)
from lemtui.mail.render._vocab import NOTES_SUBJECT, NOTES_TO

__all__ = ["bare_from", "notes_header_start", "unflatten"]

_BARE_FROM_RE = re.compile(
    rf"[ \t]*\*{{0,2}}(?:{HEADER_LABELS['from']})\*{{0,2}}[ \t]+\S[^\n:]{{0,200}}@", re.IGNORECASE
)


def bare_from(line: str) -> bool:
    """A From line with no colon but an address ("差出人 中村 健 [mailto:k@x.test]"): only ever
    a header line when a header block sits right under it (the caller's second signal)."""
    return len(line) <= 300 and _BARE_FROM_RE.match(line.replace("mailto:", "")) is not None


def notes_header_start(lines: list[str], k: int) -> int:
    """Where a Notes reply header starts, when line k is its bare "To" label, or -1.

    HCL (Lotus) Notes lays its header out as a table with no colons: the sender and the date
    in one cell, then "To", "cc", "Subject" each alone on a line above its value; a forward
    puts its dashed "Forwarded by … on …" line over that (`_NOTES_FORWARD_RE`).
    """
    if lines[k].strip().lower() not in NOTES_TO:
        return -1
    if not any(line.strip().lower() in NOTES_SUBJECT for line in lines[k + 1 : k + 7]):
        return -1
    j = k - 1
    while j >= 0 and k - j <= 6 and not lines[j].strip():
        j -= 1
    if j < 0 or len(lines[j]) > 200 or not DATE_RE.search(lines[j]):
        return -1
    start = j
    j -= 1
    while j >= 0 and start - j <= 3 and not lines[j].strip():
        j -= 1
    if j >= 0 and len(lines[j]) <= 200 and ("@" in lines[j] or "/" in lines[j]):
        start = j
        j -= 1
        while j >= 0 and start - j <= 3 and not lines[j].strip():
            j -= 1
    if j >= 0 and len(lines[j]) <= 300 and _NOTES_FORWARD_RE.fullmatch(lines[j]):
        start = j  # "----- Forwarded by Klaus Weber/IT/ACME on 14.03.2025 09:41 -----" over it
    return start


# Notes' forward line, between dashes, with who forwarded it and when: "----- Forwarded by
# Name/Org on 03/14/2025 09:41 AM -----", "----- Weitergeleitet von … am … -----", "Transféré
# par … le …", "Remitido por … el …", "Inoltrato da … il …", "Doorgestuurd door … op …".
# Counted only right over a Notes header (`notes_header_start`): its second signal.
_NOTES_FORWARD_RE = re.compile(
    r"[ \t]*-{3,}[ \t]*(?:forwarded\s+by|weitergeleitet\s+von|transféré\s+par|transmis\s+par"
    r"|remitido\s+por|reenviado\s+por|encaminhado\s+por|inoltrato\s+da|doorgestuurd\s+door"
    r"|przekazane\s+przez|vidarebefordrat\s+av|videresendt\s+af|videresendt\s+av"
    r"|välittänyt|přeposlal|továbbította|переслано)\s[^\n]{1,200}?-{3,}[ \t]*",
    re.IGNORECASE,
)


_FLAT_GAP_RE = re.compile(r":[ \t]{2,}(?=\S)")
_MAX_FLAT = 20


def unflatten(text: str) -> str:
    """Yahoo for Android's text part puts the quote on its attribution's line ("  On Mon, Dec 7,
    2026 at 11:15, Bob<b@x.test> wrote:   Hello Chinedu,"): the quote goes on a line of its own.

    Two signals: a strong attribution that is surely a client's (`heads_unmarked_history`:
    an address, or a time and a date, before the verb) ending at the colon, and the run of
    spaces after it. Only the first few such colons are looked at.
    """
    if ":  " not in text and ":\t" not in text:
        return text
    cuts: list[int] = []
    for m in _FLAT_GAP_RE.finditer(text):
        if len(cuts) >= _MAX_FLAT:
            break
        start = text.rfind("\n", 0, m.start()) + 1
        head = text[start : m.start() + 1]
        if m.start() - start > MAX_LINE:
            continue
        if attribution_span([head], 0, strong_only=True) == 1 and heads_unmarked_history(head):
            cuts.append(m.start() + 1)
    for cut in reversed(cuts):
        rest = text[cut:].lstrip(" \t")
        text = text[:cut] + "\n" + rest
    return text
