"""Issue 22 on the drafts store: terminal-safe files, impossible dates, the lock between two
instances, and the mark of a write that was not confirmed."""

from __future__ import annotations

import io
import json
import re
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lemtui.local.draft_listing import exit_note, run_drafts_listing
from lemtui.local.drafts import Attempt, DraftBusyError, DraftError, DraftStore, LocalDraft

CONTACT = "ctc_wfKeM8EmiTikud7QE"
MESSAGE = "act_7yfGhxmPfKbxZaWHa"
HOSTILE = "Merci\x9b31m \x1b]0;x\x07 \u202egpj.exe\u2066\u200b \U000e0041 \x85 \ud800 fin"


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def save(store: DraftStore, body: str = "Merci !", subject: str = "Re: Devis") -> LocalDraft:
    return store.save(
        contact_id=CONTACT,
        reply_to_id=MESSAGE,
        channel="email",
        recipient="victoire@lemlist.co",
        subject=subject,
        body=body,
    )


def test_a_draft_file_is_safe_to_cat_and_reads_back_exactly(store: DraftStore) -> None:
    draft = save(store, HOSTILE, subject=HOSTILE)
    raw = draft.path.read_bytes().decode("utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u202e\u2066\ud800-\udfff]", raw)
    assert not re.search("[\U000e0000-\U000e007f]", raw)
    assert "\\u009b" in raw and "\\u202e" in raw and "\\udb40\\udc41" in raw
    again = DraftStore(store.directory).get(CONTACT, MESSAGE)
    assert again is not None
    assert again.body == HOSTILE and again.subject == HOSTILE


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_a_draft_dated_beyond_any_time_zone_is_listed_as_damaged(
    store: DraftStore, moment: str
) -> None:
    draft = save(store)
    data = json.loads(draft.path.read_text())
    data["updated_at"] = moment
    draft.path.write_text(json.dumps(data))
    out, err = io.StringIO(), io.StringIO()
    assert run_drafts_listing(out, err, store) == 0
    assert f"skipped {draft.path}: a damaged lemtui draft (a date out of range)" in err.getvalue()
    # It never blocks a reply to that message: a new draft is saved, the old file kept aside.
    assert store.get(CONTACT, MESSAGE) is None
    assert save(store, "Nouveau").body == "Nouveau"
    assert draft.path.with_name(draft.path.name + ".unreadable").exists()


def test_two_stores_on_one_folder_cannot_both_lock_a_reply(store: DraftStore) -> None:
    other = DraftStore(store.directory)
    lock = store.lock(CONTACT, MESSAGE)
    with pytest.raises(DraftBusyError):
        other.lock(CONTACT, MESSAGE)
    other.lock(CONTACT, "act_other").release()  # another reply is free
    lock.release()
    other.lock(CONTACT, MESSAGE).release()
    assert [p.name for p in store.directory.iterdir()] == []  # no lock file left behind


def test_a_lock_file_is_private_and_a_planted_link_is_refused(store: DraftStore) -> None:
    """The lock is 0600 in the 0700 drafts folder; a symlink planted in its place is not
    followed (O_NOFOLLOW) and the reply is refused calmly, as a DraftError."""
    lock = store.lock(CONTACT, MESSAGE)
    (lock_file,) = store.directory.iterdir()
    assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    lock.release()
    target = store.directory.parent / "elsewhere"
    target.write_text("not ours")
    lock_file.symlink_to(target)
    with pytest.raises(DraftError):
        store.lock(CONTACT, MESSAGE)
    assert target.read_text() == "not ours"


def test_a_reply_locked_by_another_process_is_busy_until_it_ends(store: DraftStore) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from lemtui.local.drafts import DraftStore; "
            f"lock = DraftStore(Path({str(store.directory)!r})).lock({CONTACT!r}, {MESSAGE!r}); "
            "print('locked', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(DraftBusyError):
            store.lock(CONTACT, MESSAGE)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    store.lock(CONTACT, MESSAGE).release()  # the lock died with its process


def test_the_attempt_mark_is_kept_by_later_saves_and_listed(store: DraftStore) -> None:
    at = datetime(2026, 3, 4, 14, 57, tzinfo=UTC)
    draft = store.mark_attempt(save(store), Attempt("send", at))
    assert save(store, "Merci encore").attempt == Attempt("send", at)
    again = DraftStore(store.directory).get(CONTACT, MESSAGE)
    assert again is not None and again.attempt == Attempt("send", at)
    out = io.StringIO()
    run_drafts_listing(out, io.StringIO(), store)
    assert "NOT CONFIRMED: a send at" in out.getvalue()
    assert store.mark_attempt(draft, None).attempt is None


def test_the_exit_note_counts_this_runs_replies(store: DraftStore) -> None:
    assert exit_note(store) == []
    save(store)
    assert exit_note(store) == ["lemtui: 1 unsent reply kept (lemtui --drafts)"]
    store.save(
        contact_id=CONTACT, reply_to_id="act_two", channel="email", recipient="", subject="",
        body="Deux",
    )  # fmt: skip
    assert exit_note(store) == ["lemtui: 2 unsent replies kept (lemtui --drafts)"]
    assert exit_note(DraftStore(store.directory)) == []  # another run touched none of them
