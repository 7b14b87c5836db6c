"""The conversation: earlier messages as word shingles, to recognise text a body repeats.

Also what counts as a word for every reader of quotes (`WORD_RE`, with html2text's link
numbers `[3]` left out through `LINK_NUMBER_RE`), so that markup, wrapping, quote marks and
link numbers never decide whether two texts are the same.

Guarantees: pure and bounded. At most `MAX_HISTORY_CHARS` of earlier text is read (newest
first), its shingles and short lines are built once per body (small bodies are remembered
across calls), and every question (`share`, `holds`, `copies`, `repeats`) reads at most 20,000
characters of the text it is asked about.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator

__all__ = [
    "LINK_NUMBER_RE",
    "MAX_HISTORY_CHARS",
    "MIN_WORDS",
    "SHINGLE",
    "WORD_RE",
    "History",
    "words_of",
]

MAX_HISTORY_CHARS = 300_000
"""At most this much of the earlier messages (newest first) is compared."""
SHINGLE = 4
"""Words per shingle: texts are compared by runs of this many words."""
MIN_WORDS = 6
"""A text shorter than this is too short to say it repeats the conversation."""
_HISTORY_SHARE = 0.6
WORD_RE = re.compile(r"\w+")
"""A word, as every reader of quotes counts them."""
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
_INVISIBLE_RE = re.compile(r"<(style|script|head|title)\b[^>]*>.*?</\1\s*>", re.I | re.S)
LINK_NUMBER_RE = re.compile(r"\[\d{1,5}\]")
"""html2text's link numbers ("[3]"): never words, since the earlier messages have none."""
_SHORT_LINE_RE = re.compile(r"^[^\n]{1,80}$", re.MULTILINE)
_BREAK_TAG_RE = re.compile(
    r"<(?:br|/?p|/?div|/?li|/?tr|/?t[dh]|/?h[1-6]|/?blockquote|/?pre)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def words_of(text: str) -> list[str]:
    """The words of `text`, lower case: what shingles are made of."""
    return WORD_RE.findall(text.lower())


_ASKED = 20_000
"""Each question reads at most this much of the text it is asked about."""


def _asked_words(text: str) -> list[str]:
    """The words a question reads: the text's first `_ASKED` characters, link numbers out."""
    return words_of(LINK_NUMBER_RE.sub(" ", text[:_ASKED]))


def _runs(words: list[str]) -> Iterator[tuple[str, ...]]:
    """Each run of `SHINGLE` words in a row, in order (none when there are fewer)."""
    return zip(*(words[i:] for i in range(SHINGLE)), strict=False)


def _shingles(words: list[str]) -> set[str]:
    return set(map(" ".join, _runs(words)))


def _plain(chunk: str) -> str:
    """A body's words as text (tags and invisible elements out, entities decoded)."""
    if "<" in chunk:
        return html.unescape(_TAG_RE.sub(" ", _INVISIBLE_RE.sub(" ", chunk)))
    return chunk


def _read_body(chunk: str) -> tuple[int, frozenset[str]]:
    """The length of `chunk` as text, and all its shingles."""
    text = _plain(chunk)
    return len(text), frozenset(_shingles(words_of(text)))


_body_shingles = functools.lru_cache(maxsize=32)(_read_body)
"""`_read_body`, remembered: a conversation's history is the same few bodies again and again
(each message is given the ten before it), so each is read once. Only bodies up to
`_CACHED_BODY` characters are kept (a long newsletter's shingles weigh megabytes)."""
_CACHED_BODY = 20_000


def _read_short_lines(chunk: str, limit: int) -> frozenset[str]:
    """The words of a body's lines of fewer than `SHINGLE` words (of its first `limit`)."""
    if "<" in chunk:  # a tag becomes one character either way: the same limit
        chunk = _BREAK_TAG_RE.sub("\n", _INVISIBLE_RE.sub(" ", chunk))
    found: set[str] = set()
    for line in _SHORT_LINE_RE.findall(_plain(chunk)[:limit]):
        words = words_of(line)
        if 0 < len(words) < SHINGLE:
            found.add(" ".join(words))
    return frozenset(found)


_body_short_lines = functools.lru_cache(maxsize=32)(_read_short_lines)
"""`_read_short_lines`, remembered for the same small bodies as `_body_shingles`."""


class History:
    """The earlier messages of a conversation, as word shingles, to recognise quoted text.

    Built from raw bodies (HTML or text) with a cheap tag strip: only words count, so markup,
    wrapping, quote marks and link numbers do not matter. Bounded by `MAX_HISTORY_CHARS`.
    """

    __slots__ = ("_chunks", "_lines", "_shingles")

    def __init__(self, bodies: Iterable[str]) -> None:
        budget = MAX_HISTORY_CHARS
        shingles: set[str] = set()
        chunks: list[tuple[str, int]] = []
        for body in bodies:
            if budget <= 0:
                break
            if not isinstance(body, str):
                continue
            chunk = body[: budget * 3]
            length, whole = (
                _body_shingles(chunk) if len(chunk) <= _CACHED_BODY else _read_body(chunk)
            )
            if length <= budget:
                shingles |= whole
            else:
                shingles |= _shingles(words_of(_plain(chunk)[:budget]))
            chunks.append((chunk, budget))
            budget -= min(length, budget)
        self._shingles = shingles
        self._chunks = chunks
        self._lines: set[str] | None = None

    def _short_lines(self) -> set[str]:
        """The earlier messages' lines of fewer than `SHINGLE` words, built on first use."""
        if self._lines is None:
            self._lines = set()
            for chunk, limit in self._chunks:
                reader = _body_short_lines if len(chunk) <= _CACHED_BODY else _read_short_lines
                self._lines |= reader(chunk, limit)
        return self._lines

    def __bool__(self) -> bool:
        return bool(self._shingles)

    def share(self, text: str) -> float:
        """How much of `text` (its word shingles) is in an earlier message (0 when too short)."""
        return self._share(_asked_words(text))

    def _share(self, words: list[str]) -> float:
        if len(words) < SHINGLE:
            return 0.0
        return sum(self._known(words)) / (len(words) - SHINGLE + 1)

    def _known(self, words: list[str]) -> Iterator[bool]:
        """Whether an earlier message holds each of the words' shingles, in order."""
        return map(self._shingles.__contains__, map(" ".join, _runs(words)))

    def knows_short(self, words: list[str], before: list[str]) -> bool:
        """Whether a line of fewer than `SHINGLE` words is in an earlier message: a whole line
        of it ("Hi Kofi,"), or the end of the line `before` it wrapped onto its own line."""
        if " ".join(words) in self._short_lines():
            return True
        joined = (before + words)[-SHINGLE:]
        return len(joined) == SHINGLE and " ".join(joined) in self._shingles

    def holds(self, line: str, before: str = "") -> bool:
        """Whether an earlier message holds the line (the line `before` it: for a short one)."""
        words = words_of(LINK_NUMBER_RE.sub(" ", line))
        if len(words) >= SHINGLE:
            return self._share(words if len(line) <= _ASKED else _asked_words(line)) >= 0.3
        return bool(words) and self.knows_short(words, words_of(LINK_NUMBER_RE.sub(" ", before)))

    def copies(self, text: str, shortest: int = MIN_WORDS) -> bool:
        """Whether `text` (at least `shortest` words) is all in earlier messages, word for word.

        Only words count (markup, wrapping, quote marks and link numbers do not); a sentence
        that restates an earlier one with words of its own ("Confirmed: …") is no copy.
        """
        words = _asked_words(text)
        if len(words) < max(shortest, SHINGLE):
            return False
        return all(self._known(words))

    def repeats(self, text: str) -> bool:
        """Whether most of `text` (at least `MIN_WORDS` words) is in an earlier message."""
        words = _asked_words(text)
        if len(words) < MIN_WORDS:
            return False
        return sum(self._known(words)) >= _HISTORY_SHARE * (len(words) - SHINGLE + 1)
