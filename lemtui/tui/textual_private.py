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
- `Driver._app` is the app a driver draws for: a driver is handed it and offers no public
  way back. `driver_app` gives it to lemtui's terminal output, which needs the size of the
  screen the app draws (`App.size`, public) to know what a frame covers.
- `Screen._update_timer` is the timer that draws a screen's changes, at most 60 times a second.
  After a pause its arithmetic (`Timer._run`, `skip=True`) waits for the second tick of its
  grid rather than the next one, so a key pressed just after a frame waited up to 33 ms for
  its own (the inbox bench's slowest keys: 25–30 ms idle in `select`). `pace_screen_updates`
  makes every screen's update timer a `FramePacer`, built on `Timer`'s `_active` event,
  `_interval` and `_tick` and registered the way `set_interval` does (`_start`, `_timers`),
  and stored where the property keeps it (`_Screen__update_timer`).
"""

from __future__ import annotations

import asyncio
from time import monotonic
from typing import Any, TypeVar

from textual.app import App
from textual.driver import Driver
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import EventTargetGone, Timer

__all__ = [
    "CrashReportWithoutLocals",
    "FramePacer",
    "driver_app",
    "pace_screen_updates",
    "write_to_terminal",
]

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


def driver_app(driver: Driver) -> App[Any]:
    """The app `driver` draws for."""
    app: App[Any] = driver._app
    return app


class FramePacer(Timer):
    """A screen's update timer that draws as soon as it is resumed, unless a frame was drawn
    less than one interval ago, in which case it waits out the rest of that interval.

    Textual's own timer keeps to a grid of ticks and, after a pause, to the second tick ahead;
    this one keeps only the rate (60 frames a second at most), so a key's frame is never
    more than one interval late and usually not late at all.
    """

    async def _run(self) -> None:
        interval = self._interval
        drawn = monotonic() - interval
        while True:
            await self._active.wait()
            wait = drawn + interval - monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                await self._active.wait()
            drawn = monotonic()
            try:
                await self._tick(next_timer=drawn, count=0)
            except EventTargetGone:
                break


def _paced_update_timer(screen: Any) -> Timer:
    timer: Timer | None = screen._Screen__update_timer
    if timer is None:
        timer = FramePacer(
            screen,
            UPDATE_PERIOD,
            name="screen_update",
            callback=screen._on_timer_update,
            pause=True,
        )
        timer._start()
        screen._timers.add(timer)
        screen._Screen__update_timer = timer
    return timer


def pace_screen_updates() -> None:
    """Every screen built from now on draws its changes through a `FramePacer` (idempotent)."""
    setattr(Screen, "_update_timer", property(_paced_update_timer))  # noqa: B010
