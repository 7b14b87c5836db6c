"""How messages look as text: list rows, detail headers and bodies. No Textual import.

Everything returns `rich.text.Text` built from cleaned strings, so nothing a sender wrote ever
reaches a markup parser. Everything takes `now` as an argument so tests and snapshots are
independent of the day; glyphs come from the one set chosen at start (`lemtui.tui.glyphs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

from rich.cells import cell_len, set_cell_size
from rich.style import Style, StyleType
from rich.text import Span, Text

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.messages import Attachment, Channel, Direction, Message, channel_of
from lemtui.text import clean_line, clean_text
from lemtui.tui.glyphs import current as glyphs

if TYPE_CHECKING:  # the renderer (html2text, its patterns) loads when a body is first shown
    from lemtui.mail.render import RenderedBody

__all__ = [
    "badge_for",
    "body_text",
    "channel_badge",
    "compact_when",
    "direction_mark",
    "error_text",
    "event_line",
    "failure_notice",
    "full_when",
    "header_text",
    "highlight",
    "inbox_row",
    "keep_spaces",
    "lead_label",
    "loaded_stats",
    "message_row",
    "preview",
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
_CHANNEL_NAMES: Final[Mapping[Channel, str]] = {
    Channel.EMAIL: "Email",
    Channel.LINKEDIN: "LinkedIn",
    Channel.WHATSAPP: "WhatsApp",
    Channel.SMS: "SMS",
    Channel.CALL: "Call",
    Channel.OTHER: "Other",
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


def full_when(moment: datetime | None) -> str:
    """The full local date and time with the time zone, for the detail pane."""
    if moment is None:
        return "unknown"
    return moment.astimezone().strftime("%a %d %b %Y %H:%M:%S %Z (UTC%z)")


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


def sender_label(message: Message) -> str:
    """Who wrote it, as short as is still clear: a name if we have one, else the address."""
    if message.direction is Direction.RECEIVED:
        return clean_line(message.from_email or message.lead_email) or "lead"
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


def _row(parts: Iterable[tuple[str, str]]) -> Text:
    """A list row from (text, style) parts, each space that starts a part given to the part
    before it: no run starts with a space, as `keep_spaces` makes it, at a fraction of its
    cost (a long list builds thousands of rows)."""
    row = Text(no_wrap=True, overflow="ellipsis", end="")
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


def message_row(message: Message, *, now: datetime) -> Text:
    """One list row: date, channel badge, direction, sender, subject (or first words).

    Every column has a fixed width in cells followed by a space, whatever the date's format
    (`HH:MM`, `Mon DD`, `YYYY-MM-DD`), the badge or the sender's weight; each space goes with
    the text before it, so screenshots keep the columns too.
    """
    date = compact_when(message.created_at, now)
    badge = _fit(channel_badge(message), BADGE_WIDTH)
    received = message.direction is Direction.RECEIVED
    sender = _fit(sender_label(message), SENDER_WIDTH)
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
            (subject, "") if subject else (preview(message) or "(no text)", "italic"),
        )
    )


BADGES_WIDTH: Final = 9
"""Cells for an inbox row's channel badges."""


def inbox_row(item: InboxItem, *, now: datetime) -> Text:
    """One inbox row: unread mark, date, channels, replied mark, who (fixed columns, as in
    `message_row`)."""
    date = compact_when(item.last_activity_at, now)
    badges = " ".join(badge_for(channel_of(name)) for name in item.channels[:4])
    label = clean_line(item.label) or "(unknown contact)"
    email = clean_line(item.contact_email)
    shows_email = bool(item.contact_name and email)
    unread = glyphs().unread if item.unread else " "
    replied = glyphs().replied if item.have_replies else " "
    return _row(
        (
            (unread + " ", "bold"),
            (" " * (DATE_WIDTH - cell_len(date)), ""),
            (date + " ", "dim"),
            (_fit(badges, BADGES_WIDTH) + " ", ""),
            (replied + " ", "bold"),
            (label[:80] + ("  " if shows_email else ""), "bold" if item.unread else ""),
            (email[:80] if shows_email else "", "dim"),
        )
    )


