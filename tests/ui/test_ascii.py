"""ASCII mode: no character above 127 is drawn, on any screen.

With `LEMTUI_ASCII=1` the app draws with `glyphs.ASCII` and gives every border Textual's
`ascii` type (`App.-ascii` in app.tcss). The walk below visits every screen (and the palette,
a toast, an error notice) and reads what each draws from the app's SVG screenshot, a public
API that holds every character placed on the screen.

The check is honest about data: names and bodies are not ours to draw in ASCII (the
driver-level net transliterates them), so the walk runs over the demo conversations with
every string of their data made ASCII first (`_ascii_data`). Any character above 127 left on
screen is then one our code or Textual drew, and the test names it. The net is not involved:
screenshots are taken from the screen's own lines, before any driver.
"""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

import lemtui.demo.leads as demo_leads
import lemtui.tui
from lemtui.demo.data import (
    LONG_CONTACT_ID,
    QUOTES_CONTACT_ID,
    SAMPLE_CONTACT_ID,
    DemoConversations,
)
from lemtui.demo.fake_api import DEMO_USER_ID, FakeLemlist
from lemtui.lemlist.leads import LeadCampaign, LeadCard
from lemtui.tui import glyphs
from lemtui.tui.app import LemtuiApp
from lemtui.tui.screens.lead_screens import CampaignPicker, LeadCardScreen, LeadQuestion
from tests.support.app import make_app, settle, until

WIDE = (120, 40)

WALKED: dict[str, str] = {
    "ContactPrompt": "the contact prompt",
    "InboxScreen": "the inbox",
    "ConversationScreen": (
        "a conversation: an error notice, a message open, quotes folded and unfolded, hits"
    ),
    "HelpScreen": "the help screen",
    "LinkPrompt": "the link prompt",
    "TeamPicker": "the team picker",
    "ReplyEditorScreen": "the built-in reply editor",
    "ReplyReviewScreen": "the reply's review",
    "ReplyQuestion": "the reply's y/n question",
    "StartScreen": "the blank screen under the first prompt (a start without a user ID)",
    "ListScreen": "the base of the inbox and the conversation (never shown itself)",
    "LoadingRest": "the progress of `e` loading the rest of a long conversation",
    "RestScreen": "the base of that progress screen (never shown itself)",
    "LeadCardScreen": "the lead card on I",
    "FilterPicker": "the inbox's triage filters on f",
    "PickList": "the base of the filter list and the campaign choice (never shown itself)",
    "ReadingOnMixin": "the conversation's J/K and lead half (never shown itself)",
    "CampaignPicker": "which campaign a lead action is for",
    "LeadQuestion": "the y/n before a lead action",
    "CacheHits": "what / finds in the local cache (walked in test_cache_ui.py)",
}
"""Every Screen class in lemtui.tui, and where the walk meets it."""


def _asciify(value: Any) -> Any:
    if isinstance(value, str):
        decomposed = unicodedata.normalize("NFKD", value)
        return "".join(
            c if c.isascii() else "?" for c in decomposed if not unicodedata.combining(c)
        )
    if isinstance(value, list):
        return [_asciify(item) for item in value]
    if isinstance(value, dict):
        return {_asciify(key): _asciify(item) for key, item in value.items()}
    return value


def _ascii_data() -> dict[str, list[dict[str, Any]]]:
    demo = DemoConversations()
    return {cid: _asciify(demo[cid]) for cid in (SAMPLE_CONTACT_ID, QUOTES_CONTACT_ID)}


_TEXT_RE = re.compile(r"<text[^>]*>([^<]*)</text>")


def _drawn(app: LemtuiApp) -> str:
    """Every character of the current screen (and what floats over it), as drawn."""
    svg = app.export_screenshot()
    # The SVG writes each space as a no-break space so that runs keep their width.
    return "".join(html.unescape(text) for text in _TEXT_RE.findall(svg)).replace("\xa0", " ")


class Walk:
    """Checks each screen it is shown, and keeps which it saw."""

    def __init__(self, app: LemtuiApp) -> None:
        self.app = app
        self.seen: set[str] = set()
        self.faults: list[str] = []

    def check(self, what: str) -> None:
        self.seen.add(type(self.app.screen).__name__)
        wide = sorted({c for c in _drawn(self.app) if ord(c) > 127})
        if wide:
            names = ", ".join(f"{c!r} {unicodedata.name(c, '?')}" for c in wide)
            self.faults.append(f"{what} ({type(self.app.screen).__name__}): {names}")


