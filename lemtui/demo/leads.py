"""The fake lemlist API's lead routes: campaign names, a lead's state per campaign, and the
four lead actions (interested, not interested, pause, start), which change that state.

`LeadBook` keeps every contact's leads (one per campaign), built from the demo data on first
use and changed by the actions, so that `GET /contacts/{id}` and `GET /leads/{email}` read
back what an action did; each action carried out is kept in `LeadBook.actions` for tests to
count. The answers follow `lemlist-lead-api.txt`: text/plain 404s "Lead not found" and
"Campaign not found", a bare array for `GET /campaigns` (or, when asked, the other documented
shape), the lead objects of sections 1 and 2. Stdlib only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from lemtui.demo.data import contact_record, lead_entries
from lemtui.demo.reads import Conversations
from lemtui.demo.wire import Answer, iso_date, json_answer, text_answer

__all__ = [
    "CAMPAIGN_NOT_FOUND",
    "LEAD_NOT_FOUND",
    "CampaignShape",
    "LeadBook",
    "LeadChange",
    "campaigns_answer",
]

LEAD_NOT_FOUND: Final = "Lead not found"
CAMPAIGN_NOT_FOUND: Final = "Campaign not found"
CampaignShape = Literal["array", "object"]
"""`GET /campaigns`' answer: a bare array (the OpenAPI spec) or `{"campaigns", "pagination"}`."""

_CAMPAIGN_ID: Final = re.compile(r"cam_[A-Za-z0-9]+")
_DIGITS: Final = re.compile(r"[0-9]{1,9}")
_STATUSES: Final = frozenset({"running", "draft", "archived", "ended", "paused", "errors"})
_MARKED: Final = {
    "interested": ("interested", "apiInterested", "Marked as interested by api"),
    "notinterested": ("notInterested", "apiNotInterested", "Marked as not Interested by api"),
}


@dataclass(frozen=True, slots=True)
class LeadChange:
    """One lead action the fake carried out: the route's action, the lead as the path named
    it, the campaign it was limited to, and the (contactId, campaignId) leads it changed."""

    action: str
    """interested, notinterested, pause or start."""
    lead: str
    campaign_id: str | None
    changed: tuple[tuple[str, str], ...]


