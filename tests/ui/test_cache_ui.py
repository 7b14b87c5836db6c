"""The reader with its local cache (Pilot): instant lists, the service winning, offline."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.widgets import Static

from lemtui.demo.data import SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_API_KEY, DEMO_USER_ID, FakeLemlist
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.secret import Secret
from lemtui.local.cache.store import open_cache
from lemtui.local.cache.worker import CacheWorker
from lemtui.mail.index_text import index_parts
from lemtui.tui.app import LemtuiApp
from lemtui.tui.cache_glue import CacheGlue
from tests.support.app import demo_settings, settle, until

URL = "http://localhost/api"


def _worker(folder: Path) -> CacheWorker:
    return CacheWorker(lambda: open_cache(URL, DEMO_API_KEY, folder=folder, indexer=index_parts))


async def _fill(folder: Path, fake: FakeLemlist, rename: str = "") -> dict[str, Any]:
    """Store the demo inbox's first page (its first row renamed `rename`) and the sample
    conversation's first page, as an earlier run would have; the first row."""
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake)
    )
    inbox = await client.get_inbox(DEMO_USER_ID, limit=50)
    page = await client.get_page(SAMPLE_CONTACT_ID, limit=50)
    await client.aclose()
    rows = [dict(item.raw) for item in inbox.items]
    first = dict(rows[0])
    if rename:
        rows[0] = {**first, "contact": {**first["contact"], "fullName": rename}}
    store = open_cache(URL, DEMO_API_KEY, folder=folder, indexer=index_parts)
    store.store_inbox_page(DEMO_USER_ID, rows)
    store.store_messages(SAMPLE_CONTACT_ID, [dict(m.raw) for m in page.messages])
    store.close()
    return first


def _app(tmp_path: Path, client: LemlistClient, glue: CacheGlue) -> LemtuiApp:
    settings = demo_settings(user_id=DEMO_USER_ID, refresh_seconds=0)
    return LemtuiApp(client=client, settings=settings, state_dir=tmp_path / "state", cache=glue)


def _header(app: LemtuiApp) -> str:
    inbox = app.inbox_screen
    assert inbox is not None
    return inbox.cache_note.plain


async def test_the_inbox_draws_from_the_cache_then_lemlist_wins(tmp_path: Path) -> None:
    fake = FakeLemlist()
    first = await _fill(tmp_path / "cache", fake, rename="Only In The Cache")
    fake.set_latency(0.3)
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    app = _app(tmp_path, client, glue)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "refreshing" in _header(app), step=0.02)
        inbox = app.inbox_screen
        assert inbox is not None
        assert inbox.inbox_list.items[0].contact_name == "Only In The Cache"  # at once
        await until(pilot, lambda: not _header(app), step=0.05)
        await settle(pilot)
        assert inbox.inbox_list.items[0].contact_name == first["contact"]["fullName"]
        assert await glue.latest_message(SAMPLE_CONTACT_ID) is not None
        assert await glue.latest_message("ctc_NotCached") is None
    glue.close()


class _CountingWorker(CacheWorker):
    """A cache worker that counts what reads the inbox's pages: started early or awaited."""

    def __init__(self, folder: Path) -> None:
        super().__init__(lambda: open_cache(URL, DEMO_API_KEY, folder=folder, indexer=index_parts))
        self.started: list[str] = []
        self.called: list[str] = []

    def start(self, work: Any, *args: Any) -> Any:
        self.started.append(work.__name__)
        return super().start(work, *args)

    async def call(self, work: Any, *args: Any) -> Any:
        self.called.append(getattr(work, "__name__", "?"))
        return await super().call(work, *args)


async def test_the_cached_first_page_is_read_while_the_app_starts(tmp_path: Path) -> None:
    fake = FakeLemlist()
    await _fill(tmp_path / "cache", fake, rename="Read Ahead")
    fake.set_latency(0.3)
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    worker = _CountingWorker(tmp_path / "cache")
    glue = CacheGlue(worker, client)
    app = _app(tmp_path, client, glue)
    assert worker.started == ["_inbox_body"]  # before the app runs: with Textual's start
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "refreshing" in _header(app), step=0.02)
        inbox = app.inbox_screen
        assert inbox is not None
        assert inbox.inbox_list.items[0].contact_name == "Read Ahead"
        assert "_inbox_body" not in worker.called  # the page read ahead was the one shown
    glue.close()


async def test_offline_the_cache_is_read_and_writes_are_refused(tmp_path: Path) -> None:
    await _fill(tmp_path / "cache", FakeLemlist())
    # Nothing listens on port 9: every request fails to connect.
    client = LemlistClient(Secret(DEMO_API_KEY), base_url="http://127.0.0.1:9/api", retries=0)
    glue = CacheGlue(
        CacheWorker(
            lambda: open_cache(URL, DEMO_API_KEY, folder=tmp_path / "cache", indexer=index_parts)
        ),
        client,
    )
    app = _app(tmp_path, client, glue)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(
            pilot, lambda: "offline: showing what was read up to" in _header(app), step=0.05
        )
        inbox = app.inbox_screen
        assert inbox is not None
        assert inbox.inbox_list.items  # what was read before
        row = inbox.inbox_list.row_of(SAMPLE_CONTACT_ID)
        assert row is not None
        inbox.inbox_list.highlighted = row
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                app.conversation_screen.is_mounted
                and bool(app.conversation_screen.message_list.items)
            ),
            step=0.05,
        )
        assert app.conversation_screen.cache_note.plain.startswith("offline")
        assert client.offline
        await pilot.press("m")  # mark as read: a write
        await until(
            pilot,
            lambda: any("cannot be reached" in str(n.message) for n in app._notifications),
            step=0.05,
        )
    glue.close()


