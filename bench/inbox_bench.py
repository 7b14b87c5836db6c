"""Benchmark 9 — the inbox at 200×50 over 5,000 conversations whose rows show their words.

The fake (`bench.inbox_fake`) lists 5,000 conversations of 1–3 messages in the reader's inbox,
over HTTP on 127.0.0.1 with the bench's latency and the service's rate limit (20 per 2 s; row
words may take half of it). Five figures:

1. **first rows**: `lemtui --user-id … --refresh 0` on a fresh 200×50 pty (the real command
   line through `bench.inbox_cli`, an empty cache in a fresh XDG_CACHE_HOME: a first start), the
   clock started just before `Popen` and stopped when the pty output shows the first and the
   21st row's names and the footer. Each round runs it with row words and without (the floor:
   `InboxList.ask_words` a no-op, the inbox before words), in alternating order; the ratio is
   the median of the rounds' ratios.
2. **words of the first screen**: in the same runs with words, from process start to the first
   frame in which every row of the first screen has its words (seen from inside the app).
3. **key → frame**: headless (Pilot, `bench.inbox_child`), `j` pressed 200 times from the top
   while words go on arriving for the rows the highlight brings into view; each key timed from
   its delivery to the first frame whose highlight moved (the frame turned into terminal bytes).
   The floor is the same run with words off; the slowest keys are named with what arrived
   while they were timed (a page of rows, rows' words), and the note says how many full
   (generation 2) garbage collections ran during the keys and how long they took.
4. **memory**: headless, `L` loads all 5,000 conversations, `G` goes to the last row, and (with
   words) the last screen's words arrive: peak RSS of the process, with words and without.
5. **cached first frame**: lemtui fills a cache in a temporary XDG_CACHE_HOME (one online start,
   quit with `q`); then the fake answers only after 5 s and lemtui starts again from that cache,
   timed to the cached rows (same markers as 1), each round next to the bare Textual app
   (`bench.bare_app`) on the same size of pty. The figure is the median of the rounds' ratios.
   The note adds lemtui's own first frame in the same rounds: the inbox with `--no-cache`,
   saying "Loading your inbox…" (what start-up costs before the cache is read at all).

lemtui's and the bench's modules are byte-compiled first, as `bench.startup` does.
"""

from __future__ import annotations

import compileall
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bare_app import TEXT as BARE_TEXT
from bench.common import (
    PYTHON,
    ROOT,
    Options,
    PtyProcess,
    Row,
    Servers,
    child_env,
    median,
    ms,
    percentile,
    run_child,
)
from bench.inbox_fake import CONVERSATIONS, lead_name, serve_inbox
from lemtui.demo.data import DEMO_USER_ID
from tests.support.server import FakeServer

__all__ = ["run"]

SECTION = "9. Inbox"
COLS, LINES = 200, 50
FIRST_ROWS_TARGET = 1.5
"""Seconds from process start to the first rows, with words."""
KEY_TARGET = 0.033
MEMORY_TARGET_MB = 90.0
CACHED_TARGET = 1.15
"""The cached inbox's first frame at most this many times the bare app's."""
SLOW = 5.0
"""Seconds the fake waits before answering while the cached start is measured."""
ROWS_FRAME = (lead_name(0), lead_name(20), "Next unread")
"""The first rows are drawn: the first row's and the 21st row's names, and the footer."""
BARE_FRAME = (BARE_TEXT, "Quit")
LOADING_FRAME = ("Loading your inbox", "Next unread")
"""The inbox's first frame before any row (its notice and its footer)."""


def _env(tmp: Path, cache: Path) -> dict[str, str]:
    env = child_env(tmp)
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def _lemtui(url: str, *, words: bool = True, report: Path | None = None) -> list[str]:
    argv = [PYTHON, "-m", "bench.inbox_cli"]
    if not words:
        argv.append("--no-words")
    if report is not None:
        argv += ["--report", str(report), "--t0", repr(time.time())]
    return [*argv, "--", "--base-url", url, "--refresh", "0", "--user-id", DEMO_USER_ID]


