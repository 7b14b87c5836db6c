"""The client against scripted answers (httpx.MockTransport): params, auth, paging, errors."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import json
import pickle
import re
import socket
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from lemtui.lemlist import errors
from lemtui.lemlist.client import READ_AHEAD, LemlistClient
from lemtui.lemlist.errors import (
    AmbiguousContactError,
    ApiError,
    AuthError,
    BadRequestError,
    BadResponseError,
    InsecureURLError,
    InvalidContactIdError,
    InvalidUserIdError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from lemtui.lemlist.ids import looks_like_email, normalize_contact_id, normalize_user_id
from lemtui.lemlist.limits import ERROR_BUDGET, PAGE_BUDGET, RateLimiter
from lemtui.lemlist.messages import MAX_MESSAGES_PER_CONVERSATION, MAX_PAGES_PER_CONVERSATION
from lemtui.lemlist.secret import Secret
from lemtui.lemlist.urls import check_base_url, is_loopback_host

KEY = "sk_live_TOPSECRET_0123456789"
CONTACT = "ctc_wfKeM8EmiTikud7QE"
BASE = "https://api.lemlist.test/api"

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler, **kwargs: Any) -> tuple[LemlistClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    options: dict[str, Any] = {"retries": 0, "backoff": 0.01}
    options.update(kwargs)
    client = LemlistClient(
        Secret(KEY), base_url=BASE, transport=httpx.MockTransport(record), **options
    )
    return client, seen


def conversation(total: int) -> list[dict[str, Any]]:
    return [
        {"_id": f"act_{i:05d}", "type": "emailsSent", "subject": f"s{i}", "message": "hi"}
        for i in range(total)
    ]


def paged(items: list[dict[str, Any]]) -> Handler:
    """A handler that pages `items` like the service (skip/limit, nextPage null at the end)."""

    def handler(request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params.get("limit", "10"))
        skip = int(request.url.params.get("skip", "0"))
        chunk = items[skip : skip + limit]
        page = skip // limit + 1
        pages = max(1, -(-len(items) // limit))
        return httpx.Response(
            200,
            json={
                "data": chunk,
                "pagination": {
                    "totalItems": len(items),
                    "currentPage": page,
                    "nextPage": page + 1 if page < pages else None,
                    "previousPage": page - 1 if page > 1 else None,
                    "perPage": limit,
                    "totalPages": pages,
                },
            },
        )

    return handler


async def test_request_has_params_auth_and_user_agent() -> None:
    client, seen = make_client(paged(conversation(3)))
    async with client:
        page = await client.get_page(
            f"  {CONTACT} ", skip=20, limit=7, user_id="usr_abc", mark_as_read=True
        )
    assert page.contact_id == CONTACT
    (request,) = seen
    assert request.method == "GET"
    assert request.url.path == f"/api/inbox/{CONTACT}"
    assert dict(request.url.params) == {
        "limit": "7",
        "skip": "20",
        "userId": "usr_abc",
        "markAsRead": "true",
    }
    expected = base64.b64encode(f":{KEY}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.headers["user-agent"].startswith("lemtui/")


async def test_without_options_only_limit_and_skip_are_sent() -> None:
    client, seen = make_client(paged(conversation(3)))
    async with client:
        await client.get_page(CONTACT)
    assert dict(seen[0].url.params) == {"limit": "10", "skip": "0"}


async def test_mark_as_read_without_user_is_refused_before_sending() -> None:
    client, seen = make_client(paged(conversation(3)))
    async with client:
        with pytest.raises(InvalidUserIdError, match="user ID") as caught:
            await client.get_page(CONTACT, mark_as_read=True)
    assert not isinstance(caught.value, BadRequestError)  # that one means "the service said 400"
    assert seen == []


async def test_pages_to_the_end_exactly_once() -> None:
    client, seen = make_client(paged(conversation(25)))
    async with client:
        ids = [m.id async for m in client.iter_messages(CONTACT, limit=10)]
    assert ids == [f"act_{i:05d}" for i in range(25)]
    assert [r.url.params["skip"] for r in seen] == ["0", "10", "20"]


async def test_mark_as_read_is_asked_on_the_first_page_only() -> None:
    client, seen = make_client(paged(conversation(25)))
    async with client:
        async for _ in client.iter_pages(CONTACT, limit=10, user_id="usr_a", mark_as_read=True):
            pass
    assert [r.url.params.get("markAsRead") for r in seen] == ["true", None, None]


async def test_duplicates_across_pages_are_shown_once() -> None:
    items = conversation(20)
    # The conversation grew by two while we read: offset paging repeats two items.
    pages = {0: items[0:10], 10: items[8:18], 20: items[18:20]}

    def handler(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        nxt = None if skip == 20 else skip // 10 + 2
        return httpx.Response(
            200, json={"data": pages[skip], "pagination": {"totalItems": 22, "nextPage": nxt}}
        )

    client, _ = make_client(handler)
    async with client:
        ids = [m.id async for m in client.iter_messages(CONTACT, limit=10)]
    assert ids == [f"act_{i:05d}" for i in range(20)]


async def test_a_server_repeating_itself_cannot_loop_forever() -> None:
    same = conversation(10)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": same, "pagination": {"nextPage": 2}})

    client, seen = make_client(handler)
    async with client:
        ids = [m.id async for m in client.iter_messages(CONTACT, limit=10)]
    assert len(ids) == 10
    assert len(seen) == 2


def text(status: int, body: str, **headers: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status,
            content=body.encode(),
            headers={"content-type": "text/plain; charset=utf-8", **headers},
        )

    return handler


@pytest.mark.parametrize(
    ("handler", "error", "words"),
    [
        (text(401, "The authentication you supplied is incorrect"), AuthError, "refused the API"),
        (text(403, "Forbidden"), AuthError, "refused the API"),
        (text(404, "Contact not found"), NotFoundError, "Contact not found"),
        (text(400, "Invalid contactId"), BadRequestError, "Invalid contactId"),
        (text(429, "Too many requests", **{"retry-after": "7"}), RateLimitedError, "7 s"),
        (text(500, "Internal error"), ServerError, "(500)"),
        (text(503, "Unavailable"), ServerError, "(503)"),
        (text(302, "", location="http://evil.test/"), BadResponseError, "redirected"),
        (text(418, "teapot"), BadResponseError, "418"),
        (
            lambda r: httpx.Response(
                200,
                content=b"<!doctype html><html>app</html>",
                headers={"content-type": "text/html"},
            ),
            BadResponseError,
            "text/html",
        ),
        (
            lambda r: httpx.Response(
                200, content=b'{"data": [', headers={"content-type": "application/json"}
            ),
            BadResponseError,
            "not valid JSON",
        ),
        (lambda r: httpx.Response(200, json=[1, 2]), BadResponseError, "not an inbox page"),
        (lambda r: httpx.Response(200, json={"data": None}), BadResponseError, "no 'data'"),
        (
            lambda r: httpx.Response(400, json={"error": "User ID is required to mark as read"}),
            BadRequestError,
            "User ID is required",
        ),
    ],
)
async def test_every_answer_maps_to_its_typed_error(
    handler: Handler, error: type[ApiError], words: str
) -> None:
    client, _ = make_client(handler)
    async with client:
        with pytest.raises(error) as caught:
            await client.get_page(CONTACT)
    message = str(caught.value)
    assert words in message
    assert KEY not in message
    assert "\n" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


async def test_error_text_from_the_server_is_cleaned() -> None:
    client, _ = make_client(text(400, "bad \x1b]0;pwned\x07 [bold]thing[/]\r\nsecond"))
    async with client:
        with pytest.raises(BadRequestError) as caught:
            await client.get_page(CONTACT)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message and "\r" not in message
    assert "[bold]thing[/]" in message  # kept as text; the UI never parses it as markup


async def test_timeouts_and_transport_errors_become_network_errors() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client, seen = make_client(timeout, retries=2)
    async with client:
        with pytest.raises(NetworkError, match="did not answer in time"):
            await client.get_page(CONTACT)
    assert len(seen) == 3  # the first try and two retries


async def test_connection_refused_over_real_tcp() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = LemlistClient(
        Secret(KEY), base_url=f"http://127.0.0.1:{port}/api", retries=1, backoff=0.01
    )
    async with client:
        with pytest.raises(NetworkError, match="connection refused") as caught:
            await client.get_page(CONTACT)
    assert KEY not in str(caught.value)


async def test_retries_502_503_504_then_succeeds() -> None:
    answers = [502, 503, 504]

    def handler(request: httpx.Request) -> httpx.Response:
        if answers:
            return httpx.Response(answers.pop(0), text="busy")
        return paged(conversation(2))(request)

    client, seen = make_client(handler, retries=3)
    async with client:
        page = await client.get_page(CONTACT)
    assert len(page.messages) == 2
    assert len(seen) == 4


async def test_does_not_retry_500_or_400() -> None:
    for status in (500, 400, 401):
        client, seen = make_client(text(status, "no"), retries=3)
        async with client:
            with pytest.raises(ApiError):
                await client.get_page(CONTACT)
        assert len(seen) == 1, status


async def test_retry_after_is_honoured() -> None:
    stamps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stamps.append(time.monotonic())
        if len(stamps) == 1:
            return httpx.Response(429, text="slow down", headers={"Retry-After": "1"})
        return paged(conversation(1))(request)

    client, _ = make_client(handler, retries=2)
    async with client:
        await client.get_page(CONTACT)
    assert len(stamps) == 2
    assert stamps[1] - stamps[0] >= 0.95


async def test_retry_after_is_capped_and_reported_when_retries_run_out() -> None:
    stamps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stamps.append(time.monotonic())
        return httpx.Response(429, text="slow down", headers={"Retry-After": "3600"})

    client, _ = make_client(handler, retries=1, max_retry_wait=0.2)
    async with client:
        with pytest.raises(RateLimitedError) as caught:
            await client.get_page(CONTACT)
    assert len(stamps) == 2
    assert 0.15 <= stamps[1] - stamps[0] < 2
    assert caught.value.retry_after == 3600


async def test_limiter_keeps_under_the_rate() -> None:
    stamps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stamps.append(time.monotonic())
        return paged(conversation(5))(request)

    client, _ = make_client(handler, rate_limit=4, rate_window=0.3)
    async with client:
        for _ in range(10):
            await client.get_page(CONTACT)
    assert len(stamps) == 10
    for i in range(len(stamps) - 4):
        # Any five consecutive starts span about one window (less a margin for scheduling
        # jitter between the limiter and the handler; unlimited, they would be ~1 ms apart).
        assert stamps[i + 4] - stamps[i] >= 0.25
    assert stamps[-1] - stamps[0] < 2.0  # and it does not crawl


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "ctc_",
        "../inbox",
        "ctc_abc/../../team",
        "ctc_abc/x",
        "ctc_abc?limit=1000",
        "ctc_abc#frag",
        "ctc_%2e%2e",
        "ctc_abc%2F",
        "ctc_a b",
        "ctc_ab\ncd",
        "ctc_ab\x00c",
        "CTC_abc",
        "lea_abc",
        "ctc_" + "a" * 65,
        "ctc_ａｂｃ",  # full-width letters
    ],
)
async def test_bad_contact_ids_are_refused_before_any_request(bad: str) -> None:
    client, seen = make_client(paged(conversation(1)))
    async with client:
        with pytest.raises(InvalidContactIdError) as caught:
            await client.get_page(bad)
    assert seen == []
    assert "\n" not in str(caught.value) and "\x00" not in str(caught.value)


def test_pasted_ids_are_trimmed() -> None:
    assert normalize_contact_id("\t ctc_wfKeM8EmiTikud7QE \n") == "ctc_wfKeM8EmiTikud7QE"


@pytest.mark.parametrize(
    "url",
    [
        "http://api.lemlist.com/api",
        "http://localhost.evil.test/api",
        "http://127.0.0.1.evil.test/api",
        "http://10.0.0.1/api",
        "http://[::ffff:8.8.8.8]/api",
    ],
)
def test_plain_http_to_a_remote_host_is_refused(url: str) -> None:
    with pytest.raises(InsecureURLError):
        check_base_url(url)
    with pytest.raises(InsecureURLError):
        LemlistClient(Secret(KEY), base_url=url)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.lemlist.com/api",
        "http://localhost:8080/api",
        "http://127.0.0.1:9/api/",
        "http://127.5.6.7/api",
        "http://[::1]:8000/api",
    ],
)
def test_https_and_loopback_http_are_allowed(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x.test/api",
        "https://user:pw@x.test/api",
        "https://x.test/api?a=1",
        "nonsense",
        "",
        "http://local\thost/api",
        "http://[::1]evil.com/api",
        "https://x.test/a pi",
        "https://x.test/\x7fapi",
    ],
)
def test_unusable_base_urls_are_refused(url: str) -> None:
    with pytest.raises(ApiError):
        check_base_url(url)


def test_loopback_detection() -> None:
    assert is_loopback_host("localhost")
    assert is_loopback_host("LOCALHOST")
    # With a trailing dot the C library asks DNS, which a forged answer could point anywhere.
    assert not is_loopback_host("localhost.")
    assert not is_loopback_host("LOCALHOST.")
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("[::1]")
    assert not is_loopback_host("localhost.evil.test")
    assert not is_loopback_host("evil-localhost")
    assert not is_loopback_host("0.0.0.0")


async def test_no_key_is_an_auth_error_without_sending() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    client = LemlistClient(None, base_url=BASE, transport=httpx.MockTransport(answer))
    async with client:
        with pytest.raises(AuthError, match="LEMLIST_API_KEY"):
            await client.get_page(CONTACT)
    assert seen == []


async def test_the_key_never_shows_in_reprs() -> None:
    client, seen = make_client(paged(conversation(1)))
    async with client:
        await client.get_page(CONTACT)
    secret = Secret(KEY)
    encoded = base64.b64encode(f":{KEY}".encode()).decode()
    shown = [
        repr(secret),
        str(secret),
        f"{secret}",
        f"{secret!r:>40}",
        repr(client),
        repr(client.__dict__),
        repr(seen[0].headers),
        repr([secret]),
        json.dumps({"k": str(secret)}),
    ]
    for text_ in shown:
        assert KEY not in text_
        assert encoded not in text_
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_network_layers_do_not_import_textual() -> None:
    # httpx itself imports rich when it is installed (for its own CLI), so only textual is
    # checked: nothing below the UI may pull the UI framework in.
    import subprocess

    code = (
        "import sys, lemtui.lemlist.client, lemtui.lemlist.messages, lemtui.mail.render,"
        " lemtui.demo.fake_api, lemtui.local.config;"
        "import lemtui.printer;"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual'];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def inbox_handler(total: int, user: str = "usr_me") -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        limit = int(request.url.params["limit"])
        start = (page - 1) * limit
        items = [
            {
                "_id": f"ibx_{i}",
                "contactId": f"ctc_{i}",
                "lastActivityAt": "2024-12-17T09:42:32.971Z",
                "channels": ["email", 3, None],
                "users": [
                    {"userId": "usr_other", "read": False},
                    {"userId": user, "read": i % 2 == 0},
                ],
                "haveReplies": i % 3 == 0,
                "contact": {
                    "_id": f"ctc_{i}",
                    "fullName": f"Name {i}" if i % 2 else None,
                    "email": f"p{i}@x.test",
                },
            }
            for i in range(start, min(total, start + limit))
        ]
        pages = -(-total // limit)
        return httpx.Response(
            200,
            json={
                "data": items,
                "pagination": {
                    "totalItems": total,
                    "currentPage": page,
                    "nextPage": page + 1 if page < pages else None,
                    "totalPages": pages,
                },
            },
        )

    return handler


async def test_inbox_page_params_and_parsing() -> None:
    client, seen = make_client(inbox_handler(25))
    async with client:
        first = await client.get_inbox("usr_me", limit=10)
        last = await client.get_inbox(" usr_me ", page=3, limit=10)
    assert dict(seen[0].url.params) == {"userId": "usr_me", "page": "1", "limit": "10"}
    assert seen[0].url.path == "/api/inbox"
    assert first.has_more
    assert not last.has_more
    assert len(last.items) == 5
    item = first.items[1]
    assert item.id == "ibx_1"
    assert item.contact_id == "ctc_1"
    assert item.label == "Name 1"
    assert first.items[0].label == "p0@x.test"
    assert item.channels == ("email", "3")
    assert item.unread  # usr_me has read False on odd items; usr_other's flag is ignored
    assert not first.items[0].unread
    assert first.items[0].have_replies
    assert item.last_activity_at is not None


async def test_inbox_needs_a_valid_user_before_sending() -> None:
    client, seen = make_client(inbox_handler(1))
    async with client:
        with pytest.raises(InvalidUserIdError):
            await client.get_inbox("usr_me&limit=1000")
    assert seen == []


def contacts_handler(answer: Any, status: int = 200) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=answer)

    return handler


async def test_find_contact_by_email() -> None:
    record = {
        "_id": "ctc_abc123",
        "email": "a@b.test",
        "fields": {"firstName": "Ann", "lastName": "Lee"},
    }
    client, seen = make_client(contacts_handler(record))
    async with client:
        contact = await client.find_contact("  a@b.test ")
    assert contact.id == "ctc_abc123"
    assert contact.full_name == "Ann Lee"
    assert seen[0].url.raw_path == b"/api/contacts/a@b.test"


async def test_find_contact_not_found_and_ambiguous() -> None:
    missing = {"success": False, "error": {"code": "CONTACT_NOT_FOUND"}}
    client, _ = make_client(contacts_handler(missing, 404))
    async with client:
        with pytest.raises(NotFoundError, match=r"No contact with the email a@b\.test"):
            await client.find_contact("a@b.test")
    twins = [
        {"_id": "ctc_one", "email": "a@b.test", "fullName": "Ann One"},
        {"_id": "ctc_two", "email": "a@b.test", "fullName": "Ann Two"},
    ]
    client, _ = make_client(contacts_handler(twins))
    async with client:
        with pytest.raises(AmbiguousContactError, match="2 contacts") as caught:
            await client.find_contact("a@b.test")
    assert [c.id for c in caught.value.candidates] == ["ctc_one", "ctc_two"]
    client, _ = make_client(contacts_handler({"email": "a@b.test"}))
    async with client:
        with pytest.raises(BadResponseError):
            await client.find_contact("a@b.test")


@pytest.mark.parametrize(
    "text", ["a@b.test", "first.last+tag@sub.example.co.uk", "UPPER@EXAMPLE.COM"]
)
def test_emails_are_recognised(text: str) -> None:
    assert looks_like_email(text)


@pytest.mark.parametrize(
    "text",
    [
        "ctc_abc",
        "a@b",
        "a b@c.test",
        "../x@y.test/..",
        "a@b.test/../team",
        "a%2f@b.test",
        "a?@b.test",
        "",
    ],
)
def test_non_emails_are_not_sent_as_emails(text: str) -> None:
    assert not looks_like_email(text)


async def test_a_non_email_lookup_is_checked_as_a_contact_id_before_sending() -> None:
    client, seen = make_client(contacts_handler({}))
    async with client:
        with pytest.raises(InvalidContactIdError):
            await client.find_contact("../team")
    assert seen == []


async def test_limiter_holds_for_concurrent_requests_too() -> None:
    stamps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stamps.append(time.monotonic())
        return paged(conversation(5))(request)

    client, _ = make_client(handler, rate_limit=3, rate_window=0.3)
    async with client:
        await asyncio.gather(*(client.get_page(CONTACT) for _ in range(9)))
    stamps.sort()
    assert len(stamps) == 9
    for i in range(len(stamps) - 3):
        assert stamps[i + 3] - stamps[i] >= 0.29


async def test_ambiguous_answers_with_repeated_ids_are_one_contact() -> None:
    twins = [
        {"_id": "ctc_one", "email": "a@b.test", "fullName": "Ann"},
        {"_id": "ctc_one", "email": "a@b.test", "fullName": "Ann again"},
    ]
    client, _ = make_client(contacts_handler(twins))
    async with client:
        contact = await client.find_contact("a@b.test")
    assert contact.id == "ctc_one"


async def test_odd_retry_after_and_deep_json_are_calm_errors() -> None:
    def odd(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, content=b"slow", headers=[(b"retry-after", "²".encode())])

    client, _ = make_client(odd)
    async with client:
        with pytest.raises(RateLimitedError) as caught:
            await client.get_page(CONTACT)
    assert caught.value.retry_after is None
    deep = b"[" * 100_000 + b"]" * 100_000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=deep, headers={"content-type": "application/json"})

    client, _ = make_client(handler)
    async with client:
        with pytest.raises(BadResponseError):
            await client.get_page(CONTACT)


def test_the_network_transport_is_built_on_the_first_request_not_at_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[bool] = []
    real = httpx.AsyncHTTPTransport

    def counting(*args: Any, **kwargs: Any) -> httpx.AsyncHTTPTransport:
        built.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(httpx, "AsyncHTTPTransport", counting)
    client = LemlistClient(Secret(KEY), base_url="http://127.0.0.1:9/api", retries=0)
    assert built == []  # loading TLS certificates (~75 ms) waits for the first request

    async def first_request() -> None:
        async with client:
            with pytest.raises(NetworkError):
                await client.get_page(CONTACT)

    asyncio.run(first_request())
    assert built == [True]


def test_the_entry_point_never_imports_httpx_command_line_tool() -> None:
    """`lemtui` (cli.main) keeps httpx's CLI (click, pygments) out; a library import does not
    touch sys.modules at all."""
    import subprocess

    code = """
