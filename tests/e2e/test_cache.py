"""The local cache end to end (issue 21): the real command on a pty, the fake API over HTTP.

Each test gets its own XDG cache folder; the key is the demo key, so the file name, mode and
contents can be checked without any real key.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lemtui.demo.data import SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, FakeLemlist
from tests.support.pty import PtyProcess
from tests.support.server import FakeServer

ROOT = Path(__file__).resolve().parent.parent.parent
KEY = "lemtui-cache-test-key-9f8e7d6c"
"""A key no cache file may hold (the demo's, "demo", is too common a word)."""


def _env(tmp_path: Path, key: str = KEY, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEMLIST_", "LEMTUI_"))}
    env.update(
        LEMLIST_API_KEY=key,
        LEMTUI_CONFIG=str(tmp_path / "config.toml"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        HOME=str(tmp_path),
        TERM="xterm-256color",
        **extra,
    )
    return env


def _reader(url: str, env: dict[str, str], *args: str) -> PtyProcess:
    argv = [sys.executable, "-m", "lemtui", "--base-url", url, "--user-id", DEMO_USER_ID, *args]
    return PtyProcess(argv, env=env, cwd=ROOT, cols=120, rows=40, budget=90.0)


def _lemtui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lemtui", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def _cache_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "cache" / "lemtui"
    return sorted(folder.glob("cache-*.sqlite3")) if folder.exists() else []


def _read_once(url: str, env: dict[str, str]) -> str:
    """Open the inbox and the first conversation, then quit; what the screen showed."""
    term = _reader(url, env)
    try:
        assert term.wait_for_text("Inbox", 30.0) is not None, term.text[-2000:]
        assert term.wait_for_text(" loaded", 30.0) is not None, term.text[-2000:]
        term.settle(0.3, 5.0)
        term.press(b"\r")
        assert term.wait_for_text("mark-as-read:", 30.0) is not None, term.text[-2000:]
        term.settle(0.5, 5.0)
        shown = term.text
        term.press(b"q")
    finally:
        term.finish()
    return shown


def test_what_was_read_shows_offline_from_the_cache(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        url = server.url
        _read_once(url, env)
    # The server is gone: the same port refuses connections.
    term = _reader(url, env)
    try:
        offline = term.wait_for_text("offline: showing what was read up to", 30.0)
        inbox_text = term.text
        term.settle(0.3, 5.0)
        notes = inbox_text.count("offline: showing")
        term.press(b"\r")
        opened = term.wait_for_text("z Quotes", 30.0)  # the conversation's own keys
        term.settle(0.5, 5.0)
        screen = term.text
        conversation = screen[len(inbox_text) :]
        term.press(b"q")
    finally:
        code = term.finish()
    assert offline is not None, inbox_text[-3000:]
    assert opened is not None, screen[-3000:]
    assert notes and "offline: showing what was read up to" in conversation  # its own note
    assert "← " in conversation and "→ " in conversation  # its messages, from the cache
    assert "Traceback" not in screen
    assert code == 0


def test_print_asks_lemlist_unless_offline(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        url = server.url
        assert _lemtui(env, "--base-url", url, "--user-id", DEMO_USER_ID, "--sync").returncode == 0
    online = _lemtui(env, "--base-url", url, "--print", SAMPLE_CONTACT_ID)
    offline = _lemtui(env, "--base-url", url, "--print", "--offline", SAMPLE_CONTACT_ID)
    assert online.returncode == 1  # the service is gone, and --print does not fall back
    assert offline.returncode == 0, offline.stderr
    assert "Megatron" in offline.stdout


def test_the_file_is_private_and_holds_no_key(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        _read_once(server.url, env)
    [path] = _cache_files(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in path.parent.iterdir():
        assert KEY.encode() not in file.read_bytes()
    assert KEY not in path.name


def test_search_finds_a_word_only_in_a_message_body(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        url = server.url
        assert _lemtui(env, "--base-url", url, "--user-id", DEMO_USER_ID, "--sync").returncode == 0
        # "Megatron" is in the sample conversation's body only (a cat's name).
        found = _lemtui(env, "--base-url", url, "--search", "megatr", "--format", "json")
        assert found.returncode == 0, found.stderr
        assert SAMPLE_CONTACT_ID in found.stdout
        # In the reader: / and the word, Enter opens that conversation.
        term = _reader(url, env)
        try:
            assert term.wait_for_text(" loaded", 30.0) is not None
            term.settle(0.3, 5.0)
            term.press(b"/")
            for char in b"megatron":
                term.press(bytes([char]), 0.05)
            term.press(b"\r", 0.5)
            shown = term.wait_for_text("Megatron", 20.0)
            term.press(b"\r", 0.5)
            opened = term.wait_for_text(SAMPLE_CONTACT_ID[:8], 20.0)  # cut beside the name
            screen = term.text
            term.press(b"q")
        finally:
            term.finish()
    assert shown is not None, screen[-3000:]
    assert opened is not None, screen[-3000:]


def test_cache_false_creates_no_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("cache = false\n", encoding="utf-8")
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        _read_once(server.url, env)
        _lemtui(env, "--base-url", server.url, "--no-cache", "--search", "x")
    assert not (tmp_path / "cache").exists()
    searched = _lemtui(_env(tmp_path / "fresh"), "--base-url", server.url, "--search", "x")
    assert "no cache for this API key yet" in searched.stderr
    assert not (tmp_path / "fresh" / "cache").exists()  # asking made nothing


def test_a_corrupt_and_a_read_only_cache_each_start_cleanly(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        _read_once(server.url, env)
        [path] = _cache_files(tmp_path)
        for file in path.parent.glob(path.name + "-*"):
            file.unlink()
        path.write_bytes(b"this is not a database" * 100)
        shown = _read_once(server.url, env)
        assert "Running without the local cache" in shown
        assert "--forget" in shown
        path.unlink()
        _read_once(server.url, env)  # a fresh cache
        [path] = _cache_files(tmp_path)
        path.chmod(0o400)
        path.parent.chmod(0o500)
        try:
            shown = _read_once(server.url, env)
        finally:
            path.parent.chmod(0o700)
            path.chmod(0o600)
    assert "Traceback" not in shown


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY, rate_limit=1000)) as server:
        results: list[int] = []

        def sync() -> None:
            done = _lemtui(env, "--base-url", server.url, "--user-id", DEMO_USER_ID, "--sync")
            results.append(done.returncode)

        threads = [threading.Thread(target=sync) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [0, 0]
    [path] = _cache_files(tmp_path)
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT count(*) FROM messages").fetchone()
        (dupes,) = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM messages GROUP BY contact_id, message_key "
            "HAVING count(*) > 1)"
        ).fetchone()
    assert count > 0
    assert dupes == 0


def test_another_key_sees_none_of_the_rows(tmp_path: Path) -> None:
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        env = _env(tmp_path)
        assert (
            _lemtui(env, "--base-url", server.url, "--user-id", DEMO_USER_ID, "--sync").returncode
            == 0
        )
        other = _env(tmp_path, key="another-teams-key-1234")
        found = _lemtui(other, "--base-url", server.url, "--search", "megatron")
    assert SAMPLE_CONTACT_ID not in found.stdout
    assert found.returncode == 1
    assert "no cache for this API key" in found.stderr


def test_forget_removes_the_cache(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        _lemtui(env, "--base-url", server.url, "--user-id", DEMO_USER_ID, "--sync")
    assert _cache_files(tmp_path)
    gone = _lemtui(env, "--forget")
    assert gone.returncode == 0
    assert "forgot 1 cache (" in gone.stdout
    assert not _cache_files(tmp_path)
    again = _lemtui(env, "--forget")
    assert "no cache to forget" in again.stdout


def test_search_into_a_pipe_closed_early_is_no_error(tmp_path: Path) -> None:
    """`lemtui --search word | head -1`: the reader goes away; no traceback, exit 0."""
    env = _env(tmp_path)
    with FakeServer(FakeLemlist(api_key=KEY)) as server:
        url = server.url
        assert _lemtui(env, "--base-url", url, "--user-id", DEMO_USER_ID, "--sync").returncode == 0
        search = subprocess.Popen(
            [sys.executable, "-m", "lemtui", "--base-url", url, "--search", "the"],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert search.stdout is not None
        search.stdout.close()  # before anything is written: every write finds no reader
        _, err = search.communicate(timeout=60)
    assert search.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.mark.parametrize("flags", [["--sync"], ["--search", "pricing"], ["--offline", "--print"]])
def test_the_demo_refuses_the_cache_flags_and_says_why(tmp_path: Path, flags: list[str]) -> None:
    env = _env(tmp_path)
    args = [*flags, SAMPLE_CONTACT_ID] if "--print" in flags else flags
    done = _lemtui(env, "--demo", *args)
    assert done.returncode == 2
    assert "--demo keeps no cache" in done.stderr
    assert not _cache_files(tmp_path)  # nothing written