def _start(url: str, tmp: Path, cache: Path, *, words: bool) -> dict[str, Any]:
    """One start on a fresh pty: when the first rows showed and (with words) what the app saw."""
    report = tmp / "report.json"
    report.unlink(missing_ok=True)
    term = PtyProcess(
        _lemtui(url, words=words, report=report),
        env=_env(tmp, cache),
        cols=COLS,
        rows=LINES,
        cwd=ROOT,
    )
    try:
        result: dict[str, Any] = {"first": term.wait_for_text(ROWS_FRAME, timeout=30)}
        deadline = time.monotonic() + 60
        while words and time.monotonic() < deadline:
            term.read_for(0.1)
            seen = json.loads(report.read_text("utf-8")) if report.exists() else {}
            if "words" in seen:
                result.update(seen)
                break
    finally:
        term.close()
    return result


def _first_rows(options: Options, url: str) -> list[Row]:
    reps = 5 if options.quick else 15
    with_words: list[float] = []
    floor: list[float] = []
    ratios: list[float] = []
    words_done: list[float] = []
    in_view: list[int] = []
    asked: list[int] = []
    with tempfile.TemporaryDirectory(prefix="lemtui-bench-inbox-") as tmp:
        tmp_path = Path(tmp)
        _start(url, tmp_path, tmp_path / "warm", words=False)  # the page cache, not a figure
        for index in range(reps):
            got: dict[bool, dict[str, Any]] = {}
            for words in (True, False) if index % 2 == 0 else (False, True):
                cache = tmp_path / f"cache-{index}-{words}"  # empty: a first start
                got[words] = _start(url, tmp_path, cache, words=words)
            mine, bare = got[True]["first"], got[False]["first"]
            if mine is not None:
                with_words.append(mine)
            if bare is not None:
                floor.append(bare)
            if mine is not None and bare is not None:
                ratios.append(mine / bare)
            if "words" in got[True]:
                words_done.append(got[True]["words"])
                in_view.append(got[True]["in_view"])
                asked.append(got[True]["asked"])
    if not with_words or not floor:
        return [Row(SECTION, "process start → first rows", "", "never drawn", False)]
    value = median(with_words)
    rows = [
        Row(
            SECTION,
            "floor: process start → first rows, words off (the inbox before words)",
            "",
            ms(median(floor)),
            None,
            f"median of {len(floor)}, min {ms(min(floor))}; {CONVERSATIONS:,} conversations, "
            f"{COLS}×{LINES}, empty cache",
        ),
        Row(
            SECTION,
            "process start → first rows, with words",
            f"≤ {ms(FIRST_ROWS_TARGET)}",
            ms(value),
            value <= FIRST_ROWS_TARGET,
            f"median of {len(with_words)}, min {ms(min(with_words))}; "
            f"{median(ratios):.2f}× the floor (median of the rounds' ratios, "
            f"{min(ratios):.2f}–{max(ratios):.2f})",
        ),
    ]
    if words_done:
        rows.append(
            Row(
                SECTION,
                "process start → every row of the first screen shows its words",
                "",
                ms(median(words_done)),
                None,
                f"median of {len(words_done)}, {min(words_done):.1f}–{max(words_done):.1f} s; "
                f"{median(in_view):.0f} rows in view, {median(asked):.0f} requests by then "
                f"(row words take ≤ 10 per 2 s, half the rate budget)",
            )
        )
    else:
        rows.append(Row(SECTION, "first screen's words", "", "never all shown in 60 s", False))
    return rows


def _slowest(result: dict[str, Any], count: int = 3) -> str:
    """The slowest keys, each with what came while it was timed (a page, rows' words)."""
    times: list[float] = result["times"]
    parts = []
    for index in sorted(range(len(times)), key=lambda i: times[i], reverse=True)[:count]:
        came = []
        if result["rows_came"][index]:
            came.append(f"a page of {result['rows_came'][index]} rows")
        if result["words_came"][index]:
            count = result["words_came"][index]
            came.append(f"words for {count} row{'' if count == 1 else 's'}")
        parts.append(f"{ms(times[index])} (key {index + 1}{': ' if came else ''}{', '.join(came)})")
    return ", ".join(parts)


