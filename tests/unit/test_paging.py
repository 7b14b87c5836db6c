"""The pagination state machine of an open conversation (no UI, no I/O)."""

from __future__ import annotations

from typing import Any

from lemtui.lemlist.errors import ServerError
from lemtui.lemlist.inbox import InboxPage
from lemtui.lemlist.messages import MAX_PAGES_PER_CONVERSATION, Page
from lemtui.lemlist.paging import (
    MAX_BARREN_PAGES,
    MAX_PAGES,
    ConversationPager,
    InboxPager,
    InboxRequest,
    LoadState,
    PageNotShownError,
    PageRequest,
    Stop,
    StopRule,
    only_repeats,
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


async def _no_fetch(request: object) -> Page:
    raise AssertionError("these tests hand pages in themselves")


def _conv(contact: str = "ctc_a", **options: Any) -> ConversationPager:
    return ConversationPager(contact, _no_fetch, **options)


def _inbox(**options: Any) -> InboxPager:
    return InboxPager("usr_a", _no_fetch, **options)  # type: ignore[arg-type]


def _ids(start: int, count: int) -> list[str]:
    return [f"act_{n}" for n in range(start, start + count)]


def test_first_page_then_prefetch_threshold() -> None:
    conv = _conv("ctc_a", page_size=50)
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
    assert _conv("ctc_a", page_size=4).threshold == 10
    assert _conv("ctc_a", page_size=100).threshold == 50


def test_one_page_in_flight_and_never_the_same_skip_twice() -> None:
    conv = _conv("ctc_a", page_size=10)
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
    conv = _conv("ctc_a", page_size=10)
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
    conv = _conv("ctc_a", page_size=10)
    first = conv.start()
    assert first is not None
    arrival = conv.finish(first, _page(first, [], 0))
    assert arrival is not None
    assert not arrival.changed
    assert conv.complete
    assert conv.loaded == 0


def test_failure_keeps_messages_and_retry_asks_the_same_page() -> None:
    conv = _conv("ctc_a", page_size=10)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, _ids(0, 10), 40))
    second = conv.start()
    assert second is not None
    error = ServerError("lemlist had a server error (500)", 500)
    assert conv.fail(second, error)
    assert conv.state is LoadState.FAILED
    assert conv.error is error
    assert conv.loaded == 10
    assert conv.start() is None  # no automatic retry
    assert not conv.wants_more(9)
    again = conv.retry()
    assert again is not None
    assert again.skip == second.skip
    assert conv.error is None
    assert conv.retry() is None  # already in flight
    conv.finish(again, _page(again, _ids(10, 10), 40))
    assert conv.loaded == 20
    assert conv.state is LoadState.IDLE


def test_retry_without_failure_does_nothing() -> None:
    conv = _conv("ctc_a", page_size=10)
    assert conv.retry() is None


def test_dedupe_across_pages() -> None:
    conv = _conv("ctc_a", page_size=3)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, ["a", "b", "c"], 7))
    second = conv.start()
    assert second is not None
    # a new message arrived on top: "c" slid into the second page
    arrival = conv.finish(second, _page(second, ["c", "d", "e"], 7))
    assert arrival is not None
    assert [m.id for m in arrival.appended] == ["d", "e"]
    assert [m.id for m in conv.messages] == ["a", "b", "c", "d", "e"]


def test_page_of_only_duplicates_ends_the_conversation() -> None:
    conv = _conv("ctc_a", page_size=2)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, ["a", "b"], 10))
    second = conv.start()
    assert second is not None
    conv.finish(second, _page(second, ["a", "b"], 10))
    assert conv.complete


def test_results_of_another_generation_are_dropped() -> None:
    old = _conv("ctc_a", page_size=10, generation=1)
    request = old.start()
    assert request is not None
    new = _conv("ctc_b", page_size=10, generation=2)
    assert new.start() is not None
    assert new.finish(request, _page(request, _ids(0, 10), 10)) is None
    assert not new.fail(request, RuntimeError("boom"))
    assert new.loaded == 0
    assert new.state is LoadState.LOADING


def test_mark_as_read_only_on_the_first_page() -> None:
    conv = _conv("ctc_a", page_size=5, mark_as_read=True)
    first = conv.start()
    assert first is not None
    assert first.mark_as_read
    conv.finish(first, _page(first, _ids(0, 5), 20))
    second = conv.start()
    assert second is not None
    assert not second.mark_as_read


def test_cancel_allows_the_page_again() -> None:
    conv = _conv("ctc_a", page_size=5)
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
    pager = _inbox(page_size=3)
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
    pager = _inbox(page_size=3)
    first = pager.start()
    assert first is not None
    pager.finish(first, _endless_inbox_page(first))
    second = pager.start()
    assert second is not None
    arrival = pager.finish(second, _endless_inbox_page(second))
    assert arrival is not None
    assert not arrival.changed
    assert pager.state is LoadState.IDLE
    third = pager.start()
    assert third is not None
    fresh_items = [{"_id": "ibx_new", "contactId": "ctc_new1", "users": []}]
    body = {"data": fresh_items * 3, "pagination": {"nextPage": 4}}
    page = InboxPage.from_json(body, page=3, limit=3, user_id="usr_a")
    assert pager.finish(third, page) is not None
    assert pager.state is LoadState.IDLE  # something new came: the count starts again


