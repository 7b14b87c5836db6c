"""Benchmark 5 — HTML to text: `lemtui.mail.render.render_body` on typical, big and hostile bodies.

Each input is converted in this process `reps` times after one warm-up call; the figure is the
median wall time (`time.perf_counter`). Beside it, where `w3m` is installed, the median of
`w3m -dump -T text/html -cols 100 FILE` (process start included, so a few ms of it are exec
cost, not parsing). No network: the inputs are built here or taken from the demo data.

Then every message of the reading corpus (`tests/corpus/mail`), rendered as the reader does
(with its earlier messages as history), against `w3m -dump` on the same message in the same
run. Basis of the comparison: w3m's figure is a whole process (start, parse, layout, exit),
as a user would run it; its start alone (an empty file) is given so it can be subtracted.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import PYTHON, ROOT, Options, Row, median, ms
from lemtui.demo.data import NEWSLETTER_CONTACT_ID, SAMPLE_CONTACT_ID, demo_conversation

SECTION = "5. Render"


def _typical() -> str:
    for message in demo_conversation(SAMPLE_CONTACT_ID) or []:
        if message.get("type") == "emailsReplied":
            return str(message["message"])
    raise RuntimeError("the doc sample has no reply")


def _newsletter() -> str:
    bodies = [str(m.get("message") or "") for m in demo_conversation(NEWSLETTER_CONTACT_ID) or []]
    return max(bodies, key=len)


def _single_line_2mb() -> str:
    unit = 'Lorem <b>ipsum</b> dolor sit <a href="https://example.com/x">amet</a>, consectetur. '
    body = "<div>" + unit * (2_000_000 // len(unit) + 1)
    return body[:2_000_000]


def _nested_divs() -> str:
    return "<div>" * 5_000 + "deep text" + "</div>" * 5_000


def _nested_lists() -> str:
    return "<ul><li>" * 8_000 + "deep item" + "</li></ul>" * 8_000


def _nested_tables() -> str:
    return "<table><tr><td>" * 50 + "cell" + "</td></tr></table>" * 50


def _unclosed_style() -> str:
    return "<html><head><style>body { color: red; }\n" + "plain words here " * 60_000


# name, builder, target seconds, repetitions (normal, quick)
CASES: list[tuple[str, Callable[[], str], float, tuple[int, int]]] = [
    ("typical Gmail reply (doc sample)", _typical, 0.002, (300, 50)),
    ("300 KB newsletter (demo)", _newsletter, 0.050, (15, 5)),
    ("2 MB single line", _single_line_2mb, 1.0, (5, 2)),
    ("5,000 nested <div>", _nested_divs, 1.0, (7, 3)),
    ("8,000 nested <ul>", _nested_lists, 1.0, (7, 3)),
    ("tables nested 50 deep", _nested_tables, 1.0, (15, 5)),
    ("unclosed <style> + 1 MB text", _unclosed_style, 1.0, (5, 2)),
]


def _time_render(body: str, reps: int) -> float:
    from lemtui.mail.render import render_body

    render_body(body, is_html=True)  # warm-up: regex compilation, imports
    times: list[float] = []
    for _ in range(reps):
        start = time.perf_counter()
        render_body(body, is_html=True)
        times.append(time.perf_counter() - start)
    return median(times)


def _time_w3m(w3m: str, body: str, reps: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "body.html"
        path.write_text(body, encoding="utf-8")
        times: list[float] = []
        for _ in range(max(1, min(reps, 5))):
            start = time.perf_counter()
            try:
                subprocess.run(
                    [w3m, "-dump", "-T", "text/html", "-cols", "100", str(path)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=30,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return "> 30 s"
            times.append(time.perf_counter() - start)
        return ms(median(times))


def _w3m_seconds(w3m: str, path: Path, reps: int) -> float:
    times: list[float] = []
    for _ in range(reps):
        start = time.perf_counter()
        subprocess.run(
            [w3m, "-dump", "-T", "text/html", "-cols", "100", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
        times.append(time.perf_counter() - start)
    return median(times)


def run_corpus(options: Options) -> list[Row]:
    """One row per corpus message: `render_body` (with history) against `w3m -dump` on it."""
    from lemtui.lemlist.messages import looks_like_html
    from lemtui.mail.render import render_body
    from tests.support.corpus import load

    w3m = shutil.which("w3m")
    corpus = load()
    reps = 5 if options.quick else 30
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.html"
        empty.write_text("", encoding="utf-8")
        start_cost = _w3m_seconds(w3m, empty, reps) if w3m else 0.0
        for entry in corpus.entries:
            is_html = looks_like_html(entry.body)
            history = [earlier.body for earlier in reversed(corpus.earlier(entry))]
            render_body(entry.body, is_html=is_html, history=history)  # warm-up
            times: list[float] = []
            for _ in range(reps):
                started = time.perf_counter()
                render_body(entry.body, is_html=is_html, history=history)
                times.append(time.perf_counter() - started)
            seconds = median(times)
            size = f"{len(entry.body.encode()) / 1000:,.1f} KB"
            if not w3m:
                rows.append(
                    Row(
                        SECTION,
                        f"corpus {entry.name} ({size})",
                        "≤ w3m",
                        ms(seconds),
                        True,
                        "w3m not installed",
                    )
                )
                continue
            path = Path(tmp) / "body.html"
            path.write_text(entry.body, encoding="utf-8")
            theirs = _w3m_seconds(w3m, path, reps)
            rows.append(
                Row(
                    SECTION,
                    f"corpus {entry.name} ({size})",
                    "≤ w3m -dump",
                    ms(seconds),
                    seconds <= theirs,
                    f"w3m -dump: {ms(theirs)} (its process start alone: {ms(start_cost)});"
                    f" median of {reps}",
                )
            )
    return rows


FILING_COMMIT = "a63cf60"
"""The last commit before issue 23's first change (b40d6a5^): the renderer "today" meant."""
SLOWER_THAN_NOISE = 0.05
"""A message counts as slower when its fastest time is over its old one by more than this
share: two runs of the same renderer differ by up to ~3 % per message on a shared machine."""


