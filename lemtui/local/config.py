"""Settings from flags, the environment and a TOML config file, in that order of precedence.

The API key is looked up last and lazily (an `api_key_command` may prompt a password manager),
and it lives only inside a `Secret`.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import stat
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from platformdirs import user_config_path, user_state_path

from lemtui.lemlist.limits import DEFAULT_TIMEOUT
from lemtui.lemlist.live import (
    DEFAULT_REFRESH_SECONDS,
    MIN_REFRESH_SECONDS,
    NOTIFY_MODES,
    NotifyMode,
)
from lemtui.lemlist.secret import Secret

__all__ = [
    "DEFAULT_CACHE_MB",
    "DEFAULT_PAGE_SIZE",
    "ConfigError",
    "FileConfig",
    "Settings",
    "check_api_key",
    "config_path",
    "default_export_dir",
    "load_file_config",
    "refresh_problem",
    "resolve_api_key",
    "run_key_command",
    "state_dir",
]

APP_NAME: Final = "lemtui"
DEFAULT_PAGE_SIZE: Final = 50
KEY_COMMAND_TIMEOUT: Final = 15.0
"""Seconds `api_key_command` may run before it and its process group are stopped."""
KEY_COMMAND_MAX_OUTPUT: Final = 4096
"""Bytes of `api_key_command` output read at most; a key is one short line."""
MAX_KEY_LENGTH: Final = 256
"""The longest API key accepted: lemlist keys are far shorter, and the key goes in every
request's header (a 10 MB "key" would be sent as a 13 MB header, and fail obscurely)."""

ENV_API_KEY: Final = "LEMLIST_API_KEY"
ENV_BASE_URL: Final = "LEMLIST_BASE_URL"
ENV_USER_ID: Final = "LEMLIST_USER_ID"
ENV_CONFIG: Final = "LEMTUI_CONFIG"

_KNOWN_KEYS: Final = frozenset(
    {
        "api_key",
        "ascii",
        "api_key_command",
        "base_url",
        "user_id",
        "page_size",
        "mark_as_read",
        "read_only",
        "editor",
        "theme",
        "keys",
        "refresh_seconds",
        "notify",
        "cache",
        "cache_max_mb",
        "cache_fill",
    }
)
MAX_REFRESH_SECONDS: Final = 86_400
DEFAULT_CACHE_MB: Final = 500
MAX_CACHE_MB: Final = 1_000_000


class ConfigError(Exception):
    """A setting that cannot be used, said in one line (never containing the key)."""


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The config file: `$LEMTUI_CONFIG`, else `<platform config dir>/lemtui/config.toml`."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_CONFIG)
    try:
        if override:
            return Path(override).expanduser()
        return user_config_path(APP_NAME) / "config.toml"
    except (RuntimeError, KeyError):  # no home directory to expand or look up
        raise ConfigError(
            "Cannot find a home directory for the config file: set HOME or LEMTUI_CONFIG"
        ) from None


def default_export_dir() -> Path | None:
    """`~/lemtui-exports`, or None when there is no home directory (HOME unset, no passwd)."""
    try:
        return Path.home() / "lemtui-exports"
    except (RuntimeError, KeyError, OSError):
        return None


def state_dir() -> Path:
    """Where small state (recent contacts) is kept: the platform's state dir."""
    return user_state_path(APP_NAME)


@dataclass(frozen=True, slots=True)
class FileConfig:
    """What the config file says; every field optional."""

    path: Path
    api_key: Secret | None = None
    api_key_command: str | None = None
    base_url: str | None = None
    user_id: str | None = None
    page_size: int | None = None
    mark_as_read: bool | None = None
    read_only: bool | None = None
    editor: str | None = None
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    refresh_seconds: int | None = None
    notify: NotifyMode | None = None
    ascii: bool | None = None
    cache: bool | None = None
    cache_max_mb: int | None = None
    cache_fill: bool | None = None


