"""Copy, export and link opening helpers (`lemtui.clipboard`): pure, no UI."""

from __future__ import annotations

import base64
import errno
import os
import stat
import subprocess
import sys
import webbrowser
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pytest

from lemtui.clipboard import (
    OSC52_LIMIT,
    can_open_browser,
    copied_message,
    export_name,
    is_openable,
    open_in_browser,
    osc52_sequence,
    size_warning,
    write_export,
)


def test_module_imports_no_ui() -> None:
    code = "import sys, lemtui.clipboard; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_osc52_sequence_round_trips() -> None:
    text = "héllo\nwörld ✉"
    sequence = osc52_sequence(text)
    assert sequence.startswith("\x1b]52;c;")
    assert sequence.endswith("\a")
    payload = sequence.removeprefix("\x1b]52;c;").removesuffix("\a")
    assert base64.b64decode(payload).decode() == text


def test_copied_message_counts_characters() -> None:
    assert copied_message("message", "x" * 1234) == "Copied message, 1,234 characters."
    assert copied_message("link", "x") == "Copied link, 1 character."


def test_size_warning_above_the_usual_cap() -> None:
    assert size_warning("x" * OSC52_LIMIT) is None
    warning = size_warning("x" * (OSC52_LIMIT + 1))
    assert warning is not None
    assert "press e" in warning


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),
        ({}, "darwin", True),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, "linux", False),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", False),
    ],
)
def test_can_open_browser(environ: dict[str, str], platform: str, expected: bool) -> None:
    assert can_open_browser(environ, platform) is expected


def test_only_clean_web_and_mail_links_are_openable() -> None:
    assert is_openable("https://example.com/a?b=c")
    assert is_openable("mailto:a@example.com")
    assert not is_openable("javascript:alert(1)")
    assert not is_openable("file:///etc/passwd")
    assert not is_openable("https://example.com/\x1b]0;x\x07")
    assert not is_openable("https://exa mple.com")


class _Graphical(webbrowser.BackgroundBrowser):
    def __init__(self) -> None:
        super().__init__("fake-browser")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def test_open_in_browser_refuses_terminal_browsers(monkeypatch: pytest.MonkeyPatch) -> None:
    graphical = _Graphical()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: graphical)
    assert open_in_browser("https://example.com/")
    assert graphical.opened == ["https://example.com/"]
    assert not open_in_browser("javascript:alert(1)")
    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.GenericBrowser("lynx"))
    assert not open_in_browser("https://example.com/")


def test_export_name_is_a_safe_file_name() -> None:
    now = datetime(2026, 6, 26, 17, 30, tzinfo=UTC)
    assert export_name("ctc_abc", now) == "lemtui-ctc_abc-20260626-1730.md"
    assert export_name("../../etc/passwd", now) == "lemtui-etc-passwd-20260626-1730.md"
    assert export_name("\x1b[31m", now).startswith("lemtui-")
    assert "/" not in export_name("a/b", now)


def test_write_export_is_private_and_never_overwrites(tmp_path: Path) -> None:
    directory = tmp_path / "exports"
    first = write_export(directory, "x.md", "one")
    second = write_export(directory, "x.md", "two")
    assert first.name == "x.md"
    assert second.name == "x-2.md"
    assert first.read_text() == "one"
    assert second.read_text() == "two"
    for path in (first, second):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_failed_export_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class _FullDisk:
        def __init__(self, handle: BinaryIO) -> None:
            self.handle = handle

        def __enter__(self) -> _FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[:5])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(
        "lemtui.clipboard.os.fdopen", lambda fd, mode="r": _FullDisk(real_fdopen(fd, mode))
    )
    directory = tmp_path / "exports"
    with pytest.raises(OSError, match="No space left"):
        write_export(directory, "x.md", "a conversation much longer than five bytes")
    assert list(directory.iterdir()) == []
