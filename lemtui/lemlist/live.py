"""The live reader without UI: when the shown list refreshes, and what it writes to the terminal.

`RefreshSchedule` decides when a list's first page is asked again: every `interval` seconds
after its last answer, never before, and after a failed refresh only once a backoff has
passed (the interval doubled per failure in a row, capped at `MAX_BACKOFF_SECONDS`, and never
sooner than a 429's `Retry-After`). A list that was not shown is refreshed when shown again
if its last answer is older than `SHOWN_STALE_SECONDS`.

The escape sequences (window title, bell, desktop notification) are built here from counts
only: no text that came from the service ever reaches them. Standard library only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import datetime
from typing import Final, Literal

__all__ = [
    "DEFAULT_REFRESH_SECONDS",
    "MAX_BACKOFF_SECONDS",
    "MIN_REFRESH_SECONDS",
    "NOTIFY_MODES",
    "SHOWN_STALE_SECONDS",
    "Announcements",
    "NotifyMode",
    "RefreshSchedule",
    "desktop_sequence",
    "notification_text",
    "title_sequence",
]

DEFAULT_REFRESH_SECONDS: Final = 60
MIN_REFRESH_SECONDS: Final = 15
"""The shortest refresh interval accepted (0 turns refreshing off)."""
MAX_BACKOFF_SECONDS: Final = 600.0
SHOWN_STALE_SECONDS: Final = 5.0
"""A list shown again is refreshed at once when its last answer is older than this."""

NotifyMode = Literal["none", "bell", "desktop"]
NOTIFY_MODES: Final[tuple[NotifyMode, ...]] = ("none", "bell", "desktop")

TITLE: Final = "lemtui"
BEL: Final = "\x07"
TITLE_PUSH: Final = "\x1b[22;0t"
"""Save the terminal's title (xterm's title stack) before lemtui sets its own."""
TITLE_POP: Final = "\x1b[23;0t"
"""Put the saved title back (on exit)."""


class RefreshSchedule:
    """When each list is due for a refresh, with one backoff shared by all of them (a
    failure says the service or the network is in trouble, whichever list asked).

    Lists are named by any hashable key. `clock` is monotonic seconds (tests hand in theirs).
    """

    def __init__(self, interval: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = max(0.0, interval)
        self.clock = clock
        self.failures = 0
        """Refreshes failed in a row."""
        self.retry_at = 0.0
        """No refresh before this time (the backoff after a failure)."""
        self._answered: dict[Hashable, float] = {}

    @property
    def enabled(self) -> bool:
        """False when refreshing is off (`refresh_seconds = 0`)."""
        return self.interval > 0

    @property
    def backing_off(self) -> bool:
        """True after a failed refresh, until one succeeds."""
        return self.failures > 0

    def backoff(self, failures: int) -> float:
        """Seconds to wait after `failures` failed refreshes in a row: the interval doubled
        per failure, at most `MAX_BACKOFF_SECONDS`."""
        if failures <= 0:
            return self.interval
        return min(self.interval * 2.0**failures, MAX_BACKOFF_SECONDS)

    def answered(self, key: Hashable) -> None:
        """`key`'s list got an answer (its first page or a refresh): it is fresh, and the
        service is reachable again."""
        self._answered[key] = self.clock()
        self.failures = 0
        self.retry_at = 0.0

    def failed(self, retry_after: float | None = None) -> float:
        """A refresh failed: wait longer before the next one; returns the seconds to wait."""
        self.failures += 1
        wait = self.backoff(self.failures)
        if retry_after is not None and retry_after > wait:
            wait = min(retry_after, MAX_BACKOFF_SECONDS)
        self.retry_at = self.clock() + wait
        return wait

    def forget(self, key: Hashable) -> None:
        """`key`'s list was replaced (another contact or user): not due until it answers."""
        self._answered.pop(key, None)

    def due(self, key: Hashable) -> bool:
        """Whether the shown list `key` should be refreshed now (the timer asks)."""
        if not self.enabled or key not in self._answered:
            return False
        now = self.clock()
        return now >= self.retry_at and now - self._answered[key] >= self.interval

    def due_on_show(self, key: Hashable) -> bool:
        """Whether `key`'s list, shown again, should be refreshed at once."""
        if not self.enabled or key not in self._answered:
            return False
        now = self.clock()
        return now >= self.retry_at and now - self._answered[key] >= SHOWN_STALE_SECONDS


class Announcements:
    """What the bell or a desktop notification already announced, per contact, so that one
    reply seen by the conversation and then by the inbox rings once."""

    def __init__(self) -> None:
        self._latest: dict[str, datetime] = {}

    def news(self, activity: Iterable[tuple[str, datetime | None]]) -> int:
        """How many of these (contact, moment) pairs were not announced yet; remembers them.

        Activity without a contact or a date is always news: it cannot be told apart.
        """
        count = 0
        latest: dict[str, datetime] = {}
        for contact_id, moment in activity:
            if not contact_id or moment is None:
                count += 1
                continue
            known = self._latest.get(contact_id)
            if known is None or moment > known:
                count += 1
                if contact_id not in latest or moment > latest[contact_id]:
                    latest[contact_id] = moment
        self._latest.update(latest)
        return count


def title_sequence(unread: int) -> str:
    """The window title as an escape sequence: `lemtui (3)`, or `lemtui` with nothing unread."""
    count = max(0, int(unread))
    title = f"{TITLE} ({count})" if count else TITLE
    return f"\x1b]2;{title}{BEL}"


def notification_text(count: int) -> str:
    """What a desktop notification says: a count, never anything the service sent."""
    count = max(1, int(count))
    return f"{count} new {'reply' if count == 1 else 'replies'}"


def _terminal(environ: Mapping[str, str]) -> Literal["osc9", "osc777", "osc99"] | None:
    """Which notification escape the terminal understands, from what it says about itself."""
    program = environ.get("TERM_PROGRAM", "")
    term = environ.get("TERM", "")
    if program == "iTerm.app" or environ.get("LC_TERMINAL") == "iTerm2":
        return "osc9"
    if environ.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return "osc99"
    if (
        program in ("WezTerm", "ghostty")
        or environ.get("WEZTERM_PANE")
        or term in ("xterm-ghostty", "foot", "foot-extra")
        or term.startswith("rxvt-unicode")
        or environ.get("VTE_VERSION")
    ):
        return "osc777"
    return None


def desktop_sequence(count: int, environ: Mapping[str, str]) -> str | None:
    """A desktop notification for `count` arrivals as the terminal's own escape (OSC 9 for
    iTerm2, OSC 777 for WezTerm, Ghostty, foot, urxvt and VTE terminals, OSC 99 for kitty),
    passed through tmux when inside it; None when the terminal is not known to show one."""
    kind = _terminal(environ)
    if kind is None:
        return None
    text = notification_text(count)
    if kind == "osc9":
        sequence = f"\x1b]9;{TITLE}: {text}{BEL}"
    elif kind == "osc99":
        sequence = f"\x1b]99;;{TITLE}: {text}\x1b\\"
    else:
        sequence = f"\x1b]777;notify;{TITLE};{text}{BEL}"
    if environ.get("TMUX"):
        # tmux hands a sequence on to the outer terminal only inside its passthrough
        # (`set -g allow-passthrough on`), with every ESC doubled.
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence
