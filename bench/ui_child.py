"""Child process for the headless UI and memory benchmarks; prints one JSON object on stdout.

`python -m bench.ui_child MODE --real URL --fast URL [...]`, MODE one of:

* `open`    — Enter in the contact prompt → first frame that shows the conversation's newest
              subject (benchmark 2);
* `scroll`  — with N messages loaded, `down` then `up` K times: key delivered → next frame whose
              highlight differs (benchmark 3);
* `hold`    — ↓ at 30 keys/s over the real (slow, rate-limited) fake: gaps between highlight
              changes (benchmark 3, page boundaries);
* `memory`  — peak RSS (`VmHWM`) after loading N messages into the app, or through the
              client only, or with just the prompt up (benchmark 4);
* `passes`  — N messages loaded and scrolled to the end: peak RSS; then ten passes over the
              list (page down to the end, page up to the top, every frame drawn) and the RSS
              after each (benchmark 4: it must not grow). At `--width` 130 and more the detail
              pane beside the list converts each highlighted body.

Each mode runs in its own process so that one's memory and caches do not flatter the next.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import API_KEY, bench_contact, first_row_subject, strip_escapes

if TYPE_CHECKING:  # the client-only memory probe must not load Textual
    from bench.pilot_tools import Frame


def _shows(marker: str) -> Callable[[Frame], bool]:
    """A frame test: the frame's text shows `marker`."""
    return lambda frame: marker in strip_escapes(frame.text.encode())


def _moved_from(before: int | None) -> Callable[[Frame], bool]:
    """A frame test: the highlight is no longer on row `before`."""
    return lambda frame: frame.highlighted != before


def _highlight_on(row: int) -> Callable[[Frame], bool]:
    """A frame test: the highlight is on `row`."""
    return lambda frame: frame.highlighted == row


def _rss_mb() -> float:
    """This process's peak resident set (`VmHWM`), in MiB.

    Not `ru_maxrss`: Linux keeps that across `exec`, so a child started by a big parent
    (the bench after its 100,000-message cache figures: 112 MB) reports the parent's peak as
    its own; `VmHWM` belongs to the process's own memory since `exec`.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # no /proc: the peak


def _current_rss_mb() -> float:
    """The resident set now (not the peak), in MiB like `_rss_mb`."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1024.0 / 1024.0


