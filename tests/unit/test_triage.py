"""Inbox triage without a terminal: what a search finds (the filters: test_triage_filter)."""

from __future__ import annotations

from typing import Any

from lemtui.lemlist.inbox import InboxItem
from lemtui.mail.triage import company_of, find_inbox_hits, inbox_search_text


def _item(contact: dict[str, Any], **fields: Any) -> InboxItem:
    data: dict[str, Any] = {"contactId": "ctc_a", "contact": contact, "users": []}
    data.update(fields)
    return InboxItem.from_json(data, user_id="usr_a")


UNREAD = {"users": [{"userId": "usr_a", "read": False}]}


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
