"""The one place lemtui uses Textual names that are not public API, each because none exists.

Private names can change in any Textual release; keeping them here means an upgrade is checked
in one file, and `tests/ui/test_textual_private.py` fails when one of them changes shape.
Nowhere else in lemtui is a private Textual name used.

- `App._fatal_error` is the crash hook: Textual's prints a traceback with every frame's local
  variables (message bodies, which are hostile text, and anything near the key). No public
  setting turns the locals off, so `CrashReportWithoutLocals` overrides it, using
  `App._exit_renderables` (what is printed once the terminal is restored) and
  `App._close_messages_no_wait` (how Textual's hook stops the app).
- `App._driver` is the running driver: Textual writes to the terminal only through it and
  offers no public way to send an escape sequence of one's own (the window title, a desktop
  notification, the bell in headless tests too). `write_to_terminal` does that.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App

__all__ = ["CrashReportWithoutLocals", "write_to_terminal"]

ReturnType = TypeVar("ReturnType")


class CrashReportWithoutLocals(App[ReturnType]):
    """An app whose crash report is the traceback without local variables.

    A crash report has no need for any data at all: the key itself only lives in a `Secret`,
    but message bodies and anything near the key would otherwise land on the terminal.
    """

    def _fatal_error(self) -> None:
        """On a crash, print the traceback without local variables (see the module)."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()


def write_to_terminal(app: App[Any], data: str) -> None:
    """Write `data` (an escape sequence lemtui built) to `app`'s terminal, if it has one yet."""
    driver = app._driver
    if driver is not None:
        driver.write(data)
        driver.flush()