import contextlib, io, sys
import lemtui
assert "httpx._main" not in sys.modules, "importing lemtui changed sys.modules"
import lemtui.cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    rc = lemtui.cli.main(["--demo", "--print", "ctc_wfKeM8EmiTikud7QE"])
assert rc == 0 and "Subject" in out.getvalue(), rc
bad = [m for m in ("click", "pygments") if m in sys.modules]
print(bad)
sys.exit(1 if bad else 0)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- bounded answers (issue 11)


class Trickle(httpx.AsyncByteStream):
    """A body that yields `chunk` every `pause` seconds, `count` times (finite, so that a test
    run without the fix it checks fails instead of filling memory or hanging)."""

    def __init__(self, chunk: bytes, count: int, pause: float = 0.0) -> None:
        self.chunk = chunk
        self.count = count
        self.pause = pause
        self.pulled = 0
        self.closed = False

    async def __aiter__(self) -> Any:
        for _ in range(self.count):
            if self.pause:
                await asyncio.sleep(self.pause)
            self.pulled += len(self.chunk)
            yield self.chunk

    async def aclose(self) -> None:
        self.closed = True


def streaming(status: int, stream: httpx.AsyncByteStream, **headers: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, stream=stream, headers=headers)

    return handler


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


async def test_a_compressed_page_is_read() -> None:
    body = json.dumps({"data": conversation(3), "pagination": {"nextPage": None}}).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=gzipped(body),
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )

    client, seen = make_client(handler)
    async with client:
        page = await client.get_page(CONTACT)
    assert [m.id for m in page.messages] == [f"act_{i:05d}" for i in range(3)]
    # Only what the bounded decoder handles is asked for (no brotli, no zstd).
    assert seen[0].headers["accept-encoding"] == "gzip, deflate"


