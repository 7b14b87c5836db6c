"""What a paged list's status row says: more is loading, the end, or what went wrong.

Kept apart from the list's paging so that the words, and the looks of the three kinds, are
read in one place; the list decides when each is shown.
"""

from __future__ import annotations

from typing import Any, Literal

from rich.text import Text

from lemtui.lemlist.paging import LazyPager
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.spaces import keep_spaces

__all__ = ["StatusKind", "failed", "loading", "settled", "status_prompt"]

StatusKind = Literal["loading", "complete", "failed"]
Status = tuple[StatusKind, str]

STYLES: dict[StatusKind, str] = {"loading": "dim italic", "complete": "dim", "failed": "bold red"}


def loading(more: str) -> Status:
    """The row while the next page (`more`: "older messages") is on its way."""
    return "loading", f"  loading {more}{glyphs().ellipsis}"


def failed(more: str, error: Exception) -> Status:
    """The row after the next page failed: what went wrong, and how to retry."""
    text = clean_line(str(getattr(error, "message", "") or type(error).__name__))
    return "failed", f"  {glyphs().warn} Could not load {more}: {text} (r or Enter retries)"


def settled(
    pager: LazyPager[Any, Any, Any],
    nouns: tuple[str, str],
    shown: int,
    *,
    filtered: bool,
    paused: bool,
) -> Status | None:
    """The row once no page is in flight: the end of the list, a filter that stopped
    prefetching (`paused`), or none while more can still be loaded."""
    dash = glyphs().dash
    if not pager.complete:
        if filtered and paused:
            return (
                "complete",
                f"  {dash} {shown} shown of {pager.loaded} loaded: L loads the rest {dash}",
            )
        return None
    count = pager.loaded
    noun = nouns[0] if count == 1 else nouns[1]
    counted = f", {shown} shown" if filtered else ""
    note = f" ({pager.note})" if pager.note else ""
    return "complete", f"  {dash} all {count} {noun} loaded{counted}{note} {dash}"


def status_prompt(kind: StatusKind, text: str) -> Text:
    """The row as drawn: one line, in the kind's style, its leading spaces kept."""
    return keep_spaces(
        Text(text, style=STYLES[kind], no_wrap=True, overflow=glyphs().overflow, end="")
    )
