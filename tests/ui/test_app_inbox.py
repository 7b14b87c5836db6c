"""Pilot tests of the inbox and of finding a contact by email, over the fake API."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest
from textual.widgets import OptionList, Static

from lemtui.demo.data import LONG_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_API_KEY, DEMO_USER_ID, FakeLemlist
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import AmbiguousContactError
from lemtui.lemlist.inbox import Contact, InboxPage
from lemtui.lemlist.paging import InboxPager, LoadState
from lemtui.lemlist.secret import Secret
from lemtui.tui import glyphs
from lemtui.tui.app import LemtuiApp
from lemtui.tui.rows import inbox_row
from lemtui.tui.screens.contact_prompt import ContactPrompt
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.screens.inbox import InboxScreen
from lemtui.tui.widgets.inbox_list import InboxList
from tests.support.app import FIXED_NOW, demo_settings, make_app, settle

NARROW = (80, 24)
WIDE = (120, 40)


def _inbox_pages(fake: FakeLemlist) -> list[int]:
    return [int(r.query.get("page", "1")) for r in fake.requests if r.path.endswith("/api/inbox")]


def _inbox(app: LemtuiApp) -> InboxScreen:
    assert app.inbox_screen is not None
    return app.inbox_screen


def _notifications(app: LemtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


# ---------------------------------------------------------------- the pager, without UI


def _inbox_page(page: int, count: int, total: int, limit: int = 20) -> InboxPage:
    items = [
        {"_id": f"ibx_{page}_{n}", "contactId": f"ctc_{page}x{n}", "users": []}
        for n in range(count)
    ]
    more = (page - 1) * limit + count < total
    pagination = {"totalItems": total, "nextPage": page + 1 if more else None}
    return InboxPage.from_json(
        {"data": items, "pagination": pagination}, page=page, limit=limit, user_id="usr_a"
    )


async def _no_fetch(request: object) -> InboxPage:
    raise AssertionError("this test hands pages in itself")


def test_inbox_pager_pages_by_number_once_each() -> None:
    pager = InboxPager("usr_a", _no_fetch, page_size=20)
    first = pager.start()
    assert first is not None
    assert (first.page, first.limit) == (1, 20)
    assert pager.start() is None
    assert pager.finish(first, _inbox_page(1, 20, 50)) is not None
    assert pager.total == 50
    assert not pager.wants_more(9)
    assert pager.wants_more(10)
    second = pager.start()
    assert second is not None
    assert second.page == 2
    assert pager.finish(first, _inbox_page(1, 20, 50)) is None  # stale: nothing changes
    assert pager.fail(second, RuntimeError("boom"))
    assert pager.state is LoadState.FAILED
    again = pager.retry()
    assert again == second
    pager.finish(second, _inbox_page(2, 20, 50))
    third = pager.start()
    assert third is not None
    pager.finish(third, _inbox_page(3, 10, 50))
    assert pager.complete
    assert pager.loaded == 50


def test_inbox_row_is_safe_text() -> None:
    page = InboxPage.from_json(
        {
            "data": [
                {
                    "contactId": "ctc_x",
                    "contact": {"fullName": "[bold]Eve[/]\x1b[31m", "email": "e@x.example"},
                    "channels": ["email", "linkedin"],
                    "haveReplies": True,
                    "users": [{"userId": "usr_a", "read": False}],
                }
            ]
        },
        page=1,
        limit=20,
        user_id="usr_a",
    )
    row = inbox_row(page.items[0], now=FIXED_NOW)
    assert row.plain.startswith("●")
    assert "[bold]Eve[/]" in row.plain
    assert "\x1b" not in row.plain
    assert "✉ LI" in row.plain
    assert "↩" in row.plain
    glyphs.use(glyphs.ASCII)
    ascii_row = inbox_row(page.items[0], now=FIXED_NOW)
    assert ascii_row.plain.startswith("*")
    assert ascii_row.plain.isascii() or "Eve" in ascii_row.plain


# ---------------------------------------------------------------- the screen


async def test_inbox_is_the_start_screen_and_loads_lazily(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, user_id=DEMO_USER_ID, page_size=20)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        assert app.screen is inbox
        rows = inbox.inbox_list
        assert len(rows.items) == 20
        assert _inbox_pages(fake) == [1]
        assert rows.items[0].contact_id == LONG_CONTACT_ID  # latest activity first
        stats = str(inbox.query_one("#header-stats", Static).render())
        assert "20 of 47 loaded" in stats
        for _ in range(9):
            await pilot.press("j")
        await settle(pilot)
        assert _inbox_pages(fake) == [1], "prefetched too early"
        await pilot.press("j")
        await settle(pilot)
        assert _inbox_pages(fake) == [1, 2]
        assert len(rows.items) == 40
        for _ in range(3):
            await pilot.press("j")
        await settle(pilot)
        assert _inbox_pages(fake) == [1, 2]
        await pilot.press("end")
        await settle(pilot)
        assert _inbox_pages(fake) == [1, 2, 3]
        assert len(rows.items) == 47
        assert rows.status_kind == "complete"
        assert len({item.contact_id for item in rows.items}) == 47


async def test_enter_opens_and_escape_returns_with_the_place_kept(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        rows = inbox.inbox_list
        await pilot.press("j", "j", "j")
        chosen = rows.items[3]
        await pilot.press("enter")
        await settle(pilot)
        conversation = app.conversation_screen
        assert app.screen is conversation
        assert conversation.pager is not None
        assert conversation.pager.contact_id == chosen.contact_id
        assert conversation.message_list.items
        await pilot.press("enter")  # read a message, Esc back to the list, Esc to the inbox
        await settle(pilot)
        assert conversation.reading
        await pilot.press("escape")
        assert app.screen is conversation
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is inbox
        assert rows.highlighted == 3
        assert app.focused is rows
        # the same conversation again: kept, not fetched again
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is conversation
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is inbox


async def test_unread_mark_clears_after_mark_as_read_on_open(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, user_id=DEMO_USER_ID, mark_as_read=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = _inbox(app).inbox_list
        index = next(i for i, item in enumerate(rows.items) if item.unread)
        contact = rows.items[index].contact_id
        assert rows.line_prompt(index).plain.startswith("●")
        rows.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert fake.is_read(contact, DEMO_USER_ID)
        await pilot.press("escape")
        await pilot.pause()
        assert not rows.items[index].unread
        prompt = rows.line_prompt(index)
        assert not prompt.plain.startswith("●")


async def test_unread_mark_clears_after_m(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, user_id=DEMO_USER_ID, mark_as_read=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = _inbox(app).inbox_list
        index = next(i for i, item in enumerate(rows.items) if item.unread)
        contact = rows.items[index].contact_id
        rows.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert not fake.is_read(contact, DEMO_USER_ID)
        assert rows.items[index].unread
        await pilot.press("m")
        await settle(pilot)
        assert fake.is_read(contact, DEMO_USER_ID)
        assert not rows.items[index].unread
        unread = sum(1 for item in rows.items if item.unread)
        stats = str(_inbox(app).query_one("#header-stats", Static).render())
        assert f"{unread} unread" in stats or unread == 0


async def test_contact_given_with_user_id_opens_over_the_inbox(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.screen is app.conversation_screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is _inbox(app)


async def test_inbox_failure_then_retry(tmp_path: Path) -> None:
    fake = FakeLemlist()
    fake.fail_next(500, "inbox on fire", path_contains="/api/inbox?")
    app, _ = make_app(tmp_path, fake=fake, user_id=DEMO_USER_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        notice = str(inbox.query_one("#inbox-notice", Static).render())
        assert "Could not load your inbox" in notice
        assert "inbox on fire" in notice
        await pilot.press("r")
        await settle(pilot)
        assert inbox.inbox_list.items


async def test_without_user_id_the_prompt_says_how_to_get_the_inbox(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        hint = str(prompt.query_one("#prompt-hint", Static).render())
        assert "--user-id or LEMLIST_USER_ID to start on your inbox" in hint
        await pilot.press("escape")
        await pilot.press("i")
        await pilot.pause()
        assert any("LEMLIST_USER_ID" in n for n in _notifications(app))
        assert isinstance(app.screen, ConversationScreen)


async def test_palette_goes_to_the_inbox(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Inbox", "Search", "Filter", "Copy message", "Export conversation"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"inbox", "enter")
        await settle(pilot)
        assert app.screen is _inbox(app)


# ---------------------------------------------------------------- find by email


def _prompt(app: LemtuiApp) -> ContactPrompt:
    assert isinstance(app.screen, ContactPrompt)
    return app.screen


def _error(prompt: ContactPrompt) -> str:
    static = prompt.query_one("#prompt-error", Static)
    return str(static.render()).strip() if static.display else ""


async def test_email_that_exists_opens_its_conversation(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press(*"Victoire@Lemlist.co", "enter")
        await settle(pilot)
        assert app.screen is app.conversation_screen
        assert app.conversation_screen.pager is not None
        assert app.conversation_screen.pager.contact_id == SAMPLE_CONTACT_ID
    assert any("/api/contacts/" in r.path for r in fake.requests)


async def test_email_not_found_is_said_inline(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press(*"nobody@nowhere.example", "enter")
        await settle(pilot)
        prompt = _prompt(app)
        assert "No contact with the email nobody@nowhere.example" in _error(prompt)


async def test_ambiguous_email_offers_the_candidates(tmp_path: Path) -> None:
    def message(contact: str) -> dict[str, str]:
        return {"_id": f"act_{contact}", "type": "emailsSent", "leadEmail": "twin@dup.example"}

    fake = FakeLemlist(
        conversations={
            "ctc_twinA": [message("ctc_twinA")],
            "ctc_twinB": [message("ctc_twinB")],
        }
    )
    app, _ = make_app(tmp_path, fake=fake, demo=False)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press(*"twin@dup.example", "enter")
        await settle(pilot)
        prompt = _prompt(app)
        assert "2 contacts have the email" in _error(prompt)
        choices = prompt.query_one("#prompt-choices", OptionList)
        assert [choices.get_option_at_index(i).id for i in range(2)] == ["ctc_twinA", "ctc_twinB"]
        assert app.focused is choices
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.conversation_screen.pager is not None
        assert app.conversation_screen.pager.contact_id == "ctc_twinB"


async def test_text_with_at_sign_that_is_not_an_email_is_refused(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press(*"a@b/../x", "enter")
        await pilot.pause()
        assert "not an email address" in _error(_prompt(app))
    assert fake.requests == []


# ---------------------------------------------------------------- review fixes

HOSTILE_ID = "ctc_\x1b]0;PWNED\x07\x1b[31mX"


async def test_a_conversation_whose_contact_id_is_hostile_is_not_opened(tmp_path: Path) -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path == "/api/inbox":
            item = {
                "_id": "ibx_1",
                "contactId": HOSTILE_ID,
                "contact": {"fullName": "Bob", "email": "bob@x.example"},
                "lastActivityAt": "2026-01-01T10:00:00Z",
                "users": [{"userId": DEMO_USER_ID, "read": False}],
            }
            return httpx.Response(200, json={"data": [item], "pagination": {"totalItems": 1}})
        return httpx.Response(404, json={})

    client = LemlistClient(
        Secret(DEMO_API_KEY),
        base_url="http://localhost/api",
        transport=httpx.MockTransport(handler),
        retries=0,
    )
    app = LemtuiApp(client=client, settings=demo_settings(user_id=DEMO_USER_ID), state_dir=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        assert app.screen is inbox
        assert len(inbox.inbox_list.items) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is inbox  # not opened: no request, nothing shown raw
        assert any("no valid contact ID" in note for note in _notifications(app))
        assert app.conversation_screen.pager is None
    # Only the inbox and the names its header and rows use; nothing about the hostile contact.
    assert {path for path in paths if "/inbox" in path or "/contacts" in path} == {"/api/inbox"}


async def test_an_inbox_page_that_cannot_be_shown_ends_as_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unshowable(self: InboxList, item: object, now: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(InboxList, "row", unshowable)
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app)
        notice = str(inbox.query_one("#inbox-notice", Static).render())
        assert "Could not load your inbox" in notice
        assert "OverflowError" in notice
        assert "loading" not in str(inbox.query_one("#header-stats", Static).render())
        monkeypatch.undo()
        await pilot.press("r")  # loads the inbox again from the top
        await settle(pilot)
        assert inbox.inbox_list.items
        assert not inbox.has_class("-notice")


async def test_ambiguous_email_with_a_repeated_contact_offers_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def contact(contact_id: str, name: str) -> Contact:
        return Contact.from_json({"_id": contact_id, "email": "a@b.example", "fullName": name})

    async def lookup(email: str) -> Contact:
        candidates: Sequence[Contact] = (
            contact("ctc_dup1", "[b]x[/b]"),
            contact("ctc_dup1", "y"),
            contact("ctc_\x1bbad", "z"),
            contact("ctc_other2", "w"),
        )
        raise AmbiguousContactError("3 contacts have the email a@b.example", tuple(candidates))

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.client, "find_contact", lookup)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"a@b.example", "enter")
        await settle(pilot)
        prompt = _prompt(app)
        choices = prompt.query_one("#prompt-choices", OptionList)
        ids = [choices.get_option_at_index(i).id for i in range(choices.option_count)]
        assert ids == ["ctc_dup1", "ctc_other2"]
        assert "[b]x[/b]" in str(choices.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert app.conversation_screen.pager is not None
        assert app.conversation_screen.pager.contact_id == "ctc_dup1"