async def test_a_page_over_the_budget_stops_reading_as_it_streams() -> None:
    stream = Trickle(b"x" * 65_536, count=2 * PAGE_BUDGET // 65_536)
    client, seen = make_client(streaming(200, stream, **{"content-type": "application/json"}))
    async with client:
        with pytest.raises(BadResponseError, match="more than 32 MB for one page"):
            await client.get_page(CONTACT)
    assert PAGE_BUDGET < stream.pulled <= PAGE_BUDGET + 65_536
    assert stream.closed  # the connection is closed, not drained
    assert len(seen) == 1  # a server that sent too much once will again: no retry


async def test_a_compressed_page_is_bounded_once_inflated() -> None:
    bomb = gzipped(bytes(PAGE_BUDGET + 1))
    assert len(bomb) < 100_000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=bomb,
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )

    client, _ = make_client(handler)
    async with client:
        with pytest.raises(BadResponseError, match="more than 32 MB"):
            await client.get_page(CONTACT)


async def test_a_page_declared_over_the_budget_is_not_read() -> None:
    stream = Trickle(b"x", count=1)
    client, _ = make_client(
        streaming(
            200,
            stream,
            **{"content-type": "application/json", "content-length": str(PAGE_BUDGET + 1)},
        )
    )
    async with client:
        with pytest.raises(BadResponseError, match="more than 32 MB"):
            await client.get_page(CONTACT)
    assert stream.pulled == 0


