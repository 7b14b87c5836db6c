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

lemtui's modules are byte-compiled first (`compileall`), as `pip install` does (and `make`
after its editable install): this machine runs with PYTHONDONTWRITEBYTECODE, and a source
checkout would otherwise be measured compiling itself on every start while Textual, installed
by pip, would not. One more program shows what that costs: the prompt from a copy of the
source that was never compiled (the first start of a checkout where nothing may write
`__pycache__`), so the figure measured that way is not mistaken for the reader's own.

The same bare app, prompt and inbox are also timed inside tmux at 100×30 (`bench.tmux_frame`),
the way most people reading over SSH run it, in the same rounds: tmux parses the output and
answers the terminal's queries, and the frame counts once `capture-pane` shows it.
"""

from __future__ import annotations

import compileall
import contextlib
import shutil
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
from bench.tmux_frame import TmuxClock, tmux_available
from lemtui.demo.fake_api import DEMO_USER_ID

SECTION = "1. First frame"
TARGET = 1.10
"""The contact prompt's first frame at most this many times the bare app's (issue 24)."""
INBOX_TARGET = 1.15
"""The inbox's ("loading") at most this many times the bare app's."""
BARE_FRAME = (BARE_TEXT, "Quit")
PROMPT_FRAME = ("Open a contact", "Esc cancel", "Cancel")
"""The prompt's title, its hint (at its bottom) and the footer's key (the last row); the
screen under the prompt is blank."""
INBOX_FRAME = ("Inbox", DEMO_USER_ID, "Next unread")
"""The inbox's header (title and user) and its footer's key."""


def _time_to(
    argv: list[str], markers: tuple[str, ...], tmp: Path, env: dict[str, str] | None = None
) -> float | None:
    term = PtyProcess(argv, env=child_env(tmp) | (env or {}), cwd=ROOT)
    try:
        return term.wait_for_text(markers, timeout=20)
    finally:
        term.close()


RUN_CLI = "import sys; from lemtui.cli import main; sys.exit(main(sys.argv[1:]))"
# (-P: the checkout in the working directory, compiled, must not come before the copy)
"""`lemtui` as its console script runs it, for the copy of the source on PYTHONPATH."""


def _ratio_row(
    name: str, times: dict[str, list[float | None]], floor: str, target: float | None
) -> Row:
    """One program's frame as the median of its ratios to `floor` within each round."""
    paired = [
        mine / bare
        for mine, bare in zip(times[name], times[floor], strict=True)
        if mine is not None and bare is not None
    ]
    values = [value for value in times[name] if value is not None]
    floors = [value for value in times[floor] if value is not None]
    label = LABELS[name]
    if not paired:
        return Row(SECTION, f"first frame of {label}", "", "never drawn", False)
    ratio = median(paired)
    return Row(
        SECTION,
        f"first frame of {label} vs the bare app{' in tmux' if 'tmux' in name else ''} "
        "(median of the ratios within a round)",
        f"≤ {target:.2f}×" if target is not None else "",
        f"{ratio:.2f}×",
        ratio <= target if target is not None else None,
        f"median {ms(median(values))} against {ms(median(floors))} "
        f"({median(values) / median(floors):.2f}×); spread {min(paired):.2f}–"
        f"{max(paired):.2f}×; best against best {min(values) / min(floors):.2f}×; "
        f"n={len(paired)} rounds",
    )


LABELS = {
    "prompt": "the contact prompt",
    "inbox": "the inbox",
    "prompt-source": "the contact prompt from source never byte-compiled",
    "prompt-tmux": "the contact prompt",
    "inbox-tmux": "the inbox",
}


def run(options: Options, servers: Servers) -> list[Row]:
    """Bare app, prompt and inbox in turns, on a pty and in tmux; each lemtui frame as a ratio
    of the bare app's in the same round."""
    reps = 5 if options.quick else 30  # runs of one program vary by ±25 % on this host
    for package in ("lemtui", "bench"):  # as pip would have: no figure pays for compiling
        compileall.compile_dir(str(ROOT / package), quiet=1)
    base = ["--base-url", servers.real.url, "--refresh", "0"]
    cases: dict[str, tuple[list[str], tuple[str, ...]]] = {
        "bare": ([PYTHON, "-m", "bench.bare_app"], BARE_FRAME),
        "prompt": ([LEMTUI, *base], PROMPT_FRAME),
        "inbox": ([LEMTUI, *base, "--user-id", DEMO_USER_ID], INBOX_FRAME),
        "rows": ([LEMTUI, *base, bench_contact(1_000)], (first_row_subject(1_000),)),
        "prompt-source": ([PYTHON, "-P", "-c", RUN_CLI, *base], PROMPT_FRAME),
    }
    in_tmux = {"bare-tmux": "bare", "prompt-tmux": "prompt", "inbox-tmux": "inbox"}
    use_tmux = tmux_available()
    times: dict[str, list[float | None]] = {name: [] for name in [*cases, *in_tmux]}
    clock = TmuxClock((100, 30)) if use_tmux else contextlib.nullcontext(None)
    with tempfile.TemporaryDirectory() as tmp, clock as tmux:  # no tmux: no server to start
        tmp_path = Path(tmp)
        source = tmp_path / "source"
        shutil.copytree(
            ROOT / "lemtui", source / "lemtui", ignore=shutil.ignore_patterns("__pycache__")
        )
        envs = {"prompt-source": {"PYTHONPATH": str(source)}}
        for name, (argv, markers) in cases.items():  # warm the page cache
            _time_to(argv, markers, tmp_path, envs.get(name))
        for _ in range(reps):
            for name, (argv, markers) in cases.items():
                times[name].append(_time_to(argv, markers, tmp_path, envs.get(name)))
            if tmux is None:
                continue
            for name, program in in_tmux.items():
                argv, markers = cases[program]
                times[name].append(tmux.time_to(argv, markers, child_env(tmp_path), ROOT))
    drawn = {
        name: [value for value in values if value is not None] for name, values in times.items()
    }
    rows: list[Row] = [
        Row(
            SECTION,
            "floor: a bare Textual app (Header, Static, Footer), process start → first frame",
            "",
            ms(median(drawn["bare"])),
            None,
            f"median of {len(drawn['bare'])}, min {ms(min(drawn['bare'], default=0))}; 100×40 pty",
        ),
        _ratio_row("prompt", times, "bare", TARGET),
        _ratio_row("inbox", times, "bare", INBOX_TARGET),
        _ratio_row("prompt-source", times, "bare", None),
    ]
    if use_tmux and drawn["bare-tmux"]:
        rows += [
            Row(
                SECTION,
                "floor: the bare app inside tmux (100×30), window asked → text in capture-pane",
                "",
                ms(median(drawn["bare-tmux"])),
                None,
                f"median of {len(drawn['bare-tmux'])}, min {ms(min(drawn['bare-tmux']))}",
            ),
            _ratio_row("prompt-tmux", times, "bare-tmux", TARGET),
            _ratio_row("inbox-tmux", times, "bare-tmux", INBOX_TARGET),
        ]
    else:
        rows.append(Row(SECTION, "first frames inside tmux", "", "tmux not found", None))
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
