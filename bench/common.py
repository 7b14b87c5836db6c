"""Shared pieces of the benchmarks: result rows, the fake API over HTTP, big conversations, ptys.

Nothing here measures anything by itself. The fake lemlist API (`lemtui.fake_api.FakeLemlist`)
is served by uvicorn in a thread of the orchestrating process, on 127.0.0.1 only; what is
measured (the app, `lemtui --print`, the memory probes) runs in child processes, so the
server never competes with the measured code for the GIL.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import platform
import re
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import uvicorn

from lemtui.demo_data import (
    LONG_CONTACT_ID,
    MIXED_CONTACT_ID,
    NEWSLETTER_CONTACT_ID,
    QUOTES_CONTACT_ID,
    SAMPLE_CONTACT_ID,
    demo_conversation,
)
from lemtui.fake_api import FakeLemlist

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


class FakeServer:
    """`FakeLemlist` under uvicorn on 127.0.0.1 in a daemon thread; `url` ends in `/api`."""

    def __init__(self, app: FakeLemlist) -> None:
        self.app = app
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            app, lifespan="on", log_level="warning", access_log=False, ws="none"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL the client wants (`--base-url`)."""
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> FakeServer:
        """Start serving; returns once uvicorn is accepting connections."""
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake lemlist server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def inbox_requests(self, contact: str) -> int:
        """How many requests named `contact`'s inbox so far."""
        return sum(1 for r in self.app.requests if r.path.rstrip("/").endswith(contact))


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


# --- pseudo-terminals ----------------------------------------------------------------------

_ESCAPES: Final = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|.)"
)


def strip_escapes(data: bytes) -> str:
    """Terminal output with control sequences removed, for finding text in it."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


class PtyProcess:
    """A command on a fresh pseudo-terminal of `cols`×`rows`, read from the master side."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cols: int = 100,
        rows: int = 40,
        cwd: Path | None = None,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd or ROOT,
            start_new_session=True,
            preexec_fn=_make_controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()

    def read_for(self, seconds: float) -> bytes:
        """Whatever arrives within `seconds`."""
        got = bytearray()
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            chunk = self._read(left)
            if chunk is None:
                break
            got += chunk
        return bytes(got)

    def _read(self, timeout: float) -> bytes | None:
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return None
        if not chunk:
            return None
        self.output += chunk
        return chunk

    def wait_for_text(self, text: str | Sequence[str], timeout: float) -> float | None:
        """Seconds from process start until `text` (every one of them) shows in the output."""
        wanted = [text] if isinstance(text, str) else list(text)
        deadline = time.perf_counter() + timeout
        seen = bytearray(self.output)
        while time.perf_counter() < deadline:
            chunk = self._read(deadline - time.perf_counter())
            if chunk is None:
                return None
            if chunk:
                now = time.perf_counter()
                seen += chunk
                plain = strip_escapes(bytes(seen))
                if all(item in plain for item in wanted):
                    return now - self.started
        return None

    def settle(self, quiet: float = 0.3, timeout: float = 20.0) -> int:
        """Read until nothing arrives for `quiet` seconds; returns the bytes read meanwhile."""
        total = 0
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self._read(quiet)
            if chunk is None or chunk == b"":
                return total
            total += len(chunk)
        return total

    def key_bytes(self, key: bytes, quiet: float = 0.3) -> int:
        """Send `key` once the screen is quiet; bytes written in reply until quiet again."""
        self.settle(quiet)
        os.write(self.master, key)
        return self.settle(quiet)

    def close(self) -> None:
        """End the child (it is ours): SIGTERM, then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=3)
        with contextlib.suppress(OSError):
            os.close(self.master)


def _make_controlling_tty() -> None:
    with contextlib.suppress(OSError):
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)


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