async def test_an_encoding_we_did_not_ask_for_is_refused() -> None:
    client, _ = make_client(
        lambda r: httpx.Response(
            200,
            content=b"...",
            headers={"content-type": "application/json", "content-encoding": "br"},
        )
    )
    async with client:
        with pytest.raises(BadResponseError, match="compressed as 'br'"):
            await client.get_page(CONTACT)


async def test_an_error_body_is_read_only_a_few_kb() -> None:
    stream = Trickle(b"on fire " * 1000, count=1000)
    client, _ = make_client(streaming(500, stream, **{"content-type": "text/plain"}))
    async with client:
        with pytest.raises(ServerError, match=r"\(500\): on fire on fire"):
            await client.get_page(CONTACT)
    assert stream.pulled <= ERROR_BUDGET + 8000


async def test_a_page_that_takes_too_long_in_all_meets_the_deadline() -> None:
    # A byte every 50 ms: no read waits long, so only a deadline for the whole attempt ends it.
    stream = Trickle(b" ", count=100, pause=0.05)
    client, seen = make_client(
        streaming(200, stream, **{"content-type": "application/json"}), timeout=0.5, retries=3
    )
    async with client:
        with pytest.raises(NetworkError, match=r"did not finish answering within 0\.5 s"):
            await client.get_page(CONTACT)
    assert len(seen) == 1  # not retried: the attempt already took the whole deadline


