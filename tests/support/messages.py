"""A message from a few fields, and the clock and time zone the row and detail tests read with."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from lemtui.lemlist.messages import Message

NOW = datetime(2026, 3, 14, 15, 9, tzinfo=UTC)
""""Now" for compact dates: a Saturday afternoon in March."""


def make_message(**fields: Any) -> Message:
    """An email we sent at 09:30 on `NOW`'s day, with `fields` over it."""
    data: dict[str, Any] = {
        "_id": "act_1",
        "type": "emailsSent",
        "createdAt": "2026-03-14T09:30:00Z",
    }
    data.update(fields)
    return Message.from_json(data)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test (dates are drawn in the local zone)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
