"""The reader's use of the local cache: instant lists, offline reading, storing every page.

One `CacheGlue` per app (None with `--no-cache`). The list screens hand it their fetch
functions (`ListScreen.cached_fetch`), and it:

- serves a list's first page from the cache at once when it has one (the header says
  "cached 14:02, refreshing…"), then asks the list to refresh from lemlist: what the service
  says is merged over it and wins;
- stores every page lemlist sends, on the cache's own thread (never the event loop);
- when lemlist cannot be reached, serves what was read before ("offline: showing what was
  read up to 14:02"), refuses writes with that reason (`LemlistClient.offline`), queues
  nothing, and goes back online on the first answer (the app's refresh timer asks);
- says once, calmly, when the cache cannot be used (and that `lemtui --forget` clears it).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TypeVar

from rich.text import Text

from lemtui.lemlist.errors import NetworkError
from lemtui.local.cache.worker import CacheWorker

if TYPE_CHECKING:
    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.inbox import InboxPage
    from lemtui.lemlist.messages import Page
    from lemtui.lemlist.paging import InboxRequest, PageRequest
    from lemtui.local.cache.query import SearchHit
    from lemtui.local.cache.store import CacheStore
    from lemtui.tui.screens.list_screen import ListScreen
    from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["CacheGlue"]

OFFLINE_REASON: Final = "lemlist cannot be reached (offline)"
NAMES_KEY: Final = "directory"
"""The `meta` key the directory's names are kept under (campaigns, teammates, mailboxes)."""
FILL_INTERVAL: Final = 4 * 2.0 / 20
"""Seconds between two background fills at least: a quarter of lemlist's 20 requests per 2 s."""
RECONNECT_SECONDS: Final = 30.0
"""Seconds between two tries while offline, when refreshing is off."""
INDEX_IDLE: Final = 1.0
"""Seconds between two checks for text to index (it waits while a page is awaited)."""
INDEX_BATCH: Final = 100
"""Messages indexed per step (one transaction, well under a second)."""
SEARCH_CATCH_UP: Final = 2_000
"""Messages not yet indexed that a search indexes first, at most."""
FILL_START: Final = 2.0
"""Seconds the background fill waits after the inbox's first request before it begins."""
FILL_IDLE: Final = 30.0
"""Seconds the background fill rests when nothing is stale, or after a failure."""
RequestT = TypeVar("RequestT")
PageT = TypeVar("PageT")


def _clock(stamp: float | None) -> str:
    if stamp is None:
        return "?"
    return datetime.fromtimestamp(stamp).astimezone().strftime("%H:%M")


def _inbox_body(store: CacheStore, request: InboxRequest, online: bool) -> Any:
    items = store.inbox_page(request.user_id, request.page, request.limit)
    if not items:
        return None
    count = store.inbox_count(request.user_id)
    pagination: dict[str, Any] = {"totalItems": count}
    if online:  # lemlist decides where the list ends
        pagination = {"nextPage": request.page + 1}
    return {"data": items, "pagination": pagination}, store.inbox_stored_at(request.user_id)


def _messages_body(store: CacheStore, request: PageRequest, online: bool) -> Any:
    items, count = store.messages_page(request.contact_id, request.skip, request.limit)
    if not items:
        return None
    total = store.conversation_total(request.contact_id)
    pagination: dict[str, Any] = {"totalItems": count}
    if online and (total is None or total > count):
        pagination = {"nextPage": 2}
    elif online:
        pagination = {"totalItems": total}
    return {"data": items, "pagination": pagination}, store.messages_stored_at(request.contact_id)


def _store_first(
    store: CacheStore, contact_id: str, rows: list[dict[str, Any]], total: int | None, at: float
) -> None:
    store.store_messages(contact_id, rows, total=total)
    store.mark_synced(contact_id, at)


