"""Local drafts: every reply typed in lemtui stays on disk until lemlist has confirmed it. No UI.

One private JSON file per pending reply in `<state dir>/drafts/` (folder 0700, files 0600),
keyed by the contact and the message answered. Each write goes to a fresh temporary file in
that folder (`mkstemp`: O_EXCL, 0600, unguessable name), is flushed to disk, then replaces the
old file with `os.replace`, so a crash, a full disk or a closed SSH session leaves either the
old text or the new one, never half of either.

The external editor gets its own file next to the draft (`<key>.md`, the reply body and
nothing else). If lemtui dies while the editor is open, what the editor saved there is not
lost: loading a draft prefers a newer, different, non-empty editor file.

A write that left for lemlist and was not confirmed (an error after the request left, a quit
while it was in flight) leaves an `Attempt` mark in the draft: it is said wherever the draft is
shown, so no one sends twice by mistake. Characters that would act on a terminal (C1 controls,
bidi and zero-width characters, tags) are written as JSON escapes, so `cat` on a draft is safe;
they read back exactly. `lock` keeps a second lemtui off a reply being edited
(`lemtui.local.draft_lock`). Text that could not be written (a full disk) can be `hold`-en in
memory: `get` offers it again and `held` lists it at exit.

The caller's discipline, which this module makes easy: `save` before any request, `delete`
only after the service confirmed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import locale
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import EllipsisType
from typing import Any, Final

from lemtui.local.config import state_dir
from lemtui.local.draft_lock import DraftBusyError, DraftLock
from lemtui.text import clean_line

__all__ = [
    "Attempt",
    "DraftBusyError",
    "DraftError",
    "DraftListing",
    "DraftLock",
    "DraftStore",
    "EditResult",
    "LocalDraft",
]

FOLDER: Final = "drafts"
FORMAT: Final = "lemtui-draft"
VERSION: Final = 1
MAX_FILE_SIZE: Final = 16 << 20
"""Bigger files in the folder are not ours (or not worth reading into memory)."""
PREVIEW_WIDTH: Final = 60

_SAFE_ID = re.compile(r"[A-Za-z0-9_]{1,64}")
_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_FIELDS: Final = ("contact_id", "reply_to_id", "channel", "recipient", "subject", "body")
_ATTEMPT_KINDS: Final = {"send": "a send", "draft": "a lemlist draft"}
# What a terminal would act on, written as JSON escapes (json.dumps leaves all but C0 raw).
_TERMINAL_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufeff\uffa0\ufff0-\uffff"
    "\U000e0000-\U000e0fff]"
)
_EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""Dates a draft may carry: any local time zone can show them."""


