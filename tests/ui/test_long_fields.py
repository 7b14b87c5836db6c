"""Header fields of megabytes (a subject, a sender's name, an address) reach the screen cut at
parse time, with a mark: the row, the title and the detail's header are drawn from a bounded
field, never from the megabytes (which took seconds and hundreds of MB to draw)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from lemtui.demo.fake_api import FakeLemlist
from lemtui.lemlist.fields import MAX_FIELD_CHARS
from lemtui.tui.app import LemtuiApp
from tests.support.app import make_app, settle

CONTACT = "ctc_hugeFields0001"
HUGE = 8 * 1024 * 1024


async def test_an_8_mb_subject_and_sender_are_drawn_cut(tmp_path: Path) -> None:
    message = {
        "_id": "act_hugeFields",
        "type": "emailsReplied",
        "createdAt": "2025-01-02T03:04:05Z",
        "subject": "Quarterly numbers " + "s" * HUGE,
        "sendUserName": "Alice " + "n" * HUGE,
        "sendUserEmail": "alice@example.com",
        "fromEmail": "lead@" + "e" * (HUGE // 8),
        "leadEmail": "lead@" + "e" * (HUGE // 8),  # all four within the 32 MB of a page
        "message": "Short body.",
        "contactId": CONTACT,
    }
    fake = FakeLemlist(conversations={CONTACT: [message]})
    app, _ = make_app(tmp_path, fake=fake, contact_id=CONTACT)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app, LemtuiApp)
        screen = app.conversation_screen
        shown = screen.message_list.items[0]
        for field in (shown.subject, shown.sender_name, shown.from_email, shown.lead_email):
            assert len(field) <= MAX_FIELD_CHARS + 40
            assert field.endswith(" characters]")
        row = screen.message_list.line_prompt(0).plain
        assert "Quarterly numbers sss" in row
        assert len(row) < 3 * MAX_FIELD_CHARS
        title = str(screen.query_one("#header-title", Static).render())
        assert "lead@eee" in title
        assert len(title) < 3 * MAX_FIELD_CHARS
        detail = "".join("".join(screen.detail.plain_lines).split())
        assert "Quarterlynumberssss" in detail
        assert f"[cut:{HUGE + 18:,}characters]" in detail  # the subject says it was cut
        assert len(detail) < 20 * MAX_FIELD_CHARS
