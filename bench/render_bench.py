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

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Options, Row, median, ms
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
    return rows + run_corpus(options)
