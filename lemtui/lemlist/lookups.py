"""Reads beyond the inbox: campaign names (`GET /campaigns`), a lead's state per campaign
(`GET /leads/{email}?version=v2`), a user's mailboxes (`GET /users/{userId}`), and reading one
lead's state back after an unconfirmed action. Each read goes through the connection as the
inbox's do (retried by the transport, rate limited, errors typed, nothing secret in them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final
from urllib.parse import quote

from lemtui.lemlist.connection import Connection
from lemtui.lemlist.errors import (
    ApiError,
    BadResponseError,
    InvalidLeadError,
    LeadNotFoundError,
    NotFoundError,
)
from lemtui.lemlist.ids import is_contact_id, looks_like_email, normalize_user_id
from lemtui.lemlist.leads import (
    Campaign,
    CampaignBatch,
    LeadCampaign,
    LeadCard,
    LeadState,
    LeadTarget,
    lead_states_from_json,
)
from lemtui.lemlist.users import UserAccount
from lemtui.text import clean_line

__all__ = [
    "CAMPAIGNS_PER_PAGE",
    "MAX_CAMPAIGN_PAGES",
    "get_campaigns",
    "get_lead_states",
    "get_user",
    "lead_now",
]

CAMPAIGNS_PER_PAGE: Final = 100
"""The most `GET /campaigns` gives per page (and its default)."""
MAX_CAMPAIGN_PAGES: Final = 50
"""Pages of campaigns read at most (5,000 campaigns): a server that pages forever stops here."""


async def get_campaigns(connection: Connection) -> dict[str, Campaign]:
    """Every campaign of the team by ID, page after page, as long as pages say more follow.

    Paging stops at a page that brings no campaign not already read (a server ignoring
    `page`), or after `MAX_CAMPAIGN_PAGES` pages (noted once).

    Raises:
        BadResponseError: a page that is not a list of campaigns in either documented shape.
        AuthError, NotFoundError, BadRequestError, RateLimitedError, ServerError,
        NetworkError: as for any read.
    """
    found: dict[str, Campaign] = {}
    for page in range(1, MAX_CAMPAIGN_PAGES + 1):
        params: dict[str, str | int] = {
            "version": "v2",
            "limit": CAMPAIGNS_PER_PAGE,
            "page": page,
        }
        body = await connection.get_json("campaigns", params, what="your campaigns", noun="page")
        batch = CampaignBatch.from_json(body, page=page, limit=CAMPAIGNS_PER_PAGE)
        new = [c for c in batch.campaigns if c.id not in found]
        found.update((c.id, c) for c in new)
        if not batch.has_more or (batch.sent and not new):
            return found
    connection.notice(
        "campaign pages",
        f"Stopped reading campaigns after {MAX_CAMPAIGN_PAGES} pages ({len(found):,} campaigns):"
        " lemlist still said there was more",
    )
    return found


async def get_lead_states(connection: Connection, email: str) -> tuple[LeadState, ...]:
    """The lead's state in each campaign their email is in (`GET /leads/{email}?version=v2`).

    Raises:
        InvalidLeadError: not an email address (nothing sent).
        LeadNotFoundError: lemlist has no lead with this email.
        BadResponseError: an answer that is no lead; and the errors of any read.
    """
    wanted = email.strip()
    if not looks_like_email(wanted):
        raise InvalidLeadError(f"{clean_line(wanted)[:60]!r} is not an email address")
    what = f"lead with the email {clean_line(wanted)}"
    try:
        body = await connection.get_json(
            "leads/" + quote(wanted, safe=""), {"version": "v2"}, what=what, noun="answer"
        )
    except NotFoundError:
        raise LeadNotFoundError(f"No {what}") from None
    return lead_states_from_json(body)


async def get_user(connection: Connection, user_id: str) -> UserAccount:
    """A user of the team with their mailboxes (`GET /users/{userId}`).

    Raises:
        InvalidUserIdError: refused before sending.
        BadResponseError: an answer that is not a user; and the errors of any read.
    """
    user = normalize_user_id(user_id)
    body = await connection.get_json(f"users/{user}", {}, what=f"user {user}", noun="answer")
    if not isinstance(body, dict):
        raise BadResponseError("The server's answer is not a user (not a JSON object)")
    return UserAccount.from_json(body)


async def lead_now(
    connection: Connection,
    target: LeadTarget,
    card: Callable[[str], Awaitable[LeadCard]],
) -> LeadCampaign | None:
    """The lead's state in the target's campaign as lemlist says now: from
    `GET /leads/{email}?version=v2`, else (no email, or that read failed) from the contact
    (`card(contact_id)`, `GET /contacts/{id}`). None: lemlist lists them in no such campaign.

    Raises:
        ApiError: neither could be read (the last read's error).
    """
    failure: ApiError | None = None
    if looks_like_email(target.email):
        try:
            states = await get_lead_states(connection, target.email)
        except LeadNotFoundError:
            states = ()
        except ApiError as error:
            failure = error
        else:
            mine = [s for s in states if s.campaign_id == target.campaign_id]
            if mine:
                by_lead = [s for s in mine if target.lead_id and s.lead_id == target.lead_id]
                return (by_lead or mine)[0].as_campaign()
            if not is_contact_id(target.contact_id):
                return None
    if is_contact_id(target.contact_id):
        return (await card(target.contact_id)).campaign(target.campaign_id)
    if failure is not None:
        raise failure
    raise InvalidLeadError(f"{target.who} has neither an email address nor a contact ID to read")
