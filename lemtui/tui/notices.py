"""What a screen says about its own state: load figures, failures and error lines, as text.

"120 of 600 loaded", "reloading…", the notice shown in place of a list that could not load,
and an error in one cleaned line (the error's own message and hint; the UI never maps class
names to advice). Message text is `lemtui.tui.message_text`, list rows `lemtui.tui.rows`.
No Textual import.
"""

from __future__ import annotations

from typing import Final

from rich.text import Text

from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs

__all__ = ["READ_ONLY", "error_text", "failure_notice", "loaded_stats"]

READ_ONLY: Final = (
    "{what} is off: lemtui runs read-only (--read-only, or read_only = true in the config), "
    "so it writes nothing to lemlist."
)
"""Said when a key that writes to lemlist is pressed in read-only mode."""


def error_text(error: BaseException) -> str:
    """What went wrong, in one cleaned line (an `ApiError` says it; a bug names its type)."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return clean_line(message)
    return f"unexpected error ({type(error).__name__})"


def failure_notice(what: str, error: BaseException, keys: str) -> Text:
    """The notice shown in place of a list that could not be loaded: what failed, why, and
    what to do (the error's own hint, then this screen's `keys`)."""
    hint = getattr(error, "hint", "")
    advice = f"{hint} {keys}" if isinstance(hint, str) and hint else keys
    return Text.assemble((f"{what}\n\n", "bold"), error_text(error), "\n\n", (advice, "dim"))


def loaded_stats(loaded: int, total: int | None, *, loading: bool, refreshing: bool) -> Text:
    """ "120 of 600 loaded", "loading…" before the first page, "reloading…" during a reload."""
    stats = Text(no_wrap=True, end="")
    if loading and not loaded:
        stats.append(f"loading{glyphs().ellipsis}")
        return stats
    if refreshing:
        stats.append(f"reloading{glyphs().ellipsis}  ", style="italic")
    if total is not None:
        stats.append(f"{loaded} of {total} loaded")
    else:
        stats.append(f"{loaded} loaded")
    return stats
