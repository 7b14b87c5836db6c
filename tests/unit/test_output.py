"""Copy and export (`lemtui.tui.export`): formatting with an injectable formatter, private files."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

import pytest

from lemtui.lemlist.messages import Message
from lemtui.mail.render import RenderedBody, render_body
from lemtui.tui.export import (
    OutputKind,
    export_name,
    format_output,
    prepare_text,
    write_export,
)


def _message(ident: str, body: str) -> Message:
    return Message.from_json({"_id": ident, "type": "emailsReplied", "message": body})


def test_prepare_text_renders_what_is_not_cached_and_uses_the_given_formatter() -> None:
    cached = render_body("already converted", is_html=False)
    seen: list[tuple[OutputKind, list[str], list[str], str]] = []

    def formatter(
        kind: OutputKind,
        messages: Sequence[Message],
        bodies: Sequence[RenderedBody],
        contact_id: str,
        total: int | None,
    ) -> str:
        seen.append((kind, [m.id for m in messages], [b.text for b in bodies], contact_id))
        return "formatted"

    pairs = [
        (_message("act_1", "<p>fresh <b>body</b></p>"), None),
        (_message("act_2", "x"), cached),
    ]
    assert prepare_text("conversation", pairs, "ctc_a", formatter) == "formatted"
    assert seen == [
        ("conversation", ["act_1", "act_2"], ["fresh body", "already converted"], "ctc_a")
    ]


def test_default_formatter_writes_a_message_as_text_and_a_conversation_as_markdown() -> None:
    message = _message("act_1", "Hello there")
    body = render_body(message.body, is_html=False)
    assert "Hello there" in format_output("message", [message], [body], "")
    markdown = format_output("conversation", [message], [body], "ctc_a")
    assert markdown.startswith("# Conversation")
    assert "```text" in markdown


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
        "lemtui.tui.export.os.fdopen",
        lambda fd, mode="r": _FullDisk(cast(BinaryIO, real_fdopen(fd, mode))),
    )
    directory = tmp_path / "exports"
    with pytest.raises(OSError, match="No space left"):
        write_export(directory, "x.md", "a conversation much longer than five bytes")
    assert list(directory.iterdir()) == []
