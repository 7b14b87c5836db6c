"""List rows, dates and badges: fixed columns in cells, whatever is drawn. No terminal."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from rich.text import Text

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.messages import Channel
from lemtui.tui import glyphs
from lemtui.tui.rows import badge_for, compact_when, inbox_row, message_row, preview
from tests.support.messages import NOW, make_message, utc  # noqa: F401 (a fixture)
from tests.support.runs import as_an_svg_draws, column

pytestmark = pytest.mark.usefixtures("utc")


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


def test_row_sent_email() -> None:
    row = message_row(make_message(subject="Hello", sendUserName="Camille"), now=NOW)
    assert row.plain.split() == ["09:30", "✉", "→", "Camille", "Hello"]


def test_row_ascii_fallback() -> None:
    glyphs.use(glyphs.ASCII)
    row = message_row(
        make_message(type="linkedinReplied", fromEmail="lead@x.io", message="Sure!"),
        now=NOW,
    )
    assert row.plain.split() == ["09:30", "LI", "<", "lead@x.io", "Sure!"]
    assert all(ord(ch) < 128 for ch in row.plain)


def test_row_unknown_type_has_badge_and_raw_type() -> None:
    row = message_row(make_message(type="carrierPigeon", message="coo"), now=NOW)
    assert " ? " in row.plain
    assert "[carrierPigeon]" in row.plain
    assert "coo" in row.plain


def test_row_without_subject_shows_first_words_cleaned() -> None:
    body = "<html><style>p{color:red}</style><p>Hi&nbsp;there,\n\x1b[31mhow</p> are you</html>"
    row = message_row(make_message(message=body), now=NOW)
    assert "Hi there," in row.plain
    assert row.plain.endswith("are you")
    assert "\x1b" not in row.plain
    assert "color" not in row.plain


def test_row_is_one_line_and_subject_is_literal() -> None:
    subject = "[bold]x[/]\nsecond line\u202e"
    row = message_row(make_message(subject=subject), now=NOW)
    assert "\n" not in row.plain
    assert "[bold]x[/]" in row.plain
    assert "\u202e" not in row.plain
    assert row.no_wrap


def test_long_sender_is_truncated_with_ellipsis() -> None:
    row = message_row(make_message(sendUserName="A very long sender name indeed"), now=NOW)
    assert "A very long s…" in row.plain


def test_preview_is_bounded() -> None:
    assert len(preview(make_message(message="word " * 10_000))) <= 120


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
            message = make_message(type=kind, createdAt=created, subject="SUBJ", **who)
            rows.append(message_row(message, now=NOW))
    for row in rows:
        # Drawn as a terminal draws it and as an SVG screenshot does: the same line.
        assert as_an_svg_draws(row) == row.plain.rstrip()
        badge = next(
            badge_for(channel)
            for channel in Channel
            if f" {badge_for(channel)} " in row.plain[10:16]
        )
        assert column(row, badge) == 11, row.plain
    subjects = {column(row, "SUBJ") for row in rows}
    assert len(subjects) == 1, [row.plain for row in rows]
    # Whatever the weight: a bold (received) sender keeps its space before the subject.
    bold = [row for row in rows if "lea.fontaine" in row.plain]
    assert all(row.plain[column(row, "SUBJ") - 1] == " " for row in bold)


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
        assert as_an_svg_draws(row) == row.plain.rstrip()
    # The channels start after the date, who wrote last after them, then the name.
    email = "@" if ascii_only else "✉"
    assert {column(row, email) for row in rows if email in row.plain[:20]} == {13}
    assert {row.plain[19] + row.plain[21] for row in rows} == {"  "}
    names = {
        column(row, name)
        for row in rows
        for name in ("Léa", "山田", "who@")
        if name in row.plain[22:27]
    }
    assert names == {22}


def test_no_badge_reads_as_a_word() -> None:
    words = {"in", "on", "at", "to", "a", "i", "me", "us", "we"}
    for chosen in (glyphs.UNICODE, glyphs.ASCII):
        glyphs.use(chosen)
        for channel in Channel:
            assert badge_for(channel).lower() not in words or badge_for(channel).isupper()
        assert badge_for(Channel.LINKEDIN) != "in"


def test_channel_badges_are_never_cut_in_half() -> None:
    item = InboxItem.from_json(
        {"contactId": "ctc_a", "channels": ["linkedin", "whatsapp", "sms", "call", "email"]},
        user_id="usr_a",
    )
    glyphs.use(glyphs.UNICODE)
    row = inbox_row(item, now=NOW).plain
    assert "LI +4 " in row  # six cells: whole badges and a count, never half of one
    assert "SM…" not in row and "WA…" not in row
