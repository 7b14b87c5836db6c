"""The inbox benchmark's data and fake: 5,000 conversations in the reader's inbox, 1–3 messages
each, served over HTTP with the fake's latency and rate limit.

Each conversation is cut from the demo's realistic messages (`bench.common`'s set, cycled), with
a lead of its own (`lead_name`: the row's name, so a frame can be searched for a given row) at a
company of their own (the row's company column). The fake is `FakeLemlist` with one change:
`GET /inbox` answers from the inbox listed once at start. The stock route derives all 5,000
entries from their messages on every request (~0.3 s each on this host, in the orchestrating
process): that is the fake's cost, not lemtui's, and would be counted in every first frame.
What it answers is the stock route's own answer, sliced.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from bench.common import API_KEY, _base_messages
from lemtui.demo.data import DEMO_USER_ID
from lemtui.demo.fake_api import FakeLemlist
from lemtui.demo.reads import Paging, inbox_page
from lemtui.demo.wire import Answer, json_answer, pagination
from tests.support.server import FakeServer

__all__ = ["CONVERSATIONS", "InboxFake", "inbox_conversations", "lead_name", "serve_inbox"]

CONVERSATIONS: Final = 5_000


def lead_name(index: int) -> str:
    """The name conversation `index` shows on its row (about the `index`th row: the inbox
    lists the newest activity first)."""
    return f"Ada Lead{index:05d}"


def inbox_conversations(count: int = CONVERSATIONS) -> dict[str, list[dict[str, Any]]]:
    """`count` conversations of 1–3 messages, newest first; conversation `i` moved last
    `7 i` minutes before the first, so the inbox lists them in index order."""
    base = _base_messages()
    start = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
    conversations: dict[str, list[dict[str, Any]]] = {}
    for index in range(count):
        contact = f"ctc_Inbox{index:05d}"
        email = f"ada.lead{index:05d}@company{index % 211:03d}.example"
        messages = []
        for step in range(1 + index % 3):
            message = copy.copy(base[(index * 3 + step) % len(base)])
            message["_id"] = f"act_i{index:05d}x{step}"
            message["contactId"] = contact
            message["leadEmail"] = email
            when = start - timedelta(minutes=7 * index + step)
            message["createdAt"] = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            messages.append(message)
        conversations[contact] = messages
    return conversations


class InboxFake(FakeLemlist):
    """`FakeLemlist` whose reader's inbox is listed once (see the module's doc)."""

    def __init__(self, conversations: dict[str, list[dict[str, Any]]], latency: float) -> None:
        if not callable(getattr(FakeLemlist, "_inbox", None)):  # else the override is dead
            raise RuntimeError("FakeLemlist no longer answers /inbox with _inbox: update InboxFake")
        super().__init__(api_key=API_KEY, conversations=conversations, latency=latency)
        everything = inbox_page(
            conversations,
            self.is_read,
            Paging(len(conversations), len(conversations)),
            {"userId": DEMO_USER_ID},
        )
        self._listed: list[dict[str, Any]] = json.loads(everything.body)["data"]

    def _inbox(self, query: dict[str, str]) -> Answer:
        """The stock route for anything odd; the reader's pages from the list made at start."""
        window = self._paging().window(query, "page", 1)
        if query.get("userId") != DEMO_USER_ID or isinstance(window, Answer) or window[1] < 1:
            return super()._inbox(query)
        limit, page = window
        skip = (page - 1) * limit
        return json_answer(
            {
                "data": self._listed[skip : skip + limit],
                "pagination": pagination(len(self._listed), skip, limit),
            }
        )


@contextlib.contextmanager
def serve_inbox(latency: float) -> Iterator[FakeServer]:
    """The 5,000-conversation fake over HTTP for the duration of the block."""
    server = FakeServer(InboxFake(inbox_conversations(), latency))
    server.start()
    try:
        yield server
    finally:
        server.stop()
