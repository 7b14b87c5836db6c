"""Copy, export and links for the conversation screen: SSH-first ways out of what is read.

`y` copies the open message as text and `Y` the conversation as Markdown, through the
terminal (OSC 52); `e` saves the conversation as a Markdown file (mode 0600, never
overwriting); `l` opens a link of the message, or copies it when no browser would be seen.
`Y` and `e` take the whole conversation: while pages are missing they load them first, with
their progress on a `LoadingRest` screen where Esc stops (nothing copied or saved, said as
"stopped at 50 of 600 messages") and Enter takes what is loaded (said as "50 of 600", in the
notice and in the document).
Formatting, saving and starting a browser run in threads of the host screen; whatever goes
wrong ends as a notification, never a silent worker error. What they need (the exporter,
the clipboard's limits, the browser) is loaded on first use.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from lemtui.lemlist.messages import Message
from lemtui.lemlist.paging import ConversationPager
from lemtui.local.config import default_export_dir
from lemtui.text import clean_line

if TYPE_CHECKING:
    from lemtui.mail.render import Link, RenderedBody
    from lemtui.tui.export import OutputFormatter, OutputKind
    from lemtui.tui.widgets.paged_list import PagedList

__all__ = ["ConversationOutput", "RestOutcome", "RestScreen", "count_of"]

BodyLookup = Callable[[Message], "RenderedBody | None"]
"""A message's converted body when it is at hand (None: converted again for the output)."""


RestOutcome = Literal["done", "failed", "stop", "partial"]
"""How waiting for the rest of a conversation ended: every page in, a page failed, or the
user stopped (Esc: nothing copied or saved) or took what was loaded (Enter)."""


def count_of(loaded: int, total: int | None) -> str:
    """ "600 messages", "50 of 600 messages", or "50 of more messages" (`total` None: unknown)."""
    if total is not None and total <= loaded:
        return f"{loaded} {'message' if loaded == 1 else 'messages'}"
    return f"{loaded} of {'more' if total is None else total} messages"


class RestScreen(ModalScreen[RestOutcome]):
    """What a copy or an export shows while the rest of its conversation loads (the host
    says which: `loading`); it returns "stop" or "partial" when the user decides."""

    def progress(self, loaded: int, total: int | None) -> None:
        """`loaded` of `total` messages are in."""
        raise NotImplementedError

    _outcome: RestOutcome | None = None

    def finish(self, outcome: RestOutcome) -> None:
        """Loading ended by itself: close with `outcome` (once this screen is on top)."""
        if self.is_current:
            self.dismiss(outcome)
        else:
            self._outcome = outcome

    def on_screen_resume(self) -> None:
        """Back on top: an end reported meanwhile closes it now."""
        if self._outcome is not None:
            self.dismiss(self._outcome)


@dataclass(frozen=True, slots=True)
class _Waiting:
    """A copy or an export waiting while `paged` loads every page of `pager`."""

    kind: OutputKind
    paged: PagedList[Message]
    pager: ConversationPager
    cached: BodyLookup
    screen: RestScreen


