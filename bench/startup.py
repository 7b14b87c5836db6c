"""Benchmark 1 — cold start under a real pseudo-terminal.

`.venv/bin/lemtui --base-url http://127.0.0.1:PORT/api` runs on a fresh 100×40 pty
(TERM=xterm-256color, LEMLIST_API_KEY set, no config file, state in a temporary directory).
The clock starts just before `Popen` and stops when the pty output, escapes removed, first holds
the prompt's hint line (the last thing the prompt draws, so the frame is complete), or, with a
contact on the command line, the newest message's subject. Python's own start-up and the import
of Textual are measured the same way for context: they are a floor no app code can go under.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import (
    LEMTUI,
    PYTHON,
    ROOT,
    Options,
    PtyProcess,
    Row,
    Servers,
    bench_contact,
    child_env,
    first_row_subject,
    median,
    ms,
)

SECTION = "1. Cold start"
PROMPT_TEXT = "Open a contact"
PROMPT_HINT = "Esc cancel"
HEADER_TEXT = "mark-as-read"
PROMPT_FRAME = (PROMPT_TEXT, PROMPT_HINT, HEADER_TEXT)
"""The prompt's title and hint and the screen header under it: all there = a full frame."""


def _time_to(argv: list[str], text: str | tuple[str, ...], tmp: Path) -> float | None:
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    try:
        return term.wait_for_text(text, timeout=20)
    finally:
        term.close()


def _floor(code: str, reps: int) -> float:
    times: list[float] = []
    for _ in range(reps):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return median(times)


def run(options: Options, servers: Servers) -> list[Row]:
    """Process start → first full frame of the prompt; → first rows with a contact given."""
    reps = 3 if options.quick else 7
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        base = ["--base-url", servers.real.url]
        _time_to([LEMTUI, *base], PROMPT_FRAME, tmp_path)  # warm the page cache and .pyc files
        cases = [
            ("first frame of the prompt", [LEMTUI, *base], PROMPT_FRAME, 0.300, "≤ 300 ms"),
            (
                "first rows, contact on the command line",
                [LEMTUI, *base, bench_contact(1_000)],
                (first_row_subject(1_000),),
                None,
                "",
            ),
        ]
        prompt_median = 0.0
        for name, argv, text, target, target_text in cases:
            times = [t for t in (_time_to(argv, text, tmp_path) for _ in range(reps)) if t]
            if not times:
                rows.append(Row(SECTION, name, target_text, f"{text!r} never appeared", False))
                continue
            value = median(times)
            if target is None:
                # The first rows need the app up and one request answered.
                target = prompt_median + options.latency + 0.100
                target_text = f"≤ {ms(target)} (prompt + latency + 100 ms)"
            else:
                prompt_median = value
            rows.append(
                Row(
                    SECTION,
                    f"process start → {name}",
                    target_text,
                    ms(value),
                    value <= target,
                    f"median of {len(times)}, min {ms(min(times))}",
                )
            )
    floor_reps = 3 if options.quick else 5
    python = _floor("pass", floor_reps)
    textual = _floor("import textual.app, textual.widgets", floor_reps)
    app_import = _floor("import lemtui.app", floor_reps)
    rows.append(
        Row(
            SECTION,
            "floor: python start / +import textual / +import lemtui.app",
            "",
            f"{ms(python)} / {ms(textual)} / {ms(app_import)}",
            None,
            "plain subprocess, no terminal",
        )
    )
    return rows