class Breaking(httpx.AsyncByteStream):
    """A body that trickles for `seconds`, then the connection breaks (retried by the client)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def __aiter__(self) -> Any:
        yield b" "
        await asyncio.sleep(self.seconds)
        raise httpx.RemoteProtocolError("peer closed connection mid-body")


async def test_retries_share_the_deadline_of_their_request() -> None:
    # Each attempt breaks after 0.4 s: retried, but the three retries may not take 4 × 0.4 s.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Breaking(0.4), headers={"content-type": "text/plain"})

    client, seen = make_client(handler, timeout=1.0, retries=3, backoff=0.01)
    async with client:
        with pytest.raises(NetworkError, match="did not finish answering within 1 s"):
            await client.get_page(CONTACT)
    assert len(seen) == 3  # 0.4 s, 0.4 s, and the 0.2 s left


class Silent(httpx.AsyncBaseTransport):
    """A server that accepts the request and sends no status line for 5 s."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json={"data": []})


async def test_headers_that_never_come_meet_the_deadline() -> None:
    client = LemlistClient(Secret(KEY), base_url=BASE, transport=Silent(), timeout=0.3)
    async with client:
        with pytest.raises(NetworkError, match="did not finish answering"):
            await client.get_page(CONTACT)


async def test_more_items_than_asked_for_are_dropped_and_noted_once() -> None:
    items = conversation(1000)

    def handler(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params.get("skip", "0"))
        return httpx.Response(
            200,
            json={"data": items[skip:], "pagination": {"nextPage": 2 if skip < 20 else None}},
        )

    notes: list[str] = []
    client, _ = make_client(handler, on_notice=notes.append)
    async with client:
        ids = [m.id async for m in client.iter_messages(CONTACT, limit=10)]
        inbox = await client.get_inbox("usr_me", limit=10)
    assert ids == [f"act_{i:05d}" for i in range(30)]
    assert len(inbox.items) == 10
    assert notes == [
        "lemlist sent more items than asked for (1,000 for a page of 10): kept the first 10 of "
        "each page"
    ]


async def test_a_page_repeating_idless_messages_ends_the_conversation() -> None:
    same = [{"type": "linkedinSent", "message": f"note {n}"} for n in range(5)]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": same, "pagination": {"nextPage": 2}})

    notes: list[str] = []
    client, seen = make_client(handler, on_notice=notes.append)
    async with client:
        bodies = [m.body async for m in client.iter_messages(CONTACT, limit=5)]
    assert bodies == [f"note {n}" for n in range(5)]
    assert len(seen) == 2
    assert len(notes) == 1 and "only messages already loaded" in notes[0]


@pytest.mark.parametrize(("max_pages", "max_messages", "pages"), [(4, 10_000, 4), (100, 25, 3)])
async def test_new_ids_forever_stop_at_the_caps(
    max_pages: int, max_messages: int, pages: int
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        items = [{"_id": f"act_{skip + n}"} for n in range(10)]
        # "Forever" ends at 500 pages, so that without the caps this fails instead of hanging.
        more = 2 if skip < 5000 else None
        return httpx.Response(200, json={"data": items, "pagination": {"nextPage": more}})

    notes: list[str] = []
    client, seen = make_client(
        handler, max_pages=max_pages, max_messages=max_messages, on_notice=notes.append
    )
    async with client:
        got = [page async for page in client.iter_pages(CONTACT, limit=10)]
    assert len(got) == len(seen) == pages
    assert notes == [
        f"Stopped after {pages} pages and {pages * 10} messages, lemtui's limit for one "
        "conversation: lemlist still said there was more"
    ]


class SlowPages:
    """Pages `items` like the service, each answer after `delay` s of (async) waiting, and
    counts how many requests are in flight at once. `pages` overrides what a skip returns."""

    def __init__(
        self,
        items: list[dict[str, Any]],
        *,
        total: int | None = None,
        pages: dict[int, list[dict[str, Any]]] | None = None,
        fail: dict[int, int] | None = None,
        delay: float = 0.01,
        slow_from: int = sys.maxsize,
    ) -> None:
        self.items = items
        self.slow_from = slow_from
        """Pages from this skip on answer ten times slower."""
        self.total = len(items) if total is None else total
        self.pages = pages or {}
        self.fail = fail or {}
        self.delay = delay
        self.skips: list[int] = []
        self.finished: list[int] = []
        self.flying = 0
        self.most_flying = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        limit = int(request.url.params["limit"])
        self.skips.append(skip)
        self.flying += 1
        self.most_flying = max(self.most_flying, self.flying)
        try:
            await asyncio.sleep(self.delay if skip < self.slow_from else 10 * self.delay)
        finally:
            self.flying -= 1
        self.finished.append(skip)
        if skip in self.fail:
            return httpx.Response(self.fail[skip], text="busy")
        chunk = self.pages.get(skip, self.items[skip : skip + limit])
        return httpx.Response(200, json={"data": chunk, "pagination": {"totalItems": self.total}})

    def client(self, **kwargs: Any) -> LemlistClient:
        options: dict[str, Any] = {"retries": 0, "backoff": 0.01}
        options.update(kwargs)
        return LemlistClient(
            Secret(KEY), base_url=BASE, transport=httpx.MockTransport(self), **options
        )


async def test_pages_known_from_the_first_are_requested_ahead_and_yielded_in_order() -> None:
    server = SlowPages(conversation(95))
    async with server.client() as client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10)]
    assert [page.skip for page in pages] == list(range(0, 95, 10))
    assert [m.id for page in pages for m in page.messages] == [m["_id"] for m in server.items]
    assert server.skips[0] == 0 and sorted(server.skips) == list(range(0, 95, 10))
    assert server.most_flying == READ_AHEAD  # the first alone, then four at a time


