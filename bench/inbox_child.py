"""Child process for the inbox benchmark's headless figures; prints one JSON object on stdout.

`python -m bench.inbox_child MODE --url URL [--no-words] [...]`, MODE one of:

* `keys`   — the inbox at 200×50 with its first rows drawn: `j` pressed `--keys` times, each
             timed from its delivery to the first frame whose highlight moved, with a random
             10–27 ms between keys (so the keys fall on every phase of the 60 Hz timer). Row
             words go on arriving meanwhile (the highlight takes the view down with it); for
             each key, how many rows (a page) and rows' words came while it was timed, and
             how long each full collection of the cyclic garbage collector took meanwhile;
* `memory` — `L` (load every page of the inbox), then `G` (the last row): peak RSS
             (`VmHWM`, see `bench.ui_child._rss_mb`) once every page is in and, with words,
             the last screen's words; and the RSS at that moment.

The app is built as `lemtui --user-id … --refresh 0` builds it (its client, its cache glue over
an empty cache in a temporary XDG_CACHE_HOME). `--no-words` makes `InboxList.ask_words` a no-op:
the inbox before rows had words.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import API_KEY
from bench.ui_child import _current_rss_mb, _rss_mb

if TYPE_CHECKING:
    from bench.pilot_tools import Frame


def _app(url: str, state: Path) -> Any:
    from lemtui.cli import make_client
    from lemtui.cli_cache import cache_glue
    from lemtui.demo.data import DEMO_USER_ID
    from lemtui.lemlist.secret import Secret
    from lemtui.local.config import DEFAULT_PAGE_SIZE, Settings
    from lemtui.tui.app import LemtuiApp

    settings = Settings(
        api_key=Secret(API_KEY),
        base_url=url,
        user_id=DEMO_USER_ID,
        page_size=DEFAULT_PAGE_SIZE,
        mark_as_read=False,
        theme=None,
        demo=False,
        config_file=state / "no-config.toml",
        refresh_seconds=0,
    )
    client = make_client(settings)
    glue = cache_glue(settings, client)
    return LemtuiApp(client=client, settings=settings, state_dir=state, cache=glue)


def _inbox(app: Any) -> Any:
    """The inbox list, once the inbox screen is up (else None)."""
    screen = app.inbox_screen
    if screen is None or not screen.is_mounted:
        return None
    return screen.inbox_list


async def _first_rows(pilot: Any) -> Any:
    from bench.pilot_tools import wait_until

    app = pilot.app
    if not await wait_until(pilot, lambda: bool(getattr(_inbox(app), "items", None)), 30):
        raise RuntimeError("the inbox's first rows never came")
    widget = _inbox(app)
    widget.focus()
    await pilot.pause(0.3)
    return widget


class _CollectorPauses:
    """A `gc.callbacks` entry: how long each full (generation 2) collection took."""

    def __init__(self) -> None:
        self.oldest: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.oldest.append(time.perf_counter() - self._started)


def _moved_from(before: int | None) -> Callable[[Frame], bool]:
    """A frame test: the highlight is no longer on row `before`."""
    return lambda frame: frame.highlighted != before


def _known(widget: Any) -> int:
    words = widget.words
    if words is None:
        return 0
    return sum(1 for item in widget.items if words.get(item.contact_id) is not None)


async def _keys(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from bench.pilot_tools import FrameProbe, send_key

    app = _app(args.url, state)
    times: list[float] = []
    rng = random.Random(11)
    async with app.run_test(size=(200, 50)) as pilot:
        widget = await _first_rows(pilot)
        known_before = _known(widget)
        pauses = _CollectorPauses()
        gc.callbacks.append(pauses)
        probe = FrameProbe(app).install()
        pages: list[int] = []
        words: list[int] = []
        for _ in range(args.keys):
            before = widget.highlighted
            rows, known = len(widget.items), _known(widget)
            start = time.perf_counter()
            send_key(app, "j")
            frame = await probe.next_frame(_moved_from(before), timeout=10)
            times.append(frame.at - start)
            pages.append(len(widget.items) - rows)
            words.append(_known(widget) - known)
            await pilot.pause()
            await asyncio.sleep(0.01 + rng.random() * 0.017)
        return {
            "times": times,
            "rows_came": pages,
            "words_came": words,
            "highlighted": widget.highlighted,
            "loaded": len(widget.items),
            "words_during": _known(widget) - known_before,
            "gc2": pauses.oldest,
        }


async def _memory(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from bench.pilot_tools import wait_until

    app = _app(args.url, state)
    async with app.run_test(size=(200, 50)) as pilot:
        widget = await _first_rows(pilot)
        started = time.perf_counter()
        await pilot.press("L")
        if not await wait_until(pilot, lambda: widget.pager.complete, timeout=args.timeout):
            raise RuntimeError(f"L loaded {widget.pager.loaded} conversations, not all")
        loaded_in = time.perf_counter() - started
        await pilot.press("G")
        await pilot.pause(0.3)
        words = widget.words
        if words is not None:
            height = widget.scrollable_content_region.height
            shown = widget.items[-height:]
            await wait_until(
                pilot,
                lambda: all(words.get(item.contact_id) is not None for item in shown),
                timeout=60,
            )
        await pilot.pause(0.3)
        return {
            "rss_mb": _rss_mb(),
            "rss_now_mb": _current_rss_mb(),
            "loaded": widget.pager.loaded,
            "loaded_in": loaded_in,
            "highlighted": widget.highlighted,
            "asked": words.asked if words is not None else 0,
        }


def main() -> None:
    """Parse the mode and its options, run it, print its JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.inbox_child")
    parser.add_argument("mode", choices=["keys", "memory"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--no-words", action="store_true")
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args()
    if args.no_words:
        from bench.inbox_cli import no_words

        no_words()
    with tempfile.TemporaryDirectory(prefix="lemtui-bench-inbox-") as tmp:
        state = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(state / "cache")
        if args.mode == "keys":
            result = asyncio.run(_keys(args, state))
        else:
            result = asyncio.run(_memory(args, state))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
