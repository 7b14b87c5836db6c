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


def test_a_file_past_the_cap_is_taken_as_damaged(tmp_path: Path) -> None:
    from lemtui.local.recent import FILE_NAME, MAX_FILE_BYTES

    recent = RecentContacts(tmp_path)
    recent.add("ctc_abcdefghij1234567")
    text = (tmp_path / FILE_NAME).read_text()
    (tmp_path / FILE_NAME).write_text(text + " " * (MAX_FILE_BYTES - len(text)))
    assert recent.load() == ["ctc_abcdefghij1234567"]  # at the cap: still read
    (tmp_path / FILE_NAME).write_text(text + " " * (MAX_FILE_BYTES + 1 - len(text)))
    assert recent.load() == []
    assert recent.add("ctc_zyxwvutsrq7654321") == ["ctc_zyxwvutsrq7654321"]  # written anew


def test_a_fifo_in_place_of_the_file_does_not_block(tmp_path: Path) -> None:
    import os
    import threading

    from lemtui.local.recent import FILE_NAME

    fifo = tmp_path / FILE_NAME
    os.mkfifo(fifo)

    def unblock() -> None:  # without the fix, the read waits for a writer: give it one
        fd = os.open(fifo, os.O_WRONLY)
        os.close(fd)

    rescue = threading.Timer(5, unblock)
    rescue.start()
    try:
        assert RecentContacts(tmp_path).load() == []
        assert rescue.is_alive()  # answered before the rescue had to step in
    finally:
        rescue.cancel()
