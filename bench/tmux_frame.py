"""First frames as a user over SSH sees them: inside tmux, read back with `capture-pane`.

The pty figures (`bench.startup`) read the program's own output; tmux parses it, keeps its
own copy of the screen and answers the program's terminal queries, which is what most people
reading lemtui over SSH run it in. `TmuxClock` keeps one tmux server (its own socket, a
parked session so the server's start is never counted) and times a program from the moment
its window is asked for to the first `capture-pane` that holds all of a frame's markers,
polled every 5 ms (each poll is a tmux client process: polling faster takes the CPU the
program being timed needs).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

__all__ = ["TmuxClock", "tmux_available"]

_PASSED = (
    "LEMLIST_API_KEY",
    "LEMTUI_CONFIG",
    "XDG_STATE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "PYTHONDONTWRITEBYTECODE",
    "COLORTERM",
)
"""The child's variables handed to each window (tmux sets TERM itself, as it does for SSH)."""


def tmux_available() -> bool:
    """Whether a tmux binary is on PATH."""
    return shutil.which("tmux") is not None


class TmuxClock:
    """One private tmux server for a run of first-frame timings (a context manager)."""

    def __init__(self, size: tuple[int, int] = (100, 30)) -> None:
        self.width, self.height = size
        self._socket = f"lemtui-bench-{os.getpid()}"

    def _tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self._socket, *args], capture_output=True, text=True, check=False
        )

    def __enter__(self) -> TmuxClock:
        size = ("-x", str(self.width), "-y", str(self.height))
        self._tmux("new-session", "-d", "-s", "parked", *size, "sleep 3600")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._tmux("kill-server")

    def time_to(
        self,
        argv: Sequence[str],
        markers: Sequence[str],
        env: Mapping[str, str],
        cwd: Path,
        timeout: float = 20.0,
    ) -> float | None:
        """Seconds from asking for the window to a capture holding every marker (None if
        it never did within `timeout`)."""
        passed = [arg for name in _PASSED if name in env for arg in ("-e", f"{name}={env[name]}")]
        command = shlex.join(argv)
        size = ("-x", str(self.width), "-y", str(self.height))
        started = time.perf_counter()
        self._tmux("new-session", "-d", "-s", "timed", *size, "-c", str(cwd), *passed, command)
        try:
            while time.perf_counter() - started < timeout:
                shown = self._tmux("capture-pane", "-p", "-t", "timed").stdout
                if all(marker in shown for marker in markers):
                    return time.perf_counter() - started
                time.sleep(0.005)
            return None
        finally:
            self._tmux("kill-session", "-t", "timed")