def _title(app: LemtuiApp) -> str:
    inbox = app.inbox_screen
    assert inbox is not None
    return str(inbox.query_one("HeaderBar").query_one("#header-title", Static).content)


async def test_offline_the_inbox_still_names_its_reader(tmp_path: Path) -> None:
    """The names lemlist gave (teammates, campaigns, mailboxes) are kept in the cache, so an
    inbox read offline says whose it is, not `usr_…`."""
    fake = FakeLemlist()
    await _fill(tmp_path / "cache", fake)
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    online = _app(tmp_path, client, glue)
    async with online.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "Alex MARTIN" in _title(online), step=0.05)
    glue.close()

    offline = LemlistClient(Secret(DEMO_API_KEY), base_url="http://127.0.0.1:9/api", retries=0)
    glue = CacheGlue(_worker(tmp_path / "cache"), offline)
    app = _app(tmp_path, offline, glue)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "offline" in _header(app), step=0.05)
        await until(pilot, lambda: "Alex MARTIN" in _title(app), step=0.05)
        assert DEMO_USER_ID not in _title(app)
    glue.close()


async def test_a_contact_looked_up_by_email_is_kept(tmp_path: Path) -> None:
    """The prompt's look-up and the lead card (`GET /contacts/…`) are stored, so a search finds the
    contact by name or address next time, offline too."""
    fake = FakeLemlist()
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    settings = demo_settings(user_id=None, refresh_seconds=0)
    app = LemtuiApp(client=client, settings=settings, state_dir=tmp_path / "state", cache=glue)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"Victoire@Lemlist.co", "enter")
        await until(pilot, lambda: app.screen is app.conversation_screen, step=0.05)
        await settle(pilot)

        def emails(store: Any) -> list[str]:
            rows = store._read(
                "SELECT email FROM contacts WHERE contact_id = ?", (SAMPLE_CONTACT_ID,)
            )
            return [row[0] for row in rows]

        assert await glue.worker.call(emails) == ["victoire@lemlist.co"]
        hits = await glue.search("victoire")
        assert hits is not None and SAMPLE_CONTACT_ID in [hit.contact_id for hit in hits]
    glue.close()


async def test_a_lead_card_is_kept(tmp_path: Path) -> None:
    """The card (`GET /contacts/{id}`) of a conversation opened by its ID is stored: its
    address and name are found by a search afterwards."""
    fake = FakeLemlist()
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    settings = demo_settings(user_id=None, refresh_seconds=0)
    app = LemtuiApp(
        client=client,
        settings=settings,
        state_dir=tmp_path / "state",
        cache=glue,
        contact_id=SAMPLE_CONTACT_ID,
    )

    def emails(store: Any) -> list[str]:
        rows = store._read("SELECT email FROM contacts WHERE contact_id = ?", (SAMPLE_CONTACT_ID,))
        return [row[0] for row in rows]

    async with app.run_test(size=(160, 45)) as pilot:  # the card beside the message
        await until(pilot, lambda: bool(app.conversation_screen.message_list.items), step=0.05)
        await settle(pilot)
        for _ in range(100):  # the write goes through the cache's thread
            if await glue.worker.call(emails) == ["victoire@lemlist.co"]:
                break
            await pilot.pause(0.05)
        assert await glue.worker.call(emails) == ["victoire@lemlist.co"]
    glue.close()


async def test_a_damaged_names_entry_in_the_cache_reads_as_none(tmp_path: Path) -> None:
    """Kept names that are not JSON (a damaged file) are no names, never an error."""
    from lemtui.tui.cache_glue import NAMES_KEY

    client = LemlistClient(Secret(DEMO_API_KEY), base_url="http://127.0.0.1:9/api", retries=0)
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    assert await glue.names() is None  # nothing kept yet
    await glue.worker.call(lambda store: store.set_meta(NAMES_KEY, '{"users": {"usr_a": "A'))
    assert await glue.names() is None
    glue.keep_names({"users": {"usr_a": "Alex"}})
    assert await glue.names() == {"users": {"usr_a": "Alex"}}
    glue.close()
    await client.aclose()


