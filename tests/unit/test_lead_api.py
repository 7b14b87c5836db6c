"""Campaigns, lead cards and lead actions through the client, against the fake over real HTTP.

Every action test counts the POSTs the server received: one per action, two only after a 429.
An unconfirmed answer (a 5xx, a dropped connection, a timeout) is never resent: the client
reads the state back and its outcome says what is true now.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from lemtui.demo.data import LONG_CONTACT_ID, QUOTES_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_API_KEY, DEMO_USER_ID, FakeLemlist, WriteFault
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import (
    AuthError,
    LeadActionRefusedError,
    LeadNotFoundError,
    RateLimitedError,
    ReadOnlyError,
)
from lemtui.lemlist.lead_writes import LeadAction
from lemtui.lemlist.leads import LeadCard, LeadTarget
from lemtui.lemlist.secret import Secret

NORTHWIND = "cam_NorthwindQ4Outr"
CAMILLE_CAMPAIGN = "cam_JnZqKnuSvoD4jsQuo"
CHRISTOPHE_CAMPAIGN = "cam_FYRAZMW5utAA7LXCN"


@pytest.fixture
def fake_app() -> FakeLemlist:
    return FakeLemlist(rate_limit=10_000)


@pytest.fixture
async def http(fake_server: tuple[str, FakeLemlist]) -> AsyncIterator[LemlistClient]:
    base_url, _ = fake_server
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, backoff=0) as client:
        yield client


def posts(fake: FakeLemlist) -> list[str]:
    return [r.path for r in fake.requests if r.method == "POST"]


def gets(fake: FakeLemlist) -> list[str]:
    return [r.path for r in fake.requests if r.method == "GET"]


async def lea_card(http: LemlistClient) -> LeadCard:
    return (await http.lead_card(LONG_CONTACT_ID)).named(await http.campaigns())


# --- reads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["array", "object"])
async def test_campaigns_are_named_in_either_shape_over_every_page(
    http: LemlistClient, fake_app: FakeLemlist, shape: Any
) -> None:
    fake_app.campaign_shape = shape
    demo = list(fake_app.leads.campaigns)
    extra = [
        {"_id": f"cam_Extra{n:05d}", "name": f"Extra {n}", "status": "draft"} for n in range(200)
    ]
    fake_app.leads.campaigns = demo + extra
    campaigns = await http.campaigns()
    assert len(campaigns) == len(demo) + 200
    assert campaigns[NORTHWIND].name == "Northwind Q4 Outreach"
    assert campaigns[NORTHWIND].status == "running"
    assert campaigns["cam_Extra00199"].label == "Extra 199"
    assert [r.query["page"] for r in fake_app.requests] == ["1", "2", "3"]
    assert {r.query["limit"] for r in fake_app.requests} == {"100"}


async def test_a_server_that_ignores_the_page_is_read_once_per_campaign(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    fake_app.leads.campaigns = [{"_id": f"cam_Same{n:04d}", "name": "x"} for n in range(100)]
    fake_app.fail_next(
        200, __import__("json").dumps(fake_app.leads.campaigns), content_type="application/json",
        times=5, path_contains="campaigns",
    )  # fmt: skip
    assert len(await http.campaigns()) == 100
    assert len(fake_app.requests) == 2  # the second page only repeated the first


async def test_the_lead_card_has_the_person_their_company_and_each_campaign(
    http: LemlistClient,
) -> None:
    card = (await http.lead_card(SAMPLE_CONTACT_ID)).named(await http.campaigns())
    assert (card.full_name, card.job_title, card.company, card.industry) == (
        "Victoire",
        "Head of People",
        "lemlist",
        "Software",
    )
    assert card.lead_status == "Interested"
    assert card.linkedin_url == "https://www.linkedin.com/in/victoire"
    assert card.unsubscribed is False
    assert [(c.label, c.lead_id, c.lead_status, c.paused) for c in card.campaigns] == [
        ("Camille meets the team", "lea_jcw2hneu7qs7iYKBr", "interested", False),
        ("Christophe meets the team", "lea_WoeA2FAw8jemE2Mex", "running", False),
    ]
    by_email = await http.lead_card("victoire@lemlist.co")
    assert by_email.contact_id == SAMPLE_CONTACT_ID


async def test_lead_states_by_email_per_campaign(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    states = await http.lead_states("lea.fontaine@northwind-logistics.example")
    assert {s.campaign_name for s in states} == {
        "Northwind Q4 Outreach",
        "Supply Chain Summit 2025",
        "Freight Ops Webinar 2024",
        "Logistics Leaders Spring 2024",
    }
    assert fake_app.requests[-1].path == "/api/leads/lea.fontaine@northwind-logistics.example"
    assert fake_app.requests[-1].query == {"version": "v2"}
    with pytest.raises(LeadNotFoundError, match=r"No lead with the email nobody@example\.com"):
        await http.lead_states("nobody@example.com")


async def test_a_users_mailboxes_give_their_addresses(http: LemlistClient) -> None:
    user = await http.get_user(DEMO_USER_ID)
    assert [(box.id, box.email) for box in user.mailboxes] == [
        ("usm_demoReaderMbx0001", "alex.martin@lemtest.com")
    ]
    team = await http.get_team()
    assert [m.name for m in team if m.user_id == DEMO_USER_ID] == ["Alex MARTIN"]


# --- actions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "route", "status", "paused"),
    [
        (LeadAction.INTERESTED,
         f"/api/campaigns/{NORTHWIND}/leads/lea_LongThreadLead001/interested",
         "interested", False),
        (LeadAction.NOT_INTERESTED,
         f"/api/campaigns/{NORTHWIND}/leads/lea_LongThreadLead001/notinterested",
         "notInterested", False),
        (LeadAction.PAUSE, "/api/leads/pause/lea_LongThreadLead001", "paused", True),
    ],
)  # fmt: skip
async def test_an_action_is_one_post_to_the_documented_route_and_changes_the_card(
    http: LemlistClient,
    fake_app: FakeLemlist,
    action: LeadAction,
    route: str,
    status: str,
    paused: bool,
) -> None:
    card = await lea_card(http)
    before = len(fake_app.requests)
    result = await http.lead_action(action, card.target(NORTHWIND))
    assert posts(fake_app) == [route]
    assert len(fake_app.requests) == before + 1  # nothing read back: lemlist confirmed
    post = fake_app.requests[-1]
    assert post.body == b""
    if action is LeadAction.PAUSE:
        assert post.query == {"campaignId": NORTHWIND}
    assert (result.confirmed, result.done, result.state_now) == (True, True, None)
    assert result.message == action.done_text(card.target(NORTHWIND))
    assert "Léa Fontaine" in result.message and "Northwind Q4 Outreach" in result.message
    after = (await http.lead_card(LONG_CONTACT_ID)).campaign(NORTHWIND)
    assert after is not None and (after.lead_status, after.paused) == (status, paused)
    now = await http.lead_card(LONG_CONTACT_ID)
    assert [c for c in now.campaigns if c.campaign_id != NORTHWIND] == [
        replace(c, campaign_name="") for c in card.campaigns if c.campaign_id != NORTHWIND
    ]  # the other campaigns as they were
    assert len(fake_app.lead_actions) == 1


async def test_pause_then_resume_by_email_in_one_of_two_campaigns(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    card = await http.lead_card(SAMPLE_CONTACT_ID)
    target = LeadTarget("Victoire", "victoire@lemlist.co", SAMPLE_CONTACT_ID, CHRISTOPHE_CAMPAIGN)
    assert (await http.pause_lead(target)).done
    assert posts(fake_app) == ["/api/leads/pause/victoire@lemlist.co"]
    paused = await http.lead_card(SAMPLE_CONTACT_ID)
    assert paused.campaign(CHRISTOPHE_CAMPAIGN).paused  # type: ignore[union-attr]
    assert not paused.campaign(CAMILLE_CAMPAIGN).paused  # type: ignore[union-attr]
    assert card.campaign(CAMILLE_CAMPAIGN) == paused.campaign(CAMILLE_CAMPAIGN)
    result = await http.resume_lead(target)
    assert result.message == "Victoire is now running again in cam_FYRAZMW5utAA7LXCN"
    resumed = (await http.lead_card(SAMPLE_CONTACT_ID)).campaign(CHRISTOPHE_CAMPAIGN)
    assert resumed is not None and not resumed.paused and resumed.lead_status == "running"
    assert len(posts(fake_app)) == 2


@pytest.mark.parametrize(
    "fault", [WriteFault.ERROR_AFTER_ACTING, WriteFault.DROP_AFTER_ACTING], ids=["500", "drop"]
)
async def test_an_unconfirmed_action_that_was_done_is_read_back_and_said_done(
    http: LemlistClient, fake_app: FakeLemlist, fault: WriteFault
) -> None:
    target = (await lea_card(http)).target(NORTHWIND)
    fake_app.fail_next_write(fault, status=500, route="interested")
    result = await http.mark_interested(target)
    assert len(posts(fake_app)) == 1
    assert gets(fake_app)[-1] == "/api/leads/lea.fontaine@northwind-logistics.example"
    assert (result.confirmed, result.done) == (False, True)
    assert result.state_now is not None and result.state_now.interested
    assert result.state_now.campaign_name == "Northwind Q4 Outreach"
    reason = (
        "lemlist answered 500: Gateway timeout"
        if fault is WriteFault.ERROR_AFTER_ACTING
        else "the connection broke mid-answer"
    )
    assert result.reason == reason
    assert result.message == (
        f"lemlist did not confirm ({reason}), but Léa Fontaine is now interested in "
        "Northwind Q4 Outreach"
    )


async def test_an_unconfirmed_action_that_was_not_done_says_it_is_still_not(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    target = (await lea_card(http)).target(NORTHWIND)
    fake_app.fail_next_write(WriteFault.ERROR_BEFORE_ACTING, route="pause")
    result = await http.pause_lead(target)
    assert len(posts(fake_app)) == 1
    assert fake_app.lead_actions == []
    assert (result.confirmed, result.done) == (False, False)
    assert result.message == (
        "lemlist did not confirm (lemlist answered 503: Service temporarily unavailable): "
        "Léa Fontaine is still not paused in Northwind Q4 Outreach. You can try again"
    )


async def test_without_an_email_the_state_is_read_from_the_contact(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    target = LeadTarget("Sophie", "", QUOTES_CONTACT_ID, "cam_QuotesCampaign001",
                        lead_id="lea_QuotedReplyLd01")  # fmt: skip
    fake_app.fail_next_write(WriteFault.ERROR_AFTER_ACTING, route="leads")
    result = await http.resume_lead(target)
    assert gets(fake_app) == [f"/api/contacts/{QUOTES_CONTACT_ID}"]
    assert result.done is True and result.state_now is not None
    assert not result.state_now.paused


async def test_when_the_state_cannot_be_read_back_the_outcome_says_so(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    target = (await lea_card(http)).target(NORTHWIND)
    fake_app.fail_next_write(WriteFault.ERROR_AFTER_ACTING)
    fake_app.fail_next(500, "down", times=20, path_contains="/api/leads/lea.")
    fake_app.fail_next(500, "down", times=20, path_contains="/api/contacts/")
    result = await http.mark_not_interested(target)
    assert len(posts(fake_app)) == 1
    assert (result.confirmed, result.done, result.state_now) == (False, None, None)
    assert result.message.startswith(
        "lemlist did not confirm (lemlist answered 504: Gateway timeout), and Léa Fontaine's "
        "state could not be checked: lemlist had a server error (500)"
    )
    assert result.message.endswith("Look in lemlist before trying again")


async def test_a_429_waits_its_retry_after_and_goes_once_more(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    waits: list[tuple[float, str]] = []
    http.on_wait = lambda seconds, why: waits.append((seconds, why))
    target = (await lea_card(http)).target(NORTHWIND)
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=0, route="leads")
    result = await http.mark_interested(target)
    assert result.confirmed and len(posts(fake_app)) == 2
    assert len(fake_app.lead_actions) == 1
    assert waits == [(0.0, "lemlist's rate limit")]
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=0)
    fake_app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=0)
    with pytest.raises(RateLimitedError, match="the change was not sent"):
        await http.pause_lead(target)
    assert len(posts(fake_app)) == 4
    assert len(fake_app.lead_actions) == 1


async def test_read_only_refuses_before_sending(fake_server: tuple[str, FakeLemlist]) -> None:
    base_url, fake = fake_server
    target = LeadTarget("Lee", "lee@example.com", "", NORTHWIND, "Northwind Q4 Outreach")
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, read_only=True) as client:
        for action in LeadAction:
            with pytest.raises(ReadOnlyError, match="lemtui runs read-only"):
                await client.lead_action(action, target)
    assert fake.requests == []


async def test_unknown_lead_or_campaign_is_a_clear_error_and_changes_nothing(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    nobody = LeadTarget("Nobody", "nobody@example.com", "", NORTHWIND, "Northwind Q4 Outreach")
    with pytest.raises(LeadNotFoundError) as caught:
        await http.mark_interested(nobody)
    assert str(caught.value) == (
        "lemlist answered 'Lead not found' for Nobody in Northwind Q4 Outreach: nothing was changed"
    )
    lea = (await lea_card(http)).target(NORTHWIND)
    gone = LeadTarget(lea.lead_name, lea.email, lea.contact_id, "cam_Deleted0000001", "Old one")
    with pytest.raises(LeadNotFoundError, match="'Campaign not found' for Léa Fontaine in Old one"):
        await http.mark_not_interested(gone)
    with pytest.raises(LeadNotFoundError, match="Lead not found"):
        await http.pause_lead(nobody)
    assert len(posts(fake_app)) == 3
    assert fake_app.lead_actions == []


async def test_a_refusal_says_why_and_the_key_never_appears(
    fake_server: tuple[str, FakeLemlist],
) -> None:
    base_url, fake = fake_server
    key = "sk_lead_secret_9Q"
    fake.api_key = key
    target = LeadTarget("Léa", "lea.fontaine@northwind-logistics.example", "", NORTHWIND)
    fake.fail_next_write(WriteFault.REJECTED, text=f"Bad lead for key {key}\x1b[2J")
    async with LemlistClient(Secret(key), base_url=base_url, backoff=0) as client:
        with pytest.raises(LeadActionRefusedError) as refused:
            await client.mark_interested(target)
        fake.fail_next_write(WriteFault.ERROR_AFTER_ACTING, text=f"oops {key}")
        fake.fail_next(500, f"down {key}", times=10, path_contains="/api/leads/lea.")
        result = await client.mark_interested(target)
    assert result.done is None and "oops" in result.reason and "down" in result.message
    async with LemlistClient(Secret("wrong"), base_url=base_url) as client:
        with pytest.raises(AuthError) as auth:
            await client.pause_lead(target)
    for text in (str(refused.value), result.message, result.reason, str(auth.value)):
        assert key not in text
        assert "\x1b" not in text
    assert str(refused.value).startswith("lemlist refused the change: Bad lead for key")


async def test_an_action_that_takes_too_long_is_sent_once_and_read_back(
    fake_server: tuple[str, FakeLemlist],
) -> None:
    base_url, fake = fake_server
    fake.slow_contacts["lea_LongThreadLead001"] = 1.0  # only the POST names the lead ID
    target = LeadTarget(
        "Léa Fontaine", "lea.fontaine@northwind-logistics.example", LONG_CONTACT_ID, NORTHWIND,
        "Northwind Q4 Outreach", "lea_LongThreadLead001",
    )  # fmt: skip
    async with LemlistClient(Secret(DEMO_API_KEY), base_url=base_url, timeout=0.3) as client:
        result = await client.pause_lead(target)
    assert len(posts(fake)) == 1
    assert (result.confirmed, result.reason) == (False, "no whole answer within 0.3 s")
    assert result.done is False  # read at once: the service had not paused her yet
    assert result.message.endswith("Léa Fontaine is still not paused in Northwind Q4 Outreach. "
                                   "You can try again")  # fmt: skip


async def test_a_lead_the_read_back_finds_in_no_such_campaign_is_said_so(
    http: LemlistClient, fake_app: FakeLemlist
) -> None:
    target = LeadTarget("Léa Fontaine", "lea.fontaine@northwind-logistics.example", "",
                        CAMILLE_CAMPAIGN, "Camille meets the team")  # fmt: skip
    fake_app.fail_next(502, "Bad gateway", path_contains="/interested")
    result = await http.mark_interested(target)
    assert len(posts(fake_app)) == 1
    assert (result.confirmed, result.done, result.state_now) == (False, False, None)
    assert result.message == (
        "lemlist did not confirm (lemlist answered 502: Bad gateway), and lemlist does not "
        "list Léa Fontaine in Camille meets the team now"
    )