async def _open(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from textual.widgets import Input

    from bench.pilot_tools import FrameProbe, make_app, send_key, wait_until

    app = make_app(args.real, contact_id=None, page_size=args.page_size, state_dir=state)
    times: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        probe = FrameProbe(app, keep_text=True).install()
        for index in range(args.reps):
            size = (100, 1_000)[index % 2]
            if index:
                await pilot.press("o")
            ok = await wait_until(pilot, lambda: isinstance(app.focused, Input), timeout=10)
            if not ok:
                raise RuntimeError("the contact prompt did not take the focus")
            await pilot.press(*bench_contact(size))
            await pilot.pause(0.1)
            marker = first_row_subject(size)
            start = time.perf_counter()
            send_key(app, "enter")
            frame = await probe.next_frame(_shows(marker), timeout=10)
            times.append(frame.at - start)
            await pilot.pause(0.3)
    return {"times": times}


async def _scroll(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from bench.pilot_tools import FrameProbe, load_all, make_app, message_list, send_key

    contact = bench_contact(args.size)
    app = make_app(args.fast, contact_id=contact, page_size=100, state_dir=state, fast_client=True)
    times: list[float] = []
    sizes: list[int] = []
    rng = random.Random(7)
    async with app.run_test(size=(100, 40)) as pilot:
        loaded = await load_all(pilot, args.size)
        widget = message_list(app)
        if widget is None:
            raise RuntimeError("no message list on screen")
        widget.focus()
        await pilot.pause(0.3)
        probe = FrameProbe(app).install()
        steps = min(args.keys, args.size - 2)
        for key in ["down"] * steps + ["up"] * steps:
            before = widget.highlighted
            start = time.perf_counter()
            send_key(app, key)
            frame = await probe.next_frame(_moved_from(before), timeout=5)
            times.append(frame.at - start)
            sizes.append(frame.size)
            await pilot.pause()
            await asyncio.sleep(0.01 + rng.random() * 0.017)  # vary the phase vs the 60 Hz timer
    return {"times": times, "bytes": sizes, "loaded": loaded}


async def _hold(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from bench.pilot_tools import FrameProbe, loaded_count, make_app, message_list, send_key

    contact = bench_contact(10_000)
    app = make_app(args.real, contact_id=contact, page_size=args.page_size, state_dir=state)
    async with app.run_test(size=(100, 40)) as pilot:
        from bench.pilot_tools import wait_until

        await wait_until(pilot, lambda: loaded_count(app) > 0, timeout=30)
        await pilot.pause(0.3)
        widget = message_list(app)
        if widget is None:
            raise RuntimeError("no message list on screen")
        probe = FrameProbe(app).install()
        rate = 30.0
        count = int(args.seconds * rate)
        start = time.perf_counter()
        first_loaded = loaded_count(app)
        for index in range(count):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            send_key(app, "down")
        await pilot.pause(0.5)
        changes: list[float] = []
        last: int | None = None
        for frame in probe.frames:
            if frame.highlighted != last:
                changes.append(frame.at)
                last = frame.highlighted
        gaps = [b - a for a, b in itertools.pairwise(changes)]
        return {
            "keys": count,
            "final": widget.highlighted,
            "gaps": gaps,
            "loaded_before": first_loaded,
            "loaded_after": loaded_count(app),
            "page_size": args.page_size,
        }


async def _memory_app(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from bench.pilot_tools import load_all, make_app

    contact = bench_contact(args.size) if args.size else None
    app = make_app(args.fast, contact_id=contact, page_size=100, state_dir=state, fast_client=True)
    async with app.run_test(size=(args.width, 40)) as pilot:
        loaded = await load_all(pilot, args.size) if args.size else 0
        if loaded:
            await pilot.press("end")  # the last rows drawn (and, wide, the last body shown)
        await pilot.pause(0.3)
        return {"rss_mb": _rss_mb(), "loaded": loaded}


async def _passes(args: argparse.Namespace, state: Path) -> dict[str, Any]:
    from bench.pilot_tools import FrameProbe, load_all, make_app, message_list

    contact = bench_contact(args.size)
    app = make_app(args.fast, contact_id=contact, page_size=100, state_dir=state, fast_client=True)
    async with app.run_test(size=(args.width, 40)) as pilot:
        loaded = await load_all(pilot, args.size)
        widget = message_list(app)
        if widget is None:
            raise RuntimeError("no message list on screen")
        widget.focus()
        await pilot.press("end")
        await pilot.pause(0.5)
        peak = _rss_mb()
        await pilot.press("home")
        await pilot.pause(0.3)
        after: list[float] = []
        started = time.perf_counter()
        last = loaded - 1
        page = max(1, widget.scrollable_content_region.height)
        frames = 0
        probe = FrameProbe(app, measure=False).install()
        for _ in range(args.passes):
            # A screenful at a time, down to the last row and back up to the first: every
            # row is drawn once each way (the highlight is moved as a page key moves it).
            stops = [*range(page, last, page), last, *range(last - page, 0, -page), 0]
            for row in stops:
                widget.highlighted = row
                await probe.next_frame(_highlight_on(row))
                frames += 1
            probe.frames.clear()
            await pilot.pause(0.2)
            after.append(_current_rss_mb())
        return {
            "peak_mb": peak,
            "after_passes_mb": after,
            "final_peak_mb": _rss_mb(),
            "loaded": loaded,
            "frames": frames,
            "seconds": time.perf_counter() - started,
        }


async def _memory_client(args: argparse.Namespace) -> dict[str, Any]:
    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.secret import Secret

    messages = []
    async with LemlistClient(Secret(API_KEY), base_url=args.fast, rate_limit=1_000_000) as client:
        async for message in client.iter_messages(bench_contact(args.size), limit=100):
            messages.append(message)
    return {"rss_mb": _rss_mb(), "loaded": len(messages)}


def main() -> None:
    """Parse the mode and its options, run it, print its JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.ui_child")
    parser.add_argument(
        "mode", choices=["open", "scroll", "hold", "memory-app", "memory-client", "passes"]
    )
    parser.add_argument("--real", required=True)
    parser.add_argument("--fast", required=True)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--keys", type=int, default=90)
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--passes", type=int, default=10)
    parser.add_argument("--width", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        if args.mode == "open":
            result = asyncio.run(_open(args, state))
        elif args.mode == "scroll":
            result = asyncio.run(_scroll(args, state))
        elif args.mode == "hold":
            result = asyncio.run(_hold(args, state))
        elif args.mode == "memory-app":
            result = asyncio.run(_memory_app(args, state))
        elif args.mode == "passes":
            result = asyncio.run(_passes(args, state))
        else:
            result = asyncio.run(_memory_client(args))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
