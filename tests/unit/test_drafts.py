"""Local drafts: private files, atomic writes, nothing typed lost, odd folders survived."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from lemtui.local import drafts
from lemtui.local.draft_listing import format_listing, run_drafts_listing
from lemtui.local.drafts import (
    DraftError,
    DraftListing,
    DraftStore,
    LocalDraft,
)

CONTACT = "ctc_wfKeM8EmiTikud7QE"
OTHER = "ctc_MixedChannels0001"
MESSAGE = "act_7yfGhxmPfKbxZaWHa"
T0 = datetime(2026, 3, 4, 13, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _paris() -> Iterator[None]:
    """Local time is Paris (UTC+1 in March) so labels are the same on every machine."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "state" / "drafts")


def save(store: DraftStore, body: str = "Merci Victoire !", **changes: Any) -> LocalDraft:
    fields: dict[str, Any] = {
        "contact_id": CONTACT,
        "reply_to_id": MESSAGE,
        "channel": "email",
        "recipient": "victoire@lemlist.co",
        "subject": "Re: Meet me !",
        "body": body,
        "now": T0,
    }
    fields.update(changes)
    return store.save(**fields)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- saving -------------------------------------------------------------------------------------


def test_a_draft_is_a_private_file_in_a_private_folder(store: DraftStore) -> None:
    old_umask = os.umask(0)  # even with nothing masked, nothing is readable by others
    try:
        draft = save(store)
    finally:
        os.umask(old_umask)
    assert draft.path == store.directory / f"{CONTACT}--{MESSAGE}.json"
    assert mode(store.directory) == 0o700
    assert mode(draft.path) == 0o600
    assert os.listdir(store.directory) == [draft.path.name]
    data = json.loads(draft.path.read_text(encoding="utf-8"))
    assert data["body"] == "Merci Victoire !"
    assert data["format"] == "lemtui-draft"
    assert store.get(CONTACT, MESSAGE) == draft


def test_saving_again_updates_the_same_file(store: DraftStore) -> None:
    first = save(store, "v1")
    second = save(store, "v2 – déjà 😀", now=T0 + timedelta(minutes=5))
    assert second.path == first.path
    assert second.created_at == first.created_at == T0
    assert second.updated_at == T0 + timedelta(minutes=5)
    assert store.get(CONTACT, MESSAGE) == second
    assert len(os.listdir(store.directory)) == 1


def test_a_loose_existing_folder_is_made_private(store: DraftStore) -> None:
    store.directory.mkdir(parents=True)
    store.directory.chmod(0o755)
    save(store)
    assert mode(store.directory) == 0o700


def test_a_file_where_the_folder_should_be_is_a_clear_error(store: DraftStore) -> None:
    store.directory.parent.mkdir(parents=True)
    store.directory.write_text("not a folder")
    with pytest.raises(DraftError, match="Cannot create the drafts folder"):
        save(store)


