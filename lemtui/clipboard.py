"""Getting text out of lemtui over SSH: the terminal clipboard, files, links. No Textual import.

* **Clipboard**: OSC 52 (`ESC ] 52 ; c ; <base64> BEL`), which the *terminal* turns into a
  clipboard write, so it works through SSH with no X forwarding. `App.copy_to_clipboard`
  writes exactly `osc52_sequence(text)`. Inside tmux it needs `set -g set-clipboard on` (tmux
  then keeps the text as a buffer and passes it to the outer terminal); in GNU screen it does
  not work. Many terminals cap the sequence (xterm and others drop it past ~100 KB), hence
  `size_warning`.
* **Files**: exports are created with `O_EXCL` and mode 0600, never overwriting anything.
* **Links**: opened in a local browser only when there is one to see (a display and no SSH
  session, or macOS); otherwise the caller copies the link instead.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import sys
import webbrowser
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Final

from lemtui.text import clean_line

__all__ = [
    "OSC52_LIMIT",
    "can_open_browser",
    "copied_message",
    "export_name",
    "is_openable",
    "open_in_browser",
    "osc52_sequence",
    "size_warning",
    "write_export",
]

OSC52_LIMIT: Final = 100_000
"""Bytes of text above which some terminals silently drop an OSC 52 copy."""

_OPENABLE: Final = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
_SLUG_DROP: Final = re.compile(r"[^A-Za-z0-9._-]+")


def osc52_sequence(text: str) -> str:
    """The escape sequence that asks the terminal to put `text` on the clipboard."""
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{encoded}\a"


def size_warning(text: str) -> str | None:
    """A warning when `text` is too large for some terminals' OSC 52, else None."""
    size = len(text.encode("utf-8"))
    if size <= OSC52_LIMIT:
        return None
    return (
        f"{size:,} bytes is more than many terminals accept through the clipboard "
        f"(~{OSC52_LIMIT // 1000} KB); if nothing arrived, press e to save to a file."
    )


def copied_message(what: str, text: str) -> str:
    """What a notification says after a copy: `copied message, 1,234 characters`."""
    count = len(text)
    noun = "character" if count == 1 else "characters"
    return f"Copied {what}, {count:,} {noun}."


def is_openable(url: str) -> bool:
    """True for a clean http(s) or mailto URL (what render keeps; checked again here)."""
    return bool(_OPENABLE.fullmatch(url)) and clean_line(url) == url


def can_open_browser(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a browser opened here would be seen by the user.

    Not in an SSH session (`SSH_CONNECTION`/`SSH_TTY`/`SSH_CLIENT`), and either macOS or a
    graphical session (`DISPLAY`/`WAYLAND_DISPLAY`).
    """
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT")):
        return False
    if (platform or sys.platform) == "darwin":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """Open `url` in a graphical browser; False when none is available or it failed.

    A terminal browser (lynx, w3m: what `webbrowser` falls back to) would take over the
    terminal lemtui is drawing on, so it is refused.
    """
    if not is_openable(url):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if type(browser) is webbrowser.GenericBrowser:  # runs in the foreground: a terminal browser
        return False
    try:
        return bool(browser.open(url, new=2))
    except Exception:  # a broken browser setup is not worth a crash
        return False


def export_name(contact: str, now: datetime) -> str:
    """`lemtui-<contact>-<YYYYmmdd-HHMM>.md`, the contact reduced to safe file-name characters."""
    slug = _SLUG_DROP.sub("-", clean_line(contact)).strip("-.")[:60] or "conversation"
    return f"lemtui-{slug}-{now.strftime('%Y%m%d-%H%M')}.md"


def write_export(directory: Path, name: str, text: str) -> Path:
    """Write `text` to a new file `name` in `directory` (mode 0600); never overwrites.

    When `name` exists, `-2`, `-3`... is added before the extension. The directory is created
    (mode 0700) if needed. Returns the path written. When writing fails (a full disk), the
    partial file is removed and the `OSError` raised.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
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
