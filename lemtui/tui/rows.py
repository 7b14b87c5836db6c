"""List rows: one `rich.text.Text` line per message (conversation) or contact (inbox).

Fixed columns in cells (date, channel badges, direction, sender, subject), each space given
to the text before it so screenshots keep the columns too; built from cleaned strings
(`lemtui.text`), so nothing a sender wrote reaches a markup parser. `now` is an argument, so
tests and snapshots do not depend on the day; glyphs come from `lemtui.tui.glyphs`. What a
message says at length is `lemtui.tui.message_text`; text for scripts and files (`--print`,
copy, export) is `lemtui.mail.formats`. No Textual import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.messages import Channel, Direction, Message, channel_of
from lemtui.mail.gist import Gist, event_text
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs

__all__ = [
    "BADGES_WIDTH",
    "BADGE_WIDTH",
    "DATE_WIDTH",
    "INBOX_BADGES_WIDTH",
    "SENDER_WIDTH",
    "WIDE_ROWS",
    "Latest",
    "badge_for",
    "channel_badge",
    "compact_when",
    "direction_mark",
    "fit_badges",
    "inbox_row",
    "message_row",
    "preview",
    "sender_label",
]

DATE_WIDTH: Final = 10
BADGE_WIDTH: Final = 3
SENDER_WIDTH: Final = 14

_BADGES: Final[Mapping[Channel, str]] = {
    # Capitals so that no badge reads as a word beside the arrows ("in → Léa" did).
    Channel.LINKEDIN: "LI",
    Channel.WHATSAPP: "WA",
    Channel.SMS: "SMS",
    Channel.OTHER: "?",
}
_TAG: Final = re.compile(r"<[^>]{0,2000}>")
_INVISIBLE_BLOCKS: Final = re.compile(
    r"<(style|script|head|title)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)


def compact_when(moment: datetime | None, now: datetime) -> str:
    """A short local time for a list row: `HH:MM` today, `Mon DD` this year, else the date."""
    if moment is None:
        return "?"
    local = moment.astimezone()
    today = now.astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%b %d")
    return local.strftime("%Y-%m-%d")


def badge_for(channel: Channel) -> str:
    """A channel as a short badge (`✉`, `LI`, `WA`, `SMS`, `☎`, `?`)."""
    if channel is Channel.EMAIL:
        return glyphs().email
    if channel is Channel.CALL:
        return glyphs().call
    return _BADGES[channel]


def channel_badge(message: Message) -> str:
    """A message's channel as a short badge."""
    return badge_for(message.channel)


def direction_mark(message: Message) -> str:
    """`→` for what we sent, `←` for what the lead wrote, `·` when it cannot be told."""
    if message.direction is Direction.SENT:
        return glyphs().sent
    if message.direction is Direction.RECEIVED:
        return glyphs().received
    return glyphs().unknown_direction


def sender_label(message: Message, lead_name: str = "") -> str:
    """Who wrote it, as short as is still clear: a name if we have one, else the address
    (`lead_name`: the lead's, as the inbox or their card knows it)."""
    if message.direction is Direction.RECEIVED:
        return clean_line(lead_name or message.from_email or message.lead_email) or "lead"
    return clean_line(message.sender_name or message.sender_email) or glyphs().dash


def preview(message: Message, limit: int = 120) -> str:
    """The first words of the body, cleaned, for messages without a subject.

    A cheap tag strip, not the full renderer: rows must be instant even for a 300 KB body.
    """
    head = message.body[:4000]
    if message.body_is_html:
        import html  # here: its entity table is not needed for a first frame

        head = _INVISIBLE_BLOCKS.sub(" ", head)
        head = html.unescape(_TAG.sub(" ", head))
    return clean_line(head)[:limit]


