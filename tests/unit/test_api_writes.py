"""The client's writes against the fake over real HTTP: each sent once, each failure told apart.

Every test counts the POSTs the server received. A write that may have been carried out (5xx,
a dropped connection, a timeout) is an `UnconfirmedWriteError` after exactly one request; only a
429, refused before anything happened, goes a second time; and the text typed, saved locally
before the request, is still on disk after any failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from lemtui.demo.data import SAMPLE_CONTACT_ID, demo_conversation
from lemtui.demo.fake_api import DEMO_API_KEY, DEMO_USER_ID, FakeLemlist, WriteFault
from lemtui.lemlist import transport as _transport
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import (
    NetworkError,
    RateLimitedError,
    ReadOnlyError,
    UnconfirmedWriteError,
    WriteRefusedError,
)
from lemtui.lemlist.messages import Message
from lemtui.lemlist.secret import Secret
from lemtui.local.drafts import DraftStore, LocalDraft
from lemtui.mail.compose import Reply, build_reply, draft_request, send_request
from tests.support.server import FakeServer

NOT_CONFIRMED = "lemlist did not confirm; check the conversation before sending again"
VICTOIRE_REPLY = 1
"""Index of Victoire's reply in the doc's sample conversation (answered from Christophe's box)."""


@pytest.fixture
def fake_app() -> FakeLemlist:
    return FakeLemlist(rate_limit=10_000)


@pytest.fixture
async def http(fake_server: tuple[str, FakeLemlist]) -> AsyncIterator[LemlistClient]:
    base_url, _ = fake_server
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, backoff=0) as client:
        yield client


def the_reply(text: str = "Merci Victoire, **jeudi** me va.") -> Reply:
    conversation = demo_conversation(SAMPLE_CONTACT_ID)
    assert conversation is not None
    message = Message.from_json(conversation[VICTOIRE_REPLY])
    return build_reply(message, text, user_id=DEMO_USER_ID, contact_id=SAMPLE_CONTACT_ID)


def posts(fake: FakeLemlist) -> list[str]:
    return [r.path for r in fake.requests if r.method == "POST"]


def saved(tmp_path: Path, reply: Reply) -> tuple[DraftStore, LocalDraft]:
    """The reply on disk, as the UI saves it before any request."""
    store = DraftStore(tmp_path / "drafts")
    draft = store.save(
        contact_id=reply.contact_id,
        reply_to_id=reply.reply_to_id,
        channel=reply.channel.value,
        recipient=reply.lead_email,
        subject=reply.subject,
        body=reply.markdown,
    )
    return store, draft


async def write(client: LemlistClient, route: str, reply: Reply) -> None:
    if route == "drafts":
        await client.create_draft(draft_request(reply))
    else:
        await client.send_email(send_request(reply))


async def test_a_draft_is_created_once_with_owner_channel_content_and_reply_to(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    reply = the_reply()
    draft_id = await http.create_draft(draft_request(reply))
    assert posts(fake_app) == [f"/api/inbox/{SAMPLE_CONTACT_ID}/drafts"]
    (stored,) = fake_app.drafts
    assert draft_id == stored.draft_id
    assert stored.owner_id == DEMO_USER_ID
    assert stored.channel == "email"
    assert stored.content == reply.html
    assert "<strong>jeudi</strong>" in stored.content
    assert stored.reply_to_activity_id == "act_7yfGhxmPfKbxZaWHa"
    assert stored.subject == "Re: Have you heard about Christophe Opoix ?"


async def test_an_email_is_sent_once_from_the_answered_mailbox(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    reply = the_reply()
    await http.send_email(send_request(reply))
    assert posts(fake_app) == ["/api/inbox/email"]
    (sent,) = fake_app.sent
    assert (sent.send_user_id, sent.send_user_email, sent.send_user_mailbox_id) == (
        "usr_t2KCwPen66NrrqGtQ",
        "christophe.o@lemtest.com",
        "usm_zs86Mc8ZbHXfkLBAC",
    )
    assert (sent.contact_id, sent.lead_id) == (SAMPLE_CONTACT_ID, "lea_WoeA2FAw8jemE2Mex")
    assert sent.message == reply.html


@pytest.mark.parametrize("route", ["drafts", "email"])
@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (WriteFault.ERROR_BEFORE_ACTING, "lemlist answered 503: Service temporarily unavailable"),
        (WriteFault.ERROR_AFTER_ACTING, "lemlist answered 504: Gateway timeout"),
        (WriteFault.DROP_AFTER_ACTING, "the connection broke mid-answer"),
    ],
)
async def test_a_write_that_may_have_been_done_is_sent_once_and_not_confirmed(
    http: LemlistClient,
    fake_app: FakeLemlist,
    tmp_path: Path,
    route: str,
    fault: WriteFault,
    reason: str,
) -> None:
    reply = the_reply()
    store, draft = saved(tmp_path, reply)
    fake_app.fail_next_write(fault)
    with pytest.raises(UnconfirmedWriteError) as caught:
        await write(http, route, reply)
    assert len(posts(fake_app)) == 1
    if route == "email":
        assert str(caught.value) == NOT_CONFIRMED
    else:
        assert str(caught.value).startswith("lemlist did not confirm; check the conversation")
    assert caught.value.reason == reason
    kept = store.get(draft.contact_id, draft.reply_to_id)
    assert kept is not None and kept.body == reply.markdown


