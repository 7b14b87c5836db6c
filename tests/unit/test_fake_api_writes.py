"""The fake API's write routes: drafts and sent emails, their validation, and the write faults."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from lemtui.demo import data as demo_data
from lemtui.demo.fake_api import (
    DEMO_API_KEY,
    MAX_CONTENT_LENGTH,
    FakeLemlist,
    WriteFault,
    js_length,
)
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.messages import Channel, Direction, Message
from lemtui.lemlist.secret import Secret

SAMPLE = demo_data.SAMPLE_CONTACT_ID
MIXED = demo_data.MIXED_CONTACT_ID
HOSTILE = demo_data.HOSTILE_CONTACT_ID
# The doc sample's reply from Victoire, and the identity it was answered from.
REPLY_ID = "act_7yfGhxmPfKbxZaWHa"
CHRISTOPHE = "usr_t2KCwPen66NrrqGtQ"
CHRISTOPHE_EMAIL = "christophe.o@lemtest.com"
CHRISTOPHE_MAILBOX = "usm_zs86Mc8ZbHXfkLBAC"
CAMILLE_MAILBOX = "usm_bn6KxhSrHZEak2NM6"
LEAD = "lea_WoeA2FAw8jemE2Mex"
DRAFTS = f"/inbox/{SAMPLE}/drafts"


def basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f":{key}".encode()).decode()}


@pytest.fixture
def app() -> FakeLemlist:
    return FakeLemlist(rate_limit=10_000)


@pytest.fixture
async def client(app: FakeLemlist) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://fake.test/api", headers=basic(DEMO_API_KEY)
    ) as client:
        yield client


def draft_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "email",
        "content": "<p>Merci Victoire !</p>",
        "subject": "Re: Have you heard about Christophe Opoix ?",
        "replyToActivityId": REPLY_ID,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def email_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sendUserId": CHRISTOPHE,
        "sendUserEmail": CHRISTOPHE_EMAIL,
        "sendUserMailboxId": CHRISTOPHE_MAILBOX,
        "contactId": SAMPLE,
        "leadId": LEAD,
        "subject": "Re: Have you heard about Christophe Opoix ?",
        "message": "<p>Merci Victoire !</p>",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


async def post_draft(
    client: httpx.AsyncClient, body: Any, owner: str | None = CHRISTOPHE, contact: str = SAMPLE
) -> httpx.Response:
    params = {} if owner is None else {"draftOwner": owner}
    return await client.post(f"/inbox/{contact}/drafts", params=params, json=body)


# --- drafts -------------------------------------------------------------------------------------


async def test_a_draft_is_stored_and_its_id_answered(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    response = await post_draft(client, draft_body())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    draft_id = response.json()["draftId"]
    assert draft_id.startswith("drf_")
    assert response.json() == {"draftId": draft_id}
    [draft] = app.drafts
    assert draft.draft_id == draft_id
    assert (draft.contact_id, draft.owner_id, draft.draft_owner) == (SAMPLE, CHRISTOPHE, CHRISTOPHE)
    assert (draft.channel, draft.content) == ("email", "<p>Merci Victoire !</p>")
    assert draft.subject == "Re: Have you heard about Christophe Opoix ?"
    assert draft.reply_to_activity_id == REPLY_ID
    assert draft.payload == draft_body()
    assert app.sent == []


async def test_a_draft_does_not_change_the_conversation(client: httpx.AsyncClient) -> None:
    before = (await client.get(f"/inbox/{SAMPLE}")).json()
    await post_draft(client, draft_body())
    assert (await client.get(f"/inbox/{SAMPLE}")).json() == before


@pytest.mark.parametrize("owner", [CHRISTOPHE_EMAIL, "Christophe.O@LEMTEST.com"])
async def test_the_owner_may_be_named_by_email(
    client: httpx.AsyncClient, app: FakeLemlist, owner: str
) -> None:
    assert (await post_draft(client, draft_body(), owner=owner)).status_code == 200
    assert (app.drafts[0].owner_id, app.drafts[0].draft_owner) == (CHRISTOPHE, owner)


@pytest.mark.parametrize("channel", ["email", "linkedin", "whatsapp", "sms"])
async def test_every_documented_channel_is_accepted(
    client: httpx.AsyncClient, app: FakeLemlist, channel: str
) -> None:
    body = draft_body(channel=channel, subject=..., replyToActivityId=...)
    assert (await post_draft(client, body, contact=MIXED)).status_code == 200
    assert app.drafts[0].channel == channel
    assert app.drafts[0].subject is None


async def test_optional_fields_are_accepted(client: httpx.AsyncClient, app: FakeLemlist) -> None:
    body = draft_body(
        cc=["a@example.com"],
        attachments=[{"name": "x.pdf"}],
        sourceMetadata={"client": "lemtui"},
        subject=None,
    )
    assert (await post_draft(client, body)).status_code == 200
    assert app.drafts[0].payload["cc"] == ["a@example.com"]


async def test_any_team_member_may_own_a_draft(client: httpx.AsyncClient) -> None:
    # The reader is in the team but never wrote in this conversation.
    assert (await post_draft(client, draft_body(), owner=demo_data.DEMO_USER_ID)).status_code == 200


@pytest.mark.parametrize(
    ("body", "owner", "text"),
    [
        (draft_body(), None, "draftOwner is required"),
        (draft_body(), "  ", "draftOwner is required"),
        (draft_body(), "usr_NotInTheTeam0001", "draftOwner must be a user of your team"),
        (draft_body(), "someone@else.example", "draftOwner must be a user of your team"),
        (draft_body(channel=...), CHRISTOPHE, "channel is required"),
        (
            draft_body(channel="fax"),
            CHRISTOPHE,
            "channel must be one of email, linkedin, whatsapp, sms",
        ),
        (
            draft_body(channel="Email"),
            CHRISTOPHE,
            "channel must be one of email, linkedin, whatsapp, sms",
        ),
        (draft_body(content=...), CHRISTOPHE, "content is required"),
        (draft_body(content=None), CHRISTOPHE, "content is required"),
        (draft_body(content=42), CHRISTOPHE, "content must be a string"),
        (draft_body(content=""), CHRISTOPHE, "content must not be empty"),
        (draft_body(content=" \n\t "), CHRISTOPHE, "content must not be empty"),
        (
            draft_body(content="x" * (MAX_CONTENT_LENGTH + 1)),
            CHRISTOPHE,
            "content is too long (30KB maximum)",
        ),
        (
            # 15,001 emoji are 30,002 UTF-16 units: too long for the service's JavaScript.
            draft_body(content="😀" * 15_001),
            CHRISTOPHE,
            "content is too long (30KB maximum)",
        ),
        (draft_body(subject=["x"]), CHRISTOPHE, "subject must be a string"),
        (draft_body(cc="a@example.com"), CHRISTOPHE, "cc must be an array of email addresses"),
        (draft_body(cc=["not an address"]), CHRISTOPHE, "cc must be an array of email addresses"),
        (draft_body(attachments=["x.pdf"]), CHRISTOPHE, "attachments must be an array of objects"),
        (draft_body(sourceMetadata="x"), CHRISTOPHE, "sourceMetadata must be an object"),
        (draft_body(replyToActivityId=7), CHRISTOPHE, "replyToActivityId must be a string"),
        (
            draft_body(replyToActivityId="act_NotInThisThread01"),
            CHRISTOPHE,
            "replyToActivityId is not a message of this conversation",
        ),
        (draft_body(replyToActivityID=REPLY_ID), CHRISTOPHE, "Unknown field(s): replyToActivityID"),
        ([draft_body()], CHRISTOPHE, "The body must be a JSON object"),
    ],
)
async def test_invalid_drafts_are_a_plain_text_400(
    client: httpx.AsyncClient, app: FakeLemlist, body: Any, owner: str | None, text: str
) -> None:
    response = await post_draft(client, body, owner=owner)
    assert (response.status_code, response.text) == (400, text)
    assert response.headers["content-type"].startswith("text/plain")
    assert app.drafts == []


async def test_content_of_exactly_the_limit_is_accepted(client: httpx.AsyncClient) -> None:
    exact = "😀" * (MAX_CONTENT_LENGTH // 2)
    assert js_length(exact) == MAX_CONTENT_LENGTH
    assert (await post_draft(client, draft_body(content=exact))).status_code == 200


@pytest.mark.parametrize("raw", [b"", b"{not json", b"\xff\xfe", b'{"a": [' * 50_000])
async def test_a_body_that_is_not_json_is_a_400(
    client: httpx.AsyncClient, app: FakeLemlist, raw: bytes
) -> None:
    response = await client.post(DRAFTS, params={"draftOwner": CHRISTOPHE}, content=raw)
    assert (response.status_code, response.text) == (400, "Invalid JSON body")
    response = await client.post("/inbox/email", content=raw)
    assert (response.status_code, response.text) == (400, "Invalid JSON body")
    assert app.drafts == app.sent == []


async def test_a_malformed_or_unknown_contact_is_refused(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    malformed = await post_draft(client, draft_body(), contact="ctc_bad-id")
    assert (malformed.status_code, malformed.text) == (400, "Invalid contactId")
    unknown = await post_draft(client, draft_body(replyToActivityId=...), contact="ctc_Nobody01")
    assert (unknown.status_code, unknown.text) == (404, "Contact not found")
    assert app.drafts == []


async def test_ten_drafts_per_conversation_at_most(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    for _ in range(10):
        assert (await post_draft(client, draft_body())).status_code == 200
    eleventh = await post_draft(client, draft_body())
    assert (eleventh.status_code, eleventh.text) == (
        400,
        "A conversation can hold at most 10 drafts",
    )
    assert len(app.drafts) == 10
    assert len({d.draft_id for d in app.drafts}) == 10
    other = draft_body(channel="sms", subject=..., replyToActivityId=...)
    assert (await post_draft(client, other, contact=MIXED)).status_code == 200


# --- sending an email ---------------------------------------------------------------------------


async def test_an_email_is_sent_once_and_shows_in_the_conversation(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.clock = lambda: 1_780_000_000.25
    before = (await client.get(f"/inbox/{SAMPLE}")).json()
    response = await client.post("/inbox/email", json=email_body(cc=["boss@lemlist.co"]))
    assert (response.status_code, response.json()) == (200, {"ok": True})
    [sent] = app.sent
    assert (sent.send_user_id, sent.send_user_email, sent.send_user_mailbox_id) == (
        CHRISTOPHE,
        CHRISTOPHE_EMAIL,
        CHRISTOPHE_MAILBOX,
    )
    assert (sent.contact_id, sent.lead_id, sent.cc) == (SAMPLE, LEAD, ("boss@lemlist.co",))
    assert sent.message == "<p>Merci Victoire !</p>"
    assert sent.payload == email_body(cc=["boss@lemlist.co"])

    after = (await client.get(f"/inbox/{SAMPLE}")).json()
    assert after["pagination"]["totalItems"] == before["pagination"]["totalItems"] + 1
    newest = after["data"][0]
    assert after["data"][1:] == before["data"]
    assert list(newest) == list(before["data"][0])  # the service's fields, in its order
    assert newest["_id"] == sent.activity_id
    assert newest["type"] == "emailsSent"
    assert newest["createdAt"] == "2026-05-28T20:26:40.250Z"
    assert newest["leadEmail"] == "victoire@lemlist.co"
    assert newest["sendUserName"] == "Christophe OPOIX"
    message = Message.from_json(newest)
    assert (message.channel, message.direction) == (Channel.EMAIL, Direction.SENT)
    assert message.created_at == datetime(2026, 5, 28, 20, 26, 40, 250_000, tzinfo=UTC)
    assert (message.sender_user_id, message.sender_mailbox_id, message.lead_id) == (
        CHRISTOPHE,
        CHRISTOPHE_MAILBOX,
        LEAD,
    )
    assert message.subject == "Re: Have you heard about Christophe Opoix ?"
    assert message.body == "<p>Merci Victoire !</p>"


async def test_a_sent_email_moves_the_conversation_to_the_top_of_the_inbox(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.clock = lambda: 1_900_000_000.0  # after every demo message
    await client.post("/inbox/email", json=email_body())
    inbox = (await client.get("/inbox", params={"userId": CHRISTOPHE})).json()
    assert inbox["data"][0]["contactId"] == SAMPLE
    assert inbox["data"][0]["lastActivityAt"] == "2030-03-17T17:46:40.000Z"


async def test_the_demo_reader_sees_a_sent_email_after_a_reload() -> None:
    app = FakeLemlist()
    async with LemlistClient(
        Secret(DEMO_API_KEY), base_url="http://127.0.0.1/api", transport=httpx.ASGITransport(app)
    ) as reader:
        first = await reader.get_page(SAMPLE)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://127.0.0.1/api",
            headers=basic(DEMO_API_KEY),
        ) as writer:
            assert (await writer.post("/inbox/email", json=email_body())).status_code == 200
        reloaded = await reader.get_page(SAMPLE)
    assert len(reloaded.messages) == len(first.messages) + 1
    assert reloaded.messages[0].id == app.sent[0].activity_id
    assert reloaded.messages[1:] == first.messages


async def test_a_sender_of_the_conversation_may_send_from_their_mailbox(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    # The hostile conversation's sender is not in the demo team, but wrote in it.
    hostile = demo_data.demo_conversation(HOSTILE) or []
    first = hostile[0]
    body = email_body(
        sendUserId=first["sendUserId"],
        sendUserEmail=first["sendUserEmail"],
        sendUserMailboxId=first["sendUserMailboxId"],
        contactId=HOSTILE,
        leadId=first["leadId"],
    )
    assert (await client.post("/inbox/email", json=body)).status_code == 200
    assert app.sent[0].contact_id == HOSTILE


async def test_an_empty_subject_is_a_subject(client: httpx.AsyncClient) -> None:
    assert (await client.post("/inbox/email", json=email_body(subject=""))).status_code == 200


@pytest.mark.parametrize(
    ("changes", "status", "text"),
    [
        *(
            ({name: ...}, 400, f"{name} is required")
            for name in (
                "sendUserId",
                "sendUserEmail",
                "sendUserMailboxId",
                "contactId",
                "leadId",
                "subject",
                "message",
            )
        ),
        ({"sendUserId": None}, 400, "sendUserId is required"),
        ({"leadId": " "}, 400, "leadId is required"),
        ({"subject": 3}, 400, "subject is required"),
        ({"message": "  "}, 400, "message must not be empty"),
        ({"message": "x" * 30_001}, 400, "message is too long (30KB maximum)"),
        ({"cc": ["ok@example.com", "nope"]}, 400, "cc must be an array of email addresses"),
        ({"bcc": ["x@example.com"]}, 400, "Unknown field(s): bcc"),
        ({"contactId": "not-a-contact"}, 400, "Invalid contactId"),
        ({"contactId": "ctc_Nobody01"}, 404, "Contact not found"),
        ({"sendUserId": "usr_NotInTheTeam0001"}, 400, "sendUserId must be a user of your team"),
        (
            {"sendUserEmail": "camille@lemtest.com"},
            400,
            "sendUserEmail is not the sending address of sendUserId",
        ),
        (
            {"sendUserMailboxId": CAMILLE_MAILBOX},
            400,
            "sendUserMailboxId is not a mailbox of sendUserId",
        ),
        (
            {"leadId": "lea_MixedChannelLd01"},  # Priya's lead, not Victoire's
            400,
            "leadId is not a lead of this contact",
        ),
    ],
)
async def test_invalid_emails_are_a_plain_text_error_and_not_sent(
    client: httpx.AsyncClient, app: FakeLemlist, changes: dict[str, Any], status: int, text: str
) -> None:
    before = (await client.get(f"/inbox/{SAMPLE}")).json()
    response = await client.post("/inbox/email", json=email_body(**changes))
    assert (response.status_code, response.text) == (status, text)
    assert response.headers["content-type"].startswith("text/plain")
    assert app.sent == []
    assert (await client.get(f"/inbox/{SAMPLE}")).json() == before


async def test_the_sending_address_is_compared_without_case(client: httpx.AsyncClient) -> None:
    body = email_body(sendUserEmail="Christophe.O@LemTest.com")
    assert (await client.post("/inbox/email", json=body)).status_code == 200


# --- what the write routes share with the read routes -------------------------------------------


@pytest.mark.parametrize("headers", [{}, basic("wrong")])
async def test_writes_need_the_key(app: FakeLemlist, headers: dict[str, str]) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake.test/api") as client:
        drafted = await client.post(
            DRAFTS, params={"draftOwner": CHRISTOPHE}, json=draft_body(), headers=headers
        )
        sent = await client.post("/inbox/email", json=email_body(), headers=headers)
    assert (drafted.status_code, sent.status_code) == (401, 401)
    assert sent.text == "The authentication you supplied is incorrect"
    assert app.drafts == app.sent == []


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", DRAFTS, 405),
        ("PUT", DRAFTS, 405),
        ("DELETE", "/inbox/email", 405),
        ("POST", f"/inbox/{SAMPLE}", 405),
        # GET /inbox/email is the messages route with a contactId that is not one.
        ("GET", "/inbox/email", 400),
    ],
)
async def test_write_routes_answer_only_post(
    client: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    assert (await client.request(method, path)).status_code == status


async def test_writes_share_the_read_routes_rate_limit() -> None:
    app = FakeLemlist(rate_limit=2, rate_window=60)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://fake.test/api", headers=basic(DEMO_API_KEY)
    ) as client:
        assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 200
        assert (await client.post("/inbox/email", json=email_body())).status_code == 200
        limited = await client.post("/inbox/email", json=email_body())
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "60"
    assert len(app.sent) == 1


async def test_a_huge_body_is_a_413_and_recorded_cut(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    huge = json.dumps(email_body(message="x" * (1 << 21))).encode()
    response = await client.post("/inbox/email", content=huge)
    assert (response.status_code, response.text) == (413, "request entity too large")
    assert len(app.requests[-1].body) == (1 << 20) + 1
    assert app.sent == []


async def test_requests_record_their_body(client: httpx.AsyncClient, app: FakeLemlist) -> None:
    await client.post("/inbox/email", json=email_body())
    await client.get(f"/inbox/{SAMPLE}")
    post, get = app.requests
    assert (post.method, post.path, json.loads(post.body)) == (
        "POST",
        "/api/inbox/email",
        email_body(),
    )
    assert (get.method, get.body) == ("GET", b"")


# --- write faults -------------------------------------------------------------------------------


async def test_error_before_acting_writes_nothing(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next_write(WriteFault.ERROR_BEFORE_ACTING)
    failed = await client.post("/inbox/email", json=email_body())
    assert (failed.status_code, failed.text) == (503, "Service temporarily unavailable")
    assert app.sent == []
    assert (await client.post("/inbox/email", json=email_body())).status_code == 200
    assert len(app.sent) == 1


async def test_error_after_acting_writes_then_fails(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next_write(WriteFault.ERROR_AFTER_ACTING)
    app.fail_next_write(WriteFault.ERROR_AFTER_ACTING, status=500, text="oops")
    failed = await client.post("/inbox/email", json=email_body())
    assert (failed.status_code, failed.text) == (504, "Gateway timeout")
    assert failed.headers["content-type"].startswith("text/plain")
    assert len(app.sent) == 1
    assert (await client.get(f"/inbox/{SAMPLE}")).json()["data"][0]["_id"] == app.sent[
        0
    ].activity_id
    drafted = await post_draft(client, draft_body())
    assert (drafted.status_code, drafted.text) == (500, "oops")
    assert len(app.drafts) == 1


async def test_rate_limited_fault_has_retry_after_and_writes_nothing(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=3)
    limited = await post_draft(client, draft_body())
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert app.drafts == []
    assert (await post_draft(client, draft_body())).status_code == 200


async def test_rejected_fault_answers_the_given_text(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next_write(WriteFault.REJECTED, text="Mailbox disconnected\x1b[31m, reconnect it")
    rejected = await client.post("/inbox/email", json=email_body())
    assert (rejected.status_code, rejected.text) == (
        400,
        "Mailbox disconnected\x1b[31m, reconnect it",
    )
    assert app.sent == []


async def test_faults_wait_for_a_write_of_their_route(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next_write(WriteFault.ERROR_BEFORE_ACTING, route="email")
    assert (await client.get(f"/inbox/{SAMPLE}")).status_code == 200
    assert (await post_draft(client, draft_body())).status_code == 200
    assert (await client.post("/inbox/email", json=email_body())).status_code == 503
    assert (await client.post("/inbox/email", json=email_body())).status_code == 200


async def test_a_fault_is_spent_by_a_write_refused_anyway(
    client: httpx.AsyncClient, app: FakeLemlist
) -> None:
    app.fail_next_write(WriteFault.ERROR_AFTER_ACTING)
    invalid = await client.post("/inbox/email", json=email_body(message=""))
    assert (invalid.status_code, invalid.text) == (400, "message must not be empty")
    assert (await client.post("/inbox/email", json=email_body())).status_code == 200


async def test_a_dropped_connection_after_acting_over_http(
    fake_server: tuple[str, FakeLemlist],
) -> None:
    base_url, app = fake_server
    app.fail_next_write(WriteFault.DROP_AFTER_ACTING)
    async with httpx.AsyncClient(base_url=base_url, headers=basic(DEMO_API_KEY)) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/inbox/email", json=email_body())
        assert len(app.sent) == 1
        # The fault is spent: the next write goes through and is a second email.
        assert (await client.post("/inbox/email", json=email_body())).status_code == 200
    assert len(app.sent) == 2
    assert [r.method for r in app.requests] == ["POST", "POST"]


async def test_writes_over_http(fake_server: tuple[str, FakeLemlist]) -> None:
    base_url, app = fake_server
    async with httpx.AsyncClient(base_url=base_url, headers=basic(DEMO_API_KEY)) as client:
        drafted = await client.post(DRAFTS, params={"draftOwner": CHRISTOPHE}, json=draft_body())
        sent = await client.post("/inbox/email", json=email_body())
    assert drafted.json() == {"draftId": app.drafts[0].draft_id}
    assert sent.json() == {"ok": True}
