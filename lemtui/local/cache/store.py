"""The cache file: what lemtui has read, in SQLite (WAL, a busy timeout, one transaction per
write), searchable with FTS5. No UI; no rendering (the caller hands in an `Indexer`).

Every method is safe to call from one thread at a time (the store holds a lock); the UI calls
it from a worker thread, never from its event loop. A failure after opening is a
`CacheUnavailable` with one line to say, and the file is left as it was (a write is one
transaction: a full disk rolls it back whole).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from lemtui.lemlist.fields import parse_timestamp
from lemtui.local.cache.paths import CacheLocationError, cache_dir, cache_file, open_private
from lemtui.local.cache.prune import prune_to
from lemtui.local.cache.query import SearchHit, fts_query, matching_line
from lemtui.local.cache.schema import NewerSchemaError, migrate

__all__ = [
    "DEFAULT_MAX_MB",
    "CacheStore",
    "CacheUnavailable",
    "Indexer",
    "open_cache",
    "plain_index",
]

DEFAULT_MAX_MB: Final = 500
BUSY_TIMEOUT_MS: Final = 15_000
"""How long a write waits for another lemtui's (two `--sync` at once, the reader and a sync).
Writes run on the cache's own thread, and WAL readers never wait, so waiting long costs the
user nothing; 5 s was once not enough on a loaded machine (the test suite on two busy cores),
and the loser turned its cache off."""
SEARCH_ROWS: Final = 400
"""Ranked rows read per search before keeping one hit per conversation."""
PRUNE_EVERY: Final = 50
"""Writes between two checks of the file's size."""

Indexer = Callable[[Mapping[str, Any]], tuple[str, str]]
"""A raw message → (its new words, its quoted history and signature) as plain text."""

_TAG = re.compile(r"<[^<>]*>")


def plain_index(raw: Mapping[str, Any]) -> tuple[str, str]:
    """The fallback indexer: subject and body with tags taken out, all as new words."""
    body = raw.get("message") or raw.get("body") or raw.get("text") or ""
    subject = raw.get("subject") or ""
    text = _TAG.sub(" ", str(body)) if isinstance(body, str) else ""
    return (f"{subject}\n{text}" if isinstance(subject, str) else text), ""


class CacheUnavailable(Exception):
    """The cache cannot be used (damaged, locked, read-only, newer, disk full): one line."""


def _reason(error: BaseException) -> str:
    text = str(error).lower()
    if isinstance(error, NewerSchemaError):
        return str(error)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "the cache file is damaged"
    if "locked" in text or "busy" in text:
        return "the cache file is locked by another program"
    if "readonly" in text or "read-only" in text or "permission" in text or "access" in text:
        return "the cache file cannot be written (read-only)"
    if "full" in text or "no space" in text:
        return "the disk is full"
    if isinstance(error, CacheLocationError):
        return str(error)
    return f"the cache file cannot be used ({type(error).__name__})"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _when(value: Any) -> float:
    moment = parse_timestamp(value)
    return moment.timestamp() if moment is not None else 0.0


def message_id_of(raw: Mapping[str, Any]) -> str:
    """The key a message is stored under: its service ID, else a digest of its content."""
    ident = raw.get("_id") or raw.get("id")
    if isinstance(ident, str) and ident:
        return "id:" + ident
    import hashlib

    canonical = json.dumps(raw, sort_keys=True, default=repr)
    return (
        "content:"
        + hashlib.blake2b(canonical.encode("utf-8", "replace"), digest_size=16).hexdigest()
    )


def _company(contact: Mapping[str, Any]) -> str:
    fields = contact.get("fields")
    sources = [contact.get("companyName"), contact.get("company")]
    if isinstance(fields, Mapping):
        sources.append(fields.get("companyName"))
    return next((text for text in map(_text, sources) if text), "")


