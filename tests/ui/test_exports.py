"""Pilot tests of what leaves the conversation screen whole and private: `Y` and `e` load the
rest of the conversation first, the exports folder is kept private, and the local files the
app reads at start (recent contacts) are bounded."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from lemtui.demo.data import LONG_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import FakeLemlist
from lemtui.local.recent import FILE_NAME
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.contact_prompt import ContactPrompt
from lemtui.tui.screens.loading_rest import LoadingRest
from tests.support.app import make_app, settle, until

WIDE = (120, 40)


def _notes(app: LemtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


# ---------------------------------------------------------------- local files


async def test_a_loose_exports_folder_is_tightened_to_0700(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    exports.chmod(0o777)
    app, _ = make_app(tmp_path / "state", contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.conversation_screen.output.export_dir = exports
        await pilot.press("e")
        await settle(pilot)
    assert stat.S_IMODE(exports.stat().st_mode) == 0o700
    (saved,) = exports.iterdir()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


async def test_an_export_into_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.write_text("not a folder")
    app, _ = make_app(tmp_path / "state", contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.conversation_screen.output.export_dir = exports
        await pilot.press("e")
        await settle(pilot)
        assert any("Could not save the conversation" in note for note in _notes(app))
    assert exports.read_text() == "not a folder"


async def test_a_huge_recent_file_is_taken_as_damaged_and_the_app_runs(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    padding = " " * (2 * 1024 * 1024)  # valid JSON, but no recent list is 2 MB
    (state / FILE_NAME).write_text(f'{{"contacts": ["{SAMPLE_CONTACT_ID}"]{padding}}}')
    app, _ = make_app(state)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.recent.load() == []
        await pilot.press("o")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, ContactPrompt)
        assert prompt.recent == []


# ---------------------------------------------------------------- the whole conversation


def _long_app(tmp_path: Path) -> tuple[LemtuiApp, FakeLemlist, Path]:
    app, fake = make_app(tmp_path / "state", contact_id=LONG_CONTACT_ID, page_size=50)
    return app, fake, tmp_path / "exports"


def _messages_in(markdown: str) -> int:
    return len(re.findall(r"^## ", markdown, re.M))


async def _open_long(pilot: Pilot[None], app: LemtuiApp, exports: Path) -> None:
    await settle(pilot)
    app.conversation_screen.output.export_dir = exports
    pager = app.conversation_screen.pager
    assert pager is not None and pager.loaded == 50 and pager.total == 600


async def test_e_loads_every_page_first_and_saves_the_whole_conversation(tmp_path: Path) -> None:
    app, _, exports = _long_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await _open_long(pilot, app, exports)
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, LoadingRest)
        (saved,) = exports.iterdir()
        shown = f"Saved 600 messages to {saved.parent}{os.sep}\n{saved.name}"
        assert any(note == shown for note in _notes(app))  # the file name whole on its line
    text = saved.read_text()
    assert "600 messages, newest first." in text
    assert _messages_in(text) == 600


async def test_Y_loads_every_page_first_and_copies_the_whole_conversation(tmp_path: Path) -> None:
    app, _, _ = _long_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        copies: list[str] = []
        app.copy_to_clipboard = copies.append  # type: ignore[method-assign,assignment]
        await _open_long(pilot, app, tmp_path)
        await pilot.press("Y")
        await settle(pilot)
        (copied,) = copies
        assert _messages_in(copied) == 600
        assert any(note.startswith("Sent conversation (600 messages)") for note in _notes(app))


async def _wait_for_progress(pilot: Pilot[None], app: LemtuiApp, fake: FakeLemlist) -> LoadingRest:
    # Pages now take a while, long enough that the progress still says 50 when it is read
    # on a loaded machine (0.3 s once let the next page in first): the user can act.
    fake.slow_contacts[LONG_CONTACT_ID] = 2.0
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, LoadingRest))
    screen = app.screen
    assert isinstance(screen, LoadingRest)
    count = str(screen.query_one("#rest-count", Static).render())
    assert count == "50 of 600 messages loaded"
    return screen


async def test_esc_stops_an_export_and_saves_nothing(tmp_path: Path) -> None:
    app, fake, exports = _long_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await _open_long(pilot, app, exports)
        await _wait_for_progress(pilot, app, fake)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.conversation_screen  # Esc closed the progress, nothing else
        assert "Export stopped at 50 of 600 messages: nothing saved." in _notes(app)
        pager = app.conversation_screen.pager
        assert pager is not None and pager.loaded <= 100  # the page in flight, no further
    assert not exports.exists()


async def test_enter_saves_what_is_loaded_and_says_which_part(tmp_path: Path) -> None:
    app, fake, exports = _long_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await _open_long(pilot, app, exports)
        await _wait_for_progress(pilot, app, fake)
        await pilot.press("enter")
        await settle(pilot)
        (saved,) = exports.iterdir()
        assert f"Saved 50 of 600 messages to {saved.parent}{os.sep}\n{saved.name}" in _notes(app)
    text = saved.read_text()
    assert "50 of 600 messages, newest first (the older ones were not loaded)." in text
    assert _messages_in(text) == 50


async def test_a_page_that_fails_stops_the_export_and_says_so(tmp_path: Path) -> None:
    app, fake, exports = _long_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await _open_long(pilot, app, exports)
        fake.fail_next(503, "down for maintenance", path_contains="skip=100")
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is app.conversation_screen
        notes = _notes(app)
        assert any(n.startswith("Export stopped at 100 of 600 messages: ") for n in notes), notes
        assert any("r retries" in n for n in notes)
    assert not exports.exists()