def channel_label(message: Message) -> str:
    """The channel and the raw type, e.g. `Email (emailsReplied)`."""
    return f"{_CHANNEL_NAMES[message.channel]} ({clean_line(message.type)[:40]})"


def header_text(message: Message) -> Text:
    """The detail pane's header block: From, To, Date, Subject, Channel, Campaign, Attachments."""
    rows: list[tuple[str, str]] = [
        ("From", clean_line(message.from_address) or glyphs().dash),
        ("To", clean_line(message.to_address) or glyphs().dash),
        ("Date", full_when(message.created_at)),
        ("Subject", clean_line(message.subject) or "(no subject)"),
        ("Channel", channel_label(message)),
    ]
    campaign = clean_line(message.campaign_name) or clean_line(message.campaign_id)
    step = message.step_label
    if campaign or step:
        rows.append(("Campaign", " · ".join(part for part in (campaign, step) if part)))
    if message.attachments:
        names = ", ".join(clean_line(a.name)[:80] or "attachment" for a in message.attachments)
        rows.append(("Attached", names))
    text = Text(end="")
    for index, (label, value) in enumerate(rows):
        if index:
            text.append("\n")
        text.append(f"{label + ':':<10}", style="bold")
        text.append(value, style="bold" if label == "Subject" else "")
    return text


def event_line(message: Message) -> str:
    """What a body-less activity means, as a sentence ("lead@x.io accepted your LinkedIn
    invitation"), or "" when its type is unknown."""
    meaning = message.event
    if not meaning:
        return ""
    if message.direction is Direction.RECEIVED and meaning[0].islower() and "your " in meaning:
        return f"{sender_label(message)} {meaning}"
    return meaning[0].upper() + meaning[1:]


def _quote_lines(body: str) -> Iterable[str]:
    """A shown quote's lines behind a bar, which stands for their first level of ">"."""
    for line in body.split("\n"):
        if line.startswith(">"):
            line = line[2:] if line.startswith("> ") else line[1:]
        yield line


def body_text(
    rendered: RenderedBody,
    *,
    unfold: bool,
    attachments: Sequence[Attachment] = (),
    event: str = "",
) -> Text:
    """The body as shown: new text, inline quotes behind a dim bar, folded history as one dim
    line, then the links of what is shown ("N more in the folded text"), attachments and notes.

    Built in the render thread; every piece is cleaned again here because the pane must be
    safe even if a renderer bug let a control character through. `event`: what a body-less
    activity means, shown instead of "(no text)".
    """
    text = Text(end="")
    ellipsis = glyphs().ellipsis
    bar = glyphs().quote_bar
    dash = glyphs().dash
    parts = 0
    hidden_links: set[int] = set()
    shown_links: set[int] = set()

    def gap() -> None:
        if parts:
            text.append("\n")

    for block in rendered.blocks:
        if block.folded and not unfold:
            hidden_links.update(block.links)
            what = "quoted" if block.kind == "quote" else "signature"
            noun = "line" if block.line_count == 1 else "lines"
            gap()
            text.append(
                f"{ellipsis} {block.line_count} {what} {noun} {dash} press z to unfold\n",
                style="dim italic",
            )
            parts += 1
            continue
        body = clean_text(block.text).strip("\n")
        if not body:
            continue
        shown_links.update(block.links)
        gap()
        style = (
            "dim" if block.kind != "text" and (block.folded or block.kind == "signature") else ""
        )
        if block.kind == "quote":
            for line in _quote_lines(body):
                text.append(bar, style="dim")
                text.append(line + "\n", style=style)
        else:
            text.append(body + "\n", style=style)
        parts += 1
    if not parts:
        if event:
            text.append(clean_line(event) + "\n", style="italic")
        else:
            text.append("(no text)\n", style="dim italic")
        parts += 1
    only_folded = hidden_links - shown_links
    listed = [link for link in rendered.links if link.number not in only_folded]
    if listed or only_folded:
        text.append("\nLinks\n", style="bold")
    for link in listed:
        text.append(f"[{link.number}] ", style="dim")
        url = clean_line(link.url)
        # A terminal hyperlink (OSC 8) where the terminal supports it, for http(s) only;
        # the URL is cleaned, so nothing in it can end the escape sequence early. Never for
        # a warned link: a click would skip the confirmation the link prompt asks for.
        is_web = url.lower().startswith(("https://", "http://")) and " " not in url
        clickable = is_web and not link.warning
        text.append(url, style=Style(link=url) if clickable else "")
        label = clean_line(link.text)
        if label and label != clean_line(link.url):
            text.append(f"  {label[:80]}", style="dim")
        text.append("\n")
        if link.warning:
            text.append(f"    {glyphs().warn} {clean_line(link.warning)}\n", style="bold yellow")
    if only_folded:
        n = len(only_folded)
        what = "more" if listed else ("link" if n == 1 else "links")
        text.append(f"{n} {what} in the folded text {dash} press z to unfold\n", style="dim italic")
    if attachments:
        text.append("\nAttachments\n", style="bold")
        for attachment in attachments:
            text.append(f"{attachment.label}\n")
    extras: list[str] = []
    notes = [clean_line(note) for note in rendered.notes if clean_line(note)]
    if rendered.blocked_images and not any("image" in note.lower() for note in notes):
        count = rendered.blocked_images
        extras.append(f"{count} remote image{'s' if count != 1 else ''} blocked")
    extras.extend(notes)
    if extras:
        text.append("\n")
        for extra in extras:
            text.append(extra + "\n", style="dim")
    text.rstrip()
    return text


