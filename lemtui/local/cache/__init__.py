"""The local cache: what lemtui has read, kept in SQLite with an FTS5 index. No UI.

`open_cache` finds (or makes) the file for a key; `CacheStore` stores pages and answers
reads and searches; `forget` deletes every cache. See README's "The local cache".
"""

from __future__ import annotations

from pathlib import Path

from lemtui.local.cache.paths import CacheLocationError, Forgotten, cache_dir, cache_file, forget
from lemtui.local.cache.query import SearchHit, fts_query
from lemtui.local.cache.store import (
    DEFAULT_MAX_MB,
    CacheStore,
    CacheUnavailable,
    Indexer,
    plain_index,
)

__all__ = [
    "DEFAULT_MAX_MB",
    "CacheLocationError",
    "CacheStore",
    "CacheUnavailable",
    "Forgotten",
    "Indexer",
    "SearchHit",
    "cache_dir",
    "cache_file",
    "forget",
    "fts_query",
    "open_cache",
    "plain_index",
]


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