class CacheGlue:
    """The app's cache: `worker` runs the store; `client` is told when writes must wait."""

    def __init__(self, worker: CacheWorker, client: LemlistClient, *, fill: bool = False) -> None:
        self.worker = worker
        self.client = client
        self.fill = fill
        """`cache_fill`: fetch stale conversations' first pages slowly in the background."""
        self._filling = False
        self._indexer: asyncio.Task[None] | None = None
        self._reconnect: asyncio.Task[None] | None = None
        self.reconnect_seconds = RECONNECT_SECONDS
        """How often lemlist is asked again while offline (without the app's timer)."""
        self._busy = 0
        """Pages the user is waiting for now (filling pauses meanwhile)."""
        self.offline = False
        """True while lemlist cannot be reached (what is shown comes from the cache)."""
        self._said_problem = False
        self._refresh_after: dict[int, int] = {}
        """id(screen) → generation whose first page came from the cache (a refresh follows)."""
        self._targets: dict[str, str] = {}
        """contact ID → the message a search hit asked to open the conversation at."""
        self._screens: dict[int, ListScreen[Any]] = {}
        self._stored_at: dict[int, float | None] = {}
        """id(screen) → when what it shows from the cache was stored."""
        self._early: dict[tuple[str, int, int], concurrent.futures.Future[Any]] = {}
        """(user, page, limit) → a first inbox page being read before it was asked for."""

    # ------------------------------------------------------------------ fetch wrappers

    def wrap(
        self, screen: ListScreen[Any], fetch: Callable[[RequestT], Awaitable[PageT]]
    ) -> Callable[[RequestT], Awaitable[PageT]]:
        """`fetch` (an inbox's or a conversation's) with the cache in front of it (the first
        page at once, every page when offline) and behind it (every page lemlist sends is
        stored)."""
        self._screens[id(screen)] = screen

        async def fetched(request: RequestT) -> PageT:
            inbox = hasattr(request, "user_id")
            read = _inbox_body if inbox else _messages_body
            req: Any = request
            first = req.cursor == (1 if inbox else 0)
            instant = first and not req.refresh and not getattr(req, "mark_as_read", False)
            if instant or (self.offline and not req.refresh):
                early = self._early.pop(self._early_key(req), None) if inbox and instant else None
                if early is not None and not self.offline:
                    cached = await asyncio.wrap_future(early)
                else:
                    cached = await self.worker.call(read, request, not self.offline)
                self._say_problem(screen)
                if cached is not None:
                    body, stored_at = cached
                    self._stored_at[id(screen)] = stored_at
                    if self.offline:
                        self._note(
                            screen, f"offline: showing what was read up to {_clock(stored_at)}"
                        )
                    else:
                        self._refresh_after[id(screen)] = req.generation
                        self._note(screen, f"cached {_clock(stored_at)}, refreshing…")
                    return self._build(body, req, inbox)  # type: ignore[return-value]
            if inbox and self.fill and not self._filling:
                self._filling = True
                screen.app.run_worker(
                    self._fill(req.user_id, req.limit), group="cache-fill", exit_on_error=False
                )
            self._busy += 1
            try:
                page = await fetch(request)
            except NetworkError as error:
                self._go_offline()
                cached = None if req.refresh else await self.worker.call(read, request, False)
                if req.refresh and id(screen) in self._stored_at:
                    when = _clock(self._stored_at[id(screen)])
                    self._note(screen, f"offline: showing what was read up to {when}")
                if cached is None:
                    raise error from None
                self._stored_at[id(screen)] = cached[1]
                self._note(screen, f"offline: showing what was read up to {_clock(cached[1])}")
                return self._build(cached[0], req, inbox)  # type: ignore[return-value]
            except Exception:
                if req.refresh and id(screen) in self._stored_at:  # an answer, not the rows
                    self._note(screen, f"cached {_clock(self._stored_at[id(screen)])}")
                raise
            finally:
                self._busy -= 1
            self._go_online()
            if req.refresh or first:
                self._note(screen, "")
                self._stored_at.pop(id(screen), None)
            self._store(page, req, inbox)
            self._say_problem(screen)
            return page

        return fetched

    def read_inbox_ahead(self, user_id: str, limit: int) -> None:
        """Start reading the inbox's first page from the cache now, on the cache's thread,
        while Textual starts (~85 ms before the inbox asks for it): the cached rows then come
        with the inbox's first frames instead of ~30 ms (opening the file, reading) after."""
        from lemtui.lemlist.paging import InboxRequest

        request = InboxRequest(generation=0, user_id=user_id, page=1, limit=limit)
        started = self.worker.start(_inbox_body, request, True)
        if started is not None:
            self._early[self._early_key(request)] = started

    @staticmethod
    def _early_key(request: Any) -> tuple[str, int, int]:
        return (request.user_id, request.page, request.limit)

    @staticmethod
    def _build(body: Any, request: Any, inbox: bool) -> InboxPage | Page:
        from lemtui.lemlist.inbox import InboxPage
        from lemtui.lemlist.messages import Page

        if inbox:
            return InboxPage.from_json(
                body, page=request.page, limit=request.limit, user_id=request.user_id
            )
        return Page.from_json(
            body, contact_id=request.contact_id, skip=request.skip, limit=request.limit
        )

    def _store(self, page: Any, request: Any, inbox: bool) -> None:
        """Queue `page` for the cache's thread (the event loop only copies the references)."""
        if inbox:
            rows = [dict(item.raw) for item in page.items]
            user_id = request.user_id
            self.worker.submit(lambda s: s.store_inbox_page(user_id, rows))
            return
        messages = [dict(message.raw) for message in page.messages]
        total = page.pagination.total_items if request.skip == 0 else None
        contact_id = request.contact_id
        self.worker.submit(
            lambda s: s.store_messages(contact_id, messages, total=total, index=False)
        )
        if self._indexer is None or self._indexer.done():
            self._indexer = asyncio.get_running_loop().create_task(self._index_when_idle())

    async def _index_when_idle(self) -> None:
        """Index the stored messages' text once nobody waits for a page (rendering them for
        the index costs CPU the screen wants while pages arrive)."""
        while not self.worker.off:
            await asyncio.sleep(INDEX_IDLE)
            if self._busy:
                continue
            done = await self.worker.call(lambda s: s.index_pending(INDEX_BATCH))
            if not done:
                return

    def page_arrived(self, screen: ListScreen[Any], paged: PagedList[Any], first: bool) -> None:
        """A page is shown: after a first page from the cache, lemlist is asked for it (and
        wins); a conversation opened from a search hit goes to the message that matched."""
        pager = paged.pager
        if pager is None:
            return
        if first and self._refresh_after.get(id(screen)) == pager.generation:
            del self._refresh_after[id(screen)]
            paged.refresh_first(timed=True)
        contact_id = getattr(pager, "contact_id", None)
        target = self._targets.get(contact_id) if isinstance(contact_id, str) else None
        if target is None or contact_id is None:
            return
        for row, item in enumerate(paged.items):
            if getattr(item, "id", None) == target:
                paged.highlighted = row
                del self._targets[contact_id]
                return

    def open_at(self, contact_id: str, message_id: str | None) -> None:
        """The next time `contact_id`'s conversation shows `message_id`, highlight it."""
        if message_id:
            self._targets[contact_id] = message_id
        else:
            self._targets.pop(contact_id, None)

    async def _fill(self, user_id: str, page_size: int) -> None:
        """`cache_fill`: the first page of every stale conversation of the inbox, one
        request every `FILL_INTERVAL` seconds at most (a quarter of lemlist's 20 per 2 s),
        waiting while the user waits for a page or lemlist cannot be reached."""
        from lemtui.lemlist.errors import ApiError

        await asyncio.sleep(FILL_START)  # the inbox's first page lands in the cache first
        while not self.worker.off:
            stale = await self.worker.call(lambda s: s.stale_conversations(user_id, 20))
            if not stale:
                await asyncio.sleep(FILL_IDLE)
                continue
            for contact_id, activity in stale:
                await asyncio.sleep(FILL_INTERVAL)
                # Polled: "the user waits" and "offline" end in other tasks' code paths.
                while self._busy or self.offline:  # noqa: ASYNC110
                    await asyncio.sleep(FILL_INTERVAL)
                try:
                    page = await self.client.get_page(contact_id, limit=page_size)
                except ApiError:
                    await asyncio.sleep(FILL_IDLE)
                    break
                rows = [dict(message.raw) for message in page.messages]
                total = page.pagination.total_items
                self.worker.submit(_store_first, contact_id, rows, total, activity)

    # ------------------------------------------------------------------ state and notes

    def _note(self, screen: ListScreen[Any], text: str) -> None:
        note = Text(text, style="bold" if text.startswith("offline") else "dim")
        if note.plain != screen.cache_note.plain:
            screen.cache_note = note
            screen.update_header()

    def _go_offline(self) -> None:
        if not self.offline:
            self.offline = True
            self.client.offline = OFFLINE_REASON
            if self._reconnect is None or self._reconnect.done():
                self._reconnect = asyncio.get_running_loop().create_task(self._reconnect_later())

    async def _reconnect_later(self) -> None:
        """While offline, ask the shown list's first page again now and then, when the app's
        refresh timer does not (`refresh_seconds = 0`): the first answer ends offline."""
        while self.offline:
            await asyncio.sleep(self.reconnect_seconds)
            for screen in list(self._screens.values()):
                live = getattr(screen.app, "live", None) if screen.is_mounted else None
                if live is None or getattr(live, "enabled", False):
                    continue  # not shown, or the app's timer asks already
                if screen is screen.app.screen:
                    screen.refresh_live(timed=True)

    def _go_online(self) -> None:
        if self.offline:
            self.offline = False
            self.client.offline = None
            for screen in self._screens.values():
                if screen.cache_note.plain.startswith("offline"):
                    self._note(screen, "")

    def _say_problem(self, screen: ListScreen[Any]) -> None:
        problem = self.worker.problem
        if problem and not self._said_problem:
            self._said_problem = True
            screen.notify(
                f"Running without the local cache: {problem}. lemtui --forget deletes it.",
                title="Cache",
                severity="warning",
                markup=False,
                timeout=10,
            )

    # ------------------------------------------------------------------ reads for the UI

    async def latest_message(self, contact_id: str) -> dict[str, Any] | None:
        """The newest cached message of `contact_id` as the service sent it, or None."""
        return await self.worker.call(lambda s: s.latest_message(contact_id))

    async def latest_messages(self, contact_ids: list[str]) -> dict[str, dict[str, Any]]:
        """The newest cached message of each of `contact_ids` that has one."""
        found = await self.worker.call(lambda s: s.latest_messages(contact_ids))
        return found or {}

    async def search(self, query: str) -> list[SearchHit] | None:
        """Conversations whose names, emails, companies, campaigns or messages match
        `query`, best first; None when the cache cannot be used."""

        def search(store: CacheStore) -> list[SearchHit]:
            store.index_pending(SEARCH_CATCH_UP)  # what was just read is found too
            return store.search(query)

        return await self.worker.call(search)

    async def names(self) -> Any:
        """The names the directory kept last time (decoded JSON, unchecked), or None."""

        def read(store: CacheStore) -> Any:
            kept = store.meta(NAMES_KEY)
            if kept is None:
                return None
            with contextlib.suppress(ValueError):
                return json.loads(kept)
            return None

        return await self.worker.call(read)

    def keep_contact(self, raw: Mapping[str, Any]) -> None:
        """Store a contact record lemlist sent (a look-up, a lead card): searched, offline too."""
        record = dict(raw)
        self.worker.submit(lambda store: store.store_contact(record))

    def keep_names(self, names: Mapping[str, Any]) -> None:
        """Keep the directory's names for the next start (offline, they are all there is)."""
        text = json.dumps(names, ensure_ascii=False)
        self.worker.submit(lambda store: store.set_meta(NAMES_KEY, text))

    def close(self) -> None:
        """Finish the queued writes and close the file (at exit)."""
        self.worker.close()
