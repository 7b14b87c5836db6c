"""What the conversation screen does after reading: the next message (`J`/`K`, also while
reading full-width at 80 columns), and the lead: their card beside the message from
`CARD_MIN_COLUMNS` (and on `I`), and `+` `-` `p` through `lemtui.tui.lead_actions`.
Mixed into `ConversationScreen`, which owns the widgets named here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from lemtui.lemlist.paging import ConversationPager
from lemtui.text import clean_line
from lemtui.tui.screens.list_screen import ListScreen
from lemtui.tui.widgets.lead_card import LeadCardView

if TYPE_CHECKING:
    from lemtui.lemlist.leads import LeadCard
    from lemtui.tui.lead_actions import ActionKey, LeadDesk
    from lemtui.tui.widgets.message_detail import MessageDetail
    from lemtui.tui.widgets.message_list import MessageList

__all__ = ["CARD_MIN_COLUMNS", "ReadingOnMixin"]

CARD_MIN_COLUMNS: Final = 140
"""From this width on, the lead card sits beside the message."""


class ReadingOnMixin(ListScreen[ConversationPager]):
    """`J`/`K` and the lead (see the module's doc)."""

    leads: LeadDesk | None
    known_name: str

    @property
    def message_list(self) -> MessageList:
        raise NotImplementedError

    @property
    def detail(self) -> MessageDetail:
        raise NotImplementedError

    # ----------------------------------------------------------------- reading on

    def action_next_message(self) -> None:
        """J: the next (older) message; reading stays reading (80 columns too)."""
        self._step_message(1)

    def action_previous_message(self) -> None:
        """K: the previous (newer) message."""
        self._step_message(-1)

    def _step_message(self, step: int) -> None:
        messages = self.message_list
        row = (messages.highlighted if messages.highlighted is not None else -1) + step
        if 0 <= row < len(messages.items):
            messages.highlighted = row
            self.detail.scroll_home(animate=False)
        elif step > 0 and messages.wants_more():
            messages.load_next()
            self.notify("Loading older messages…", markup=False)
        else:
            self.notify("No newer message." if step < 0 else "No older message.", markup=False)

    # ----------------------------------------------------------------- the lead

    @property
    def card_view(self) -> LeadCardView:
        """The lead card beside the message (shown from `CARD_MIN_COLUMNS`)."""
        return self.query_one("#lead-card", LeadCardView)

    def _load_card(self, contact_id: str) -> None:
        """Load the lead's card once per contact (in a worker; a failure shows in its place)."""
        if self.leads is None:
            return
        self.card_view.show_card(None)
        self.run_worker(self._fetch_card(contact_id), group="card", exclusive=True)

    async def _fetch_card(self, contact_id: str) -> None:
        from lemtui.lemlist.errors import ApiError
        from lemtui.tui.notices import error_text

        assert self.leads is not None
        try:
            card = await self.leads.card(contact_id)
        except ApiError as error:
            self.card_view.show_failure(error_text(error))
            return
        self.card_changed(card)

    def card_changed(self, card: LeadCard) -> None:
        """A card was loaded or changed by an action: show it if it is this lead's."""
        pager = self.pager
        if pager is None or card.contact_id != pager.contact_id or not self.is_mounted:
            return
        message = self.message_list.highlighted_item
        self.card_view.show_card(card, current_campaign=message.campaign_id if message else "")
        if not self.known_name and card.full_name:
            self.known_name = clean_line(card.full_name)
            self.message_list.lead_name = self.known_name
            self.update_header()

    def action_lead_card(self) -> None:
        """I: the lead card, at any size."""
        card = self.card_view.card
        if card is None:
            self.notify("The lead card is not loaded (yet).", markup=False)
            return
        from lemtui.tui.screens.lead_screens import LeadCardScreen

        self.app.push_screen(LeadCardScreen(card, current_campaign=self.card_view.current_campaign))

    def _lead_action(self, key: ActionKey) -> None:
        pager, leads = self.pager, self.leads
        if pager is None or leads is None:
            return
        message = self.message_list.highlighted_item
        campaign = message.campaign_id if message is not None else ""
        self.run_worker(leads.act(self, key, pager.contact_id, campaign), group="lead-action")

    def action_lead_interested(self) -> None:
        """+: mark the lead interested in the message's campaign (asks first)."""
        self._lead_action("interested")

    def action_lead_not_interested(self) -> None:
        """-: mark the lead not interested in the message's campaign (asks first)."""
        self._lead_action("not_interested")

    def action_lead_pause(self) -> None:
        """p: pause the lead's sequence in the message's campaign, or resume it (asks first)."""
        self._lead_action("pause")
