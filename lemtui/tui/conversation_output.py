"""Copy, export and links for the conversation screen: SSH-first ways out of what is read.

`y` copies the open message as text and `Y` the loaded conversation as Markdown, through the
terminal (OSC 52); `e` saves the conversation as a Markdown file (mode 0600, never
overwriting); `l` opens a link of the message, or copies it when no browser would be seen.
Formatting, saving and starting a browser run in threads of the host screen; whatever goes
wrong ends as a notification, never a silent worker error. What they need (the exporter,
the clipboard's limits, the browser) is loaded on first use.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from lemtui.lemlist.messages import Message
from lemtui.local.config import default_export_dir
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.lemlist.paging import ConversationPager
    from lemtui.mail.render import Link, RenderedBody
    from lemtui.tui.export import OutputFormatter, OutputKind

__all__ = ["ConversationOutput"]

BodyLookup = Callable[[Message], "RenderedBody | None"]
"""A message's converted body when it is at hand (None: converted again for the output)."""


class ConversationOutput:
    """What `y`, `Y`, `e` and `l` do; `host` is the screen whose notifications and workers
    they use (its workers end with it)."""

    def __init__(
        self,
        host: Screen[Any],
        *,
        clock: Callable[[], datetime],
        link_prompt: Callable[[Sequence[Link]], Screen[Link | None]],
    ) -> None:
        self.host = host
        self.clock = clock
        self.link_prompt = link_prompt
        """Makes the screen that asks which link to open (the host's choice of screen)."""
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: there is no home directory to save in)."""
        self.formatter: OutputFormatter | None = None
        """What `y`, `Y` and `e` put out (None: `lemtui.tui.export.format_output`; tests hand
        in their own)."""

    def _notify(
        self,
        text: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        self.host.notify(text, title=title, severity=severity, markup=False, timeout=timeout)

    # ----------------------------------------------------------------- copy and export

    def copy_message(self, message: Message | None, cached: BodyLookup) -> None:
        """Copy `message` (the one shown) as text."""
        if message is None:
            self._notify("No message to copy.")
            return
        self._start("message", [(message, cached(message))], "")

    def copy_conversation(self, pager: ConversationPager | None, cached: BodyLookup) -> None:
        """Copy every loaded message of `pager` (the open conversation) as Markdown."""
        self._conversation("conversation", pager, cached)

    def export(self, pager: ConversationPager | None, cached: BodyLookup) -> None:
        """Save every loaded message of `pager` (the open conversation) as a Markdown file."""
        self._conversation("export", pager, cached)

    def _conversation(
        self, kind: OutputKind, pager: ConversationPager | None, cached: BodyLookup
    ) -> None:
        if pager is None or not pager.loaded:
            self._notify("No conversation loaded.")
            return
        self._start(kind, [(m, cached(m)) for m in pager.messages], pager.contact_id)

    def _start(
        self, kind: OutputKind, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        # Each copy or export is its own worker: a second one never cancels the first.
        self.host.run_worker(
            partial(self._output, kind, pairs, contact_id),
            thread=True,
            group="output",
            exit_on_error=False,
        )

    def _output(
        self, kind: OutputKind, pairs: list[tuple[Message, RenderedBody | None]], contact_id: str
    ) -> None:
        """Render and format off the UI thread, then copy or save the result."""
        from lemtui.tui.export import export_name, format_output, prepare_text, write_export

        what = "message" if kind == "message" else "conversation"
        try:
            text = prepare_text(kind, pairs, contact_id, self.formatter or format_output)
        except Exception as error:
            self._notify_from_thread(
                f"Could not format the {what} (unexpected error {type(error).__name__}).",
                title="Export failed" if kind == "export" else "Copy failed",
                severity="error",
            )
            return
        if get_current_worker().is_cancelled:
            return
        if kind != "export":
            shown = "message" if kind == "message" else f"conversation ({len(pairs)} messages)"
            self._from_thread(self._copy, shown, text)
            return
        directory = self.export_dir
        if directory is None:
            self._notify_from_thread(
                "Could not save the conversation: no home directory found (set HOME).",
                title="Export failed",
                severity="error",
            )
            return
        try:
            path = write_export(directory, export_name(contact_id, self.clock()), text)
        except OSError as error:
            reason = clean_line(error.strerror or type(error).__name__)
            self._notify_from_thread(
                f"Could not save the conversation in {clean_line(str(directory))}: {reason}",
                title="Export failed",
                severity="error",
            )
            return
        count = len(pairs)
        noun = "message" if count == 1 else "messages"
        self._notify_from_thread(f"Saved {count} {noun} to {path}", title="Exported")

    def _from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.host.app.call_from_thread(callback, *args, **kwargs)

    def _notify_from_thread(
        self, text: str, *, title: str, severity: SeverityLevel = "information"
    ) -> None:
        self._from_thread(self._notify, text, title=title, severity=severity)

    def _copy(self, what: str, text: str) -> None:
        """Put `text` on the clipboard (OSC 52) and say what and how much."""
        from lemtui.tui import clipboard

        self.host.app.copy_to_clipboard(text)
        in_tmux = bool(getattr(self.host, "environ", os.environ).get("TMUX"))
        said = clipboard.copied_message(what, text, in_tmux=in_tmux)
        warning = clipboard.size_warning(text)
        if warning:
            self._notify(f"{said} {warning}", severity="warning", timeout=10)
        else:
            self._notify(said)

    # ----------------------------------------------------------------- links

    def choose_link(self, message: Message | None, rendered: RenderedBody | None) -> None:
        """Ask for a link number of the open message, then open it locally or copy it."""
        if message is None:
            self._notify("No message open.")
            return
        if rendered is None:
            self._notify("The message is still being converted; try again.")
            return
        if not rendered.links:
            self._notify("This message has no links.")
            return
        self.host.app.push_screen(self.link_prompt(rendered.links), self._link_chosen)

    def _link_chosen(self, link: Link | None) -> None:
        from lemtui.tui import browser

        if link is None:
            return
        url = clean_line(link.url)
        if not browser.is_openable(url):
            self._notify("Only http(s) and mailto links can be opened.")
            return
        if browser.can_open_browser():
            self.host.run_worker(
                partial(self._open_link, link.number, url),
                thread=True,
                group="browser",
                exit_on_error=False,
            )
        else:
            self._copy_link(link.number, url, "no local browser here")

    def _open_link(self, number: int, url: str) -> None:
        from lemtui.tui import browser

        if browser.open_in_browser(url):
            self._from_thread(self._notify, f"Opened link {number}: {url}")
        else:
            self._from_thread(self._copy_link, number, url, "no graphical browser found")

    def _copy_link(self, number: int, url: str, why: str) -> None:
        self.host.app.copy_to_clipboard(url)
        self._notify(f"Copied link {number} ({why}): {url}", timeout=8)
