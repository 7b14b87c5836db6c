"""The built-in editor: a text area for the reply, for when no `$VISUAL`/`$EDITOR` is set (or
the config says `editor = "builtin"`). Fits 80×24; its keys work over SSH and inside tmux.

What is typed is saved to the private local draft a moment after each pause in typing, and
again on close, so a dropped SSH session loses at most the last second or two of typing.
When the text cannot be written (a full disk), Esc does not close at once: the editor stays open
and says so; a second Esc closes it and the reply flow keeps the text in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar

__all__ = ["AUTOSAVE_SECONDS", "EditorResult", "ReplyEditorScreen"]

AUTOSAVE_SECONDS: Final = 1.5
"""Quiet time after a keystroke before what is typed is written to the local draft."""


@dataclass(frozen=True, slots=True)
class EditorResult:
    """The text as the editor closed, and whether the user finished (ctrl+s) or cancelled."""

    text: str
    done: bool


class ReplyEditorScreen(Screen[EditorResult]):
    """A full-screen text area; ctrl+s finishes, Esc cancels (the text is kept either way)."""

    HELP_SECTION: ClassVar[str] = "Replying (R)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "done", "Done", id="editor_done",
            tooltip="Built-in editor: finish writing and review the reply",
        ),
        Binding(
            "escape", "cancel", "Cancel (kept)", id="editor_cancel",
            tooltip="Built-in editor: close without sending; the text is kept for the next R",
        ),
    ]  # fmt: skip

    def __init__(
        self,
        text: str,
        *,
        heading: Text,
        autosave: Callable[[str], str | None],
    ) -> None:
        """`heading` says who the reply is for; `autosave(text)` writes the local draft and
        returns why it could not, or None."""
        super().__init__()
        self.initial = text
        self.heading = heading
        self.autosave = autosave
        self._timer: Timer | None = None
        self._saved = text
        self._unsaved_said = False
        """Esc found text it could not write and said so: the next Esc closes."""

    def compose(self) -> ComposeResult:
        """Who it is for, the text area, a line on Markdown and the keys, the footer."""
        yield HeaderBar(id="editor-header")
        yield TextArea(
            self.initial,
            id="editor-text",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
        )
        yield Static(
            Text(
                f"Markdown: **bold**, *italic*, - lists, [text](https://{glyphs().ellipsis}) "
                f"{glyphs().dot} ctrl+s done {glyphs().dot} Esc cancel (the text is kept)",
                style="dim",
            ),
            id="editor-hint",
            markup=False,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        """Typing goes into the text area, at the end of any text continued."""
        self.query_one(HeaderBar).show(self.heading, Text("built-in editor", style="dim"))
        area = self.query_one(TextArea)
        area.cursor_blink = False
        area.move_cursor(area.document.end)
        self.set_focus(area)

    @property
    def text(self) -> str:
        """What the text area holds now."""
        return self.query_one(TextArea).text

    @on(TextArea.Changed, "#editor-text")
    def _changed(self) -> None:
        # Within AUTOSAVE_SECONDS of a change, pause or not: steady typing is saved as it goes.
        if self._timer is None:
            self._timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)

    def _autosave(self) -> None:
        self._timer = None
        self.save_now()

    def save_now(self) -> str | None:
        """Write what is typed if it changed; why it could not be written, or None."""
        text = self.text
        if text == self._saved or not text.strip():
            return None
        problem = self.autosave(text)
        if problem is None:
            self._saved = text
            return None
        self.query_one("#editor-hint", Static).update(
            Text(f"Not saved on disk: {problem}", style="bold red")
        )
        return problem

    def _close(self, done: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(EditorResult(self.text, done))

    def action_done(self) -> None:
        """ctrl+s: finish writing; the review screen comes next."""
        self._close(done=True)

    def action_cancel(self) -> None:
        """Esc: close without going on; what was typed stays in the local draft. Text that
        cannot be written keeps the editor open, said; Esc again closes it (kept in memory)."""
        problem = self.save_now()
        if problem is not None and not self._unsaved_said:
            self._unsaved_said = True
            self.query_one("#editor-hint", Static).update(
                Text(
                    f"Not saved on disk: {problem}. The editor stays open: free some space and "
                    "press Esc again, or ctrl+s to review. Esc again keeps the text in memory "
                    "until lemtui quits (R offers it again).",
                    style="bold red",
                )
            )
            return
        self._close(done=False)
