"""formats: the blocks in JSON, and --quotes show|fold|strip in text and Markdown."""

from __future__ import annotations

import json

import pytest

from lemtui.lemlist.messages import Message
from lemtui.mail.formats import format_message, format_message_json, format_message_markdown
from lemtui.mail.render import render_body

BODY = "Yes, Tuesday.\n\n-- \nAna\n\nOn Mon, Bob <b@x.test> wrote:\n> Can you do Tuesday?\n> Bob"


def message(body: str = BODY, kind: str = "emailsReplied") -> Message:
    return Message.from_json({"_id": "a1", "type": kind, "message": body, "subject": "Re: x"})


def test_json_has_the_blocks_in_body_order() -> None:
    m = message()
    record = json.loads(format_message_json(m, render_body(m.body, is_html=False)))
    assert record["renderedBlocks"] == [
        {"kind": "text", "text": "Yes, Tuesday.", "folded": False},
        {"kind": "signature", "text": "--\nAna", "folded": True},
        {
            "kind": "quote",
            "text": "On Mon, Bob <b@x.test> wrote:\n> Can you do Tuesday?\n> Bob",
            "folded": True,
        },
    ]
    assert record["renderedText"].startswith("Yes, Tuesday.")


def test_json_blocks_of_a_bare_forward_are_a_forward_with_its_headers() -> None:
    m = message("---------- Forwarded message ---------\nFrom: Bob\nDate: Mon\nTo: Ana\n\nOffer.")
    rendered = render_body(m.body, is_html=False)
    record = json.loads(format_message_json(m, rendered))
    assert [block["kind"] for block in record["renderedBlocks"]] == ["forward"]
    assert record["renderedBlocks"][0]["headers"] == {"from": "Bob", "date": "Mon", "to": "Ana"}
    assert "Offer." in format_message(m, rendered, quotes="strip")


def test_strip_writes_a_quote_only_reply_rather_than_nothing() -> None:
    m = message("On Mon, 3 Jun 2024 at 10:00, Bob <b@x.test> wrote:\n> Can we meet?")
    rendered = render_body(m.body, is_html=False)
    record = json.loads(format_message_json(m, rendered))
    assert [block["kind"] for block in record["renderedBlocks"]] == ["whole-quote"]
    assert "headers" not in record["renderedBlocks"][0]
    assert "Can we meet?" in format_message(m, rendered, quotes="strip")


@pytest.mark.parametrize("formatter", [format_message, format_message_markdown])
def test_quotes_show_fold_strip(formatter: object) -> None:
    m = message()
    rendered = render_body(m.body, is_html=False)
    show = formatter(m, rendered)  # type: ignore[operator]
    assert "Can you do Tuesday?" in show and "Ana" in show
    assert formatter(m, rendered, quotes="show") == show  # type: ignore[operator]
    fold = formatter(m, rendered, quotes="fold")  # type: ignore[operator]
    assert "… 3 quoted lines" in fold and "… signature (2 lines)" in fold
    assert "Can you do Tuesday?" not in fold
    strip = formatter(m, rendered, quotes="strip")  # type: ignore[operator]
    assert "Yes, Tuesday." in strip
    assert "Can you do Tuesday?" not in strip and "Ana" not in strip and "…" not in strip


def test_a_body_less_event_says_what_happened_in_text() -> None:
    m = message("", kind="linkedinInviteAccepted")
    assert "(accepted your LinkedIn invitation)" in format_message(
        m, render_body("", is_html=False)
    )


def test_every_output_format_has_a_writer_and_is_offered_by_the_command_line() -> None:
    from typing import get_args

    from lemtui.cli import build_parser
    from lemtui.mail import OUTPUT_FORMATS, OutputFormat
    from lemtui.mail.formats import FORMATTERS

    assert set(OUTPUT_FORMATS) == set(get_args(OutputFormat)) == set(FORMATTERS)
    for fmt in OUTPUT_FORMATS:
        assert build_parser().parse_args(["--format", fmt]).format == fmt


def test_links_and_notes_follow_the_body_in_each_format() -> None:
    rendered = render_body('<p>See <a href="https://a.test/x">the plan</a>.</p>', is_html=True)
    assert format_message(message(), rendered).endswith("Links:\n[1] https://a.test/x")
    assert format_message_markdown(message(), rendered).endswith("Links:\n\n1. <https://a.test/x>")


@pytest.mark.parametrize(
    ("url", "written"),
    [
        (
            "https://x/><script>alert(1)</script>",
            "<https://x/%3E%3Cscript%3Ealert(1)%3C/script%3E>",
        ),
        ("https://x.test/a b", "<https://x.test/a%20b>"),
        ("https://x.test/\x85\u2028`\\'\"", "<https://x.test/%C2%85%E2%80%A8%60%5C%27%22>"),
        ("https://x.test/é?q=%20", "<https://x.test/é?q=%20>"),
        ("mailto:a@b.test", "<mailto:a@b.test>"),
        ("script", "script"),  # no scheme: `<script>` would be raw HTML
        ("/path<b>", "/path%3Cb%3E"),
    ],
)
def test_a_url_written_to_markdown_cannot_leave_its_autolink(url: str, written: str) -> None:
    from lemtui.mail.formats import md_url

    assert md_url(url) == written


def test_markdown_leaves_an_exclamation_mark_alone_but_no_image() -> None:
    m = Message.from_json(
        {"_id": "a1", "type": "emailsReplied", "message": "x", "subject": "Meet me ! ![a](b)"}
    )
    heading = format_message_markdown(m, render_body(m.body, is_html=False)).splitlines()[0]
    assert heading.endswith(r"Meet me ! !\[a\]\(b\)")
