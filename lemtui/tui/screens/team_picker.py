"""The team picker: a modal listing the team's users, returning the one whose inbox to read.

For managers who read their team's replies (`U`). The users come from `GET /team` (the
client's `get_team`, in a worker); what goes wrong is said in the box, and Esc always leaves.
Your own entry is marked, and so is the inbox shown now.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lemtui.lemlist.inbox import TeamMember
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.notices import error_text
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["TeamList", "TeamPicker"]

TeamLookup = Callable[[], Awaitable[Sequence[TeamMember]]]


class TeamList(OptionList):
    """The team's users; j/k move."""

    HELP_SECTION: ClassVar[str] = "Team (U)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next user"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous user"),
    ]


class TeamPicker(ModalScreen[TeamMember | None]):
    """Lists the team's users; dismisses with the one chosen, or None on Esc."""

    HELP_SECTION: ClassVar[str] = "Team (U)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close, back to where you were"),
    ]

    def __init__(self, lookup: TeamLookup, *, own_user_id: str = "", shown_user_id: str = ""):
        """`lookup` fetches the team; `own_user_id` and `shown_user_id` are marked."""
        super().__init__()
        self.lookup = lookup
        self.own_user_id = own_user_id
        self.shown_user_id = shown_user_id
        self.members: tuple[TeamMember, ...] = ()

    def compose(self) -> ComposeResult:
        """Title, the list (filled once the team arrives), a status line, the footer."""
        with Vertical(id="team-box"):
            yield Static(Text("Read a teammate's inbox", style="bold"), id="team-title")
            yield TeamList(id="team-list", markup=False)
            yield Static(
                Text(f"Loading the team{glyphs().ellipsis}", style="dim"), id="team-status"
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        """Ask for the team."""
        self.query_one(TeamList).display = False
        self._load()

    @work(exclusive=True, group="team", exit_on_error=False)
    async def _load(self) -> None:
        status = self.query_one("#team-status", Static)
        try:
            members = tuple(await self.lookup())
        except Exception as error:  # an ApiError, or a bug: say it in the box
            status.update(
                Text.assemble(
                    ("Could not load the team: ", "bold"),
                    error_text(error),
                    ("\nEsc closes.", "dim"),
                )
            )
            return
        self.members = members
        if not members:
            status.update(Text("The team has no users to show. Esc closes.", style="dim"))
            return
        team_list = self.query_one(TeamList)
        team_list.set_options(self._option(member) for member in members)
        team_list.display = True
        status.update(Text(f"Enter opens that user's inbox {glyphs().dot} Esc closes", style="dim"))
        shown = next((row for row, m in enumerate(members) if m.user_id == self.shown_user_id), 0)
        team_list.highlighted = shown
        self.set_focus(team_list)

    def _option(self, member: TeamMember) -> Option:
        label = Text(no_wrap=True, overflow=glyphs().overflow, end="")
        label.append(clean_line(member.label)[:60], style="bold")
        email = clean_line(member.email)
        if email and member.name:
            label.append(f"  {email[:80]}", style="dim")
        role = clean_line(member.role)
        if role:
            label.append(f"  {role[:20]}", style="dim")
        notes = [
            note
            for note, wanted in (
                ("you", member.user_id == self.own_user_id),
                ("shown", member.user_id == self.shown_user_id),
            )
            if wanted
        ]
        if notes:
            label.append(f"  ({', '.join(notes)})", style="italic")
        return Option(keep_spaces(label), id=member.user_id)

    @on(OptionList.OptionSelected, "#team-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        member = next((m for m in self.members if m.user_id == event.option.id), None)
        if member is not None:
            self.dismiss(member)

    def action_cancel(self) -> None:
        """Esc: close without choosing."""
        self.dismiss(None)
