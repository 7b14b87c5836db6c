"""What `/` in the inbox finds in the local cache: one row per conversation, with its line.

The search runs on the cache's thread (`CacheGlue.search`); the hits show in a modal, best
first (a hit in the lead's new words above one only in quoted history). `n`/`N` (and j/k,
the arrows) move between hits, Enter opens that conversation at the message that matched, Esc
goes back to the inbox. Every text shown is cleaned and drawn as `Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lemtui.local.cache.query import SearchHit
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from lemtui.tui.screens.inbox import InboxScreen

__all__ = ["CacheHits", "HitList", "search_cache"]


class HitList(OptionList):
    """The hits; n/N and j/k move."""

    HELP_SECTION: ClassVar[str] = "Cache search (/ in the inbox)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "cursor_down", "Next hit", tooltip="The next conversation that matches"),
        Binding("N", "cursor_up", "Previous hit", tooltip="The previous one"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class CacheHits(ModalScreen[SearchHit | None]):
    """The conversations the cache found; dismisses with the one chosen, or None on Esc."""

    HELP_SECTION: ClassVar[str] = "Cache search (/ in the inbox)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", tooltip="Close, back to the inbox"),
    ]

    def __init__(self, query: str, hits: Sequence[SearchHit]) -> None:
        super().__init__()
        self.search_text = query
        self.hits = tuple(hits)

    def compose(self) -> ComposeResult:
        """Title, the hits, what the keys do, the footer."""
        count = len(self.hits)
        noun = "conversation" if count == 1 else "conversations"
        quoted = glyphs().quoted(clean_line(self.search_text)[:40])
        with Vertical(id="hits-box"):
            yield Static(
                Text(f"{count} cached {noun} match {quoted}", style="bold"), id="hits-title"
            )
            yield HitList(
                *(self._option(n, hit) for n, hit in enumerate(self.hits)), id="hits-list"
            )
            yield Static(
                Text(f"Enter opens it at the match {glyphs().dot} n/N next/previous "
                     f"{glyphs().dot} Esc back", style="dim"),
                id="hits-status",
            )  # fmt: skip
        yield KeysFooter()

    def on_mount(self) -> None:
        """The first hit is highlighted."""
        hit_list = self.query_one(HitList)
        hit_list.highlighted = 0
        self.set_focus(hit_list)

    @staticmethod
    def _option(number: int, hit: SearchHit) -> Option:
        label = Text(no_wrap=True, overflow=glyphs().overflow, end="")
        label.append(clean_line(hit.name or hit.email or hit.contact_id)[:50], style="bold")
        if hit.email and hit.name:
            label.append(f"  {clean_line(hit.email)[:60]}", style="dim")
        if hit.in_quote:
            label.append("  (in quoted history)", style="italic")
        label.append("\n    ")
        label.append(clean_line(hit.line)[:200] or "(name, email or company)", style="dim")
        return Option(keep_spaces(label), id=str(number))

    @on(OptionList.OptionSelected, "#hits-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        """Esc: back to the inbox."""
        self.dismiss(None)


async def search_cache(screen: InboxScreen, query: str) -> None:
    """`/` in the inbox with a cache: search it, show the hits, open the one chosen."""
    glue = screen.cache
    if glue is None:
        return
    hits = await glue.search(query)
    if not hits:
        return  # the inbox's own row search has said what it found

    def chosen(hit: SearchHit | None) -> None:
        if hit is None or glue is None:
            return
        glue.open_at(hit.contact_id, hit.message_id)
        screen.post_message(screen.OpenConversation(hit.contact_id, hit.name, hit.email))

    await screen.app.push_screen(CacheHits(query, hits), chosen)
