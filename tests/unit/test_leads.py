"""Leads and campaigns read from JSON, without a server: both `GET /campaigns` shapes and their
paging, the lead card from the spec's contact and from broken ones, a lead's states, the words
of the lead actions, and the team's names."""

from __future__ import annotations

from typing import Any

import pytest

from lemtui.lemlist.errors import BadResponseError, InvalidLeadError
from lemtui.lemlist.inbox import TeamMember
from lemtui.lemlist.lead_writes import LeadAction
from lemtui.lemlist.leads import (
    Campaign,
    CampaignBatch,
    LeadCampaign,
    LeadCard,
    LeadTarget,
    lead_states_from_json,
    status_label,
)
from lemtui.lemlist.users import UserAccount, mailbox_addresses, team_names, user_name

SPEC_CONTACT: dict[str, Any] = {
    "_id": "ctc_xW8Ou6C03Csv8vatp",
    "teamId": "tea_8QvkOiBfPdb2ZRhHi",
    "fullName": "John Doe",
    "email": "support@lemlist.com",
    "fields": {
        "firstName": "John",
        "jobTitle": "Growth Engineer",
        "lastName": "Doe",
        "industry": "Technology",
        "isActiveInCampaigns": False,
        "lastCampaign": "NEW TO DELETE",
        "leadStatus": "Marked as not Interested by api",
    },
    "campaigns": [
        {
            "campaignId": "cam_bSn8EORHQxbWPjHvu",
            "campaignState": "running",
            "leadState": "review",
            "leadId": "lea_fiDpiGV585wy3Oii2",
        }
    ],
    "ownerId": "usr_ahfFktBBHUIxbVG5P",
    "unsubscribed": False,
}

V2_LEAD = {
    "_id": "lea_fiDpiGV585wy3Oii2",
    "updatedAt": "2025-10-28T00:40:39.230Z",
    "isPaused": False,
    "state": "scanned",
    "status": "review",
    "source": "api",
    "variables": {"firstName": "John"},
    "contactId": "ctc_xW8Ou6C03Csv8vatp",
    "enrichment": {"emailStatus": "deliverable"},
    "campaign": {"id": "cam_bSn8EORHQxbWPjHvu", "name": "NEW TO DELETE", "status": "draft"},
}


def _campaign(number: int, **extra: Any) -> dict[str, Any]:
    return {"_id": f"cam_{number:017d}", "name": f"Campaign {number}", "status": "running", **extra}


# --- GET /campaigns ------------------------------------------------------------------------------


def test_the_specs_array_is_read_and_a_full_page_may_have_more() -> None:
    page = [_campaign(n) for n in range(100)]
    batch = CampaignBatch.from_json(page, page=1, limit=100)
    assert len(batch.campaigns) == 100
    assert batch.campaigns[0] == Campaign("cam_00000000000000000", "Campaign 0", "running")
    assert batch.has_more
    assert not CampaignBatch.from_json(page[:40], page=2, limit=100).has_more
    assert not CampaignBatch.from_json([], page=3, limit=100).has_more


@pytest.mark.parametrize(
    ("pagination", "page", "more"),
    [
        ({"totalRecords": 250, "currentPage": 1, "nextPage": 2, "totalPage": 3}, 1, True),
        ({"totalRecords": 250, "currentPage": 3, "nextPage": None, "totalPage": 3}, 3, False),
        ({"totalPage": 3}, 2, True),
        ({"totalPage": 3}, 3, False),
        ({"totalRecords": 250}, 3, False),
        ({"totalRecords": 250}, 2, True),
        ({"nextPage": 1}, 1, False),  # a next page that does not move on is not believed
        ({"nextPage": "2"}, 1, True),
        ({}, 1, True),  # no pagination to go by: a full page may have more
    ],
)
def test_the_other_shape_pages_by_its_pagination(
    pagination: dict[str, Any], page: int, more: bool
) -> None:
    body = {"campaigns": [_campaign(n) for n in range(100)], "pagination": pagination}
    assert CampaignBatch.from_json(body, page=page, limit=100).has_more is more


