"""The live rules without a terminal: when a list refreshes, backoff, and the bytes announced."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lemtui.lemlist.live import (
    MAX_BACKOFF_SECONDS,
    SHOWN_STALE_SECONDS,
    Announcements,
    RefreshSchedule,
    desktop_sequence,
    notification_text,
    title_sequence,
)


class Clock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_list_is_due_an_interval_after_its_last_answer() -> None:
    clock = Clock()
    schedule = RefreshSchedule(60, clock=clock)
    assert not schedule.due("inbox")  # never answered: nothing to refresh yet
    schedule.answered("inbox")
    clock.now += 59.9
    assert not schedule.due("inbox")
    clock.now += 0.1
    assert schedule.due("inbox")
    schedule.answered("inbox")
    assert not schedule.due("inbox")


def test_zero_turns_refreshing_off() -> None:
    clock = Clock()
    schedule = RefreshSchedule(0, clock=clock)
    schedule.answered("inbox")
    clock.now += 10_000
    assert not schedule.enabled
    assert not schedule.due("inbox")
    assert not schedule.due_on_show("inbox")


def test_failures_double_the_wait_up_to_ten_minutes() -> None:
    clock = Clock()
    schedule = RefreshSchedule(15, clock=clock)
    schedule.answered("inbox")
    waits = [schedule.failed() for _ in range(8)]
    assert waits == [30, 60, 120, 240, 480, 600, 600, 600]
    assert MAX_BACKOFF_SECONDS == 600
    clock.now += 599
    assert not schedule.due("inbox")
    clock.now += 1
    assert schedule.due("inbox")
    schedule.answered("inbox")  # one answer and the interval is back to normal
    assert schedule.failures == 0
    assert schedule.failed() == 30


def test_a_rate_limit_waits_at_least_what_the_service_asks() -> None:
    clock = Clock()
    schedule = RefreshSchedule(15, clock=clock)
    assert schedule.failed(retry_after=90) == 90
    assert schedule.failed(retry_after=5) == 60  # the backoff is longer: it wins
    assert schedule.failed(retry_after=10_000) == MAX_BACKOFF_SECONDS


def test_a_list_shown_again_is_refreshed_when_stale_and_not_backing_off() -> None:
    clock = Clock()
    schedule = RefreshSchedule(60, clock=clock)
    schedule.answered("inbox")
    clock.now += SHOWN_STALE_SECONDS - 0.5
    assert not schedule.due_on_show("inbox")  # Enter then Esc at once asks nothing
    clock.now += 1
    assert schedule.due_on_show("inbox")
    schedule.failed()
    assert not schedule.due_on_show("inbox")  # the backoff holds for a screen shown, too


def test_one_reply_is_announced_once_whoever_sees_it() -> None:
    told = Announcements()
    reply = datetime(2026, 6, 27, 9, 0, tzinfo=UTC)
    earlier = datetime(2026, 6, 27, 8, 0, tzinfo=UTC)
    # The conversation sees two new messages, then the inbox the same conversation moving.
    assert told.news([("ctc_a", reply), ("ctc_a", earlier)]) == 2
    assert told.news([("ctc_a", reply)]) == 0
    assert told.news([("ctc_a", datetime(2026, 6, 27, 9, 1, tzinfo=UTC))]) == 1
    assert told.news([("ctc_b", reply), ("", None), ("ctc_c", None)]) == 3


def test_title_is_made_of_a_count_only() -> None:
    assert title_sequence(3) == "\x1b]2;lemtui (3)\x07"
    assert title_sequence(0) == "\x1b]2;lemtui\x07"
    assert title_sequence(-2) == "\x1b]2;lemtui\x07"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, "\x1b]9;lemtui: 2 new replies\x07"),
        ({"LC_TERMINAL": "iTerm2", "TERM": "xterm-256color"}, "\x1b]9;lemtui: 2 new replies\x07"),
        ({"TERM_PROGRAM": "WezTerm"}, "\x1b]777;notify;lemtui;2 new replies\x07"),
        ({"TERM": "xterm-ghostty"}, "\x1b]777;notify;lemtui;2 new replies\x07"),
        ({"TERM": "foot"}, "\x1b]777;notify;lemtui;2 new replies\x07"),
        ({"TERM": "rxvt-unicode-256color"}, "\x1b]777;notify;lemtui;2 new replies\x07"),
        ({"VTE_VERSION": "7600"}, "\x1b]777;notify;lemtui;2 new replies\x07"),
        ({"TERM": "xterm-kitty"}, "\x1b]99;;lemtui: 2 new replies\x1b\\"),
        ({"TERM": "xterm-256color"}, None),
        ({}, None),
    ],
)
def test_desktop_notification_uses_the_terminals_own_escape(
    environ: dict[str, str], expected: str | None
) -> None:
    assert desktop_sequence(2, environ) == expected


def test_inside_tmux_the_notification_goes_through_passthrough() -> None:
    sequence = desktop_sequence(1, {"TMUX": "/tmp/tmux-1000/default,1,0", "VTE_VERSION": "7600"})
    assert sequence == "\x1bPtmux;\x1b\x1b]777;notify;lemtui;1 new reply\x07\x1b\\"


def test_notification_text_is_a_count() -> None:
    assert notification_text(1) == "1 new reply"
    assert notification_text(12) == "12 new replies"
