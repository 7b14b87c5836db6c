"""Every key lemtui answers to, read from the bound classes' own bindings.

The `?` help, the command palette and the names the config's `[keys]` table may rebind all
come from here, and here from each class's `BINDINGS` (merged along its bases, as Textual
merges them) with the user's key overrides applied by Textual's own `BindingsMap.apply_keymap`,
as Textual applies them to the live bindings the footer shows. So help, palette and footer
cannot disagree with a rebinding. Each bound class names its help section itself
(`HELP_SECTION`), so this module needs no screen and no app: callers hand it the classes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "EVERYWHERE",
    "KeyCommand",
    "binding_ids",
    "class_bindings",
    "help_commands",
    "help_section",
    "key_clashes",
    "key_commands",
    "keys_label",
]

EVERYWHERE: Final = "Everywhere"
"""The app's section: the keys that work on every screen."""

# Inherited actions that lemtui does not offer (horizontal scrolling of a list, Textual's own
# quit keys: lemtui's `q` quits), left out of the help.
_NOT_OFFERED = frozenset(
    {
        "scroll_left",
        "scroll_right",
        "page_left",
        "page_right",
        "help_quit",
        "app.focus_next",
        "app.focus_previous",
        "screen.copy_text",
    }
)


@dataclass(frozen=True, slots=True)
class KeyCommand:
    """One action as the help and the palette show it."""

    section: str
    owner: type[DOMNode]
    action: str
    keys: tuple[str, ...]
    """The keys that run it now (overrides applied), in declaration order."""
    title: str
    """Short: the binding's description."""
    help: str
    """Longer: the binding's tooltip, else its description."""
    binding_id: str | None


def help_section(owner: type[DOMNode]) -> str:
    """The help section `owner` declares (`HELP_SECTION`); "" for a class without keys."""
    section = getattr(owner, "HELP_SECTION", "")
    return section if isinstance(section, str) else ""


def class_bindings(owner: type[DOMNode]) -> BindingsMap:
    """`owner`'s bindings merged along its bases as Textual merges them: a key bound by a
    subclass replaces every binding of that key from its bases."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(owner.__mro__):
        if issubclass(base, DOMNode) and "BINDINGS" in base.__dict__:
            keys.update(BindingsMap(base.__dict__["BINDINGS"]).key_to_bindings)
    return BindingsMap.from_keys(keys)


def _live(owner: type[DOMNode], keymap: Mapping[str, str]) -> list[Binding]:
    """`owner`'s bindings with the keymap applied, one per key, as a live node has them."""
    live = class_bindings(owner)
    if keymap:
        live.apply_keymap(dict(keymap))
    return [binding for bindings in live.key_to_bindings.values() for binding in bindings]


def key_commands(
    owners: Iterable[type[DOMNode]], keymap: Mapping[str, str] | None = None
) -> list[KeyCommand]:
    """Every action of `owners`, in their order, with the keys that run it under `keymap`."""
    commands: list[KeyCommand] = []
    for owner in owners:
        by_action: dict[str, list[Binding]] = {}
        for binding in _live(owner, keymap or {}):
            if binding.action in _NOT_OFFERED or binding.system:
                continue
            by_action.setdefault(binding.action, []).append(binding)
        for action, bindings in by_action.items():
            # lemtui's own binding (it has an id) speaks for the action, not an inherited one.
            ours = next((b for b in bindings if b.id), None) or next(
                (b for b in bindings if b.description), bindings[0]
            )
            # lemtui's own keys first (`q` before Textual's `ctrl+q`).
            ordered = sorted(bindings, key=lambda b: b.id is None and not b.tooltip)
            commands.append(
                KeyCommand(
                    section=help_section(owner),
                    owner=owner,
                    action=action,
                    keys=tuple(dict.fromkeys(b.key for b in ordered)),
                    title=ours.description or action.replace("_", " "),
                    help=ours.tooltip or ours.description or action.replace("_", " "),
                    binding_id=next((b.id for b in bindings if b.id), None),
                )
            )
    return commands


def help_commands(
    owners: Iterable[type[DOMNode]], keymap: Mapping[str, str] | None = None
) -> list[KeyCommand]:
    """`key_commands`, with the command palette's key after the app's own (as the help has it)."""
    commands = key_commands(owners, keymap)
    palette = KeyCommand(
        section=EVERYWHERE,
        owner=DOMNode,
        action="command_palette",
        keys=("ctrl+p",),
        title="Commands",
        help="Every command, searchable (the command palette)",
        binding_id=None,
    )
    everywhere = sum(1 for command in commands if command.section == EVERYWHERE)
    commands.insert(everywhere, palette)
    return commands


def key_clashes(
    together: Iterable[Sequence[type[DOMNode]]], keymap: Mapping[str, str]
) -> list[str]:
    """Keys that `keymap` gives to two different actions of classes active `together` (the
    app's, a screen's and the focused widget's), said in words.

    Only clashes that involve a rebound binding are reported (the defaults never clash).
    """
    clashes: list[str] = []
    for group in together:
        by_key: dict[str, list[KeyCommand]] = {}
        for command in key_commands(group, keymap):
            for key in command.keys:
                by_key.setdefault(key, []).append(command)
        for key, sharing in by_key.items():
            actions = {command.action for command in sharing}
            rebound = any(command.binding_id in keymap for command in sharing)
            if len(actions) > 1 and rebound:
                titles = " and ".join(sorted({command.title for command in sharing}))
                line = f"{key}: {titles}"
                if line not in clashes:
                    clashes.append(line)
    return clashes


def binding_ids(owners: Iterable[type[DOMNode]]) -> set[str]:
    """The names the config's `[keys]` table may rebind (the bindings that carry an id)."""
    return {command.binding_id for command in key_commands(owners) if command.binding_id}


def keys_label(command: KeyCommand, app: App[Any]) -> str:
    """The command's keys as the footer would write them (`ctrl+p` → `^p`), joined."""
    display: Callable[[Binding], str] = app.get_key_display
    return " ".join(display(Binding(key, command.action)) for key in command.keys)
