"""Benchmark 6 — `lemtui --print` of a whole 10,000-message conversation over HTTP.

Runs the real console script (`.venv/bin/lemtui --print ctc_Bench10000 --base-url …`, page size
100, the default for --print) against the fake API with the configured latency and the service's
rate limit of 20 requests per 2 s, stdout to a file. Wall time is from process start to exit;
requests are counted on the fake server (`FakeLemlist.requests`). The floor is what the rate
limit and the latency alone allow the way lemtui pages (`LemlistClient.iter_pages`): the first
request alone (its answer says how many pages there are), then up to `READ_AHEAD` at once; no
request starts before 2 s after the 20th before it started. It counts neither the process's
start nor the conversion of the last page, which are lemtui's to make small.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import LEMTUI, Options, Row, Servers, bench_contact, child_env, ms
from lemtui.lemlist.client import READ_AHEAD
from tests.support.server import FakeServer

SECTION = "6. Full conversation (--print)"
SIZE = 10_000
PAGE = 100


def floor_seconds(
    requests: int,
    latency: float,
    limit: int = 20,
    window: float = 2.0,
    ahead: int = READ_AHEAD,
) -> float:
    """The least time `requests` requests need under the latency and the rate limit, the first
    alone and then at most `ahead` in flight (`ahead=1`: each waiting for the last)."""
    starts: list[float] = []
    ends: list[float] = []
    for k in range(requests):
        start = ends[0] if k else 0.0  # the first answer plans the rest
        if k > ahead:
            start = max(start, sorted(ends[1:])[k - 1 - ahead])  # a slot of the `ahead` frees
        if k >= limit:
            start = max(start, starts[k - limit] + window)
        starts.append(start)
        ends.append(start + latency)
    return max(ends)


FAR_LATENCY = 0.150
"""A far-away service's latency, for the row that shows what asking ahead is for."""


@dataclass(slots=True)
class _Run:
    """One `--print` run: its wall time, what the fake saw, and what was written."""

    wall: float
    returncode: int
    error: str
    sent: int
    first_request: float
    """Seconds from the process's start to the first request's arrival."""
    last_request: float
    size: int
    messages: int


def _print_once(server: FakeServer, contact: str, tmp_path: Path) -> _Run:
    time.sleep(2.1)  # whatever ran before leaves the fake's rate-limit window empty
    before = len(server.app.requests)
    out = tmp_path / "print.txt"
    with out.open("wb") as stdout:
        start = time.monotonic()
        proc = subprocess.run(
            [LEMTUI, "--print", contact, "--base-url", server.url],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=child_env(tmp_path),
            timeout=180,
            check=False,
        )
        wall = time.monotonic() - start
    arrivals = [
        r.time - start for r in server.app.requests[before:] if r.path.rstrip("/").endswith(contact)
    ]
    text = out.read_text(encoding="utf-8", errors="replace")
    return _Run(
        wall=wall,
        returncode=proc.returncode,
        error=proc.stderr.decode(errors="replace").strip()[-200:],
        sent=len(arrivals),
        first_request=min(arrivals, default=0.0),
        last_request=max(arrivals, default=0.0),
        size=out.stat().st_size,
        messages=text.count("\nSubject:  "),
    )


def run(options: Options, servers: Servers) -> list[Row]:
    """Wall time and request count of `--print` of 10,000 messages, against the floor; then
    the same from a far-away service (150 ms), against paging one request at a time."""
    contact = bench_contact(SIZE)
    server = servers.real
    needed = math.ceil(SIZE / PAGE)
    floor = floor_seconds(needed, options.latency)
    with tempfile.TemporaryDirectory() as tmp:
        near = _print_once(server, contact, Path(tmp))
        server.app.set_latency(FAR_LATENCY)
        try:
            far = _print_once(server, contact, Path(tmp))
        finally:
            server.app.set_latency(options.latency)
    if near.returncode != 0:
        return [Row(SECTION, "--print 10,000 messages", "", f"failed: {near.error}", False)]
    target = floor * 1.05
    rows = [
        Row(
            SECTION,
            "floor: what the limiter allows (20 requests per 2 s; the first alone, then "
            f"{READ_AHEAD} at once)",
            "",
            f"{floor:.2f} s",
            None,
            f"{needed} requests of {PAGE}, {ms(options.latency)} latency each; "
            f"{floor_seconds(needed, options.latency, ahead=1):.2f} s one at a time",
        ),
        Row(
            SECTION,
            "--print 10,000 messages: wall time vs the floor",
            "≤ 1.05×",
            f"{near.wall / floor:.3f}×",
            near.wall <= target,
            f"{near.wall:.2f} s against {floor:.2f} s; {near.size / 1e6:.1f} MB written, "
            f"{near.messages:,} messages",
        ),
        Row(
            SECTION,
            "--print 10,000 messages: requests",
            f"= {needed} (page size {PAGE})",
            str(near.sent),
            near.sent == needed,
            "each request over the count is a retry after a 429",
        ),
        Row(
            SECTION,
            "--print 10,000 messages: where the time goes",
            "",
            f"{near.first_request:.2f} s + {near.last_request - near.first_request:.2f} s + "
            f"{near.wall - near.last_request:.2f} s",
            None,
            "process start → first request; first → last request; last request → exit "
            "(the last pages' conversion and writing)",
        ),
    ]
    if far.returncode == 0:
        far_floor = floor_seconds(needed, FAR_LATENCY)
        one_by_one = floor_seconds(needed, FAR_LATENCY, ahead=1)
        rows.append(
            Row(
                SECTION,
                f"--print 10,000 messages from a far service ({ms(FAR_LATENCY)} latency)",
                "",
                f"{far.wall:.2f} s",
                None,
                f"floor {far_floor:.2f} s asking {READ_AHEAD} at once "
                f"({far.wall / far_floor:.2f}×); "
                f"paging one request at a time could not beat {one_by_one:.2f} s; "
                f"{far.sent} requests",
            )
        )
    return rows