def test_abandoned_page_stops_loading_and_cannot_be_retried() -> None:
    conv = _conv("ctc_a", page_size=5)
    first = conv.start()
    assert first is not None
    conv.finish(first, _page(first, _ids(0, 5), 20))
    error = PageNotShownError(ValueError("year 0"))
    assert conv.abandon(first, error)
    assert conv.state is LoadState.FAILED
    assert conv.error is error
    assert "ValueError" in error.message
    assert conv.retry() is None  # the list is loaded again from the top instead
    assert conv.start() is None
    other = _conv("ctc_b", page_size=5, generation=1)
    assert not other.abandon(first, error)
    # A refresh replaces the broken list with a fresh first page.
    again = conv.refresh()
    assert again is not None
    arrival = conv.finish(again, _page(again, _ids(0, 5), 20))
    assert arrival is not None
    assert arrival.reordered
    assert conv.state is LoadState.IDLE
    assert conv.loaded == 5


# --- refresh: the first page again, merged -----------------------------------------------------


def _loaded(ids: list[str], total: int = 100, page_size: int = 5) -> ConversationPager:
    conv = _conv("ctc_a", page_size=page_size)
    request = conv.start()
    assert request is not None
    conv.finish(request, _page(request, ids, total))
    return conv


def test_refresh_puts_new_messages_on_top_and_keeps_everything_loaded() -> None:
    conv = _loaded(["c", "d", "e", "f", "g"])
    refresh = conv.refresh()
    assert refresh is not None
    assert refresh.skip == 0
    assert refresh.refresh
    assert not refresh.mark_as_read
    assert conv.refresh() is None  # one refresh in flight at most
    assert conv.loaded == 5  # nothing cleared while it is in flight
    arrival = conv.finish(refresh, _page(refresh, ["a", "b", "c", "d", "e"], 102))
    assert arrival is not None
    assert [m.id for m in arrival.inserted] == ["a", "b"]
    assert not arrival.reordered
    assert [m.id for m in conv.messages] == ["a", "b", "c", "d", "e", "f", "g"]
    # What was at skip 5 is now at skip 7: the next page starts after everything loaded.
    following = conv.start()
    assert following is not None
    assert following.skip == 7


def test_refresh_that_finds_nothing_new_changes_nothing() -> None:
    conv = _loaded(["a", "b", "c", "d", "e"])
    before = list(conv.messages)
    refresh = conv.refresh()
    assert refresh is not None
    arrival = conv.finish(refresh, _page(refresh, ["a", "b", "c", "d", "e"], 100))
    assert arrival is not None
    assert not arrival.changed
    assert conv.messages == before


def test_failed_refresh_keeps_the_list_and_state() -> None:
    conv = _loaded(["a", "b", "c", "d", "e"])
    refresh = conv.refresh()
    assert refresh is not None
    assert conv.fail(refresh, ServerError("down", 503))
    assert conv.state is LoadState.IDLE  # only a next page that fails stops loading
    assert conv.error is None
    assert conv.loaded == 5
    assert conv.refresh() is not None  # and it can be asked again


def test_refresh_with_nothing_in_common_replaces_the_list() -> None:
    conv = _loaded(["x1", "x2", "x3", "x4", "x5"])
    refresh = conv.refresh()
    assert refresh is not None
    arrival = conv.finish(refresh, _page(refresh, ["n1", "n2", "n3", "n4", "n5"], 200))
    assert arrival is not None
    assert arrival.reordered
    assert [m.id for m in conv.messages] == ["n1", "n2", "n3", "n4", "n5"]
    following = conv.start()
    assert following is not None
    assert following.skip == 5


def test_inbox_refresh_moves_a_conversation_with_new_activity_to_the_top() -> None:
    pager = _inbox(page_size=3)
    first = pager.start()
    assert first is not None

    def page(request: InboxRequest, rows: list[tuple[str, bool]]) -> InboxPage:
        items = [
            {"_id": f"ibx_{c}", "contactId": c, "users": [{"userId": "usr_a", "read": read}]}
            for c, read in rows
        ]
        body = {"data": items, "pagination": {"nextPage": request.page + 1}}
        return InboxPage.from_json(body, page=request.page, limit=3, user_id="usr_a")

    pager.finish(first, page(first, [("ctc_a", True), ("ctc_b", True), ("ctc_c", True)]))
    refresh = pager.refresh()
    assert refresh is not None
    arrival = pager.finish(refresh, page(refresh, [("ctc_c", False), ("ctc_a", True)]))
    assert arrival is not None
    assert arrival.reordered
    assert [(i.contact_id, i.unread) for i in pager.items] == [
        ("ctc_c", True),
        ("ctc_a", False),
        ("ctc_b", False),
    ]


def test_a_service_that_never_ends_is_stopped_at_the_page_cap() -> None:
    conv = _conv("ctc_a", page_size=1)
    pages = 0
    while (request := conv.start()) is not None:
        pages += 1
        assert pages <= MAX_PAGES + 1
        conv.finish(request, _page(request, [f"act_{request.skip}"], None))
    assert pages == MAX_PAGES
    assert conv.complete
    assert "2,000 pages" in conv.note