class CacheStore:
    """One open cache file. `open` makes or checks it; every method raises only
    `CacheUnavailable`."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, max_mb: int, indexer: Indexer
    ) -> None:
        self._db = connection
        self.path = path
        self.max_bytes = max(1, max_mb) * 1_000_000
        self.indexer = indexer
        self._lock = threading.Lock()
        self._writes = 0

    @classmethod
    def open(
        cls, path: Path, *, max_mb: int = DEFAULT_MAX_MB, indexer: Indexer = plain_index
    ) -> CacheStore:
        """Open (or create, 0600) the cache at `path` and bring its schema up to date."""
        try:
            fd = open_private(path, os.O_RDWR | os.O_CREAT)
            os.close(fd)
            connection = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )  # fmt: skip
        except (OSError, sqlite3.Error, CacheLocationError) as error:
            raise CacheUnavailable(_reason(error)) from None
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = OFF")
            migrate(connection)
            connection.execute("SELECT count(*) FROM meta").fetchone()
        except (sqlite3.Error, NewerSchemaError) as error:
            connection.close()
            raise CacheUnavailable(_reason(error)) from None
        return cls(connection, path, max_mb=max_mb, indexer=indexer)

    def close(self) -> None:
        """Close the file (a WAL checkpoint folds the log back in)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.close()

    # ------------------------------------------------------------------ plumbing

    def _write(self, work: Callable[[sqlite3.Connection], object]) -> None:
        """Run `work` as one transaction (all of it or none), then prune now and then."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    work(self._db)
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:  # SQLITE_FULL has rolled it back already
                        self._db.execute("ROLLBACK")
                    raise
                self._writes += 1
                if self._writes % PRUNE_EVERY == 1:
                    self._prune()
            except sqlite3.Error as error:
                raise CacheUnavailable(_reason(error)) from None

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as error:
                raise CacheUnavailable(_reason(error)) from None

    # ------------------------------------------------------------------ writing

    def store_inbox_page(self, user_id: str, items: Iterable[Mapping[str, Any]]) -> None:
        """One page of `user_id`'s inbox as the service sent it: its rows replace the stored
        ones (by contact), and their contacts are stored and indexed."""
        now = time.time()
        rows = [dict(item) for item in items]

        def work(db: sqlite3.Connection) -> None:
            for item in rows:
                contact = item.get("contact")
                contact = contact if isinstance(contact, Mapping) else {}
                contact_id = _text(item.get("contactId")) or _text(contact.get("_id"))
                if not contact_id:
                    continue
                activity = _when(item.get("lastActivityAt"))
                db.execute(
                    "INSERT OR REPLACE INTO inbox VALUES (?, ?, ?, ?, ?)",
                    (user_id, contact_id, activity, json.dumps(item), now),
                )
                self._put_contact(db, contact_id, contact, activity)

        self._write(work)

    def store_contact(self, raw: Mapping[str, Any]) -> None:
        """A contact record (`GET /contacts/…`), stored and indexed by its ID."""
        contact_id = _text(raw.get("_id"))
        if contact_id:
            self._write(lambda db: self._put_contact(db, contact_id, raw, 0.0))

    def _put_contact(
        self, db: sqlite3.Connection, contact_id: str, contact: Mapping[str, Any], activity: float
    ) -> None:
        fields = contact.get("fields")
        fields = fields if isinstance(fields, Mapping) else {}
        name = _text(contact.get("fullName")) or " ".join(
            part for part in (_text(fields.get("firstName")), _text(fields.get("lastName"))) if part
        )
        email = _text(contact.get("email"))
        company = _company(contact)
        old = db.execute(
            "SELECT rowid, name, email, company, activity FROM contacts WHERE contact_id = ?",
            (contact_id,),
        ).fetchone()
        if old is not None:
            name, email, company = name or old[1], email or old[2], company or old[3]
            activity = max(activity, old[4])
            db.execute(
                "UPDATE contacts SET name = ?, email = ?, company = ?, raw = ?, activity = ? "
                "WHERE rowid = ?",
                (name, email, company, json.dumps(dict(contact)), activity, old[0]),
            )
            rowid = old[0]
            db.execute("DELETE FROM search WHERE rowid = ?", (-rowid,))
        else:
            rowid = db.execute(
                "INSERT INTO contacts (contact_id, name, email, company, raw, activity) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (contact_id, name, email, company, json.dumps(dict(contact)), activity),
            ).lastrowid
        domain = email.rpartition("@")[2].replace(".", " ") if "@" in email else ""
        people = "\n".join(part for part in (name, email, domain, company) if part)
        db.execute(
            "INSERT INTO search (rowid, contact_id, people, words, quoted) "
            "VALUES (?, ?, ?, '', '')",
            (-(rowid or 0), contact_id, people),
        )

    def store_messages(
        self,
        contact_id: str,
        items: Iterable[Mapping[str, Any]],
        *,
        total: int | None = None,
        index: bool = True,
    ) -> None:
        """One page of `contact_id`'s messages as the service sent them: a message stored
        before is replaced (by its ID). `total`: how many messages the service said the
        conversation has (with its first page). `index` False leaves the text to index for
        `index_pending` (the reader, while pages arrive: rendering costs CPU the screen
        wants); until then a message is found by what it said before, if anything."""
        now = time.time()
        prepared = [(dict(item), self._parts) for item in items]
        rows = [(raw, message_id_of(raw), parts(raw) if index else None) for raw, parts in prepared]

        def work(db: sqlite3.Connection) -> None:
            newest = 0.0
            for raw, key, text in rows:
                created = _when(raw.get("createdAt") or raw.get("sentAt"))
                newest = max(newest, created)
                campaign = _text(raw.get("campaignName"))
                campaign_id = _text(raw.get("campaignId"))
                if campaign and campaign_id:
                    db.execute(
                        "INSERT OR REPLACE INTO campaigns VALUES (?, ?)", (campaign_id, campaign)
                    )
                old = db.execute(
                    "SELECT rowid FROM messages WHERE contact_id = ? AND message_key = ?",
                    (contact_id, key),
                ).fetchone()
                indexed = int(text is not None)
                if old is not None:
                    db.execute(
                        "UPDATE messages SET created = ?, raw = ?, stored_at = ?, indexed = ? "
                        "WHERE rowid = ?",
                        (created, json.dumps(raw), now, indexed, old[0]),
                    )
                    rowid = old[0]
                else:
                    rowid = db.execute(
                        "INSERT INTO messages "
                        "(contact_id, message_key, created, raw, stored_at, indexed) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (contact_id, key, created, json.dumps(raw), now, indexed),
                    ).lastrowid
                if text is not None:
                    self._put_text(db, rowid or 0, contact_id, campaign, text)
            db.execute(
                "INSERT INTO contacts (contact_id, activity) VALUES (?, ?) "
                "ON CONFLICT (contact_id) DO UPDATE "
                "SET activity = max(activity, excluded.activity)",
                (contact_id, newest),
            )
            if total is not None:
                db.execute(
                    "UPDATE contacts SET total = ? WHERE contact_id = ?", (total, contact_id)
                )

        self._write(work)

    def _parts(self, raw: Mapping[str, Any]) -> tuple[str, str, str]:
        """(subject and new words, quoted history) of a raw message, by the indexer."""
        try:
            words, quoted = self.indexer(raw)
        except Exception:  # an indexer's bug must not lose the page
            words, quoted = plain_index(raw)
        subject = _text(raw.get("subject"))
        return (f"{subject}\n{words}" if subject else words), quoted, ""

    @staticmethod
    def _put_text(
        db: sqlite3.Connection, rowid: int, contact_id: str, campaign: str, text: tuple[str, ...]
    ) -> None:
        db.execute("DELETE FROM search WHERE rowid = ?", (rowid,))
        db.execute(
            "INSERT INTO search (rowid, contact_id, people, words, quoted) VALUES (?, ?, ?, ?, ?)",
            (rowid, contact_id, campaign, text[0], text[1]),
        )

    def index_pending(self, most: int = 200) -> int:
        """Index up to `most` messages stored with `index=False`; how many were."""
        rows = self._read(
            "SELECT rowid, contact_id, raw FROM messages WHERE indexed = 0 LIMIT ?", (most,)
        )
        done = [
            (rowid, contact_id, raw, self._parts(raw))
            for rowid, contact_id, raw in ((r, c, json.loads(j)) for r, c, j in rows)
        ]

        def work(db: sqlite3.Connection) -> None:
            for rowid, contact_id, raw, text in done:
                self._put_text(db, rowid, contact_id, _text(raw.get("campaignName")), text)
                db.execute("UPDATE messages SET indexed = 1 WHERE rowid = ?", (rowid,))

        if done:
            self._write(work)
        return len(done)

    def mark_synced(self, contact_id: str, activity: float) -> None:
        """`contact_id`'s first page was fetched when its inbox row said `activity`."""
        self._write(
            lambda db: db.execute(
                "INSERT INTO contacts (contact_id, synced) VALUES (?, ?) "
                "ON CONFLICT (contact_id) DO UPDATE SET synced = excluded.synced",
                (contact_id, activity),
            )
        )

    def set_meta(self, key: str, value: str) -> None:
        """Remember a small value (where `--sync` got to)."""
        self._write(
            lambda db: db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        )

    # ------------------------------------------------------------------ reading

    def meta(self, key: str) -> str | None:
        """A value `set_meta` remembered, or None."""
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def inbox_page(self, user_id: str, page: int, limit: int) -> list[dict[str, Any]]:
        """Page `page` (from 1) of `user_id`'s stored inbox, latest activity first."""
        rows = self._read(
            "SELECT raw FROM inbox WHERE user_id = ? ORDER BY activity DESC, contact_id "
            "LIMIT ? OFFSET ?",
            (user_id, limit, max(0, page - 1) * limit),
        )
        return [json.loads(raw) for (raw,) in rows]

    def inbox_count(self, user_id: str) -> int:
        """How many conversations of `user_id`'s inbox are stored."""
        return int(self._read("SELECT count(*) FROM inbox WHERE user_id = ?", (user_id,))[0][0])

    def inbox_stored_at(self, user_id: str) -> float | None:
        """When `user_id`'s inbox was last stored (seconds since the epoch), None if never."""
        rows = self._read("SELECT max(stored_at) FROM inbox WHERE user_id = ?", (user_id,))
        return rows[0][0] if rows and rows[0][0] is not None else None

    def messages_page(
        self, contact_id: str, skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Stored messages of `contact_id`, newest first, from `skip`; and how many there are."""
        rows = self._read(
            "SELECT raw FROM messages WHERE contact_id = ? ORDER BY created DESC, rowid "
            "LIMIT ? OFFSET ?",
            (contact_id, limit, max(0, skip)),
        )
        total = self._read("SELECT count(*) FROM messages WHERE contact_id = ?", (contact_id,))
        return [json.loads(raw) for (raw,) in rows], int(total[0][0])

    def messages_stored_at(self, contact_id: str) -> float | None:
        """When a message of `contact_id` was last stored, None if none is."""
        rows = self._read("SELECT max(stored_at) FROM messages WHERE contact_id = ?", (contact_id,))
        return rows[0][0] if rows and rows[0][0] is not None else None

    def latest_message(self, contact_id: str) -> dict[str, Any] | None:
        """The newest stored message of `contact_id` as the service sent it, or None."""
        messages, _ = self.messages_page(contact_id, 0, 1)
        return messages[0] if messages else None

    def latest_messages(self, contact_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The newest stored message of each of `contact_ids` that has one."""
        found: dict[str, dict[str, Any]] = {}
        for contact_id in contact_ids:
            message = self.latest_message(contact_id)
            if message is not None:
                found[contact_id] = message
        return found

    def conversation_total(self, contact_id: str) -> int | None:
        """How many messages the service last said `contact_id`'s conversation has."""
        rows = self._read("SELECT total FROM contacts WHERE contact_id = ?", (contact_id,))
        return rows[0][0] if rows else None

    def newest_message_at(self, contact_id: str) -> float | None:
        """When the newest stored message of `contact_id` was written (None: none stored)."""
        rows = self._read("SELECT max(created) FROM messages WHERE contact_id = ?", (contact_id,))
        return rows[0][0] if rows and rows[0][0] is not None else None

    def stale_conversations(self, user_id: str, limit: int) -> list[tuple[str, float]]:
        """Up to `limit` conversations of `user_id`'s stored inbox, latest activity first,
        whose first page is older than the row's `lastActivityAt`: neither fetched since
        (`mark_synced`) nor holding a message as new. As (contact ID, activity)."""
        rows = self._read(
            "SELECT i.contact_id, i.activity FROM inbox AS i "
            "LEFT JOIN contacts AS c ON c.contact_id = i.contact_id "
            "WHERE i.user_id = ? AND coalesce(c.synced, -1) < i.activity "
            "AND coalesce((SELECT max(m.created) FROM messages AS m "
            "WHERE m.contact_id = i.contact_id), -1) < i.activity "
            "ORDER BY i.activity DESC LIMIT ?",
            (user_id, limit),
        )
        return [(contact_id, float(activity)) for contact_id, activity in rows]

    def synced_at(self, contact_id: str) -> float | None:
        """The inbox activity `contact_id`'s first page was last fetched at (`mark_synced`)."""
        rows = self._read("SELECT synced FROM contacts WHERE contact_id = ?", (contact_id,))
        return rows[0][0] if rows else None

    def campaign_name(self, campaign_id: str) -> str | None:
        """A campaign's name as a stored message gave it."""
        rows = self._read("SELECT name FROM campaigns WHERE campaign_id = ?", (campaign_id,))
        return rows[0][0] if rows else None

    def search(self, text: str, *, limit: int = 100) -> list[SearchHit]:
        """Conversations matching every word of `text` (as prefixes, accents ignored), best
        first: a hit in names or a lead's new words before one only in quoted history; one
        hit per conversation, with its matching line."""
        query = fts_query(text)
        if not query:
            return []
        strong = "{people words} : (" + query + ")"
        weak = "quoted : (" + query + ")"
        best: dict[str, tuple[int, bool]] = {}
        for match, is_strong in ((strong, True), (weak, False)):
            if len(best) >= limit:
                break
            rows = self._read(
                "SELECT rowid, contact_id FROM search WHERE search MATCH ? "
                "ORDER BY bm25(search, 0.0, 10.0, 5.0, 1.0) LIMIT ?",
                (match, SEARCH_ROWS),
            )
            for rowid, contact_id in rows:
                if contact_id not in best:
                    best[contact_id] = (rowid, is_strong)
                    if len(best) >= limit:
                        break
        hits: list[SearchHit] = []
        for contact_id, (rowid, is_strong) in best.items():
            found = self._read(
                "SELECT s.people, s.words, s.quoted, c.name, c.email, c.activity, m.message_key "
                "FROM search AS s LEFT JOIN contacts AS c ON c.contact_id = s.contact_id "
                "LEFT JOIN messages AS m ON s.rowid > 0 AND m.rowid = s.rowid "
                "WHERE s.rowid = ?",
                (rowid,),
            )
            if not found:
                continue
            people, words, quoted, name, email, activity, key = found[0]
            line = ""
            for source in (words, people, quoted) if is_strong else (quoted, words, people):
                line = matching_line(source or "", text)
                if line:
                    break
            message_id = key[3:] if isinstance(key, str) and key.startswith("id:") else None
            hits.append(
                SearchHit(
                    contact_id=contact_id,
                    name=name or "",
                    email=email or "",
                    message_id=message_id,
                    line=line,
                    in_quote=not is_strong,
                    activity=activity or 0.0,
                )
            )
        return hits

    # ------------------------------------------------------------------ size

    def size_bytes(self) -> int:
        """The bytes the cache's pages hold (free pages not counted)."""
        rows = self._read(
            "SELECT (SELECT page_count FROM pragma_page_count()) - "
            "(SELECT freelist_count FROM pragma_freelist_count()), "
            "(SELECT page_size FROM pragma_page_size())"
        )
        pages, size = rows[0]
        return int(pages) * int(size)

    def _prune(self) -> None:
        prune_to(self._db, self.max_bytes)

    def prune(self) -> None:
        """Bring the file under `cache_max_mb` now (it is also checked every few writes)."""
        with self._lock:
            try:
                self._prune()
            except sqlite3.Error as error:
                raise CacheUnavailable(_reason(error)) from None


def open_cache(
    base_url: str,
    api_key: str,
    *,
    folder: Path | None = None,
    max_mb: int = DEFAULT_MAX_MB,
    indexer: Indexer = plain_index,
) -> CacheStore:
    """The cache for `api_key` at `base_url`, opened; `CacheUnavailable` (one line) when it
    cannot be used."""
    try:
        path = cache_file(folder if folder is not None else cache_dir(), base_url, api_key)
    except CacheLocationError as error:
        raise CacheUnavailable(str(error)) from None
    return CacheStore.open(path, max_mb=max_mb, indexer=indexer)
