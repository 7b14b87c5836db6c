"""The help screen: every key, grouped by where it works, read from the bindings themselves.

`bound_classes` is the one list of the classes that have keys, in the help's order; each
names its own section (`HELP_SECTION`). `lemtui.tui.commands` reads their bindings with the
config's `[keys]` overrides applied as Textual applies them, so the help always shows the keys
that really work, as the footer and the palette do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lemtui.tui.commands import KeyCommand, help_commands, keys_label
from lemtui.tui.reply.editor import ReplyEditorScreen
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.reply.review import ReplyReviewScreen
from lemtui.tui.screens.cache_hits import CacheHits, HitList
from lemtui.tui.screens.contact_prompt import ChoiceList, ContactPrompt
from lemtui.tui.screens.conversation import ConversationScreen
from lemtui.tui.screens.filter_picker import FilterPicker
from lemtui.tui.screens.inbox import InboxScreen
from lemtui.tui.screens.lead_screens import CampaignPicker, LeadCardScreen, LeadQuestion
from lemtui.tui.screens.link_prompt import LinkPrompt
from lemtui.tui.screens.loading_rest import LoadingRest
from lemtui.tui.screens.pick_list import PickOptions
from lemtui.tui.screens.team_picker import TeamList, TeamPicker
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.message_detail import MessageDetail
from lemtui.tui.widgets.paged_list import PagedList
from lemtui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

__all__ = ["HelpScreen", "bound_classes"]


def bound_classes(app_class: type[App[Any]]) -> tuple[type[DOMNode], ...]:
    """Every class with keys of its own, in the help's order: `app_class`'s (the keys that work
    everywhere) first, each place's next, this help's last."""
    return (
        app_class,
        InboxScreen,
        PagedList,
        ConversationScreen,
        MessageDetail,
        ReplyReviewScreen,
        ReplyEditorScreen,
        ReplyQuestion,
        LeadQuestion,
        CampaignPicker,
        LeadCardScreen,
        FilterPicker,
        PickOptions,
        SearchBar,
        ContactPrompt,
        ChoiceList,
        LinkPrompt,
        LoadingRest,
        TeamPicker,
        TeamList,
        CacheHits,
        HitList,
        HelpScreen,
    )


class HelpScreen(ModalScreen[None]):
    """All the keys; Esc, q or ? closes it."""

    HELP_SECTION: ClassVar[str] = "This help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", tooltip="Close this help"),
        Binding("j,down", "scroll('down')", "Down", show=False, tooltip="Scroll down"),
        Binding("k,up", "scroll('up')", "Up", show=False, tooltip="Scroll up"),
        Binding("g,home", "scroll('home')", "Top", show=False, tooltip="To the top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, tooltip="To the bottom"),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = dict(keymap or {})
        """The key overrides in force (the config's `[keys]`)."""

    def compose(self) -> ComposeResult:
        """The key table in a scrollable box (it is taller than 24 lines)."""
        commands = help_commands(bound_classes(type(self.app)), self.keymap)
        close = next((c for c in commands if c.owner is HelpScreen and c.action == "close"), None)
        closing = f"{keys_label(close, self.app)} closes" if close else ""
        with VerticalScroll(id="help-box"):
            yield Static(
                keep_spaces(Text.assemble(("lemtui keys", "bold"), "  ", (closing, "dim"))),
                id="help-title",
            )
            yield Static(self.key_table(commands), id="help-keys", markup=False)
        yield KeysFooter()

    def key_table(self, commands: list[KeyCommand]) -> RenderableType:
        """One section per place, each a two-column grid: wrapped help stays in its column."""
        parts: list[RenderableType] = []
        width = max((len(keys_label(c, self.app)) for c in commands), default=8) + 2
        section = ""
        grid: Table | None = None
        for command in commands:
            if command.section != section:
                section = command.section
                if parts:
                    parts.append(Text(""))
                parts.append(Text(section, style="bold underline"))
                grid = Table.grid(padding=(0, 1, 0, 2))
                grid.add_column(width=width, style="bold", no_wrap=True)
                grid.add_column(ratio=1)
                parts.append(grid)
            assert grid is not None
            grid.add_row(keys_label(command, self.app), command.help)
        return Group(*parts)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        """Scroll the key table."""
        box = self.query_one("#help-box", VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        elif direction == "home":
            box.scroll_home(animate=False)
        elif direction == "end":
            box.scroll_end(animate=False)
        else:
            box.scroll_up(animate=False)
