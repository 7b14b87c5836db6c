"""A command on a fresh pseudo-terminal, read from the master side (tests and benchmarks).

Everything the child writes is kept in `output`, so a test can search the raw bytes (for
escape sequences that must never appear) or the visible text (`strip_escapes`). Every wait is
bounded: `budget` seconds for the whole session, after which the child is killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

__all__ = ["PtyProcess", "strip_escapes"]

_ESCAPES: Final = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|.)"
)


def strip_escapes(data: bytes) -> str:
    """Terminal output with control sequences removed, for finding text in it."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


def _make_controlling_tty() -> None:
    with contextlib.suppress(OSError):
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProcess:
    """`argv` on a fresh pseudo-terminal of `cols`×`rows`; all it writes is kept in `output`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cols: int = 100,
        rows: int = 40,
        cwd: Path | None = None,
        budget: float = 600.0,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        self.started = time.perf_counter()
        self.deadline = time.monotonic() + budget
        self.proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_make_controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.closed = False
        """True once the child closed its side (EOF)."""

    def _left(self, limit: float) -> float:
        return max(0.0, min(limit, self.deadline - time.monotonic()))

    def _read(self, timeout: float) -> bytes | None:
        """What arrives within `timeout` (b"" for nothing); None at EOF."""
        if self.closed:
            return None
        ready, _, _ = select.select([self.master], [], [], self._left(timeout))
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed its side
            chunk = b""
        if not chunk:
            self.closed = True
            return None
        self.output += chunk
        return chunk

    @property
    def text(self) -> str:
        """Everything written so far, escapes stripped."""
        return strip_escapes(bytes(self.output))

    def read_for(self, seconds: float) -> bytes:
        """Whatever arrives within `seconds`."""
        got = bytearray()
        deadline = time.monotonic() + self._left(seconds)
        while (left := deadline - time.monotonic()) > 0:
            chunk = self._read(left)
            if chunk is None:
                break
            got += chunk
        return bytes(got)

    def wait_for_text(self, text: str | Sequence[str], timeout: float) -> float | None:
        """Seconds from start until `text` (every one of them) shows; None if it never did."""
        wanted = [text] if isinstance(text, str) else list(text)
        deadline = time.monotonic() + self._left(timeout)
        while True:
            plain = self.text
            if all(item in plain for item in wanted):
                return time.perf_counter() - self.started
            left = deadline - time.monotonic()
            if left <= 0 or self._read(left) is None:
                plain = self.text
                if all(item in plain for item in wanted):
                    return time.perf_counter() - self.started
                return None

    def settle(self, quiet: float = 0.3, timeout: float = 20.0) -> int:
        """Read until nothing arrives for `quiet` seconds; returns the bytes read meanwhile."""
        total = 0
        deadline = time.monotonic() + self._left(timeout)
        while time.monotonic() < deadline:
            chunk = self._read(quiet)
            if not chunk:
                return total
            total += len(chunk)
        return total

    def key_bytes(self, key: bytes, quiet: float = 0.3) -> int:
        """Send `key` once the screen is quiet; bytes written in reply until quiet again."""
        self.settle(quiet)
        return self.press(key, quiet)

    def press(self, key: bytes, quiet: float = 0.25) -> int:
        """Send `key` and read until the output is quiet again; the bytes read."""
        if self.closed:
            return 0
        os.write(self.master, key)
        return self.settle(quiet)

    def finish(self) -> int:
        """Read to EOF and reap the child (killed if it outlives the budget); its status."""
        while not self.closed and self._left(1.0) > 0:
            self._read(0.5)
        try:
            return self.proc.wait(timeout=self._left(600.0) + 0.5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
            return -9
        finally:
            with contextlib.suppress(OSError):
                os.close(self.master)

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