def refresh_problem(value: object) -> str | None:
    """Why `value` cannot be `refresh_seconds` (None when it can): 0 turns refreshing off,
    else whole seconds from 15 (a day at most)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return "must be a whole number of seconds"
    if value == 0 or MIN_REFRESH_SECONDS <= value <= MAX_REFRESH_SECONDS:
        return None
    return (
        f"must be 0 (off) or from {MIN_REFRESH_SECONDS} to {MAX_REFRESH_SECONDS:,} seconds "
        "(lemlist counts every request against your rate limit)"
    )


def load_file_config(path: Path) -> FileConfig:
    """Read the TOML config file; a missing file is an empty config.

    A file that holds `api_key` must not be readable by group or others (as ssh does).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return FileConfig(path=path)
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}") from None
    try:
        return _parse_file_config(path, raw)
    except RecursionError:
        # tomllib recurses once per level of nested arrays or inline tables.
        raise ConfigError(
            f"The config file {path} is nested too deeply to be a lemtui config"
        ) from None


def _parse_file_config(path: Path, raw: bytes) -> FileConfig:
    import tomllib  # here: compiling its patterns costs ~6 ms, and most users have no file

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        # TOMLDecodeError's text quotes no content, only a position.
        reason = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "not UTF-8"
        raise ConfigError(f"The config file {path} is not valid TOML ({reason})") from None
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"Unknown setting(s) in {path}: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_KNOWN_KEYS))})"
        )
    api_key = _opt_str(data, "api_key", path)
    _check_ownership(path, holds_key=api_key is not None)
    page_size = data.get("page_size")
    if page_size is not None and (
        not isinstance(page_size, int) or isinstance(page_size, bool) or not 1 <= page_size <= 100
    ):
        raise ConfigError(f"page_size in {path} must be a whole number from 1 to 100")
    mark = data.get("mark_as_read")
    if mark is not None and not isinstance(mark, bool):
        raise ConfigError(f"mark_as_read in {path} must be true or false")
    read_only = data.get("read_only")
    if read_only is not None and not isinstance(read_only, bool):
        raise ConfigError(f"read_only in {path} must be true or false")
    editor = _editor(data.get("editor"), path)
    ascii_only = data.get("ascii")
    if ascii_only is not None and not isinstance(ascii_only, bool):
        raise ConfigError(f"ascii in {path} must be true or false")
    refresh = data.get("refresh_seconds")
    problem = refresh_problem(refresh) if refresh is not None else None
    if problem:
        raise ConfigError(f"refresh_seconds in {path} {problem}")
    cache_max_mb = data.get("cache_max_mb")
    if cache_max_mb is not None and (
        not isinstance(cache_max_mb, int)
        or isinstance(cache_max_mb, bool)
        or not 1 <= cache_max_mb <= MAX_CACHE_MB
    ):
        raise ConfigError(
            f"cache_max_mb in {path} must be a whole number of megabytes from 1 to {MAX_CACHE_MB:,}"
        )
    notify = data.get("notify")
    if notify is not None and notify not in NOTIFY_MODES:
        raise ConfigError(f"notify in {path} must be one of {', '.join(NOTIFY_MODES)}")
    return FileConfig(
        path=path,
        api_key=check_api_key(api_key, f"api_key in {path}") if api_key else None,
        api_key_command=_opt_str(data, "api_key_command", path),
        base_url=_opt_str(data, "base_url", path),
        user_id=_opt_str(data, "user_id", path),
        page_size=page_size,
        mark_as_read=mark,
        read_only=read_only,
        editor=editor,
        theme=_opt_str(data, "theme", path),
        keys=_keys(data.get("keys"), path),
        refresh_seconds=refresh,
        notify=notify,
        ascii=ascii_only,
        cache=_opt_bool(data, "cache", path),
        cache_max_mb=cache_max_mb,
        cache_fill=_opt_bool(data, "cache_fill", path),
    )


def _opt_bool(data: Mapping[str, Any], key: str, path: Path) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise ConfigError(f"{key} in {path} must be true or false")
    return value


