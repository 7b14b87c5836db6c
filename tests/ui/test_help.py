"""The help and the palette come from the live bindings: every key appears, as rebound."""

from __future__ import annotations

import importlib
import io
import pkgutil
from pathlib import Path

from rich.console import Console
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Static

import lemtui
from lemtui.demo.data import SAMPLE_CONTACT_ID
from lemtui.tui.app import LemtuiApp
from lemtui.tui.commands import class_bindings, help_commands, help_section
from lemtui.tui.screens.help import HelpScreen, bound_classes
from tests.support.app import make_app, settle


def _lemtui_classes_with_bindings() -> list[type[DOMNode]]:
    """Every widget, screen or app class of lemtui that declares bindings of its own."""
    for module in pkgutil.walk_packages(lemtui.__path__, "lemtui."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("lemtui.") and "BINDINGS" in cls.__dict__:
            found.append(cls)
    return found


def _own_bindings(cls: type[DOMNode]) -> list[Binding]:
    bindings = []
    for item in cls.__dict__["BINDINGS"]:
        assert isinstance(item, Binding)
        for key in item.key.split(","):
            bindings.append(Binding(key.strip(), item.action, item.description, id=item.id))
    return bindings


def test_every_binding_of_every_class_is_in_the_help() -> None:
    classes = _lemtui_classes_with_bindings()
    assert len(classes) >= 8
    commands = help_commands(bound_classes(LemtuiApp))
    for cls in classes:
        for binding in _own_bindings(cls):
            listed = [
                c for c in commands if c.action == binding.action and issubclass(c.owner, cls)
            ]
            assert listed, f"{cls.__name__}: {binding.action} is not in the help"
            keys = {key for c in listed for key in c.keys}
            normal = Binding(binding.key, binding.action).key
            assert normal in keys or binding.key in keys, (cls.__name__, binding.key, keys)


def test_every_class_with_bindings_is_in_the_help_under_its_own_section() -> None:
    documented = bound_classes(LemtuiApp)
    for owner in documented:
        assert help_section(owner), f"{owner.__name__} declares no HELP_SECTION"
    for cls in _lemtui_classes_with_bindings():  # a base class is documented by its subclass
        assert any(issubclass(owner, cls) or issubclass(cls, owner) for owner in documented), (
            cls.__name__
        )


def test_bindings_are_merged_as_textual_merges_them() -> None:
    """`class_bindings` (public names only) agrees with Textual's own merge of each class."""
    for cls in bound_classes(LemtuiApp):
        merged = cls._merged_bindings
        assert merged is not None
        theirs = {key: [b.action for b in bs] for key, bs in merged.key_to_bindings.items()}
        ours = {
            key: [b.action for b in bs] for key, bs in class_bindings(cls).key_to_bindings.items()
        }
        assert ours == theirs, cls.__name__


def test_a_rebound_key_shows_as_rebound() -> None:
    keymap = {"toggle_quotes": "Z", "open_contact": "O,ctrl+o"}
    commands = help_commands(bound_classes(LemtuiApp), keymap)
    quotes = next(c for c in commands if c.action == "toggle_quotes")
    assert quotes.keys == ("Z",)
    opening = next(c for c in commands if c.action == "open_contact")
    assert opening.keys == ("O", "ctrl+o")


def _plain(renderable: object) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(renderable)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


async def test_help_and_palette_follow_the_config_keys(tmp_path: Path) -> None:
    app, _ = make_app(
        tmp_path,
        contact_id=SAMPLE_CONTACT_ID,
        keys={"toggle_quotes": "Z", "help": "H"},
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _plain(app.screen.query_one("#help-keys", Static).content)
        line = next(row for row in text.splitlines() if "Unfold or fold" in row)
        assert line.split()[0] == "Z"
        assert not any(row.split()[:1] == ["z"] for row in text.splitlines())
        await pilot.press("escape")
        await pilot.pause()
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert titles["Quotes"].endswith("(Z)")
        assert titles["Help"].endswith("(H)")


def test_a_rebinding_onto_a_key_in_use_is_reported() -> None:
    from lemtui.tui.keymap import config_clashes

    assert config_clashes(LemtuiApp, {}) == []
    assert config_clashes(LemtuiApp, {"toggle_quotes": "Z"}) == []
    clashes = config_clashes(LemtuiApp, {"down": "n"})
    assert clashes == ["n: Down and Next hit"]


async def test_the_app_says_which_keys_now_clash(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID, keys={"down": "n"})
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        assert any("n: Down and Next hit" in note for note in notes), notes


async def test_g_and_G_go_to_the_top_and_bottom_of_the_help(tmp_path: Path) -> None:
    from textual.containers import VerticalScroll

    app, _ = make_app(tmp_path, contact_id=SAMPLE_CONTACT_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box", VerticalScroll)
        assert box.max_scroll_y > 0
        await pilot.press("G")
        await settle(pilot)
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        await settle(pilot)
        assert box.scroll_y == 0