class DraftError(Exception):
    """A draft that could not be saved or read, said in one line with the path concerned."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """A write that left for lemlist without being confirmed: it may have been carried out."""

    kind: str
    """`send` or `draft`."""
    at: datetime

    def label(self, now: datetime | None = None) -> str:
        """`a send at 15:57` (the time as `when_label` says it)."""
        return f"{_ATTEMPT_KINDS.get(self.kind, 'a write')} at {when_label(self.at, now)}"


def when_label(moment: datetime, now: datetime | None = None) -> str:
    """A moment as briefly as is clear, in local time: `14:02` today, `3 Mar 14:02` this year,
    else `3 Mar 2025 14:02` (English month names, any locale)."""
    when = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone()
    clock = f"{when.hour:02d}:{when.minute:02d}"
    if when.date() == today.date():
        return clock
    day = f"{when.day} {_MONTHS[when.month - 1]}"
    if when.year == today.year:
        return f"{day} {clock}"
    return f"{day} {when.year} {clock}"


@dataclass(frozen=True, slots=True)
class LocalDraft:
    """A pending reply: what was typed, and enough to offer it again and to list it."""

    contact_id: str
    reply_to_id: str
    """The `_id` of the message answered ('' when it had none)."""
    channel: str
    recipient: str
    """Who the reply is for (the lead's address), for listings."""
    subject: str
    body: str
    """The reply as typed (Markdown), not the HTML sent."""
    created_at: datetime
    updated_at: datetime
    path: Path
    attempt: Attempt | None = None
    """A write to lemlist that was not confirmed (None: none was tried, or it was refused)."""

    @property
    def first_words(self) -> str:
        """The start of the body on one terminal-safe line, cut at a word with '…'."""
        line = clean_line(self.body[: PREVIEW_WIDTH * 8])
        if len(line) <= PREVIEW_WIDTH:
            return line
        cut = line[:PREVIEW_WIDTH].rsplit(" ", 1)[0] or line[:PREVIEW_WIDTH]
        return cut.rstrip() + "…"

    def saved_label(self, now: datetime | None = None) -> str:
        """When it was last saved, as briefly as is clear, in local time: `14:02` today,
        `3 Mar 14:02` this year, else `3 Mar 2025 14:02` (English month names, any locale).
        """
        return when_label(self.updated_at, now)


@dataclass(frozen=True, slots=True)
class DraftListing:
    """Every pending draft in the folder, newest first, and one line per file skipped."""

    drafts: tuple[LocalDraft, ...]
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EditResult:
    """What an editor session left: the draft as now saved (None: nothing was ever typed, so it
    was removed) and the editor file's text exactly, which the caller judges (empty = cancel)."""

    draft: LocalDraft | None
    text: str


class DraftStore:
    """The drafts folder. Nothing touches the disk until the first write or read."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.touched: set[Path] = set()
        """The drafts this process saved or opened (what is said at exit)."""
        self._held: dict[Path, LocalDraft] = {}

    @classmethod
    def default(cls) -> DraftStore:
        """The store in lemtui's state directory; DraftError when there is no home to put it."""
        try:
            base = state_dir()
        except (RuntimeError, KeyError):
            base = None
        if base is None or not base.is_absolute():
            raise DraftError(
                "Cannot find a home directory to keep local drafts in: set HOME or XDG_STATE_HOME"
            )
        return cls(base / FOLDER)

    # --- writing ---------------------------------------------------------------------------

    def save_text(self, draft: LocalDraft, body: str, *, now: datetime | None = None) -> LocalDraft:
        """`draft` again with `body` as its text (the rest as it was); see `save`."""
        return self._save_again(draft, body=body, now=now)

    def mark_attempt(self, draft: LocalDraft, attempt: Attempt | None) -> LocalDraft:
        """`draft` saved with `attempt` as its mark (None: the write was refused, no mark)."""
        return self._save_again(draft, body=draft.body, attempt=attempt)

    def _save_again(
        self,
        draft: LocalDraft,
        *,
        body: str,
        now: datetime | None = None,
        attempt: Attempt | EllipsisType | None = ...,
    ) -> LocalDraft:
        """`draft`'s reply saved again with `body` (and `attempt`: by default as it was)."""
        return self.save(
            contact_id=draft.contact_id,
            reply_to_id=draft.reply_to_id,
            channel=draft.channel,
            recipient=draft.recipient,
            subject=draft.subject,
            body=body,
            now=now,
            attempt=attempt,
        )

    def save(
        self,
        *,
        contact_id: str,
        reply_to_id: str,
        channel: str,
        recipient: str,
        subject: str,
        body: str,
        now: datetime | None = None,
        attempt: Attempt | EllipsisType | None = ...,
    ) -> LocalDraft:
        """Create or update the draft answering `reply_to_id` in `contact_id`'s conversation.

        Atomic: on any failure (a full disk, say) the previous text is still there, and
        DraftError says so. A file at that place that is not a readable draft is kept aside
        (`.unreadable`), not overwritten. `attempt` (default: as it was) is the mark of a
        write not confirmed.
        """
        self._ensure_folder()
        path = self._path(contact_id, reply_to_id)
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        created, kept_attempt = moment, None
        if os.path.lexists(path):
            try:
                before = self._load(path)
                created, kept_attempt = before.created_at, before.attempt
            except FileNotFoundError:
                pass
            except DraftError:
                self._set_aside(path)
        draft = LocalDraft(
            contact_id, reply_to_id, channel, recipient, subject, body, created, moment, path,
            kept_attempt if isinstance(attempt, EllipsisType) else attempt,
        )  # fmt: skip
        text = json.dumps(_record(draft), ensure_ascii=False, indent=1) + "\n"
        self._write(path, _TERMINAL_UNSAFE.sub(_json_escape, text))
        self.touched.add(path)
        self._held.pop(path, None)
        return draft

    def hold(self, draft: LocalDraft) -> None:
        """Keep `draft` (text that could not be written) in memory: `get` offers it again."""
        self._held[draft.path] = draft
        self.touched.add(draft.path)

    @property
    def held(self) -> tuple[LocalDraft, ...]:
        """The drafts kept only in memory, never written to disk."""
        return tuple(self._held.values())

    def lock(self, contact_id: str, reply_to_id: str) -> DraftLock:
        """Hold the reply to this message for this process while it is edited or reviewed.

        Raises:
            DraftBusyError: another lemtui holds it.
            DraftError: the lock cannot be made (the folder cannot be written).
        """
        self._ensure_folder()
        path = self._path(contact_id, reply_to_id)
        try:
            return DraftLock.take(path.with_name(f".{path.stem}.lock"))
        except OSError as exc:
            raise DraftError(f"Cannot lock the draft {path}: {exc.strerror}") from None

    def kept_at_exit(self) -> tuple[LocalDraft, ...]:
        """The drafts this process touched that still hold text (on disk, or only in memory)."""
        kept = list(self._held.values())
        for path in sorted(self.touched - set(self._held)):
            with contextlib.suppress(FileNotFoundError, DraftError):
                draft = self._load(path)
                if draft.body.strip():
                    kept.append(draft)
        return tuple(kept)

    def delete(self, draft: LocalDraft) -> None:
        """Remove a draft and its editor file: call it only once lemlist confirmed the write."""
        self._held.pop(draft.path, None)
        for path in (draft.path, _editor_path(draft.path)):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise DraftError(f"Could not remove the draft {path}: {exc.strerror}") from None

    # --- the external editor ---------------------------------------------------------------

    def editor_file(self, draft: LocalDraft) -> Path:
        """A private file holding just the draft's body, for `$VISUAL`/`$EDITOR` to edit."""
        path = _editor_path(draft.path)
        self._ensure_folder()
        self._write(path, draft.body)
        return path

    def collect_edit(self, draft: LocalDraft, *, now: datetime | None = None) -> EditResult:
        """Take back what the editor left in `editor_file(draft)`, and remove that file.

        Non-empty text that differs is saved into the draft, even when the caller goes on to
        treat the session as cancelled (an editor that failed): what was typed is kept.
        Empty text leaves the draft's previous text; a draft with no text at all is removed.
        """
        path = _editor_path(draft.path)
        try:
            text = _decode(_read_private(path))
        except FileNotFoundError:
            text = ""
        except OSError as exc:
            raise DraftError(f"Could not read the edited reply {path}: {exc.strerror}") from None
        current: LocalDraft | None = draft
        if text.strip() and text != draft.body:
            current = self.save_text(draft, text, now=now)
        elif not draft.body.strip():
            self.delete(draft)
            current = None
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return EditResult(current, text)

    # --- reading ---------------------------------------------------------------------------

    def get(self, contact_id: str, reply_to_id: str) -> LocalDraft | None:
        """The draft answering this message, if one is saved (and readable)."""
        path = self._path(contact_id, reply_to_id)
        if path in self._held:
            return self._held[path]
        try:
            draft = self._load(path)
        except FileNotFoundError:
            return None
        except DraftError:
            return None
        self.touched.add(path)
        return draft

    def pending(self, contact_id: str) -> tuple[LocalDraft, ...]:
        """The conversation's drafts with text in them, last saved first (DraftError: the
        folder cannot be read)."""
        return tuple(d for d in self.list_all().drafts if d.contact_id == contact_id)

    def list_all(self) -> DraftListing:
        """Every draft with text in it, last saved first, and what was skipped and why.

        A missing folder is no drafts; a file that is not one of ours is skipped, never
        deleted, and named in `skipped`. A folder that cannot be read is a DraftError.
        """
        drafts: list[LocalDraft] = []
        skipped: list[str] = []
        try:
            entries = sorted(self._entries(), key=lambda e: e.name)
        except FileNotFoundError:
            return DraftListing((), ())
        except OSError as exc:
            raise DraftError(
                f"Cannot read the drafts folder {self.directory}: {exc.strerror}"
            ) from None
        names = {entry.name for entry in entries}
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # a write in progress, or one a crash interrupted
            if name.endswith(".md") and name.removesuffix(".md") + ".json" in names:
                continue  # an editor file, read with its draft
            path = Path(entry.path)
            if not name.endswith(".json") or entry.is_symlink() or not entry.is_file():
                skipped.append(f"skipped {path}: not a lemtui draft")
                continue
            try:
                draft = self._load(path)
            except (DraftError, OSError) as exc:
                reason = exc if isinstance(exc, DraftError) else exc.strerror
                skipped.append(f"skipped {path}: {reason}")
                continue
            if draft.body.strip():
                drafts.append(draft)
        drafts.sort(key=lambda d: d.updated_at, reverse=True)
        return DraftListing(tuple(drafts), tuple(clean_line(line) for line in skipped))

    # --- files -----------------------------------------------------------------------------

    def _entries(self) -> Iterator[os.DirEntry[str]]:
        with os.scandir(self.directory) as entries:
            yield from entries

    def _path(self, contact_id: str, reply_to_id: str) -> Path:
        return self.directory / f"{_name_part(contact_id)}--{_name_part(reply_to_id)}.json"

    def _ensure_folder(self) -> None:
        """Create the folder 0700 if needed; refuse one another user owns, tighten a loose one."""
        folder = self.directory
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = folder.stat()
            if not stat.S_ISDIR(info.st_mode):
                raise DraftError(f"Cannot keep drafts in {folder}: it is not a folder")
            if info.st_uid != os.getuid():
                raise DraftError(f"Cannot keep drafts in {folder}: it belongs to another user")
            if info.st_mode & 0o077:
                folder.chmod(0o700)
        except OSError as exc:
            raise DraftError(f"Cannot create the drafts folder {folder}: {exc.strerror}") from None

    def _write(self, path: Path, text: str) -> None:
        """Write `text` to `path` atomically: temp file in the folder, fsync, `os.replace`."""
        data = text.encode("utf-8", "replace")  # a lone surrogate must not lose the rest
        temp = ""
        try:
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=".draft-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except OSError as exc:
            if temp:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
            kept = "; the text saved before is still there" if path.exists() else ""
            raise DraftError(f"Could not save {path}: {exc.strerror}{kept}") from None
        with contextlib.suppress(OSError):  # make the rename itself durable
            folder = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def _set_aside(self, path: Path) -> None:
        aside = path.with_name(path.name + ".unreadable")
        try:
            os.replace(path, aside)
        except OSError as exc:
            raise DraftError(
                f"{path} is not a readable draft and could not be moved aside: {exc.strerror}"
            ) from None

    def _load(self, path: Path) -> LocalDraft:
        """Read one draft file, preferring its editor file's text when that is newer."""
        try:
            raw = _read_private(path)
        except FileNotFoundError:
            raise
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise DraftError("a symbolic link, not a lemtui draft") from None
            raise DraftError(f"cannot be read ({exc.strerror})") from None
        draft = _parse(raw, path)
        if path.name != self._path(draft.contact_id, draft.reply_to_id).name:
            raise DraftError("its name does not match the draft inside")
        return _with_editor_text(draft)


def _record(draft: LocalDraft) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "contact_id": draft.contact_id,
        "reply_to_id": draft.reply_to_id,
        "channel": draft.channel,
        "recipient": draft.recipient,
        "subject": draft.subject,
        "created_at": draft.created_at.isoformat(),
        "updated_at": draft.updated_at.isoformat(),
        **(
            {"attempt": {"kind": draft.attempt.kind, "at": draft.attempt.at.isoformat()}}
            if draft.attempt is not None
            else {}
        ),
        "body": draft.body,
    }


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a surrogate pair, as JSON writes characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _parse(raw: bytes, path: Path) -> LocalDraft:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DraftError("not a lemtui draft (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DraftError("not a lemtui draft")
    if data.get("version") != VERSION:
        raise DraftError(
            f"a draft of another lemtui version ({clean_line(str(data.get('version')))})"
        )
    values = [data.get(name) for name in _FIELDS]
    created, updated = _moment(data.get("created_at")), _moment(data.get("updated_at"))
    if not all(isinstance(value, str) for value in values) or created is None or updated is None:
        raise DraftError("a damaged lemtui draft (fields missing)")
    contact_id, reply_to_id, channel, recipient, subject, body = (str(v) for v in values)
    return LocalDraft(
        contact_id, reply_to_id, channel, recipient, subject, body, created, updated, path,
        _attempt(data.get("attempt")),
    )  # fmt: skip


def _attempt(value: Any) -> Attempt | None:
    """The mark of a write not confirmed; a damaged mark is still a mark (the safe side)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        return Attempt("send", _EARLIEST)  # what was tried, and when, cannot be told
    kind, at = value.get("kind"), _moment(value.get("at"))
    if not (isinstance(kind, str) and kind in _ATTEMPT_KINDS):
        kind = "send"
    return Attempt(kind, _EARLIEST if at is None else at)


def _with_editor_text(draft: LocalDraft) -> LocalDraft:
    """The draft, or its editor file's text if lemtui stopped before taking it back."""
    editor = _editor_path(draft.path)
    try:
        editor_time = editor.stat().st_mtime_ns
        if editor_time < draft.path.stat().st_mtime_ns:
            return draft
        text = _decode(_read_private(editor))
    except (OSError, DraftError):
        return draft
    if not text.strip() or text == draft.body:
        return draft
    return replace(draft, body=text, updated_at=datetime.fromtimestamp(editor_time / 1e9, UTC))


def _read_private(path: Path) -> bytes:
    """A regular file's bytes, without following a symbolic link, at most MAX_FILE_SIZE."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise DraftError("not a regular file")
        if info.st_size > MAX_FILE_SIZE:
            raise DraftError(f"too big for a draft ({info.st_size:,} bytes)")
        return handle.read(MAX_FILE_SIZE + 1)


def _decode(raw: bytes) -> str:
    """Editor output as text: UTF-8, else the locale's encoding, else Latin-1 (never fails),
    so a file saved in another encoding keeps every character rather than becoming '?'."""
    for encoding in ("utf-8", locale.getpreferredencoding(False)):
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1")


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    try:
        inside = _EARLIEST <= moment <= _LATEST
    except OverflowError:
        inside = False
    if not inside:  # no time zone could show it
        raise DraftError("a damaged lemtui draft (a date out of range)")
    return moment


def _name_part(identifier: str) -> str:
    """An id as it may appear in a file name: itself when plain, else a hash (never a `-`)."""
    if _SAFE_ID.fullmatch(identifier):
        return identifier
    from hashlib import sha256  # here: hashlib's start-up is not the first frame's to pay

    return "h" + sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _editor_path(draft_path: Path) -> Path:
    return draft_path.with_suffix(".md")
