"""Pilot tests of the reader over the fake API: flows, lazy pages, failures, hostile text."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Static

from lemtui.demo.data import (
    LONG_CONTACT_ID,
    QUOTES_CONTACT_ID,
    SAMPLE_CONTACT_ID,
)
from lemtui.demo.fake_api import FakeLemlist
from lemtui.lemlist.paging import LoadState
from lemtui.tui.screens.contact_prompt import ContactPrompt
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.screens.help import HelpScreen
from lemtui.tui.widgets.message_detail import MessageDetail
from lemtui.tui.widgets.message_list import MessageList
from tests.support.app import make_app, settle

NARROW = (80, 24)
WIDE = (120, 40)


def _inbox_requests(fake: FakeLemlist, contact: str) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.path.endswith(f"/inbox/{contact}")]


def _skips(fake: FakeLemlist, contact: str) -> list[int]:
    return [int(q.get("skip", "0")) for q in _inbox_requests(fake, contact)]


def _row_text(app_list: MessageList, index: int) -> str:
    return app_list.line_prompt(index).plain


def _plain(renderable: object) -> str:
    """What a Rich renderable shows, as plain text."""
    import io

    from rich.console import Console

    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(renderable)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def _screen(app: object) -> ConversationScreen:
    from lemtui.tui.app import LemtuiApp

    assert isinstance(app, LemtuiApp)
    return app.conversation_screen


def _static_text(screen: ConversationScreen | ContactPrompt, selector: str) -> str:
    static = screen.query_one(selector, Static)
    return str(static.render()).strip() if static.display else ""


async def test_prompt_then_list_then_detail(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        assert isinstance(app.screen, ContactPrompt)
        await pilot.press(*f"  {SAMPLE_CONTACT_ID} ")
        await pilot.press("enter")
        await settle(pilot)
        screen = _screen(app)
        assert app.screen is screen
        messages = screen.message_list
        assert len(messages.items) == 3
        assert "Meet me !" in _row_text(messages, 0)
        assert messages.status_line == 3
        assert "all 3 messages loaded" in _row_text(messages, 3)
        title = str(screen.query_one("#header-title", Static).render())
        assert "victoire@lemlist.co" in title
        stats = str(screen.query_one("#header-stats", Static).render())
        assert "3 of 3 loaded" in stats
        assert "mark-as-read: off" in stats
        await pilot.press("j")
        await settle(pilot)
        detail = screen.detail
        assert detail.message is messages.items[1]
        text = "\n".join(detail.plain_lines)
        assert "Re: Have you heard about Christophe Opoix ?" in text
        assert "From:" in text
        assert "rendering…" not in text
        await pilot.press("enter")
        assert app.focused is detail
        await pilot.press("tab")
        assert app.focused is messages
    assert _skips(fake, SAMPLE_CONTACT_ID) == [0]


async def test_invalid_id_is_explained_inline(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press(*"ctc_../etc", "enter")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        error = _static_text(prompt, "#prompt-error")
        assert "not a contact ID" in error
        await pilot.press("backspace")
        await pilot.pause()
        assert _static_text(prompt, "#prompt-error") == ""
    assert fake.requests == []


async def test_a_word_that_is_no_id_says_an_email_address_works_too(tmp_path: Path) -> None:
    """A new user typed "hello": the prompt takes an ID or an email, and says both."""
    app, fake = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press(*"hello", "enter")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        error = _static_text(prompt, "#prompt-error")
        assert "not a contact ID" in error and "email address" in error
        assert not [r for r in fake.requests if r.path.startswith("/api/inbox/")]


async def test_escape_on_first_prompt_leaves_a_calm_empty_screen(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        screen = _screen(app)
        assert app.screen is screen
        assert app.is_running
        assert "No conversation open" in _static_text(screen, "#conv-notice")


async def test_empty_screen_footer_offers_only_what_works_there(tmp_path: Path) -> None:
    """With no conversation open, Read/Search/Filter/Quotes/Reply are hidden (they would only say
    "No conversation open"); they come back as soon as a contact is opened."""
    from lemtui.tui.widgets.footer import KeysFooter

    conversation_keys = {"Read", "Search", "Filter", "Quotes", "Reply"}
    app, _ = make_app(tmp_path)

    def footer_keys() -> set[str]:
        return {key.description for key in app.screen.query_one(KeysFooter).keys}

    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is _screen(app)
        shown = footer_keys()
        assert {"Open", "Help", "Quit"} <= shown, shown
        assert not shown & conversation_keys, shown
        palette = {command.title for command in app.get_system_commands(app.screen)}
        assert "Open" in palette
        assert not palette & conversation_keys, palette  # they would do nothing there
        await pilot.press("slash", "f", "z")
        await settle(pilot)
        assert app.screen is _screen(app)
        _screen(app).open_contact(SAMPLE_CONTACT_ID)
        await settle(pilot)
        assert conversation_keys <= footer_keys()


async def test_next_page_requested_exactly_once_near_the_end(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages = screen.message_list
        assert len(messages.items) == 50
        assert _skips(fake, LONG_CONTACT_ID) == [0]
        threshold = screen.pager.threshold if screen.pager else 0
        for _ in range(50 - threshold - 1):
            await pilot.press("j")
        await settle(pilot)
        assert messages.highlighted == 50 - threshold - 1
        assert _skips(fake, LONG_CONTACT_ID) == [0], "prefetched too early"
        for _ in range(5):
            await pilot.press("down")
        await settle(pilot)
        assert _skips(fake, LONG_CONTACT_ID) == [0, 50]
        assert len(messages.items) == 100
        assert "100 of 600 loaded" in str(screen.query_one("#header-stats", Static).render())
        # moving further within the loaded part asks nothing more
        for _ in range(5):
            await pilot.press("j")
        await settle(pilot)
        assert _skips(fake, LONG_CONTACT_ID) == [0, 50]


async def test_holding_down_through_a_slow_page_never_asks_twice(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=20)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages = screen.message_list
        assert screen.pager is not None
        fake.set_latency(1.5)
        while _skips(fake, LONG_CONTACT_ID) == [0]:
            await pilot.press("j")
        assert messages.highlighted == 20 - screen.pager.threshold
        # the page is in flight: a loading row, and the keys keep working meanwhile
        assert messages.status_kind == "loading"
        assert "loading older messages" in _row_text(messages, messages.line_count - 1)
        for _ in range(5):
            await pilot.press("j")
        assert messages.highlighted == 20 - screen.pager.threshold + 5
        assert _skips(fake, LONG_CONTACT_ID) == [0, 20]
        fake.set_latency(0)
        await settle(pilot)
        skips = _skips(fake, LONG_CONTACT_ID)
        assert len(skips) == len(set(skips))
        assert skips[:2] == [0, 20]


async def test_failed_page_keeps_messages_and_retries_with_r(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=20)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages = screen.message_list
        assert len(messages.items) == 20
        fake.fail_next(500, "database on fire", path_contains="skip=20")
        await pilot.press("end")
        await settle(pilot)
        assert len(messages.items) == 20
        assert messages.status_kind == "failed"
        row = _row_text(messages, 20)
        assert "Could not load older messages" in row
        assert "500" in row
        assert "database on fire" in row
        assert screen.pager is not None
        assert screen.pager.state is LoadState.FAILED
        highlighted = messages.highlighted
        await pilot.press("r")
        await settle(pilot)
        assert len(messages.items) >= 40
        assert messages.highlighted == highlighted
        assert _skips(fake, LONG_CONTACT_ID)[:3] == [0, 20, 20]


async def test_failed_page_retries_with_enter_on_its_row(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=20)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        fake.fail_next(503, times=1, path_contains="skip=20")
        await pilot.press("end")
        await settle(pilot)
        assert messages.status_kind == "failed"
        await pilot.press("down")  # onto the failure row
        assert messages.highlighted == 20
        await pilot.press("enter")
        await settle(pilot)
        assert len(messages.items) >= 40


async def test_switching_contact_mid_load_drops_the_old_one(tmp_path: Path) -> None:
    fake = FakeLemlist()
    fake.slow_contacts[LONG_CONTACT_ID] = 30.0
    app, fake = make_app(tmp_path, fake=fake, contact_id=LONG_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = _screen(app)
        assert screen.pager is not None
        assert screen.pager.state is LoadState.LOADING
        await pilot.press("o")
        await pilot.press(*SAMPLE_CONTACT_ID, "enter")
        await settle(pilot)
        assert screen.pager is not None
        assert screen.pager.contact_id == SAMPLE_CONTACT_ID
        assert [m.contact_id for m in screen.message_list.items] == [SAMPLE_CONTACT_ID] * 3
        assert "victoire@lemlist.co" in str(screen.query_one("#header-title", Static).render())


async def test_stale_page_is_dropped_even_if_it_arrives(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        old = screen.pager
        assert old is not None
        from lemtui.lemlist.paging import PageRequest

        stale = PageRequest(old.generation, old.contact_id, 0, 50)
        screen.open_contact(LONG_CONTACT_ID)
        await settle(pilot)
        # The old contact's page arrives late, through the list's own fetch: it is dropped.
        await screen.message_list._fetch(stale)
        await settle(pilot)
        current = screen.pager
        assert current is not None and current.contact_id == LONG_CONTACT_ID
        sample = {m.id for m in old.messages}
        assert sample and not sample & {m.id for m in screen.message_list.items}


HOSTILE_SUBJECT = "[bold]x[/] [@click=app.quit]y[/]"


async def test_markup_in_subject_is_shown_literally(tmp_path: Path) -> None:
    contact = "ctc_markup0001"
    message = {
        "_id": "act_markup",
        "type": "emailsReplied",
        "createdAt": "2025-01-02T03:04:05Z",
        "subject": HOSTILE_SUBJECT,
        "fromEmail": "[red]evil[/]@example.com",
        "leadEmail": "[red]evil[/]@example.com",
        "message": "hello [link=https://evil.example]click[/link]",
        "contactId": contact,
        "attachments": [{"name": "[blink]a.pdf[/]\x1b[31m"}],
    }
    fake = FakeLemlist(conversations={contact: [message]})
    app, _ = make_app(tmp_path, fake=fake, contact_id=contact)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages = screen.message_list
        assert HOSTILE_SUBJECT in _row_text(messages, 0)
        # The lead's name as their card has it, written as typed, never as markup.
        assert "[Red]Evil[/]" in _row_text(messages, 0) or "[red]evil[/]@" in _row_text(messages, 0)
        await pilot.click(MessageList, offset=(30, 0))
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        detail_text = "\n".join(screen.detail.plain_lines)
        assert HOSTILE_SUBJECT in detail_text
        assert "[blink]a.pdf[/]" in detail_text
        assert "\x1b" not in detail_text
        assert "[link=https://evil.example]click[/link]" in detail_text
        await pilot.click(MessageDetail, offset=(20, 3))
        await pilot.pause()
        assert app.is_running


async def test_bad_api_key_says_what_to_do(tmp_path: Path) -> None:
    fake = FakeLemlist(api_key="the-right-one")
    app, _ = make_app(tmp_path, fake=fake, contact_id=SAMPLE_CONTACT_ID, api_key="wrong")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = _screen(app)
        notice = _static_text(screen, "#conv-notice")
        assert "refused the API key (401" in notice
        assert "LEMLIST_API_KEY" in notice
        assert "Traceback" not in notice


async def test_first_page_failure_then_retry(tmp_path: Path) -> None:
    fake = FakeLemlist()
    fake.fail_next(500, "upstream timeout")
    app, _ = make_app(tmp_path, fake=fake, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = _screen(app)
        notice = _static_text(screen, "#conv-notice")
        assert "Could not open this conversation" in notice
        assert "press r to retry" in notice.lower()
        await pilot.press("r")
        await settle(pilot)
        assert len(screen.message_list.items) == 3
        assert not screen.has_class("-notice")


async def test_unknown_contact_suggests_another(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id="ctc_doesnotexist1")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        notice = _static_text(_screen(app), "#conv-notice")
        assert "Not found" in notice
        assert "Check the contact ID" in notice
        assert "o to open another contact" in notice


async def test_narrow_enter_opens_detail_and_escape_returns(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = _screen(app)
        messages, detail = screen.message_list, screen.detail
        assert screen.narrow
        assert messages.display
        assert not detail.display
        await pilot.press("j", "j")
        assert messages.highlighted == 2
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading
        assert detail.display
        assert not messages.display
        assert app.focused is detail
        assert "Have you heard about Christophe Opoix" in "\n".join(detail.plain_lines)
        await pilot.press("escape")
        assert not screen.reading
        assert messages.display
        assert app.focused is messages
        assert messages.highlighted == 2


async def test_resize_switches_layout_live(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert not screen.narrow
        assert screen.detail.display
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert screen.narrow
        assert not screen.detail.display
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert not screen.narrow
        assert screen.detail.display


async def test_z_unfolds_quotes(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=QUOTES_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        detail = screen.detail
        # find a message with a folded quote
        for index in range(len(screen.message_list.items)):
            screen.message_list.highlighted = index
            await settle(pilot)
            if any("press z to unfold" in line for line in detail.plain_lines):
                break
        else:
            pytest.fail("no message with a folded quote")
        folded = detail.line_count
        await pilot.press("enter", "z")
        await settle(pilot)
        assert detail.unfold
        assert not any("press z to unfold" in line for line in detail.plain_lines)
        assert detail.line_count > folded
        await pilot.press("z")
        await settle(pilot)
        assert any("press z to unfold" in line for line in detail.plain_lines)


async def test_help_screen_opens_and_closes(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = _plain(app.screen.query_one("#help-keys", Static).content)
        assert "z" in keys
        assert "unfold" in keys.lower()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)


async def test_recent_contacts_are_offered(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, demo=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        choices = prompt.query_one("#prompt-choices", OptionList)
        assert choices.get_option_at_index(0).id == SAMPLE_CONTACT_ID
        await pilot.press("down")
        assert app.focused is choices
        await pilot.press("up")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.conversation_screen.pager is not None
        assert app.conversation_screen.pager.contact_id == SAMPLE_CONTACT_ID


async def test_typing_on_a_highlighted_choice_goes_to_the_field(tmp_path: Path) -> None:
    """After down into the recent contacts, what is typed reaches the field (j/k still move)."""
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, demo=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        await pilot.press("down")
        assert app.focused is prompt.query_one("#prompt-choices", OptionList)
        await pilot.press(*"sophie@x.test")
        field = prompt.query_one(Input)
        assert app.focused is field
        assert field.value == "sophie@x.test"


async def test_recent_choice_opens_with_arrow_and_enter(tmp_path: Path) -> None:
    first, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, demo=False)
    async with first.run_test(size=NARROW) as pilot:
        await settle(pilot)
    app, fake = make_app(tmp_path, demo=False)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.conversation_screen.pager is not None
        assert app.conversation_screen.pager.contact_id == SAMPLE_CONTACT_ID
    assert _skips(fake, SAMPLE_CONTACT_ID) == [0]


async def test_demo_contacts_are_suggested(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        choices = app.screen.query_one("#prompt-choices", OptionList)
        ids = [choices.get_option_at_index(i).id for i in range(choices.option_count)]
        assert SAMPLE_CONTACT_ID in ids
        assert LONG_CONTACT_ID in ids


async def test_mark_read_without_user_id_explains(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert any("--user-id" in str(n.message) for n in app._notifications)
    assert all("markAsRead" not in q for q in _inbox_requests(fake, SAMPLE_CONTACT_ID))


async def test_mark_read_on_demand_and_on_open(tmp_path: Path) -> None:
    from lemtui.demo.fake_api import DEMO_USER_ID

    app, fake = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, mark_as_read=True
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        stats = str(_screen(app).query_one("#header-stats", Static).render())
        assert "mark-as-read: on" in stats
        first = _inbox_requests(fake, SAMPLE_CONTACT_ID)[0]
        assert first.get("markAsRead") == "true"
        assert first.get("userId") == DEMO_USER_ID
        await pilot.press("m")
        await settle(pilot)
        marks = [q for q in _inbox_requests(fake, SAMPLE_CONTACT_ID) if q.get("markAsRead")]
        assert len(marks) == 2
        assert fake.is_read(SAMPLE_CONTACT_ID, DEMO_USER_ID)


async def test_keys_work_while_a_page_loads(tmp_path: Path) -> None:
    fake = FakeLemlist()
    fake.slow_contacts[LONG_CONTACT_ID] = 30.0
    app, _ = make_app(tmp_path, fake=fake, contact_id=LONG_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
    assert not app.is_running


async def test_command_palette_has_our_commands(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Open", "Reload", "Quotes", "Mark as read", "Help"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quotes", "enter")
        await settle(pilot)
        detail = _screen(app).detail
        rendered = detail.rendered
        assert rendered is not None
        if any(block.folded for block in rendered.blocks):
            assert detail.unfold
        else:  # z says there is nothing to unfold in this message
            notes = [str(n.message) for n in app._notifications]
            assert "Nothing to fold or unfold: no quote or signature here." in notes


async def test_no_plain_copy_of_the_key_anywhere(tmp_path: Path) -> None:
    key = "sk-very-secret-key-1234"
    fake = FakeLemlist(api_key=key)
    app, _ = make_app(tmp_path, fake=fake, contact_id=SAMPLE_CONTACT_ID, api_key=key)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert len(screen.message_list.items) == 3
        holders: list[object] = [app, screen, *screen.query("*"), app.client, app.settings]
        for holder in holders:
            for name, value in list(getattr(holder, "__dict__", {}).items()):
                assert key not in repr(value), f"{type(holder).__name__}.{name}"


async def test_client_is_closed_on_exit(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("q")
    assert app.client.closed


async def test_a_crash_report_shows_no_local_data(tmp_path: Path) -> None:
    key = "sk-crash-secret-5678"
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, api_key=key)

    def explode() -> None:
        body_copy = f"hostile \x1b]0;title\x07 {key}"
        raise RuntimeError("boom " + str(len(body_copy)))

    printed = io.StringIO()
    app.error_console = Console(file=printed, width=120)
    with pytest.raises(RuntimeError, match="boom"):  # noqa: PT012 - the crash is inside run_test
        async with app.run_test(size=NARROW) as pilot:
            await settle(pilot)
            app.call_later(explode)
            await pilot.pause()
    for renderable in app._exit_renderables:
        app.error_console.print(renderable)
    report = printed.getvalue()
    assert "RuntimeError" in report
    assert key not in report  # Textual's default report lists `key = '...'` among the locals


async def test_moving_the_highlight_repaints_only_two_rows(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        await pilot.press("j")
        await settle(pilot)
        repainted: list[tuple[object, ...]] = []
        original = messages.refresh

        def spy(*regions: object, **kwargs: object) -> object:
            repainted.append(regions)
            return original(*regions, **kwargs)  # type: ignore[arg-type]

        messages.refresh = spy  # type: ignore[method-assign,assignment]
        await pilot.press("j")
        await settle(pilot)
        assert messages.highlighted == 2
        assert repainted, "the highlight change was not drawn"
        # Every repaint names a region (a whole-widget refresh names none), one row high.
        assert all(regions for regions in repainted)
        assert all(region.height == 1 for regions in repainted for region in regions)  # type: ignore[attr-defined]


async def test_appending_a_page_draws_only_its_rows_and_the_screen(tmp_path: Path) -> None:
    """A new page is drawn once (to catch a row no formatter can draw) and the screen is
    drawn; the rows loaded before are neither measured nor drawn again."""
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        assert messages.line_count == 50  # no status row while more can be loaded
        drawn: list[object] = []
        original = messages.row

        def spy(item: Any, now: Any) -> Any:
            drawn.append(item)
            return original(item, now)

        messages.row = spy  # type: ignore[method-assign]
        await pilot.press("G")
        await settle(pilot)
        assert len(messages.items) == 100
        height = messages.scrollable_content_region.height
        new = {id(item) for item in messages.items[50:]}
        assert sum(id(item) in new for item in drawn) >= 50
        assert len(drawn) <= 50 + height, len(drawn)  # the page, and a screen


# ---------------------------------------------------------------- review fixes


def _idless(contact: str, count: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "linkedinSent",
            "message": f"{contact} body {n}",
            "createdAt": f"2026-01-0{n + 1}T10:00:00Z",
        }
        for n in range(count)
    ]


async def test_another_contacts_body_is_never_shown(tmp_path: Path) -> None:
    # Messages without an id are cached under id(message); once freed, Python hands that id
    # to a new message, which must not get the old body.
    contacts = {f"ctc_idless{n}": _idless(f"ctc_idless{n}", 5) for n in range(12)}
    app, _ = make_app(
        tmp_path, fake=FakeLemlist(conversations=contacts), contact_id="ctc_idless0", demo=False
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        first = screen.detail.message
        assert first is not None
        assert not first.id
        assert screen.detail.cached(first) is not None
        mismatches: list[tuple[str, str]] = []
        for n in range(1, 12):
            screen.open_contact(f"ctc_idless{n}")
            await settle(pilot)
            assert screen.detail.cached(first) is None  # the cache is emptied on open
            for _ in range(5):
                message = screen.detail.message
                assert message is not None
                shown = [line.strip() for line in screen.detail.plain_lines if " body " in line]
                if shown[-1] != message.body:
                    mismatches.append((shown[-1], message.body))
                await pilot.press("j")
                await settle(pilot)
        assert mismatches == []


async def test_a_hostile_contact_id_is_shown_cleaned(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        screen.open_contact("ctc_\x1b]0;PWNED\x07\x1b[31mX")
        title = _static_text(screen, "#header-title")
        notice = _static_text(screen, "#conv-notice")
        assert "Loading ctc_" in notice
        for text in (title, notice):
            assert "\x1b" not in text
            assert "\x07" not in text
        await settle(pilot)
        assert "\x1b" not in _static_text(screen, "#header-title")
        assert app.is_running


async def test_a_page_that_cannot_be_shown_ends_as_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unshowable(self: MessageList, item: object, now: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(MessageList, "row", unshowable)
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        notice = _static_text(screen, "#conv-notice")
        assert "Could not open this conversation" in notice
        assert "OverflowError" in notice
        assert "Loading" not in notice
        assert "loading" not in _static_text(screen, "#header-stats")
        assert screen.pager is not None
        assert screen.pager.state is LoadState.FAILED
        monkeypatch.undo()
        await pilot.press("r")  # loads the conversation again from the top
        await settle(pilot)
        assert len(screen.message_list.items) == 3
        assert not screen.has_class("-notice")


async def test_last_shows_the_end_of_list_row(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        # A short list must not scroll; the status row is on screen already.
        await pilot.press("G")
        await settle(pilot)
        assert messages.highlighted == 2
        assert messages.scroll_offset.y == 0


async def test_last_on_a_long_list_scrolls_the_status_row_into_view(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        messages = _screen(app).message_list
        for _ in range(12):
            await pilot.press("G")
            await settle(pilot)
        assert len(messages.items) == 600
        assert messages.status_kind == "complete"
        last_line = messages.scroll_offset.y + messages.scrollable_content_region.height - 1
        status_line = messages.status_line  # one line per row: a row's line is its index
        assert status_line == last_line, "the 'all N loaded' row is off screen"


async def test_key_overrides_from_the_config_rebind_keys(tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, keys={"open_contact": "O", "no_such_thing": "x"}
    )
    notices: list[str] = []
    original = app.notify

    def spy(message: object, *args: object, **kwargs: object) -> None:
        notices.append(str(message))
        original(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert any("no_such_thing" in notice for notice in notices)
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, ContactPrompt)
        await pilot.press("O")
        await settle(pilot)
        assert isinstance(app.screen, ContactPrompt)


async def test_loaded_messages_are_frozen_out_of_the_gc_until_the_next_contact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    gc.unfreeze()
    unfrozen: list[bool] = []
    real_unfreeze = gc.unfreeze

    def spy() -> None:
        unfrozen.append(True)
        real_unfreeze()

    monkeypatch.setattr(gc, "unfreeze", spy)
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 0
        assert unfrozen == [True]  # opening the first contact
        _screen(app).open_contact(LONG_CONTACT_ID)
        assert unfrozen == [True, True]
        await settle(pilot)
        assert gc.get_freeze_count() > 0


async def test_what_the_client_notes_is_said_in_the_reader(tmp_path: Path) -> None:
    """A page with more items than asked: the extra ones are dropped, and the reader says so."""
    import httpx

    from lemtui.demo.fake_api import DEMO_API_KEY
    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.secret import Secret
    from lemtui.tui.app import LemtuiApp
    from tests.support.app import demo_settings

    def answer(request: httpx.Request) -> httpx.Response:
        items = [{"_id": f"act_{n}", "type": "emailsSent", "subject": f"s{n}"} for n in range(80)]
        return httpx.Response(200, json={"data": items, "pagination": {"totalItems": 80}})

    client = LemlistClient(
        Secret(DEMO_API_KEY),
        base_url="http://localhost/api",
        transport=httpx.MockTransport(answer),
        retries=0,
    )
    app = LemtuiApp(
        client=client,
        settings=demo_settings(page_size=50),
        contact_id=SAMPLE_CONTACT_ID,
        state_dir=tmp_path,
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert len(_screen(app).message_list.items) >= 50
        notes = [str(n.message) for n in app._notifications]
        assert any("50" in note for note in notes), notes


async def test_the_footer_is_one_widget_redrawn_only_when_its_keys_change(
    tmp_path: Path,
) -> None:
    """Textual's footer is a widget per key, rebuilt on every bindings update (each focus
    move, a modal closing). lemtui's draws the same line as one widget and takes the keys
    again only when they change."""
    from lemtui.tui.widgets.footer import KeysFooter

    app, _ = make_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("escape")
        await settle(pilot)
        screen = _screen(app)
        footer = screen.query_one(KeysFooter)
        assert not footer.children
        before = footer.keys
        for _ in range(3):
            screen.refresh_bindings()
            await pilot.pause()
        assert footer.keys is before  # nothing changed: nothing was taken again
        screen.open_contact(SAMPLE_CONTACT_ID)  # Search, Filter, Quotes, Reply... appear
        await settle(pilot)
        assert {"Search", "Reply"} <= {key.description for key in footer.keys}
        assert footer.palette is not None and footer.palette.display == "^p"


@pytest.mark.parametrize("size", [WIDE, (80, 24)])
async def test_a_footer_key_clicked_is_pressed(tmp_path: Path, size: tuple[int, int]) -> None:
    from lemtui.tui.screens.help import HelpScreen
    from lemtui.tui.widgets.footer import KeysFooter

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        line = footer.render().plain
        x = line.index("? Help") + 2  # on the word, wide or compact
        await pilot.hover(KeysFooter, offset=(x, 0))
        await pilot.pause()
        assert footer.tooltip  # the key's tooltip, under the mouse
        await pilot.click(KeysFooter, offset=(x, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("width", [60, 72])
async def test_a_footer_too_long_for_the_width_gives_up_keys_whole_but_keeps_quit(
    tmp_path: Path, width: int
) -> None:
    """The first keys matter most; of the last, Quit stays (a new user at 80 columns found
    the conversation's footer without it)."""
    from lemtui.tui.widgets.footer import KeysFooter

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=(width, 20)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        line = footer.render().plain
        assert len(line) == width
        assert line.endswith("▏^p palette ")
        shown = [key for key in footer.keys if f"{key.display} {key.description}" in line]
        assert 0 < len(shown) < len(footer.keys)
        quit_key = footer.keys[-1]
        assert quit_key.action == "quit" and shown[-1] == quit_key
        assert shown[:-1] == list(footer.keys[: len(shown) - 1])  # the first ones, each whole
        cut = line[: -len("▏^p palette ")].rstrip()
        assert cut.endswith(f"{quit_key.display} {quit_key.description}")


async def test_the_footer_is_plain_ascii_in_ascii_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lemtui.tui.widgets.footer import KeysFooter

    monkeypatch.setenv("LEMTUI_ASCII", "1")
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        line = app.screen.query_one(KeysFooter).render().plain
        assert line.isascii(), line
        assert "enter Read" in line and line.endswith("|^p palette ")


async def test_a_resize_keeps_the_line_being_read_at_the_top(tmp_path: Path) -> None:
    """Reading at 80×24, 12 lines down; the terminal grows and shrinks back (tmux, a laptop
    lid): the same words are at the top, not the header."""
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = _screen(app)
        detail = screen.detail
        for index in range(len(screen.message_list.items)):  # a message longer than the view
            screen.message_list.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            if detail.line_count > 34:
                break
            await pilot.press("escape")
            await settle(pilot)
        assert detail.line_count > 34
        for _ in range(12):
            await pilot.press("j")
        await settle(pilot)
        while not detail.plain_lines[int(detail.scroll_offset.y)].strip():
            await pilot.press("j")  # a line with words at the top
            await settle(pilot)
        top = detail.plain_lines[int(detail.scroll_offset.y)]
        assert int(detail.scroll_offset.y) >= 12
        words = set(top.split())
        for size in (WIDE, (160, 45), NARROW):
            await pilot.resize_terminal(*size)
            await settle(pilot)
        now = detail.plain_lines[int(detail.scroll_offset.y)]
        assert words & set(now.split()), (top, now)
        assert int(detail.scroll_offset.y) > 6  # not back at the header


async def test_recent_contacts_are_named_as_the_inbox_names_them(tmp_path: Path) -> None:
    """A recent contact shows who it is, not an ID alone (a new user's finding)."""
    from lemtui.demo.fake_api import DEMO_USER_ID

    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID, demo=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None
        item = inbox.inbox_list.highlighted_item
        assert item is not None and item.contact_name
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        choices = prompt.query_one("#prompt-choices", OptionList)
        first = choices.get_option_at_index(0)
        assert first.id == item.contact_id
        assert item.contact_name in str(first.prompt)
