"""The local cache: what lemtui has read, kept in SQLite with an FTS5 index. No UI.

`store.open_cache` finds (or makes) the file for a key; `store.CacheStore` stores pages and
answers reads and searches; `paths.forget` deletes every cache; `worker.CacheWorker` runs a
store on a thread of its own for asyncio callers. Nothing is imported here, so that naming a
submodule (the UI's glue does at start) loads neither sqlite3 nor hashing before a frame.
"""
