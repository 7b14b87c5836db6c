"""The list filters: both lists' channel filters follow one rule (`shows_channels`)."""

from __future__ import annotations

import pytest

from lemtui.lemlist.filters import InboxFilter, MessageFilter
from lemtui.lemlist.inbox import InboxItem
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


@pytest.mark.parametrize(("kind", "shown_by"), CASES)
def test_a_conversation_shows_under_each_of_its_channels_filters(
    kind: str, shown_by: set[str]
) -> None:
    item = InboxItem.from_json({"_id": "c", "channels": [kind]})
    channel_filters = [f for f in InboxFilter if f.name in {"ALL", "EMAIL", "LINKEDIN", "OTHER"}]
    assert {f.name for f in channel_filters if f.matches(item)} == shown_by
    both = InboxItem.from_json({"_id": "c", "channels": ["email", "sms"]})
    assert InboxFilter.EMAIL.matches(both) and InboxFilter.OTHER.matches(both)
    assert not InboxFilter.LINKEDIN.matches(both)
    assert not InboxFilter.OTHER.matches(InboxItem.from_json({"channels": []}))


def test_unread_and_replied_read_the_conversations_flags() -> None:
    item = InboxItem.from_json(
        {"haveReplies": True, "users": [{"userId": "usr_me", "read": False}]}, user_id="usr_me"
    )
    assert InboxFilter.UNREAD.matches(item) and InboxFilter.REPLIED.matches(item)
    assert not InboxFilter.UNREAD.matches(InboxItem.from_json({}))
