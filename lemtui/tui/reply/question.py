"""A yes/no question on the way to a reply: "Send to … from …?", "Continue the unsent reply?".

`y` answers yes; `n` and Esc answer no, so a stray key never sends anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.widgets.footer import KeysFooter

__all__ = ["ReplyQuestion"]


class ReplyQuestion(ModalScreen[bool]):
    """Asks `question` (with `detail` under it); dismisses True on `y`, False on `n` or Esc."""

    HELP_SECTION: ClassVar[str] = "Replying (R)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", tooltip="Question: yes (send, continue the reply)"),
        Binding(
            "n,escape", "answer(False)", "No", tooltip="Question: no (Esc too); nothing is sent"
        ),
    ]

    def __init__(self, question: Text, detail: Text | None = None) -> None:
        super().__init__()
        self.question = question
        """The question, built from `Text` (never markup: it names addresses from lemlist)."""
        self.detail = detail

    @classmethod
    def quit_mid_write(cls) -> ReplyQuestion:
        """Asked on `q` while a reply is being written to lemlist."""
        return cls(
            Text(
                "A reply is being written to lemlist right now: quit anyway? It may still go "
                "out; its text is kept (lemtui --drafts). y/n",
                style="bold",
            )
        )

    @classmethod
    def before_quit(cls, screens: Iterable[Screen[Any]]) -> ReplyQuestion | None:
        """What to ask before quitting, if anything: what the built-in editor holds is saved
        first; text it could not save, or a reply being written to lemlist, asks."""
        from lemtui.tui.reply.editor import ReplyEditorScreen

        screens = list(screens)
        for editor in screens:
            if isinstance(editor, ReplyEditorScreen) and (problem := editor.save_now()):
                return cls.quit_unsaved(problem)
        if any(getattr(screen, "writing", False) for screen in screens):
            return cls.quit_mid_write()
        return None

    @classmethod
    def quit_demo(cls) -> ReplyQuestion:
        """Asked on quit in the demo when a reply was typed and not sent: the demo keeps none."""
        return cls(
            Text(
                "The demo keeps no replies: quit and lose the one you typed? y/n",
                style="bold",
            ),
            Text("Outside the demo it would stay on this machine (lemtui --drafts).", style="dim"),
        )

    @classmethod
    def quit_unsaved(cls, problem: str) -> ReplyQuestion:
        """Asked on quit when the reply being typed could not be saved on disk."""
        return cls(
            Text(
                f"The reply being typed could not be saved on disk ({clean_line(problem)}): "
                "quit and lose it? y/n",
                style="bold",
            )
        )

    def compose(self) -> ComposeResult:
        """The question, what it is about, and the keys."""
        with Vertical(id="question-box"):
            if self.detail is not None:
                yield Static(self.detail, id="question-detail", markup=False)
            yield Static(self.question, id="question-text", markup=False)
            yield Static(Text(f"y yes {glyphs().dot} n or Esc no", style="dim"), id="question-keys")
        yield KeysFooter()

    def action_answer(self, yes: bool) -> None:
        """y / n: close with the answer."""
        self.dismiss(yes)
