"""The private Textual names `lemtui.tui.textual_private` relies on still have the shape it
expects: a Textual upgrade that changes one fails here, not on a user's crash."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual.app import App
from textual.driver import Driver
from textual.message_pump import MessagePump

from lemtui.tui.textual_private import CrashReportWithoutLocals, write_to_terminal
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
