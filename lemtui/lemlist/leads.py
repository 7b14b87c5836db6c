"""Leads and campaigns, built leniently from the service's JSON: campaign names (`Campaign`,
`CampaignBatch`), the lead card (`LeadCard` and its `LeadCampaign`s, from `GET /contacts`) and a
lead's state per campaign (`LeadState`, from `GET /leads/{email}?version=v2`). No I/O, no UI.

Every text a person will read (names, titles, companies, statuses) is cleaned here with
`lemtui.text.clean_line` and cut to `MAX_FIELD_CHARS`; an ID is kept only when it has the shape
that makes it safe in a URL path (`cam_…`, `lea_…`, `ctc_…`), else it is ''. A field that is
missing, null or of another type reads as empty, never as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Final

from lemtui.lemlist.errors import BadResponseError
from lemtui.lemlist.fields import (
    as_field,
    as_int,
    as_list,
    as_mapping,
    as_text,
    first_of,
    frozen_view,
    parse_timestamp,
)
from lemtui.lemlist.ids import is_campaign_id, is_contact_id, is_lead_id, looks_like_email
from lemtui.text import clean_line

__all__ = [
    "STATUS_WORDS",
    "Campaign",
    "CampaignBatch",
    "LeadCampaign",
    "LeadCard",
    "LeadState",
    "LeadTarget",
    "lead_states_from_json",
    "status_label",
]

STATUS_WORDS: Final[Mapping[str, str]] = {
    "interested": "interested",
    "notInterested": "not interested",
    "unsubscribed": "unsubscribed",
    "review": "to launch",
    "scanning": "enriching",
    "running": "in progress",
    "paused": "paused",
    "done": "completed",
}
"""A lead's status in a campaign as lemlist's pages word it (`GET /leads`'s `status`, the
contact's `campaigns[].leadState`)."""


def status_label(status: str) -> str:
    """A lead status in words ("notInterested" → "not interested"); an unknown one as sent,
    cleaned."""
    return STATUS_WORDS.get(status, clean_line(status))


def _line(value: Any) -> str:
    """A field a person reads: text of any type, cut to `MAX_FIELD_CHARS`, cleaned, stripped."""
    return clean_line(as_field(value)).strip()


def _campaign_id(value: Any) -> str:
    text = as_text(value).strip()
    return text if is_campaign_id(text) else ""


def _lead_id(value: Any) -> str:
    text = as_text(value).strip()
    return text if is_lead_id(text) else ""


def _flag(value: Any) -> bool | None:
    """A yes/no field: None when the service did not say (missing, null, another type)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _status(value: Any) -> str:
    """A status code as sent (`notInterested`), cleaned and short: statuses are words."""
    return clean_line(as_text(value)).strip()[:64]


# --- campaigns ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Campaign:
    """A campaign (`GET /campaigns`): its ID, its name and its status (running, paused...)."""

    id: str
    name: str
    status: str

    @property
    def label(self) -> str:
        """How to name the campaign: its name, else its ID."""
        return self.name or self.id

    @classmethod
    def from_json(cls, data: Any) -> Campaign | None:
        """Build from one campaign object; None when it has no usable `cam_` ID."""
        item = as_mapping(data)
        campaign_id = _campaign_id(first_of(item, ("_id", "id", "campaignId")))
        if not campaign_id:
            return None
        return cls(
            id=campaign_id,
            name=_line(first_of(item, ("name", "campaignName"))),
            status=_status(item.get("status")),
        )


@dataclass(frozen=True, slots=True)
class CampaignBatch:
    """One page of `GET /campaigns`, whichever of the two documented shapes it came in: a
    bare array (the OpenAPI spec) or `{"campaigns": [...], "pagination": {...}}` (v2 as a
    third-party client documents it)."""

    campaigns: tuple[Campaign, ...]
    sent: int
    """How many items the page held, usable or not (a full page may have another after it)."""
    has_more: bool
    """Whether another page follows: from `pagination` when it came, else a full page."""

    @classmethod
    def from_json(cls, data: Any, *, page: int, limit: int) -> CampaignBatch:
        """Build from the whole answer to the request for `page` (from 1) of `limit`.

        Raises:
            BadResponseError: neither an array nor an object with a `campaigns` array.
        """
        paging: Mapping[str, Any] | None = None
        if isinstance(data, list):
            items = data
        elif isinstance(data, Mapping) and isinstance(data.get("campaigns"), list):
            items = data["campaigns"]
            paging = as_mapping(data.get("pagination"))
        else:
            raise BadResponseError("The server's answer is not a list of campaigns")
        found = (Campaign.from_json(item) for item in items)
        campaigns = tuple(campaign for campaign in found if campaign is not None)
        has_more = len(items) >= limit
        if paging:
            has_more = _more_pages(paging, page=page, limit=limit, sent=len(items), full=has_more)
        return cls(campaigns, len(items), has_more and bool(items))


def _more_pages(paging: Mapping[str, Any], *, page: int, limit: int, sent: int, full: bool) -> bool:
    """Whether `pagination` (`nextPage`, `totalPage`, `totalRecords`) says a page follows; a
    `nextPage` that does not move forward is not believed."""
    next_page = as_int(paging.get("nextPage"))
    total_pages = as_int(first_of(paging, ("totalPage", "totalPages")))
    total = as_int(first_of(paging, ("totalRecords", "totalItems")))
    if "nextPage" in paging:
        return next_page is not None and next_page > page
    if total_pages is not None:
        return page < total_pages
    if total is not None:
        return (page - 1) * limit + sent < total
    return full


# --- the lead card -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeadCampaign:
    """The lead in one campaign: which lead (`lea_`), its status there, paused or not."""

    campaign_id: str
    campaign_name: str
    """'' when the answer did not name it (`LeadCard.named` fills it from `GET /campaigns`)."""
    campaign_status: str
    """The campaign's own state (running, paused, ended...), '' when not said."""
    lead_id: str
    lead_status: str
    """The lead's status in the campaign, as sent: interested, notInterested, running..."""
    is_paused: bool | None
    """The lead's sequence is paused there (None: the answer did not say)."""

    @property
    def label(self) -> str:
        """How to name the campaign: its name, else its ID."""
        return self.campaign_name or self.campaign_id

    @property
    def paused(self) -> bool:
        """Paused: `isPaused`, or else a "paused" status."""
        if self.is_paused is not None:
            return self.is_paused
        return self.lead_status == "paused"

    @property
    def interested(self) -> bool:
        """Marked interested in this campaign."""
        return self.lead_status == "interested"

    @property
    def not_interested(self) -> bool:
        """Marked not interested in this campaign."""
        return self.lead_status == "notInterested"

    @property
    def status_text(self) -> str:
        """The lead's status in words ("not interested"), with ", paused" when paused and
        the status does not say so already."""
        words = status_label(self.lead_status) if self.lead_status else ""
        if self.paused and self.lead_status != "paused":
            return f"{words}, paused" if words else "paused"
        return words

    @classmethod
    def from_json(cls, data: Any) -> LeadCampaign | None:
        """Build from one `campaigns[]` item of a contact; None without a usable `cam_` ID."""
        item = as_mapping(data)
        campaign_id = _campaign_id(item.get("campaignId"))
        if not campaign_id:
            return None
        return cls(
            campaign_id=campaign_id,
            campaign_name=_line(item.get("campaignName")),
            campaign_status=_status(item.get("campaignState")),
            lead_id=_lead_id(item.get("leadId")),
            lead_status=_status(first_of(item, ("leadState", "leadStatus", "status"))),
            is_paused=_flag(item.get("isPaused")),
        )


_LINKEDIN_KEYS: Final = ("linkedinUrl", "linkedInUrl", "linkedin_url", "linkedin", "linkedIn")


def _linkedin_url(*sources: Mapping[str, Any]) -> str:
    """The first LinkedIn profile address of the sources, if it is a plain http(s) URL."""
    for source in sources:
        url = _line(first_of(source, _LINKEDIN_KEYS))
        if url.lower().startswith(("https://", "http://")) and " " not in url:
            return url
    return ""


@dataclass(frozen=True, slots=True)
class LeadTarget:
    """Who and where a lead action acts on: the lead in one campaign, with the names that the
    question and the outcome say ("Mark Lee Lead interested in Northwind Q4 Outreach?").

    `lead_id` (`lea_`) is sent when known, else the email; `email` and `contact_id` serve to
    read the state back after an unconfirmed answer.
    """

    lead_name: str
    email: str
    contact_id: str
    campaign_id: str
    campaign_name: str = ""
    lead_id: str = ""

    @property
    def who(self) -> str:
        """The lead as a person reads it: the name, else the email address."""
        return clean_line(self.lead_name).strip() or clean_line(self.email) or "the lead"

    @property
    def where(self) -> str:
        """The campaign as a person reads it: its name, else its ID."""
        return clean_line(self.campaign_name).strip() or clean_line(self.campaign_id)

    @property
    def lead_ref(self) -> str:
        """What the path names the lead by: the `lea_` ID, else the email address ('' if
        neither is usable)."""
        if is_lead_id(self.lead_id):
            return self.lead_id
        return self.email.strip() if looks_like_email(self.email) else ""


@dataclass(frozen=True, slots=True)
class LeadCard:
    """What the lead card shows: the person (`GET /contacts/{idOrEmail}`), their company and
    their state in each campaign. Text is cleaned; IDs are kept only when well formed."""

    contact_id: str
    email: str
    full_name: str
    first_name: str
    last_name: str
    job_title: str
    company: str
    industry: str
    lead_status: str
    """The contact's `fields.leadStatus`, as lemlist words it ("Marked as interested by api")."""
    linkedin_url: str
    unsubscribed: bool
    campaigns: tuple[LeadCampaign, ...]
    raw: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        """How to name the lead: the full name, else the email address, else the ID."""
        return self.full_name or self.email or self.contact_id

    def campaign(self, campaign_id: str) -> LeadCampaign | None:
        """The lead's entry in this campaign, if they are in it."""
        return next((c for c in self.campaigns if c.campaign_id == campaign_id), None)

    def named(self, names: Mapping[str, Campaign]) -> LeadCard:
        """The card with each campaign that came without a name named from `names`
        (`LemlistClient.campaigns()`)."""
        campaigns = tuple(
            replace(c, campaign_name=names[c.campaign_id].name)
            if not c.campaign_name and c.campaign_id in names
            else c
            for c in self.campaigns
        )
        return replace(self, campaigns=campaigns)

    def with_campaign(self, state: LeadCampaign) -> LeadCard:
        """The card with `state` in place of its campaign's entry (added if it was missing);
        a name already known is kept when `state` has none."""
        old = self.campaign(state.campaign_id)
        if old is not None and not state.campaign_name:
            state = replace(state, campaign_name=old.campaign_name)
        if old is None:
            return replace(self, campaigns=(*self.campaigns, state))
        campaigns = tuple(state if c is old else c for c in self.campaigns)
        return replace(self, campaigns=campaigns)

    def target(self, campaign_id: str) -> LeadTarget:
        """What a lead action in this campaign acts on (the card's lead ID there, if known)."""
        entry = self.campaign(campaign_id)
        return LeadTarget(
            lead_name=self.label,
            email=self.email,
            contact_id=self.contact_id,
            campaign_id=campaign_id,
            campaign_name=entry.campaign_name if entry else "",
            lead_id=entry.lead_id if entry else "",
        )

    @classmethod
    def from_json(cls, data: Any) -> LeadCard:
        """Build from a contact object (`GET /contacts/{idOrEmail}`), whatever its shape."""
        item = as_mapping(data)
        fields = as_mapping(item.get("fields"))
        first, last = _line(fields.get("firstName")), _line(fields.get("lastName"))
        name = _line(item.get("fullName")) or " ".join(part for part in (first, last) if part)
        found = (LeadCampaign.from_json(c) for c in as_list(item.get("campaigns")))
        campaigns: dict[str, LeadCampaign] = {}
        for campaign in found:
            if campaign is not None:
                campaigns.setdefault(campaign.campaign_id, campaign)
        contact_id = as_text(item.get("_id")).strip()
        return cls(
            contact_id=contact_id if is_contact_id(contact_id) else "",
            email=_line(item.get("email")) or _line(fields.get("email")),
            full_name=name,
            first_name=first,
            last_name=last,
            job_title=_line(first_of(fields, ("jobTitle", "title", "position")))
            or _line(item.get("jobTitle")),
            company=_line(first_of(fields, ("companyName", "company")))
            or _line(first_of(item, ("companyName", "company"))),
            industry=_line(fields.get("industry")) or _line(item.get("industry")),
            lead_status=_line(fields.get("leadStatus")) or _line(item.get("leadStatus")),
            linkedin_url=_linkedin_url(fields, item),
            unsubscribed=_flag(item.get("unsubscribed")) is True,
            campaigns=tuple(campaigns.values()),
            raw=frozen_view(item),
        )


# --- a lead's state per campaign (GET /leads/{email}?version=v2) --------------------------------


@dataclass(frozen=True, slots=True)
class LeadState:
    """The lead in one campaign as `GET /leads/{email}?version=v2` says: status, paused."""

    lead_id: str
    email: str
    contact_id: str
    campaign_id: str
    campaign_name: str
    campaign_status: str
    status: str
    """interested, notInterested, unsubscribed, review, scanning, running, paused, done."""
    step_state: str
    """The last step's state: scanned, emailsOpened, emailsReplied, manualNotInterested..."""
    is_paused: bool | None
    updated_at: datetime | None

    def as_campaign(self) -> LeadCampaign:
        """The same state as a lead card's campaign entry."""
        return LeadCampaign(
            campaign_id=self.campaign_id,
            campaign_name=self.campaign_name,
            campaign_status=self.campaign_status,
            lead_id=self.lead_id,
            lead_status=self.status,
            is_paused=self.is_paused,
        )

    @classmethod
    def from_json(cls, data: Any) -> LeadState | None:
        """Build from one entry (v2), or the older flat lead object; None without a usable
        campaign ID."""
        item = as_mapping(data)
        campaign = as_mapping(item.get("campaign"))
        campaign_id = _campaign_id(first_of(campaign, ("id", "_id"))) or _campaign_id(
            item.get("campaignId")
        )
        if not campaign_id:
            return None
        contact_id = as_text(item.get("contactId")).strip()
        return cls(
            lead_id=_lead_id(first_of(item, ("_id", "id", "leadId"))),
            email=_line(item.get("email")) or _line(as_mapping(item.get("variables")).get("email")),
            contact_id=contact_id if is_contact_id(contact_id) else "",
            campaign_id=campaign_id,
            campaign_name=_line(first_of(campaign, ("name",))) or _line(item.get("campaignName")),
            campaign_status=_status(campaign.get("status")),
            status=_status(item.get("status")),
            step_state=_status(item.get("state")),
            is_paused=_flag(item.get("isPaused")),
            updated_at=parse_timestamp(item.get("updatedAt")),
        )


def lead_states_from_json(data: Any) -> tuple[LeadState, ...]:
    """Every campaign entry of `GET /leads/{email}?version=v2` (an array; a single object,
    as older versions answer, is one entry). Entries without a campaign are left out.

    Raises:
        BadResponseError: neither an array nor an object.
    """
    if isinstance(data, Mapping):
        items: list[Any] = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise BadResponseError("The server's answer is not a lead (nor a list of leads)")
    found = (LeadState.from_json(item) for item in items)
    return tuple(state for state in found if state is not None)