def _screen_classes() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.walk_packages(lemtui.tui.__path__, "lemtui.tui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found.add(name)
    return found


def test_the_walk_knows_every_screen() -> None:
    """A new Screen anywhere in lemtui.tui fails here until the walk visits it."""
    assert _screen_classes() == set(WALKED)


@pytest.fixture
def ascii_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEMTUI_ASCII", "1")
    # The fake's contact records (the lead card) are written like the data they serve.
    record = demo_leads.contact_record  # type: ignore[attr-defined]
    monkeypatch.setattr(demo_leads, "contact_record", lambda *args: _asciify(record(*args)))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


async def _reach(pilot: Pilot[None], name: str) -> None:
    """Wait for the screen named `name` (not for workers: a reply's review keeps one)."""
    try:
        await until(pilot, lambda: type(pilot.app.screen).__name__ == name)
    except AssertionError:
        shown = type(pilot.app.screen).__name__
        raise AssertionError(f"{name} expected, {shown} shown") from None


async def _is(pilot: Pilot[None], name: str) -> None:
    await _reach(pilot, name)
    await settle(pilot)


async def test_no_character_above_127_on_any_screen(tmp_path: Path, ascii_mode: None) -> None:
    fake = FakeLemlist(conversations=_ascii_data())
    app, fake = make_app(tmp_path, fake=fake, user_id=DEMO_USER_ID, demo=False)
    walk = Walk(app)
    async with app.run_test(size=WIDE) as pilot:
        assert glyphs.current() is glyphs.ASCII
        assert app.has_class("-ascii")
        await settle(pilot)
        walk.check("the first screen")
        if type(app.screen).__name__ == "InboxScreen":
            walk.check("the inbox")
            await pilot.press("f")
            await _is(pilot, "FilterPicker")
            walk.check("the triage filters")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
        await _is(pilot, "ContactPrompt")
        walk.check("the contact prompt")
        await pilot.press(*"ctc_nobody", "enter")
        await settle(pilot)
        walk.check("the notice of an unknown contact")
        await pilot.press("o")
        await _is(pilot, "ContactPrompt")
        app.screen.query_one("#prompt-input", Input).value = QUOTES_CONTACT_ID
        await pilot.press("enter")
        await _is(pilot, "ConversationScreen")
        walk.check("a conversation")
        await pilot.press("enter")
        await settle(pilot)
        walk.check("a message open, quotes folded")
        await pilot.press("z")
        await settle(pilot)
        walk.check("a message open, quotes unfolded")
        await pilot.press("/", *"the", "enter")
        await settle(pilot)
        walk.check("search hits")
        await pilot.press("question_mark")
        await _is(pilot, "HelpScreen")
        walk.check("the help screen")
        await pilot.press("escape")
        await settle(pilot)
        await _is(pilot, "ConversationScreen")
        await pilot.press("R")
        await _reach(pilot, "ReplyEditorScreen")
        walk.check("the built-in reply editor")
        await pilot.press(*"Thanks!", "ctrl+s")
        await _reach(pilot, "ReplyReviewScreen")
        await pilot.pause()
        walk.check("the reply's review")
        await pilot.press("s")
        await _reach(pilot, "ReplyQuestion")
        walk.check("the reply's question")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await until(pilot, lambda: not app.conversation_screen.replying)
        await _is(pilot, "ConversationScreen")
        app.notify("A toast", title="Note")
        app.notify("A warning", severity="warning")
        app.notify("An error", severity="error")
        await pilot.pause()
        walk.check("toasts")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await settle(pilot)
        walk.check("the command palette")
        await pilot.press(*"help")
        await settle(pilot)
        walk.check("the command palette with results")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("U")
        await _is(pilot, "TeamPicker")
        walk.check("the team picker")
        await pilot.press("escape")
        await settle(pilot)
        # The link prompt, over the one demo conversation whose messages have links.
        await pilot.press("o")
        await _is(pilot, "ContactPrompt")
        app.screen.query_one("#prompt-input", Input).value = SAMPLE_CONTACT_ID
        await pilot.press("enter")
        await _is(pilot, "ConversationScreen")
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("l")
        await _is(pilot, "LinkPrompt")
        walk.check("the link prompt")
        await pilot.press("9", "enter")
        await settle(pilot)
        walk.check("the link prompt with an error")
        await pilot.press("escape")
        await settle(pilot)
    assert not walk.faults, "\n".join(walk.faults)
    # the tests below / base classes, never shown
    walked_apart = {
        "StartScreen", "LoadingRest", "ListScreen", "RestScreen", "LeadCardScreen",
        "ReadingOnMixin", "CampaignPicker", "LeadQuestion", "CacheHits", "PickList",
    }  # fmt: skip
    assert walk.seen >= set(WALKED) - walked_apart, set(WALKED) - walked_apart - walk.seen


async def test_no_character_above_127_at_a_start_without_a_user(
    tmp_path: Path, ascii_mode: None
) -> None:
    """Started with no user ID, the first contact prompt is drawn over the blank start screen."""
    app, _ = make_app(tmp_path, fake=FakeLemlist(conversations=_ascii_data()), demo=False)
    walk = Walk(app)
    async with app.run_test(size=WIDE) as pilot:
        await _is(pilot, "ContactPrompt")
        assert type(app.screen_stack[0]).__name__ == "StartScreen"
        walk.check("the first contact prompt over the start screen")
    assert not walk.faults, "\n".join(walk.faults)


async def test_no_character_above_127_while_e_loads_the_rest(
    tmp_path: Path, ascii_mode: None
) -> None:
    """`e` on a long conversation shows its progress until every page is in (or Esc)."""
    fake = FakeLemlist(
        conversations={LONG_CONTACT_ID: _asciify(DemoConversations()[LONG_CONTACT_ID])}
    )
    app, _ = make_app(tmp_path, fake=fake, contact_id=LONG_CONTACT_ID, demo=False, page_size=50)
    walk = Walk(app)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.conversation_screen.output.export_dir = tmp_path / "exports"
        fake.slow_contacts[LONG_CONTACT_ID] = 0.3
        await pilot.press("e")
        await _reach(pilot, "LoadingRest")
        await pilot.pause()
        walk.check("the progress of an export")
        await pilot.press("escape")
        await settle(pilot)
    assert not walk.faults, "\n".join(walk.faults)
    assert walk.seen == {"LoadingRest"}


async def test_no_character_above_127_in_the_lead_card_and_its_questions(
    tmp_path: Path, ascii_mode: None
) -> None:
    """The card beside the conversation, on I, the campaign picker and the y/n question."""
    app, _ = make_app(tmp_path, fake=FakeLemlist(conversations=_ascii_data()), demo=False)
    app.initial_contact = QUOTES_CONTACT_ID
    walk = Walk(app)
    card = LeadCard(
        contact_id=QUOTES_CONTACT_ID, email="lee@acme.test", full_name="Lee Lead",
        first_name="Lee", last_name="Lead", job_title="Head of Ops", company="Acme",
        industry="Freight", lead_status="interested", linkedin_url="", unsubscribed=True,
        campaigns=(
            LeadCampaign("cam_A", "Northwind Q4", "running", "lea_a", "interested", False),
            LeadCampaign("cam_B", "Spring", "ended", "lea_b", "paused", True),
        ),
        raw={},
    )  # fmt: skip
    async with app.run_test(size=(160, 40)) as pilot:
        await _is(pilot, "ConversationScreen")
        app.conversation_screen.card_view.show_card(card, current_campaign="cam_A")
        await pilot.pause()
        walk.check("the card beside the conversation")
        await app.push_screen(LeadCardScreen(card, current_campaign="cam_A"))
        await _is(pilot, "LeadCardScreen")
        walk.check("the lead card")
        await pilot.press("escape")
        await app.push_screen(CampaignPicker("Interested in which campaign?", card.campaigns))
        await _is(pilot, "CampaignPicker")
        walk.check("the campaign picker")
        await pilot.press("escape")
        await app.push_screen(LeadQuestion(Text("Mark Lee Lead interested in Northwind Q4? y/n")))
        await _is(pilot, "LeadQuestion")
        walk.check("the lead question")
        await pilot.press("n")
    assert not walk.faults, "\n".join(walk.faults)
    assert walk.seen >= {"LeadCardScreen", "CampaignPicker", "LeadQuestion"}


async def test_the_conversation_header_says_ascii_when_letters_are_drawn_as_look_alikes(
    tmp_path: Path, ascii_mode: None
) -> None:
    from lemtui.demo.data import SAMPLE_CONTACT_ID

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        modes = " ".join(mode.plain for mode in app.conversation_screen.header_modes())
        assert modes.startswith("ascii")


async def test_the_header_says_nothing_of_ascii_in_unicode(tmp_path: Path) -> None:
    from lemtui.demo.data import SAMPLE_CONTACT_ID

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        modes = " ".join(mode.plain for mode in app.conversation_screen.header_modes())
        assert "ascii" not in modes
