"""The lead card: who the lead is and where they stand, beside the conversation or on `I`.

Name, job title, company and industry, the lead status lemlist keeps, then each campaign the
lead is in with their state there (interested, not interested, paused...), the campaign of the
message under the cursor first and marked, and whether they unsubscribed. Built from cleaned
strings into `Text` (never markup: every word comes from lemlist). `card_text` is the drawing;
`LeadCardView` shows it (a loading or failure line until there is a card).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from lemtui.lemlist.leads import LeadCampaign, LeadCard, status_label
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs

__all__ = ["LeadCardView", "card_text"]


def _state_style(entry: LeadCampaign) -> str:
    if entry.interested:
        return "bold green"
    if entry.not_interested:
        return "red"
    return "dim" if entry.paused else ""


def card_text(card: LeadCard, *, current_campaign: str = "") -> Text:
    """The card as lines of text (`current_campaign`: the message's, listed first, marked)."""
    text = Text(end="")
    text.append(clean_line(card.label) or "(unknown lead)", style="bold")
    company = f" {glyphs().dot} ".join(p for p in (card.company, card.industry) if p)
    for line in (card.job_title, company):
        if clean_line(line):
            text.append("\n" + clean_line(line))
    if card.email and card.email != card.label:
        text.append("\n" + clean_line(card.email), style="dim")
    if card.lead_status:
        text.append("\nStatus: ", style="dim")
        text.append(clean_line(status_label(card.lead_status)))
    if card.unsubscribed:
        text.append("\nUnsubscribed", style="bold red")
    campaigns = sorted(card.campaigns, key=lambda c: c.campaign_id != current_campaign)
    text.append("\n\nCampaigns" if campaigns else "\n\nIn no campaign", style="bold")
    for entry in campaigns:
        here = entry.campaign_id == current_campaign
        mark = glyphs().sent if here else " "
        text.append(f"\n{mark} ", style="bold")
        text.append(clean_line(entry.label), style="bold" if here else "")
        state = entry.status_text or "no status"
        text.append("\n")
        text.append(f"{glyphs().dash} {clean_line(state)}", style=_state_style(entry) or "dim")
    return text


class LeadCardView(Static):
    """The card of the conversation's lead (a calm line while it loads or when it cannot)."""

    DEFAULT_CSS = """
    LeadCardView {
        width: 34;
        height: 1fr;
        padding: 0 1;
        background: $boost;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("", end=""), id=id, markup=False)
        self.card: LeadCard | None = None
        self.current_campaign = ""

    def show_card(self, card: LeadCard | None, *, current_campaign: str = "") -> None:
        """Draw `card` (None: nothing, until one loads)."""
        self.card = card
        self.current_campaign = current_campaign
        if card is None:
            self.update(Text(f"Lead{glyphs().ellipsis}", style="dim"))
            return
        self.update(card_text(card, current_campaign=current_campaign))

    def show_campaign(self, campaign_id: str) -> None:
        """The message under the cursor is of `campaign_id`: its campaign goes first."""
        if self.card is not None and campaign_id != self.current_campaign:
            self.show_card(self.card, current_campaign=campaign_id)

    def show_failure(self, reason: str) -> None:
        """The card could not be loaded: say so, calmly, in its place."""
        self.card = None
        self.update(Text(f"No lead card: {clean_line(reason)}", style="dim"))
