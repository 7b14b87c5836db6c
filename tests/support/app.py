"""Building a `LemtuiApp` over the fake API for Pilot tests, snapshots and screenshots.

Shared so that all three see the same app: the fake served through `httpx.ASGITransport`, a
client without retries (quick failures), recent contacts in a given directory, a pinned clock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled

from lemtui.demo.fake_api import DEMO_API_KEY, FakeLemlist
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.secret import Secret
from lemtui.local.config import DEFAULT_PAGE_SIZE, Settings
from lemtui.tui.app import LemtuiApp

FIXED_NOW = datetime(2026, 6, 26, 17, 30, tzinfo=UTC)
"""The "now" of snapshots and screenshots (after every demo message)."""


def demo_settings(**changes: object) -> Settings:
    """Settings as `--demo` makes them, with `changes` applied."""
    settings = Settings(
        api_key=Secret(DEMO_API_KEY),
        base_url="http://localhost/api",
        user_id=None,
        page_size=DEFAULT_PAGE_SIZE,
        mark_as_read=False,
        theme=None,
        demo=True,
        config_file=Path("/nonexistent/lemtui/config.toml"),
        notify="none",
    )
    return replace(settings, **changes)  # type: ignore[arg-type]


def make_app(
    state_dir: Path,
    *,
    fake: FakeLemlist | None = None,
    contact_id: str | None = None,
    api_key: str = DEMO_API_KEY,
    clock: Callable[[], datetime] | None = None,
    base_url: str | None = None,
    rate_limit: int = 20,
    **settings: object,
) -> tuple[LemtuiApp, FakeLemlist]:
    """An app over `fake` (a fresh demo fake by default) and the fake itself.

    With `base_url` (a `FakeServer`'s, serving `fake`) the client talks real HTTP to it.
    `rate_limit`: requests per 2 s, the client's and a fresh fake's (lemlist's 20 unless a
    picture wants every row's words at once).
    """
    fake = fake if fake is not None else FakeLemlist(rate_limit=rate_limit)
    client = LemlistClient(
        Secret(api_key),
        base_url=base_url or "http://localhost/api",
        transport=None if base_url else httpx.ASGITransport(app=fake),
        retries=0,
        rate_limit=rate_limit,
        read_only=bool(settings.get("read_only")),  # as cli.make_client does
    )
    app = LemtuiApp(
        client=client,
        settings=demo_settings(**settings),
        contact_id=contact_id,
        state_dir=state_dir,
    )
    if clock is not None:
        app.clock = clock
    return app, fake


def pin_time_zone_utc() -> None:
    """Dates drawn in UTC whatever the machine's zone (call after setting TZ=UTC)."""
    time.tzset()


async def settle(pilot: Pilot[None], rounds: int = 20, *, words: bool = False) -> None:
    """Wait until no worker runs and every message they posted has been handled.

    The inbox rows' words come in the background as they would for a person, paced by the
    rate limit, so they are not waited for unless `words` (pictures of the inbox)."""
    app = pilot.app

    def running() -> list[Worker[Any]]:
        return [w for w in app.workers if w.is_running and (words or w.group != "words")]

    for _ in range(rounds):
        # A worker replaced by the next one of its group (a bulk load's pages) ends
        # cancelled: that is done too, for waiting.
        busy = running()
        if busy:  # (an empty list would mean every worker to Textual)
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(busy)
        await pilot.pause()
        if not running():
            await pilot.pause()
            if not running():
                return


async def until(
    pilot: Pilot[None], done: Callable[[], bool], rounds: int = 1000, step: float | None = None
) -> None:
    """Process messages until `done()` holds, within a bounded number of rounds (no assert on
    time). `step`: seconds between rounds, for answers that come from another thread (a real
    HTTP server); None waits for the app to be idle.

    For flows that keep a worker waiting on a screen (a reply's review), where `settle`
    would wait for that worker forever.
    """
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(step)
    raise AssertionError(f"not reached after {rounds} rounds")
