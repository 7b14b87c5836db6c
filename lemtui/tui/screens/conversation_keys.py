"""The conversation screen's keys (its `BINDINGS`), with the words its footer and help show.

Kept apart from the screen so that the screen's module holds behaviour; `[keys]` in the
config rebinds any of them by its id (`lemtui.tui.keymap`).
"""

from __future__ import annotations

from typing import Final

from textual.binding import Binding, BindingType

__all__ = ["CONVERSATION_KEYS"]

CONVERSATION_KEYS: Final[list[BindingType]] = [
    Binding("slash", "search", "Search", id="search", tooltip="Search the loaded messages"),
    Binding(
        "f", "filter", "Filter", id="filter",
        tooltip="All, replies, sent, email, LinkedIn, other channels",
    ),
    Binding("n", "next_hit", "Next hit", show=False, id="next_hit"),
    Binding("N", "previous_hit", "Previous hit", show=False, id="previous_hit"),
    Binding(
        "L", "load_all", "Load all", show=False, id="load_all",
        tooltip="Load every page of the conversation (then search again)",
    ),
    Binding(
        "y", "copy_message", "Copy message", show=False, id="copy_message",
        tooltip="Copy the open message as text (OSC 52)",
    ),
    Binding(
        "Y", "copy_conversation", "Copy conversation", show=False, id="copy_conversation",
        tooltip="Copy the conversation as Markdown (its pages loaded first)",
    ),
    Binding(
        "e", "export", "Export conversation", show=False, id="export",
        tooltip="Save the conversation to ~/lemtui-exports (0600; pages loaded first)",
    ),
    Binding(
        "l", "link", "Open link", show=False, id="link",
        tooltip="Open link N of the message (copied instead over SSH)",
    ),
    Binding(
        "r", "reload", "Reload", show=False, id="reload",
        tooltip="Load what is new, or retry what failed",
    ),
    Binding(
        "z", "toggle_quotes", "Quotes", id="toggle_quotes",
        tooltip="Unfold or fold quoted text and signatures",
    ),
    Binding(
        "m", "mark_read", "Mark as read", show=False, id="mark_read",
        tooltip="Mark the conversation read (needs a user ID)",
    ),
    Binding(
        "R", "reply", "Reply", id="reply",
        tooltip="Reply to the message under the cursor: your editor, then review (d draft, "
        "s send)",
    ),
    Binding(
        "J", "next_message", "Next message", show=False, id="next_message",
        tooltip="The next (older) message, from the list or while reading it",
    ),
    Binding(
        "K", "previous_message", "Previous message", show=False, id="previous_message",
        tooltip="The previous (newer) message, from the list or while reading it",
    ),
    Binding(
        "plus", "lead_interested", "Interested", show=False, id="lead_interested",
        tooltip="Mark the lead interested in this message's campaign (asks first)",
    ),
    Binding(
        "minus", "lead_not_interested", "Not interested", show=False, id="lead_not_interested",
        tooltip="Mark the lead not interested in this message's campaign (asks first)",
    ),
    Binding(
        "p", "lead_pause", "Pause/resume", show=False, id="lead_pause",
        tooltip="Pause the lead's sequence in this message's campaign, or resume it (asks)",
    ),
    Binding("I", "lead_card", "Lead card", show=False, id="lead_card", tooltip="The lead card"),
    Binding(
        "right_square_bracket", "next_conversation", "Next conversation", show=False,
        id="next_conversation", tooltip="Open the next conversation of the inbox",
    ),
    Binding(
        "left_square_bracket", "previous_conversation", "Previous conversation",
        show=False, id="previous_conversation",
        tooltip="Open the previous conversation of the inbox",
    ),
    Binding(
        "tab", "switch_pane", "Switch pane", show=False, id="switch_pane",
        tooltip="Switch between the list and the message",
    ),
    Binding("shift+tab", "switch_pane", "Switch pane", show=False),
    Binding(
        "escape", "back", "Back", id="back",
        tooltip="Close the search, back to the list, then to the inbox",
    ),
]  # fmt: skip
