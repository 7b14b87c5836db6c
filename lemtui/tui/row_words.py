"""The first words of each inbox row: fetched for the rows in view and a few ahead, quietly.

An inbox page names conversations; what the lead wrote is in each conversation's newest
message. `RowWords` asks for it (`LemlistClient.latest_message`, half the rate budget at most,
two at a time) for the rows the user can see and the next few, turns it into a `Latest`
(first words, who wrote, channel, campaign) off the UI thread, and says which conversation
changed so its row is drawn again. Scrolling never waits for it: a row whose words have not
come says so with an ellipsis. A conversation that moves again (its `lastActivityAt` changes)
is asked again the next time it is in view. A failure is kept (the row says so) until the
conversation moves or the inbox is reloaded; a 429 or a network failure pauses the asking.
No widget here: the inbox list owns one and tells it what is in view.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from datetime import datetime
from typing import Any, Final, Protocol

from lemtui.lemlist.errors import ApiError, NetworkError, RateLimitedError
from lemtui.lemlist.messages import Message
from lemtui.mail.gist import Gist, gist_of
from lemtui.tui.rows import Latest

__all__ = ["AHEAD", "RowWords"]

AHEAD: Final = 8
"""Rows after the view whose words are asked too (a page down finds them there)."""
WORKERS: Final = 2
"""Requests in flight at once (the budget is the client's; this keeps the order of rows)."""
PAUSE_AFTER_FAILURE: Final = 5.0
"""Seconds the asking stops after a 429 or an unreachable service."""

Fetch = Callable[[str, datetime | None], Awaitable[Message | None]]
"""How the newest message of a conversation is fetched (by contact ID, and when the inbox says
it last moved: a copy kept from before that is stale)."""


class Running(Protocol):
    """A started piece of work that can be cancelled (an asyncio task, a Textual worker)."""

    def cancel(self) -> Any: ...


Spawn = Callable[[Coroutine[Any, Any, None]], Running]
"""How the asking runs (the inbox list runs it as its workers, so tests can wait for it)."""


def _task(work: Coroutine[Any, Any, None]) -> Running:
    return asyncio.get_running_loop().create_task(work)


def _latest(message: Message | None) -> Latest:
    if message is None:
        return Latest(gist=gist_of_nothing())
    return Latest(
        gist=gist_of(message),
        direction=message.direction,
        channel=message.channel,
        campaign=message.campaign_name,
        campaign_id=message.campaign_id,
    )


def gist_of_nothing() -> Gist:
    """The words of a conversation with no message at all."""
    return Gist("(no messages)", event=True)


class RowWords:
    """The newest message's words for inbox rows, by contact ID (see the module's doc)."""

    def __init__(
        self,
        fetch: Fetch,
        on_ready: Callable[[str], None],
        *,
        spawn: Spawn = _task,
    ) -> None:
        self._fetch = fetch
        self._spawn = spawn
        self._on_ready = on_ready
        self._known: dict[str, tuple[datetime | None, Latest]] = {}
        self._asking: dict[str, datetime | None] = {}
        self._wanted: list[tuple[str, datetime | None]] = []
        self._running: list[Running] = []
        self._active = 0
        self._paused_until = 0.0
        self._round = 0
        """Counts `want` calls: a row popped before the last one is no longer wanted."""
        self.asked = 0
        """Requests made (the tests and the bench count them)."""

    def get(self, contact_id: str) -> Latest | None:
        """What is known of `contact_id`'s newest message (None: nothing yet)."""
        known = self._known.get(contact_id)
        return known[1] if known is not None else None

    def put(self, contact_id: str, activity: datetime | None, latest: Latest) -> None:
        """Take words found elsewhere (a conversation just read, the cache)."""
        self._known[contact_id] = (activity, latest)

    def forget(self) -> None:
        """Drop every failure (a reload): the rows in view are asked again."""
        self._known = {key: value for key, value in self._known.items() if not value[1].failed}

    def want(self, rows: Iterable[tuple[str, datetime | None]]) -> None:
        """Ask for the words of `rows` (contact ID, last activity), in that order, unless they
        are known for that activity; rows wanted before and not started yet are dropped."""
        wanted = []
        for contact_id, activity in rows:
            if not contact_id or contact_id in self._asking:
                continue
            known = self._known.get(contact_id)
            if known is not None and known[0] == activity:
                continue
            wanted.append((contact_id, activity))
        self._wanted = wanted
        self._round += 1
        while self._wanted and self._active < WORKERS:
            self._active += 1
            self._running.append(self._spawn(self._work()))

    def stop(self) -> None:
        """Stop asking (the inbox is closed or shows another user)."""
        self._wanted = []
        for running in self._running:
            running.cancel()

    async def _work(self) -> None:
        try:
            await self._each_wanted()
        finally:
            self._active -= 1
            if not self._active:
                self._running = []  # every handle is of finished work

    async def _each_wanted(self) -> None:
        while self._wanted:
            wait = self._paused_until - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            contact_id, activity = self._wanted.pop(0)
            round_ = self._round
            self._asking[contact_id] = activity
            try:
                latest = await self._ask(contact_id, activity)
            finally:
                self._asking.pop(contact_id, None)
            if latest is None:  # paused: first in line again, unless no longer wanted
                if round_ == self._round:
                    self._wanted.insert(0, (contact_id, activity))
                continue
            self._known[contact_id] = (activity, latest)
            with contextlib.suppress(Exception):  # a closed screen: nothing to draw
                self._on_ready(contact_id)

    async def _ask(self, contact_id: str, activity: datetime | None) -> Latest | None:
        self.asked += 1
        try:
            message = await self._fetch(contact_id, activity)
        except (RateLimitedError, NetworkError):
            self._paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
            return None
        except (ApiError, ValueError):
            return Latest(failed=True)
        return await asyncio.to_thread(_latest, message)
