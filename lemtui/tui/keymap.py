"""The config's `[keys]` table applied to the running app: what it cannot mean is said, not fatal.

A name that no binding carries is left out and named in a warning with the known names; keys
that now run two actions where both are active (the app's, a screen's and the focused
widget's) are named too, and so is an action left with no key at all (its only key taken).
Textual then applies the overrides to the live bindings (`App.set_keymap`), and the help and
the palette read them the same way (`lemtui.tui.commands`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lemtui.tui.commands import binding_ids, key_clashes, key_commands
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.screens.help import bound_classes
from lemtui.tui.screens.inbox import InboxScreen
from lemtui.tui.widgets.message_detail import MessageDetail
from lemtui.tui.widgets.paged_list import PagedList

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

__all__ = ["active_together", "apply_config_keys", "config_clashes", "keys_taken"]


def active_together(app_class: type[App[Any]]) -> tuple[tuple[type[DOMNode], ...], ...]:
    """The classes whose keys are active at the same time: the app's, a screen's, and the
    widget that has the focus there."""
    return (
        (app_class, InboxScreen, PagedList),
        (app_class, ConversationScreen, PagedList),
        (app_class, ConversationScreen, MessageDetail),
    )


def config_clashes(app_class: type[App[Any]], keymap: Mapping[str, str]) -> list[str]:
    """Keys that `keymap` gives to two actions active together, said in words."""
    return key_clashes(active_together(app_class), keymap)


def keys_taken(app_class: type[App[Any]], keymap: Mapping[str, str]) -> list[str]:
    """Actions that `keymap` leaves without any key, said in words: a rebinding onto the only
    key of another action of the same place takes it (Textual drops the other binding), as
    `reply = "r"` does to Reload."""
    if not keymap:
        return []
    lost: list[str] = []
    for owner in bound_classes(app_class):
        after = key_commands([owner], keymap)
        kept = {command.action for command in after if command.keys}
        for command in key_commands([owner]):
            if command.action in kept or not command.keys:
                continue
            takers = sorted({other.title for other in after if set(other.keys) & set(command.keys)})
            line = f"{command.title} ({'/'.join(command.keys)}, now {' and '.join(takers)})"
            if takers and line not in lost:
                lost.append(line)
    return lost


def apply_config_keys(app: App[Any], keys: Mapping[str, str]) -> dict[str, str]:
    """Apply `keys` (binding id → keys) to `app`; returns the overrides in force."""
    known = binding_ids(bound_classes(type(app)))
    keymap = {name: value for name, value in keys.items() if name in known}
    unknown = sorted(set(keys) - known)
    if unknown:
        app.notify(
            f"Unknown key binding name(s) in the config: {', '.join(unknown)}. "
            f"Known: {', '.join(sorted(known))}",
            severity="warning",
            markup=False,
            timeout=10,
        )
    app.set_keymap(keymap)
    for said, problems in (
        ("Left without a key by the config's [keys]: ", keys_taken(type(app), keymap)),
        (
            "Keys that now do two things (the first one found wins): ",
            config_clashes(type(app), keymap),
        ),
    ):
        if problems:
            app.notify(
                said + "; ".join(problems),
                title="Key bindings",
                severity="warning",
                markup=False,
                timeout=10,
            )
    return keymap