def test_temporary_files_live_in_the_drafts_folder(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders: list[str | None] = []
    real_mkstemp = tempfile.mkstemp

    def spy(*args: Any, **kwargs: Any) -> Any:
        folders.append(kwargs.get("dir"))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    draft = save(store)
    store.editor_file(draft)
    assert folders == [store.directory, store.directory]


def test_a_full_disk_keeps_the_old_text(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    save(store, "what I wrote first")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DraftError) as caught:
        save(store, "a longer second version")
    assert "No space left on device" in str(caught.value)
    assert "the text saved before is still there" in str(caught.value)
    monkeypatch.undo()
    kept = store.get(CONTACT, MESSAGE)
    assert kept is not None
    assert kept.body == "what I wrote first"
    assert os.listdir(store.directory) == [kept.path.name]  # no temporary file left behind


def test_a_lone_surrogate_does_not_lose_the_rest(store: DraftStore) -> None:
    save(store, "before \ud800 after")
    kept = store.get(CONTACT, MESSAGE)
    assert kept is not None
    assert kept.body.startswith("before ")
    assert kept.body.endswith(" after")


@pytest.mark.parametrize("odd", ["../../etc/passwd", "", "act-with-dash", "x" * 300, "a/b"])
def test_odd_ids_stay_inside_the_folder(store: DraftStore, odd: str) -> None:
    draft = save(store, reply_to_id=odd)
    assert draft.path.parent == store.directory
    assert "/" not in draft.path.name[:-5]
    assert len(draft.path.name) < 120
    assert store.get(CONTACT, odd) == draft
    assert store.get(CONTACT, odd + "x") is None


# --- reading ------------------------------------------------------------------------------------


def test_pending_drafts_of_a_conversation_newest_first(store: DraftStore) -> None:
    older = save(store, "older", reply_to_id="act_A")
    newer = save(store, "newer", reply_to_id="act_B", now=T0 + timedelta(hours=1))
    save(store, "elsewhere", contact_id=OTHER, now=T0 + timedelta(hours=2))
    save(store, "  \n ", reply_to_id="act_C", now=T0 + timedelta(hours=3))  # nothing typed
    assert store.pending(CONTACT) == (newer, older)
    assert [d.body for d in store.list_all().drafts] == ["elsewhere", "newer", "older"]


def test_no_folder_is_no_drafts(store: DraftStore) -> None:
    assert store.list_all() == DraftListing((), ())
    assert store.pending(CONTACT) == ()
    assert store.get(CONTACT, MESSAGE) is None
    assert not store.directory.exists()  # reading creates nothing


def test_foreign_and_damaged_files_are_skipped_and_said(store: DraftStore) -> None:
    good = save(store)
    folder = store.directory
    (folder / "notes.txt").write_text("mine")
    (folder / "broken.json").write_text("{not json")
    (folder / "other.json").write_text(json.dumps({"hello": "world"}))
    future = json.loads(good.path.read_text())
    future["version"] = 99
    (folder / "future.json").write_text(json.dumps(future))
    renamed = json.loads(good.path.read_text())
    (folder / "ctc_Renamed--act_X.json").write_text(json.dumps(renamed))
    missing = json.loads(good.path.read_text())
    del missing["body"]
    (folder / f"{OTHER}--act_Y.json").write_text(json.dumps({**missing, "contact_id": OTHER,
                                                             "reply_to_id": "act_Y"}))  # fmt: skip
    (folder / "sub.json").mkdir()
    (folder / "link.json").symlink_to(good.path)
    (folder / "big.json").write_bytes(b" " * (drafts.MAX_FILE_SIZE + 1))
    (folder / "ctc_A--act_B.md").write_text("an editor file without its draft")
    (folder / ".draft-abc.tmp").write_text("interrupted write")

    listing = store.list_all()
    assert listing.drafts == (good,)
    said = "\n".join(listing.skipped)
    for name, reason in [
        ("notes.txt", "not a lemtui draft"),
        ("broken.json", "not a lemtui draft (not JSON)"),
        ("other.json", "not a lemtui draft"),
        ("future.json", "a draft of another lemtui version (99)"),
        ("ctc_Renamed--act_X.json", "its name does not match the draft inside"),
        (f"{OTHER}--act_Y.json", "a damaged lemtui draft (fields missing)"),
        ("sub.json", "not a lemtui draft"),
        ("link.json", "not a lemtui draft"),
        ("big.json", "too big for a draft"),
        ("ctc_A--act_B.md", "not a lemtui draft"),
    ]:
        assert f"skipped {folder / name}: {reason}" in said
    assert ".draft-abc.tmp" not in said
    assert len(listing.skipped) == 10
    assert (folder / "notes.txt").read_text() == "mine"  # skipped, never deleted


def test_a_symlink_in_place_of_a_draft_is_not_followed(store: DraftStore, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    draft = save(store)
    secret.write_text(draft.path.read_text())
    draft.path.unlink()
    draft.path.symlink_to(secret)
    assert store.get(CONTACT, MESSAGE) is None
    save(store, "new text")  # the link is set aside, the target untouched
    assert json.loads(secret.read_text())["body"] == "Merci Victoire !"
    assert (store.directory / (draft.path.name + ".unreadable")).is_symlink()
    kept = store.get(CONTACT, MESSAGE)
    assert kept is not None
    assert kept.body == "new text"


def test_saving_over_a_damaged_draft_keeps_it_aside(store: DraftStore) -> None:
    draft = save(store)
    draft.path.write_text('{"format": "lemtui-draft", "body": "half')
    again = save(store, "fresh")
    aside = draft.path.with_name(draft.path.name + ".unreadable")
    assert aside.read_text().endswith('"half')
    assert again.body == "fresh"
    assert f"skipped {aside}: not a lemtui draft" in store.list_all().skipped


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_a_clear_error(store: DraftStore) -> None:
    save(store)
    store.directory.chmod(0)
    try:
        with pytest.raises(DraftError, match=r"Cannot read the drafts folder .*Permission denied"):
            store.list_all()
        out, err = io.StringIO(), io.StringIO()
        assert run_drafts_listing(out, err, store) == 1
        assert err.getvalue().startswith("lemtui: Cannot read the drafts folder")
    finally:
        store.directory.chmod(0o700)


# --- deleting -----------------------------------------------------------------------------------


def test_delete_removes_the_draft_and_its_editor_file(store: DraftStore) -> None:
    draft = save(store)
    store.editor_file(draft)
    store.delete(draft)
    assert os.listdir(store.directory) == []
    store.delete(draft)  # already gone: fine


# --- the external editor ------------------------------------------------------------------------


def test_the_editor_file_holds_only_the_body_privately(store: DraftStore) -> None:
    draft = save(store, "# Hello\n\nwith *Markdown*\n")
    path = store.editor_file(draft)
    assert path == draft.path.with_suffix(".md")
    assert path.read_text(encoding="utf-8") == "# Hello\n\nwith *Markdown*\n"
    assert mode(path) == 0o600


def test_collect_saves_the_edited_text_and_removes_the_editor_file(store: DraftStore) -> None:
    draft = save(store, "")
    path = store.editor_file(draft)
    path.write_text("Thanks Victoire,\n\nsee you Monday.\n", encoding="utf-8")
    result = store.collect_edit(draft, now=T0 + timedelta(minutes=3))
    assert result.text == "Thanks Victoire,\n\nsee you Monday.\n"
    assert result.draft is not None
    assert result.draft.body == result.text
    assert result.draft.updated_at == T0 + timedelta(minutes=3)
    assert store.get(CONTACT, MESSAGE) == result.draft
    assert not path.exists()


def test_an_emptied_editor_file_keeps_the_previous_text(store: DraftStore) -> None:
    draft = save(store, "keep me")
    store.editor_file(draft).write_text("")
    result = store.collect_edit(draft)
    assert (result.text, result.draft) == ("", draft)
    assert store.get(CONTACT, MESSAGE) == draft


def test_nothing_typed_at_all_leaves_no_draft(store: DraftStore) -> None:
    draft = save(store, "")
    store.editor_file(draft)
    assert store.collect_edit(draft).draft is None
    assert os.listdir(store.directory) == []


def test_an_editor_file_in_another_encoding_keeps_every_character(store: DraftStore) -> None:
    draft = save(store, "")
    store.editor_file(draft).write_bytes("Très bien, à lundi".encode("latin-1"))
    result = store.collect_edit(draft)
    assert result.text == "Très bien, à lundi"


def test_text_saved_by_the_editor_survives_a_crash(store: DraftStore) -> None:
    draft = save(store, "first words")
    path = store.editor_file(draft)
    path.write_text("first words, and what I typed before the SSH session closed")
    later = time.time_ns() + 5_000_000_000
    os.utime(path, ns=(later, later))
    # lemtui is gone; the next start finds the editor's text.
    recovered = DraftStore(store.directory).get(CONTACT, MESSAGE)
    assert recovered is not None
    assert recovered.body.endswith("before the SSH session closed")
    assert recovered.updated_at == datetime.fromtimestamp(later / 1e9, UTC)
    assert DraftStore(store.directory).pending(CONTACT) == (recovered,)


def test_an_older_editor_file_does_not_override_a_later_save(store: DraftStore) -> None:
    draft = save(store, "v1")
    path = store.editor_file(draft)
    path.write_text("stale")
    past = time.time_ns() - 60_000_000_000
    os.utime(path, ns=(past, past))
    kept = store.get(CONTACT, MESSAGE)
    assert kept is not None
    assert kept.body == "v1"


# --- labels and the --drafts listing ------------------------------------------------------------


def test_first_words_are_one_safe_line_cut_at_a_word(store: DraftStore) -> None:
    draft = save(store, "Bonjour\x1b]0;pwned\x07 Victoire,\n\n" + "merci beaucoup " * 10)
    words = draft.first_words
    assert words.startswith("Bonjour]0;pwned Victoire, merci beaucoup")
    assert words.endswith("beaucoup…")
    assert len(words) <= drafts.PREVIEW_WIDTH + 1
    assert "\x1b" not in words
    assert "\x07" not in words
    assert save(store, "short").first_words == "short"


@pytest.mark.parametrize(
    ("now", "label"),
    [
        (T0 + timedelta(hours=2), "14:02"),
        (T0 + timedelta(days=40), "4 Mar 14:02"),
        (T0 + timedelta(days=400), "4 Mar 2026 14:02"),
    ],
)
def test_saved_label_is_as_short_as_is_clear(store: DraftStore, now: datetime, label: str) -> None:
    assert save(store).saved_label(now) == label


def test_listing_lines_say_when_what_to_whom_and_where(store: DraftStore) -> None:
    save(store, "Merci pour votre retour, je vous propose mardi.")
    save(
        store,
        "x",
        contact_id=OTHER,
        channel="linkedin",
        recipient="",
        subject="\x1b[2J[bold]hi\u202e",
        now=T0 + timedelta(days=1),
    )
    lines = format_listing(store.list_all())
    assert lines == [
        "2026-03-05 14:02  linkedin  (no recipient)  ctc_MixedChannels0001  [2J[bold]hi⟨RLO⟩  “x”  "
        + str(store.directory / f"{OTHER}--{MESSAGE}.json"),
        "2026-03-04 14:02  email  victoire@lemlist.co  ctc_wfKeM8EmiTikud7QE  Re: Meet me !  "
        "“Merci pour votre retour, je vous propose mardi.”  "
        + str(store.directory / f"{CONTACT}--{MESSAGE}.json"),
    ]


def test_run_drafts_listing_prints_drafts_and_what_was_skipped(store: DraftStore) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_drafts_listing(out, err, store) == 0
    assert out.getvalue() == f"No pending local drafts (in {store.directory}).\n"
    save(store)
    (store.directory / "junk.txt").write_text("x")
    out, err = io.StringIO(), io.StringIO()
    assert run_drafts_listing(out, err, store) == 0
    assert out.getvalue().count("\n") == 1
    assert "victoire@lemlist.co" in out.getvalue()
    assert err.getvalue() == f"lemtui: skipped {store.directory / 'junk.txt'}: not a lemtui draft\n"


def test_the_default_store_is_in_the_state_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert DraftStore.default().directory == tmp_path / "xdg" / "lemtui" / "drafts"


@pytest.mark.parametrize("broken", ["raises", "relative"])
def test_no_home_directory_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    def no_home() -> Path:
        if broken == "raises":
            raise RuntimeError("Could not determine home directory.")
        return Path("~/.local/state/lemtui")  # what expanduser leaves without a home

    monkeypatch.setattr(drafts, "state_dir", no_home)
    with pytest.raises(DraftError, match="set HOME or XDG_STATE_HOME"):
        DraftStore.default()
    out, err = io.StringIO(), io.StringIO()
    assert run_drafts_listing(out, err) == 1
    assert err.getvalue().startswith("lemtui: Cannot find a home directory")
    assert out.getvalue() == ""


def test_drafts_module_imports_no_ui() -> None:
    code = (
        "import sys, lemtui.local.drafts;"
        " assert not {'textual', 'rich', 'httpx'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
