"""The recent-contacts file."""

from __future__ import annotations

import json
from pathlib import Path

from lemtui.local.recent import MAX_RECENT, RecentContacts


def test_missing_file_is_empty(tmp_path: Path) -> None:
    assert RecentContacts(tmp_path / "nowhere").load() == []


def test_add_puts_first_and_dedupes(tmp_path: Path) -> None:
    recent = RecentContacts(tmp_path)
    recent.add("ctc_a1")
    recent.add("ctc_b2")
    assert recent.add("ctc_a1") == ["ctc_a1", "ctc_b2"]
    assert RecentContacts(tmp_path).load() == ["ctc_a1", "ctc_b2"]


def test_keeps_at_most_the_limit(tmp_path: Path) -> None:
    recent = RecentContacts(tmp_path)
    for n in range(MAX_RECENT + 5):
        recent.add(f"ctc_x{n}")
    loaded = recent.load()
    assert len(loaded) == MAX_RECENT
    assert loaded[0] == f"ctc_x{MAX_RECENT + 4}"


def test_corrupt_file_is_tolerated(tmp_path: Path) -> None:
    (tmp_path / "recent.json").write_text("{not json", encoding="utf-8")
    recent = RecentContacts(tmp_path)
    assert recent.load() == []
    assert recent.add("ctc_ok1") == ["ctc_ok1"]
    assert json.loads((tmp_path / "recent.json").read_text())["contacts"] == ["ctc_ok1"]


def test_invalid_entries_are_skipped(tmp_path: Path) -> None:
    data = {"contacts": ["ctc_good1", 42, "../../etc", "ctc_good1", " ctc_good2 "]}
    (tmp_path / "recent.json").write_text(json.dumps(data), encoding="utf-8")
    assert RecentContacts(tmp_path).load() == ["ctc_good1", "ctc_good2"]


def test_unwritable_directory_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    recent = RecentContacts(blocker / "sub")  # parent is a file: mkdir fails
    assert recent.add("ctc_a1") == ["ctc_a1"]


def test_write_is_atomic_no_temp_files_left(tmp_path: Path) -> None:
    recent = RecentContacts(tmp_path)
    recent.add("ctc_a1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recent.json"]


def test_deeply_nested_file_is_tolerated(tmp_path: Path) -> None:
    # json.loads raises RecursionError (not ValueError) on JSON nested this deep.
    (tmp_path / "recent.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    recent = RecentContacts(tmp_path)
    assert recent.load() == []
    assert recent.add("ctc_ok1") == ["ctc_ok1"]


def test_without_a_directory_nothing_is_kept() -> None:
    recent = RecentContacts(None)  # no home directory to keep it in
    assert recent.load() == []
    assert recent.add("ctc_a1") == ["ctc_a1"]
    assert recent.load() == []
