"""The pagination state machine of an open conversation (no UI, no I/O)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from lemtui.models import InboxPage, Page
from lemtui.paging import (
    MAX_BARREN_PAGES,
    Conversation,
    InboxPager,
    InboxRequest,
    LoadState,
    PageRequest,
)


def _page(request: PageRequest, ids: list[str], total: int | None) -> Page:
    pagination: dict[str, Any] = {}
    if total is not None:
        pagination["totalItems"] = total
    body = {
        "data": [{"_id": i, "type": "emailsSent", "subject": i} for i in ids],
        "pagination": pagination,
    }
    return Page.from_json(
        body, contact_id=request.contact_id, skip=request.skip, limit=request.limit
    )


def _ids(start: int, count: int) -> list[str]:
    return [f"act_{n}" for n in range(start, start + count)]


def test_module_imports_no_ui() -> None:
    code = (
        "import sys, lemtui.paging, lemtui.recent; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_first_page_then_prefetch_threshold() -> None:
    conv = Conversation("ctc_a", page_size=50)
    assert conv.threshold == 25
    first = conv.start()
    assert first is not None
    assert (first.skip, first.limit) == (0, 50)
    assert conv.finish(first, _page(first, _ids(0, 50), 120)) is not None
    assert conv.loaded == 50
    assert conv.total == 120
    assert not conv.wants_more(0)
    assert not conv.wants_more(24)
    assert conv.wants_more(25)
    assert conv.wants_more(49)


def test_small_page_size_uses_minimum_threshold() -> None:
    assert Conversation("ctc_a", page_size=4).threshold == 10
    assert Conversation("ctc_a", page_size=100).threshold == 50


def test_one_page_in_flight_and_never_the_same_skip_twice() -> None:
    conv = Conversation("ctc_a", page_size=10)
    first = conv.start()
    assert first is not None
    assert conv.start() is None  # in flight
    assert not conv.wants_more(0)
    conv.finish(first, _page(first, _ids(0, 10), 30))
    second = conv.start()
    assert second is not None
    assert second.skip == 10
    assert conv.start() is None
    conv.finish(second, _page(second, _ids(10, 10), 30))
    third = conv.start()
    assert third is not None
    assert third.skip == 20
    # a duplicate answer for an old request changes nothing
    assert conv.finish(second, _page(second, _ids(10, 10), 30)) is None
    assert conv.loaded == 20


def test_end_detection_by_total_and_short_page() -> None:
    conv = Conversation("ctc_a", page_size=10)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, _ids(0, 10), 13))
    second = conv.start()
    assert second is not None
    conv.finish(second, _page(second, _ids(10, 3), 13))
    assert conv.complete
    assert conv.state is LoadState.COMPLETE
    assert conv.start() is None
    assert not conv.wants_more(12)
    assert conv.total == 13


def test_empty_conversation_is_complete() -> None:
    conv = Conversation("ctc_a", page_size=10)
    first = conv.start()
    assert first is not None
    assert conv.finish(first, _page(first, [], 0)) == []
    assert conv.complete
    assert conv.loaded == 0


def test_failure_keeps_messages_and_retry_asks_the_same_page() -> None:
    conv = Conversation("ctc_a", page_size=10)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, _ids(0, 10), 40))
    second = conv.start()
    assert second is not None
    assert conv.fail(second, "lemlist had a server error (500)", "ServerError")
    assert conv.state is LoadState.FAILED
    assert conv.error == "lemlist had a server error (500)"
    assert conv.loaded == 10
    assert conv.start() is None  # no automatic retry
    assert not conv.wants_more(9)
    again = conv.retry()
    assert again is not None
    assert again.skip == second.skip
    assert conv.error == ""
    assert conv.retry() is None  # already in flight
    conv.finish(again, _page(again, _ids(10, 10), 40))
    assert conv.loaded == 20
    assert conv.state is LoadState.IDLE


def test_retry_without_failure_does_nothing() -> None:
    conv = Conversation("ctc_a", page_size=10)
    assert conv.retry() is None


def test_dedupe_across_pages() -> None:
    conv = Conversation("ctc_a", page_size=3)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, ["a", "b", "c"], 7))
    second = conv.start()
    assert second is not None
    # a new message arrived on top: "c" slid into the second page
    fresh = conv.finish(second, _page(second, ["c", "d", "e"], 7))
    assert fresh is not None
    assert [m.id for m in fresh] == ["d", "e"]
    assert [m.id for m in conv.messages] == ["a", "b", "c", "d", "e"]


def test_page_of_only_duplicates_ends_the_conversation() -> None:
    conv = Conversation("ctc_a", page_size=2)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, ["a", "b"], 10))
    second = conv.start()
    assert second is not None
    conv.finish(second, _page(second, ["a", "b"], 10))
    assert conv.complete


def test_results_of_another_generation_are_dropped() -> None:
    old = Conversation("ctc_a", page_size=10, generation=1)
    request = old.start()
    assert request is not None
    new = Conversation("ctc_b", page_size=10, generation=2)
    assert new.start() is not None
    assert new.finish(request, _page(request, _ids(0, 10), 10)) is None
    assert not new.fail(request, "boom")
    assert new.loaded == 0
    assert new.state is LoadState.LOADING


def test_mark_as_read_only_on_the_first_page() -> None:
    conv = Conversation("ctc_a", page_size=5, mark_as_read=True)
    first = conv.start()
    assert first is not None
    assert first.mark_as_read
    conv.finish(first, _page(first, _ids(0, 5), 20))
    second = conv.start()
    assert second is not None
    assert not second.mark_as_read


def test_cancel_allows_the_page_again() -> None:
    conv = Conversation("ctc_a", page_size=5)
    first = conv.start()
    assert first is not None
    conv.cancel()
    assert conv.state is LoadState.IDLE
    again = conv.start()
    assert again is not None
    assert again.skip == 0


def _endless_inbox_page(request: InboxRequest) -> InboxPage:
    """A service that always says there is a next page, gives no totals, repeats itself."""
    items = [{"_id": f"ibx_{n}", "contactId": f"ctc_rep{n}", "users": []} for n in range(3)]
    body = {"data": items, "pagination": {"nextPage": request.page + 1}}
    return InboxPage.from_json(body, page=request.page, limit=request.limit, user_id="usr_a")


def test_inbox_that_only_repeats_itself_is_not_polled_forever() -> None:
    pager = InboxPager("usr_a", page_size=3)
    pages = 0
    while (request := pager.start()) is not None:
        pages += 1
        assert pages <= 10, "still polling a service that sends nothing new"
        assert pager.finish(request, _endless_inbox_page(request)) is not None
    assert pages == 1 + MAX_BARREN_PAGES
    assert pager.complete
    assert pager.loaded == 3
    assert pager.total == 3  # the screen says "all 3 conversations loaded"


def test_one_barren_inbox_page_is_skipped_not_taken_for_the_end() -> None:
    # The inbox shifts while it is read: a page of known conversations alone does not end it.
    pager = InboxPager("usr_a", page_size=3)
    first = pager.start()
    assert first is not None
    pager.finish(first, _endless_inbox_page(first))
    second = pager.start()
    assert second is not None
    assert pager.finish(second, _endless_inbox_page(second)) == []
    assert pager.state is LoadState.IDLE
    third = pager.start()
    assert third is not None
    fresh_items = [{"_id": "ibx_new", "contactId": "ctc_new1", "users": []}]
    body = {"data": fresh_items * 3, "pagination": {"nextPage": 4}}
    page = InboxPage.from_json(body, page=3, limit=3, user_id="usr_a")
    assert pager.finish(third, page) is not None
    assert pager.state is LoadState.IDLE  # something new came: the count starts again


def test_abandoned_page_stops_loading_and_cannot_be_retried() -> None:
    conv = Conversation("ctc_a", page_size=5)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, _ids(0, 5), 20))
    assert conv.abandon(first, "could not be shown", "BrokenPage")
    assert conv.state is LoadState.FAILED
    assert conv.error == "could not be shown"
    assert conv.retry() is None  # the screen reloads from the top instead
    assert conv.start() is None
    other = Conversation("ctc_b", page_size=5, generation=1)
    assert not other.abandon(first, "stale", "BrokenPage")
