"""Attributions led by their verb: "Wiadomość napisana przez NAME w dniu DATE:".

Apple Mail (macOS and iOS) writes its Polish attribution as "message written by NAME on DATE",
the verb first and the date last, a shape the "On DATE, NAME wrote:" patterns of `_attribution`
never match: after their verb comes at most a name. `WRITTEN_BY_RE` reads it with the groups
those patterns use (`lead`, where the date is, and `name`), so `_attribution` judges it the
same way: a date in `lead` and only a name (with its address) in `name`. Add a language's
"written by … on …" here, and its opening words to `_vocab.CANDIDATE_STARTS`.
"""

from __future__ import annotations

import re

__all__ = ["WRITTEN_BY_RE"]

# The verb with its "by", and the word for "on" before the date, language by language.
_VERBS = r"(?:Wiadomość\s+)?napisana\s+przez"
_ON = r"w\s+dniu"
WRITTEN_BY_RE = re.compile(
    rf"\s*(?:{_VERBS})\s+(?P<name>.{{1,200}}?)\s+(?:{_ON})\s+(?P<lead>.{{1,120}}?)\s?:\s*",
    re.IGNORECASE,
)
