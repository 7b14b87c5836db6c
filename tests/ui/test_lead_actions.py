"""The lead card and the lead actions after reading, over real HTTP to the fake API: the card
shows who the lead is; `+` then `y` makes exactly one POST to the documented route and `n`
none; a 500 after acting reads the state back and says what is true; read-only refuses; a lead
in two campaigns is asked which; the keys work from an inbox row too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from lemtui.demo.data import LONG_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, FakeLemlist
from lemtui.demo.faults import WriteFault
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.lead_screens import CampaignPicker, LeadCardScreen, LeadQuestion
from tests.support.app import FIXED_NOW, make_app, settle, until
from tests.support.server import FakeServer

WIDE = (160, 45)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(FakeLemlist(rate_limit=10_000)) as running:
        yield running


def _app(tmp_path: Path, server: FakeServer, **settings: Any) -> tuple[LemtuiApp, FakeLemlist]:
    fake = server.app
    assert isinstance(fake, FakeLemlist)
    return make_app(
        tmp_path,
        fake=fake,
        base_url=server.url,
        clock=lambda: FIXED_NOW,
        contact_id=LONG_CONTACT_ID,
        **settings,
    )


def _posts(fake: FakeLemlist) -> list[str]:
    return [r.path for r in fake.requests if r.method == "POST"]


def _notes(app: LemtuiApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def _card_loaded(pilot: object, app: LemtuiApp) -> None:
    screen = app.conversation_screen
    await until(pilot, lambda: screen.card_view.card is not None, step=0.02)  # type: ignore[arg-type]


async def test_the_card_shows_job_title_company_and_campaigns(
    tmp_path: Path, server: FakeServer
) -> None:
    app, _ = _app(tmp_path, server)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _card_loaded(pilot, app)
        card = app.conversation_screen.card_view
        await until(pilot, lambda: "Northwind Q4" in str(card.render()), step=0.02)
        assert card.display and card.region.width > 0  # beside the conversation at 160
        text = str(card.render())
        assert card.card is not None
        assert card.card.job_title and card.card.job_title in text
        assert card.card.company and card.card.company in text
        assert "Northwind Q4 Outreach" in text  # named, not cam_…
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen)
        await pilot.press("escape")


async def test_plus_then_y_posts_once_and_n_posts_nothing(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake = _app(tmp_path, server)
    async with app.run_test(size=(80, 24)) as pilot:  # the card is off-screen: `+` still works
        await settle(pilot)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, LeadQuestion), step=0.02)
        question = app.screen
        assert isinstance(question, LeadQuestion)
        assert "Mark Léa Fontaine interested in Northwind Q4 Outreach? y/n" in str(
            question.question
        )
        await pilot.press("n")
        await settle(pilot)
        assert _posts(fake) == []
        assert "Nothing was changed" in _notes(app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, LeadQuestion), step=0.02)
        await pilot.press("y")
        await until(pilot, lambda: "is now interested" in _notes(app), step=0.02)
        posts = _posts(fake)
        assert len(posts) == 1
        assert posts[0].endswith("/interested") and "/campaigns/cam_" in posts[0]
        assert len(fake.lead_actions) == 1


async def test_a_500_after_acting_reads_the_state_back_and_says_what_is_true(
    tmp_path: Path, server: FakeServer
) -> None:
    app, fake = _app(tmp_path, server)
    fake.fail_next_write(WriteFault.ERROR_AFTER_ACTING, status=500, route="pause")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await _card_loaded(pilot, app)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, LeadQuestion), step=0.02)
        await pilot.press("y")
        await until(pilot, lambda: "paused" in _notes(app), step=0.02)
        assert len(_posts(fake)) == 1  # never resent
        assert "is now paused" in _notes(app)
        reads = [r for r in fake.requests if r.method == "GET" and "/leads/" in r.path]
        assert reads, "the state was read back"
        card = app.conversation_screen.card_view.card
        assert card is not None
        assert any(entry.paused for entry in card.campaigns)


async def test_read_only_refuses_and_says_why(tmp_path: Path, server: FakeServer) -> None:
    app, fake = _app(tmp_path, server, read_only=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("minus")
        await settle(pilot)
        assert not isinstance(app.screen, LeadQuestion)
        assert "read-only" in _notes(app)
        assert _posts(fake) == []


async def test_a_lead_in_two_campaigns_is_asked_which_from_an_inbox_row(
    tmp_path: Path, server: FakeServer
) -> None:
    fake = server.app
    assert isinstance(fake, FakeLemlist)
    app, _ = make_app(
        tmp_path, fake=fake, base_url=server.url, clock=lambda: FIXED_NOW, user_id=DEMO_USER_ID
    )
    two = next(
        contact_id
        for contact_id in fake.conversations
        if len({c.get("campaignId") for c in fake.leads.leads_of(contact_id)}) >= 2
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None
        row = inbox.inbox_list.row_of(two)
        assert row is not None
        inbox.inbox_list.highlighted = row
        await pilot.press("minus")
        await until(pilot, lambda: isinstance(app.screen, CampaignPicker), step=0.02)
        choices = app.screen.query_one(OptionList)
        assert choices.option_count >= 2
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LeadQuestion), step=0.02)
        await pilot.press("y")
        await until(pilot, lambda: "not interested" in _notes(app), step=0.02)
        assert len(_posts(fake)) == 1
        assert _posts(fake)[0].endswith("/notinterested")


async def test_J_reads_the_next_message_full_width_at_80x24(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading and app.focused is screen.detail
        first = screen.detail.message
        await pilot.press("J")
        await settle(pilot)
        assert screen.reading and app.focused is screen.detail  # still reading, full width
        assert screen.message_list.highlighted == 1
        assert screen.detail.message is screen.message_list.items[1] is not first
        await pilot.press("K")
        await settle(pilot)
        assert screen.detail.message is first


async def test_esc_typed_ahead_of_a_key_is_both_keys_in_order(tmp_path: Path) -> None:
    """A terminal sends "Esc j" typed fast as one burst, which reads as alt+j."""
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, clock=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("alt+j", "enter")
        await settle(pilot)
        assert screen.message_list.highlighted == 1
        assert screen.reading
        assert screen.detail.message is screen.message_list.items[1]


async def test_R_on_an_inbox_row_replies_to_its_newest_message(tmp_path: Path) -> None:
    from lemtui.tui.reply.editor import ReplyEditorScreen

    app, fake = make_app(tmp_path, clock=lambda: FIXED_NOW, user_id=DEMO_USER_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None
        inbox.inbox_list.highlighted = 1
        item = inbox.inbox_list.highlighted_item
        assert item is not None
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReplyEditorScreen))
        screen = app.conversation_screen
        assert screen.pager is not None and screen.pager.contact_id == item.contact_id
        newest = screen.message_list.items[0]
        assert screen.message_list.highlighted == 0
        assert screen.detail.message is newest
        assert newest.id == fake.conversations[item.contact_id][0]["_id"]
        await pilot.press("escape")


@pytest.mark.parametrize(("size", "shows"), [((160, 45), "· interested"), ((80, 24), "+ ")])
async def test_a_lead_marked_from_the_inbox_shows_their_state_name_and_company_in_the_row(
    tmp_path: Path, server: FakeServer, size: tuple[int, int], shows: str
) -> None:
    fake = server.app
    assert isinstance(fake, FakeLemlist)
    app, _ = make_app(
        tmp_path, fake=fake, base_url=server.url, clock=lambda: FIXED_NOW, user_id=DEMO_USER_ID
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None
        rows = inbox.inbox_list
        row = rows.row_of(LONG_CONTACT_ID)
        assert row is not None
        rows.highlighted = row
        before = rows.row_prompt(row).plain
        assert "interested" not in before
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, LeadQuestion), step=0.02)
        await pilot.press("y")
        await until(pilot, lambda: "is now interested" in _notes(app), step=0.02)
        card = rows.cards[LONG_CONTACT_ID]
        now = rows.row_of(LONG_CONTACT_ID)
        assert now is not None
        text = rows.row_prompt(now).plain
        assert shows in text, text
        if size[0] >= 160:
            assert card.company and card.company in text  # the card's, not the address's domain


async def test_R_on_an_inbox_row_in_read_only_says_why_without_opening_anything(
    tmp_path: Path, server: FakeServer
) -> None:
    fake = server.app
    assert isinstance(fake, FakeLemlist)
    app, _ = make_app(
        tmp_path,
        fake=fake,
        base_url=server.url,
        clock=lambda: FIXED_NOW,
        user_id=DEMO_USER_ID,
        read_only=True,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None and app.screen is inbox
        await pilot.press("R")
        await settle(pilot)
        assert app.screen is inbox  # still the inbox: nothing opened
        assert "read-only" in _notes(app)
