"""The inbox list: one line per conversation, latest activity first, optionally filtered.

Rows are `Text` built by `lemtui.tui.rows.inbox_row`. The conversations live in the list's
pager (`lemtui.lemlist.paging.InboxPager`); a triage filter (`lemtui.tui.triage_filter`) only
decides which of them have a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from lemtui.lemlist.filters import RowFilter
from lemtui.lemlist.inbox import InboxItem
from lemtui.mail.triage import company_or_domain
from lemtui.tui.directory import Directory
from lemtui.tui.row_words import AHEAD, Fetch, RowWords
from lemtui.tui.rows import Latest, inbox_row
from lemtui.tui.triage_filter import TriageFilter
from lemtui.tui.widgets.paged_list import PagedList

if TYPE_CHECKING:
    from lemtui.lemlist.leads import LeadCard

__all__ = ["InboxList"]


class InboxList(PagedList[InboxItem]):
    """A user's conversations, latest activity first, plus a status row at the end."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime],
        names: Directory | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(clock=clock, id=id)
        self.names = names or Directory()
        """Campaign names for the rows (loaded after the first frame)."""
        self.cards: dict[str, LeadCard] = {}
        """Lead cards seen (opened or acted on): rows show the lead's state from them."""

    NOUNS = ("conversation", "conversations")
    MORE = "more conversations"

    filter: RowFilter = TriageFilter()
    """What the list shows; it stays when another user's inbox is opened."""

    words: RowWords | None = None
    """The newest message's words of each row (None: rows show names only)."""
    _words_due = False

    def ask_words(self, fetch: Fetch) -> RowWords:
        """Rows show their conversation's newest words, fetched with `fetch` while in view."""
        if self.words is not None:
            self.words.stop()
        self.words = RowWords(
            fetch,
            self._words_came,
            spawn=lambda work: self.run_worker(work, group="words", exit_on_error=False),
        )
        self.want_words()
        return self.words

    def _words_came(self, contact_id: str) -> None:
        row = self.row_of(contact_id)
        if row is not None:
            self.redraw_row(row)

    def want_words(self) -> None:
        """Ask (once the frame is drawn) for the words of the rows in view and a few ahead."""
        if self.words is None or self._words_due:
            return
        self._words_due = True
        self.call_after_refresh(self._want_words)

    def _want_words(self) -> None:
        self._words_due = False
        if self.words is None or not self.is_attached:
            return
        top = max(0, round(self.scroll_y))
        height = max(1, self.scrollable_content_region.height)
        rows = self.items[top : top + height + AHEAD]
        self.words.want((item.contact_id, item.last_activity_at) for item in rows)

    def rows_appended(self) -> None:
        super().rows_appended()
        self.want_words()

    def rows_replaced(self) -> None:
        super().rows_replaced()
        self.want_words()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.want_words()

    def on_resize(self) -> None:
        super().on_resize()
        self.want_words()

    def known(self, item: InboxItem) -> tuple[Latest | None, LeadCard | None]:
        """What the list knows of `item` beyond its row: its newest message, its lead's card."""
        latest = self.words.get(item.contact_id) if self.words is not None else None
        return latest, self.cards.get(item.contact_id)

    def shown_text(self, item: InboxItem) -> str:
        """What `item`'s row shows beyond the item's own fields, for `/`: the lead's words
        (once they came) and the name and company of their card (once known)."""
        latest = self.words.get(item.contact_id) if self.words is not None else None
        card = self.cards.get(item.contact_id)
        parts = [latest.gist.text if latest is not None and latest.gist is not None else ""]
        if card is not None:
            parts += [card.full_name, card.company]
        return "\n".join(part for part in parts if part)

    def card_changed(self, card: LeadCard) -> None:
        """A lead's card was loaded or changed: their row shows their state."""
        self.cards[card.contact_id] = card
        row = self.row_of(card.contact_id)
        if row is not None:
            self.redraw_row(row)

    def reload(self) -> bool:
        """`r` also asks again for the words that could not be loaded."""
        if self.words is not None:
            self.words.forget()
            self.want_words()
        return super().reload()

    def on_unmount(self) -> None:
        if self.words is not None:
            self.words.stop()

    def row(self, item: InboxItem, now: datetime) -> Text:
        """Unread mark, date, channels, who wrote last, the lead, what they wrote; from 120
        columns on, the company and the campaign. Once the lead's card is known (opened, acted
        on, or read for a filter), their name and company from it, and their state in the
        campaign ("· interested"; a mark at 80 columns)."""
        latest = self.words.get(item.contact_id) if self.words is not None else None
        company = company_or_domain(item)
        card = self.cards.get(item.contact_id)
        if card is not None:
            latest = _with_state(latest, card)
            company = card.company or company
            if card.full_name and not item.contact_name:
                item = replace(item, contact_name=card.full_name)
        if latest is not None and latest.campaign_id:
            latest = replace(
                latest, campaign=self.names.campaign(latest.campaign_id, latest.campaign)
            )
        return inbox_row(item, now=now, width=self.size.width or 80, latest=latest, company=company)

    def notable(self, item: InboxItem) -> bool:
        """A conversation deserves a bell when it came back unread (a reply, not our send)."""
        return item.unread

    def activity(self, item: InboxItem) -> tuple[str, datetime | None]:
        """Whose conversation `item` is and when it last moved (for announcing it once)."""
        return item.contact_id, item.last_activity_at

    def mark_read(self, contact_id: str) -> bool:
        """Clear the unread mark of `contact_id`'s row; False when it is not loaded or read.

        The row stays where it is, even under the "unread" filter: it goes at the next filter
        change, not from under the user's eyes.
        """
        pager = self.pager
        if pager is None:
            return False
        for item in pager.items:
            if item.contact_id == contact_id and item.unread:
                updated = replace(item, unread=False)
                pager.replace(updated)
                self.redraw_item(updated)
                return True
        return False

    def row_of(self, contact_id: str) -> int | None:
        """The row showing `contact_id`'s conversation, if one does."""
        for row, item in enumerate(self.items):
            if item.contact_id == contact_id:
                return row
        return None

    def neighbour(self, contact_id: str, step: int) -> InboxItem | None:
        """The conversation shown `step` rows from `contact_id`'s (from the highlight when
        that one is not shown); None past either end."""
        row = self.row_of(contact_id)
        if row is None:
            row = self.highlighted if self.highlighted is not None else -1 if step > 0 else 0
        return self.item_at(row + step) if row + step >= 0 else None

    def next_unread(self) -> int | None:
        """The first unread row after the highlight, else the first one from the top."""
        items = self.items
        start = self.highlighted if self.highlighted is not None else -1
        order = [*range(start + 1, len(items)), *range(0, min(start + 1, len(items)))]
        return next((row for row in order if items[row].unread), None)


def _with_state(latest: Latest | None, card: LeadCard) -> Latest | None:
    """`latest` with the lead's state in its campaign from `card`; with no campaign known yet,
    the state in the card's only campaign (a lead in several: none is guessed)."""
    if latest is not None and latest.campaign_id:
        entry = card.campaign(latest.campaign_id)
    else:
        entry = card.campaigns[0] if len(card.campaigns) == 1 else None
    if entry is None or not entry.status_text:
        return latest
    if latest is None or not latest.campaign_id:
        return replace(
            latest or Latest(),
            campaign=entry.campaign_name,
            campaign_id=entry.campaign_id,
            state=entry.status_text,
        )
    return replace(latest, state=entry.status_text)
