"""`python -m bench` (`make bench`): every benchmark, a table on stdout and in bench/results.md.

Figures only, never asserts: a missed target is a MISS row, not a failure. Everything runs
against the built-in fake API on 127.0.0.1 (no network). Options: `--latency MS` added to every
request (default 50), `--quick` for fewer repetitions, `--only NAME` (repeatable) to run some.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import (
    cache_bench,
    inbox_bench,
    output_bytes,
    print_bench,
    render_bench,
    startup,
    ui_bench,
)
from bench.common import Options, Row, Servers, machine, serve

RESULTS = Path(__file__).resolve().parent / "results.md"
ANALYSIS = Path(__file__).resolve().parent / "analysis.md"
"""Hand-written: what was fixed and what remains, appended to every results file."""

# name → (what it measures, function). Those taking servers get the fakes over HTTP.
NEEDS_SERVER: dict[str, Callable[[Options, Servers], list[Row]]] = {
    "startup": startup.run,
    "open": ui_bench.run_open,
    "scroll": ui_bench.run_scroll,
    "memory": ui_bench.run_memory,
    "print": print_bench.run,
    "bytes": output_bytes.run,
    "cache": cache_bench.run,
    "inbox": inbox_bench.run,
}
STANDALONE: dict[str, Callable[[Options], list[Row]]] = {"render": render_bench.run}
ORDER = ["startup", "open", "scroll", "memory", "render", "print", "bytes", "cache", "inbox"]


def _parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--latency", type=float, default=50.0, metavar="MS")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", action="append", choices=ORDER, metavar="NAME", default=[])
    args = parser.parse_args(argv)
    return Options(latency_ms=args.latency, quick=args.quick, only=set(args.only))


def _table(rows: list[Row]) -> list[str]:
    header = ["Benchmark", "Figure", "Target", "Measured", "Result", "Notes"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [row.section, row.name, row.target, row.measured, row.verdict, row.note]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return lines


def _print_rows(rows: list[Row]) -> None:
    for row in rows:
        print(f"  {row.verdict:4}  {row.name}: {row.measured}  [{row.target}]  {row.note}")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks, print their rows as they come, write results.md."""
    options = _parse(argv)
    selected = [name for name in ORDER if not options.only or name in options.only]
    info = machine()
    print(
        f"lemtui bench — {info['date']} — nproc {info['nproc']}, Python {info['python']}, "
        f"Textual {info['textual']}; latency {options.latency_ms:g} ms"
        + (" (quick)" if options.quick else "")
    )
    rows: list[Row] = []
    started = time.perf_counter()
    with serve(options.latency) as servers:
        for name in selected:
            print(f"\n[{name}]", flush=True)
            t0 = time.perf_counter()
            try:
                if name in STANDALONE:
                    new = STANDALONE[name](options)
                else:
                    new = NEEDS_SERVER[name](options, servers)
            except Exception as error:  # one broken benchmark must not hide the others
                traceback.print_exc()
                new = [
                    Row(name, "(benchmark failed)", "", f"{type(error).__name__}: {error}", False)
                ]
            _print_rows(new)
            print(f"  ({time.perf_counter() - t0:.0f} s)", flush=True)
            rows.extend(new)
    total = time.perf_counter() - started
    misses = sum(1 for row in rows if row.ok is False)
    lines = [
        "# lemtui benchmarks",
        "",
        f"- Date: {info['date']}",
        f"- Machine: nproc {info['nproc']}, Python {info['python']}, Textual {info['textual']}, "
        f"{info['platform']}",
        f"- Added latency per request: {options.latency_ms:g} ms; "
        f"{'quick' if options.quick else 'full'} run of {', '.join(selected)} in {total:.0f} s",
        f"- {len(rows)} figures, {misses} missed",
        "",
        *_table(rows),
        "",
        "Produced by `make bench` (`python -m bench`); how each figure is measured is in the "
        "docstring of its module in `bench/`.",
        "",
    ]
    if ANALYSIS.exists():
        lines += [ANALYSIS.read_text("utf-8").rstrip(), ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n" + "\n".join(_table(rows)))
    print(f"\n{misses} of {len(rows)} figures missed their target; written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
