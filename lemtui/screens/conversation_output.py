"""Copy, export and links, for the conversation screen (SSH-first).

`OutputMixin` owns `y`/`Y` (copy the message or the conversation through the terminal: OSC 52),
`e` (save the conversation as a Markdown file) and `l` (open a link locally, or copy it when
there is no browser here). Rendering and formatting run in threads of the "output" group;
`ConversationScreen` keeps the conversation, the detail pane and `export_dir` these read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from lemtui import clipboard
from lemtui.models import Message
from lemtui.paging import Conversation
from lemtui.render import Link, RenderedBody, render_body
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.widgets.message_detail import MessageDetail

__all__ = ["Output", "OutputMixin", "default_export_dir", "render_cached"]

Output = Literal["message", "conversation", "export"]


def default_export_dir() -> Path | None:
    """`~/lemtui-exports`, or None when there is no home directory (HOME unset, no passwd)."""
    try:
        return Path.home() / "lemtui-exports"
    except (RuntimeError, KeyError, OSError):
        return None


def render_cached(message: Message, cached: RenderedBody | None) -> RenderedBody:
    """`message`'s body as text (the cached conversion if there is one); never raises."""
    if cached is not None:
        return cached
    try:
        return render_body(message.body, is_html=message.body_is_html)
    except Exception:  # the renderer promises not to raise; a copy must not crash on it
        return RenderedBody(blocks=())


class OutputMixin(Screen[None]):
    """Copy (`y`, `Y`), export (`e`) and links (`l`) for `ConversationScreen`."""

    # Set and kept by ConversationScreen.
    conversation: Conversation | None
    clock: Callable[[], datetime]
    export_dir: Path | None

    if TYPE_CHECKING:  # provided by ConversationScreen

        @property
        def detail(self) -> MessageDetail: ...

        def _format_text(
            self, kind: Output, messages: list[Message], bodies: list[RenderedBody], contact_id: str
        ) -> str: ...

    def action_copy_message(self) -> None:
        """y: copy the shown message as text (through the terminal: OSC 52)."""
        message = self.detail.message
        if message is None:
            self.notify("No message to copy.", markup=False)
            return
        self._output("message", [(message, self.detail.cached(message))], "")

    def action_copy_conversation(self) -> None:
        """Y: copy every loaded message as Markdown."""
        self._output_conversation("conversation")

    def action_export(self) -> None:
        """e: save every loaded message as a Markdown file (mode 0600, never overwriting)."""
        self._output_conversation("export")

    def _output_conversation(self, kind: Output) -> None:
        conversation = self.conversation
        if conversation is None or not conversation.loaded:
            self.notify("No conversation loaded.", markup=False)
            return
        pairs = [(m, self.detail.cached(m)) for m in conversation.messages]
        self._output(kind, pairs, conversation.contact_id)

    @work(thread=True, exclusive=True, group="output", exit_on_error=False)
    def _output(
        self, kind: Output, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        """Render and format off the UI thread, then copy or write the result.

        Whatever goes wrong ends as a notification: a worker's exception would be silent.
        """
        try:
            self._format_and_output(kind, pairs, contact_id)
        except Exception as error:
            what = {"message": "Copy", "conversation": "Copy", "export": "Export"}[kind]
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(
                    self.notify,
                    f"Could not format the {'message' if kind == 'message' else 'conversation'}"
                    f" (unexpected error {type(error).__name__}).",
                    title=f"{what} failed",
                    severity="error",
                    markup=False,
                )

    def _format_and_output(
        self, kind: Output, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        bodies = [render_cached(message, cached) for message, cached in pairs]
        messages = [message for message, _ in pairs]
        text = self._format_text(kind, messages, bodies, contact_id)
        if get_current_worker().is_cancelled:
            return
        if kind == "export":
            directory = self.export_dir
            if directory is None:
                with contextlib.suppress(RuntimeError):
                    self.app.call_from_thread(
                        self.notify,
                        "Could not save the conversation: no home directory found (set HOME).",
                        title="Export failed",
                        severity="error",
                        markup=False,
                    )
                return
            try:
                name = clipboard.export_name(contact_id, self.clock())
                path = clipboard.write_export(directory, name, text)
            except OSError as error:
                reason = clean_line(error.strerror or type(error).__name__)
                with contextlib.suppress(RuntimeError):
                    self.app.call_from_thread(
                        self.notify,
                        f"Could not save the conversation in {clean_line(str(directory))}: "
                        f"{reason}",
                        title="Export failed",
                        severity="error",
                        markup=False,
                    )
                return
            count = len(messages)
            noun = "message" if count == 1 else "messages"
            with contextlib.suppress(RuntimeError):
                self.app.call_from_thread(
                    self.notify,
                    f"Saved {count} {noun} to {path}",
                    title="Exported",
                    markup=False,
                )
            return
        what = "message" if kind == "message" else f"conversation ({len(messages)} messages)"
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(self._copy, what, text)

    def _copy(self, what: str, text: str) -> None:
        """Put `text` on the clipboard (OSC 52) and say what and how much."""
        self.app.copy_to_clipboard(text)
        said = clipboard.copied_message(what, text)
        warning = clipboard.size_warning(text)
        if warning:
            self.notify(f"{said} {warning}", severity="warning", markup=False, timeout=10)
        else:
            self.notify(said, markup=False)

    def action_link(self) -> None:
        """l: ask for a link number, then open it locally or copy it (over SSH)."""
        from lemtui.screens.link_prompt import LinkPrompt

        if self.detail.message is None:
            self.notify("No message open.", markup=False)
            return
        rendered = self.detail.rendered
        if rendered is None:
            self.notify("The message is still being converted; try again.", markup=False)
            return
        if not rendered.links:
            self.notify("This message has no links.", markup=False)
            return
        self.app.push_screen(LinkPrompt(rendered.links), self._link_chosen)

    def _link_chosen(self, link: Link | None) -> None:
        if link is None:
            return
        url = clean_line(link.url)
        if not clipboard.is_openable(url):
            self.notify("Only http(s) and mailto links can be opened.", markup=False)
            return
        if clipboard.can_open_browser():
            self._open_link(link.number, url)
        else:
            self._copy_link(link.number, url, "no local browser here")

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_link(self, number: int, url: str) -> None:
        opened = clipboard.open_in_browser(url)
        with contextlib.suppress(RuntimeError):
            if opened:
                self.app.call_from_thread(self.notify, f"Opened link {number}: {url}", markup=False)
            else:
                self.app.call_from_thread(
                    self._copy_link, number, url, "no graphical browser found"
                )

    def _copy_link(self, number: int, url: str, why: str) -> None:
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied link {number} ({why}): {url}", markup=False, timeout=8)
