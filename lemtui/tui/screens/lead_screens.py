"""The lead's pop-ups: the card on `I`, the campaign to act in, and the y/n before an action.

Each is a modal over the conversation or the inbox; Esc always leaves and changes nothing.
Every word in them comes from lemlist, so they are built from `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from lemtui.lemlist.leads import LeadCampaign, LeadCard
from lemtui.text import clean_line
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.screens.pick_list import PickList
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.lead_card import card_text

__all__ = ["CampaignPicker", "LeadCardScreen", "LeadQuestion"]


class LeadQuestion(ReplyQuestion):
    """ "Mark Lee Lead interested in Northwind Q4 Outreach? y/n": `y` acts, `n` or Esc do not."""

    HELP_SECTION: ClassVar[str] = "Lead actions (+ - p)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="Lead action: yes, make it (one request)"),
        Binding("n,escape", "answer(False)", "No", tooltip="Lead action: no; nothing is sent"),
    ]


class LeadCardScreen(ModalScreen[None]):
    """The lead card at any size (`I`); Esc, `q` or `I` close it."""

    HELP_SECTION: ClassVar[str] = "Lead card (I)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,I", "dismiss_card", "Close", tooltip="Close the lead card"),
    ]
    DEFAULT_CSS = """
    LeadCardScreen { align: center middle; }
    LeadCardScreen > #lead-card-box {
        width: 60; max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; background: $panel; border: round $accent;
    }
    LeadCardScreen #lead-card-text { height: auto; }
    """

    def __init__(self, card: LeadCard, *, current_campaign: str = "") -> None:
        super().__init__()
        self.card = card
        self.current_campaign = current_campaign

    def compose(self) -> ComposeResult:
        with Vertical(id="lead-card-box"):
            yield Static(
                card_text(self.card, current_campaign=self.current_campaign),
                id="lead-card-text",
                markup=False,
            )
        yield KeysFooter()

    def action_dismiss_card(self) -> None:
        """Close the card."""
        self.dismiss(None)


class CampaignPicker(PickList[str]):
    """Which campaign to act in, when the lead is in several: dismisses with its ID."""

    HELP_SECTION: ClassVar[str] = "Choosing a lead's campaign"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Campaign choice: cancel, change nothing"),
    ]
    BOX_WIDTH: ClassVar[int] = 70

    def __init__(self, question: str, campaigns: Sequence[LeadCampaign]) -> None:
        super().__init__(
            Text(clean_line(question), style="bold"),
            [entry.campaign_id for entry in campaigns],
            [
                Text.assemble(
                    clean_line(entry.label), (f"  {clean_line(entry.status_text)}", "dim")
                )
                for entry in campaigns
            ],
        )
