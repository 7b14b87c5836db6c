"""Driving `LemtuiApp` headless (Textual's Pilot) and timing its frames. Used by child processes.

Frames are observed by wrapping `App._display`, which the screen's update timer calls with each
compositor update after the layout and the changed lines have been rendered. The headless driver
writes nothing, so the wrapper also turns the update into terminal bytes
(`update.render_segments(console)`), the step a real terminal would add; the frame time is taken
after that. The app is reached only through public-ish, stable surfaces (`app.screen`, the
focused `LineList`, its `highlighted`), so the probes survive changes to the screens.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.pilot import Pilot

from bench.common import API_KEY

if TYPE_CHECKING:
    from lemtui.tui.widgets.line_list import LineList


def make_app(
    base_url: str,
    *,
    contact_id: str | None,
    page_size: int,
    state_dir: Path,
    fast_client: bool = False,
) -> Any:
    """A `LemtuiApp` over HTTP at `base_url`, built the way `lemtui` builds it.

    `fast_client` lifts the client's own rate limiter (for bulk-loading thousands of messages
    before measuring something else); otherwise the client is exactly `cli.make_client`'s.
    The timed refresh is off (`refresh_seconds=0`): the figures are steady ones.
    """
    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.secret import Secret
    from lemtui.local.config import Settings
    from lemtui.tui.app import LemtuiApp

    settings = Settings(
        api_key=Secret(API_KEY),
        base_url=base_url,
        user_id=None,
        page_size=page_size,
        mark_as_read=False,
        theme=None,
        demo=False,
        config_file=state_dir / "no-config.toml",
        refresh_seconds=0,
    )
    extra: dict[str, Any] = {"rate_limit": 1_000_000} if fast_client else {}
    client = LemlistClient(Secret(API_KEY), base_url=base_url, **extra)
    return LemtuiApp(client=client, settings=settings, contact_id=contact_id, state_dir=state_dir)


def message_list(app: App[Any]) -> LineList | None:
    """The conversation's list: the focused LineList, else the largest one on screen."""
    from lemtui.tui.widgets.line_list import LineList

    focused = app.focused
    if isinstance(focused, LineList):
        return focused
    lists = list(app.screen.query(LineList))
    if not lists:
        return None
    return max(lists, key=lambda widget: widget.line_count)


def loaded_count(app: App[Any]) -> int:
    """Messages loaded into the open conversation (via the screen's model when it has one)."""
    screen = app.screen
    conversation = getattr(screen, "conversation", None)
    loaded = getattr(conversation, "loaded", None)
    if isinstance(loaded, int):
        return loaded
    widget = message_list(app)
    return max(0, widget.line_count - 1) if widget is not None else 0


def is_complete(app: App[Any]) -> bool:
    """Whether the open conversation has loaded its last page (False when unknown)."""
    conversation = getattr(app.screen, "conversation", None)
    return bool(getattr(conversation, "complete", False))


@dataclass
class Frame:
    """One frame the app produced: when (perf_counter), the highlight then, its size in bytes."""

    at: float
    highlighted: int | None
    size: int
    text: str = ""


@dataclass
class FrameProbe:
    """Records every frame of `app`; `keep_text` also keeps its bytes (for finding a string);
    without `measure`, frames are only timed (not turned into terminal bytes)."""

    app: App[Any]
    keep_text: bool = False
    measure: bool = True
    frames: list[Frame] = field(default_factory=list)
    _waiters: list[tuple[Callable[[Frame], bool], asyncio.Future[Frame]]] = field(
        default_factory=list
    )

    def install(self) -> FrameProbe:
        """Wrap the app's `_display`."""
        app = self.app
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            data = ""
            if self.measure:
                try:
                    data = renderable.render_segments(app.console)
                except Exception:
                    data = ""
            widget = message_list(app)
            frame = Frame(
                time.perf_counter(),
                widget.highlighted if widget is not None else None,
                len(data.encode("utf-8", "replace")),
                data if self.keep_text else "",
            )
            self.frames.append(frame)
            for waiter in list(self._waiters):
                check, future = waiter
                if not future.done() and check(frame):
                    future.set_result(frame)
                    self._waiters.remove(waiter)

        app._display = display  # type: ignore[method-assign]
        return self

    async def next_frame(self, check: Callable[[Frame], bool], timeout: float = 5.0) -> Frame:
        """The first frame from now on for which `check` is true."""
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._waiters.append((check, future))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters = [w for w in self._waiters if w[1] is not future]


def send_key(app: App[Any], key: str) -> None:
    """Deliver a key the way the terminal driver does (no waiting, unlike `pilot.press`)."""
    event = events.Key(key, None)
    event.set_sender(app)
    driver = app._driver
    assert driver is not None
    driver.send_message(event)


async def wait_until(
    pilot: Pilot[Any], predicate: Callable[[], bool], timeout: float = 30.0
) -> bool:
    """Poll `predicate` between pauses until true or `timeout` seconds pass."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return True
        await pilot.pause(0.01)
    return predicate()


async def load_all(pilot: Pilot[Any], expected: int, timeout: float = 120.0) -> int:
    """Jump to the end of the list until `expected` messages are loaded; returns the count."""
    app = pilot.app
    deadline = time.perf_counter() + timeout
    await wait_until(pilot, lambda: loaded_count(app) > 0, timeout=30)
    while time.perf_counter() < deadline:
        count = loaded_count(app)
        if count >= expected or is_complete(app):
            break
        await pilot.press("end")

        def grown(seen: int = count) -> bool:
            return loaded_count(app) > seen or is_complete(app)

        await wait_until(pilot, grown, timeout=20)
    await pilot.press("home")
    await pilot.pause(0.2)
    return loaded_count(app)
