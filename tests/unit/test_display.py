"""List rows, dates, badges and the detail header: pure formatting, no terminal."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.messages import Channel, Message
from lemtui.mail.render import render_body
from lemtui.tui import glyphs
from lemtui.tui.display import (
    badge_for,
    body_text,
    compact_when,
    full_when,
    header_text,
    highlight,
    inbox_row,
    keep_spaces,
    lead_label,
    message_row,
    preview,
)

NOW = datetime(2026, 3, 14, 15, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _message(**fields: Any) -> Message:
    data: dict[str, Any] = {
        "_id": "act_1",
        "type": "emailsSent",
        "createdAt": "2026-03-14T09:30:00Z",
    }
    data.update(fields)
    return Message.from_json(data)


def test_compact_dates() -> None:
    assert compact_when(datetime(2026, 3, 14, 9, 30, tzinfo=UTC), NOW) == "09:30"
    assert compact_when(datetime(2026, 1, 2, 9, 30, tzinfo=UTC), NOW) == "Jan 02"
    assert compact_when(datetime(2024, 12, 5, 16, 39, tzinfo=UTC), NOW) == "2024-12-05"
    assert compact_when(None, NOW) == "?"


def test_compact_date_uses_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    # NOW is 00:09 on the 15th in Tokyo; 16:00 UTC on the 14th is 01:00 on the 15th there
    assert compact_when(datetime(2026, 3, 14, 16, 0, tzinfo=UTC), NOW) == "01:00"
    assert compact_when(datetime(2026, 3, 14, 14, 0, tzinfo=UTC), NOW) == "Mar 14"


def test_full_date_has_zone() -> None:
    assert full_when(datetime(2024, 12, 5, 16, 39, 41, tzinfo=UTC)) == (
        "Thu 05 Dec 2024 16:39:41 UTC (UTC+0000)"
    )


def test_row_sent_email() -> None:
    row = message_row(_message(subject="Hello", sendUserName="Camille"), now=NOW)
    assert row.plain.split() == ["09:30", "✉", "→", "Camille", "Hello"]


def test_row_ascii_fallback() -> None:
    glyphs.use(glyphs.ASCII)
    row = message_row(
        _message(type="linkedinReplied", fromEmail="lead@x.io", message="Sure!"),
        now=NOW,
    )
    assert row.plain.split() == ["09:30", "LI", "<", "lead@x.io", "Sure!"]
    assert all(ord(ch) < 128 for ch in row.plain)


def test_row_unknown_type_has_badge_and_raw_type() -> None:
    row = message_row(_message(type="carrierPigeon", message="coo"), now=NOW)
    assert " ? " in row.plain
    assert "[carrierPigeon]" in row.plain
    assert "coo" in row.plain


def test_row_without_subject_shows_first_words_cleaned() -> None:
    body = "<html><style>p{color:red}</style><p>Hi&nbsp;there,\n\x1b[31mhow</p> are you</html>"
    row = message_row(_message(message=body), now=NOW)
    assert "Hi there," in row.plain
    assert row.plain.endswith("are you")
    assert "\x1b" not in row.plain
    assert "color" not in row.plain


def test_row_is_one_line_and_subject_is_literal() -> None:
    subject = "[bold]x[/]\nsecond line\u202e"
    row = message_row(_message(subject=subject), now=NOW)
    assert "\n" not in row.plain
    assert "[bold]x[/]" in row.plain
    assert "\u202e" not in row.plain
    assert row.no_wrap


def test_long_sender_is_truncated_with_ellipsis() -> None:
    row = message_row(_message(sendUserName="A very long sender name indeed"), now=NOW)
    assert "A very long s…" in row.plain


def test_preview_is_bounded() -> None:
    assert len(preview(_message(message="word " * 10_000))) <= 120


def test_ascii_detection() -> None:
    detect = glyphs.detect_ascii
    assert detect({"LEMTUI_ASCII": "1", "LANG": "en_US.UTF-8"})
    assert not detect({"LEMTUI_ASCII": "0", "LANG": "C"})
    assert detect({"LANG": "C"})
    assert detect({"LC_ALL": "en_US.ISO-8859-1", "LANG": "en_US.UTF-8"})
    assert not detect({"LANG": "fr_FR.utf8"})
    assert not detect({})
    for term in ("linux", "vt100", "dumb"):
        assert detect({"TERM": term, "LANG": "en_US.UTF-8"}), term
    assert not detect({"TERM": "xterm-256color", "LANG": "en_US.UTF-8"})
    # The config's `ascii` decides over the terminal, LEMTUI_ASCII over both.
    assert detect({"LANG": "en_US.UTF-8"}, configured=True)
    assert not detect({"TERM": "linux", "LANG": "C"}, configured=False)
    assert not detect({"LEMTUI_ASCII": "0"}, configured=True)


def test_choosing_a_set_is_done_once_and_read_everywhere() -> None:
    assert glyphs.choose({"LANG": "C"}) is glyphs.ASCII
    assert glyphs.current() is glyphs.ASCII
    assert badge_for(Channel.EMAIL) == "@"
    assert glyphs.choose({"LANG": "en_US.UTF-8"}) is glyphs.UNICODE
    assert badge_for(Channel.EMAIL) == "✉"
    ascii_set = glyphs.ASCII
    assert all(
        getattr(ascii_set, name).isascii()
        for name in ascii_set.__slots__
        if isinstance(getattr(ascii_set, name), str)
    )


def test_header_fields() -> None:
    message = _message(
        subject="Meet me !",
        sendUserName="Camille",
        sendUserEmail="c@x.io",
        leadEmail="v@y.io",
        campaignName="Welcome",
        sequenceStep=0,
        attachments=[{"name": "deck\x1b[2J.pdf"}, "notes.txt"],
    )
    text = header_text(message).plain
    assert "From:     Camille <c@x.io>" in text
    assert "To:       v@y.io" in text
    assert "Date:     Sat 14 Mar 2026 09:30:00 UTC" in text
    assert "Subject:  Meet me !" in text
    assert "Channel:  Email (emailsSent)" in text
    assert "Campaign: Welcome · step 1" in text
    assert "Attached:" in text
    assert "notes.txt" in text
    assert "\x1b" not in text


def test_only_web_links_become_terminal_hyperlinks() -> None:
    html = (
        '<a href="https://example.test/a?b=1">web</a> '
        '<a href="mailto:someone@example.test">mail</a> '
        '<a href="javascript:alert(1)">js</a>'
    )
    rendered = render_body(html, is_html=True)
    text = body_text(rendered, unfold=False)
    linked = {
        text.plain[span.start : span.end]: span.style.link
        for span in text.spans
        if isinstance(span.style, Style) and span.style.link
    }
    assert linked == {"https://example.test/a?b=1": "https://example.test/a?b=1"}
    assert "mailto:someone@example.test" in text.plain  # listed, but not made a hyperlink
    assert "javascript:" not in text.plain


def test_warned_link_is_never_a_terminal_hyperlink() -> None:
    # A click on an OSC 8 hyperlink would skip the confirmation `l` asks for a warned link.
    html = (
        '<a href="https://evil.test/">https://bank.example/login</a> '
        '<a href="https://ok.test/">ok</a>'
    )
    rendered = render_body(html, is_html=True)
    assert rendered.links[0].warning
    text = body_text(rendered, unfold=False)
    linked = {
        span.style.link for span in text.spans if isinstance(span.style, Style) and span.style.link
    }
    assert linked == {"https://ok.test/"}
    assert "https://evil.test/" in text.plain  # still listed, with its warning
    assert "bank.example" in text.plain


# The body: inline quotes, folds, links of what is shown, attachments, events -----------------

INTERLEAVED = (
    "Hi Bob,\n\nOn Mon, Bob <b@x.test> wrote:\n> Can you do Tuesday?\n\nYes, at 10.\n\n"
    "On Sun, Bob <b@x.test> wrote:\n> See https://b.test"
)


def test_inline_quote_is_shown_behind_a_dim_bar_and_trailing_history_folds() -> None:
    rendered = render_body(INTERLEAVED, is_html=False)
    text = body_text(rendered, unfold=False)
    assert "▎ Can you do Tuesday?" in text.plain
    assert "> Can you do Tuesday?" not in text.plain
    assert "… 2 quoted lines — press z to unfold" in text.plain
    bar = text.plain.index("▎ Can")
    assert any(s.start == bar and s.style == "dim" for s in text.spans)
    glyphs.use(glyphs.ASCII)
    ascii_text = body_text(rendered, unfold=False).plain
    assert "| Can you do Tuesday?" in ascii_text and "... 2 quoted lines" in ascii_text


def test_links_only_in_folded_text_are_counted_not_listed() -> None:
    rendered = render_body(
        '<p>See <a href="https://a.test">our page</a>.</p><div class="gmail_quote">'
        '<div class="gmail_attr">On Mon, Bob &lt;b@x.test&gt; wrote:</div><blockquote '
        'class="gmail_quote"><a href="https://b.test">old</a> <a href="https://c.test">x</a>'
        ' <a href="https://a.test">our page</a></blockquote></div>',
        is_html=True,
    )
    folded = body_text(rendered, unfold=False).plain
    assert "[1] https://a.test" in folded
    assert "b.test" not in folded and "c.test" not in folded
    assert "2 more in the folded text — press z to unfold" in folded
    unfolded = body_text(rendered, unfold=True).plain
    assert "[2] https://b.test" in unfolded and "[3] https://c.test" in unfolded
    assert "more in the folded text" not in unfolded


def test_attachments_are_listed_under_the_body() -> None:
    message = _message(
        attachments=[{"name": "deck.pdf", "size": 48213, "contentType": "application/pdf"}]
    )
    text = body_text(
        render_body("<p>See attached.</p>", is_html=True),
        unfold=False,
        attachments=message.attachments,
    ).plain
    assert text.endswith("Attachments\ndeck.pdf  (48.2 KB, application/pdf)")


def test_a_body_less_event_reads_as_what_happened() -> None:
    from lemtui.tui.display import event_line

    accepted = _message(type="linkedinInviteAccepted", message="", leadEmail="ana@x.test")
    line = event_line(accepted)
    assert line == "ana@x.test accepted your LinkedIn invitation"
    text = body_text(render_body("", is_html=False), unfold=False, event=line).plain
    assert text == line
    assert body_text(render_body("", is_html=False), unfold=False).plain == "(no text)"
    assert event_line(_message(type="emailsBounced", message="")) == "Your email bounced"
    assert event_line(_message(type="mysteryType", message="")) == ""


# ---------------------------------------------------------------- columns, whatever is drawn


def _runs(text: Text) -> list[tuple[int, str]]:
    """`text` as a terminal gets it: runs of one style, each with the cell it starts at."""
    console = Console(width=400, color_system="truecolor", force_terminal=True)
    runs: list[tuple[int, str]] = []
    cell = 0
    for segment in Segment.simplify(console.render(text)):
        if segment.control or not segment.text:
            continue
        runs.append((cell, segment.text))
        cell += cell_len(segment.text)
    return runs


def _as_an_svg_draws(text: Text) -> str:
    """What an SVG screenshot shows: each run placed at its cell with the spaces it starts
    with dropped (librsvg and some browsers trim them), so its text lands further left."""
    cells: dict[int, str] = {}
    for start, run in _runs(text):
        cell = start
        for char in run.rstrip("\n").lstrip(" "):
            cells[cell] = char
            for covered in range(cell + 1, cell + cell_len(char)):
                cells[covered] = ""  # the second cell of a wide letter
            cell += cell_len(char)
    width = max(cells, default=-1) + 1
    return "".join(cells.get(cell, " ") for cell in range(width))


def _column(text: Text, marker: str) -> int:
    """The cell where `marker` starts in the row."""
    return cell_len(text.plain[: text.plain.index(marker)])


THREE_DATES = (
    "2026-03-14T09:30:00Z",  # today: 09:30
    "2026-01-02T09:30:00Z",  # this year: Jan 02
    "2024-12-05T16:39:41Z",  # before: 2024-12-05, as wide as its column
)


@pytest.mark.parametrize("ascii_only", [False, True])
def test_message_rows_keep_their_columns_over_the_three_date_formats(ascii_only: bool) -> None:
    glyphs.use(glyphs.ASCII if ascii_only else glyphs.UNICODE)
    rows: list[Text] = []
    for created in THREE_DATES:
        for kind, who in (
            ("emailsSent", {"sendUserName": "Camille INGOUF"}),
            ("emailsReplied", {"fromEmail": "lea.fontaine@northwind-logistics.example"}),
            ("linkedinReplied", {"fromEmail": "山田太郎@example.jp"}),
            ("smsSent", {"sendUserName": "Al"}),
            ("aircallDone", {"sendUserName": "Christophe OPOIX"}),
        ):
            message = _message(type=kind, createdAt=created, subject="SUBJ", **who)
            rows.append(message_row(message, now=NOW))
    for row in rows:
        # Drawn as a terminal draws it and as an SVG screenshot does: the same line.
        assert _as_an_svg_draws(row) == row.plain.rstrip()
        badge = next(
            badge_for(channel)
            for channel in Channel
            if f" {badge_for(channel)} " in row.plain[10:16]
        )
        assert _column(row, badge) == 11, row.plain
    subjects = {_column(row, "SUBJ") for row in rows}
    assert len(subjects) == 1, [row.plain for row in rows]
    # Whatever the weight: a bold (received) sender keeps its space before the subject.
    bold = [row for row in rows if "lea.fontaine" in row.plain]
    assert all(row.plain[_column(row, "SUBJ") - 1] == " " for row in bold)


@pytest.mark.parametrize("ascii_only", [False, True])
def test_inbox_rows_keep_their_columns_over_the_three_date_formats(ascii_only: bool) -> None:
    glyphs.use(glyphs.ASCII if ascii_only else glyphs.UNICODE)
    rows: list[Text] = []
    for created in THREE_DATES:
        for unread, name, channels in (
            (True, "Léa Fontaine", ["email", "linkedin"]),
            (False, "", ["email", "linkedin", "whatsapp", "sms", "call"]),
            (True, "山田太郎", []),
        ):
            item = InboxItem.from_json(
                {
                    "contactId": "ctc_a",
                    "lastActivityAt": created,
                    "channels": channels,
                    "haveReplies": unread,
                    "contact": {"fullName": name, "email": "who@example.com"},
                    "users": [{"userId": "usr_a", "read": not unread}],
                },
                user_id="usr_a",
            )
            rows.append(inbox_row(item, now=NOW))
    for row in rows:
        assert _as_an_svg_draws(row) == row.plain.rstrip()
    # The channels start after the date, the replied mark after them, then the name.
    email = "@" if ascii_only else "✉"
    assert {_column(row, email) for row in rows if email in row.plain[:22]} == {13}
    assert {row.plain[22] + row.plain[24] for row in rows} == {"  "}
    names = {
        _column(row, name)
        for row in rows
        for name in ("Léa", "山田", "who@")
        if name in row.plain[25:30]
    }
    assert names == {25}


def test_keep_spaces_gives_spaces_to_the_text_before_them() -> None:
    text = Text.assemble(("Inbox", "bold"), ("  usr_a", "dim"))
    keep_spaces(text)
    assert text.plain == "Inbox  usr_a"
    assert _runs(text)[1] == (7, "usr_a")
    assert _as_an_svg_draws(text) == "Inbox  usr_a"
    status = keep_spaces(Text("  — all 3 loaded —", style="dim"))
    assert _as_an_svg_draws(status) == "  — all 3 loaded —"


def test_keep_spaces_leaves_spaces_that_show() -> None:
    text = Text.assemble(("hit ", "reverse"), ("more", ""))
    before = list(text.spans)
    keep_spaces(text)
    assert text.spans == before
    # After a style that shows on spaces, the spaces become a plain run of their own.
    stats = keep_spaces(Text.assemble(("1 new", "bold reverse"), ("  ·  ", "dim"), "51 loaded"))
    assert _as_an_svg_draws(stats) == "1 new  ·  51 loaded"
    assert stats.spans[0] == Span(0, 5, "bold reverse")


def test_no_badge_reads_as_a_word() -> None:
    words = {"in", "on", "at", "to", "a", "i", "me", "us", "we"}
    for chosen in (glyphs.UNICODE, glyphs.ASCII):
        glyphs.use(chosen)
        for channel in Channel:
            assert badge_for(channel).lower() not in words or badge_for(channel).isupper()
        assert badge_for(Channel.LINKEDIN) != "in"


def test_the_lead_label_takes_the_inbox_name() -> None:
    message = _message(type="emailsReplied", fromEmail="lea.fontaine@northwind.example")
    assert lead_label([message]) == "lea.fontaine@northwind.example"
    assert (
        lead_label([message], name="Léa Fontaine")
        == "Léa Fontaine <lea.fontaine@northwind.example>"
    )
    assert lead_label([], name="Léa\x1b[2J Fontaine", email="l@x.io") == "Léa[2J Fontaine <l@x.io>"


def test_a_search_hit_keeps_the_space_after_it_in_screenshots() -> None:
    text = highlight(Text("the Lyon hub!"), [(4, 8)])
    assert text.plain == "the Lyon hub!"
    assert _as_an_svg_draws(text) == "the Lyon hub!"
