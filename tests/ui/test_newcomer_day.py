"""A newcomer's day (issue 22): read-only marks, the palette, the search line, keys that say
what they did."""

from __future__ import annotations

from pathlib import Path

from lemtui.demo.data import EMPTY_CONTACT_ID, SAMPLE_CONTACT_ID
from lemtui.demo.fake_api import DEMO_USER_ID
from lemtui.tui.app import LemtuiApp
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar
from tests.support.app import FIXED_NOW, make_app, settle

WIDE = (120, 40)


def notes(app: LemtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def footer_keys(app: LemtuiApp) -> set[str]:
    return {key.description for key in app.screen.query_one(KeysFooter).keys}


def header_text(app: LemtuiApp) -> str:
    return str(app.screen.query_one("#header-stats").render())


async def test_read_only_hides_the_write_keys_and_marks_the_header(tmp_path: Path) -> None:
    app, fake = make_app(
        tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID, read_only=True
    )
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.screen is app.conversation_screen
        assert "Reply" not in footer_keys(app)
        assert "Quotes" in footer_keys(app)  # the other keys stay
        palette = {command.title for command in app.get_system_commands(app.screen)}
        assert "Reply" not in palette and "Mark as read" not in palette
        assert header_text(app).startswith("read-only")
        await pilot.press("R")  # hidden, yet it says why it does nothing
        await settle(pilot)
        assert any(n.startswith("Replying is off: lemtui runs read-only") for n in notes(app))
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is app.inbox_screen
        assert header_text(app).startswith("read-only")
    assert {r.method for r in fake.requests} == {"GET"}


async def test_the_header_has_no_read_only_mark_otherwise(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "Reply" in footer_keys(app)
        assert "read-only" not in header_text(app)
        assert app.screen.query_one(HeaderBar) is not None


async def test_the_palette_offers_lemtuis_commands_and_the_theme_picker_only(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Quit") == 1
        assert "Theme" in titles
        for textuals in ("Keys", "Maximize", "Minimize", "Screenshot"):
            assert textuals not in titles


def search_status(app: LemtuiApp) -> str:
    screen = app.inbox_screen
    assert screen is not None
    bar = screen.search_bar
    return str(bar.query_one("#search-status").render()) if bar.has_class("-shown") else ""


async def test_esc_clears_the_inbox_search(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.screen is app.inbox_screen
        await pilot.press("slash", *"schmidt", "enter")
        await settle(pilot)
        assert "schmidt" in search_status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert search_status(app) == ""
        assert app.inbox_screen.search_bar.result is None
        await pilot.press("f")  # a filter later does not bring it back
        await settle(pilot)
        assert search_status(app) == ""


async def test_n_says_which_hit_and_when_it_goes_round(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.inbox_screen
        assert screen is not None
        await pilot.press("slash", *"schmidt", "enter")
        await settle(pilot)
        result = screen.search_bar.result
        assert result is not None
        count = len(result.hits)
        assert count >= 2
        await pilot.press("n")
        assert search_status(app).startswith(f"hit 2 of {count}")
        for _ in range(count - 1):
            await pilot.press("n")
        assert search_status(app).startswith(f"hit 1 of {count}, from the top again")
        await pilot.press("N")
        assert search_status(app).startswith(f"hit {count} of {count}, from the bottom again")


async def test_i_leaves_a_teammates_inbox_for_yours(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        inbox = app.inbox_screen
        assert inbox is not None
        await pilot.press("U")
        await settle(pilot)
        await pilot.press("j", "enter")  # the first teammate after you
        await settle(pilot)
        assert inbox.user_id != DEMO_USER_ID
        await pilot.press("i")
        await settle(pilot)
        assert app.screen is inbox
        assert inbox.user_id == DEMO_USER_ID
        assert inbox.user_label == ""


def test_a_rebinding_that_takes_the_only_key_of_another_action_is_reported() -> None:
    from lemtui.tui.keymap import keys_taken

    assert keys_taken(LemtuiApp, {}) == []
    assert keys_taken(LemtuiApp, {"toggle_quotes": "Z"}) == []
    assert keys_taken(LemtuiApp, {"reply": "r"}) == ["Reload (r, now Reply)"]


async def test_the_app_says_which_action_lost_its_key(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, keys={"reply": "r"})
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert any("Reload (r, now Reply)" in note for note in notes(app)), notes(app)


async def test_r_says_what_the_reload_found(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, clock=lambda: FIXED_NOW)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert f"Nothing new: updated {FIXED_NOW:%H:%M}." in notes(app)


async def test_w_and_z_say_when_there_is_nothing_to_do(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.conversation_screen
        detail = screen.detail
        for _ in screen.message_list.items:  # a message with nothing folded
            rendered = detail.rendered
            if rendered is not None and not any(block.folded for block in rendered.blocks):
                break
            await pilot.press("j")
            await settle(pilot)
        rendered = detail.rendered
        assert rendered is not None and not rendered.clipped
        assert not any(block.folded for block in rendered.blocks)
        await pilot.press("z")
        await settle(pilot)
        assert not detail.unfold
        assert "Nothing to fold or unfold: no quote or signature here." in notes(app)
        await pilot.press("enter", "W")
        await settle(pilot)
        assert "This body is shown whole already: W is for clipped ones." in notes(app)


async def test_R_on_an_empty_conversation_says_it_has_no_messages(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=EMPTY_CONTACT_ID, user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        said = notes(app)
        assert "No message to reply to: no messages yet." in said
        assert not any("open a conversation first" in note for note in said)


async def test_a_toast_keeps_an_email_address_whole_at_80_columns(tmp_path: Path) -> None:
    email = "ana.maria.longname-smith@northwind-example.com"
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify(f"No contact with the email {email} was found.", markup=False)
        await pilot.pause()
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert toasts
        toast = toasts[-1]
        lines = [
            "".join(segment.text for segment in toast.render_line(y))
            for y in range(toast.size.height)
        ]
        assert any(email in line for line in lines), lines


async def test_an_email_as_the_contact_argument_is_looked_up(tmp_path: Path) -> None:
    app, fake = make_app(tmp_path, contact_id="Victoire@Lemlist.co", user_id=DEMO_USER_ID)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.screen is app.conversation_screen
        assert app.conversation_screen.pager is not None
        assert app.conversation_screen.pager.contact_id == SAMPLE_CONTACT_ID
    assert any("/api/contacts/" in r.path for r in fake.requests)
