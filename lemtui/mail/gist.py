"""What a message says, in one line: the first words the sender newly wrote, for list rows.

An inbox row tells who said what without opening the conversation. The words come from the
renderer, so quoted history, signatures and footers are folded as the reader folds them; a
body with no new words of its own (a bare forward, a quote-only reply) gives what it carries
rather than nothing. A message with no body says what happened ("accepted your LinkedIn
invitation"). Rendering costs milliseconds for a large body: call this off the UI thread.
No UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from lemtui.lemlist.messages import Direction, Message
from lemtui.text import clean_line

__all__ = ["GIST_CHARS", "Gist", "event_text", "gist_of"]

GIST_CHARS: Final = 300
"""The most characters a gist keeps (a row at 400 columns shows about that much)."""
_RENDER_CHARS: Final = 40_000
"""How much of a body is converted for its first words (the start is what a row shows)."""
_LINK_REF: Final = re.compile(r"\s*\[\d{1,6}\]")
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Gist:
    """A message's first words (`text`), and whether they describe an event rather than quote
    the sender (`event`: drawn differently, as the detail pane does)."""

    text: str
    event: bool = False


def _one_line(text: str) -> str:
    return clean_line(_SPACES.sub(" ", _LINK_REF.sub("", text)).strip())[:GIST_CHARS]


def event_text(message: Message) -> str:
    """What a message with no words means, as a row says it ("accepted your LinkedIn
    invitation" for the lead's, "LinkedIn invitation sent" for ours); "" when unknown."""
    meaning = message.event
    if not meaning:
        return ""
    if message.direction is Direction.RECEIVED and "your " in meaning:
        return meaning
    return meaning[0].upper() + meaning[1:]


def gist_of(message: Message) -> Gist:
    """The first words `message`'s sender newly wrote, on one line (never raises).

    New text first; when a body has none (everything is quote, forward or signature) the
    first block that has words; an event's meaning when there is no body; "(no text)" last.
    """
    if message.body.strip():
        from lemtui.mail.render import render_body  # html2text: loaded by the first body

        rendered = render_body(message.body, is_html=message.body_is_html, max_chars=_RENDER_CHARS)
        new = _one_line(rendered.text_for("strip"))
        if new:
            return Gist(new)
        for block in rendered.blocks:
            words = _one_line(block.text)
            if words:
                return Gist(words)
    meaning = event_text(message)
    if meaning:
        return Gist(meaning, event=True)
    subject = _one_line(message.subject)
    if subject:
        return Gist(subject)
    return Gist("(no text)", event=True)