def _collections(result: dict[str, Any]) -> str:
    """The full collections of the garbage collector during the keys, and how long they took."""
    pauses: list[float] = result["gc2"]
    if not pauses:
        return "no full garbage collection meanwhile"
    return f"{len(pauses)} full garbage collections meanwhile, {ms(min(pauses))}–{ms(max(pauses))}"


def _keys(options: Options, url: str) -> list[Row]:
    name = "key → frame, j ×200 from the top"
    got: dict[bool, dict[str, Any]] = {}
    rows: list[Row] = []
    for words in (False, True):
        args = ["keys", "--url", url] + ([] if words else ["--no-words"])
        try:
            got[words] = run_child("bench.inbox_child", args, timeout=300)
        except RuntimeError as error:
            rows.append(Row(SECTION, f"{name} (words {words})", "", str(error)[:120], False))
    if False in got:
        times: list[float] = got[False]["times"]
        rows.append(
            Row(
                SECTION,
                f"floor: {name}, words off: median / p99",
                "",
                f"{ms(median(times))} / {ms(percentile(times, 99))}",
                None,
                f"n={len(times)}; slowest {_slowest(got[False])}; {_collections(got[False])}",
            )
        )
    if True in got:
        result = got[True]
        times = result["times"]
        p99 = percentile(times, 99)
        rows += [
            Row(SECTION, f"{name} while words arrive: median", "", ms(median(times)), None),
            Row(
                SECTION,
                f"{name} while words arrive: p99",
                f"≤ {ms(KEY_TARGET)}",
                ms(p99),
                p99 <= KEY_TARGET,
                f"n={len(times)}; {result['words_during']} rows' words arrived meanwhile, "
                f"{result['loaded']} rows loaded at the end; slowest {_slowest(result)}; "
                f"{_collections(result)}",
            ),
        ]
    return rows


def _memory(options: Options, url: str) -> list[Row]:
    got: dict[bool, dict[str, Any]] = {}
    rows: list[Row] = []
    for words in (False, True):
        args = ["memory", "--url", url] + ([] if words else ["--no-words"])
        try:
            got[words] = run_child("bench.inbox_child", args, timeout=400)
        except RuntimeError as error:
            rows.append(Row(SECTION, f"peak RSS (words {words})", "", str(error)[:120], False))
    if False in got:
        floor = got[False]
        rows.append(
            Row(
                SECTION,
                f"floor: peak RSS, all {CONVERSATIONS:,} loaded (L), at the end (G), words off",
                "",
                f"{floor['rss_mb']:.0f} MB",
                None,
                f"{floor['loaded']:,} loaded in {floor['loaded_in']:.1f} s; "
                f"{floor['rss_now_mb']:.0f} MB resident at the end",
            )
        )
    if True in got:
        mine = got[True]
        extra = f"; +{mine['rss_mb'] - got[False]['rss_mb']:.1f} MB over it" if False in got else ""
        rows.append(
            Row(
                SECTION,
                f"peak RSS, all {CONVERSATIONS:,} loaded (L), at the end (G), with words",
                f"≤ {MEMORY_TARGET_MB:.0f} MB",
                f"{mine['rss_mb']:.0f} MB",
                mine["rss_mb"] <= MEMORY_TARGET_MB,
                f"{mine['loaded']:,} loaded in {mine['loaded_in']:.1f} s, {mine['asked']} rows' "
                f"words asked{extra}; {mine['rss_now_mb']:.0f} MB resident at the end",
            )
        )
    return rows


