"""Results of a pure function of a text, kept while one body is read, then dropped.

Several rules read the same text in turn (a quote container is split, then its head and tail
are read again, then the answers inside it are looked for), and each asked the same first pass
of it. A `TextMemo` answers the repeats from a small table: the text is hashed once in C, never
scanned twice. `segment` calls `forget` when a body is read, so nothing outlives its render and
a body rendered again is read afresh; the table is also bounded, for callers outside `segment`.
Renders in two threads at once share the tables: a result is the function's either way, and a
table another render clears only costs a repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["TextMemo", "forget"]

_T = TypeVar("_T")
_MEMOS: list[TextMemo[object]] = []
_MISSING = object()


class TextMemo(Generic[_T]):
    """`function(text)`, computed once per text while a body is read (at most `size` kept)."""

    def __init__(self, function: Callable[[str], _T], size: int = 16) -> None:
        self._function = function
        self._size = size
        self._kept: dict[str, _T] = {}
        _MEMOS.append(self)  # type: ignore[arg-type]

    def __call__(self, text: str) -> _T:
        kept = self._kept
        found = kept.get(text, _MISSING)  # one look-up: another thread may clear the table
        if found is _MISSING:
            if len(kept) >= self._size:
                kept.clear()
            found = kept[text] = self._function(text)
        return found  # type: ignore[return-value]

    def clear(self) -> None:
        self._kept.clear()


def forget() -> None:
    """Drops every kept result: the body they were read from is done."""
    for memo in _MEMOS:
        memo.clear()
