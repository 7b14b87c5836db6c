"""Every key lemtui answers to, read from the bindings themselves.

The `?` help, the command palette and the names the config's `[keys]` table may rebind all
come from here, and here from the classes' `BINDINGS` with the user's key overrides applied
the way Textual applies them (a binding's `id` names it; the override replaces its keys). So
help, palette and footer cannot disagree with a rebinding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["KeyCommand", "binding_ids", "key_clashes", "key_commands", "sections"]

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


def sections() -> tuple[tuple[str, tuple[type[DOMNode], ...]], ...]:
    """The help's sections and the classes whose bindings each lists, in order."""
    from lemtui.tui.app import LemtuiApp
    from lemtui.tui.screens.contact_prompt import ChoiceList, ContactPrompt
    from lemtui.tui.screens.conversation import ConversationScreen
    from lemtui.tui.screens.help import HelpScreen
    from lemtui.tui.screens.inbox import InboxScreen
    from lemtui.tui.screens.link_prompt import LinkPrompt
    from lemtui.tui.screens.reply_editor import ReplyEditorScreen
    from lemtui.tui.screens.reply_question import ReplyQuestion
    from lemtui.tui.screens.reply_review import ReplyReviewScreen
    from lemtui.tui.screens.team_picker import TeamList, TeamPicker
    from lemtui.tui.widgets.message_detail import MessageDetail
    from lemtui.tui.widgets.paged_list import PagedList
    from lemtui.tui.widgets.search_bar import SearchBar

    return (
        ("Everywhere", (LemtuiApp,)),
        ("Inbox", (InboxScreen,)),
        ("Lists (inbox and messages)", (PagedList,)),
        ("Conversation", (ConversationScreen,)),
        ("Message", (MessageDetail,)),
        ("Replying (R)", (ReplyReviewScreen, ReplyEditorScreen, ReplyQuestion)),
        ("Search field (Enter searches)", (SearchBar,)),
        ("Contact prompt", (ContactPrompt, ChoiceList)),
        ("Link prompt", (LinkPrompt,)),
        ("Team (U)", (TeamPicker, TeamList)),
        ("This help", (HelpScreen,)),
    )


def _class_bindings(owner: type[DOMNode]) -> list[Binding]:
    """`owner`'s bindings as Textual merges them (inherited ones included), one per key."""
    merged = owner._merged_bindings or BindingsMap()
    return [binding for bindings in merged.key_to_bindings.values() for binding in bindings]


def _overridden(bindings: list[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings with the keymap applied, as Textual applies it to a live node."""
    live = BindingsMap(bindings)
    if keymap:
        live.apply_keymap(dict(keymap))
    return [binding for bindings in live.key_to_bindings.values() for binding in bindings]


def key_commands(keymap: Mapping[str, str] | None = None) -> list[KeyCommand]:
    """Every action of every section, with the keys that run it under `keymap`."""
    commands: list[KeyCommand] = []
    for section, owners in sections():
        for owner in owners:
            by_action: dict[str, list[Binding]] = {}
            for binding in _overridden(_class_bindings(owner), keymap or {}):
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
                keys = tuple(dict.fromkeys(b.key for b in ordered))
                commands.append(
                    KeyCommand(
                        section=section,
                        owner=owner,
                        action=action,
                        keys=keys,
                        title=ours.description or action.replace("_", " "),
                        help=ours.tooltip or ours.description or action.replace("_", " "),
                        binding_id=next((b.id for b in bindings if b.id), None),
                    )
                )
    palette = KeyCommand(
        section="Everywhere",
        owner=DOMNode,
        action="command_palette",
        keys=("ctrl+p",),
        title="Commands",
        help="Every command, searchable (the command palette)",
        binding_id=None,
    )
    everywhere = sum(1 for command in commands if command.section == "Everywhere")
    commands.insert(everywhere, palette)
    return commands


def key_clashes(keymap: Mapping[str, str]) -> list[str]:
    """Keys that `keymap` gives to two different actions of the same place, said in words.

    Only clashes that involve a rebound binding are reported (the defaults never clash), and
    only between bindings that are active together: the app's, a screen's and the focused
    widget's.
    """
    from lemtui.tui.app import LemtuiApp
    from lemtui.tui.screens.conversation import ConversationScreen
    from lemtui.tui.screens.inbox import InboxScreen
    from lemtui.tui.widgets.message_detail import MessageDetail
    from lemtui.tui.widgets.paged_list import PagedList

    together: tuple[tuple[type[DOMNode], ...], ...] = (
        (LemtuiApp, InboxScreen, PagedList),
        (LemtuiApp, ConversationScreen, PagedList),
        (LemtuiApp, ConversationScreen, MessageDetail),
    )
    commands = key_commands(keymap)
    clashes: list[str] = []
    for group in together:
        by_key: dict[str, list[KeyCommand]] = {}
        for command in commands:
            if command.owner in group:
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


def binding_ids() -> set[str]:
    """The names the config's `[keys]` table may rebind (the bindings that carry an id)."""
    return {command.binding_id for command in key_commands() if command.binding_id}


def keys_label(command: KeyCommand, app: App[Any]) -> str:
    """The command's keys as the footer would write them (`ctrl+p` → `^p`), joined."""
    display: Callable[[Binding], str] = app.get_key_display
    return " ".join(display(Binding(key, command.action)) for key in command.keys)
