"""The text of a message as the cache indexes it: the lead's new words apart from quoted
history and signatures, as the reader shows them (`lemtui.mail.render`'s blocks). No UI.

The cache (`lemtui.local.cache`) is handed `index_parts` as its indexer: the raw body is what
it stores, so a better renderer changes what later searches find without a new download.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from lemtui.lemlist.messages import Message

__all__ = ["INDEX_MAX_CHARS", "index_parts"]

INDEX_MAX_CHARS: Final = 200_000
"""Characters of a body converted for the index at most (the start of a huge body is what
anyone searches for)."""


def index_parts(raw: Mapping[str, Any]) -> tuple[str, str]:
    """(the message's own words: subject, event, body text blocks; its quoted history and
    signature blocks), as plain text."""
    from lemtui.mail.render import render_body

    message = Message.from_json(dict(raw))
    rendered = render_body(message.body, is_html=message.body_is_html, max_chars=INDEX_MAX_CHARS)
    words = [block.text for block in rendered.blocks if block.kind == "text"]
    quoted = [block.text for block in rendered.blocks if block.kind != "text"]
    if message.event and not message.body.strip():
        words.append(message.event)
    for attachment in message.attachments:
        words.append(attachment.name)
    return "\n".join(words), "\n".join(quoted)
