"""Spaces at a change of style go with the text before them, so screenshots keep columns.

A terminal draws every space, but SVG screenshots (librsvg, some browsers) drop the spaces a
run of one style starts with and pull its text left. `keep_spaces` rewrites a finished `Text`
so no run starts with a space; list rows get the same result more cheaply as they are built
(`lemtui.tui.rows`). This is about how styled text is drawn, not what it says: cleaning
untrusted text is `lemtui.text`'s job.
"""

from __future__ import annotations

from rich.style import Style, StyleType
from rich.text import Span, Text

__all__ = ["keep_spaces"]


def _shows_on_spaces(style: StyleType) -> bool:
    """Whether a style is visible on a space (a background, reverse, a line through it)."""
    parsed = Style.parse(style) if isinstance(style, str) else style
    return bool(
        parsed.bgcolor
        or parsed.reverse
        or parsed.underline
        or parsed.underline2
        or parsed.strike
        or parsed.overline
    )


def keep_spaces(text: Text) -> Text:
    """`text` (changed in place) with every space at a change of style given to the text
    before it, so no run of one style starts with a space.

    A terminal draws the spaces either way, but SVG screenshots (librsvg, some browsers) drop
    the spaces a run starts with and pull its text left: a full date then touches its badge
    and a bold sender its subject. A style that shows on spaces (reverse, a background, a
    line) keeps its spaces as they are.
    """
    plain = text.plain
    if not plain or " " not in plain:
        return text
    spans = list(text.spans)
    if text.style:
        # The base style becomes a span, so spaces that start the line can leave it.
        spans.insert(0, Span(0, len(plain), text.style))
        text.style = ""
    bounds = sorted({0, *(span.start for span in spans), *(span.end for span in spans)})
    for bound in bounds:
        if bound >= len(plain) or plain[bound] != " ":
            continue
        end = bound
        while end < len(plain) and plain[end] == " ":
            end += 1
        before = [span for span in spans if span.end == bound]
        # Spaces after a style that shows on them (reverse) stay plain: a run of their own.
        extend = not any(_shows_on_spaces(span.style) for span in before)
        starting = [s for s in spans if s.start == bound and not _shows_on_spaces(s.style)]
        if not starting and not (before and extend):
            continue
        moved: list[Span] = []
        for span in spans:
            if span in starting:
                if span.end > end:
                    moved.append(Span(end, span.end, span.style))
            elif span in before and extend:
                moved.append(Span(span.start, end, span.style))
            else:
                moved.append(span)
        spans = moved
    text.spans = spans
    return text