_PLAIN_SPACES: Final = Style(reverse=False)
"""Spaces after a hit, set apart from the text after them (they look as they did)."""


def highlight(text: Text, spans: Iterable[tuple[int, int]]) -> Text:
    """`text` with the given (start, end) spans shown as search hits (in place; returned).

    The spaces right after a hit are a run of their own, so that an SVG screenshot, which
    drops the spaces a run starts with, does not glue the next word to the hit (`Lyonhub`).
    """
    plain = text.plain
    for start, end in spans:
        text.stylize("reverse bold", start, end)
        after = end
        while after < len(plain) and plain[after] == " ":
            after += 1
        if after > end:
            text.stylize(_PLAIN_SPACES, end, after)
    return text


def error_text(error: BaseException) -> str:
    """What went wrong, in one cleaned line (an `ApiError` says it; a bug names its type)."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return clean_line(message)
    return f"unexpected error ({type(error).__name__})"


def failure_notice(what: str, error: BaseException, keys: str) -> Text:
    """The notice shown in place of a list that could not be loaded: what failed, why, and
    what to do (the error's own hint, then this screen's `keys`)."""
    hint = getattr(error, "hint", "")
    advice = f"{hint} {keys}" if isinstance(hint, str) and hint else keys
    return Text.assemble((f"{what}\n\n", "bold"), error_text(error), "\n\n", (advice, "dim"))


def lead_label(messages: Sequence[Message], *, name: str = "", email: str = "") -> str:
    """The lead as `Name <email>` (or whichever is known): `name` and `email` when given (the
    inbox's `contact.fullName`), else from the first messages' lead fields."""
    for message in messages[:20]:
        if name and email:
            break
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


def loaded_stats(loaded: int, total: int | None, *, loading: bool, refreshing: bool) -> Text:
    """ "120 of 600 loaded", "loading…" before the first page, "reloading…" during a reload."""
    stats = Text(no_wrap=True, end="")
    if loading and not loaded:
        stats.append(f"loading{glyphs().ellipsis}")
        return stats
    if refreshing:
        stats.append(f"reloading{glyphs().ellipsis}  ", style="italic")
    if total is not None:
        stats.append(f"{loaded} of {total} loaded")
    else:
        stats.append(f"{loaded} loaded")
    return stats
