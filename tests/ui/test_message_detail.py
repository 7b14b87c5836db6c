"""The detail pane on its own: the conversation's history reaches the renderer; a clipped body
shows a line and `W` shows the rest."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from lemtui.lemlist.messages import Message
from lemtui.mail import render
from lemtui.tui.widgets.message_detail import MessageDetail, older_than

EARLIER = Message.from_json(
    {
        "_id": "a1",
        "type": "emailsSent",
        "message": "<p>I noticed Acme opened a new warehouse in Lyon this quarter and wondered "
        "whether your team still plans its routes by hand.</p>",
    }
)
REPLY = Message.from_json(
    {
        "_id": "a2",
        "type": "emailsReplied",
        "message": "Not right now, thanks.\n\nI noticed Acme opened a new warehouse in Lyon this"
        "\nquarter and wondered whether your team still plans its routes by hand.",
    }
)


class DetailApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MessageDetail(id="detail")


async def wait_rendered(pilot: object, detail: MessageDetail) -> None:
    app = detail.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
        if detail.message is None or detail.rendered is not None:
            return
    raise AssertionError("the body never rendered")


def text_of(detail: MessageDetail) -> str:
    return "\n".join(detail.plain_lines)


async def test_earlier_messages_reach_the_renderer() -> None:
    app = DetailApp()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.query_one(MessageDetail)
        detail.show(REPLY)
        await wait_rendered(pilot, detail)
        assert "warehouse" in text_of(detail)  # no history: all of it is shown
        detail.forget_bodies()
        detail.history_for = lambda message: older_than([REPLY, EARLIER], message)
        detail.clear()
        detail.show(REPLY)
        await wait_rendered(pilot, detail)
        assert "Not right now, thanks." in text_of(detail)
        assert "warehouse" not in text_of(detail)
        assert "quoted lines — press z to unfold" in text_of(detail)


def test_older_than_is_bounded_and_needs_the_very_message() -> None:
    messages = [Message.from_json({"_id": str(i)}) for i in range(30)]
    assert older_than(messages, messages[3]) == messages[4:14]
    assert older_than(messages, Message.from_json({"_id": "3"})) == ()


async def test_a_clipped_body_says_so_and_w_shows_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render, "MAX_INPUT_CHARS", 400)  # read by the pane's render thread
    body = "".join(f"<p>paragraph {i}</p>" for i in range(100)) + "<p>THE END</p>"
    message = Message.from_json({"_id": "big", "type": "emailsReplied", "message": body})
    app = DetailApp()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.query_one(MessageDetail)
        detail.show(message)
        await wait_rendered(pilot, detail)
        assert "press W in this pane" in text_of(detail)
        assert "THE END" not in text_of(detail)
        detail.focus()
        await pilot.press("W")
        await wait_rendered(pilot, detail)
        assert "THE END" in text_of(detail)
        assert "press W" not in text_of(detail)


def test_a_wrapped_quoted_line_keeps_its_bar_on_every_line() -> None:
    """At 80×24 a long quoted line wraps; its second line must not read as new words."""
    from lemtui.mail.render import render_body
    from lemtui.tui.glyphs import current as glyphs
    from lemtui.tui.message_text import body_text
    from lemtui.tui.widgets.document_view import wrap_text

    long_quoted = "bonnes qualités, sans devenir rance " * 4
    body = (
        f"My answer.\n\nOn Tue, 3 Dec 2024, Victoire wrote:\n> {long_quoted}\n>\n> short\n\nAfter."
    )
    text = body_text(render_body(body, is_html=False), unfold=True)
    lines = ["".join(segment.text for segment in strip) for strip in wrap_text(text, 40)]
    bar = glyphs().quote_bar
    quoted = [line for line in lines if "rance" in line or "qualités" in line]
    assert len(quoted) >= 3 and all(line.startswith(bar) for line in quoted), lines
    assert all(len(line) <= 40 for line in lines)
    assert lines[0] == "My answer." and lines[-1] == "After."  # new words carry no bar
    assert "" in lines  # the blank line between the answer and the quote stays
    assert f"{bar}short" in lines


def test_a_wrapped_header_value_and_link_warning_stay_under_their_words() -> None:
    """At 80×24 a long From or Campaign wraps under its value, not at the pane's edge."""
    from lemtui.demo.data import SAMPLE_CONTACT_ID, demo_conversation
    from lemtui.mail.render import render_body
    from lemtui.tui.message_text import body_text, header_text
    from lemtui.tui.widgets.document_view import wrap_text

    (first, *_) = demo_conversation(SAMPLE_CONTACT_ID) or []
    header = header_text(Message.from_json(first), "A campaign with a rather long name indeed")
    lines = ["".join(s.text for s in strip) for strip in wrap_text(header, 40)]
    at = next(i for i, line in enumerate(lines) if line.startswith("Campaign:"))
    assert lines[at + 1].startswith(" " * 10) and lines[at + 1].strip(), lines
    assert all(len(line) <= 40 for line in lines)
    warned = render_body(
        '<p><a href="https://evil.test/">https://paypal.com/login/account/verify</a></p>',
        is_html=True,
    )
    text = body_text(warned, unfold=False)
    body = ["".join(s.text for s in strip) for strip in wrap_text(text, 40)]
    warning = next(i for i, line in enumerate(body) if line.startswith("    ") and "paypal" in line)
    assert body[warning + 1].startswith(" " * 6) and body[warning + 1].strip(), body
