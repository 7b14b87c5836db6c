"""The app's terminal output rewriter (`lemtui.tui.sgr.SgrDiff`) and suspending for the editor."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color

from lemtui.tui.sgr import SgrDiff
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


async def test_a_configured_light_theme_is_drawn_from_the_first_frame(tmp_path: Path) -> None:
    """The theme is set before the stylesheet is first parsed (`_set_initial_theme`, which
    stands in for Textual's theme watcher): classes, variables and the drawn colours agree."""
    app, _ = make_app(tmp_path, theme="textual-light")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert app.has_class("-light-mode", "-theme-textual-light")
        assert not app.has_class("-dark-mode")
        theme = app.current_theme
        assert app.get_css_variables()["background"] == theme.background
        # what is drawn: the prompt's (translucent) background has the theme's colour
        assert app.screen.styles.background.rgb == Color.parse(theme.background or "").rgb


async def test_an_unknown_theme_says_so_and_uses_the_default(tmp_path: Path) -> None:
    from lemtui.tui.app import DEFAULT_THEME

    app, _ = make_app(tmp_path, theme="no-such-theme")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        assert app.has_class("-dark-mode") == app.current_theme.dark
        notes = [str(n.message) for n in app._notifications]
        assert f"Unknown theme 'no-such-theme'; using {DEFAULT_THEME}." in notes