def test_repeated_messages_without_ids_end_the_conversation() -> None:
    """Id-less items are compared by content: a page that repeats them adds nothing."""
    conv = _conv("ctc_a", page_size=2)

    def idless(request: PageRequest) -> Page:
        body = {
            "data": [{"type": "linkedinNote", "message": "same"}] * 2,
            "pagination": {"nextPage": 99},
        }
        return Page.from_json(body, contact_id="ctc_a", skip=request.skip, limit=2)

    pages = 0
    while (request := conv.start()) is not None:
        pages += 1
        assert pages < 10
        conv.finish(request, idless(request))
    assert conv.complete
    assert conv.loaded == 2  # the two identical notes of the first page are both kept


def _inbox_rows(request: InboxRequest, rows: list[tuple[str, str, bool]]) -> InboxPage:
    """An inbox page of (contact, lastActivityAt, read) rows."""
    items = [
        {
            "_id": f"ibx_{contact}",
            "contactId": contact,
            "lastActivityAt": when,
            "users": [{"userId": "usr_a", "read": read}],
        }
        for contact, when, read in rows
    ]
    body = {"data": items, "pagination": {"nextPage": request.page + 1}}
    return InboxPage.from_json(body, page=request.page, limit=3, user_id="usr_a")


def test_a_refresh_says_what_arrived_new_messages_in_order() -> None:
    conv = _loaded(["c", "d", "e", "f", "g"])
    refresh = conv.refresh()
    assert refresh is not None
    arrival = conv.finish(refresh, _page(refresh, ["a", "b", "c", "d", "e"], 102))
    assert arrival is not None
    assert [m.id for m in arrival.arrived] == ["a", "b"]
    again = conv.refresh()
    assert again is not None
    quiet = conv.finish(again, _page(again, ["a", "b", "c", "d", "e"], 102))
    assert quiet is not None
    assert not quiet.arrived
    assert not quiet.changed


def test_inbox_arrivals_are_new_conversations_and_newer_activity_not_read_flags() -> None:
    pager = _inbox(page_size=3)
    first = pager.start()
    assert first is not None
    pager.finish(
        first,
        _inbox_rows(
            first,
            [
                ("ctc_a", "2026-06-26T10:00:00Z", True),
                ("ctc_b", "2026-06-25T10:00:00Z", False),
                ("ctc_c", "2026-06-24T10:00:00Z", True),
            ],
        ),
    )
    refresh = pager.refresh()
    assert refresh is not None
    arrival = pager.finish(
        refresh,
        _inbox_rows(
            refresh,
            [
                ("ctc_c", "2026-06-27T09:00:00Z", False),  # a reply: newer, unread again
                ("ctc_n", "2026-06-27T08:00:00Z", False),  # a new conversation
                ("ctc_a", "2026-06-26T10:00:00Z", True),  # unchanged
                ("ctc_b", "2026-06-25T10:00:00Z", True),  # read elsewhere: not news
            ],
        ),
    )
    assert arrival is not None
    assert arrival.reordered
    assert [item.contact_id for item in arrival.arrived] == ["ctc_c", "ctc_n"]
    assert [(i.contact_id, i.unread) for i in pager.items] == [
        ("ctc_c", True),
        ("ctc_n", True),
        ("ctc_a", False),
        ("ctc_b", False),
    ]


def test_refresh_of_a_complete_list_counts_what_arrived() -> None:
    """ "4 of 3 loaded" never: a complete list's total follows what a refresh brings."""
    conv = _loaded(["c", "d", "e"], total=3)
    assert conv.complete
    refresh = conv.refresh()
    assert refresh is not None
    conv.finish(refresh, _page(refresh, ["b", "c", "d", "e"], 4))
    assert conv.loaded == 4
    assert conv.total == 4


# ---------------------------------------------------------------- the one stop rule


def test_only_repeats_needs_items_and_every_one_known() -> None:
    assert only_repeats({"id:a", "id:b"}, {"id:a", "id:b", "id:c"})
    assert not only_repeats({"id:a", "id:z"}, {"id:a"})
    assert not only_repeats(set(), {"id:a"})  # an empty page is the end, not a repeat


def test_stop_rule_says_why_paging_ends() -> None:
    rule = StopRule(max_pages=3, max_items=10)
    assert rule.check(repeated=False, pages=2, items=9) is None
    assert rule.check(repeated=True, pages=3, items=10) is Stop.REPEATED  # repeats first
    assert rule.check(repeated=False, pages=3, items=1) is Stop.CAPPED
    assert rule.check(repeated=False, pages=1, items=10) is Stop.CAPPED
    assert StopRule(max_pages=3).check(repeated=False, pages=2, items=10**9) is None


def test_the_pagers_and_the_client_share_the_page_cap() -> None:
    assert ConversationPager.stop_rule.max_pages == MAX_PAGES == MAX_PAGES_PER_CONVERSATION
    assert InboxPager.stop_rule.max_items is None