async def test_kept_names_that_are_damaged_are_skipped(tmp_path: Path) -> None:
    from lemtui.tui.directory import Directory

    directory = Directory()
    directory.users["usr_a"] = "Alex"
    kept = {
        "users": {"usr_a": "Someone Else", "usr_b": "Bea\x1b[2J Stone", "usr_c": 3},
        "campaigns": ["not", "a", "map"],
        "mailboxes": {"usm_1": "   "},
    }
    assert directory.restore(kept)
    assert directory.users == {"usr_a": "Alex", "usr_b": "Bea[2J Stone"}  # known names stay
    assert directory.campaigns == {} and directory.mailboxes == {}
    assert not directory.restore("garbage") and not directory.restore(None)


async def test_slash_finds_a_word_in_a_body_and_enter_opens_at_that_message(
    tmp_path: Path,
) -> None:
    from lemtui.tui.screens.cache_hits import CacheHits

    fake = FakeLemlist()
    await _fill(tmp_path / "cache", fake)
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    app = _app(tmp_path, client, glue)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"adore", "enter")  # "j'adore", in the second message only
        await until(pilot, lambda: isinstance(app.screen, CacheHits), step=0.05)
        hits = app.screen
        assert isinstance(hits, CacheHits)
        assert [hit.contact_id for hit in hits.hits] == [SAMPLE_CONTACT_ID]
        assert hits.hits[0].line.startswith("Haha Welcome Christophe, j'adore")
        await pilot.press("enter")
        screen = app.conversation_screen
        await until(
            pilot,
            lambda: screen.is_mounted and screen.message_list.highlighted_item is not None,
            step=0.05,
        )
        await settle(pilot)
        item = screen.message_list.highlighted_item
        assert item is not None and item.id == "act_7yfGhxmPfKbxZaWHa"
        assert screen.message_list.highlighted == 1  # not the newest: the one that matched
    glue.close()


async def test_the_hits_draw_nothing_above_127_in_ascii_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lemtui.tui.screens.cache_hits import CacheHits
    from tests.ui.test_ascii import Walk, _ascii_data

    monkeypatch.setenv("LEMTUI_ASCII", "1")
    fake = FakeLemlist(conversations=_ascii_data())
    await _fill(tmp_path / "cache", fake)
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    app = _app(tmp_path, client, glue)
    walk = Walk(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"christophe", "enter")
        await until(pilot, lambda: isinstance(app.screen, CacheHits), step=0.05)
        await settle(pilot)
        walk.check("the cache's hits")
        await pilot.press("n", "N")
        await settle(pilot)
        walk.check("the cache's hits, moved")
    glue.close()
    assert walk.seen == {"CacheHits"}
    assert not walk.faults, "\n".join(walk.faults)


class _Cable(httpx.AsyncBaseTransport):
    """The fake API behind a cable that can be pulled out (`cut`): then nothing connects."""

    def __init__(self, fake: FakeLemlist) -> None:
        self.inner = httpx.ASGITransport(app=fake)
        self.cut = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.cut:
            raise httpx.ConnectError("unplugged", request=request)
        return await self.inner.handle_async_request(request)


async def test_reconnecting_refreshes_on_its_own_even_with_refreshing_off(
    tmp_path: Path,
) -> None:
    fake = FakeLemlist()
    first = await _fill(tmp_path / "cache", fake, rename="Only In The Cache")
    cable = _Cable(fake)
    cable.cut = True
    client = LemlistClient(Secret(DEMO_API_KEY), base_url=URL, transport=cable, retries=0)
    glue = CacheGlue(_worker(tmp_path / "cache"), client)
    glue.reconnect_seconds = 0.2
    app = _app(tmp_path, client, glue)  # refresh_seconds = 0: the app's timer is off
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _header(app).startswith("offline"), step=0.05)
        assert client.offline
        cable.cut = False
        await until(pilot, lambda: not _header(app), step=0.05)
        inbox = app.inbox_screen
        assert inbox is not None
        assert client.offline is None  # writes are allowed again
        assert inbox.inbox_list.items[0].contact_name == first["contact"]["fullName"]
    glue.close()


async def test_cache_fill_fetches_stale_conversations_slowly(tmp_path: Path) -> None:
    from lemtui.tui.cache_glue import FILL_INTERVAL

    fake = FakeLemlist()
    client = LemlistClient(
        Secret(DEMO_API_KEY), base_url=URL, transport=httpx.ASGITransport(app=fake), retries=0
    )
    glue = CacheGlue(_worker(tmp_path / "cache"), client, fill=True)
    app = _app(tmp_path, client, glue)

    def filled() -> list[float]:
        return [
            r.time
            for r in fake.requests
            if r.path.startswith("/api/inbox/ctc_")
            and r.query.get("skip", "0") == "0"
            and r.query.get("limit") != "1"  # not the rows' first words
        ]

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(filled()) >= 4, rounds=400, step=0.05)
        times = filled()
    glue.close()
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= FILL_INTERVAL * 0.9  # a quarter of 20 requests per 2 s at most
    store = open_cache(URL, DEMO_API_KEY, folder=tmp_path / "cache", indexer=index_parts)
    stored = [c for c, _ in store.stale_conversations(DEMO_USER_ID, 1000)]
    assert store.inbox_count(DEMO_USER_ID) - len(stored) >= 3  # no longer stale once fetched
    store.close()
