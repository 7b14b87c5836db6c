"""The fake lemlist API and its demo data: the service's rules, the test knobs, the data's shape."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lemtui.demo import data as demo_data
from lemtui.demo.fake_api import (
    DEMO_API_KEY,
    DEMO_CONTACTS,
    DEMO_USER_ID,
    FakeLemlist,
    RecordedRequest,
    demo_conversations,
)
from lemtui.lemlist.messages import Message, Page

SAMPLE = demo_data.SAMPLE_CONTACT_ID
LONG = demo_data.LONG_CONTACT_ID
MIXED = demo_data.MIXED_CONTACT_ID
# sha256 of the doc page's `data` array (json.dumps, sort_keys, ensure_ascii=False).
SAMPLE_SHA256 = "adbf5002442593107873f03c071754a9d467b8bea32ef4e2a4e394da9f08dfa1"
DOC_PAGE = Path("/work/shared/lemlist-inbox-api.txt")
FIELDS = (
    "_id", "type", "messageId", "createdAt", "teamId", "leadId", "campaignId", "sequenceId",
    "sequenceStep", "sendUserId", "sendUserName", "sendUserEmail", "sendUserMailboxId",
    "leadEmail", "contactId", "message", "subject", "attachments",
)  # fmt: skip
JS_DATE = re.compile(r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT\+0000")


def basic(key: str, user: str = "") -> dict[str, str]:
    token = base64.b64encode(f"{user}:{key}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


AUTH = basic(DEMO_API_KEY)


def client_for(app: FakeLemlist) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://fake.test/api", headers=AUTH
    )


@pytest.fixture
def app() -> FakeLemlist:
    return FakeLemlist(rate_limit=10_000)


@pytest.fixture
async def client(app: FakeLemlist) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


# --- boundaries ---------------------------------------------------------------------------------


def test_fake_api_imports_only_the_standard_library() -> None:
    code = (
        "import sys; before = set(sys.modules); import lemtui.demo.fake_api, lemtui.demo.data;"
        # Only modules really loaded from a file.
        "names = {m.split('.')[0] for m in set(sys.modules) - before"
        " if getattr(sys.modules[m], '__file__', None)};"
        "print(sorted(n for n in names if n not in sys.stdlib_module_names and n != 'lemtui'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- GET /api/inbox/{contactId} -----------------------------------------------------------------


async def test_sample_conversation_is_served_verbatim(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/inbox/{SAMPLE}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    canonical = json.dumps(body["data"], sort_keys=True, ensure_ascii=False).encode()
    assert hashlib.sha256(canonical).hexdigest() == SAMPLE_SHA256
    assert body["pagination"] == {
        "totalItems": 3,
        "currentPage": 1,
        "nextPage": None,
        "previousPage": None,
        "perPage": 10,
        "totalPages": 1,
    }
    if DOC_PAGE.exists():  # the doc page itself, when the shared folder is around
        text = DOC_PAGE.read_text(encoding="utf-8")
        documented = json.loads(text[text.index('{\n  "data"') : text.index("This endpoint uses")])
        assert body == documented


async def test_paging_walks_the_long_conversation_once(client: httpx.AsyncClient) -> None:
    expected = [m["_id"] for m in demo_data.demo_conversation(LONG) or []]
    assert len(expected) >= 500
    seen: list[str] = []
    skip, pages = 0, 0
    while True:
        response = await client.get(f"/inbox/{LONG}", params={"limit": 100, "skip": skip})
        body = response.json()
        pages += 1
        seen += [m["_id"] for m in body["data"]]
        pagination = body["pagination"]
        assert pagination["currentPage"] == pages
        assert pagination["previousPage"] == (pages - 1 if pages > 1 else None)
        assert pagination["totalItems"] == len(expected)
        assert pagination["totalPages"] == -(-len(expected) // 100)
        if pagination["nextPage"] is None:
            break
        assert pagination["nextPage"] == pages + 1
        skip += 100
    assert seen == expected
    assert pages == -(-len(expected) // 100)


@pytest.mark.parametrize(
    ("params", "count", "pagination"),
    [
        ({}, 10, {"currentPage": 1, "nextPage": 2, "previousPage": None, "perPage": 10}),
        ({"limit": 25, "skip": 50}, 25, {"currentPage": 3, "nextPage": 4, "previousPage": 2}),
        ({"limit": 10, "skip": 590}, 10, {"currentPage": 60, "nextPage": None, "totalPages": 60}),
        ({"limit": 7, "skip": 598}, 2, {"currentPage": 86, "nextPage": None, "previousPage": 85}),
        ({"limit": 10, "skip": 5000}, 0, {"nextPage": None, "totalItems": 600}),
        ({"limit": 500}, 100, {"perPage": 100, "totalPages": 6}),  # capped at max_limit
    ],
)
async def test_paging_arithmetic(
    client: httpx.AsyncClient, params: dict[str, int], count: int, pagination: dict[str, Any]
) -> None:
    body = (await client.get(f"/inbox/{LONG}", params=params)).json()
    assert len(body["data"]) == count
    assert pagination.items() <= body["pagination"].items()


@settings(max_examples=60, deadline=None)
@given(limit=st.integers(1, 150), skip=st.integers(0, 700))
def test_any_page_is_the_matching_slice(limit: int, skip: int) -> None:
    app = FakeLemlist(rate_limit=10_000, max_limit=100)
    full = app.conversations[LONG]

    async def fetch() -> Any:
        async with client_for(app) as client:
            return (await client.get(f"/inbox/{LONG}?limit={limit}&skip={skip}")).json()

    body = asyncio.run(fetch())
    per_page = min(limit, 100)
    assert body["data"] == full[skip : skip + per_page]
    page = Page.from_json(body, contact_id=LONG, skip=skip, limit=per_page)
    assert page.has_more == (skip + per_page < len(full))


@pytest.mark.parametrize(
    "query",
    ["limit=-1", "limit=abc", "limit=0", "limit=", "limit=1.5", "skip=-5", "skip=x", "skip=1e3"],
)
async def test_bad_limit_or_skip_is_a_400(client: httpx.AsyncClient, query: str) -> None:
    response = await client.get(f"/inbox/{SAMPLE}?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("Invalid ")


@pytest.mark.parametrize("contact_id", ["abc", "ctc_", "ctc_a-b", "CTC_abc", "lea_abc", "ctc_é"])
async def test_malformed_contact_id_is_a_400(client: httpx.AsyncClient, contact_id: str) -> None:
    response = await client.get(f"/inbox/{contact_id}")
    assert (response.status_code, response.text) == (400, "Invalid contactId")
    assert response.headers["content-type"].startswith("text/plain")


async def test_unknown_contact_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/inbox/ctc_DoesNotExist00001")
    assert (response.status_code, response.text) == (404, "Contact not found")
    assert response.headers["content-type"].startswith("text/plain")


async def test_empty_conversation_is_an_empty_page(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"/inbox/{demo_data.EMPTY_CONTACT_ID}")).json()
    assert body["data"] == []
    assert body["pagination"]["totalItems"] == 0
    assert body["pagination"]["nextPage"] is None


async def test_mark_as_read_needs_a_user(client: httpx.AsyncClient, app: FakeLemlist) -> None:
    response = await client.get(f"/inbox/{SAMPLE}", params={"markAsRead": "true"})
    assert (response.status_code, response.text) == (400, "User ID is required to mark as read")
    assert response.headers["content-type"].startswith("text/plain")
    assert app.read_state == {}


async def test_mark_as_read_sets_read_state(client: httpx.AsyncClient, app: FakeLemlist) -> None:
    params = {"markAsRead": "false", "userId": DEMO_USER_ID}
    assert (await client.get(f"/inbox/{SAMPLE}", params=params)).status_code == 200
    assert app.read_state == {}
    params["markAsRead"] = "true"
    assert (await client.get(f"/inbox/{SAMPLE}", params=params)).status_code == 200
    assert app.read_state == {(SAMPLE, DEMO_USER_ID): True}
    assert app.is_read(SAMPLE, DEMO_USER_ID)


async def test_malformed_user_id_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/inbox/{SAMPLE}", params={"userId": "bob"})
    assert (response.status_code, response.text) == (400, "Invalid userId")


async def test_trailing_slash_is_tolerated(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"/inbox/{SAMPLE}/")).status_code == 200


async def test_requests_are_recorded(client: httpx.AsyncClient, app: FakeLemlist) -> None:
    await client.get(f"/inbox/{SAMPLE}", params={"limit": 5, "skip": 0})
    await client.get("/nope")
    first, second = app.requests
    assert isinstance(first, RecordedRequest)
    assert (first.method, first.path, first.query) == (
        "GET",
        f"/api/inbox/{SAMPLE}",
        {"limit": "5", "skip": "0"},
    )
    assert first.authorization == AUTH["Authorization"]
    assert second.path == "/api/nope"
    assert first.time <= second.time


async def test_a_new_message_shifts_offset_pages(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    first = (await client.get(f"/inbox/{LONG}", params={"limit": 10})).json()["data"]
    app.add_message(LONG, dict(first[0], _id="act_BrandNewMessage01"))
    second = (await client.get(f"/inbox/{LONG}", params={"limit": 10, "skip": 10})).json()
    assert second["data"][0]["_id"] == first[-1]["_id"]  # the overlap the client must dedupe
    assert second["pagination"]["totalItems"] == 601


# --- auth, methods, routes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic("wrong"),
        basic("", user=DEMO_API_KEY),  # the key as the user name
        {"Authorization": "Basic not-base64!"},
        {"Authorization": f"Bearer {DEMO_API_KEY}"},
        {"Authorization": "Basic " + base64.b64encode(DEMO_API_KEY.encode()).decode()},
    ],
)
async def test_bad_auth_is_a_401(app: FakeLemlist, headers: dict[str, str]) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake.test") as client:
        response = await client.get(f"/api/inbox/{SAMPLE}", headers=headers)
    assert response.status_code == 401
    assert response.text == "The authentication you supplied is incorrect"
    assert response.headers["content-type"].startswith("text/plain")


async def test_right_key_with_any_user_name_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/inbox/{SAMPLE}", headers=basic(DEMO_API_KEY, user="me"))
    assert response.status_code == 200


async def test_custom_api_key() -> None:
    async with client_for(FakeLemlist(api_key="s3cret")) as client:
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 401
        response = await client.get(f"/inbox/{SAMPLE}", headers=basic("s3cret"))
        assert response.status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "HEAD"])
async def test_other_methods_are_a_405(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, f"/inbox/{SAMPLE}")
    assert response.status_code == 405


@pytest.mark.parametrize("path", ["/", "/api", "/api/nope", f"/api/inbox/{SAMPLE}/x", "/inbox"])
async def test_unknown_routes_are_the_web_app_page(app: FakeLemlist, path: str) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake.test") as client:
        response = await client.get(path)  # no auth: the web app answers anyway
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


# --- rate limit ---------------------------------------------------------------------------------


async def test_rate_limit_answers_429_then_recovers() -> None:
    app = FakeLemlist(rate_limit=3, rate_window=0.5)
    async with client_for(app) as client:
        remaining = []
        for _ in range(3):
            response = await client.get(f"/inbox/{SAMPLE}")
            assert response.status_code == 200
            assert response.headers["x-ratelimit-limit"] == "3"
            assert JS_DATE.fullmatch(response.headers["x-ratelimit-reset"])
            remaining.append(response.headers["x-ratelimit-remaining"])
        assert remaining == ["2", "1", "0"]
        limited = await client.get(f"/inbox/{SAMPLE}")
        assert limited.status_code == 429
        assert limited.headers["content-type"].startswith("text/plain")
        assert limited.headers["retry-after"] == "1"
        assert limited.headers["x-ratelimit-limit"] == "3"
        assert limited.headers["x-ratelimit-remaining"] == "0"
        assert JS_DATE.fullmatch(limited.headers["x-ratelimit-reset"])
        await asyncio.sleep(0.55)
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 200


async def test_rate_limit_retry_after_is_whole_seconds() -> None:
    app = FakeLemlist(rate_limit=1, rate_window=2.5)
    async with client_for(app) as client:
        await client.get("/team")
        limited = await client.get("/team")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"


async def test_rejected_requests_do_not_use_the_quota() -> None:
    app = FakeLemlist(rate_limit=2, rate_window=60)
    async with client_for(app) as client:
        for _ in range(5):
            assert (await client.get(f"/inbox/{SAMPLE}", headers=basic("x"))).status_code == 401
            assert (await client.get("/nope")).status_code == 200
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 200
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 200
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 429


# --- knobs: fail_next, latency ------------------------------------------------------------------


async def test_fail_next_answers_once_then_normally(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next(503, "upstream down")
    failed = await client.get(f"/inbox/{SAMPLE}")
    assert (failed.status_code, failed.text) == (503, "upstream down")
    assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 200


async def test_fail_next_times_headers_and_content_type(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next(429, "slow down", headers={"Retry-After": "7"}, times=2)
    app.fail_next(200, "<html>login</html>", content_type="text/html")
    for _ in range(2):
        response = await client.get(f"/inbox/{SAMPLE}")
        assert (response.status_code, response.headers["retry-after"]) == (429, "7")
    html = await client.get(f"/inbox/{SAMPLE}")
    assert (html.status_code, html.headers["content-type"]) == (200, "text/html")
    assert (await client.get(f"/inbox/{SAMPLE}")).json()["data"]


async def test_fail_next_only_hits_matching_requests(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next(502, b"\xff\xfe not json", path_contains="skip=10")
    assert (await client.get(f"/inbox/{LONG}", params={"skip": 0})).status_code == 200
    broken = await client.get(f"/inbox/{LONG}", params={"skip": 10})
    assert (broken.status_code, broken.content) == (502, b"\xff\xfe not json")
    assert (await client.get(f"/inbox/{LONG}", params={"skip": 10})).status_code == 200


async def test_fail_next_comes_before_auth(app: FakeLemlist) -> None:
    app.fail_next(500, "boom")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake.test") as client:
        assert (await client.get(f"/api/inbox/{SAMPLE}")).status_code == 500


async def test_latency_delays_each_answer(client: httpx.AsyncClient, app: FakeLemlist) -> None:
    app.set_latency(0.2)
    started = time.monotonic()
    await client.get(f"/inbox/{SAMPLE}")
    assert time.monotonic() - started >= 0.2
    app.set_latency(0)
    started = time.monotonic()
    await client.get(f"/inbox/{SAMPLE}")
    assert time.monotonic() - started < 0.2


async def test_slow_contacts_answer_after_fast_ones(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.slow_contacts[LONG] = 0.3
    finished: list[str] = []

    async def fetch(contact_id: str) -> None:
        await client.get(f"/inbox/{contact_id}")
        finished.append(contact_id)

    await asyncio.gather(fetch(LONG), fetch(SAMPLE))
    assert finished == [SAMPLE, LONG]


# --- GET /api/inbox -----------------------------------------------------------------------------


async def test_inbox_needs_a_known_user(client: httpx.AsyncClient) -> None:
    missing = await client.get("/inbox")
    assert (missing.status_code, missing.text) == (400, "User ID is required")
    malformed = await client.get("/inbox", params={"userId": "nobody"})
    assert (malformed.status_code, malformed.text) == (400, "Invalid userId")
    stranger = await client.get("/inbox", params={"userId": "usr_NotInThisTeam01"})
    assert (stranger.status_code, stranger.text) == (400, "User not in team")


async def test_inbox_lists_conversations_latest_first(client: httpx.AsyncClient) -> None:
    total = len(demo_data.demo_contact_ids())
    assert total >= 45
    entries: list[dict[str, Any]] = []
    page = 1
    while page is not None:
        body = (
            await client.get("/inbox", params={"userId": DEMO_USER_ID, "page": page, "limit": 10})
        ).json()
        assert body["pagination"]["totalItems"] == total
        assert body["pagination"]["currentPage"] == page
        entries += body["data"]
        page = body["pagination"]["nextPage"]
    assert len(entries) == total
    assert {e["contactId"] for e in entries} == set(demo_data.demo_contact_ids())
    activity = [e["lastActivityAt"] for e in entries]
    assert activity == sorted(activity, reverse=True)
    for entry in entries:
        assert entry["_id"].startswith("ibx_")
        assert entry["contact"]["_id"] == entry["contactId"]
        assert "@" in entry["contact"]["email"]
        assert any(user["userId"] == DEMO_USER_ID for user in entry["users"])
        assert {"channels", "haveReplies", "lastRepliedAt", "lastRepliedChannel"} <= set(entry)
    long_entry = next(e for e in entries if e["contactId"] == LONG)
    assert sorted(long_entry["channels"]) == ["email", "linkedin"]
    assert long_entry["haveReplies"] is True
    assert any("fullName" not in e["contact"] for e in entries)  # as in the spec's example


async def test_inbox_read_flags_follow_mark_as_read(client: httpx.AsyncClient) -> None:
    async def read_flag() -> bool:
        body = (await client.get("/inbox", params={"userId": DEMO_USER_ID, "limit": 100})).json()
        entry = next(e for e in body["data"] if e["contactId"] == SAMPLE)
        return bool(next(u["read"] for u in entry["users"] if u["userId"] == DEMO_USER_ID))

    assert await read_flag() == demo_data.default_read(SAMPLE, DEMO_USER_ID)
    await client.get(f"/inbox/{SAMPLE}", params={"userId": DEMO_USER_ID, "markAsRead": "true"})
    assert await read_flag() is True


async def test_custom_conversations_are_served_and_listed() -> None:
    message = dict(demo_data.demo_conversation(SAMPLE)[0], contactId="ctc_Custom1")  # type: ignore[index]
    app = FakeLemlist(conversations={"ctc_Custom1": [message]}, default_limit=2)
    async with client_for(app) as client:
        body = (await client.get("/inbox/ctc_Custom1")).json()
        assert body["data"] == [message]
        assert body["pagination"]["perPage"] == 2
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 404
        inbox = (await client.get("/inbox", params={"userId": DEMO_USER_ID})).json()
        assert [e["contact"]["email"] for e in inbox["data"]] == ["victoire@lemlist.co"]
        contact = (await client.get("/contacts/victoire@lemlist.co")).json()
        assert contact["_id"] == "ctc_Custom1"


async def test_a_reply_arrives_on_top_unread_and_first_in_the_inbox(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    async def inbox() -> list[dict[str, Any]]:
        body = (await client.get("/inbox", params={"userId": DEMO_USER_ID, "limit": 100})).json()
        return list(body["data"])

    await client.get(f"/inbox/{LONG}", params={"userId": DEMO_USER_ID, "markAsRead": "true"})
    before = await inbox()
    assert before[0]["contactId"] == LONG  # the long conversation is already the newest
    reply = app.add_reply(SAMPLE, "Yes <b>Thursday</b> works")
    assert reply["type"] == "emailsReplied"
    assert reply["subject"] == "Re: Meet me !"
    assert reply["message"] == "<p>Yes &lt;b&gt;Thursday&lt;/b&gt; works</p>"
    page = (await client.get(f"/inbox/{SAMPLE}", params={"limit": 1})).json()
    assert page["data"] == [reply]
    assert page["pagination"]["totalItems"] == 4
    assert Message.from_json(reply).direction.value == "received"
    after = await inbox()
    assert after[0]["contactId"] == SAMPLE
    assert after[0]["lastActivityAt"] > before[0]["lastActivityAt"]
    assert after[0]["haveReplies"] is True
    for user in after[0]["users"]:
        assert user["read"] is False
    linkedin = app.add_reply(LONG, "Sure", channel="linkedin", at=time.time() + 10**8)
    assert (linkedin["type"], linkedin["subject"]) == ("linkedinReplied", None)
    assert (await inbox())[0]["contactId"] == LONG


def test_lemtui_never_calls_the_test_hooks() -> None:
    """The hooks that make replies arrive are for tests: no module of the reader uses them."""
    package = Path(demo_data.__file__).parent.parent  # lemtui/, not only lemtui/demo/
    fake = {"fake_api.py", "faults.py", "reads.py", "writes.py", "wire.py"}
    for path in package.rglob("*.py"):
        if path.parent.name == "demo" and path.name in fake:
            continue
        source = path.read_text("utf-8")
        for hook in ("add_reply", "add_message", "fail_next", "set_latency", "read_state"):
            assert hook not in source, f"{path.name} calls the fake's {hook}"


# --- GET /api/contacts, /api/team ---------------------------------------------------------------


async def test_contacts_by_id_or_email(client: httpx.AsyncClient) -> None:
    by_id = (await client.get(f"/contacts/{demo_data.QUOTES_CONTACT_ID}")).json()
    assert by_id["fullName"] == "Sophie Lambert"
    assert {"_id", "teamId", "email", "fields", "campaigns", "createdAt", "unsubscribed"} <= set(
        by_id
    )
    assert by_id["campaigns"][0]["campaignId"].startswith("cam_")
    by_email = await client.get(f"/contacts/{by_id['email'].upper()}")
    assert by_email.json() == by_id


async def test_unknown_contact_record_is_a_json_404(client: httpx.AsyncClient) -> None:
    for who in ("ctc_Nobody000000001", "nobody@example.com"):
        response = await client.get(f"/contacts/{who}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "CONTACT_NOT_FOUND"


async def test_team(client: httpx.AsyncClient) -> None:
    team = (await client.get("/team")).json()
    assert team["_id"].startswith("tea_")
    assert DEMO_USER_ID in team["userIds"]
    assert "users" not in team
    v2 = (await client.get("/team", params={"version": "v2"})).json()
    assert {u["userId"] for u in v2["users"]} == set(team["userIds"])


# --- demo data ----------------------------------------------------------------------------------


def test_demo_data_is_deterministic() -> None:
    assert demo_conversations() == demo_conversations()
    assert json.dumps(demo_conversations()) == json.dumps(demo_conversations())


def test_demo_contacts_are_listed_and_served() -> None:
    conversations = demo_conversations()
    ids = [contact_id for contact_id, _ in DEMO_CONTACTS]
    assert len(ids) == len(set(ids)) >= 6
    assert set(ids) <= set(conversations)
    for contact_id, description in DEMO_CONTACTS:
        assert re.fullmatch(r"ctc_[A-Za-z0-9]+", contact_id)
        assert description


def _well_formed(conversations: Mapping[str, list[dict[str, Any]]]) -> None:
    for contact_id, messages in conversations.items():
        for message in messages:
            assert set(FIELDS) <= set(message), (contact_id, message.get("_id"))
            assert re.fullmatch(r"act_[A-Za-z0-9]{17}", message["_id"])
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", message["createdAt"])
            assert message["contactId"] == contact_id
            if message["type"].endswith("Replied"):
                assert message["fromEmail"]
        stamps = [m["createdAt"] for m in messages]
        assert stamps == sorted(stamps, reverse=True), contact_id  # newest first


def test_demo_messages_have_the_service_fields() -> None:
    conversations = demo_conversations()
    _well_formed({k: v for k, v in conversations.items() if k != MIXED})
    assert len(conversations[LONG]) >= 500
    years = {m["createdAt"][:4] for m in conversations[LONG]}
    assert {"2024", "2025"} <= years
    assert {m["type"] for m in conversations[LONG]} >= {
        "emailsSent", "emailsReplied", "linkedinSent", "linkedinReplied",
    }  # fmt: skip
    ids = [m["_id"] for messages in conversations.values() for m in messages]
    assert len(ids) == len(set(ids))


def test_every_demo_message_parses_leniently() -> None:
    for messages in demo_conversations().values():
        for item in messages:
            message = Message.from_json(item)
            assert message.id == item["_id"]


def test_mixed_conversation_has_channels_and_broken_fields() -> None:
    messages = demo_data.demo_conversation(MIXED) or []
    kinds = {m["type"] for m in messages}
    assert {
        "linkedinSent", "linkedinReplied", "linkedinInviteDone", "linkedinInviteAccepted",
        "whatsappMessageSent", "whatsappReplied", "smsSent", "smsReplied", "aircallDone",
        "carrierPigeonSent",
    } <= kinds  # fmt: skip
    assert any("message" not in m for m in messages)
    assert any(m.get("subject", "") is None for m in messages)
    assert any(isinstance(m.get("createdAt"), int) for m in messages)
    assert any(m.get("sequenceStep") == "2" for m in messages)
    assert any("attachments" in m and m["attachments"] is None for m in messages)
    plain = [m["message"] for m in messages if m["type"].startswith(("linkedin", "sms"))]
    assert any("<" in text and "&" in text and "https://" in text for text in plain)


def test_quoted_replies_cover_gmail_and_outlook_in_two_languages() -> None:
    bodies = " ".join(
        m["message"] for m in demo_data.demo_conversation(demo_data.QUOTES_CONTACT_ID) or []
    )
    for marker in (
        'class="gmail_quote',
        'class="gmail_attr"',
        " wrote:<br>",
        " a écrit :<br>",
        'id="divRplyFwdMsg"',
        "border-top:solid #E1E1E1",
        'class="MsoNormal"',
        "<o:p>",
        "<b>From:</b>",
        "<b>De&nbsp;:</b>",
    ):
        assert marker in bodies, marker


def test_newsletter_is_big_html() -> None:
    messages = demo_data.demo_conversation(demo_data.NEWSLETTER_CONTACT_ID) or []
    newsletter = max((m["message"] for m in messages), key=len)
    assert 250_000 <= len(newsletter.encode()) <= 400_000
    assert newsletter.count("<table") > 50
    assert newsletter.count("<img") > 50
    assert 'width="1" height="1"' in newsletter
    assert "Unsubscribe" in newsletter


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_hostile_conversation_carries_every_trap() -> None:
    messages = demo_data.demo_conversation(demo_data.HOSTILE_CONTACT_ID) or []
    text = "\n".join(_strings(messages))
    assert any(m["subject"] == "[bold]x[/] [@click=app.quit]y[/]" for m in messages)
    for trap in (
        "&#27;]0;pwned&#7;",
        "\x1b[2J",
        "\x1b]52;c;",
        "invoice\u202etxt.exe",
        'href="javascript:',
        '<a href="https://evil.test/">https://paypal.com</a>',
    ):
        assert trap in text, repr(trap)


def test_lazy_demo_mapping_matches_the_eager_one() -> None:
    lazy = demo_data.DemoConversations()
    assert list(lazy) == list(demo_conversations())
    assert lazy[LONG] == demo_conversations()[LONG]
    assert lazy[LONG] is lazy[LONG]
    assert "ctc_Nobody" not in lazy
    with pytest.raises(KeyError):
        lazy["ctc_Nobody"]


# --- over real HTTP -----------------------------------------------------------------------------


async def test_real_server_serves_the_sample(fake_server: tuple[str, FakeLemlist]) -> None:
    base_url, app = fake_server
    async with httpx.AsyncClient(base_url=base_url, headers=AUTH) as client:
        response = await client.get(f"/inbox/{SAMPLE}")
        page = await client.get("/nope")
    assert response.status_code == 200
    assert response.json()["data"] == demo_data.demo_conversation(SAMPLE)
    assert page.headers["content-type"].startswith("text/html")
    assert [r.path for r in app.requests] == [f"/api/inbox/{SAMPLE}", "/api/nope"]


async def test_real_server_rate_limits(fake_server: tuple[str, FakeLemlist]) -> None:
    base_url, app = fake_server
    statuses = []
    async with httpx.AsyncClient(base_url=base_url, headers=AUTH) as client:
        for _ in range(app.rate_limit + 1):
            response = await client.get("/team")
            statuses.append(response.status_code)
    assert statuses == [200] * app.rate_limit + [429]
    assert int(response.headers["retry-after"]) >= 1


async def test_real_server_overlaps_slow_requests(fake_server: tuple[str, FakeLemlist]) -> None:
    base_url, app = fake_server
    app.set_latency(0.3)
    async with httpx.AsyncClient(base_url=base_url, headers=AUTH) as client:
        started = time.monotonic()
        responses = await asyncio.gather(*(client.get(f"/inbox/{SAMPLE}") for _ in range(5)))
        elapsed = time.monotonic() - started
    assert [r.status_code for r in responses] == [200] * 5
    assert 0.3 <= elapsed < 1.2  # concurrent, not 5 × 0.3 s