def _fit(text: str, width: int, ellipsis: str | None = None) -> str:
    """`text` in exactly `width` cells: padded, or cut with `ellipsis` (wide letters count
    two cells, so a column after a Japanese name stays where it is)."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    ellipsis = glyphs().cut if ellipsis is None else ellipsis
    return set_cell_size(text, width - cell_len(ellipsis)) + ellipsis


def _row(parts: Iterable[tuple[str, str]]) -> Text:
    """A list row from (text, style) parts, each space that starts a part given to the part
    before it: no run starts with a space, as `lemtui.tui.spaces.keep_spaces` makes it, at a
    fraction of its cost (a long list builds thousands of rows)."""
    row = Text(no_wrap=True, overflow=glyphs().overflow, end="")
    style = ""
    for text, part_style in parts:
        if not text:
            continue
        if part_style != style and row.plain:
            spaces = len(text) - len(text.lstrip(" "))
            if spaces:
                row.append(text[:spaces], style=style)
                text = text[spaces:]
                if not text:
                    continue
        row.append(text, style=part_style)
        style = part_style
    return row


def message_row(message: Message, *, now: datetime, lead_name: str = "") -> Text:
    """One list row: date, channel badge, direction, sender, subject (or first words).

    Every column has a fixed width in cells followed by a space, whatever the date's format
    (`HH:MM`, `Mon DD`, `YYYY-MM-DD`), the badge or the sender's weight; each space goes with
    the text before it, so screenshots keep the columns too.
    """
    date = compact_when(message.created_at, now)
    badge = _fit(channel_badge(message), BADGE_WIDTH)
    received = message.direction is Direction.RECEIVED
    sender = _fit(sender_label(message, lead_name), SENDER_WIDTH)
    subject = clean_line(message.subject)
    return _row(
        (
            (" " * (DATE_WIDTH - cell_len(date)), ""),
            (date + " ", "dim"),
            (f"{badge} {direction_mark(message)} ", ""),
            (sender + " ", "bold" if received else ""),
            (
                f"[{clean_line(message.type)[:30]}] " if message.channel is Channel.OTHER else "",
                "dim",
            ),
            (subject, "")
            if subject
            else (preview(message) or event_text(message) or "(no text)", "italic"),
        )
    )


BADGES_WIDTH: Final = 9
"""Cells for channel badges side by side (the conversation's header)."""
INBOX_BADGES_WIDTH: Final = 6
"""Cells for an inbox row's channel badges (`✉ LI`, `LI +2`): the words need the room."""


def fit_badges(badges: Sequence[str], width: int) -> str:
    """`badges` side by side in `width` cells, never one cut in half: those that do not fit
    are counted (`LI WA +2`)."""
    for shown in range(len(badges), -1, -1):
        rest = len(badges) - shown
        text = " ".join([*badges[:shown], *([f"+{rest}"] if rest else [])])
        if cell_len(text) <= width:
            return text
    return f"+{len(badges)}"[:width]


def _state_mark(state: str) -> str:
    """One cell for a lead's state where there is no room for words (80 columns)."""
    if state.startswith("interested"):
        return "+"
    if state.startswith("not interested"):
        return "-"
    return "=" if "paused" in state else " "


def _state_style(state: str) -> str:
    if state.startswith("interested"):
        return "green"
    if state.startswith("not interested"):
        return "red"
    return ""


@dataclass(frozen=True, slots=True)
class Latest:
    """What an inbox row knows of its conversation's newest message: nothing yet (`gist`
    None), its first words, or that they could not be loaded (`failed`)."""

    gist: Gist | None = None
    direction: Direction | None = None
    channel: Channel | None = None
    campaign: str = ""
    """The campaign's name ("" until known: an ID is no name)."""
    campaign_id: str = ""
    state: str = ""
    """The lead's state in that campaign, once their card is known ("interested")."""
    failed: bool = False


WIDE_ROWS: Final = 120
"""From this width on, inbox rows show the lead's company and the campaign's name."""


def _inbox_widths(width: int) -> tuple[int, int, int]:
    """Cells for the name, the company and the campaign (0: not shown) at `width`."""
    if width >= 160:
        return 24, 20, 26
    if width >= WIDE_ROWS:
        return 22, 16, 20
    return 18, 0, 0


def inbox_row(
    item: InboxItem,
    *,
    now: datetime,
    width: int = 80,
    latest: Latest | None = None,
    company: str = "",
) -> Text:
    """One inbox row: unread mark, date, channels, who wrote last (`←` the lead, `→` us), the
    lead, then what the newest message says; from `WIDE_ROWS` cells on, the lead's company and
    the campaign too. Fixed columns, as in `message_row`; the words take what is left.
    """
    date = compact_when(item.last_activity_at, now)
    latest = latest or Latest()
    channels = [badge_for(channel_of(name)) for name in item.channels]
    if latest.channel is not None and badge_for(latest.channel) in channels:
        first = badge_for(latest.channel)
        channels = [first, *(badge for badge in channels if badge != first)]
    badges = fit_badges(channels, INBOX_BADGES_WIDTH)
    if latest.direction is Direction.RECEIVED:
        arrow = glyphs().received
    elif latest.direction is Direction.SENT:
        arrow = glyphs().sent
    else:
        arrow = glyphs().replied if item.have_replies else " "
    name_width, company_width, campaign_width = _inbox_widths(width)
    if latest.state and not company_width:
        name_width -= 2
    label = clean_line(item.contact_name or item.contact_email or item.contact_id)
    unread = glyphs().unread if item.unread else " "
    weight = "bold" if item.unread else ""
    parts: list[tuple[str, str]] = [
        (unread + " ", "bold"),
        (" " * (DATE_WIDTH - cell_len(date)), ""),
        (date + " ", "dim"),
        (_fit(badges, INBOX_BADGES_WIDTH) + " ", ""),
        (arrow + " ", "bold"),
        (_fit(label or "(unknown contact)", name_width) + " ", weight),
    ]
    if latest.state and not company_width:
        parts.append((_state_mark(latest.state) + " ", _state_style(latest.state)))
    if company_width:
        parts.append((_fit(clean_line(company), company_width) + " ", "dim"))
        campaign = clean_line(latest.campaign)
        if latest.state:
            state = clean_line(latest.state)
            room = campaign_width - cell_len(state) - 3
            campaign = (
                f"{_fit(campaign, room).rstrip()} {glyphs().dot} {state}" if room > 4 else state
            )
        parts.append((_fit(campaign, campaign_width) + " ", _state_style(latest.state) or "dim"))
    if latest.gist is not None:
        parts.append((latest.gist.text, "italic" if latest.gist.event else weight))
    elif latest.failed:
        parts.append(("(could not load its words)", "dim italic"))
    else:
        parts.append((glyphs().ellipsis, "dim"))
    return _row(parts)
