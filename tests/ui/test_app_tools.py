"""Pilot tests of search, filter, copy, export and links in an open conversation."""

from __future__ import annotations

import errno
import os
import stat
import webbrowser
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual import events
from textual.widgets import Input, Static

from lemtui.demo.data import (
    HOSTILE_CONTACT_ID,
    LONG_CONTACT_ID,
    MIXED_CONTACT_ID,
    SAMPLE_CONTACT_ID,
)
from lemtui.demo.fake_api import DEMO_API_KEY, FakeLemlist
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.filters import MessageFilter
from lemtui.lemlist.messages import Direction
from lemtui.lemlist.secret import Secret
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.contact_prompt import ContactPrompt
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.screens.link_prompt import LinkPrompt
from tests.support.app import demo_settings, make_app, settle

NARROW = (80, 24)
WIDE = (120, 40)


def _skips(fake: FakeLemlist, contact: str) -> list[int]:
    return [
        int(r.query.get("skip", "0")) for r in fake.requests if r.path.endswith(f"/inbox/{contact}")
    ]


def _status(screen: ConversationScreen) -> str:
    static = screen.query_one("#search-status", Static)
    return str(static.render()) if screen.search_bar.has_class("-shown") else ""


def _notes(app: LemtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _record_copies(app: LemtuiApp) -> list[str]:
    copies: list[str] = []
    app.copy_to_clipboard = copies.append  # type: ignore[method-assign,assignment]
    return copies


async def _search(pilot: object, query: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("slash")
    await pilot.press(*query, "enter")
    await settle(pilot)


# ---------------------------------------------------------------- search


async def test_search_hits_n_and_N_and_the_offer_to_load_the_rest(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        messages = screen.message_list
        assert not screen.search_bar.query(Input)  # the field is made on the first `/`
        await pilot.press("slash")
        assert screen.search_bar.is_open
        assert app.focused is screen.search_bar.field
        assert len(screen.search_bar.query(Input)) == 1
        await pilot.press(*"LYON", "enter")
        await settle(pilot)
        assert not screen.search_bar.is_open
        result = screen.search_bar.result
        assert result is not None
        assert result.hits
        assert result.searched == 50
        status = _status(screen)
        assert "50 of 600 searched" in status
        assert "L loads all" in status
        # the highlight went to the first hit; the detail shows it, with the hit highlighted
        assert messages.highlighted == result.hits[0]
        assert screen.detail.message is messages.items[result.hits[0]]
        text = "\n".join(screen.detail.plain_lines).lower()
        assert "lyon" in text
        if len(result.hits) > 1:
            await pilot.press("n")
            assert messages.highlighted == result.hits[1]
            await pilot.press("N")
            assert messages.highlighted == result.hits[0]
        await pilot.press("N")  # wraps to the last hit
        assert messages.highlighted == result.hits[-1]
        await settle(pilot)  # (near the end of the list: the next page may be prefetched)
        await pilot.press("L")
        await settle(pilot)
        assert screen.pager is not None
        assert screen.pager.complete
        skips = _skips(fake, LONG_CONTACT_ID)
        assert skips == list(range(0, 600, 50))
        assert screen.search_bar.result is not None
        assert screen.search_bar.result.searched == 600
        assert len(screen.search_bar.result.hits) > len(result.hits)
        assert "all 600 messages searched" in _status(screen)


async def test_hits_are_highlighted_in_the_detail(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        await _search(pilot, "opoix")
        assert screen.search_bar.result is not None
        assert screen.search_bar.result.hits
        await settle(pilot)
        detail = screen.detail
        assert detail.search_query == "opoix"
        hit_styles = [
            segment.style
            for strip in detail._lines
            for segment in strip
            if segment.text.lower() == "opoix"
        ]
        assert hit_styles
        assert all(style is not None and style.reverse for style in hit_styles)


async def test_search_without_hits_and_escape_cancels(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        await _search(pilot, "zzqqxx")
        assert "no hits" in _status(screen)
        assert "all 3 messages searched" in _status(screen)
        await pilot.press("n")
        assert any("No hits" in note for note in _notes(app))
        await pilot.press("slash")
        assert screen.search_bar.is_open
        await pilot.press("escape")
        assert not screen.search_bar.is_open
        assert app.focused is screen.message_list
        assert app.screen is screen


async def test_markup_in_a_query_is_literal(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await _search(pilot, "[bold]x[/]")
        assert "[bold]x[/]" in _status(app.conversation_screen)
        assert app.is_running


# ---------------------------------------------------------------- filter


async def test_filter_cycles_and_keeps_the_highlighted_message(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=MIXED_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        messages = screen.message_list
        total = len(messages.items)
        reply_row = next(
            i for i, m in enumerate(messages.items) if m.direction is Direction.RECEIVED
        )
        messages.highlighted = reply_row
        await pilot.pause()
        chosen = messages.highlighted_item
        assert chosen is not None
        await pilot.press("f")  # replies: the reply stays highlighted
        await pilot.pause()
        assert messages.filter is MessageFilter.REPLIES
        assert all(m.direction is Direction.RECEIVED for m in messages.items)
        assert messages.highlighted_item is chosen
        assert screen.detail.message is chosen
        assert "filter: replies" in str(screen.query_one("#header-stats", Static).render())
        await pilot.press("f")  # sent: the reply is hidden, a neighbour stands in
        await pilot.pause()
        assert messages.filter is MessageFilter.SENT
        assert messages.highlighted_item is not chosen
        for _ in range(4):  # email, LinkedIn, other, back to all
            await pilot.press("f")
            await pilot.pause()
        assert messages.filter is MessageFilter.ALL
        assert len(messages.items) == total
        assert messages.highlighted_item is chosen  # back on the message the user chose
        assert len(messages.pager.items) == total
        assert _skips(fake, MIXED_CONTACT_ID) == [0]


async def test_filter_keeps_loaded_pages_and_prefetches_for_what_is_shown(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=50)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        messages = screen.message_list
        await pilot.press("f")  # replies: few of the first 50, the list asks for more
        await settle(pilot)
        assert messages.filter is MessageFilter.REPLIES
        skips = _skips(fake, LONG_CONTACT_ID)
        assert len(skips) == len(set(skips))
        assert messages.pager is not None
        assert len(messages.pager.items) >= 50
        assert all(m.direction is Direction.RECEIVED for m in messages.items)
        received = [m for m in messages.pager.items if m.direction is Direction.RECEIVED]
        assert len(messages.items) == len(received)


# ---------------------------------------------------------------- copy and export


async def test_y_copies_the_message_and_Y_the_conversation(tmp_path: Path) -> None:
    from lemtui.mail.formats import format_message
    from lemtui.mail.render import render_body

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        copies = _record_copies(app)
        await settle(pilot)
        screen = app.conversation_screen
        await pilot.press("j")
        await settle(pilot)
        message = screen.message_list.items[1]
        await pilot.press("y")
        await settle(pilot)
        expected = format_message(message, render_body(message.body, is_html=message.body_is_html))
        assert copies == [expected]
        assert any(
            note.startswith(
                f"Sent message to the clipboard through the terminal, {len(expected):,}"
            )
            for note in _notes(app)
        )
        await pilot.press("Y")
        await settle(pilot)
        assert len(copies) == 2
        markdown = copies[1]
        assert markdown.startswith("# Conversation")
        assert SAMPLE_CONTACT_ID in markdown
        assert "3 messages" in markdown
        assert any(note.startswith("Sent conversation (3 messages)") for note in _notes(app))


async def test_large_copy_warns_about_terminal_limits(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=100)
    async with app.run_test(size=WIDE) as pilot:
        copies = _record_copies(app)
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        assert copies
        if len(copies[0].encode()) > 100_000:
            assert any("press e to save" in note for note in _notes(app))


async def test_e_writes_a_private_markdown_file(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path / "state", contact_id=SAMPLE_CONTACT_ID)
    exports = tmp_path / "exports"
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.conversation_screen.output.export_dir = exports
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
    files = sorted(exports.iterdir())
    assert len(files) == 2  # never overwritten
    for path in files:
        assert path.name.startswith(f"lemtui-{SAMPLE_CONTACT_ID}-")
        assert path.suffix == ".md"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "# Conversation" in path.read_text()
    assert any(files[0].name in note and str(files[0].parent) in note for note in _notes(app))


# ---------------------------------------------------------------- links


class _Browser(webbrowser.BackgroundBrowser):
    def __init__(self) -> None:
        super().__init__("fake-browser")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> _Browser:
    fake = _Browser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: fake)
    return fake


def _local_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")


async def _open_message_with_links(pilot: object, app: LemtuiApp, row: int) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await settle(pilot)
    app.conversation_screen.message_list.highlighted = row
    await settle(pilot)
    assert app.conversation_screen.detail.rendered is not None
    assert app.conversation_screen.detail.rendered.links


async def test_link_opens_in_the_local_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: _Browser
) -> None:
    _local_display(monkeypatch)
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        copies = _record_copies(app)
        await _open_message_with_links(pilot, app, 1)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LinkPrompt)
        await pilot.press("x", "1", "enter")  # letters are refused by the field
        await settle(pilot)
        assert len(browser.opened) == 1
        assert browser.opened[0].startswith("https://app.lemcal.com/")
        assert copies == []


async def test_link_is_copied_over_ssh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: _Browser
) -> None:
    _local_display(monkeypatch)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        copies = _record_copies(app)
        await _open_message_with_links(pilot, app, 1)
        await pilot.press("l", "1", "enter")
        await settle(pilot)
        assert browser.opened == []
        assert len(copies) == 1
        assert copies[0].startswith("https://app.lemcal.com/")
        assert any(note.startswith("Copied link 1") for note in _notes(app))


async def test_warned_link_needs_a_second_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: _Browser
) -> None:
    _local_display(monkeypatch)
    app, _ = make_app(tmp_path, contact_id=HOSTILE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await _open_message_with_links(pilot, app, 2)
        # Link 1 is the address the OSC 8 payload leaves as text; 2 shows paypal.com.
        await pilot.press("l", "2", "enter")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, LinkPrompt)
        said = str(prompt.query_one("#link-message", Static).render())
        assert "Enter again to open it anyway" in said
        assert browser.opened == []
        await pilot.press("enter")
        await settle(pilot)
        assert browser.opened == ["https://evil.test/"]


async def test_unknown_link_number_and_message_without_links(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=HOSTILE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await _open_message_with_links(pilot, app, 2)
        await pilot.press("l", "9", "enter")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, LinkPrompt)
        assert "No link 9" in str(prompt.query_one("#link-message", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.conversation_screen
        app.conversation_screen.message_list.highlighted = 0
        await settle(pilot)
        rendered = app.conversation_screen.detail.rendered
        assert rendered is not None
        assert not rendered.links
        await pilot.press("l")
        await pilot.pause()
        assert any("no links" in note for note in _notes(app))
        assert app.screen is app.conversation_screen


# ---------------------------------------------------------------- review fixes


async def test_a_wall_of_pasted_digits_is_refused_calmly(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await _open_message_with_links(pilot, app, 1)
        await pilot.press("l")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, LinkPrompt)
        field = prompt.query_one(Input)
        field.post_message(events.Paste("9" * 5000))
        await pilot.pause()
        assert field.value == ""  # longer than any link number: refused whole
        field.value = "9" * 5000  # set around the field's limit: still no int() of it
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt
        assert "No link" in str(prompt.query_one("#link-message", Static).render())
        assert app.is_running


async def test_a_copy_or_export_that_cannot_be_formatted_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unformattable(*args: object, **kwargs: object) -> str:
        raise OverflowError("date value out of range")

    app, _ = make_app(tmp_path / "state", contact_id=SAMPLE_CONTACT_ID)
    exports = tmp_path / "exports"
    async with app.run_test(size=WIDE) as pilot:
        copies = _record_copies(app)
        await settle(pilot)
        app.conversation_screen.output.export_dir = exports
        app.conversation_screen.output.formatter = unformattable
        for key in ("y", "Y", "e"):
            await pilot.press(key)
            await settle(pilot)
        notes = _notes(app)
        assert copies == []
        assert any("Could not format the message" in note for note in notes)
        assert sum("Could not format the conversation" in note for note in notes) == 2
        assert app.is_running
    assert not exports.exists()


async def test_a_full_disk_export_is_said_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, mode: str = "r") -> object:
        os.close(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    app, _ = make_app(tmp_path / "state", contact_id=SAMPLE_CONTACT_ID)
    exports = tmp_path / "exports"
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.conversation_screen.output.export_dir = exports
        monkeypatch.setattr("lemtui.tui.export.os.fdopen", full)
        await pilot.press("e")
        await settle(pilot)
        monkeypatch.undo()
        assert any("No space left on device" in note for note in _notes(app))
    assert list(exports.iterdir()) == []


async def test_without_a_home_directory_the_app_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.setattr("lemtui.tui.app.state_dir", no_home)
    client = LemlistClient(
        Secret(DEMO_API_KEY),
        base_url="http://localhost/api",
        transport=httpx.ASGITransport(app=FakeLemlist()),
        retries=0,
    )
    app = LemtuiApp(client=client, settings=demo_settings(), contact_id=SAMPLE_CONTACT_ID)
    assert app.recent.load() == []  # recent contacts are off
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.conversation_screen.message_list.items
        await pilot.press("e")
        await settle(pilot)
        assert any("no home directory" in note for note in _notes(app))
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ContactPrompt)


async def test_copy_then_export_at_once_does_both(tmp_path: Path) -> None:
    """`Y` then `e` while the copy is still being formatted: neither cancels the other."""
    import threading

    from lemtui.tui.export import format_output

    export_started = threading.Event()

    def formatter(kind: Any, messages: Any, bodies: Any, contact_id: str, total: Any) -> str:
        if kind == "conversation":
            export_started.wait(10)  # the copy is still formatting when the export begins
        else:
            export_started.set()
        return format_output(kind, messages, bodies, contact_id, total)

    app, _ = make_app(tmp_path / "state", contact_id=SAMPLE_CONTACT_ID)
    exports = tmp_path / "exports"
    async with app.run_test(size=WIDE) as pilot:
        copies = _record_copies(app)
        await settle(pilot)
        screen = app.conversation_screen
        screen.output.export_dir = exports
        screen.output.formatter = formatter
        await pilot.press("Y", "e")
        await settle(pilot)
        assert len(copies) == 1
        assert copies[0].startswith("# Conversation")
        assert len(list(exports.iterdir())) == 1


async def test_a_filter_while_a_search_is_still_running_searches_what_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hits are rows of what is shown: `f` before the bodies are indexed searches again."""
    import threading

    import lemtui.tui.export as output_module  # the search bar imports it when it first indexes

    indexing = threading.Event()
    real = output_module.render_cached

    def held(message: Any, cached: Any) -> Any:
        indexing.wait(10)  # the first search is still indexing when `f` is pressed
        return real(message, cached)

    monkeypatch.setattr(output_module, "render_cached", held)
    app, _ = make_app(tmp_path, contact_id=LONG_CONTACT_ID, page_size=100)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        await pilot.press("slash", *"lyon", "enter", "f")  # replies, while indexing
        indexing.set()
        await settle(pilot)
        result = screen.search_bar.result
        assert result is not None and result.hits
        rows = screen.message_list.items
        assert all(m.direction is Direction.RECEIVED for m in rows)
        for hit in result.hits:
            text = screen.search_bar.index.text(rows[hit]) or rows[hit].subject
            assert "lyon" in text.lower()
