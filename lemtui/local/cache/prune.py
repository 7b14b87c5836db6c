"""Keeping the cache under `cache_max_mb`: the least recently active conversations go first.

Standard library only; called by the store, under its lock, between writes.
"""

from __future__ import annotations

import sqlite3

__all__ = ["prune_to"]


def prune_to(db: sqlite3.Connection, max_bytes: int) -> None:
    """Past `max_bytes`, drop the least recently active conversations (their messages,
    index rows and inbox rows) until the file is under nine tenths of it."""

    def used() -> int:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        return int(pages - free) * int(db.execute("PRAGMA page_size").fetchone()[0])

    if used() <= max_bytes:
        return
    target = max_bytes * 9 // 10
    for _ in range(8):  # each round drops about what it must, then measures again
        excess = used() - target
        if excess <= 0:
            break
        # A conversation's share of the file is taken as its share of the raw JSON.
        rows = db.execute(
            "SELECT c.contact_id, coalesce((SELECT sum(length(m.raw)) FROM messages AS m "
            "WHERE m.contact_id = c.contact_id), 0) + 512 FROM contacts AS c "
            "ORDER BY c.activity, c.rowid"
        ).fetchall()
        scale = (excess + target) / max(1, sum(size for _, size in rows))
        doomed: list[str] = []
        weight = 0.0
        for contact_id, size in rows:
            doomed.append(contact_id)
            weight += size * scale
            if weight >= excess:
                break
        if not doomed:
            break
        db.execute("BEGIN IMMEDIATE")
        try:
            for contact_id in doomed:
                db.execute("DELETE FROM search WHERE contact_id = ?", (contact_id,))
                db.execute("DELETE FROM messages WHERE contact_id = ?", (contact_id,))
                db.execute("DELETE FROM inbox WHERE contact_id = ?", (contact_id,))
                db.execute("DELETE FROM contacts WHERE contact_id = ?", (contact_id,))
            # Deleted index entries stay as tombstones until the segments are merged.
            db.execute("INSERT INTO search (search) VALUES ('optimize')")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    db.execute("PRAGMA incremental_vacuum")
