"""Lead actions: mark a lead interested or not interested in one campaign, pause or resume
their sequence there. Each is one POST, with the write safety of replies (`writes`).

Never resent on its own: only a 429 (refused before anything was done) waits its
`Retry-After` and goes once more. A read-only connection refuses before sending. When the
answer does not confirm (a 5xx, a timeout, a lost connection) the action may have been carried
out, so the state is read back (`GET /leads/{email}?version=v2`, else `GET /contacts/{id}`) and
the outcome says what is true now. The outcome is data (`LeadActionResult`): a front end shows
its `message` and, when it has one, puts `state_now` on the card.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Final
from urllib.parse import quote

from lemtui.lemlist.connection import Connection
from lemtui.lemlist.errors import (
    ApiError,
    InvalidLeadError,
    LeadActionRefusedError,
    LeadNotFoundError,
    UnconfirmedWriteError,
)
from lemtui.lemlist.ids import is_campaign_id
from lemtui.lemlist.leads import LeadCampaign, LeadTarget, status_label
from lemtui.lemlist.writes import decode_write, send_once

__all__ = ["LeadAction", "LeadActionResult", "ReadBack", "act"]

ReadBack = Callable[[LeadTarget], Awaitable[LeadCampaign | None]]
"""Reads the lead's state in the target's campaign now (None: lemlist says they are not in
it), raising an `ApiError` when it cannot be read."""


class LeadAction(Enum):
    """The four lead actions, each in one campaign, with the words a front end shows."""

    INTERESTED = "interested"
    NOT_INTERESTED = "notinterested"
    PAUSE = "pause"
    RESUME = "start"

    def question(self, target: LeadTarget) -> str:
        """What to ask before acting: "Mark Lee Lead interested in Northwind Q4 Outreach?"."""
        who, where = target.who, target.where
        return {
            LeadAction.INTERESTED: f"Mark {who} interested in {where}?",
            LeadAction.NOT_INTERESTED: f"Mark {who} not interested in {where}?",
            LeadAction.PAUSE: f"Pause {who}'s sequence in {where}?",
            LeadAction.RESUME: f"Resume {who}'s sequence in {where}?",
        }[self]

    def done_text(self, target: LeadTarget) -> str:
        """The action as done: "Lee Lead is now interested in Northwind Q4 Outreach"."""
        who, where = target.who, target.where
        return {
            LeadAction.INTERESTED: f"{who} is now interested in {where}",
            LeadAction.NOT_INTERESTED: f"{who} is now not interested in {where}",
            LeadAction.PAUSE: f"{who} is now paused in {where}",
            LeadAction.RESUME: f"{who} is now running again in {where}",
        }[self]

    def not_done_text(self, target: LeadTarget, now: LeadCampaign) -> str:
        """The action as not done, with the state read: "Lee Lead is still not paused in …"."""
        who, where = target.who, target.where
        status = status_label(now.lead_status) if now.lead_status else "no status"
        return {
            LeadAction.INTERESTED: f"{who} is still not interested in {where} (now: {status})",
            LeadAction.NOT_INTERESTED: (
                f"{who} is still not marked not interested in {where} (now: {status})"
            ),
            LeadAction.PAUSE: f"{who} is still not paused in {where}",
            LeadAction.RESUME: f"{who} is still paused in {where}",
        }[self]

    def holds(self, now: LeadCampaign) -> bool | None:
        """Whether `now` shows the action done; None when it does not say (no status for an
        interest, neither `isPaused` nor a status for a pause)."""
        if self in (LeadAction.INTERESTED, LeadAction.NOT_INTERESTED):
            if not now.lead_status:
                return None
            return now.interested if self is LeadAction.INTERESTED else now.not_interested
        if now.is_paused is None and not now.lead_status:
            return None
        return now.paused if self is LeadAction.PAUSE else not now.paused

    @property
    def what(self) -> str:
        """The change as a noun, for errors ("the change was not sent")."""
        return "change"

    def route(self, target: LeadTarget) -> tuple[str, dict[str, str]]:
        """The path and query of the one POST (lemlist-lead-api.txt, sections 1 and 2).

        Raises:
            InvalidLeadError: no usable campaign ID, or neither a lead ID nor an email.
        """
        if not is_campaign_id(target.campaign_id):
            raise InvalidLeadError(
                f"No campaign to act in for {target.who}: the lead card names none (nothing sent)"
            )
        lead = target.lead_ref
        if not lead:
            raise InvalidLeadError(
                f"{target.who} has neither a lead ID nor an email address lemtui can send "
                "(nothing sent)"
            )
        # An email goes percent-encoded, `@` too, as lemlist's own lead URLs write it.
        lead = quote(lead, safe="")
        if self in (LeadAction.INTERESTED, LeadAction.NOT_INTERESTED):
            return f"campaigns/{target.campaign_id}/leads/{lead}/{self.value}", {}
        return f"leads/{self.value}/{lead}", {"campaignId": target.campaign_id}


@dataclass(frozen=True, slots=True)
class LeadActionResult:
    """What a lead action came to, said once and for all so a front end only shows it.

    `confirmed`: lemlist answered 200. `done`: the state is now what was asked (True), is not
    (False), or could not be told (None). `state_now`: the lead's state in the campaign as read
    back after an unconfirmed answer (None when lemlist confirmed at once, or the read failed:
    reload the card then). `message`: one line for the user. `reason`: why lemlist did not
    confirm ('' when it did).
    """

    action: LeadAction
    target: LeadTarget
    confirmed: bool
    done: bool | None
    state_now: LeadCampaign | None
    message: str
    reason: str = ""


_AGAIN: Final = "read the lead's state back before trying again"


async def act(
    connection: Connection, action: LeadAction, target: LeadTarget, read_back: ReadBack
) -> LeadActionResult:
    """Carry out `action` on `target`: one POST; on an unconfirmed answer, `read_back`.

    Returns the outcome when the action was or may have been carried out.

    Raises:
        ReadOnlyError, InvalidLeadError: refused before sending.
        LeadNotFoundError: 404 "Lead not found" / "Campaign not found"; nothing was changed.
        LeadActionRefusedError: another 4xx, with lemlist's reason; nothing was changed.
        AuthError, RateLimitedError (a second 429, or one asking too long a wait),
        NetworkError (nothing was sent): nothing was changed.
    """
    connection.check_writable(
        "Marking a lead" if action.value.endswith("interested") else "Pausing or resuming a lead"
    )
    path, params = action.route(target)
    try:
        response = await send_once(connection, path, params, None, what=action.what, again=_AGAIN)
        if response.status_code == 404:
            said = connection.server_text(response) or "not found"
            raise LeadNotFoundError(
                f"lemlist answered {said!r} for {target.who} in {target.where}: nothing was changed"
            )
        decode_write(
            connection,
            response,
            what=action.what,
            unconfirmed=f"lemlist did not confirm; {_AGAIN}",
            refused=LeadActionRefusedError,
        )
    except UnconfirmedWriteError as unconfirmed:
        return await _checked(action, target, read_back, unconfirmed.reason)
    return LeadActionResult(
        action, target, confirmed=True, done=True, state_now=None, message=action.done_text(target)
    )


async def _checked(
    action: LeadAction, target: LeadTarget, read_back: ReadBack, reason: str
) -> LeadActionResult:
    """The outcome of an unconfirmed action, from the state read back now."""
    head = f"lemlist did not confirm ({reason})"
    try:
        now = await read_back(target)
    except ApiError as error:
        return LeadActionResult(
            action,
            target,
            confirmed=False,
            done=None,
            state_now=None,
            message=f"{head}, and {target.who}'s state could not be checked: {error.message}. "
            "Look in lemlist before trying again",
            reason=reason,
        )
    if now is None:
        return LeadActionResult(
            action,
            target,
            confirmed=False,
            done=False,
            state_now=None,
            message=f"{head}, and lemlist does not list {target.who} in {target.where} now",
            reason=reason,
        )
    done = action.holds(now)
    if done is None:
        message = (
            f"{head}, and lemlist's answer does not say whether {action.done_text(target)}"
            ": look in lemlist before trying again"
        )
    elif done:
        message = f"{head}, but {action.done_text(target)}"
    else:
        message = f"{head}: {action.not_done_text(target, now)}. You can try again"
    return LeadActionResult(
        action, target, confirmed=False, done=done, state_now=now, message=message, reason=reason
    )