async def test_ahead_one_pages_one_request_at_a_time() -> None:
    server = SlowPages(conversation(45))
    async with server.client() as client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10, ahead=1)]
    assert len(pages) == 5
    assert server.skips == [0, 10, 20, 30, 40]
    assert server.most_flying == 1


@pytest.mark.parametrize(
    "first",
    [
        {"data": conversation(10), "pagination": {"nextPage": 2}},  # no total
        {"data": conversation(7), "pagination": {"totalItems": 40}},  # a short first page
    ],
)
async def test_without_a_total_or_after_a_short_first_page_paging_stays_sequential(
    first: dict[str, Any],
) -> None:
    server = SlowPages(conversation(40), pages={0: first["data"]})
    if "totalItems" not in first["pagination"]:
        server.total = 0  # replaced below: this service sends no totals

        async def no_totals(request: httpx.Request) -> httpx.Response:
            answer = await SlowPages.__call__(server, request)
            body = json.loads(answer.content)
            skip = int(request.url.params["skip"])
            more = 2 if skip + len(body["data"]) < 40 else None
            return httpx.Response(
                200, json={"data": body["data"], "pagination": {"nextPage": more}}
            )

        client = LemlistClient(
            Secret(KEY), base_url=BASE, transport=httpx.MockTransport(no_totals), retries=0
        )
    else:
        client = server.client()
    async with client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10)]
    assert server.most_flying == 1
    assert sorted({m.id for page in pages for m in page.messages}) == [
        m["_id"] for m in conversation(40)
    ]


async def test_a_page_ending_early_drops_what_was_asked_ahead_and_nothing_is_missed() -> None:
    items = conversation(60)
    # The service sends 6 instead of 10 at skip=20: pages planned at 30, 40, 50 no longer
    # start where the pages end (26); paging goes on from 26, one page at a time.
    server = SlowPages(items, pages={20: items[20:26]})
    async with server.client() as client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10)]
    ids = [m.id for page in pages for m in page.messages]
    assert ids == [m["_id"] for m in items]  # every message once, in order, none skipped
    assert [page.skip for page in pages] == [0, 10, 20, 26, 36, 46, 56]
    wasted = len(server.skips) - len(pages)
    assert 0 < wasted <= READ_AHEAD


async def test_a_conversation_that_grew_is_followed_past_the_planned_pages() -> None:
    items = conversation(45)
    server = SlowPages(items, total=30)  # the first page says 30; later pages say 45

    first_total = server.total
    answer_for = SlowPages.__call__

    async def growing(request: httpx.Request) -> httpx.Response:
        server.total = first_total if request.url.params["skip"] == "0" else len(items)
        return await answer_for(server, request)

    client = LemlistClient(
        Secret(KEY), base_url=BASE, transport=httpx.MockTransport(growing), retries=0
    )
    async with client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10)]
    assert [m.id for page in pages for m in page.messages] == [m["_id"] for m in items]


async def test_a_failed_page_ends_paging_after_the_pages_before_it() -> None:
    server = SlowPages(conversation(80), fail={30: 500})
    got: list[int] = []

    async def read_all(client: LemlistClient) -> None:
        async for page in client.iter_pages(CONTACT, limit=10):
            got.append(page.skip)

    async with server.client() as client:
        with pytest.raises(ServerError):
            await read_all(client)
    assert got == [0, 10, 20]
    assert server.flying == 0  # nothing left running behind the error


async def test_leaving_early_cancels_the_requests_made_ahead() -> None:
    server = SlowPages(conversation(200), delay=0.02, slow_from=20)
    async with server.client() as client:
        async with contextlib.aclosing(client.iter_pages(CONTACT, limit=10)) as pages:
            async for page in pages:
                if page.skip == 10:
                    break
        in_flight_after = server.flying
        finished_after = len(server.finished)
        await asyncio.sleep(0.3)
    assert in_flight_after == 0  # cancelled, not left to finish
    assert len(server.finished) == finished_after  # and none of them answered later
    assert len(server.skips) <= 2 + READ_AHEAD


async def test_pages_asked_ahead_stay_within_the_caps() -> None:
    server = SlowPages(conversation(500))
    notes: list[str] = []
    async with server.client(max_pages=4, on_notice=notes.append) as client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10)]
    assert len(pages) == len(server.skips) == 4
    assert notes and "Stopped after 4 pages" in notes[0]


