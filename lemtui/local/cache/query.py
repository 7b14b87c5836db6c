"""Turning what a person types into an FTS5 query that means only what it says.

Every word becomes a quoted FTS5 string with a prefix star (`"pric"*`), so FTS5 syntax in a
query (`AND`, `NEAR(`, `col:`, `^`, quotes) is searched for as text, never obeyed. Words
are ANDed. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

__all__ = ["MAX_QUERY_CHARS", "SearchHit", "fts_query", "matching_line"]

MAX_QUERY_CHARS: Final = 200
MAX_WORDS: Final = 16
_WORD = re.compile(r"\w+")


def fts_query(text: str) -> str:
    """`text` as an FTS5 query: each word quoted, as a prefix; "" when it has no word."""
    words = _WORD.findall(text[:MAX_QUERY_CHARS])[:MAX_WORDS]
    return " ".join(f'"{word}"*' for word in words)


def _fold(text: str) -> str:
    """Lower case without diacritics, as `unicode61 remove_diacritics 2` compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matching_line(text: str, query: str, width: int = 160) -> str:
    """The first line of `text` holding a word that starts like one of `query`'s, trimmed to
    `width` characters around it; "" when none does."""
    words = [_fold(word) for word in _WORD.findall(query[:MAX_QUERY_CHARS])]
    if not words:
        return ""
    for line in text.splitlines():
        folded = _fold(line)
        for match in _WORD.finditer(folded):
            if any(match.group().startswith(word) for word in words):
                start = max(0, min(match.start() - width // 3, len(line) - width))
                piece = line[start : start + width].strip()
                return ("…" if start else "") + piece
    return ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One conversation that matches: who, the message that matched (None: the contact's
    name, email or company did), and the line where it did."""

    contact_id: str
    name: str
    email: str
    message_id: str | None
    line: str
    in_quote: bool
    """True when the words were found only in quoted history or a signature."""
    activity: float
    """When the conversation was last active (seconds since the epoch; 0 unknown)."""
