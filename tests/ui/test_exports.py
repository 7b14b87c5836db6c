"""Pilot tests of what leaves the conversation screen whole and private: `Y` and `e` load the
rest of the conversation first, the exports folder is kept private, and the local files the
app reads at start (recent contacts) are bounded."""

from __future__ import annotations

import stat
from pathlib import Path

from lemtui.demo.data import SAMPLE_CONTACT_ID
from lemtui.local.recent import FILE_NAME
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.contact_prompt import ContactPrompt
from tests.support.app import make_app, settle

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
