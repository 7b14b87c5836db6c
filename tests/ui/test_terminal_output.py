"""The app's terminal driver (`lemtui.tui.driver`: ASCII mode, shorter style changes, resuming
after the editor) and its theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color
from textual.driver import Driver

from lemtui.tui import glyphs
from lemtui.tui.driver import TerminalOutput, lemtui_driver
from tests.support.app import make_app, settle


class RecordingDriver(Driver):
    """A platform driver that keeps what reaches the terminal."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self.sent: list[str] = []
        self.modes: list[str] = []

    def write(self, data: str) -> None:
        self.sent.append(data)

    def start_application_mode(self) -> None:
        self.modes.append("start")

    def disable_input(self) -> None:
        pass

    def stop_application_mode(self) -> None:
        self.modes.append("stop")


async def test_the_app_runs_on_the_platform_driver_with_lemtuis_output(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    driver_class = app.driver_class
    assert issubclass(driver_class, TerminalOutput)
    assert issubclass(driver_class, App.get_driver_class(app))
    assert lemtui_driver(RecordingDriver) is lemtui_driver(RecordingDriver)  # made once


async def test_style_changes_are_sent_as_what_changed() -> None:
    driver = lemtui_driver(RecordingDriver)(App())
    assert isinstance(driver, RecordingDriver)
    driver.write("\x1b[0;1;31mA\x1b[0;1;32mB")
    assert driver.sent == ["\x1b[0;1;31mA\x1b[32mB"]


async def test_after_the_editor_ran_the_next_style_is_sent_whole() -> None:
    """While lemtui is suspended (an editor, Ctrl-Z) the terminal may be left in any style;
    resuming starts application mode again, and the next style is sent whole."""
    driver = lemtui_driver(RecordingDriver)(App())
    assert isinstance(driver, RecordingDriver)
    driver.write("\x1b[1;31mA")
    driver.write("\x1b[1;31mB")
    assert driver.sent[-1] == "B"
    driver.suspend_application_mode()
    driver.resume_application_mode()
    assert driver.modes == ["stop", "start"]
    driver.write("\x1b[1;31mB")
    assert driver.sent[-1] == "\x1b[0;1;31mB"


async def test_in_ascii_mode_nothing_above_127_reaches_the_terminal() -> None:
    driver = lemtui_driver(RecordingDriver)(App())
    assert isinstance(driver, RecordingDriver)
    driver.write("\x1b[1m╭─ é 🔎")
    glyphs.use(glyphs.ASCII)
    driver.write("\x1b[1m╭─ é 🔎 \x1b]2;lemtui (2)\x07")
    assert not driver.sent[0].isascii()
    assert driver.sent[1] == "+- e ?? \x1b]2;lemtui (2)\x07"


async def test_a_configured_light_theme_is_drawn_from_the_first_frame(tmp_path: Path) -> None:
    """The theme is set before the stylesheet is first parsed: classes, variables and the
    drawn colours agree."""
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


async def test_a_sequence_cut_between_two_writes_reaches_the_terminal_whole() -> None:
    """On Windows Textual writes a frame in pieces of 8,192 characters (`App._display`): a
    piece may end inside a style (or a link) sequence; the terminal shows what the whole
    frame draws, in its colours."""
    import pyte

    frame = (
        "\x1b[1;1H\x1b[38;2;10;20;30;48;2;1;2;3mAB\x1b[0mCD"
        "\x1b]8;id=1;https://example.test\x1b\\link\x1b]8;;\x1b\\EF"
    )
    cuts = range(1, len(frame))
    for cut in cuts:
        driver = lemtui_driver(RecordingDriver)(App())
        assert isinstance(driver, RecordingDriver)
        driver.write(frame[:cut])
        driver.write(frame[cut:])
        want, got = pyte.Screen(12, 1), pyte.Screen(12, 1)
        pyte.Stream(want).feed(frame)
        pyte.Stream(got).feed("".join(driver.sent))
        assert got.buffer == want.buffer, repr(frame[:cut])
