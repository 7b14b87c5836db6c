"""Benchmark 1 — first frames under a real pseudo-terminal, against a bare Textual app.

Three programs run on fresh 100×40 ptys (TERM=xterm-256color, LEMLIST_API_KEY set, no config
file, state in a temporary directory, `--refresh 0`), one after the other in turns, so that
the machine's moods fall on all three alike:

* the floor, `python -m bench.bare_app`: a Header, a Static and a Footer;
* lemtui with no contact and no user ID: the contact prompt (over a blank screen);
* lemtui with `--user-id`: the inbox (its first frame says "loading"; the rows come after).

The clock starts just before `Popen` and stops when the pty output, escapes removed, holds all
of the frame's markers (for lemtui the footer's among them, so the frame is whole). The
figure is the median, over 30 rounds, of lemtui's time over the bare app's in the same round
(on this host one program's start varies by ±25 % from run to run, in spells: a ratio within a
round sees that least). The notes add the ratio of the medians and of the best runs.

lemtui's modules are byte-compiled first (`compileall`), as `pip install` does: this machine
runs with PYTHONDONTWRITEBYTECODE, and a source checkout would otherwise be measured compiling
itself on every start while Textual, installed by pip, would not.
"""

from __future__ import annotations

import compileall
import tempfile
from pathlib import Path

from bench.bare_app import TEXT as BARE_TEXT
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
from lemtui.demo.fake_api import DEMO_USER_ID

SECTION = "1. First frame"
TARGET = 1.15
"""lemtui's first frame at most this many times the bare app's."""
BARE_FRAME = (BARE_TEXT, "Quit")
PROMPT_FRAME = ("Open a contact", "Esc cancel", "Cancel")
"""The prompt's title, its hint (at its bottom) and the footer's key (the last row); the
screen under the prompt is blank."""
INBOX_FRAME = ("Inbox", DEMO_USER_ID, "Next unread")
"""The inbox's header (title and user) and its footer's key."""


def _time_to(argv: list[str], markers: tuple[str, ...], tmp: Path) -> float | None:
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    try:
        return term.wait_for_text(markers, timeout=20)
    finally:
        term.close()


def run(options: Options, servers: Servers) -> list[Row]:
    """Bare app, prompt and inbox in turns; each lemtui frame as a ratio of the bare one."""
    reps = 5 if options.quick else 30  # runs of one program vary by ±25 % on this host
    for package in ("lemtui", "bench"):  # as pip would have: no figure pays for compiling
        compileall.compile_dir(str(ROOT / package), quiet=1)
    base = ["--base-url", servers.real.url, "--refresh", "0"]
    cases: dict[str, tuple[list[str], tuple[str, ...]]] = {
        "bare": ([PYTHON, "-m", "bench.bare_app"], BARE_FRAME),
        "prompt": ([LEMTUI, *base], PROMPT_FRAME),
        "inbox": ([LEMTUI, *base, "--user-id", DEMO_USER_ID], INBOX_FRAME),
        "rows": ([LEMTUI, *base, bench_contact(1_000)], (first_row_subject(1_000),)),
    }
    times: dict[str, list[float | None]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for argv, markers in cases.values():  # warm the page cache
            _time_to(argv, markers, tmp_path)
        for _ in range(reps):
            for name, (argv, markers) in cases.items():
                times[name].append(_time_to(argv, markers, tmp_path))
    drawn = {
        name: [value for value in values if value is not None] for name, values in times.items()
    }
    rows: list[Row] = []
    bare = median(drawn["bare"])
    rows.append(
        Row(
            SECTION,
            "floor: a bare Textual app (Header, Static, Footer), process start → first frame",
            "",
            ms(bare),
            None,
            f"median of {len(drawn['bare'])}, min {ms(min(drawn['bare'], default=0))}",
        )
    )
    for name, label in (("prompt", "the contact prompt"), ("inbox", "the inbox")):
        values = drawn[name]
        # Each round runs the bare app and lemtui one after the other: the ratio within a
        # round sees the host's changing speed least. The ratio of the medians can be pulled
        # either way by which runs met a slow spell (the bare app's median went from 290 to
        # 395 ms between two runs of this bench, its best stayed at 270-290 ms).
        paired = [
            mine / floor
            for mine, floor in zip(times[name], times["bare"], strict=True)
            if mine is not None and floor is not None
        ]
        if not values or not bare or not paired:
            rows.append(Row(SECTION, f"first frame of {label}", "", "never drawn", False))
            continue
        ratio = median(paired)
        rows.append(
            Row(
                SECTION,
                f"first frame of {label} vs the bare app (median of the ratios within a round)",
                f"≤ {TARGET:.2f}×",
                f"{ratio:.2f}×",
                ratio <= TARGET,
                f"median {ms(median(values))} against {ms(bare)} "
                f"({median(values) / bare:.2f}×); best against best "
                f"{min(values) / min(drawn['bare']):.2f}×; n={len(paired)} rounds",
            )
        )
    rows_times = drawn["rows"]
    if rows_times:
        rows.append(
            Row(
                SECTION,
                "process start → first rows, contact on the command line",
                "",
                ms(median(rows_times)),
                None,
                f"median of {len(rows_times)}; includes one request "
                f"({ms(options.latency)} latency)",
            )
        )
    return rows
