"""The cache's schema and its migrations, by `PRAGMA user_version`. Standard library only.

Version 1 holds inbox rows, messages (raw, keyed by the service's IDs), contacts and campaign
names as the service sent them, and one FTS5 table over names, emails, companies, campaign
names and the text of each message: its new words apart from its quoted history, so that a hit
in what the lead wrote ranks above one in what they quoted. A file of a later version (a newer
lemtui wrote it) is never touched.
"""

from __future__ import annotations

import sqlite3
from typing import Final

__all__ = ["SCHEMA_VERSION", "NewerSchemaError", "migrate"]

TOKENIZE: Final = "unicode61 remove_diacritics 2"

_V1: Final = (
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE inbox (
        user_id TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        activity REAL NOT NULL DEFAULT 0,
        raw TEXT NOT NULL,
        stored_at REAL NOT NULL,
        PRIMARY KEY (user_id, contact_id)
    )""",
    """CREATE INDEX inbox_by_activity ON inbox (user_id, activity DESC)""",
    """CREATE TABLE messages (
        rowid INTEGER PRIMARY KEY,
        contact_id TEXT NOT NULL,
        message_key TEXT NOT NULL,
        created REAL NOT NULL DEFAULT 0,
        raw TEXT NOT NULL,
        stored_at REAL NOT NULL,
        indexed INTEGER NOT NULL DEFAULT 1,
        UNIQUE (contact_id, message_key)
    )""",
    """CREATE INDEX messages_by_date ON messages (contact_id, created DESC)""",
    """CREATE INDEX messages_to_index ON messages (indexed) WHERE indexed = 0""",
    """CREATE TABLE contacts (
        rowid INTEGER PRIMARY KEY,
        contact_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        raw TEXT,
        activity REAL NOT NULL DEFAULT 0,
        synced REAL,
        total INTEGER
    )""",
    """CREATE TABLE campaigns (campaign_id TEXT PRIMARY KEY, name TEXT NOT NULL)""",
    f"""CREATE VIRTUAL TABLE search USING fts5 (
        contact_id UNINDEXED,
        people,
        words,
        quoted,
        tokenize = "{TOKENIZE}"
    )""",
)
"""Message rows of `search` share the messages' rowid; contact rows use minus the contact's."""

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (_V1,)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class NewerSchemaError(Exception):
    """The file was written by a newer lemtui (its schema version is above ours)."""


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the file to `SCHEMA_VERSION`, each step one transaction; a newer file raises."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"the cache was written by a newer lemtui (schema {version}, this one knows "
            f"{SCHEMA_VERSION})"
        )
    if version == 0:
        # Pages freed by pruning go back to the file system (set before the first table).
        connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
    for number in range(version, SCHEMA_VERSION):
        connection.execute("BEGIN IMMEDIATE")
        try:
            (now,) = connection.execute("PRAGMA user_version").fetchone()
            if now == number:  # another lemtui may have migrated meanwhile
                for statement in MIGRATIONS[number]:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number + 1}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
