"""What the conversation screen's header and failure notice say (functions with no effects).

The header's title and stats (`header_texts`, with `lead_label` and `mark_mode`) and the hint
shown when a conversation cannot be opened (`error_kind`, `failure_notice`). Remote text goes
through `clean_line` and into `rich.text.Text`, never the markup parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from rich.text import Text

from lemtui.config import Settings
from lemtui.filters import MessageFilter
from lemtui.models import Direction, Message
from lemtui.paging import Conversation, LoadState
from lemtui.text import clean_line
from lemtui.widgets.message_list import MessageList

__all__ = ["error_kind", "failure_notice", "header_texts", "lead_label", "mark_mode"]

_HINTS: Final[Mapping[str, str]] = {
    "AuthError": "Check LEMLIST_API_KEY (or api_key in the config file), then press r to retry.",
    "NotFoundError": "Check the contact ID: press o to open another contact.",
    "RateLimitedError": "Wait a moment, then press r to retry.",
    "NetworkError": "Check the connection, then press r to retry (o opens another contact).",
    "BrokenPage": "Press r to load the conversation again, or o to open another contact.",
}
_DEFAULT_HINT: Final = "Press r to retry, or o to open another contact."


def error_kind(error: Exception) -> str:
    """The name of the most specific error class we have a hint for."""
    for cls in type(error).__mro__:
        if cls.__name__ in _HINTS:
            return cls.__name__
    return type(error).__name__


def failure_notice(text: str, kind: str) -> Text:
    """The notice shown in place of a conversation that could not be opened."""
    return Text.assemble(
        ("Could not open this conversation.\n\n", "bold"),
        (text, ""),
        "\n\n",
        (_HINTS.get(kind, _DEFAULT_HINT), "dim"),
    )


def header_texts(
    conversation: Conversation | None, message_list: MessageList, mark_mode: str
) -> tuple[Text, Text]:
    """The header's title (the lead and contact) and stats (loaded, filter, mark-as-read)."""
    title = Text(no_wrap=True, overflow="ellipsis", end="")
    stats = Text(no_wrap=True, end="")
    if conversation is None:
        title.append("lemtui", style="bold")
    else:
        lead = lead_label(conversation.messages)
        if lead:
            title.append(lead, style="bold")
            title.append("  ")
        title.append(clean_line(conversation.contact_id), style="dim")
        if conversation.state is LoadState.LOADING and not conversation.loaded:
            stats.append("loading…")
        elif conversation.total is not None:
            stats.append(f"{conversation.loaded} of {conversation.total} loaded")
        else:
            stats.append(f"{conversation.loaded} loaded")
        kind = message_list.filter
        if kind is not MessageFilter.ALL:
            stats.append("  ·  ", style="dim")
            shown = len(message_list.messages)
            stats.append(f"filter: {kind.label} ({shown})", style="bold")
        stats.append("  ·  ", style="dim")
    stats.append(f"mark-as-read: {mark_mode}")
    return title, stats


def mark_mode(settings: Settings) -> str:
    """Whether opening a conversation marks it read, as the header says it."""
    if not settings.mark_as_read:
        return "off"
    return "on" if settings.user_id else "off (no user id)"


def lead_label(messages: list[Message]) -> str:
    """The lead as `Name <email>` (or whichever is known), from the first messages."""
    email = ""
    name = ""
    for message in messages[:20]:
        email = (
            email
            or message.lead_email
            or (message.from_email if message.direction is Direction.RECEIVED else "")
        )
        raw = message.raw
        first, last = raw.get("leadFirstName"), raw.get("leadLastName")
        if not name and isinstance(first, str | None) and isinstance(last, str | None):
            name = " ".join(part for part in (first, last) if part)
        if email and name:
            break
    email, name = clean_line(email)[:80], clean_line(name)[:60]
    if name and email:
        return f"{name} <{email}>"
    return name or email
