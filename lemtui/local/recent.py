"""Recently opened contacts, kept in a small JSON file. No UI.

Most recent first, at most `MAX_RECENT`, no duplicates. A missing or corrupt file is an empty
list (never an error, even JSON nested too deep to parse), and so is one larger than
`MAX_FILE_BYTES` or not a regular file (a planted FIFO or device): reading it never blocks and
never takes more than that in memory. Writes are atomic so a crash cannot leave half a file
behind. Without a directory (no home directory to put it in) the
list is always empty and nothing is saved.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Final

from lemtui.lemlist.errors import InvalidContactIdError
from lemtui.lemlist.ids import normalize_contact_id

__all__ = ["MAX_RECENT", "RecentContacts"]

MAX_RECENT: Final = 20
FILE_NAME: Final = "recent.json"
MAX_FILE_BYTES: Final = 64 * 1024
"""Past this the file is taken as damaged: twenty contact IDs take about 1 KB."""


class RecentContacts:
    """The recent-contacts file in `directory` (the app passes `lemtui.local.config.state_dir()`).

    `directory` None turns the feature off: `load` is empty and `add` saves nothing.
    """

    def __init__(self, directory: Path | None, *, limit: int = MAX_RECENT) -> None:
        self.path = directory / FILE_NAME if directory is not None else None
        self.limit = limit

    def load(self) -> list[str]:
        """The recent contact IDs, most recent first; [] when the file is missing or unusable."""
        if self.path is None:
            return []
        try:
            data = json.loads(_read_capped(self.path, MAX_FILE_BYTES))
        except (OSError, ValueError, RecursionError):  # deep nesting: RecursionError
            return []
        items = data.get("contacts") if isinstance(data, dict) else data
        if not isinstance(items, list):
            return []
        result: list[str] = []
        for item in items:
            if not isinstance(item, str):
                continue
            try:
                contact = normalize_contact_id(item)
            except InvalidContactIdError:
                continue
            if contact not in result:
                result.append(contact)
        return result[: self.limit]

    def add(self, contact_id: str) -> list[str]:
        """Put `contact_id` first and save; returns the new list.

        Saving is best effort: a read-only home must not stop anyone reading their inbox.
        """
        contacts = [contact_id, *(c for c in self.load() if c != contact_id)][: self.limit]
        if self.path is not None:
            with contextlib.suppress(OSError):
                self._write(self.path, contacts)
        return contacts

    @staticmethod
    def _write(path: Path, contacts: list[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=".recent-", suffix=".tmp", text=True
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"contacts": contacts}, handle, indent=1)
                handle.write("\n")
            os.replace(temp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise


def _read_capped(path: Path, limit: int) -> str:
    """`path`'s text; `ValueError` when it is larger than `limit` bytes or not a regular file.

    Opened without blocking (a FIFO planted in its place must not hang the app) and read to
    `limit` + 1 bytes at most, whatever size the file claims or grows to meanwhile.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError(f"{path} is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path} is larger than {limit} bytes")
    return data.decode("utf-8")