def _corpus_entries(path: Path) -> int:
    """Writes the top-level corpus, with each message's history as the reader passes it."""
    from lemtui.lemlist.messages import looks_like_html
    from tests.support.corpus import load

    corpus = load()
    entries = [
        {
            "name": entry.name,
            "body": entry.body,
            "html": looks_like_html(entry.body),
            "history": [earlier.body for earlier in reversed(corpus.earlier(entry))],
        }
        for entry in corpus.entries
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    return len(entries)


def _time_tree(entries: Path, root: Path, reps: int) -> dict[str, float]:
    """Fastest render time per message, with `root`'s `lemtui` (a child process)."""
    child = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "render_child.py"), str(entries), str(root), str(reps)],
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    result = json.loads(child.stdout or "{}") if child.stdout.startswith("{") else {}
    if child.returncode or "error" in result or not result:
        raise RuntimeError(result.get("error") or child.stderr.strip()[-300:] or "no output")
    return {name: float(seconds) for name, seconds in result.items()}


def run_against_filing(options: Options) -> list[Row]:
    """Issue 23: no corpus message renders slower than with the renderer of its filing.

    The renderer of `FILING_COMMIT` is extracted from git into a temporary folder; it and
    today's render the top-level corpus (with history) in child processes, alternating, and
    each message keeps its fastest time over every round.
    """
    name = f"corpus messages slower than at issue 23's filing ({FILING_COMMIT})"
    target = f"0 (by > {SLOWER_THAN_NOISE:.0%})"
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        return [Row(SECTION, name, target, "not measured: no git history here", False)]
    with tempfile.TemporaryDirectory() as tmp:
        then_root = Path(tmp) / "then"
        archive = subprocess.run(
            [git, "-C", str(ROOT), "archive", FILING_COMMIT, "lemtui"],
            capture_output=True,
            check=False,
        )
        if archive.returncode:
            return [Row(SECTION, name, target, f"not measured: {FILING_COMMIT} not here", False)]
        then_root.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(then_root, filter="data")
        entries = Path(tmp) / "entries.json"
        count = _corpus_entries(entries)
        rounds, reps = (2, 3) if options.quick else (4, 10)
        then: dict[str, float] = {}
        now: dict[str, float] = {}
        try:
            for _ in range(rounds):
                for root, into in ((then_root, then), (ROOT, now)):
                    for key, seconds in _time_tree(entries, root, reps).items():
                        into[key] = min(into.get(key, seconds), seconds)
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
            return [Row(SECTION, name, target, f"not measured: {error}", False)]
    ratios = {key: now[key] / then[key] for key in now if key in then and then[key] > 0}
    slower = sorted(
        (key for key in ratios if ratios[key] > 1 + SLOWER_THAN_NOISE), key=lambda key: ratios[key]
    )
    worst = ", ".join(f"{key} {ratios[key]:.2f}×" for key in reversed(slower[-3:]))
    at_all = sum(1 for ratio in ratios.values() if ratio > 1)
    return [
        Row(
            SECTION,
            "corpus, all top-level messages: today / at issue 23's filing",
            "—",
            f"{ms(sum(now.values()))} / {ms(sum(then.values()))}",
            None,
            f"median ratio {median(list(ratios.values())):.2f}×; fastest of {rounds}×{reps} runs"
            " per message, the two renderers alternating",
        ),
        Row(
            SECTION,
            name,
            target,
            f"{len(slower)} of {count}",
            not slower and len(ratios) == count,
            (f"slowest: {worst}; " if slower else "") + f"slower at all (noise included): {at_all}",
        ),
    ]


def run(options: Options) -> list[Row]:
    """One row per input: median `render_body` time against its target, w3m beside it."""
    w3m = shutil.which("w3m")
    rows: list[Row] = []
    for name, build, target, (normal, quick) in CASES:
        body = build()
        reps = quick if options.quick else normal
        try:
            seconds = _time_render(body, reps)
        except ImportError as error:
            rows.append(Row(SECTION, name, f"≤ {ms(target)}", f"not measured ({error})", False))
            continue
        beside = _time_w3m(w3m, body, reps) if w3m else "w3m not installed"
        size = f"{len(body.encode()) / 1000:,.0f} KB"
        rows.append(
            Row(
                SECTION,
                f"{name} ({size})",
                f"≤ {ms(target)}",
                ms(seconds),
                seconds <= target,
                f"w3m -dump: {beside}; median of {reps}",
            )
        )
    return rows + run_corpus(options) + run_against_filing(options)
