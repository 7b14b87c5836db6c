"""One reply edited by one lemtui at a time: an advisory lock beside the draft. No UI.

Two lemtui instances answering the same message would share one draft file, and the last to
save would silently win. `DraftLock.take` holds an exclusive `flock` on a hidden lock file next
to the draft (`.<key>.lock`, 0600) for as long as the reply's screens are open; a second
instance is told the reply is being edited elsewhere. The lock dies with the process, so a
crash never leaves a reply locked. The file is removed on release; a taker checks that the file
it locked is still the one at that path (else another instance removed it meanwhile) and tries
again, so two instances can never both hold it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

__all__ = ["DraftBusyError", "DraftLock"]


class DraftBusyError(Exception):
    """Another process holds the lock: the reply is being edited elsewhere."""


class DraftLock:
    """An exclusive lock on one draft, held until `release` (or the process ends)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def take(cls, path: Path) -> DraftLock:
        """Lock `path` (created 0600 if needed) without waiting.

        Raises:
            DraftBusyError: another process holds it.
            OSError: the lock file cannot be created or opened.
        """
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        for _ in range(20):
            fd = os.open(path, flags, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise DraftBusyError(str(path)) from None
            except OSError:
                os.close(fd)
                raise
            try:
                same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return cls(path, fd)
            os.close(fd)  # removed by its last holder between our open and our lock: again
        raise DraftBusyError(str(path))

    @property
    def held(self) -> bool:
        """True until `release`."""
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file and let go (twice is harmless)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None
