"""The private Textual names `lemtui.tui.textual_private` relies on still have the shape it
expects: a Textual upgrade that changes one fails here, not on a user's crash."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

from textual.app import App
from textual.driver import Driver
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

from lemtui.tui.textual_private import (
    CrashReportWithoutLocals,
    FramePacer,
    driver_app,
    write_to_terminal,
)
from tests.support.app import make_app, settle


def test_the_crash_hook_is_still_textuals() -> None:
    hook = App.__dict__["_fatal_error"]
    assert list(inspect.signature(hook).parameters) == ["self"]
    assert "show_locals=True" in inspect.getsource(hook)  # what the override takes away
    assert "_exit_renderables" in inspect.getsource(hook)
    assert list(inspect.signature(MessagePump._close_messages_no_wait).parameters) == ["self"]
    assert CrashReportWithoutLocals._fatal_error is not App._fatal_error


def test_the_app_keeps_its_driver_and_exit_renderables_where_expected() -> None:
    app: App[None] = App()
    assert app._driver is None
    assert app._exit_renderables == []
    assert "driver = self._driver = " in inspect.getsource(App)  # the running driver, kept


async def test_a_driver_keeps_the_app_it_draws_for() -> None:
    from textual.drivers.headless_driver import HeadlessDriver

    app: App[None] = App()
    assert driver_app(HeadlessDriver(app)) is app
    assert "self._app = app" in inspect.getsource(Driver.__init__)


async def test_write_to_terminal_goes_through_the_running_driver(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path)
    write_to_terminal(app, "\x07")  # not running: nothing to write to, no error
    async with app.run_test() as pilot:
        await settle(pilot)
        driver = app._driver
        assert isinstance(driver, Driver)
        written: list[str] = []
        driver.write = written.append  # type: ignore[method-assign,assignment]
        write_to_terminal(app, "\x1b]2;lemtui\x07")
        assert written == ["\x1b]2;lemtui\x07"]
        del driver.write


def test_the_screen_update_timer_is_where_the_pacer_replaces_it() -> None:
    source = inspect.getsource(Screen)
    assert "self.__update_timer: Timer | None = None" in source
    assert isinstance(Screen.__dict__["_update_timer"], property)
    assert "UPDATE_PERIOD, self._on_timer_update" in inspect.getsource(Screen)
    timer_source = inspect.getsource(Timer)
    for name in ("self._active", "self._interval", "async def _tick", "def _start"):
        assert name in timer_source


async def test_the_pacer_draws_at_once_after_a_pause_and_keeps_the_rate(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    ticks: list[int] = []
    async with app.run_test() as pilot:
        await settle(pilot)
        pacer = FramePacer(
            app.screen, 3600.0, name="pacer", callback=lambda: ticks.append(1), pause=True
        )
        pacer._start()
        for _ in range(5):
            await asyncio.sleep(0)
        assert ticks == []  # paused: nothing to draw
        pacer.resume()
        for _ in range(5):
            await asyncio.sleep(0)
        assert ticks == [1]  # no frame for an interval: drawn at once, with no grid to wait on
        pacer.pause()
        pacer.resume()
        for _ in range(5):
            await asyncio.sleep(0)
        assert ticks == [1]  # a frame was just drawn: the next waits for the interval's end
        pacer.stop()


async def test_every_screen_of_the_app_is_paced(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen._update_timer, FramePacer)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen._compositor is not None
