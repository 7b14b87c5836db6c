"""Triage by keyboard, through Pilot over the fake API: the inbox's filters (`f`), search (`/`,
`n`/`N`, `L`), next unread (`u`), mark read (`m`), a teammate's inbox (`U`), and `]`/`[` from a
conversation through the inbox without going back."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, Static

from lemtui.demo.data import LONG_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID, FakeLemlist
from lemtui.lemlist.messages import Direction
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.filter_picker import FilterPicker
from lemtui.tui.screens.inbox import InboxScreen
from lemtui.tui.screens.team_picker import TeamList, TeamPicker
from tests.support.app import FIXED_NOW, make_app, settle

NARROW = (80, 24)
WIDE = (120, 40)
CAMILLE = "usr_7RCLS4LdYP2oc8jmE"


def _inbox(app: LemtuiApp) -> InboxScreen:
    assert app.inbox_screen is not None
    return app.inbox_screen


def _header(screen: Screen[None]) -> str:
    title = screen.query_one("#header-title", Static).content
    stats = screen.query_one("#header-stats", Static).content
    return f"{title} | {stats}"


def _notes(app: LemtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _app(tmp_path: Path, page_size: int = 20) -> tuple[LemtuiApp, FakeLemlist]:
    return make_app(tmp_path, clock=lambda: FIXED_NOW, user_id=DEMO_USER_ID, page_size=page_size)


async def _pick(pilot: Pilot[None], app: LemtuiApp, label: str) -> None:
    """`f`, then the filter named `label` from the list."""
    await pilot.press("f")
    await settle(pilot)
    picker = app.screen
    assert isinstance(picker, FilterPicker)
    labels = [choice.label for choice in picker.choices]
    assert label in labels, labels
    picker.query_one(OptionList).highlighted = labels.index(label)
    await pilot.press("enter")
    await settle(pilot)


async def test_f_picks_a_triage_filter_and_keeps_the_highlight(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        inbox = _inbox(app).inbox_list
        unread_row = next(row for row, item in enumerate(inbox.items) if item.unread)
        inbox.highlighted = unread_row
        kept = inbox.highlighted_item
        loaded = inbox.pager.loaded if inbox.pager else 0
        await _pick(pilot, app, "unread")
        assert inbox.items and all(item.unread for item in inbox.items)
        assert inbox.highlighted_item is kept
        assert f"filter: unread ({len(inbox.items)})" in _header(_inbox(app))
        await _pick(pilot, app, "LinkedIn")
        assert inbox.items and all("linkedin" in item.channels for item in inbox.items)
        await _pick(pilot, app, "unanswered")
        for item in inbox.items:  # the lead had the last word
            latest = inbox.words.get(item.contact_id) if inbox.words else None
            if latest is not None and latest.direction is not None:
                assert latest.direction is Direction.RECEIVED
        await pilot.press("f", "escape")  # Esc keeps the filter in force
        await settle(pilot)
        assert "filter: unanswered" in _header(_inbox(app))
        await _pick(pilot, app, "all")
        assert inbox.pager is not None and inbox.pager.loaded >= loaded  # nothing was dropped
        assert "filter" not in _header(_inbox(app))


async def test_f_interested_checks_the_leads_and_shows_theirs(tmp_path: Path) -> None:
    app, fake = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app).inbox_list
        await _pick(pilot, app, "interested")
        await settle(pilot)
        assert inbox.items, "the demo has interested leads"
        for item in inbox.items:
            card = inbox.cards[item.contact_id]
            assert any(entry.interested for entry in card.campaigns)
        interested = {
            cid
            for cid in fake.conversations
            if any(lead.get("status") == "interested" for lead in fake.leads.leads_of(cid))
        }
        assert {item.contact_id for item in inbox.items} <= interested | set(inbox.cards)


async def test_slash_searches_names_emails_companies_with_n_N_and_L(tmp_path: Path) -> None:
    app, fake = _app(tmp_path, page_size=10)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _inbox(app)
        inbox = screen.inbox_list
        assert inbox.pager is not None and not inbox.pager.complete
        await pilot.press("slash", *"schmidt", "enter")
        await settle(pilot)
        result = screen.search_bar.result
        assert result is not None
        assert result.searched == inbox.pager.loaded
        hits = list(result.hits)
        assert hits and all("schmidt" in inbox.items[row].contact_email for row in hits)
        assert inbox.highlighted == hits[0]
        status = str(screen.search_bar.query_one("#search-status", Static).content)
        assert "L loads all" in status
        if len(hits) > 1:
            await pilot.press("n")
            assert inbox.highlighted == hits[1]
            await pilot.press("N")
            assert inbox.highlighted == hits[0]
        pages_before = sum(1 for r in fake.requests if r.path.endswith("/api/inbox"))
        await pilot.press("L")
        await settle(pilot, rounds=60)
        assert inbox.pager.complete
        assert sum(1 for r in fake.requests if r.path.endswith("/api/inbox")) > pages_before
        result = screen.search_bar.result
        assert result is not None and result.complete
        assert len(result.hits) > len(hits)
        status = str(screen.search_bar.query_one("#search-status", Static).content)
        assert f"all {inbox.pager.loaded} conversations searched" in status
        # By company (the address's domain) and by name.
        await pilot.press("slash", "ctrl+u", *"northwind", "enter")
        await settle(pilot)
        result = screen.search_bar.result
        assert result is not None
        assert [inbox.items[row].contact_id for row in result.hits] == [LONG_CONTACT_ID]
        await pilot.press("slash", "ctrl+u", *"[bold]", "enter")  # literal, and safe
        await settle(pilot)
        result = screen.search_bar.result
        assert result is not None and len(result.hits) == 1
        assert inbox.highlighted_item is not None
        assert inbox.highlighted_item.contact_id == "ctc_HostileContent001"


async def test_u_goes_to_the_next_unread_conversation(tmp_path: Path) -> None:
    app, _ = _app(tmp_path, page_size=100)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        inbox = _inbox(app).inbox_list
        unread = [row for row, item in enumerate(inbox.items) if item.unread]
        assert len(unread) >= 2
        inbox.highlighted = 0
        seen: list[int | None] = []
        for _ in range(len(unread) + 1):
            await pilot.press("u")
            seen.append(inbox.highlighted)
        assert seen == [*unread, unread[0]]  # past the last one: from the top again


async def test_m_marks_the_highlighted_conversation_read(tmp_path: Path) -> None:
    app, fake = _app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = _inbox(app)
        inbox = screen.inbox_list
        row = next(row for row, item in enumerate(inbox.items) if item.unread)
        inbox.highlighted = row
        item = inbox.highlighted_item
        assert item is not None
        unread = screen.unread
        await pilot.press("m")
        await settle(pilot)
        marks = [r for r in fake.requests if r.query.get("markAsRead") == "true"]
        assert [(r.path, r.query["userId"], r.query["limit"]) for r in marks] == [
            (f"/api/inbox/{item.contact_id}", DEMO_USER_ID, "1")
        ]
        assert fake.read_state[(item.contact_id, DEMO_USER_ID)] is True
        assert not inbox.items[row].unread
        prompt = inbox.line_prompt(row)
        assert not prompt.plain.startswith("●")
        assert screen.unread == unread - 1
        await pilot.press("m")
        await settle(pilot)
        assert _notes(app)[-1] == "Already read."
        assert len([r for r in fake.requests if r.query.get("markAsRead") == "true"]) == 1


async def test_brackets_step_through_the_inbox_from_a_conversation(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app).inbox_list
        inbox.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        screen = app.conversation_screen
        assert app.screen is screen
        second, third = inbox.items[1], inbox.items[2]
        assert screen.pager is not None
        assert screen.pager.contact_id == second.contact_id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen is screen  # without going back
        assert screen.pager is not None
        assert screen.pager.contact_id == third.contact_id
        assert inbox.highlighted == 2  # the inbox follows: Esc comes back to it
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert screen.pager is not None
        assert screen.pager.contact_id == inbox.items[0].contact_id
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert _notes(app)[-1] == "This is the first conversation of the inbox."
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is _inbox(app)
        assert inbox.highlighted == 0


async def test_the_header_names_the_lead_the_inbox_knows(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = _inbox(app).inbox_list
        row = inbox.row_of(LONG_CONTACT_ID)
        assert row is not None
        inbox.highlighted = row
        await pilot.press("enter")
        await settle(pilot)
        header = _header(app.conversation_screen)
        assert header.startswith("Léa Fontaine <lea.fontaine@northwind-logistics.example>")


async def test_U_opens_a_teammates_inbox_and_back(tmp_path: Path) -> None:
    app, fake = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _inbox(app)
        mine = {item.contact_id for item in screen.inbox_list.items}
        await pilot.press("U")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TeamPicker)
        assert any(
            r.path.endswith("/api/team") and r.query == {"version": "v2"} for r in fake.requests
        )
        team = picker.query_one(TeamList)
        labels = [str(team.get_option_at_index(i).prompt) for i in range(team.option_count)]
        assert labels[0].startswith("Alex MARTIN") and "(you, shown)" in labels[0]
        assert team.highlighted == 0
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.user_id == CAMILLE
        assert _header(screen).startswith("Inbox of Camille INGOUF  " + CAMILLE)
        asked = [r.query["userId"] for r in fake.requests if r.path.endswith("/api/inbox")]
        assert asked[-1] == CAMILLE
        theirs = {item.contact_id for item in screen.inbox_list.items}
        assert theirs and theirs != mine
        await pilot.press("m")  # not ours to mark
        await settle(pilot)
        assert "only in yours" in _notes(app)[-1]
        assert not any(r.query.get("markAsRead") == "true" for r in fake.requests)
        await pilot.press("U")
        await settle(pilot)
        await pilot.press("escape")  # changed their mind: nothing changes
        await settle(pilot)
        assert screen.user_id == CAMILLE
        await pilot.press("U")
        await settle(pilot)
        await pilot.press("k", "enter")
        await settle(pilot)
        assert screen.user_id == DEMO_USER_ID
        assert _header(screen).startswith("Inbox  Alex MARTIN")  # the reader, named


async def test_U_without_a_user_id_opens_the_chosen_inbox(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.inbox_screen is None
        await pilot.press("U")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None and app.screen is inbox
        assert inbox.user_id == CAMILLE
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.conversation_screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is inbox  # Esc goes back to the inbox now there is one


async def test_U_over_the_first_prompt_then_cancel_leaves_the_empty_conversation(
    tmp_path: Path,
) -> None:
    from lemtui.tui.screens.contact_prompt import ContactPrompt
    from lemtui.tui.screens.start import StartScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ContactPrompt)
        await pilot.press("ctrl+p")  # U would be typed into the prompt: the palette's Team
        await pilot.pause()
        await pilot.press(*"team", "enter")  # closes the prompt (no answer), opens the picker
        await settle(pilot)
        assert isinstance(app.screen, TeamPicker)
        await pilot.press("escape")
        await settle(pilot)
        screen = app.conversation_screen
        assert app.screen is screen  # not the blank screen the first prompt was drawn over
        assert [type(s) for s in app.screen_stack] == [StartScreen, type(screen)]
        assert "No conversation open" in str(screen.query_one("#conv-notice", Static).render())


async def test_a_teammate_picked_over_the_first_prompt_opens_their_inbox_alone(
    tmp_path: Path,
) -> None:
    from lemtui.tui.screens.start import StartScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"team", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TeamPicker)
        await pilot.press("j", "enter")
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None and app.screen is inbox
        assert inbox.user_id == CAMILLE
        assert [type(s) for s in app.screen_stack] == [StartScreen, InboxScreen]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.conversation_screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is inbox


async def test_a_team_that_cannot_be_loaded_is_said_in_the_picker(tmp_path: Path) -> None:
    app, fake = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)  # the header's names were asked (the team among them)
        fake.fail_next(503, "maintenance", path_contains="/api/team")
        await pilot.press("U")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TeamPicker)
        status = str(picker.query_one("#team-status", Static).content)
        assert status.startswith("Could not load the team: lemlist had a server error (503)")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is _inbox(app)


async def test_each_screen_shows_its_own_keys_in_its_footer(tmp_path: Path) -> None:
    from lemtui.tui.widgets.footer import KeysFooter

    app, _ = _app(tmp_path)

    def footer_keys() -> set[str]:
        return {key.description for key in app.screen.query_one(KeysFooter).keys}

    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert {"Search", "Filter", "Next unread"} <= footer_keys()
        await pilot.press("enter")
        await settle(pilot)
        assert {"Search", "Filter", "Quotes"} <= footer_keys()
        for key, wanted in (("o", "Cancel"), ("question_mark", "Close"), ("U", "Cancel")):
            await pilot.press(key)
            await settle(pilot)
            shown = footer_keys()
            assert wanted in shown, (key, shown)
            assert not shown & {"Search", "Filter", "Quotes", "Next unread"}, (key, shown)
            await pilot.press("escape")
            await settle(pilot)


async def test_hostile_team_names_are_shown_cleaned(tmp_path: Path) -> None:
    from lemtui.demo.wire import Answer, json_answer

    class HostileTeam(FakeLemlist):
        def _team(self, query: dict[str, str]) -> Answer:
            return json_answer(
                {
                    "_id": "tea_x",
                    "users": [
                        {
                            "userId": CAMILLE,
                            "name": "[b]Eve[/b]\x1b]2;pwned\x07\u202e",
                            "email": "e@x.io",
                        },
                    ],
                }
            )

    for user_id in (None, DEMO_USER_ID):
        app, _ = make_app(
            tmp_path, fake=HostileTeam(), clock=lambda: FIXED_NOW, user_id=user_id,
            contact_id=None if user_id else SAMPLE_CONTACT_ID,
        )  # fmt: skip
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("U")
            await settle(pilot)
            team = app.screen.query_one(TeamList)
            label = str(team.get_option_at_index(0).prompt)
            assert label.startswith("[b]Eve[/b]]2;pwned")
            assert "\x1b" not in label and "\u202e" not in label and "\x07" not in label
            await pilot.press("enter")
            await settle(pilot)
            header = _header(_inbox(app))
            assert header.startswith("Inbox of [b]Eve[/b]]2;pwned")
            assert "\x1b" not in header and "\u202e" not in header


async def test_the_filter_list_moves_with_j_k_g_G_like_every_list(tmp_path: Path) -> None:
    app, _ = _app(tmp_path)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, FilterPicker)
        options = picker.query_one(OptionList)
        assert options.highlighted == 0
        await pilot.press("j", "j", "j", "k")
        assert options.highlighted == 2
        await pilot.press("G")
        assert options.highlighted == len(picker.choices) - 1
        await pilot.press("g", "j", "enter")
        await settle(pilot)
        assert f"filter: {picker.choices[1].label}" in _header(_inbox(app))


async def test_slash_finds_the_words_the_rows_show(tmp_path: Path) -> None:
    """A row saying "…send the case study?" is found by "case study" (a new user's search)."""
    from tests.support.app import until

    app, _ = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = _inbox(app)
        inbox = screen.inbox_list
        words = inbox.words
        assert words is not None

        def rows_saying(phrase: str) -> set[str]:
            return {
                item.contact_id
                for item in inbox.items
                if (latest := words.get(item.contact_id)) is not None
                and latest.gist is not None
                and phrase in latest.gist.text.lower()
            }

        await until(pilot, lambda: bool(rows_saying("case study")), step=0.05)
        saying = rows_saying("case study")
        assert not any("case study" in item.contact_email for item in inbox.items)
        await pilot.press("slash", *"case study", "enter")
        await settle(pilot)
        result = screen.search_bar.result
        assert result is not None
        assert saying <= {inbox.items[row].contact_id for row in result.hits}
