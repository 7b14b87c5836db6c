"""The fake lemlist API's lead routes and the demo's leads: campaigns in both shapes, a lead's
state, the four actions (validated like the service, changing what is read back), their faults,
and demo data with a job, a company and a status for everyone."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import httpx
import pytest

from lemtui.demo import data as demo_data
from lemtui.demo.fake_api import (
    CAMPAIGN_NOT_FOUND,
    DEMO_API_KEY,
    DEMO_USER_ID,
    LEAD_NOT_FOUND,
    FakeLemlist,
    WriteFault,
)

LEA = "lea.fontaine@northwind-logistics.example"
NORTHWIND = "cam_NorthwindQ4Outr"
AUTH = {"Authorization": "Basic " + base64.b64encode(f":{DEMO_API_KEY}".encode()).decode()}


@pytest.fixture
def app() -> FakeLemlist:
    return FakeLemlist(rate_limit=10_000)


@pytest.fixture
async def client(app: FakeLemlist) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://fake.test/api", headers=AUTH
    ) as client:
        yield client


def _text(response: httpx.Response) -> tuple[int, str, str]:
    return response.status_code, response.headers["content-type"].split(";")[0], response.text


async def test_campaigns_page_in_the_specs_array_or_the_other_shape(
    app: FakeLemlist, client: httpx.AsyncClient
) -> None:
    every = demo_data.demo_campaigns()
    first = (await client.get("/campaigns", params={"version": "v2", "limit": 20})).json()
    assert first == list(every[:20])
    assert {"_id", "name", "status", "createdAt", "createdBy", "senders"} <= set(first[0])
    app.campaign_shape = "object"
    second = (await client.get("/campaigns", params={"limit": 20, "page": 3})).json()
    assert second["campaigns"] == list(every[40:60])
    total = len(every)
    assert second["pagination"] == {
        "totalRecords": total,
        "currentPage": 3,
        "nextPage": None if total <= 60 else 4,
        "totalPage": -(-total // 20),
    }
    running = (await client.get("/campaigns", params={"status": "running"})).json()["campaigns"]
    assert running and all(c["status"] == "running" for c in running)
    for query in ({"limit": "x"}, {"page": "0"}, {"status": "sleeping"}, {"sortOrder": "up"}):
        assert (await client.get("/campaigns", params=query)).status_code == 400


async def test_a_leads_states_by_email_and_the_404(client: httpx.AsyncClient) -> None:
    states = (
        await client.get(f"/leads/{LEA.replace('@', '%40')}", params={"version": "v2"})
    ).json()
    assert {s["campaign"]["name"] for s in states} >= {"Northwind Q4 Outreach"}
    assert all(s["_id"] == "lea_LongThreadLead001" for s in states)
    flat = (await client.get(f"/leads/{LEA}")).json()
    assert set(flat) == {"_id", "email", "firstName", "lastName", "isPaused", "campaignId"}
    missing = await client.get("/leads/nobody@example.com", params={"version": "v2"})
    assert _text(missing) == (404, "text/plain", LEAD_NOT_FOUND)


async def test_actions_change_what_the_contact_and_the_lead_read_back(
    app: FakeLemlist, client: httpx.AsyncClient
) -> None:
    marked = await client.post(f"/campaigns/{NORTHWIND}/leads/{LEA}/interested")
    assert marked.status_code == 200
    assert marked.json()["_id"] == "lea_LongThreadLead001"
    assert marked.json()["campaignId"] == NORTHWIND
    paused = await client.post(
        "/leads/pause/lea_LongThreadLead001", params={"campaignId": NORTHWIND}
    )
    assert [lead["isPaused"] for lead in paused.json()] == [True]
    contact = (await client.get(f"/contacts/{demo_data.LONG_CONTACT_ID}")).json()
    northwind = next(c for c in contact["campaigns"] if c["campaignId"] == NORTHWIND)
    assert (northwind["leadState"], northwind["isPaused"]) == ("interested", True)
    assert contact["fields"]["leadStatus"] == "Marked as interested by api"
    states = (await client.get(f"/leads/{LEA}", params={"version": "v2"})).json()
    state = next(s for s in states if s["campaign"]["id"] == NORTHWIND)
    assert (state["status"], state["isPaused"]) == ("interested", True)
    everywhere = await client.post(f"/leads/start/{LEA}")  # no campaignId: all campaigns
    assert len(everywhere.json()) == 4
    assert [(a.action, a.campaign_id) for a in app.lead_actions] == [
        ("interested", NORTHWIND),
        ("pause", NORTHWIND),
        ("start", None),
    ]


async def test_actions_validate_like_the_service(
    app: FakeLemlist, client: httpx.AsyncClient
) -> None:
    route = f"/campaigns/{NORTHWIND}/leads"
    assert _text(await client.post(f"{route}/lea_Nobody000001/interested")) == (
        404, "text/plain", LEAD_NOT_FOUND,
    )  # fmt: skip
    assert _text(await client.post(f"/campaigns/cam_Nope/leads/{LEA}/notinterested")) == (
        404, "text/plain", CAMPAIGN_NOT_FOUND,
    )  # fmt: skip
    other = "cam_JnZqKnuSvoD4jsQuo"  # Victoire's campaign, not Léa's
    assert (await client.post(f"/campaigns/{other}/leads/{LEA}/interested")).text == LEAD_NOT_FOUND
    assert (
        await client.post(f"/leads/pause/{LEA}", params={"campaignId": other})
    ).status_code == 404
    bad = await client.post(f"/leads/pause/{LEA}", params={"campaignId": "x/y"})
    assert _text(bad) == (400, "text/plain", "Invalid campaignId")
    assert (await client.post(f"{route}/{LEA}/interested", content=b"{}")).status_code == 400
    assert (await client.get(f"{route}/{LEA}/interested")).status_code == 405
    unauthorised = await client.post(f"{route}/{LEA}/interested", headers={"Authorization": ""})
    assert _text(unauthorised)[0:2] == (401, "text/plain")
    assert app.lead_actions == []


async def test_actions_share_the_rate_limit(client: httpx.AsyncClient) -> None:
    app = FakeLemlist(rate_limit=2, rate_window=60)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://fake.test/api", headers=AUTH
    ) as limited:
        await limited.get("/campaigns")
        await limited.post(f"/leads/pause/{LEA}")
        refused = await limited.post(f"/leads/start/{LEA}")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert [a.action for a in app.lead_actions] == ["pause"]


async def test_faults_on_lead_routes_act_first_or_not_as_asked(
    app: FakeLemlist, client: httpx.AsyncClient
) -> None:
    app.fail_next_write(WriteFault.RATE_LIMITED, retry_after=7, route="pause")
    app.fail_next_write(WriteFault.ERROR_AFTER_ACTING, status=500, route="interested")
    app.fail_next_write(WriteFault.ERROR_BEFORE_ACTING, route="leads")
    app.fail_next_write(WriteFault.REJECTED, route="drafts")  # never spent by a lead action
    after = await client.post(f"/leads/pause/{LEA}", params={"campaignId": NORTHWIND})
    assert (after.status_code, after.headers["retry-after"]) == (429, "7")
    assert app.lead_actions == []
    done = await client.post(f"/campaigns/{NORTHWIND}/leads/{LEA}/interested")
    assert _text(done) == (500, "text/plain", "Gateway timeout")
    assert [a.action for a in app.lead_actions] == ["interested"]  # carried out, then the 500
    before = await client.post(f"/campaigns/{NORTHWIND}/leads/{LEA}/notinterested")
    assert before.status_code == 503
    assert [a.action for a in app.lead_actions] == ["interested"]
    assert [f.route for f in app.faults.writes] == ["drafts"]


async def test_a_users_mailboxes(client: httpx.AsyncClient) -> None:
    user = (await client.get(f"/users/{DEMO_USER_ID}")).json()
    assert user["mailboxes"][0]["_id"] == "usm_demoReaderMbx0001"
    assert user["mailboxes"][0]["email"] == "alex.martin@lemtest.com"
    assert (await client.get("/users/usr_Nobody")).status_code == 404
    assert (await client.get("/users/nope")).status_code == 400


# --- the demo's leads ----------------------------------------------------------------------------


def test_every_demo_contact_has_a_job_a_company_an_industry_and_a_status() -> None:
    conversations = demo_data.demo_conversations()
    names = {c["_id"]: c["name"] for c in demo_data.demo_campaigns()}
    in_two = []
    for contact_id, messages in conversations.items():
        record = demo_data.contact_record(contact_id, messages)
        fields = record["fields"]
        for name in ("jobTitle", "companyName", "industry", "leadStatus"):
            assert fields[name], (contact_id, name)
        for campaign in record["campaigns"]:
            assert campaign["campaignId"] in names, contact_id
            assert campaign["leadState"] and isinstance(campaign["isPaused"], bool)
        if len(record["campaigns"]) >= 2:
            in_two.append(contact_id)
    assert demo_data.SAMPLE_CONTACT_ID in in_two
    assert not any(name.startswith("cam_") or not name for name in names.values())
    assert "Northwind Q4 Outreach" in names.values()
    kinds = {m.get("type") for messages in conversations.values() for m in messages}
    assert {"linkedinInviteDone", "linkedinInviteAccepted", "linkedinVisitDone"} <= kinds
    statuses = {
        lead["status"]
        for contact_id, messages in conversations.items()
        for lead in demo_data.lead_entries(contact_id, messages)
    }
    assert {"interested", "notInterested", "running", "paused", "done"} <= statuses
