"""The app's terminal output rewriter (`lemtui.sgr.SgrDiff`) and suspending for the editor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.app import App

from lemtui.sgr import SgrDiff
from tests.support.app import make_app, settle


async def test_after_the_editor_ran_the_next_style_is_sent_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While lemtui is suspended the editor may leave the terminal in any style; the rewriter
    must not go on believing the style it last sent (Textual's own suspend is stubbed: a
    headless driver cannot suspend)."""
    ran: list[str] = []

    @contextmanager
    def textual_suspend(self: App[object]) -> Iterator[None]:
        ran.append("suspended")
        yield

    monkeypatch.setattr(App, "suspend", textual_suspend)
    app, _ = make_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        app._sgr = diff = SgrDiff()
        diff.feed("\x1b[1;31mA")
        with app.suspend():
            ran.append("editor")
        assert ran == ["suspended", "editor"]
        assert diff.feed("\x1b[1;31mB") == "\x1b[0;1;31mB"
