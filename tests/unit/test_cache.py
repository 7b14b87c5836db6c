"""The cache file without UI: naming, privacy, schema, storing, searching, pruning, failing."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from lemtui.demo.fake_api import FakeLemlist
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import OfflineError
from lemtui.lemlist.secret import Secret
from lemtui.local.cache.paths import cache_file, forget
from lemtui.local.cache.query import fts_query
from lemtui.local.cache.schema import SCHEMA_VERSION
from lemtui.local.cache.store import CacheStore, CacheUnavailable, open_cache
from lemtui.mail.index_text import index_parts

KEY = "unit-test-key-5a4b3c2d1e"
URL = "http://127.0.0.1:1/api"


def _store(folder: Path, **options: Any) -> CacheStore:
    return open_cache(URL, KEY, folder=folder, indexer=index_parts, **options)


def _message(
    ident: str, body: str, *, when: str = "2026-03-01T10:00:00Z", **more: Any
) -> dict[str, Any]:
    return {"_id": ident, "type": "emailsReplied", "createdAt": when, "message": body, **more}


def _row(contact_id: str, name: str, email: str, when: str) -> dict[str, Any]:
    return {
        "_id": "inb_" + contact_id,
        "contactId": contact_id,
        "contact": {"fullName": name, "email": email, "companyName": "Acme Logistics"},
        "lastActivityAt": when,
    }


def test_the_file_is_named_by_a_keyed_hash_and_private(tmp_path: Path) -> None:
    folder = tmp_path / "lemtui"
    store = _store(folder)
    store.close()
    assert KEY not in store.path.name
    import hashlib

    assert hashlib.sha256(f"{URL}\n{KEY}".encode()).hexdigest()[:40] not in store.path.name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "salt").stat().st_mode) == 0o600
    assert cache_file(folder, URL, KEY) == store.path  # the same key finds the same file
    assert cache_file(folder, URL, KEY + "x") != store.path
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_symlink_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lemtui"
    path = cache_file(folder, URL, KEY)
    target = tmp_path / "elsewhere"
    target.write_bytes(b"")
    path.symlink_to(target)
    with pytest.raises(CacheUnavailable):
        _store(folder)
    assert target.read_bytes() == b""


def test_a_reload_replaces_instead_of_duplicating(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.store_messages("ctc_a", [_message("m1", "first words"), _message("m2", "second")])
    store.store_messages("ctc_a", [_message("m1", "first words, edited")])
    messages, total = store.messages_page("ctc_a", 0, 10)
    assert total == 2
    assert {m["_id"] for m in messages} == {"m1", "m2"}
    assert [hit.message_id for hit in store.search("edited")] == ["m1"]
    assert store.search("first") and len(store.search("words")) == 1


def test_search_ignores_accents_takes_prefixes_and_treats_syntax_as_text(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.store_inbox_page(
        "usr_1", [_row("ctc_lea", "Léa Dupont", "lea@acme.example", "2026-03-01T10:00:00Z")]
    )
    store.store_messages("ctc_lea", [_message("m1", "<p>Do you have SOC 2 reports?</p>")])
    assert [hit.contact_id for hit in store.search("Lea")] == ["ctc_lea"]
    assert [hit.contact_id for hit in store.search("acme logis")] == ["ctc_lea"]
    hit = store.search("repo")[0]
    assert (hit.message_id, hit.line) == ("m1", "Do you have SOC 2 reports?")
    for hostile in ('"', "NEAR(a b)", "soc AND", "people:lea", "^soc", "*", "a OR", "'); DROP"):
        store.search(hostile)  # never an FTS syntax error
    assert fts_query('soc" OR x') == '"soc"* "OR"* "x"*'


def test_a_hit_in_new_words_ranks_above_one_in_quoted_history(tmp_path: Path) -> None:
    store = _store(tmp_path)
    quoted = (
        '<div dir="ltr">Thanks, see below.</div><br><div class="gmail_quote">'
        '<div class="gmail_attr">On Mon, Mar 2, 2026 at 10:00 AM Bob &lt;bob@x.example&gt; '
        'wrote:<br></div><blockquote class="gmail_quote">pricing starts at 10 EUR and '
        "pricing is per seat</blockquote></div>"
    )
    store.store_messages("ctc_quote", [_message("q1", quoted, when="2026-03-05T10:00:00Z")])
    store.store_messages(
        "ctc_new", [_message("n1", "<p>What is your pricing?</p>", when="2026-01-01T10:00:00Z")]
    )
    hits = store.search("pricing")
    assert [hit.contact_id for hit in hits] == ["ctc_new", "ctc_quote"]
    assert [hit.in_quote for hit in hits] == [False, True]


def test_prune_drops_the_least_recently_active_conversations(tmp_path: Path) -> None:
    store = _store(tmp_path, max_mb=1)
    big = "<p>" + " ".join(f"word{n}" for n in range(3000)) + "</p>"
    for n in range(40):
        when = f"2026-03-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"
        store.store_messages(
            f"ctc_{n:03d}", [_message(f"m{n}-{k}", big, when=when) for k in range(3)]
        )
    store.prune()
    assert store.size_bytes() <= 1_000_000
    kept = [n for n in range(40) if store.messages_page(f"ctc_{n:03d}", 0, 1)[0]]
    assert kept and len(kept) < 40
    newest = max(range(40), key=lambda n: (1 + n % 28, n % 24))
    assert newest in kept


def test_a_newer_schema_or_a_damaged_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = store.path
    store.close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(CacheUnavailable, match="newer lemtui"):
        _store(tmp_path)
    for side in path.parent.glob(path.name + "-*"):
        side.unlink()
    path.write_bytes(b"garbage" * 1000)
    with pytest.raises(CacheUnavailable, match="damaged"):
        _store(tmp_path)
    assert path.read_bytes() == b"garbage" * 1000


def test_a_full_disk_rolls_the_write_back_and_keeps_what_was_stored(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.store_messages("ctc_a", [_message("m1", "kept words")])
    store._db.execute(
        "PRAGMA max_page_count = " + str(store._db.execute("PRAGMA page_count").fetchone()[0])
    )
    with pytest.raises(CacheUnavailable, match="full"):
        store.store_messages("ctc_b", [_message(f"x{n}", "filler " * 500) for n in range(50)])
    assert store.messages_page("ctc_b", 0, 10) == ([], 0)  # all of the page or none of it
    assert [hit.message_id for hit in store.search("kept")] == ["m1"]


def test_a_locked_file_is_said_not_raised(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.close()
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        second = CacheStore.open(store.path)
        second._db.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(CacheUnavailable, match="locked"):
            second.store_messages("ctc_a", [_message("m1", "x")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_stale_conversations_are_those_with_newer_activity(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.store_inbox_page(
        "usr_1",
        [
            _row("ctc_old", "Old", "old@x.example", "2026-03-01T10:00:00Z"),
            _row("ctc_new", "New", "new@x.example", "2026-03-09T10:00:00Z"),
        ],
    )
    store.store_messages("ctc_old", [_message("m1", "hi", when="2026-03-01T10:00:00Z")])
    store.store_messages("ctc_new", [_message("m2", "hi", when="2026-03-02T10:00:00Z")])
    assert [c for c, _ in store.stale_conversations("usr_1", 10)] == ["ctc_new"]
    store.mark_synced("ctc_new", store.stale_conversations("usr_1", 10)[0][1])
    assert store.stale_conversations("usr_1", 10) == []


def test_forget_deletes_every_cache_and_says_how_much(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.store_messages("ctc_a", [_message("m1", "x")])
    store.close()
    (tmp_path / "unrelated.txt").write_text("mine")
    gone = forget(tmp_path)
    assert gone.files == 1 and gone.size > 0
    assert sorted(os.listdir(tmp_path)) == ["unrelated.txt"]


async def test_offline_refuses_writes_before_sending() -> None:
    import httpx

    fake = FakeLemlist(api_key=KEY)
    client = LemlistClient(
        Secret(KEY), base_url="http://localhost/api", transport=httpx.ASGITransport(app=fake)
    )
    client.offline = "lemlist cannot be reached (offline)"
    with pytest.raises(OfflineError, match="Marking as read is off: lemlist cannot be reached"):
        await client.mark_as_read("ctc_wfKeM8EmiTikud7QE", "usr_abc123")
    assert fake.requests == []
    await client.aclose()


async def test_the_worker_turns_the_cache_off_instead_of_raising(tmp_path: Path) -> None:
    from lemtui.local.cache.worker import CacheWorker

    worker = CacheWorker(lambda: _store(tmp_path))

    def broken(store: CacheStore) -> int:
        raise ValueError("a damaged row")

    assert await worker.call(lambda store: store.inbox_count("usr_1")) == 0
    assert await worker.call(broken) is None
    assert worker.problem == "the cache failed (ValueError)"
    assert await worker.call(lambda store: store.inbox_count("usr_1")) is None  # off for good
    worker.close()
    refused = CacheWorker(lambda: (_ for _ in ()).throw(CacheUnavailable("the disk is full")))
    assert refused.run(lambda store: 1) is None
    assert refused.problem == "the disk is full"
    refused.close()


def test_the_cache_settings(tmp_path: Path) -> None:
    from lemtui.cli import build_parser, resolve_settings
    from lemtui.local.config import ConfigError, load_file_config

    path = tmp_path / "config.toml"
    path.write_text("cache = false\ncache_max_mb = 64\ncache_fill = true\n", encoding="utf-8")
    path.chmod(0o600)
    config = load_file_config(path)
    assert (config.cache, config.cache_max_mb, config.cache_fill) == (False, 64, True)
    settings = resolve_settings(build_parser().parse_args([]), {}, config)
    assert (settings.cache, settings.cache_max_mb, settings.cache_fill) == (False, 64, True)
    default = resolve_settings(build_parser().parse_args([]), {}, load_file_config(tmp_path / "no"))
    assert (default.cache, default.cache_max_mb, default.cache_fill) == (True, 500, False)
    flagged = resolve_settings(
        build_parser().parse_args(["--no-cache"]), {}, load_file_config(tmp_path / "no")
    )
    assert flagged.cache is False
    for bad in ("cache_max_mb = 0", 'cache_max_mb = "big"', 'cache = "no"', "cache_fill = 1"):
        path.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(ConfigError):
            load_file_config(path)
