"""The client against scripted answers (httpx.MockTransport): params, auth, paging, errors."""

from __future__ import annotations

import asyncio
import base64
import json
import pickle
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from lemtui.api import (
    AmbiguousContactError,
    ApiError,
    AuthError,
    BadRequestError,
    BadResponseError,
    InsecureURLError,
    InvalidContactIdError,
    LemlistClient,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    check_base_url,
    is_loopback_host,
    looks_like_email,
    normalize_contact_id,
)
from lemtui.secret import Secret

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
        with pytest.raises(BadRequestError, match="user ID"):
            await client.get_page(CONTACT, mark_as_read=True)
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
    assert is_loopback_host("LOCALHOST.")
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
        "import sys, lemtui.api, lemtui.models, lemtui.render, lemtui.fake_api, lemtui.config;"
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
        with pytest.raises(BadRequestError):
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