def _check_ownership(path: Path, *, holds_key: bool) -> None:
    """Refuse a config file that someone else could have written (it can run a command and
    choose where the key is sent), and one holding the key that others can read (as ssh does)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}") from None
    import shlex

    quoted = shlex.quote(str(path))
    if info.st_uid != os.getuid():
        raise ConfigError(f"The config file {path} belongs to another user: refusing to use it")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ConfigError(
            f"The config file {path} can be changed by group/others: run  chmod go-w {quoted}"
        )
    if holds_key and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"The config file {path} holds api_key but group/others can read it: "
            f"run  chmod 600 {quoted}"
        )


def _editor(value: Any, path: Path) -> str | None:
    """`editor`: "builtin" (lemtui's own text area) or a command run with the file's path."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f'editor in {path} must be "builtin" or a command, as in "vim"')
    import shlex

    try:
        words = shlex.split(value)
    except ValueError:
        raise ConfigError(f"editor in {path} is not a valid command line") from None
    if not words:
        raise ConfigError(f'editor in {path} must be "builtin" or a command, as in "vim"')
    return value.strip()


_KEY_NAME = re.compile(r"[a-z_]{1,40}")
_KEY_SPEC = re.compile(r"[A-Za-z0-9_+,-]{1,60}")


def _keys(value: Any, path: Path) -> dict[str, str]:
    """The `[keys]` table: binding name → key(s), e.g. `open_contact = "O"` or `"O,ctrl+o"`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f'[keys] in {path} must be a table of name = "key"')
    keys: dict[str, str] = {}
    for name, spec in value.items():
        compact = spec.replace(" ", "") if isinstance(spec, str) else ""
        if not _KEY_NAME.fullmatch(name) or not _KEY_SPEC.fullmatch(compact):
            raise ConfigError(
                f"[keys] in {path}: {name!r} must be a binding name set to keys like "
                '"O" or "ctrl+o,O"'
            )
        if "" in compact.split(","):
            raise ConfigError(
                f"[keys] in {path}: {name} = {compact!r} has an empty key name "
                '(keys are separated by single commas, as in "ctrl+o,O")'
            )
        keys[name] = compact
    return keys


def _opt_str(data: Mapping[str, Any], key: str, path: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{key} in {path} must be a string")
    return value


def check_api_key(value: str, source: str) -> Secret:
    """The key (surrounding whitespace removed) in a `Secret`, or `ConfigError` when its shape
    cannot be an API key: longer than `MAX_KEY_LENGTH`, or with a character outside visible
    ASCII. Checked before any request; the message says where the key came from, never what
    it is.
    """
    key = value.strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ConfigError(
            f"The API key from {source} is {len(key):,} characters long, not a key "
            f"(lemlist keys are at most {MAX_KEY_LENGTH}): check {source}"
        )
    for position, char in enumerate(key, start=1):
        if not "!" <= char <= "~":
            kind = "a space" if char.isspace() else "a control or non-ASCII character"
            raise ConfigError(
                f"The API key from {source} has {kind} at position {position}, which no API "
                f"key has: check {source}"
            )
    return Secret(key)


def run_key_command(command: str, *, timeout: float = KEY_COMMAND_TIMEOUT) -> Secret:
    """Run `api_key_command` (no shell) and take the first line of its stdout as the key.

    The command runs in a session of its own with no terminal and no stdin (it cannot prompt
    here; password managers prompt through their agents). At most `KEY_COMMAND_MAX_OUTPUT`
    bytes are read: past that, or past `timeout` seconds, its whole process group is stopped.
    The first line is taken as soon as the command itself exits, whatever children it left
    holding the pipe. Its output is never shown: on failure only the exit status is reported.
    """
    import shlex

    try:
        argv = shlex.split(command)
    except ValueError:
        raise ConfigError("api_key_command is not a valid command line") from None
    if not argv:
        raise ConfigError("api_key_command is empty")
    try:
        process = subprocess.Popen(  # noqa: S603 - the user's own configured command
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise ConfigError(f"api_key_command: {argv[0]!r} not found") from None
    except OSError as exc:
        raise ConfigError(f"api_key_command could not run: {exc.strerror}") from None
    assert process.stdout is not None
    with process.stdout:
        try:
            output, status = _read_key_output(process, process.stdout.fileno(), timeout)
        except BaseException:  # Ctrl-C reaches only us: the command has a session of its own
            _stop_group(process)
            raise
    if status is not None and status != 0:
        raise ConfigError(f"api_key_command failed (exit status {status})")
    if len(output) > KEY_COMMAND_MAX_OUTPUT and b"\n" not in output:
        raise ConfigError(
            f"api_key_command printed more than {KEY_COMMAND_MAX_OUTPUT:,} bytes without a "
            "line break, which is not a key: stopped it"
        )
    first = bytes(output).split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if not first:
        raise ConfigError("api_key_command printed no key")
    return check_api_key(first, "api_key_command")


def _read_key_output(
    process: subprocess.Popen[bytes], fd: int, timeout: float
) -> tuple[bytearray, int | None]:
    """The command's output (at most one byte over the cap) and its exit status.

    The status is None when the output ran over the cap and the command was stopped.
    """
    deadline = time.monotonic() + timeout
    output = bytearray()
    os.set_blocking(fd, False)
    at_eof = False
    while len(output) <= KEY_COMMAND_MAX_OUTPUT:
        status = process.poll()
        if status is not None:
            # What is in the pipe now is the command's; a child may hold it open forever.
            while not at_eof and len(output) <= KEY_COMMAND_MAX_OUTPUT:
                before = len(output)
                at_eof = _read_some(fd, output)
                if len(output) == before:
                    break
            return output, status
        left = deadline - time.monotonic()
        if left <= 0:
            _stop_group(process)
            raise ConfigError(
                f"api_key_command did not finish within {timeout:.0f} s: stopped it "
                "and its child processes"
            )
        if at_eof:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=min(left, 0.05))
        elif select.select([fd], [], [], min(left, 0.05))[0]:
            at_eof = _read_some(fd, output)
    _stop_group(process)
    return output, None


def _read_some(fd: int, output: bytearray) -> bool:
    """Append what the pipe holds now, never blocking nor passing the cap; True at EOF."""
    try:
        chunk = os.read(fd, KEY_COMMAND_MAX_OUTPUT + 1 - len(output))
    except BlockingIOError:
        return False
    output += chunk
    return not chunk


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the command's whole process group (it leads it) and reap the command."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def resolve_api_key(environ: Mapping[str, str], file_config: FileConfig) -> Secret | None:
    """The key by precedence: environment, then the file's `api_key`, then `api_key_command`.

    Each is checked for a key's shape (`check_api_key`) before it can be sent anywhere.
    """
    from_env = environ.get(ENV_API_KEY, "").strip()
    if from_env:
        return check_api_key(from_env, ENV_API_KEY)
    if file_config.api_key:
        return file_config.api_key
    if file_config.api_key_command:
        return run_key_command(file_config.api_key_command)
    return None


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app and `--print` need, resolved once at start-up."""

    api_key: Secret | None
    base_url: str
    user_id: str | None
    page_size: int
    mark_as_read: bool
    theme: str | None
    demo: bool
    config_file: Path
    keys: Mapping[str, str] = field(default_factory=dict)
    """Key overrides from the config's `[keys]` table: binding name → keys."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one request may take in all (`--timeout`)."""
    read_only: bool = False
    """No write of any kind: no draft, no email, no mark-as-read (`--read-only`)."""
    editor: str | None = None
    """The config's `editor`: "builtin", a command, or None ($VISUAL, else $EDITOR)."""
    refresh_seconds: int = DEFAULT_REFRESH_SECONDS
    """Seconds between refreshes of the shown list; 0: never on its own."""
    notify: NotifyMode = "none"
    """How arrivals are announced: not at all, the bell, or a desktop notification."""
    ascii: bool | None = None
    """The config's `ascii`: draw with ASCII only (None: tell from the terminal)."""
    cache: bool = True
    """Keep what is read in the local cache (`cache = false` / `--no-cache`: write nothing)."""
    cache_max_mb: int = DEFAULT_CACHE_MB
    """The cache's size past which the least recently active conversations are dropped."""
    cache_fill: bool = False
    """Fill the cache slowly in the background (a quarter of the rate budget at most)."""
