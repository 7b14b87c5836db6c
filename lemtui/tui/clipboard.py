"""The terminal clipboard: OSC 52, which works through SSH with no X forwarding. No Textual import.

`ESC ] 52 ; c ; <base64> BEL` asks the *terminal* to write its clipboard; `App.copy_to_clipboard`
writes exactly `osc52_sequence(text)`. Inside tmux it needs `set -g set-clipboard on` (tmux then
keeps the text as a buffer and passes it to the outer terminal); in GNU screen it does not work.
Many terminals cap the sequence (xterm and others drop it past ~100 KB), hence `size_warning`.
"""

from __future__ import annotations

import base64
from typing import Final

__all__ = ["OSC52_LIMIT", "copied_message", "osc52_sequence", "size_warning"]

OSC52_LIMIT: Final = 100_000
"""Bytes of payload (the base64 the terminal receives) above which some terminals silently
drop an OSC 52 copy."""


def osc52_sequence(text: str) -> str:
    """The escape sequence that asks the terminal to put `text` on the clipboard."""
    return f"\x1b]52;c;{_payload(text)}\a"


def _payload(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def size_warning(text: str) -> str | None:
    """A warning when `text`, once base64-encoded as OSC 52 sends it, is too large for some
    terminals, else None. Base64 is 4/3 of the UTF-8 size: that is what terminals count."""
    size = len(_payload(text))
    if size <= OSC52_LIMIT:
        return None
    return (
        f"{size:,} bytes (encoded) is more than many terminals accept through the clipboard "
        f"(~{OSC52_LIMIT // 1000} KB); if nothing arrived, press e to save to a file."
    )


def copied_message(what: str, text: str, *, in_tmux: bool = False) -> str:
    """What a notification says after a copy: that it was sent through the terminal and how
    much. Nothing comes back to say it arrived (a terminal may ask permission, or refuse;
    tmux passes it on only with `set-clipboard on`), so it never says "Copied"."""
    count = len(text)
    noun = "character" if count == 1 else "characters"
    said = (
        f"Sent {what} to the clipboard through the terminal, {count:,} {noun}; "
        "the terminal may need your permission."
    )
    if in_tmux:
        said += " Inside tmux it arrives only with set -g set-clipboard on."
    return said