async def test_a_message_arriving_while_pages_are_asked_ahead_loses_nothing() -> None:
    """The page at skip 10 answers last, after a new message pushed every other one down:
    pages 20 and 30, answered before, would leave one message out between them and it. Its
    total says the conversation changed: what was asked ahead is dropped, paging goes on."""
    old = conversation(40)
    newest = {"_id": "act_new", "type": "emailsReplied", "message": "new"}
    now = {"items": old}

    async def handler(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        limit = int(request.url.params["limit"])
        if skip == 10:
            await asyncio.sleep(0.05)
            now["items"] = [newest, *old]  # arrives while this page is on its way
        else:
            await asyncio.sleep(0.005)
        items = now["items"]
        body = {"data": items[skip : skip + limit], "pagination": {"totalItems": len(items)}}
        return httpx.Response(200, json=body)

    client = LemlistClient(
        Secret(KEY), base_url=BASE, transport=httpx.MockTransport(handler), retries=0
    )
    async with client:
        ids = {m.id async for m in client.iter_messages(CONTACT, limit=10)}
    assert {m["_id"] for m in old} <= ids


async def test_a_page_asked_ahead_that_meets_the_rate_limit_waits_and_comes_in_order() -> None:
    server = SlowPages(conversation(50), fail={20: 429})
    answer_for = SlowPages.__call__
    refused: list[int] = []

    async def once(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        if skip in server.fail and skip not in refused:
            refused.append(skip)
            return httpx.Response(429, headers={"Retry-After": "1"}, text="slow down")
        server.fail.pop(skip, None)
        return await answer_for(server, request)

    waits: list[float] = []
    client = LemlistClient(
        Secret(KEY),
        base_url=BASE,
        transport=httpx.MockTransport(once),
        retries=1,
        on_wait=lambda seconds, why: waits.append(seconds),
    )
    async with client:
        pages = [page async for page in client.iter_pages(CONTACT, limit=10)]
    assert [page.skip for page in pages] == [0, 10, 20, 30, 40]
    assert refused == [20] and waits  # the 429 was waited out, then asked once more


async def test_a_cancelled_request_gives_its_rate_limit_slot_back() -> None:
    """A page asked ahead is cancelled while it gives its slot back (the limiter's lock is
    busy): the slot still comes back, so the client never runs short of its 20."""
    limiter = RateLimiter(2, 60.0)
    await limiter.acquire()
    await limiter.acquire()
    blocked = asyncio.ensure_future(limiter.acquire())  # waits: both slots taken
    await asyncio.sleep(0)
    async with limiter._changed:  # the lock is busy when the release comes
        releasing = asyncio.ensure_future(limiter.release())
        await asyncio.sleep(0)
        releasing.cancel()
    await asyncio.gather(releasing, return_exceptions=True)
    assert (limiter._in_flight, len(limiter._done)) == (1, 1)  # the slot came back
    blocked.cancel()
    await asyncio.gather(blocked, return_exceptions=True)


async def test_the_default_caps_are_the_models() -> None:
    client, _ = make_client(paged(conversation(1)))
    async with client:
        assert client.max_pages == MAX_PAGES_PER_CONVERSATION
        assert client.max_messages == MAX_MESSAGES_PER_CONVERSATION


async def test_nan_and_infinity_become_null_with_a_note() -> None:
    body = (
        b'{"data": [{"_id": "a", "score": NaN, "up": Infinity, "down": -Infinity,'
        b' "huge": 1e999, "fine": 2.5}], "pagination": {}}'
    )
    notes: list[str] = []
    client, _ = make_client(
        lambda r: httpx.Response(200, content=body, headers={"content-type": "application/json"}),
        on_notice=notes.append,
    )
    async with client:
        page = await client.get_page(CONTACT)
        await client.get_page(CONTACT)
    raw = page.messages[0].raw
    assert [raw[k] for k in ("score", "up", "down", "huge", "fine")] == [None] * 4 + [2.5]
    assert json.dumps(dict(raw), allow_nan=False)
    assert notes == ["lemlist sent NaN or Infinity, which JSON cannot hold: kept as null"]


async def test_a_successful_page_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    decodes: list[int] = []
    real_loads = json.loads

    def counting(*args: Any, **kwargs: Any) -> Any:
        decodes.append(1)
        return real_loads(*args, **kwargs)

    client, _ = make_client(paged(conversation(3)))
    monkeypatch.setattr(json, "loads", counting)
    async with client:
        await client.get_page(CONTACT)
    assert len(decodes) == 1


async def test_waits_are_announced() -> None:
    answers = [httpx.Response(429, text="slow", headers={"Retry-After": "1"})]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop() if answers else paged(conversation(1))(request)

    waits: list[tuple[float, str]] = []
    client, _ = make_client(handler, retries=1, on_wait=lambda s, why: waits.append((s, why)))
    async with client:
        await client.get_page(CONTACT)
    assert waits == [(1.0, "lemlist's rate limit")]


# ---------------------------------------------------------------- the key in server text


BASIC = base64.b64encode(f":{KEY}".encode()).decode()
KEY_FORMS = (KEY, BASIC, base64.b64encode(KEY.encode()).decode(), quote(KEY, safe=""))


def echo(status: int, content_type: str, template: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        body = template.replace("{auth}", request.headers["authorization"])
        return httpx.Response(status, content=body.encode(), headers={"content-type": content_type})

    return handler


@pytest.mark.parametrize(
    "handler",
    [
        echo(401, "text/plain", "You sent {auth}"),
        echo(403, "text/plain", f"{KEY} may not"),
        echo(404, "text/plain", f"no contact for key={KEY}"),
        echo(400, "text/plain", "x" * 150 + KEY),  # across the cut at 160
        echo(400, "text/plain", f"{KEY[:8]}\u200b{KEY[8:]}"),  # split by a zero-width space
        echo(400, "application/json", json.dumps({"message": f"bad key {KEY}"})),
        echo(500, "application/json", json.dumps({"error": "header was {auth}"})),
        echo(500, "application/json", json.dumps({"detail": BASIC})),
        echo(503, "text/plain", "auth {auth}"),
        echo(418, "text/plain", base64.b64encode(KEY.encode()).decode()),
        echo(400, "text/plain", "key " + quote(KEY, safe="")),
        echo(200, f"text/{KEY}", "x"),
        echo(200, f"text/{BASIC}; charset=utf-8", "x"),
        echo(400, "text/plain", "\u200b" * ((ERROR_BUDGET - 16) // 3) + KEY),  # to the 8 KB cut
        echo(400, "application/json", '{"message": "' + " " * (ERROR_BUDGET - 30) + KEY),
        echo(400, "text/plain", f"key {KEY[:9]}\n{KEY[9:]} refused"),  # over two lines
        echo(401, "text/plain", f"got Basic {BASIC[:20]}\r\n {BASIC[20:]}"),  # a folded header
        echo(400, "text/plain", "k " + "\u0301".join(KEY)),  # combining marks in between
    ],
    ids=[
        "401-basic",
        "403-key",
        "404-key",
        "400-at-the-cut",
        "400-zero-width",
        "400-json-message",
        "500-json-error",
        "500-json-detail",
        "503-after-retries",
        "418-base64",
        "400-percent-encoded",
        "200-content-type",
        "200-content-type-basic",
        "400-zero-width-padding-to-the-cut",
        "400-cut-json",
        "400-over-lines",
        "401-basic-folded",
        "400-combining-marks",
    ],
)
async def test_the_key_never_comes_back_in_an_error(handler: Handler) -> None:
    client, _ = make_client(handler, retries=1)
    async with client:
        with pytest.raises(ApiError) as caught:
            await client.get_page(CONTACT)
    message = str(caught.value)
    squeezed = "".join(message.replace("\u0301", "").split())
    for form in KEY_FORMS:
        assert form not in squeezed
    assert KEY[:6] not in squeezed  # not even cut short
    assert "***" in message


def test_redaction_takes_a_keys_beginning_only_at_the_end_of_a_cut_text() -> None:
    secret = Secret(KEY)
    assert secret.redact(f"no {KEY[:12]}") == f"no {KEY[:12]}"  # whole text: not the key
    assert secret.redact(f"no {KEY[:12]}\u200b\ufffd", cut=True) == "no ***"
    assert secret.redact(f"{KEY[:12]} and more", cut=True) == f"{KEY[:12]} and more"
    assert secret.redact("ends sk_", cut=True) == "ends sk_"  # too short to be taken for it
    assert secret.redact(f"a {KEY[:5]}\n{KEY[5:]} b {BASIC} c") == "a *** b *** c"


# ---------------------------------------------------------------- errors that carry their words


def test_every_error_class_has_its_own_title_and_hint() -> None:
    classes = [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, ApiError) and cls.__module__ == errors.__name__
    ]
    assert len(classes) >= 12
    for cls in classes:
        assert "title" in vars(cls) and "hint" in vars(cls), cls.__name__
        assert cls.title and cls.hint.endswith("."), cls.__name__
    assert len({cls.title for cls in classes}) == len(classes)
    assert AuthError.hint == "Check LEMLIST_API_KEY (or api_key in the config file)."
    assert RateLimitedError.hint == "Wait a moment, then retry."
    assert "press" not in " ".join(cls.hint for cls in classes)  # keys are the UI's to add


def test_a_refused_user_id_is_its_own_error_not_a_400() -> None:
    with pytest.raises(InvalidUserIdError) as caught:
        normalize_user_id("usr_me&limit=1000")
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, BadRequestError)


def test_every_public_client_method_says_what_it_raises() -> None:
    for name in ("get_page", "get_inbox", "find_contact", "mark_as_read", "iter_pages",
                 "iter_messages"):  # fmt: skip
        assert "Raises:" in (getattr(LemlistClient, name).__doc__ or ""), name
    for function in (normalize_contact_id, normalize_user_id, check_base_url):
        assert "Raises:" in (function.__doc__ or ""), function.__name__


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("ctc_abc\u200bdef", "character 8 is U+200B ZERO WIDTH SPACE"),
        ("ctc_abc\u202edef", "character 8 is U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("ctc_ab/cd", "character 7 is '/'"),
        ("ctc_abcé", "character 8 is U+00E9 LATIN SMALL LETTER E WITH ACUTE"),
        ("usr_abc", "does not start with ctc_"),
        ("ctc_", "nothing follows ctc_"),
        ("ctc_" + "a" * 65, "longer than any contact ID"),
    ],
)
def test_a_refused_contact_id_says_what_is_wrong(value: str, words: str) -> None:
    with pytest.raises(InvalidContactIdError, match=re.escape(words)) as caught:
        normalize_contact_id(value)
    assert "\u200b" not in str(caught.value) and "\u202e" not in str(caught.value)


def json_answer(body: Any) -> Handler:
    return lambda request: httpx.Response(200, json=body)


async def test_team_members_come_from_team_v2() -> None:
    users = [
        {"userId": "usr_a1", "name": "Alex", "email": "alex@x.io", "role": "admin"},
        {"userId": "usr_b2", "name": "[b]Bo[/b]\x1b[2J", "email": "bo@x.io", "role": "member"},
        {"userId": "usr_a1", "name": "Alex again"},  # the service repeats one: once
        {"userId": "../inbox?x=1", "name": "not an id"},  # cannot be asked for: left out
        "garbage",
    ]
    client, seen = make_client(json_answer({"_id": "tea_1", "users": users}))
    async with client:
        team = await client.get_team()
    assert seen[0].url.path == "/api/team"
    assert dict(seen[0].url.params) == {"version": "v2"}
    assert [m.user_id for m in team] == ["usr_a1", "usr_b2"]
    assert team[0].label == "Alex"
    assert team[1].name == "[b]Bo[/b]\x1b[2J"  # raw here; the picker cleans what it shows


async def test_team_without_users_falls_back_to_the_ids() -> None:
    client, _ = make_client(json_answer({"_id": "tea_1", "userIds": ["usr_a1", 7, "usr_c3"]}))
    async with client:
        team = await client.get_team()
    assert [(m.user_id, m.label) for m in team] == [("usr_a1", "usr_a1"), ("usr_c3", "usr_c3")]


@pytest.mark.parametrize("body", [[], {"_id": "tea_1"}, "team", {"users": "all"}])
async def test_a_team_answer_without_users_is_a_bad_response(body: Any) -> None:
    client, _ = make_client(json_answer(body))
    async with client:
        with pytest.raises(BadResponseError):
            await client.get_team()


def test_warm_means_the_http_half_finished_loading_not_that_it_began() -> None:
    """A module is in `sys.modules` from the moment its import starts: a request that took
    that for ready would wait on the import lock in the event loop. `warm` waits for the
    import to end (in a fresh interpreter, where nothing has loaded it yet)."""
    import subprocess

    script = """
import asyncio, sys, types
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.secret import Secret

client = LemlistClient(Secret("k"), base_url="https://api.lemlist.test/api")
sys.modules["lemtui.lemlist.transport"] = types.ModuleType("transport")  # still importing
print(client.warm)
del sys.modules["lemtui.lemlist.transport"]
asyncio.run(client.warm_up())
print(client.warm, "httpx" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]


def test_the_transport_loader_is_one_per_process_and_says_when_it_finished() -> None:
    """`TransportLoader` is where the process remembers that the HTTP half was imported: a
    fresh loader knows nothing until its import has ended, and every client shares the one."""
    import subprocess

    script = """
import asyncio, sys
from lemtui.lemlist.connection import TRANSPORT, TransportLoader
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.secret import Secret

first = LemlistClient(Secret("k"), base_url="https://api.lemlist.test/api")
second = LemlistClient(Secret("k"), base_url="https://api.lemlist.test/api")
print(TRANSPORT.loaded, first.warm, "httpx" in sys.modules)
asyncio.run(first.warm_up())
print(TRANSPORT.loaded, second.warm, TransportLoader().loaded)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "False", "True", "True", "False"]
