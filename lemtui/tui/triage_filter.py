"""The inbox's triage filters, picked from a list on `f`: all, unread, unanswered (the lead
had the last word), interested, not interested, one campaign, one channel.

A filter reads what the rows know: the conversation itself (unread, channels, when the lead
last replied), its newest message (`Latest`: who wrote last, its campaign) and the lead's
card (their state in each campaign). What is not known yet is not shown under a filter that
needs it; `LeadDesk` fills the cards in when an interest filter is picked. No Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.messages import Channel, Direction, channel_of
from lemtui.text import clean_line
from lemtui.tui.rows import Latest

if TYPE_CHECKING:
    from lemtui.lemlist.leads import LeadCard

__all__ = ["Kind", "TriageFilter", "triage_choices"]

Kind = Literal["all", "unread", "unanswered", "interested", "not_interested", "campaign", "channel"]
Context = Callable[[InboxItem], tuple[Latest | None, "LeadCard | None"]]
"""What a row knows beyond itself: its newest message's `Latest`, the lead's card."""

_CHANNEL_NAMES: Mapping[Channel, str] = {
    Channel.EMAIL: "email",
    Channel.LINKEDIN: "LinkedIn",
    Channel.WHATSAPP: "WhatsApp",
    Channel.SMS: "SMS",
    Channel.CALL: "calls",
    Channel.OTHER: "other channels",
}


def _nothing(item: InboxItem) -> tuple[Latest | None, LeadCard | None]:
    return None, None


@dataclass(frozen=True)
class TriageFilter:
    """One triage filter (see the module's doc); `value` is a campaign ID or a channel."""

    kind: Kind = "all"
    value: str = ""
    name: str = ""
    """The campaign's name (the header says it)."""
    context: Context = field(default=_nothing, compare=False, repr=False)

    @property
    def label(self) -> str:
        """How the header and the picker name it."""
        if self.kind == "campaign":
            return f"campaign {clean_line(self.name) or self.value}"
        if self.kind == "channel":
            return _CHANNEL_NAMES.get(Channel(self.value), self.value)
        return self.kind.replace("_", " ")

    @property
    def shows_all(self) -> bool:
        """True for "all"."""
        return self.kind == "all"

    @property
    def needs_cards(self) -> bool:
        """Whether it reads the leads' cards (interest is on no inbox page)."""
        return self.kind in ("interested", "not_interested")

    def next(self) -> TriageFilter:
        """Where a cycling `f` would go: all, unread, unanswered, and round."""
        order: list[Kind] = ["all", "unread", "unanswered"]
        after = order[(order.index(self.kind) + 1) % 3] if self.kind in order else "all"
        return TriageFilter(after, context=self.context)

    def matches(self, item: InboxItem) -> bool:
        """Whether the conversation `item` shows under this filter."""
        kind = self.kind
        if kind == "all":
            return True
        if kind == "unread":
            return item.unread
        if kind == "channel":
            return any(channel_of(name).value == self.value for name in item.channels)
        latest, card = self.context(item)
        if kind == "unanswered":
            if latest is not None and latest.direction is not None:
                return latest.direction is Direction.RECEIVED
            replied, moved = item.last_replied_at, item.last_activity_at
            return replied is not None and moved is not None and replied >= moved
        if kind == "campaign":
            in_card = card is not None and card.campaign(self.value) is not None
            return in_card or (latest is not None and latest.campaign_id == self.value)
        if card is None:
            return False
        if kind == "interested":
            return any(entry.interested for entry in card.campaigns)
        return any(entry.not_interested for entry in card.campaigns)


def triage_choices(
    items: Iterable[InboxItem], context: Context, campaign_names: Mapping[str, str]
) -> list[TriageFilter]:
    """The filters `f` offers: the fixed ones, each campaign the loaded rows know (newest
    messages and cards), each channel they use."""
    fixed: list[Kind] = ["all", "unread", "unanswered", "interested", "not_interested"]
    choices = [TriageFilter(kind, context=context) for kind in fixed]
    campaigns: dict[str, str] = {}
    channels: dict[str, None] = {}
    for item in items:
        latest, card = context(item)
        known = [(latest.campaign_id, latest.campaign)] if latest and latest.campaign_id else []
        if card is not None:
            known += [(entry.campaign_id, entry.campaign_name) for entry in card.campaigns]
        for campaign_id, name in known:
            campaigns[campaign_id] = campaigns.get(campaign_id) or name  # a name beats none
        for name in item.channels:
            channels.setdefault(channel_of(name).value, None)
    for campaign_id, name in sorted(
        campaigns.items(), key=lambda pair: campaign_names.get(pair[0]) or pair[1] or pair[0]
    ):
        label = campaign_names.get(campaign_id) or name
        choices.append(TriageFilter("campaign", campaign_id, label, context=context))
    choices.extend(TriageFilter("channel", value, context=context) for value in channels)
    return choices