class ConversationOutput:
    """What `y`, `Y`, `e` and `l` do; `host` is the screen whose notifications and workers
    they use (its workers end with it)."""

    def __init__(
        self,
        host: Screen[Any],
        *,
        clock: Callable[[], datetime],
        link_prompt: Callable[[Sequence[Link]], Screen[Link | None]],
        loading: Callable[[str, int, int | None], RestScreen],
    ) -> None:
        self.host = host
        self.clock = clock
        self.link_prompt = link_prompt
        """Makes the screen that asks which link to open (the host's choice of screen)."""
        self.loading = loading
        """Makes the screen shown while `Y` or `e` loads the rest (verb, loaded, total)."""
        self.export_dir: Path | None = default_export_dir()
        """Where `e` saves conversations (None: there is no home directory to save in)."""
        self.formatter: OutputFormatter | None = None
        """What `y`, `Y` and `e` put out (None: `lemtui.tui.export.format_output`; tests hand
        in their own)."""
        self._waiting: _Waiting | None = None
        """A copy or an export waiting for the rest of its conversation to load."""

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

    def copy_conversation(self, paged: PagedList[Message], cached: BodyLookup) -> None:
        """Copy the open conversation (`paged`'s) as Markdown, once every page is loaded."""
        self._conversation("conversation", paged, cached)

    def export(self, paged: PagedList[Message], cached: BodyLookup) -> None:
        """Save the open conversation (`paged`'s) as a Markdown file, once every page is loaded."""
        self._conversation("export", paged, cached)

    def _conversation(
        self, kind: OutputKind, paged: PagedList[Message], cached: BodyLookup
    ) -> None:
        pager = paged.pager
        if not isinstance(pager, ConversationPager) or not pager.loaded:
            self._notify("No conversation loaded.")
            return
        if pager.complete:
            self._start(kind, self._pairs(pager, cached), pager.contact_id, pager.total)
            return
        if self._waiting is not None:
            self._notify("Already loading the conversation.")
            return
        paged.load_all()
        if not paged.loading_all and not pager.complete:  # the failed page cannot be retried
            self._stopped(kind, pager, "failed")
            return
        screen = self.loading("save" if kind == "export" else "copy", pager.loaded, pager.total)
        self._waiting = _Waiting(kind, paged, pager, cached, screen)
        self.host.app.push_screen(screen, self._rest_ended)

    def pages_changed(self) -> None:
        """The list's loading moved on (a page arrived or failed): show it, or end the wait."""
        waiting = self._waiting
        if waiting is None:
            return
        pager, paged = waiting.pager, waiting.paged
        if paged.pager is not pager:
            waiting.screen.finish("failed")  # another conversation was opened
        elif pager.complete:
            waiting.screen.finish("done")
        elif not paged.loading_all:
            waiting.screen.finish("failed")
        else:
            waiting.screen.progress(pager.loaded, pager.total)

    def _rest_ended(self, outcome: RestOutcome | None) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            return
        pager = waiting.pager
        if outcome in ("done", "partial") and waiting.paged.pager is pager:
            if outcome == "partial":
                waiting.paged.loading_all = False
            self._start(
                waiting.kind, self._pairs(pager, waiting.cached), pager.contact_id, pager.total
            )
            return
        if waiting.paged.pager is pager:
            waiting.paged.loading_all = False
        self._stopped(waiting.kind, pager, outcome or "stop")

    def _stopped(self, kind: OutputKind, pager: ConversationPager, outcome: RestOutcome) -> None:
        """Say that a copy or an export stopped before the whole conversation was loaded."""
        what, nothing = (
            ("Export", "nothing saved") if kind == "export" else ("Copy", "nothing copied")
        )
        where = count_of(pager.loaded, pager.total)
        if outcome == "failed":
            reason = clean_line(str(pager.error or "the next page could not be loaded"))[:200]
            self._notify(
                f"{what} stopped at {where}: {reason}. {nothing.capitalize()}; r retries.",
                title=f"{what} stopped",
                severity="warning",
                timeout=10,
            )
        else:
            self._notify(f"{what} stopped at {where}: {nothing}.", title=f"{what} stopped")

    @staticmethod
    def _pairs(
        pager: ConversationPager, cached: BodyLookup
    ) -> list[tuple[Message, RenderedBody | None]]:
        return [(m, cached(m)) for m in pager.messages]

    def _start(
        self,
        kind: OutputKind,
        pairs: list[tuple[Message, RenderedBody | None]],
        contact_id: str,
        total: int | None = None,
    ) -> None:
        # Each copy or export is its own worker: a second one never cancels the first.
        self.host.run_worker(
            partial(self._output, kind, pairs, contact_id, total),
            thread=True,
            group="output",
            exit_on_error=False,
        )

    def _output(
        self,
        kind: OutputKind,
        pairs: list[tuple[Message, RenderedBody | None]],
        contact_id: str,
        total: int | None,
    ) -> None:
        """Render and format off the UI thread, then copy or save the result."""
        from lemtui.tui.export import export_name, format_output, prepare_text, write_export

        what = "message" if kind == "message" else "conversation"
        try:
            text = prepare_text(kind, pairs, contact_id, self.formatter or format_output, total)
        except Exception as error:
            self._notify_from_thread(
                f"Could not format the {what} (unexpected error {type(error).__name__}).",
                title="Export failed" if kind == "export" else "Copy failed",
                severity="error",
            )
            return
        if get_current_worker().is_cancelled:
            return
        count = count_of(len(pairs), total)
        whole = total is None or total <= len(pairs)
        if kind != "export":
            shown = "message" if kind == "message" else f"conversation ({count})"
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
        self._notify_from_thread(
            f"Saved {count} to {path.parent}{os.sep}\n{path.name}",  # the name whole on its line
            title="Exported" if whole else "Exported a part",
            severity="information" if whole else "warning",
        )

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
