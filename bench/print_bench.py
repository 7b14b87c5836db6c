"""Benchmark 6 — `lemtui --print` of a whole 10,000-message conversation over HTTP.

Runs the real console script (`.venv/bin/lemtui --print ctc_Bench10000 --base-url …`, page size
100, the default for --print) against the fake API with the configured latency and the service's
rate limit of 20 requests per 2 s, stdout to a file. Wall time is from process start to exit;
requests are counted on the fake server (`FakeLemlist.requests`). The floor is what the rate
limit and the latency alone allow: request k cannot start before request k-1 has answered nor
before 2 s after request k-20 started.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import LEMTUI, Options, Row, Servers, bench_contact, child_env, ms

SECTION = "6. Full conversation (--print)"
SIZE = 10_000
PAGE = 100


def floor_seconds(requests: int, latency: float, limit: int = 20, window: float = 2.0) -> float:
    """The least time `requests` sequential requests need under the latency and the rate limit."""
    starts: list[float] = []
    end = 0.0
    for k in range(requests):
        start = end
        if k >= limit:
            start = max(start, starts[k - limit] + window)
        starts.append(start)
        end = start + latency
    return end


def run(options: Options, servers: Servers) -> list[Row]:
    """Wall time and request count of `--print` of 10,000 messages, against the floor."""
    contact = bench_contact(SIZE)
    server = servers.real
    needed = math.ceil(SIZE / PAGE)
    floor = floor_seconds(needed, options.latency)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        before = server.requests_for(contact)
        out = tmp_path / "print.txt"
        with out.open("wb") as stdout:
            start = time.perf_counter()
            proc = subprocess.run(
                [LEMTUI, "--print", contact, "--base-url", server.url],
                stdout=stdout,
                stderr=subprocess.PIPE,
                env=child_env(tmp_path),
                timeout=180,
                check=False,
            )
            wall = time.perf_counter() - start
        sent = server.requests_for(contact) - before
        size = out.stat().st_size
        messages = out.read_text(encoding="utf-8", errors="replace").count("\nSubject:  ")
    if proc.returncode != 0:
        error = proc.stderr.decode(errors="replace").strip()[-200:]
        return [Row(SECTION, "--print 10,000 messages", "", f"failed: {error}", False)]
    target = floor * 1.05
    return [
        Row(
            SECTION,
            "floor: what the limiter allows (20 requests per 2 s, each waiting for the last)",
            "",
            f"{floor:.2f} s",
            None,
            f"{needed} requests of {PAGE}, {ms(options.latency)} latency each",
        ),
        Row(
            SECTION,
            "--print 10,000 messages: wall time vs the floor",
            "≤ 1.05×",
            f"{wall / floor:.3f}×",
            wall <= target,
            f"{wall:.2f} s against {floor:.2f} s; {size / 1e6:.1f} MB written, "
            f"{messages:,} messages",
        ),
        Row(
            SECTION,
            "--print 10,000 messages: requests",
            f"= {needed} (page size {PAGE})",
            str(sent),
            sent == needed,
            "each request over the count is a retry after a 429",
        ),
    ]
