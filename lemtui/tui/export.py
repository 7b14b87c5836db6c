"""Copy and export: the loaded conversation (or one message) as text, and saving it. No UI.

The reader's `y` (a message as text), `Y` (the conversation as Markdown) and `e` (the same,
saved to a file) all go through `prepare_text`, which renders the bodies not yet converted
and calls a formatter. The formatter is a parameter (`format_output` by default), so a test
can hand in another one instead of patching a module. Exports are created with `O_EXCL` and
mode 0600 in a 0700 folder (a looser one is tightened), never overwriting anything.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Final, Literal

from lemtui.lemlist.messages import Message
from lemtui.local.config import default_export_dir
from lemtui.mail.formats import format_conversation_markdown, format_message
from lemtui.mail.render import RenderedBody, render_body
from lemtui.text import clean_line

__all__ = [
    "OutputFormatter",
    "OutputKind",
    "default_export_dir",
    "ensure_private_folder",
    "export_name",
    "format_output",
    "prepare_text",
    "render_cached",
    "write_export",
]

OutputKind = Literal["message", "conversation", "export"]
OutputFormatter = Callable[
    [OutputKind, Sequence[Message], Sequence[RenderedBody], str, "int | None"], str
]
"""(kind, messages, their rendered bodies, contact ID, the conversation's size when known) →
the text to copy or save."""

_SLUG_DROP: Final = re.compile(r"[^A-Za-z0-9._-]+")


def render_cached(message: Message, cached: RenderedBody | None) -> RenderedBody:
    """`message`'s body as text (the cached conversion if there is one); never raises."""
    if cached is not None:
        return cached
    try:
        return render_body(message.body, is_html=message.body_is_html)
    except Exception:  # the renderer promises not to raise; a copy must not crash on it
        return RenderedBody(blocks=())


def format_output(
    kind: OutputKind,
    messages: Sequence[Message],
    bodies: Sequence[RenderedBody],
    contact_id: str,
    total: int | None = None,
) -> str:
    """A message as text (`y`), or the conversation as Markdown (`Y`, `e`; `total` more than
    the messages given: it says which part it holds)."""
    if kind == "message":
        return format_message(messages[0], bodies[0])
    return format_conversation_markdown(messages, bodies, contact_id=contact_id, total=total)


def prepare_text(
    kind: OutputKind,
    pairs: Sequence[tuple[Message, RenderedBody | None]],
    contact_id: str,
    formatter: OutputFormatter = format_output,
    total: int | None = None,
) -> str:
    """Render the bodies not yet converted, then format; may take a while (call it in a thread).

    `total`: the conversation's size when known (more than `pairs`: a part of it)."""
    bodies = [render_cached(message, cached) for message, cached in pairs]
    return formatter(kind, [message for message, _ in pairs], bodies, contact_id, total)


def export_name(contact: str, now: datetime) -> str:
    """`lemtui-<contact>-<YYYYmmdd-HHMM>.md`, the contact reduced to safe file-name characters."""
    slug = _SLUG_DROP.sub("-", clean_line(contact)).strip("-.")[:60] or "conversation"
    return f"lemtui-{slug}-{now.strftime('%Y%m%d-%H%M')}.md"


def ensure_private_folder(directory: Path) -> None:
    """Create `directory` (mode 0700) if needed, and tighten one others could read to 0700, as
    the drafts folder is; `OSError` when it is not a folder or belongs to another user."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = directory.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "it is not a folder")
    if info.st_uid != os.getuid():
        raise PermissionError(errno.EPERM, "the folder belongs to another user")
    if info.st_mode & 0o077:
        directory.chmod(0o700)


def write_export(directory: Path, name: str, text: str) -> Path:
    """Write `text` to a new file `name` in `directory` (mode 0600); never overwrites.

    When `name` exists, `-2`, `-3`... is added before the extension. The directory is made
    private first (`ensure_private_folder`). Returns the path written. When writing fails (a
    full disk), the partial file is removed and the `OSError` raised.
    """
    ensure_private_folder(directory)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    data = text.encode("utf-8")
    for attempt in range(1, 1000):
        candidate = name if attempt == 1 else f"{stem}-{attempt}{dot}{suffix}"
        path = directory / candidate
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(path, 0o600)  # in case the umask took something the mode asked for
        except BaseException:  # a full disk: leave no partial file behind
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        return path
    raise FileExistsError(f"too many exports named {name} in {directory}")
