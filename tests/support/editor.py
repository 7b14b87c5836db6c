"""A stand-in for the user's editor: a shell script set as `$EDITOR` that the reply tests drive."""

from __future__ import annotations

from pathlib import Path

import pytest

TYPED = "Merci Victoire,\n\n**Jeudi** me va très bien.\n\nAlex"
"""What the stand-in types unless told otherwise."""


class StandIn:
    """A shell script as `$EDITOR`: it logs each call (the file's mode and path, and what the
    file held), then writes `text` into the file (None: leaves it) and exits `status`."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.script = folder / "stand-in-editor"
        self.typed = folder / "typed.txt"
        self.calls = folder / "calls.log"
        self.seen = folder / "seen"
        self.seen.mkdir()
        self.set(TYPED)
        monkeypatch.setenv("EDITOR", str(self.script))

    def set(self, text: str | None, status: int = 0) -> None:
        write = f'cat "{self.typed}" > "$1"\n' if text is not None else ""
        if text is not None:
            self.typed.write_text(text, "utf-8")
        self.script.write_text(
            "#!/bin/sh\n"
            f'printf "%s %s\\n" "$(stat -c %a "$1")" "$1" >> "{self.calls}"\n'
            f'cat "$1" > "{self.seen}/$(wc -l < "{self.calls}")"\n'
            f"{write}"
            f"exit {status}\n"
        )
        self.script.chmod(0o755)

    @property
    def runs(self) -> list[tuple[str, Path]]:
        """(mode, path) of each call."""
        if not self.calls.exists():
            return []
        lines = self.calls.read_text().splitlines()
        return [(mode, Path(path)) for mode, path in (line.split(" ", 1) for line in lines)]

    def given(self, call: int) -> str:
        """What the file held when call `call` (from 1) began."""
        return (self.seen / str(call)).read_text("utf-8")