def _fill_cache(url: str, tmp: Path, cache: Path) -> bool:
    """Start lemtui online once, let it store the inbox's first page, quit with `q`."""
    term = PtyProcess(_lemtui(url), env=_env(tmp, cache), cols=COLS, rows=LINES, cwd=ROOT)
    try:
        if term.wait_for_text(ROWS_FRAME, timeout=30) is None:
            return False
        term.read_for(1.0)
        term.press(b"q")
        return term.finish() == 0 and any((cache / "lemtui").glob("cache-*"))
    finally:
        term.close()


def _time_to(argv: list[str], markers: tuple[str, ...], env: dict[str, str]) -> float | None:
    term = PtyProcess(argv, env=env, cols=COLS, rows=LINES, cwd=ROOT)
    try:
        return term.wait_for_text(markers, timeout=30)
    finally:
        term.close()


def _cached(options: Options, server: FakeServer) -> list[Row]:
    rounds = 7 if options.quick else 15
    times: dict[str, list[float | None]] = {"bare": [], "loading": [], "cached": []}
    fake: Any = server.app
    with tempfile.TemporaryDirectory(prefix="lemtui-bench-inbox-") as tmp:
        tmp_path = Path(tmp)
        cache = tmp_path / "cache"
        if not _fill_cache(server.url, tmp_path, cache):
            return [Row(SECTION, "cached first frame", "", "the cache was not filled", False)]
        env = _env(tmp_path, cache)
        cases = {
            "bare": ([PYTHON, "-m", "bench.bare_app"], BARE_FRAME),
            "loading": ([*_lemtui(server.url), "--no-cache"], LOADING_FRAME),
            "cached": (_lemtui(server.url), ROWS_FRAME),
        }
        latency = fake.latency
        fake.set_latency(SLOW)
        try:
            for argv, markers in cases.values():  # warm the page cache
                _time_to(argv, markers, env)
            for _ in range(rounds):
                for name, (argv, markers) in cases.items():
                    times[name].append(_time_to(argv, markers, env))
        finally:
            fake.set_latency(latency)

    def ratios(name: str) -> list[float]:
        return [
            mine / floor
            for mine, floor in zip(times[name], times["bare"], strict=True)
            if mine is not None and floor is not None
        ]

    drawn = {
        name: [value for value in values if value is not None] for name, values in times.items()
    }
    cached, loading = ratios("cached"), ratios("loading")
    if not cached or not drawn["bare"]:
        return [Row(SECTION, "cached first frame", "", "never drawn", False)]
    ratio = median(cached)
    loading_note = (
        f"; the inbox's own first frame without a cache ('Loading…') {median(loading):.2f}× "
        f"({ms(median(drawn['loading']))})"
        if loading
        else ""
    )
    return [
        Row(
            SECTION,
            f"floor: a bare Textual app, process start → first frame ({COLS}×{LINES})",
            "",
            ms(median(drawn["bare"])),
            None,
            f"median of {len(drawn['bare'])}, min {ms(min(drawn['bare']))}",
        ),
        Row(
            SECTION,
            f"cached inbox's first rows (lemlist answering after {SLOW:.0f} s) vs the bare app",
            f"≤ {CACHED_TARGET:.2f}×",
            f"{ratio:.2f}×",
            ratio <= CACHED_TARGET,
            f"median of {len(cached)} rounds' ratios, {min(cached):.2f}–{max(cached):.2f}; "
            f"cached rows at {ms(median(drawn['cached']))} (median), min "
            f"{ms(min(drawn['cached']))}{loading_note}",
        ),
    ]


def run(options: Options, servers: Servers) -> list[Row]:
    """Every inbox figure, over a fake of its own (the shared fakes hold other data)."""
    del servers
    for package in ("lemtui", "bench"):  # as pip would have: no figure pays for compiling
        compileall.compile_dir(str(ROOT / package), quiet=1)
    with serve_inbox(options.latency) as server:
        rows = _first_rows(options, server.url)
        rows += _keys(options, server.url)
        rows += _memory(options, server.url)
        rows += _cached(options, server)
    return rows