class LeadBook:
    """Every contact's leads as the fake serves them now: the demo's start, then the actions.

    `campaigns` is what `GET /campaigns` lists (the demo's, unless a test sets others);
    `clock` gives the epoch seconds of an action's `updatedAt`.
    """

    def __init__(
        self,
        conversations: Conversations,
        campaigns: list[dict[str, Any]],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conversations = conversations
        self.campaigns = campaigns
        self.clock = clock
        self.actions: list[LeadChange] = []
        """Each lead action carried out, oldest first."""
        self._leads: dict[str, list[dict[str, Any]]] = {}

    def leads_of(self, contact_id: str) -> list[dict[str, Any]]:
        """The contact's leads (`data.lead_entries`' shape), built on first use, then kept."""
        leads = self._leads.get(contact_id)
        if leads is None:
            leads = lead_entries(contact_id, self.conversations[contact_id])
            self._leads[contact_id] = leads
        return leads

    def contact(self, contact_id: str) -> dict[str, Any]:
        """The contact's record as `GET /contacts` answers it now."""
        return contact_record(contact_id, self.conversations[contact_id], self.leads_of(contact_id))

    def campaign(self, campaign_id: str) -> Mapping[str, Any] | None:
        """A campaign `GET /campaigns` lists, by ID."""
        return next((c for c in self.campaigns if c.get("_id") == campaign_id), None)

    def email_of(self, contact_id: str) -> str:
        """The contact's email address."""
        return str(contact_record(contact_id, self.conversations[contact_id], [])["email"])

    def find(self, lead: str) -> list[tuple[str, dict[str, Any]]]:
        """Every (contactId, lead) a path's `leadIdOrEmail` names: a `lea_` ID, or an email
        (any case) naming all that contact's leads."""
        wanted = lead.strip().lower()
        found: list[tuple[str, dict[str, Any]]] = []
        for contact_id in self.conversations:
            if "@" in wanted:
                if self.email_of(contact_id).lower() == wanted:
                    found += [(contact_id, entry) for entry in self.leads_of(contact_id)]
            else:
                found += [
                    (contact_id, entry)
                    for entry in self.leads_of(contact_id)
                    if entry["leadId"] == lead
                ]
        return found

    def _known_campaign(self, campaign_id: str) -> bool:
        """Listed by `GET /campaigns`, or named by a message (a test's own conversations)."""
        return self.campaign(campaign_id) is not None or any(
            message.get("campaignId") == campaign_id
            for messages in self.conversations.values()
            for message in messages
        )

    def _lead_object(self, contact_id: str, entry: Mapping[str, Any]) -> dict[str, Any]:
        """A lead as sections 1 and 2 answer it (the lead's variables as strings)."""
        record = self.contact(contact_id)
        fields = record["fields"]
        return {
            "_id": entry["leadId"],
            "email": record["email"],
            "firstName": fields["firstName"],
            "lastName": fields["lastName"],
            "isPaused": entry["isPaused"],
            "campaignId": entry["campaignId"],
            "contactId": contact_id,
            "emailStatus": "deliverable",
            "companyName": fields["companyName"],
        }

    # --- the routes ------------------------------------------------------------------------------

    def mark(self, action: str, campaign_id: str, lead: str, body: bytes) -> Answer:
        """`POST /api/campaigns/{campaignId}/leads/{leadIdOrEmail}/interested|notinterested`."""
        if body.strip():
            return text_answer(400, "This route takes no body")
        if not (_CAMPAIGN_ID.fullmatch(campaign_id) and self._known_campaign(campaign_id)):
            return text_answer(404, CAMPAIGN_NOT_FOUND)
        found = [(c, e) for c, e in self.find(lead) if e["campaignId"] == campaign_id]
        if not found:
            return text_answer(404, LEAD_NOT_FOUND)
        status, state, words = _MARKED[action]
        for contact_id, entry in found:
            entry.update(status=status, state=state, leadStatus=words, updatedAt=self._now())
            for other in self.leads_of(contact_id):
                other["leadStatus"] = words  # the contact's leadStatus, whichever lead it says
        self._log(action, lead, campaign_id, found)
        return json_answer(self._lead_object(*found[0]))

    def pause(self, action: str, lead: str, query: Mapping[str, str], body: bytes) -> Answer:
        """`POST /api/leads/pause|start/{leadIdOrEmail}?campaignId=` (all campaigns without)."""
        if body.strip():
            return text_answer(400, "This route takes no body")
        campaign_id = query.get("campaignId")
        if campaign_id is not None and not _CAMPAIGN_ID.fullmatch(campaign_id):
            return text_answer(400, "Invalid campaignId")
        found = [
            (c, e)
            for c, e in self.find(lead)
            if campaign_id is None or e["campaignId"] == campaign_id
        ]
        if not found:
            return text_answer(404, LEAD_NOT_FOUND)
        paused = action == "pause"
        for _contact_id, entry in found:
            entry["isPaused"] = paused
            if paused and entry["status"] in ("running", "review", "scanning"):
                entry["status"] = "paused"
            elif not paused and entry["status"] == "paused":
                entry["status"] = "running"
            entry["state"] = "paused" if paused else "resumed"
            entry["updatedAt"] = self._now()
        self._log(action, lead, campaign_id, found)
        return json_answer([self._lead_object(c, e) for c, e in found])

    def lookup(self, email: str, query: Mapping[str, str]) -> Answer:
        """`GET /api/leads/{email}?version=v2`: the lead in each campaign (a flat object of
        the first one without `version=v2`, as older versions answer)."""
        found = self.find(email) if "@" in email else []
        if not found:
            return text_answer(404, LEAD_NOT_FOUND)
        if query.get("version") != "v2":
            flat = self._lead_object(*found[0])
            return json_answer({k: flat[k] for k in ("_id", "email", "firstName", "lastName",
                                                      "isPaused", "campaignId")})  # fmt: skip
        answer = []
        for contact_id, entry in found:
            record = self.contact(contact_id)
            campaign = self.campaign(entry["campaignId"]) or {}
            answer.append(
                {
                    "_id": entry["leadId"],
                    "updatedAt": entry.get("updatedAt") or record["createdAt"],
                    "isPaused": entry["isPaused"],
                    "state": entry["state"],
                    "status": entry["status"],
                    "source": "api",
                    "variables": {
                        "firstName": record["fields"]["firstName"],
                        "lastName": record["fields"]["lastName"],
                        "email": record["email"],
                    },
                    "contactId": contact_id,
                    "enrichment": {"emailStatus": "deliverable"},
                    "campaign": {
                        "id": entry["campaignId"],
                        "name": campaign.get("name", ""),
                        "status": campaign.get("status", entry["campaignState"]),
                    },
                }
            )
        return json_answer(answer)

    def _now(self) -> str:
        return iso_date(self.clock())

    def _log(
        self,
        action: str,
        lead: str,
        campaign_id: str | None,
        found: list[tuple[str, dict[str, Any]]],
    ) -> None:
        changed = tuple((c, str(e["campaignId"])) for c, e in found)
        self.actions.append(LeadChange(action, lead, campaign_id, changed))


def campaigns_answer(
    campaigns: list[dict[str, Any]], shape: CampaignShape, query: Mapping[str, str]
) -> Answer:
    """`GET /api/campaigns?version=v2&limit=&page=` (or `offset=`), `status=`, `sortOrder=`."""
    numbers: dict[str, int] = {}
    for name, default in (("limit", 100), ("page", 1), ("offset", 0)):
        raw = query.get(name)
        if raw is not None and not _DIGITS.fullmatch(raw.strip()):
            return text_answer(400, f"Invalid {name}")
        numbers[name] = default if raw is None else int(raw)
    limit = min(numbers["limit"], 100)
    if limit < 1 or numbers["page"] < 1:
        return text_answer(400, "Invalid limit" if limit < 1 else "Invalid page")
    status = query.get("status")
    if status is not None and status not in _STATUSES:
        return text_answer(400, "Invalid status")
    order = query.get("sortOrder", "asc")
    if order not in ("asc", "desc"):
        return text_answer(400, "Invalid sortOrder")
    chosen = [c for c in campaigns if status is None or c.get("status") == status]
    if order == "desc":
        chosen.reverse()
    start = numbers["offset"] if "offset" in query else (numbers["page"] - 1) * limit
    page = chosen[start : start + limit]
    if shape == "array":
        return json_answer(page)
    total_pages = -(-len(chosen) // limit)
    current = start // limit + 1
    return json_answer(
        {
            "campaigns": page,
            "pagination": {
                "totalRecords": len(chosen),
                "currentPage": current,
                "nextPage": current + 1 if current < total_pages else None,
                "totalPage": total_pages,
            },
        }
    )
