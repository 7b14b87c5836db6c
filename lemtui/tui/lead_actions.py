"""After reading: mark the lead interested (`+`), not interested (`-`), pause or resume (`p`).

`LeadDesk` keeps one card per contact (`GET /contacts/{id}`, named from the directory) and
runs the actions from the conversation or an inbox row. Each action: read-only refuses it and
says why; the campaign is the message's when the lead is in it, the only one when there is
one, else the user picks; the question names the lead and the campaign ("Mark Lee Lead
interested in Northwind Q4 Outreach? y/n"); then one POST (`LemlistClient.lead_action`: never
resent; a 429 waits its Retry-After once; an unconfirmed answer reads the state back and says
what is true now). What lemlist said is shown as it said it, and the card is drawn again from
the state read back, else from a fresh `GET /contacts`. Two actions never fly at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from rich.text import Text

from lemtui.lemlist.errors import ApiError
from lemtui.text import clean_line
from lemtui.tui.notices import READ_ONLY, error_text

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from lemtui.lemlist.client import LemlistClient
    from lemtui.lemlist.leads import LeadCampaign, LeadCard
    from lemtui.tui.directory import Directory

__all__ = ["ActionKey", "LeadDesk"]

ActionKey = Literal["interested", "not_interested", "pause"]
"""What a key asks for (`p` pauses, or resumes a paused lead)."""

_WHAT: dict[ActionKey, str] = {
    "interested": "Marking a lead interested",
    "not_interested": "Marking a lead not interested",
    "pause": "Pausing or resuming a lead",
}


class LeadDesk:
    """Lead cards by contact ID, and the lead actions (one at a time)."""

    def __init__(
        self,
        client: LemlistClient,
        directory: Directory,
        *,
        question: Callable[[Text], Screen[bool]],
        picker: Callable[[str, Sequence[LeadCampaign]], Screen[str | None]],
    ) -> None:
        """`question` builds the y/n screen, `picker` the campaign choice (the app hands
        in the pop-ups of `lemtui.tui.screens.lead_screens`, loaded on first use)."""
        self.client = client
        self.directory = directory
        self.question = question
        self.picker = picker
        self.cards: dict[str, LeadCard] = {}
        self.busy = False
        """True while an action is asked or sent (a second key waits for it to finish)."""
        self.on_card: list[Callable[[LeadCard], None]] = []
        """Told of every card loaded or changed (the card view, the inbox rows)."""

    def _named(self, card: LeadCard) -> LeadCard:
        from lemtui.lemlist.leads import Campaign

        names = {cid: Campaign(cid, name, "") for cid, name in self.directory.campaigns.items()}
        return card.named(names)

    def _keep(self, card: LeadCard) -> LeadCard:
        card = self._named(card)
        self.cards[card.contact_id] = card
        for listener in list(self.on_card):
            listener(card)
        return card

    def renamed(self) -> None:
        """Campaign names came: every card kept is named again (and drawn again)."""
        for card in list(self.cards.values()):
            self._keep(card)

    async def card(self, contact_id: str, *, fresh: bool = False) -> LeadCard:
        """The lead card of `contact_id` (asked once; again when `fresh`). Raises ApiError."""
        known = self.cards.get(contact_id)
        if known is not None and not fresh:
            return self._named(known)
        card = await self.client.lead_card(contact_id)
        if not card.contact_id:
            from dataclasses import replace

            card = replace(card, contact_id=contact_id)
        return self._keep(card)

    async def act(
        self, screen: Screen[None], key: ActionKey, contact_id: str, campaign_id: str = ""
    ) -> None:
        """Run the action `key` asks for on `contact_id`'s lead (from a worker: it asks)."""
        if self.client.read_only:
            screen.notify(READ_ONLY.format(what=_WHAT[key]), severity="warning", markup=False)
            return
        if self.busy:
            screen.notify("A lead action is already under way.", markup=False)
            return
        self.busy = True
        try:
            await self._act(screen, key, contact_id, campaign_id)
        finally:
            self.busy = False

    async def _act(
        self, screen: Screen[None], key: ActionKey, contact_id: str, campaign_id: str
    ) -> None:
        try:
            await self.directory.ensure_campaigns(self.client)  # the question names it
            card = await self.card(contact_id)
        except ApiError as error:
            screen.notify(
                f"Could not load the lead: {error_text(error)}", severity="error", markup=False
            )
            return
        entry = await self._campaign(screen, card, campaign_id, key)
        if entry is None:
            return
        from lemtui.lemlist.lead_writes import LeadAction

        action = {
            "interested": LeadAction.INTERESTED,
            "not_interested": LeadAction.NOT_INTERESTED,
            "pause": LeadAction.RESUME if entry.paused else LeadAction.PAUSE,
        }[key]
        target = card.target(entry.campaign_id)
        question = Text(f"{clean_line(action.question(target))} y/n", style="bold")
        if not await screen.app.push_screen_wait(self.question(question)):
            screen.notify("Nothing was changed.", markup=False)
            return
        try:
            result = await self.client.lead_action(action, target)
        except ApiError as error:
            screen.notify(error_text(error), severity="error", markup=False, timeout=10)
            return
        severity: SeverityLevel = (
            "information" if result.done else "warning" if result.done is None else "error"
        )
        screen.notify(clean_line(result.message), severity=severity, markup=False, timeout=10)
        if result.state_now is not None:
            self._keep(card.with_campaign(result.state_now))
            return
        with contextlib.suppress(ApiError):  # the outcome was said; the card keeps its words
            await self.card(contact_id, fresh=True)

    async def _campaign(
        self, screen: Screen[None], card: LeadCard, campaign_id: str, key: ActionKey
    ) -> LeadCampaign | None:
        """The campaign to act in: the message's, the only one, or the one the user picks."""
        entry = card.campaign(campaign_id) if campaign_id else None
        if entry is not None:
            return entry
        if not card.campaigns:
            screen.notify(
                f"{clean_line(card.label)} is in no campaign: there is nothing to change.",
                severity="warning",
                markup=False,
            )
            return None
        if len(card.campaigns) == 1:
            return card.campaigns[0]
        verb = {"interested": "Interested in", "not_interested": "Not interested in"}.get(
            key, "Pause or resume in"
        )
        picked = await screen.app.push_screen_wait(
            self.picker(f"{verb} which campaign? ({clean_line(card.label)})", card.campaigns)
        )
        return card.campaign(picked) if picked else None
