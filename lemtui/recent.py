"""Recently opened contacts, kept in a small JSON file. No UI.

Most recent first, at most `MAX_RECENT`, no duplicates. A missing or corrupt file is an empty
list (never an error), and writes are atomic so a crash cannot leave half a file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Final

from lemtui.api import InvalidContactIdError, normalize_contact_id

__all__ = ["MAX_RECENT", "RecentContacts"]

MAX_RECENT: Final = 20
FILE_NAME: Final = "recent.json"


class RecentContacts:
    """The recent-contacts file in `directory` (the app passes `lemtui.config.state_dir()`)."""

    def __init__(self, directory: Path, *, limit: int = MAX_RECENT) -> None:
        self.path = directory / FILE_NAME
        self.limit = limit

    def load(self) -> list[str]:
        """The recent contact IDs, most recent first; [] when the file is missing or unusable."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
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
        with contextlib.suppress(OSError):
            self._write(contacts)
        return contacts

    def _write(self, contacts: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(
            dir=self.path.parent, prefix=".recent-", suffix=".tmp", text=True
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"contacts": contacts}, handle, indent=1)
                handle.write("\n")
            os.replace(temp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
