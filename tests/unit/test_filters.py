"""The list filters: both lists' channel filters follow one rule (`shows_channels`)."""

from __future__ import annotations

import pytest

from lemtui.lemlist.filters import MessageFilter
from lemtui.lemlist.messages import Message

CASES = [
    ("emailsReplied", {"ALL", "EMAIL"}),
    ("linkedinSent", {"ALL", "LINKEDIN"}),
    ("whatsappReplied", {"ALL", "OTHER"}),
    ("somethingNew", {"ALL", "OTHER"}),
]


@pytest.mark.parametrize(("kind", "shown_by"), CASES)
def test_a_message_shows_under_its_channels_filter(kind: str, shown_by: set[str]) -> None:
    message = Message.from_json({"_id": "m", "type": kind})
    channel_filters = [f for f in MessageFilter if f.name in {"ALL", "EMAIL", "LINKEDIN", "OTHER"}]
    assert {f.name for f in channel_filters if f.matches(message)} == shown_by
