"""Shared pieces of the benchmarks: result rows, the fake API over HTTP, big conversations, ptys.

Nothing here measures anything by itself. The fake lemlist API (`lemtui.demo.fake_api.FakeLemlist`)
is served by uvicorn in a thread of the orchestrating process, on 127.0.0.1 only; what is
measured (the app, `lemtui --print`, the memory probes) runs in child processes, so the
server never competes with the measured code for the GIL.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from lemtui.demo.data import (
    LONG_CONTACT_ID,
    MIXED_CONTACT_ID,
    NEWSLETTER_CONTACT_ID,
    QUOTES_CONTACT_ID,
    SAMPLE_CONTACT_ID,
    demo_conversation,
)
from lemtui.demo.fake_api import FakeLemlist
from tests.support.pty import PtyProcess, strip_escapes
from tests.support.server import FakeServer

ROOT: Final = Path(__file__).resolve().parent.parent
PYTHON: Final = sys.executable
LEMTUI: Final = str(Path(sys.executable).with_name("lemtui"))
API_KEY: Final = "bench-key"


def first_row_subject(size: int) -> str:
    """Subject of the newest message of a bench conversation: what "first rows" waits for."""
    return f"Quarterly review {size} first row"


SIZES: Final = (100, 1_000, 10_000)


def bench_contact(size: int) -> str:
    """The contact id of the synthetic conversation with `size` messages."""
    return f"ctc_Bench{size}"


# --- results -------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One line of the results table: what, the target, the figure, and whether it is met."""

    section: str
    name: str
    target: str
    measured: str
    ok: bool | None = None
    """True PASS, False MISS, None for context rows that have no target."""
    note: str = ""

    @property
    def verdict(self) -> str:
        """PASS, MISS or an em dash for information rows."""
        if self.ok is None:
            return "—"
        return "PASS" if self.ok else "MISS"


@dataclass(slots=True)
class Options:
    """Command-line options every benchmark sees."""

    latency_ms: float = 50.0
    quick: bool = False
    only: set[str] = field(default_factory=set)

    @property
    def latency(self) -> float:
        """The added latency per request, in seconds."""
        return self.latency_ms / 1000.0


def median(values: Sequence[float]) -> float:
    """The median (0.0 for no values)."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], pct: float) -> float:
    """The `pct` percentile by nearest rank (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def ms(seconds: float) -> str:
    """Seconds as a short millisecond figure."""
    value = seconds * 1000
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "?"
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count() or "?"),
        "python": platform.python_version(),
        "textual": textual,
        "platform": platform.platform(terse=True),
    }


# --- data ----------------------------------------------------------------------------------


def _base_messages() -> list[dict[str, Any]]:
    """Realistic demo messages to repeat: the long thread, quoted replies, the doc sample, mixed.

    The 300 KB newsletter is left out on purpose: one in every few hundred messages would make
    the bodies unrealistically heavy.
    """
    messages: list[dict[str, Any]] = []
    for contact in (LONG_CONTACT_ID, QUOTES_CONTACT_ID, SAMPLE_CONTACT_ID, MIXED_CONTACT_ID):
        messages.extend(demo_conversation(contact) or [])
    return messages


def build_conversation(size: int, contact_id: str | None = None) -> list[dict[str, Any]]:
    """`size` messages, newest first, cycled from the demo with unique ids and falling dates."""
    base = _base_messages()
    contact = contact_id or bench_contact(size)
    start = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
    out: list[dict[str, Any]] = []
    for index in range(size):
        message = copy.copy(base[index % len(base)])
        message["_id"] = f"act_b{size}x{index:06d}"
        message["contactId"] = contact
        when = start - timedelta(minutes=37 * index)
        message["createdAt"] = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if index == 0:
            message["subject"] = first_row_subject(size)
        out.append(message)
    return out


def bench_conversations() -> dict[str, list[dict[str, Any]]]:
    """Every conversation the benchmarks serve: 100/1,000/10,000 messages plus demo contacts."""
    conversations = {bench_contact(size): build_conversation(size) for size in SIZES}
    for contact in (SAMPLE_CONTACT_ID, LONG_CONTACT_ID, NEWSLETTER_CONTACT_ID):
        conversations[contact] = list(demo_conversation(contact) or [])
    return conversations


# --- the fake API over HTTP ----------------------------------------------------------------


@dataclass(slots=True)
class Servers:
    """Two fakes over the same data: `real` has the latency and the 20-per-2 s rate limit,
    `fast` has neither (to load thousands of messages quickly before measuring something else).
    """

    real: FakeServer
    fast: FakeServer


@contextlib.contextmanager
def serve(latency: float) -> Iterator[Servers]:
    """Start both fakes for the duration of the block."""
    conversations = bench_conversations()
    real = FakeServer(FakeLemlist(api_key=API_KEY, conversations=conversations, latency=latency))
    fast = FakeServer(
        FakeLemlist(api_key=API_KEY, conversations=conversations, latency=0.0, rate_limit=1_000_000)
    )
    real.start()
    fast.start()
    try:
        yield Servers(real=real, fast=fast)
    finally:
        real.stop()
        fast.stop()


def child_env(tmp: Path) -> dict[str, str]:
    """Environment for a lemtui child: the bench key, no user config, state in `tmp`."""
    env = dict(os.environ)
    env.update(
        {
            "LEMLIST_API_KEY": API_KEY,
            "LEMTUI_CONFIG": str(tmp / "no-config.toml"),
            "XDG_STATE_HOME": str(tmp / "state"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    for name in ("LEMLIST_BASE_URL", "LEMLIST_USER_ID", "TEXTUAL", "NO_COLOR"):
        env.pop(name, None)
    return env


def run_child(module: str, args: Sequence[str], *, timeout: float = 240) -> dict[str, Any]:
    """Run `python -m module args…` and parse the JSON object it prints last on stdout."""
    proc = subprocess.run(
        [PYTHON, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        raise RuntimeError(f"{module} failed ({proc.returncode}): " + " | ".join(tail))
    result: dict[str, Any] = json.loads(lines[-1])
    return result


__all__ = [
    "API_KEY",
    "LEMTUI",
    "PYTHON",
    "ROOT",
    "SIZES",
    "FakeServer",
    "Options",
    "PtyProcess",
    "Row",
    "Servers",
    "bench_contact",
    "bench_conversations",
    "build_conversation",
    "child_env",
    "first_row_subject",
    "machine",
    "median",
    "ms",
    "percentile",
    "run_child",
    "serve",
    "strip_escapes",
]
