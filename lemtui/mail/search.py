"""Search and filter over the messages already loaded. No I/O, no UI (no Textual import).

What is searched: the subject and the *rendered* body text (`RenderedBody.text`, quotes and
signatures included), so a hit is something the reader can see, never a word inside an HTML
attribute or a `<style>` block. Rendering is the slow part; the screen renders in a thread and
keeps the searchable text per message in a `SearchIndex`, so a second search over the same
messages costs only the matching. Matching is a case-insensitive substring (what `/` does in
`less`), and the same regular expression gives the spans to highlight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lemtui.lemlist.messages import Message
from lemtui.text import clean_line, clean_text

if TYPE_CHECKING:
    from lemtui.mail.render import RenderedBody

__all__ = [
    "MAX_QUERY",
    "SearchIndex",
    "SearchResult",
    "find_hits",
    "match_spans",
    "message_key",
    "searchable_text",
    "step_hit",
]

MAX_QUERY = 200
"""Longer queries are cut: nobody types more, and a pasted page must not slow every match."""


def message_key(message: Message) -> str:
    """A key for a message in caches: its id, or its identity when the service gave none."""
    return message.id or f"@{id(message)}"


def searchable_text(message: Message, rendered: RenderedBody) -> str:
    """What a search looks through: the subject, then the body as text, both cleaned."""
    return clean_line(message.subject) + "\n" + clean_text(rendered.text)


def _pattern(query: str) -> re.Pattern[str] | None:
    cleaned = clean_line(query)[:MAX_QUERY]
    if not cleaned:
        return None
    return re.compile(re.escape(cleaned), re.IGNORECASE)


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, case-insensitively, as (start, end) offsets."""
    pattern = _pattern(query)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]


class SearchIndex:
    """Searchable text per message, filled as bodies get rendered (in a thread)."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def __contains__(self, message: object) -> bool:
        return isinstance(message, Message) and message_key(message) in self._texts

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, message: Message, rendered: RenderedBody) -> None:
        """Remember `message`'s searchable text."""
        self._texts[message_key(message)] = searchable_text(message, rendered)

    def missing(self, messages: Iterable[Message]) -> list[Message]:
        """The messages whose text is not indexed yet."""
        return [m for m in messages if message_key(m) not in self._texts]

    def text(self, message: Message) -> str | None:
        """The indexed text of `message`, if any."""
        return self._texts.get(message_key(message))


def find_hits(messages: Sequence[Message], query: str, index: SearchIndex) -> list[int]:
    """Positions in `messages` whose subject or body contains `query` (case-insensitive).

    A message not in the index is matched on its subject alone.
    """
    pattern = _pattern(query)
    if pattern is None:
        return []
    hits: list[int] = []
    for position, message in enumerate(messages):
        text = index.text(message)
        if text is None:
            text = clean_line(message.subject)
        if pattern.search(text):
            hits.append(position)
    return hits


def step_hit(hits: Sequence[int], current: int | None, forward: bool) -> int | None:
    """The hit after (or before) row `current`, wrapping around; None when there are none."""
    if not hits:
        return None
    if current is None:
        return hits[0] if forward else hits[-1]
    if forward:
        return next((hit for hit in hits if hit > current), hits[0])
    return next((hit for hit in reversed(hits) if hit < current), hits[-1])


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One search: what was asked, which rows matched, and how much of the whole was searched."""

    query: str
    hits: tuple[int, ...]
    searched: int
    total: int | None
    complete: bool

    def summary(
        self,
        *,
        ellipsis: str = "…",
        nouns: tuple[str, str] = ("message", "messages"),
        quotes: tuple[str, str] = ("“", "”"),
        dot: str = "·",
    ) -> str:
        """One line for the screen, offering to load the rest when pages remain; `nouns`
        name one and several of what was searched; `quotes` and `dot` are the UI's glyphs."""
        count = len(self.hits)
        query = clean_line(self.query)[:40]
        found = f"{count} hit{'s' if count != 1 else ''}" if count else "no hits"
        line = f"{quotes[0]}{query}{quotes[1]}: {found}"
        if count:
            line += f" {dot} n/N next/previous"
        if self.complete:
            noun = nouns[0] if self.searched == 1 else nouns[1]
            return f"{line} {dot} all {self.searched} {noun} searched"
        of = f" of {self.total}" if self.total is not None else ""
        return f"{line} {dot} {self.searched}{of} searched {dot} L loads all, searches again"