@pytest.mark.parametrize("route", ["drafts", "email"])
async def test_a_429_waits_its_retry_after_and_goes_once_more(
    http: LemlistClient, fake_app: FakeLemlist, route: str
) -> None:
    waits: list[tuple[float, str]] = []
    http.on_wait = lambda seconds, why: waits.append((seconds, why))
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=0)
    await write(http, route, the_reply())
    assert len(posts(fake_app)) == 2
    assert len(fake_app.drafts) + len(fake_app.sent) == 1
    assert waits == [(0.0, "lemlist's rate limit")]


async def test_a_second_429_is_an_error_after_two_requests(
    http: LemlistClient, fake_app: FakeLemlist, tmp_path: Path
) -> None:
    reply = the_reply()
    store, draft = saved(tmp_path, reply)
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=0)
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=0)
    with pytest.raises(RateLimitedError, match="the email was not sent"):
        await http.send_email(send_request(reply))
    assert len(posts(fake_app)) == 2
    assert fake_app.sent == []
    assert store.get(draft.contact_id, draft.reply_to_id) is not None


async def test_a_429_asking_for_too_long_a_wait_is_not_waited_for(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=3600)
    with pytest.raises(RateLimitedError, match="try again in 3600 s"):
        await http.create_draft(draft_request(the_reply()))
    assert len(posts(fake_app)) == 1


async def test_a_400_says_the_services_text_cleaned_redacted_on_one_line(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, fake = fake_server
    key = "sk_secret_w41t"
    fake.api_key = key
    reply = the_reply()
    store, draft = saved(tmp_path, reply)
    fake.fail_next_write(
        WriteFault.REJECTED, text=f"Invalid\x1b[31m sender\u202e\nfor key {key}\r\nsee docs"
    )
    async with LemlistClient(Secret(key), base_url=base_url) as client:
        with pytest.raises(WriteRefusedError) as caught:
            await client.send_email(send_request(reply))
    message = str(caught.value)
    assert message.startswith("lemlist refused the email: Invalid")
    assert key not in message
    assert "see docs" in message
    assert not any(ord(c) < 32 or c in "\u202e\x7f" for c in message)
    assert len(posts(fake)) == 1
    assert store.get(draft.contact_id, draft.reply_to_id) is not None


async def test_the_services_own_validation_comes_back_as_a_refusal(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    for _ in range(10):
        await http.create_draft(draft_request(the_reply()))
    with pytest.raises(WriteRefusedError, match="at most 10 drafts"):
        await http.create_draft(draft_request(the_reply()))
    assert len(posts(fake_app)) == 11


async def test_no_write_reaches_the_retrying_transport(
    monkeypatch: pytest.MonkeyPatch, fake_server: tuple[str, FakeLemlist]
) -> None:
    """Even a retry policy that would retry every method never sees a write: reads are
    retried, writes go once."""
    base_url, fake = fake_server
    monkeypatch.setattr(_transport._Retry, "is_retryable_method", lambda self, method: True)
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, backoff=0) as client:
        fake.fail_next(503, "busy", times=2)
        await client.get_page(SAMPLE_CONTACT_ID)
        assert len(fake.requests) == 3  # the read was retried twice
        for status in (502, 503, 504):
            fake.fail_next(status, "busy")
            with pytest.raises(UnconfirmedWriteError):
                await client.send_email(send_request(the_reply()))
        fake.fail_next_write(WriteFault.DROP_AFTER_ACTING)
        with pytest.raises(UnconfirmedWriteError):
            await client.create_draft(draft_request(the_reply()))
    assert len(posts(fake)) == 4
    assert len(fake.drafts) == 1


async def test_a_server_that_cannot_be_reached_was_sent_nothing(tmp_path: Path) -> None:
    with FakeServer(FakeLemlist()) as server:
        base_url = server.url
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url) as client:
        with pytest.raises(NetworkError, match="the email was not sent"):
            await client.send_email(send_request(the_reply()))


async def test_a_write_that_takes_too_long_is_not_confirmed(
    fake_server: tuple[str, FakeLemlist],
) -> None:
    base_url, fake = fake_server
    fake.set_latency(1)
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, timeout=0.2) as client:
        with pytest.raises(UnconfirmedWriteError) as caught:
            await client.send_email(send_request(the_reply()))
    assert caught.value.reason == "no whole answer within 0.2 s"
    assert len(posts(fake)) == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 200, "body": "<html>lemlist</html>", "content_type": "text/html"},
        {"status": 200, "body": "{not json", "content_type": "application/json"},
        {"status": 201, "body": "{}", "content_type": "application/json"},
    ],
)
async def test_an_answer_that_is_not_lemlists_confirmation_is_not_one(
    http: LemlistClient, fake_app: FakeLemlist, answer: dict[str, Any]
) -> None:
    fake_app.fail_next(
        answer["status"], answer["body"], content_type=answer["content_type"], path_contains="email"
    )
    with pytest.raises(UnconfirmedWriteError):
        await http.send_email(send_request(the_reply()))
    assert len(posts(fake_app)) == 1


async def test_a_read_only_client_sends_no_write_and_no_mark_as_read(
    fake_server: tuple[str, FakeLemlist],
) -> None:
    base_url, fake = fake_server
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, read_only=True) as client:
        with pytest.raises(ReadOnlyError, match="read-only"):
            await client.create_draft(draft_request(the_reply()))
        with pytest.raises(ReadOnlyError):
            await client.send_email(send_request(the_reply()))
        with pytest.raises(ReadOnlyError):
            await client.mark_as_read(SAMPLE_CONTACT_ID, DEMO_USER_ID)
        with pytest.raises(ReadOnlyError):
            await client.get_page(SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, mark_as_read=True)
        page = await client.get_page(SAMPLE_CONTACT_ID)
    assert len(page.messages) == 3
    assert [(r.method, r.query.get("markAsRead")) for r in fake.requests] == [("GET", None)]
