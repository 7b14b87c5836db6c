"""The inbox's triage filters (`f`) without a terminal: what each keeps, from the row itself,
its newest message (`Latest`) and the lead's card; and the choices `f` lists."""

from __future__ import annotations

from typing import Any

from lemtui.lemlist.inbox import InboxItem
from lemtui.lemlist.leads import LeadCampaign, LeadCard
from lemtui.lemlist.messages import Direction
from lemtui.tui.rows import Latest
from lemtui.tui.triage_filter import TriageFilter, triage_choices

UNREAD = {"users": [{"userId": "usr_a", "read": False}]}


def _item(contact_id: str, **fields: Any) -> InboxItem:
    data: dict[str, Any] = {"contactId": contact_id, "users": []}
    data.update(fields)
    return InboxItem.from_json(data, user_id="usr_a")


def _card(contact_id: str, *states: tuple[str, str]) -> LeadCard:
    return LeadCard(
        contact_id=contact_id, email="", full_name="", first_name="", last_name="",
        job_title="", company="", industry="", lead_status="", linkedin_url="",
        unsubscribed=False,
        campaigns=tuple(
            LeadCampaign(cid, f"Campaign {cid}", "running", "lea_x", status, False)
            for cid, status in states
        ),
        raw={},
    )  # fmt: skip


EMAIL_UNREAD = _item("ctc_1", channels=["email"], **UNREAD)
LEAD_LAST = _item(
    "ctc_2",
    channels=["linkedin"],
    lastActivityAt="2026-03-02T10:00:00Z",
    lastRepliedAt="2026-03-02T10:00:00Z",
)
US_LAST = _item(
    "ctc_3",
    channels=["whatsapp", "email"],
    lastActivityAt="2026-03-03T10:00:00Z",
    lastRepliedAt="2026-03-01T10:00:00Z",
)
ITEMS = [EMAIL_UNREAD, LEAD_LAST, US_LAST]
KNOWN: dict[str, tuple[Latest | None, LeadCard | None]] = {
    "ctc_1": (
        Latest(direction=Direction.RECEIVED, campaign_id="cam_A"),
        _card("ctc_1", ("cam_A", "interested")),
    ),
    "ctc_2": (None, _card("ctc_2", ("cam_B", "notInterested"))),
    "ctc_3": (Latest(direction=Direction.SENT, campaign_id="cam_B"), None),
}


def _known(item: InboxItem) -> tuple[Latest | None, LeadCard | None]:
    return KNOWN.get(item.contact_id, (None, None))


def _kept(kind: str, value: str = "") -> list[str]:
    chosen = TriageFilter(kind, value, context=_known)  # type: ignore[arg-type]
    return [item.contact_id for item in ITEMS if chosen.matches(item)]


def test_each_filter_keeps_what_it_says() -> None:
    assert _kept("all") == ["ctc_1", "ctc_2", "ctc_3"]
    assert _kept("unread") == ["ctc_1"]
    # The lead had the last word: the newest message says so, else the inbox's dates do.
    assert _kept("unanswered") == ["ctc_1", "ctc_2"]
    assert _kept("interested") == ["ctc_1"]
    assert _kept("not_interested") == ["ctc_2"]
    assert _kept("campaign", "cam_B") == ["ctc_2", "ctc_3"]  # from a card, or the message
    assert _kept("channel", "email") == ["ctc_1", "ctc_3"]
    assert _kept("channel", "other") == []
    assert _kept("channel", "whatsapp") == ["ctc_3"]


def test_interest_is_unknown_without_a_card_and_then_not_shown() -> None:
    blind = TriageFilter("interested")  # no context: nothing known beyond the rows
    assert not any(blind.matches(item) for item in ITEMS)
    assert blind.needs_cards and not TriageFilter("unread").needs_cards


def test_labels_and_all() -> None:
    assert TriageFilter().shows_all and TriageFilter().label == "all"
    assert TriageFilter("not_interested").label == "not interested"
    assert TriageFilter("campaign", "cam_B", "Q4 [bold]x").label == "campaign Q4 [bold]x"
    assert TriageFilter("channel", "linkedin").label == "LinkedIn"
    assert TriageFilter("unread").next().kind == "unanswered"


def test_f_lists_the_fixed_filters_then_each_campaign_and_channel_the_rows_know() -> None:
    choices = triage_choices(ITEMS, _known, {"cam_B": "Northwind Q4"})
    labels = [choice.label for choice in choices]
    assert labels[:5] == ["all", "unread", "unanswered", "interested", "not interested"]
    assert "campaign Northwind Q4" in labels and "campaign Campaign cam_A" in labels
    assert {"email", "LinkedIn", "WhatsApp"} <= set(labels)
    assert len(labels) == len(set(labels))  # each once
