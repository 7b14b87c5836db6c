"""Fixtures for the UI tests: no editor of the machine's, and a stand-in editor on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.editor import StandIn


@pytest.fixture(autouse=True)
def _no_editor_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """`$VISUAL`/`$EDITOR` of whoever runs the tests never decide which editor a reply opens."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    """A stand-in editor as `$EDITOR`, typing `TYPED`."""
    folder = tmp_path / "editor"
    folder.mkdir()
    return StandIn(folder, monkeypatch)
