"""`lemtui` as the inbox benchmark starts it on a pty: the real command line, with two options.

`python -m bench.inbox_cli [--no-words] [--report FILE --t0 SECONDS] -- LEMTUI-ARGS…`

* `--no-words` makes `InboxList.ask_words` do nothing: the inbox as it was before rows had
  words (the floor of the first-rows figure). Nothing else changes.
* `--report FILE` watches the frames from inside the app (`App._display`, as
  `bench.pilot_tools.FrameProbe` does) and writes to FILE, as JSON, when the first inbox rows
  were drawn and when every row of the first screen was drawn with its words, in seconds since
  `--t0` (the orchestrator's `time.time()` just before it started this process), and how many
  rows the first screen holds. Without it the app runs untouched.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any


def no_words() -> None:
    """`InboxList.ask_words` does nothing from now on: rows show names only."""
    from lemtui.tui.widgets.inbox_list import InboxList

    def ask_words(self: InboxList, fetch: Any) -> None:
        return None

    setattr(InboxList, "ask_words", ask_words)  # noqa: B010 - a patch, said as one


def _watch(report: Path, t0: float) -> None:
    """Record the frames that first show rows, and rows all with their words."""
    from lemtui.tui.app import LemtuiApp

    seen: dict[str, Any] = {}
    original = LemtuiApp._display

    def display(app: LemtuiApp, screen: Any, renderable: Any) -> None:
        original(app, screen, renderable)
        if renderable is None or "words" in seen:
            return
        inbox = app.inbox_screen
        if inbox is None or not inbox.is_mounted or app.screen is not inbox:
            return
        widget = inbox.inbox_list
        items = widget.items
        if not items:
            return
        now = time.time() - t0
        first = "rows" not in seen
        if first:
            seen["rows"] = now
            seen["in_view"] = min(len(items), widget.scrollable_content_region.height)
        words = widget.words
        done = words is not None and all(
            words.get(item.contact_id) is not None for item in items[: seen["in_view"]]
        )
        if done and words is not None:
            seen["words"] = now
            seen["asked"] = words.asked
        if first or done:  # whole or not at all: the bench reads it while the app runs
            partial = report.with_suffix(".partial")
            partial.write_text(json.dumps(seen), encoding="utf-8")
            partial.replace(report)

    setattr(LemtuiApp, "_display", display)  # noqa: B010 - a patch, said as one


def main() -> int:
    """Patch as asked, then run lemtui's command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.inbox_cli")
    parser.add_argument("--no-words", action="store_true")
    parser.add_argument("--report", type=Path)
    parser.add_argument("--t0", type=float, default=0.0)
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.no_words:
        no_words()
    if args.report is not None:
        _watch(args.report, args.t0)
    from lemtui.cli import main as lemtui_main

    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    return lemtui_main(rest)


if __name__ == "__main__":
    raise SystemExit(main())