def test_campaigns_without_a_usable_id_are_left_out_and_names_are_cleaned() -> None:
    page: list[Any] = [
        {"_id": "cam_Good1", "name": "[b]Q4[/b] \x1b]0;pwned\x07Outreach\u202e", "status": 7},
        {"_id": "cam_../../inbox", "name": "path"},
        {"_id": None, "name": "no id"},
        {"id": "cam_ById", "name": None},
        {"campaignId": "cam_Third", "campaignName": 42},
        "cam_NotAnObject",
        None,
    ]
    batch = CampaignBatch.from_json(page, page=1, limit=100)
    assert batch.sent == 7
    assert [c.id for c in batch.campaigns] == ["cam_Good1", "cam_ById", "cam_Third"]
    first = batch.campaigns[0]
    assert first.name == "[b]Q4[/b] ]0;pwnedOutreach⟨RLO⟩"  # no control is left
    assert first.status == "7"
    assert batch.campaigns[1].label == "cam_ById"
    assert batch.campaigns[2].name == "42"


@pytest.mark.parametrize("body", [None, "campaigns", {"data": []}, {"campaigns": {}}, 3])
def test_an_answer_in_neither_shape_is_a_bad_response(body: Any) -> None:
    with pytest.raises(BadResponseError, match="not a list of campaigns"):
        CampaignBatch.from_json(body, page=1, limit=100)


# --- the lead card -------------------------------------------------------------------------------


def test_the_specs_contact_makes_a_card() -> None:
    card = LeadCard.from_json(SPEC_CONTACT)
    assert (card.contact_id, card.email, card.full_name) == (
        "ctc_xW8Ou6C03Csv8vatp",
        "support@lemlist.com",
        "John Doe",
    )
    assert (card.first_name, card.last_name, card.job_title, card.industry) == (
        "John",
        "Doe",
        "Growth Engineer",
        "Technology",
    )
    assert card.company == ""
    assert card.lead_status == "Marked as not Interested by api"
    assert card.unsubscribed is False
    assert card.linkedin_url == ""
    (campaign,) = card.campaigns
    assert campaign == LeadCampaign(
        "cam_bSn8EORHQxbWPjHvu", "", "running", "lea_fiDpiGV585wy3Oii2", "review", None
    )
    assert campaign.status_text == "to launch"
    assert not campaign.paused and not campaign.interested


def test_a_card_is_named_from_the_campaigns_and_targets_one_of_them() -> None:
    card = LeadCard.from_json(
        {
            **SPEC_CONTACT,
            "campaigns": [
                *SPEC_CONTACT["campaigns"],
                {"campaignId": "cam_Second", "leadId": "lea_Two", "leadState": "paused",
                 "campaignName": "Named already"},
            ],
        }
    )  # fmt: skip
    names = {
        "cam_bSn8EORHQxbWPjHvu": Campaign("cam_bSn8EORHQxbWPjHvu", "Northwind Q4 Outreach", ""),
        "cam_Second": Campaign("cam_Second", "Another name", ""),
    }
    named = card.named(names)
    assert [c.label for c in named.campaigns] == ["Northwind Q4 Outreach", "Named already"]
    assert named.campaigns[1].paused  # a "paused" status without isPaused
    target = named.target("cam_bSn8EORHQxbWPjHvu")
    assert target == LeadTarget(
        lead_name="John Doe",
        email="support@lemlist.com",
        contact_id="ctc_xW8Ou6C03Csv8vatp",
        campaign_id="cam_bSn8EORHQxbWPjHvu",
        campaign_name="Northwind Q4 Outreach",
        lead_id="lea_fiDpiGV585wy3Oii2",
    )
    now = LeadCampaign("cam_bSn8EORHQxbWPjHvu", "", "running", "lea_x", "interested", False)
    updated = named.with_campaign(now)
    assert updated.campaigns[0].interested
    assert updated.campaigns[0].campaign_name == "Northwind Q4 Outreach"  # the name is kept
    assert named.with_campaign(LeadCampaign("cam_New", "", "", "", "running", None)).campaigns[
        -1
    ].campaign_id == ("cam_New")


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"fields": None, "campaigns": None, "unsubscribed": "yes"},
        {"fields": [], "campaigns": {"campaignId": "cam_x"}, "fullName": ["a"]},
        {"fields": {"firstName": 3, "jobTitle": {"x": 1}}, "campaigns": [None, 5, {}]},
    ],
)
def test_a_broken_contact_still_makes_a_card(broken: dict[str, Any]) -> None:
    card = LeadCard.from_json(broken)
    assert card.campaigns == ()
    assert card.unsubscribed is False
    assert card.job_title == ""


