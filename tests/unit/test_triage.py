"""Inbox triage without a terminal: what each filter keeps, what a search finds."""

from __future__ import annotations

from typing import Any

from lemtui.lemlist.filters import InboxFilter
from lemtui.lemlist.inbox import InboxItem
from lemtui.mail.triage import company_of, find_inbox_hits, inbox_search_text


def _item(contact: dict[str, Any], **fields: Any) -> InboxItem:
    data: dict[str, Any] = {"contactId": "ctc_a", "contact": contact, "users": []}
    data.update(fields)
    return InboxItem.from_json(data, user_id="usr_a")


UNREAD = {"users": [{"userId": "usr_a", "read": False}]}


def test_filters_cycle_in_order_and_back() -> None:
    order = [InboxFilter.ALL]
    while (following := order[-1].next()) is not InboxFilter.ALL:
        order.append(following)
    assert [f.label for f in order] == [
        "all", "unread", "replied", "email", "LinkedIn", "other channels",
    ]  # fmt: skip


def test_each_filter_keeps_what_it_says() -> None:
    email_unread = _item({}, channels=["email"], **UNREAD)
    linkedin_replied = _item({}, channels=["linkedin"], haveReplies=True)
    whatsapp = _item({}, channels=["whatsapp", "email"])
    nothing = _item({}, channels=[])
    items = [email_unread, linkedin_replied, whatsapp, nothing]

    def kept(kind: InboxFilter) -> list[InboxItem]:
        return [item for item in items if kind.matches(item)]

    assert kept(InboxFilter.ALL) == items
    assert kept(InboxFilter.UNREAD) == [email_unread]
    assert kept(InboxFilter.REPLIED) == [linkedin_replied]
    assert kept(InboxFilter.EMAIL) == [email_unread, whatsapp]
    assert kept(InboxFilter.LINKEDIN) == [linkedin_replied]
    assert kept(InboxFilter.OTHER) == [whatsapp]


def test_search_finds_by_name_email_or_company_in_any_case() -> None:
    lea = _item({"fullName": "Léa Fontaine", "email": "lea.fontaine@northwind-logistics.example"})
    marc = _item({"email": "marc@hexagone.example", "companyName": "Hexagone Growth"})
    chloe = _item({"email": "c@x.example", "fields": {"companyName": "Fjord Énergie"}})
    items = [lea, marc, chloe]
    assert find_inbox_hits(items, "fontaine") == [0]
    assert find_inbox_hits(items, "NORTHWIND") == [0]  # the company, from the address
    assert find_inbox_hits(items, "growth") == [1]
    assert find_inbox_hits(items, "énergie") == [2]
    assert find_inbox_hits(items, ".example") == [0, 1, 2]
    assert find_inbox_hits(items, "   ") == []
    assert find_inbox_hits(items, "nobody") == []
    assert company_of(marc) == "Hexagone Growth"
    assert company_of(lea) == ""


def test_search_is_literal_and_sees_only_cleaned_text() -> None:
    hostile = _item({"fullName": "Eve\x1b[31m [a-z]+ \u202eevil", "email": "e@x.io"})
    assert find_inbox_hits([hostile], "[a-z]+") == [0]  # a pattern is text, not a regex
    assert find_inbox_hits([hostile], "\x1b") == []
    assert "\x1b" not in inbox_search_text(hostile)
    assert "\u202e" not in inbox_search_text(hostile)
