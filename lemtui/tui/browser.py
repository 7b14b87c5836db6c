"""Opening links: in a local graphical browser when one would be seen, else not at all.

No Textual import. Over SSH, or without a display, a browser opened here would appear on a
machine nobody is looking at (or take over this terminal): the caller copies the link instead.
"""

from __future__ import annotations

import os
import re
import sys
import webbrowser
from collections.abc import Mapping
from typing import Final

from lemtui.text import clean_line

__all__ = ["can_open_browser", "is_openable", "open_in_browser"]

_OPENABLE: Final = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


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