def test_hostile_card_text_is_cleaned_and_bad_ids_and_links_are_dropped() -> None:
    card = LeadCard.from_json(
        {
            "_id": "ctc_../../x",
            "email": "m@evil.test\x1b]0;t\x07",
            "fields": {
                "firstName": "Mal\x1b[2Jlory",
                "lastName": "[bold]Evil[/bold]",
                "companyName": "Evil\u202eLtd",
                "jobTitle": "x" * 5000,
                "linkedinUrl": "javascript:alert(1)",
            },
            "campaigns": [
                {"campaignId": "cam_ok", "leadId": "lea_../x", "leadState": "inter\x07ested"},
                {"campaignId": "cam_ok", "leadId": "lea_dup"},
            ],
            "unsubscribed": True,
            "linkedinUrl": "https://www.linkedin.com/in/mallory",
        }
    )
    assert card.contact_id == ""
    assert card.email == "m@evil.test]0;t"
    assert card.full_name == "Mal[2Jlory [bold]Evil[/bold]"
    assert card.company == "Evil⟨RLO⟩Ltd"
    assert len(card.job_title) < 1100
    assert card.linkedin_url == "https://www.linkedin.com/in/mallory"
    assert card.unsubscribed is True
    (campaign,) = card.campaigns  # the repeated campaign once
    assert (campaign.lead_id, campaign.lead_status) == ("", "interested")
    assert campaign.interested


# --- GET /leads/{email}?version=v2 ----------------------------------------------------------


def test_lead_states_from_v2_and_from_the_older_flat_object() -> None:
    (state,) = lead_states_from_json([V2_LEAD, {"_id": "lea_NoCampaign"}, "junk"])
    assert (state.lead_id, state.campaign_id, state.campaign_name, state.status) == (
        "lea_fiDpiGV585wy3Oii2",
        "cam_bSn8EORHQxbWPjHvu",
        "NEW TO DELETE",
        "review",
    )
    assert (state.step_state, state.is_paused, state.campaign_status) == ("scanned", False, "draft")
    assert state.updated_at is not None and state.updated_at.year == 2025
    assert state.as_campaign().campaign_name == "NEW TO DELETE"
    (flat,) = lead_states_from_json(
        {"_id": "lea_A1", "email": "a@b.co", "isPaused": "true", "campaignId": "cam_B2"}
    )
    assert (flat.campaign_id, flat.is_paused, flat.status) == ("cam_B2", True, "")
    assert flat.as_campaign().paused
    with pytest.raises(BadResponseError):
        lead_states_from_json("Lead not found")


def test_status_words() -> None:
    assert status_label("notInterested") == "not interested"
    assert status_label("running") == "in progress"
    assert status_label("weird\x1b[31m") == "weird[31m"
    paused = LeadCampaign("cam_a", "", "", "", "interested", True)
    assert paused.status_text == "interested, paused"


# --- the lead actions' words, routes and checks ----------------------------------------------

LEE = LeadTarget("Lee Lead", "lee@example.com", "ctc_Lee1", "cam_North1", "Northwind Q4 Outreach")


