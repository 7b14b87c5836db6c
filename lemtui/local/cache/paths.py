"""Where the cache lives and what it is called: one SQLite file per API key and base URL.

The folder is `$XDG_CACHE_HOME/lemtui/` (else `~/.cache/lemtui/`), 0700; a random per-install
salt (`salt`, 0600) keys an HMAC-SHA256 of the base URL and the key, whose hex names the file:
the key itself is never written, nor a plain hash of it that could be tested against guesses.
A folder or file that is a symlink, or not the user's, is refused. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "CACHE_PREFIX",
    "CacheLocationError",
    "Forgotten",
    "cache_dir",
    "cache_file",
    "ensure_private_dir",
    "forget",
]

APP_NAME: Final = "lemtui"
CACHE_PREFIX: Final = "cache-"
SUFFIX: Final = ".sqlite3"
SALT_FILE: Final = "salt"
SALT_BYTES: Final = 32
_SIDE_FILES: Final = ("", "-wal", "-shm", "-journal")


class CacheLocationError(Exception):
    """The cache folder or file cannot be used safely (said in one line, with the path)."""


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/lemtui` (platformdirs' user cache dir); CacheLocationError without a
    home directory to put it in."""
    from platformdirs import user_cache_path

    try:
        path = user_cache_path(APP_NAME)
    except (RuntimeError, KeyError):
        raise CacheLocationError(
            "Cannot find a home directory for the cache: set HOME or XDG_CACHE_HOME"
        ) from None
    if not path.is_absolute():
        raise CacheLocationError(f"The cache folder {path} is not an absolute path")
    return path


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` 0700 (parents as needed) or check it: a real directory of ours (a
    symlink is refused), narrowed to 0700 when it was wider."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise CacheLocationError(
            f"Cannot create the cache folder {folder}: {exc.strerror}"
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise CacheLocationError(f"The cache folder {folder} is not a folder (a symlink?)")
    if info.st_uid != os.getuid():
        raise CacheLocationError(f"The cache folder {folder} belongs to another user")
    if stat.S_IMODE(info.st_mode) != 0o700:
        try:
            folder.chmod(0o700)
        except OSError as exc:
            raise CacheLocationError(
                f"Cannot make the cache folder {folder} private: {exc.strerror}"
            ) from None


def open_private(path: Path, flags: int) -> int:
    """`os.open` of a regular file of ours, 0600, never through a symlink."""
    fd = os.open(path, flags | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CacheLocationError(f"{path} is not a regular file")
        if info.st_uid != os.getuid():
            raise CacheLocationError(f"{path} belongs to another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _salt(folder: Path) -> bytes:
    """The install's salt: read, or made once (32 random bytes, 0600, never replaced)."""
    path = folder / SALT_FILE
    try:
        fd = open_private(path, os.O_RDONLY)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise CacheLocationError(f"Cannot read the cache's salt {path}: {exc.strerror}") from None
    else:
        with os.fdopen(fd, "rb") as handle:
            salt = handle.read(SALT_BYTES + 1)
        if len(salt) == SALT_BYTES:
            return salt
        raise CacheLocationError(f"The cache's salt {path} is damaged: run lemtui --forget")
    salt = os.urandom(SALT_BYTES)
    try:
        fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:  # another lemtui made it meanwhile: use theirs
        return _salt(folder)
    except OSError as exc:
        raise CacheLocationError(f"Cannot write the cache's salt {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(salt)
    return salt


def cache_file(folder: Path, base_url: str, api_key: str) -> Path:
    """The cache file for this key at this base URL (the folder is made private first)."""
    import hashlib
    import hmac

    ensure_private_dir(folder)
    digest = hmac.new(_salt(folder), f"{base_url}\n{api_key}".encode(), hashlib.sha256).hexdigest()
    return folder / f"{CACHE_PREFIX}{digest[:40]}{SUFFIX}"


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What `forget` removed: how many caches, how many bytes, and what it could not."""

    files: int
    size: int
    failed: tuple[str, ...] = ()

    @property
    def size_label(self) -> str:
        """The size as people read it ("12.3 MB")."""
        size = float(self.size)
        for unit in ("bytes", "KB", "MB"):
            if size < 1000:
                return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
            size /= 1000
        return f"{size:.1f} GB"


def forget(folder: Path) -> Forgotten:
    """Delete every cache in `folder` (and its WAL files, and the salt, so even the file names
    cannot be matched again); the folder goes too when nothing else is in it."""
    files = size = 0
    failed: list[str] = []
    if folder.is_symlink():  # what it points to is not ours to empty
        return Forgotten(0, 0, (f"{folder}: a symlink, not lemtui's cache folder",))
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return Forgotten(0, 0)
    except OSError as exc:
        return Forgotten(0, 0, (f"{folder}: {exc.strerror}",))
    for entry in entries:
        name = entry.name
        ours = name.startswith(CACHE_PREFIX) and any(
            name.endswith(SUFFIX + side) for side in _SIDE_FILES
        )
        if not ours and name != SALT_FILE and not name.startswith(".lemtui-"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            os.unlink(entry.path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            failed.append(f"{entry.path}: {exc.strerror}")
            continue
        if ours:
            size += info.st_size
            files += name.endswith(SUFFIX)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty
    return Forgotten(files, size, tuple(failed))
