"""Models: the doc's real sample, and every odd shape the service may send."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lemtui.lemlist.fields import (
    MAX_FIELD_CHARS,
    Pagination,
    as_list,
    as_mapping,
    parse_timestamp,
)
from lemtui.lemlist.inbox import Contact, InboxItem, InboxPage, TeamMember
from lemtui.lemlist.messages import (
    Channel,
    Direction,
    Message,
    Page,
    channel_of,
    dedupe,
    direction_of,
    event_meaning,
    looks_like_html,
    message_key,
)

SAMPLE = json.loads((Path(__file__).parent.parent / "data" / "doc_sample.json").read_text("utf-8"))


def test_doc_sample_parses_every_field() -> None:
    page = Page.from_json(SAMPLE, contact_id="ctc_wfKeM8EmiTikud7QE", skip=0, limit=10)
    assert [m.id for m in page.messages] == [
        "act_vRoP8AMFMxqfSeDjR",
        "act_7yfGhxmPfKbxZaWHa",
        "act_mjdoySn9mkfbcMS5e",
    ]
    sent, reply, first = page.messages
    assert sent.type == "emailsSent"
    assert sent.channel is Channel.EMAIL
    assert sent.direction is Direction.SENT
    assert sent.created_at == datetime(2024, 12, 5, 16, 39, 41, 416000, tzinfo=UTC)
    assert sent.subject == "Meet me !"
    assert sent.from_address == "Camille INGOUF <camille@lemtest.com>"
    assert sent.to_address == "victoire@lemlist.co"
    assert sent.step_label == "step 1"
    assert sent.body_is_html
    assert sent.attachments == ()
    assert reply.direction is Direction.RECEIVED
    assert reply.from_address == "victoire@lemlist.co"
    assert reply.to_address == "Christophe OPOIX <christophe.o@lemtest.com>"
    assert reply.created_at is not None and reply.created_at.tzinfo is not None
    assert first.subject.startswith("Have you heard")
    assert page.pagination.total_items == 3
    assert page.pagination.next_page is None
    assert not page.has_more


@pytest.mark.parametrize(
    ("kind", "channel", "direction"),
    [
        ("emailsSent", Channel.EMAIL, Direction.SENT),
        ("emailsReplied", Channel.EMAIL, Direction.RECEIVED),
        ("emailsOpened", Channel.EMAIL, Direction.RECEIVED),
        ("linkedinSent", Channel.LINKEDIN, Direction.SENT),
        ("linkedinReplied", Channel.LINKEDIN, Direction.RECEIVED),
        ("linkedinInviteDone", Channel.LINKEDIN, Direction.SENT),
        ("linkedinInviteAccepted", Channel.LINKEDIN, Direction.RECEIVED),
        ("whatsappMessageSent", Channel.WHATSAPP, Direction.SENT),
        ("whatsappReplied", Channel.WHATSAPP, Direction.RECEIVED),
        ("smsReplied", Channel.SMS, Direction.RECEIVED),
        ("aircallDone", Channel.CALL, Direction.SENT),
        ("carrierPigeonSent", Channel.OTHER, Direction.SENT),
        ("somethingNew", Channel.OTHER, Direction.UNKNOWN),
    ],
)
def test_channel_and_direction_from_type(kind: str, channel: Channel, direction: Direction) -> None:
    assert channel_of(kind) is channel
    assert direction_of(kind) is direction


@pytest.mark.parametrize(
    "item",
    [
        None,
        [],
        "a string",
        42,
        {},
        {"_id": None, "type": None, "message": None, "subject": None, "createdAt": None},
        {"_id": 7, "type": ["x"], "message": {"html": 1}, "subject": 3.5, "createdAt": "yesterday"},
        {"sequenceStep": "two", "attachments": "nope", "sendUserName": {"a": 1}},
    ],
)
def test_any_shape_becomes_a_message(item: Any) -> None:
    message = Message.from_json(item)
    assert isinstance(message.subject, str)
    assert isinstance(message.body, str)
    assert message.created_at is None or message.created_at.tzinfo is not None
    assert message.sequence_step is None or isinstance(message.sequence_step, int)


def test_odd_but_usable_values_are_kept() -> None:
    message = Message.from_json(
        {
            "_id": "act_1",
            "type": "linkedinReplied",
            "message": "a < b && c > d",
            "createdAt": 1733400000000,
            "sequenceStep": "2",
            "attachments": [{"name": "deck.pdf"}, "notes.txt", {"size": 3}],
            "subject": None,
        }
    )
    assert message.created_at == datetime(2024, 12, 5, 12, 0, tzinfo=UTC)
    assert message.sequence_step == 2
    assert message.step_label == "step 3"
    assert [a.name for a in message.attachments] == ["deck.pdf", "notes.txt", "attachment"]
    assert not message.body_is_html
    assert message.subject == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-05T16:39:41.416Z", datetime(2024, 12, 5, 16, 39, 41, 416000, tzinfo=UTC)),
        ("2024-12-05T16:39:41", datetime(2024, 12, 5, 16, 39, 41, tzinfo=UTC)),
        (1733416781, datetime(2024, 12, 5, 16, 39, 41, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
        (True, None),
        (1e30, None),
    ],
)
def test_timestamps_are_aware_or_none(value: Any, expected: datetime | None) -> None:
    assert parse_timestamp(value) == expected


def test_html_detection() -> None:
    assert looks_like_html("<div>hi</div>")
    assert looks_like_html("Tom &amp; Jerry")
    assert not looks_like_html("a < b && c > d, see https://x.test/?a=1&b=2")
    assert not looks_like_html("")
    # An entity beside brackets that open no tag: plain text, or "<angle brackets>" is lost.
    assert not looks_like_html("Plain text with <angle brackets>, &amp; an entity")
    assert looks_like_html("<p>Plain text with &lt;angle brackets&gt;</p>")


def test_has_more_from_next_page_and_totals() -> None:
    def page(count: int, skip: int, pagination: dict[str, Any]) -> Page:
        data = {
            "data": [{"_id": f"act_{skip + i}"} for i in range(count)],
            "pagination": pagination,
        }
        return Page.from_json(data, contact_id="ctc_x", skip=skip, limit=10)

    assert page(10, 0, {"totalItems": 25, "nextPage": 2}).has_more
    assert not page(5, 20, {"totalItems": 25, "nextPage": None}).has_more
    # A nextPage that lies past the total cannot loop forever.
    assert not page(10, 20, {"totalItems": 30, "nextPage": 4}).has_more
    # No pagination at all: a full page may have more, a short one is the end.
    assert page(10, 0, {}).has_more
    assert not page(3, 0, {}).has_more
    assert not page(0, 0, {"nextPage": 2}).has_more
    # A short page with a nextPage goes on, as the docstring says: the service may send fewer
    # than asked (a lower cap of its own), and ending there would lose the rest.
    assert page(4, 0, {"nextPage": 2}).has_more
    assert page(4, 0, {"totalItems": 30, "nextPage": 2}).has_more
    assert not page(4, 0, {"nextPage": None}).has_more
    # A body with no usable data is an empty page, not a crash.
    assert Page.from_json({"data": "x"}, contact_id="ctc_x", skip=0, limit=10).messages == ()


def test_dedupe_keeps_the_first_of_each_id() -> None:
    items = [Message.from_json({"_id": i}) for i in ("a", "b", "a")]
    seen: set[str] = set()
    assert [m.id for m in dedupe(items, seen)] == ["a", "b"]
    assert dedupe([Message.from_json({"_id": "b"})], seen) == []


def test_idless_messages_are_compared_by_content() -> None:
    def idless(body: str, when: str = "2026-01-01T10:00:00Z") -> Message:
        return Message.from_json({"type": "linkedinSent", "message": body, "createdAt": when})

    seen: set[str] = set()
    first = [idless("hello"), idless("hello", "2026-01-02T10:00:00Z"), idless("bye")]
    assert dedupe(first, seen) == first  # different content: three messages
    # A server repeating them (on the next page, or in any key order) repeats nothing new.
    again = Message.from_json(
        {"createdAt": "2026-01-01T10:00:00Z", "message": "hello", "type": "linkedinSent"}
    )
    assert dedupe([again, idless("bye")], seen) == []
    assert dedupe([idless("new")], seen) == [idless("new")]


def test_message_key_is_the_id_else_the_content() -> None:
    assert message_key(Message.from_json({"_id": "act_1", "message": "a"})) == message_key(
        Message.from_json({"_id": "act_1", "message": "edited"})
    )
    plain = message_key(Message.from_json({"message": "a"}))
    assert plain != message_key(Message.from_json({"message": "b"}))
    # An id can never be taken for a digest of content, nor the other way round.
    assert plain != message_key(Message.from_json({"_id": plain, "message": "a"}))
    assert message_key(Message.from_json({"_id": "x"})).startswith("id:")
    assert plain.startswith("content:")


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00", 10**400, -(10**30), float("nan")],
)
def test_out_of_range_dates_are_unknown(value: Any) -> None:
    assert parse_timestamp(value) is None


@pytest.mark.parametrize("value", ["--1", "²", "1e5", "  ", "99999999999999999999", 10**40, 1e30])
def test_odd_integers_are_none(value: Any) -> None:
    message = Message.from_json({"sequenceStep": value})
    assert message.sequence_step is None
    page = Page.from_json(
        {"data": [], "pagination": {"nextPage": value}}, contact_id="c", skip=0, limit=1
    )
    assert page.pagination.next_page is None


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
_fields = st.sampled_from(
    [
        "_id",
        "type",
        "message",
        "subject",
        "createdAt",
        "sequenceStep",
        "attachments",
        "sendUserName",
        "sendUserEmail",
        "leadEmail",
        "fromEmail",
        "contactId",
        "campaignId",
        "users",
        "contact",
        "channels",
        "lastActivityAt",
        "haveReplies",
        "fields",
        "fullName",
        "email",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_fields, _json_values, max_size=10), _json_values)
def test_builders_never_raise_on_any_json(item: dict[str, Any], pagination: Any) -> None:
    Message.from_json(item)
    InboxItem.from_json(item, user_id="usr_a")
    Contact.from_json(item)
    Page.from_json(
        {"data": [item, pagination], "pagination": pagination}, contact_id="c", skip=0, limit=5
    )
    InboxPage.from_json({"data": [item], "pagination": pagination}, page=1, limit=5, user_id="u")


def test_attachments_are_read_leniently_with_size_and_type() -> None:
    from lemtui.lemlist.messages import Attachment

    def attachments(value: object) -> tuple[Attachment, ...]:
        return Message.from_json({"type": "emailsReplied", "attachments": value}).attachments

    assert attachments(
        [
            {"name": "contract.pdf", "size": 48213, "contentType": "application/pdf"},
            {"fileName": "a.png", "fileSize": "2048", "mimeType": "image/png"},
            {"filename": "b.txt", "size": -5, "type": 7},
            {"title": "c", "size": True},
            None,
            42,
        ]
    ) == (
        Attachment("contract.pdf", 48213, "application/pdf"),
        Attachment("a.png", 2048, "image/png"),
        Attachment("b.txt", None, "7"),
        Attachment("c", None, ""),
    )
    assert attachments({"name": "one.pdf"}) == (Attachment("one.pdf"),)
    assert attachments("nope") == ()
    assert Attachment("x", 48213, "application/pdf").label == "x  (48.2 KB, application/pdf)"
    assert Attachment("x", 999).label == "x  (999 bytes)"
    assert Attachment("\x1b[2Jx\u202e.pdf").label == "[2Jx⟨RLO⟩.pdf"


@pytest.mark.parametrize(
    ("kind", "meaning"),
    [
        ("linkedinInviteAccepted", "accepted your LinkedIn invitation"),
        ("emailsOpened", "opened your email"),
        ("emailsClicked", "clicked a link in your email"),
        ("emailsUnsubscribed", "unsubscribed"),
        ("emailsBounced", "your email bounced"),
        ("linkedinVisitDone", "visited the lead's LinkedIn profile"),
        ("aircallDone", "call made"),
        ("whatsappOpened", "opened your message"),
        ("somethingNew", ""),
    ],
)
def test_event_types_say_what_happened(kind: str, meaning: str) -> None:
    assert Message.from_json({"type": kind}).event == meaning


def test_every_body_less_demo_activity_says_what_happened() -> None:
    from lemtui.demo.data import demo_conversations

    kinds = {
        message.type
        for items in demo_conversations().values()
        for message in map(Message.from_json, items)
        if not message.body.strip()
    }
    assert kinds
    assert {kind for kind in kinds if not event_meaning(kind)} == set()


def test_lenient_readers_take_anything() -> None:
    assert as_mapping({"a": 1}) == {"a": 1}
    assert [as_mapping(value) for value in (None, [1], "x", 3)] == [{}, {}, {}, {}]
    assert as_list([1, 2]) == [1, 2]
    assert [as_list(value) for value in (None, {"a": 1}, "ab", 3)] == [[], [], [], []]


def test_pagination_reads_each_field_by_its_own_name() -> None:
    names = ["totalItems", "currentPage", "nextPage", "previousPage", "perPage", "totalPages"]
    pagination = Pagination.from_json({name: index for index, name in enumerate(names, 1)})
    assert pagination == Pagination(1, 2, 3, 4, 5, 6)
    assert Pagination.from_json(None) == Pagination(None, None, None, None, None, None)


HUGE = 8 * 1024 * 1024
"""An 8 MB field: what a hostile or broken service could put in a subject or a name."""


def _bounded(text: str, start: str) -> None:
    assert text.startswith(start)
    assert len(text) <= MAX_FIELD_CHARS + 40
    assert text.endswith(f"… [cut: {HUGE + len(start):,} characters]")


def test_header_fields_are_cut_with_a_mark_where_they_are_parsed() -> None:
    def huge(start: str) -> str:
        return start + "x" * HUGE

    message = Message.from_json(
        {
            "_id": "act_huge",
            "type": huge("emails"),
            "subject": huge("Subject "),
            "sendUserName": huge("Name "),
            "sendUserEmail": huge("me@"),
            "leadEmail": huge("lead@"),
            "fromEmail": huge("from@"),
            "campaignName": huge("Campaign "),
            "attachments": [{"name": huge("file"), "contentType": huge("type/")}],
            "message": "short",
        }
    )
    _bounded(message.subject, "Subject ")
    _bounded(message.sender_name, "Name ")
    _bounded(message.sender_email, "me@")
    _bounded(message.lead_email, "lead@")
    _bounded(message.from_email, "from@")
    _bounded(message.campaign_name, "Campaign ")
    _bounded(message.type, "emails")
    _bounded(message.attachments[0].name, "file")
    _bounded(message.attachments[0].type, "type/")
    assert Message.from_json({"subject": "x" * MAX_FIELD_CHARS}).subject == "x" * MAX_FIELD_CHARS
    item = InboxItem.from_json({"contact": {"fullName": huge("Lead "), "email": huge("a@")}})
    _bounded(item.contact_name, "Lead ")
    _bounded(item.contact_email, "a@")
    contact = Contact.from_json({"fields": {"firstName": huge("First "), "lastName": "Last"}})
    assert contact.full_name.startswith("First ") and contact.full_name.endswith(" Last")
    assert len(contact.full_name) <= 2 * (MAX_FIELD_CHARS + 40)
    member = TeamMember.from_json({"userId": "usr_1", "name": huge("Mate ")})
    _bounded(member.name, "Mate ")