def test_each_action_asks_and_tells_with_the_leads_and_campaigns_names() -> None:
    assert (
        LeadAction.INTERESTED.question(LEE) == "Mark Lee Lead interested in Northwind Q4 Outreach?"
    )
    assert LeadAction.NOT_INTERESTED.question(LEE) == (
        "Mark Lee Lead not interested in Northwind Q4 Outreach?"
    )
    assert LeadAction.PAUSE.question(LEE) == "Pause Lee Lead's sequence in Northwind Q4 Outreach?"
    assert (
        LeadAction.RESUME.done_text(LEE) == "Lee Lead is now running again in Northwind Q4 Outreach"
    )
    running = LeadCampaign("cam_North1", "", "", "", "running", False)
    assert LeadAction.PAUSE.not_done_text(LEE, running) == (
        "Lee Lead is still not paused in Northwind Q4 Outreach"
    )
    assert LeadAction.INTERESTED.not_done_text(LEE, running).endswith("(now: in progress)")
    unnamed = LeadTarget("", "lee@example.com", "", "cam_North1")
    assert (
        LeadAction.INTERESTED.question(unnamed) == "Mark lee@example.com interested in cam_North1?"
    )


def test_routes_send_the_lead_id_else_the_email_percent_encoded() -> None:
    assert LeadAction.INTERESTED.route(LEE) == (
        "campaigns/cam_North1/leads/lee%40example.com/interested",
        {},
    )
    by_id = LeadTarget("Lee", "lee@example.com", "", "cam_North1", lead_id="lea_Lee1")
    assert LeadAction.NOT_INTERESTED.route(by_id) == (
        "campaigns/cam_North1/leads/lea_Lee1/notinterested",
        {},
    )
    assert LeadAction.PAUSE.route(by_id) == ("leads/pause/lea_Lee1", {"campaignId": "cam_North1"})
    assert LeadAction.RESUME.route(LEE) == (
        "leads/start/lee%40example.com",
        {"campaignId": "cam_North1"},
    )
    for bad in (
        LeadTarget("Lee", "lee@example.com", "", "cam_../inbox"),
        LeadTarget("Lee", "not an email", "", "cam_North1", lead_id="lea_../x"),
        LeadTarget("Lee", "lee/../x@example.com", "", "cam_North1"),
    ):
        with pytest.raises(InvalidLeadError):
            LeadAction.INTERESTED.route(bad)


@pytest.mark.parametrize(
    ("action", "status", "paused", "holds"),
    [
        (LeadAction.INTERESTED, "interested", False, True),
        (LeadAction.INTERESTED, "running", False, False),
        (LeadAction.INTERESTED, "", None, None),
        (LeadAction.NOT_INTERESTED, "notInterested", True, True),
        (LeadAction.PAUSE, "running", True, True),
        (LeadAction.PAUSE, "running", False, False),
        (LeadAction.PAUSE, "paused", None, True),
        (LeadAction.PAUSE, "", None, None),
        (LeadAction.RESUME, "running", False, True),
        (LeadAction.RESUME, "interested", True, False),
    ],
)
def test_whether_a_state_shows_the_action_done(
    action: LeadAction, status: str, paused: bool | None, holds: bool | None
) -> None:
    assert action.holds(LeadCampaign("cam_a", "", "", "", status, paused)) is holds


# --- the team's names ----------------------------------------------------------------------------


def test_names_for_user_ids_and_addresses_for_mailboxes() -> None:
    members = [
        TeamMember.from_json({"userId": "usr_A", "name": "Alex MARTIN", "email": "a@x.co"}),
        TeamMember.from_json({"userId": "usr_B", "email": "b@x.co"}),
        TeamMember.from_json("usr_C"),
    ]
    assert team_names(members) == {"usr_A": "Alex MARTIN", "usr_B": "b@x.co", "usr_C": "usr_C"}
    assert user_name(members, "usr_A") == "Alex MARTIN"
    assert user_name(members, "usr_Z") == "usr_Z"
    account = UserAccount.from_json(
        {
            "_id": "usr_A",
            "email": "a@x.co",
            "mailboxes": [
                {"_id": "usm_1", "email": "a@gmail.example", "status": "ERROR"},
                {"_id": "usm_2"},
                {"email": "no-id@x.co"},
                "junk",
            ],
        }
    )
    assert [box.id for box in account.mailboxes] == ["usm_1", "usm_2"]
    assert mailbox_addresses([account]) == {"usm_1": "a@gmail.example"}
