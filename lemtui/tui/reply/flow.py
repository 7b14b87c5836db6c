"""Replying to a message, from `R` to a confirmed write: the steps between the screens.

`ReplyFlow.run` offers an unsent reply again, saves the text locally before anything else,
opens the user's editor (`$VISUAL`, else `$EDITOR`, with lemtui suspended; or the built-in
one), then the review screen, and again the editor on `e`. `ReplyFlow.start` checks that a
reply can start at all; the conversation screen runs the flow in a worker, and
`run_and_report` says how it ended. Every step that cannot go on says why in one line, and
the text typed is never removed until lemlist has confirmed it. The reply is locked for this
process while its screens are open (a second lemtui is told it is being edited elsewhere), and
the editor runs without the API key in its environment.
"""

from __future__ import annotations

import contextlib
import shlex
import signal
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from rich.text import Text
from textual.app import App, SuspendNotSupported
from textual.notifications import SeverityLevel
from textual.screen import Screen

from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.messages import Message, message_key
from lemtui.local.config import ENV_API_KEY
from lemtui.local.drafts import DraftBusyError, DraftError, DraftStore, LocalDraft
from lemtui.mail.compose import Reply, build_reply, reply_refusal
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.notices import READ_ONLY, error_text
from lemtui.tui.reply.editor import ReplyEditorScreen
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.reply.review import ReplyReviewScreen, ReviewOutcome, unconfirmed_words

if TYPE_CHECKING:
    from lemtui.lemlist.paging import ConversationPager
    from lemtui.local.config import Settings

__all__ = [
    "BUILTIN",
    "NEWER_CHECK_LIMIT",
    "EditorChoice",
    "EditorError",
    "ReplyFlow",
    "child_environment",
    "choose_editor",
    "lead_name_of",
    "run_editor",
]

BUILTIN: Final = "builtin"
"""The config's `editor` value for lemtui's own text area."""
NEWER_CHECK_LIMIT: Final = 20
"""Messages of the first page read again before a send, to see what arrived meanwhile."""
KEPT: Final = "Your text is kept on this machine: R on this message continues it."
AS_SAVED: Final = "Back to the review, with the reply as it was."


SECRET_VARIABLES: Final = frozenset({ENV_API_KEY})
"""Variables no program lemtui starts (the editor, the browser) is given."""


def child_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """`environ` without the API key, for the programs lemtui starts."""
    return {name: value for name, value in environ.items() if name not in SECRET_VARIABLES}


class EditorError(Exception):
    """The editor setting cannot be run (an unbalanced quote, nothing but spaces)."""


@dataclass(frozen=True, slots=True)
class EditorChoice:
    """The editor to use: a command (`argv`, the file's path goes last) or the built-in one
    (`argv` None); `source` says where the choice came from, for messages."""

    argv: tuple[str, ...] | None
    source: str


def choose_editor(configured: str | None, environ: Mapping[str, str]) -> EditorChoice:
    """The config's `editor`, else `$VISUAL`, else `$EDITOR`, else the built-in editor.

    Raises:
        EditorError: the setting chosen is not a command line.
    """
    candidates = [("editor in the config", configured or "")]
    candidates += [(f"${name}", environ.get(name, "")) for name in ("VISUAL", "EDITOR")]
    for source, value in candidates:
        if not value.strip():
            continue
        if value.strip().lower() == BUILTIN:
            return EditorChoice(None, source)
        try:
            argv = tuple(shlex.split(value))
        except ValueError:
            raise EditorError(
                f"{source} is not a valid command line ({clean_line(value)[:60]!r})"
            ) from None
        if argv:
            return EditorChoice(argv, source)
    return EditorChoice(None, "neither $VISUAL nor $EDITOR is set")


@contextlib.contextmanager
def _interrupts_for_the_editor() -> Iterator[None]:
    """While the editor runs, Ctrl-C is the editor's alone.

    With lemtui suspended the terminal sends SIGINT to both processes; a no-op handler here
    (reset to the default in the child by exec) keeps lemtui from killing the editor.
    """
    try:
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: None)
    except ValueError:  # not the main thread: nothing to guard
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_editor(
    app: App[Any], choice: EditorChoice, path: Path, environ: Mapping[str, str]
) -> str | None:
    """Run the external editor on `path` with lemtui suspended, in `environ` without the API
    key; None when it exited 0, else why not, in one line. Headless (tests), it runs without
    a terminal.

    Raises:
        SuspendNotSupported: this terminal cannot hand over to another program.
    """
    assert choice.argv is not None
    command = [*choice.argv, str(path)]
    env = child_environment(environ)
    name = clean_line(choice.argv[0])[:60]
    result: subprocess.CompletedProcess[bytes] | OSError
    try:
        with app.suspend(), _interrupts_for_the_editor():
            result = _run(command, quiet=False, env=env)
    except SuspendNotSupported:
        if not app.is_headless:
            raise
        result = _run(command, quiet=True, env=env)
    if isinstance(result, FileNotFoundError):
        return (
            f"The editor {name!r} ({choice.source}) was not found: set $VISUAL or $EDITOR to an "
            'installed editor, or editor = "builtin" in the config'
        )
    if isinstance(result, OSError):
        reason = clean_line(result.strerror or type(result).__name__)
        return f"The editor {name!r} ({choice.source}) could not be started: {reason}"
    status = result.returncode
    if status < 0:
        try:
            signame = signal.Signals(-status).name
        except ValueError:
            signame = f"signal {-status}"
        return f"The editor {name!r} stopped abruptly ({signame}): nothing was sent"
    if status > 0:
        return f"The editor exited with status {status}: cancelled, nothing was sent"
    return None


def _run(
    command: list[str], *, quiet: bool, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes] | OSError:
    """The command's completion, or the OSError that kept it from starting (never raised:
    inside `App.suspend` an exception would leave the terminal suspended)."""
    streams: dict[str, Any] = (
        {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        if quiet
        else {}
    )
    try:
        return subprocess.run(command, check=False, env=env, **streams)  # noqa: S603 - the user's editor
    except OSError as error:
        return error


def lead_name_of(messages: Sequence[Message]) -> str:
    """The lead's name as lemlist gives it on a message (`leadFirstName`/`leadLastName`), or ''."""
    for message in messages[:20]:
        first, last = message.raw.get("leadFirstName"), message.raw.get("leadLastName")
        parts = [part.strip() for part in (first, last) if isinstance(part, str) and part.strip()]
        if parts:
            return clean_line(" ".join(parts))[:60]
    return ""


@dataclass(eq=False)
class ReplyFlow:
    """One reply to `message` in `contact_id`'s conversation, from the first question to the
    review screen's outcome. `known`: the keys of the messages loaded when `R` was pressed (what
    arrives after them is "the conversation changed while you wrote")."""

    app: App[Any]
    _: KW_ONLY
    client: LemlistClient
    store: DraftStore
    message: Message
    contact_id: str
    user_id: str | None
    editor: str | None
    environ: Mapping[str, str]
    known: frozenset[str]
    lead_name: str = ""
    _kept: str = field(default=KEPT, init=False, repr=False)
    """What is said of the text when an edit ends early (after `e`: back to the review)."""
    last: LocalDraft | None = field(default=None, init=False, repr=False)
    """The draft as the last review left it (its mark says whether a write is unconfirmed)."""

    @classmethod
    def start(
        cls,
        app: App[Any],
        *,
        client: LemlistClient,
        settings: Settings,
        store: DraftStore | None,
        environ: Mapping[str, str],
        message: Message | None,
        pager: ConversationPager | None,
    ) -> ReplyFlow | None:
        """The flow of a reply to `message` (`R`), or None when none can start (said why)."""
        if settings.read_only:
            app.notify(READ_ONLY.format(what="Replying"), title="Reply", markup=False)
            return None
        if pager is None or message is None:
            why = "open a conversation first"
            if pager is not None:  # open, but nothing to answer in it
                why = "none is shown with this filter" if pager.loaded else "no messages yet"
            app.notify(f"No message to reply to: {why}.", title="Reply", markup=False)
            return None
        refusal = reply_refusal(message, user_id=settings.user_id, contact_id=pager.contact_id)
        if refusal is not None:
            app.notify(refusal, title="Reply", severity="warning", markup=False, timeout=10)
            return None
        if store is None:
            app.notify(
                "Cannot keep a reply on this machine (no home directory: set HOME or "
                "XDG_STATE_HOME), so none is started.",
                title="Reply",
                severity="error",
                markup=False,
            )
            return None
        return cls(
            app,
            client=client,
            store=store,
            message=message,
            contact_id=pager.contact_id,
            user_id=settings.user_id,
            editor=settings.editor,
            environ=environ,
            known=frozenset(message_key(m) for m in pager.messages),
            lead_name=lead_name_of(pager.messages),
        )

    def run_in(self, host: Screen[Any], *, done: Callable[[bool], None]) -> None:
        """Run the flow in a worker of `host` (its screens open over it), say how it ended,
        then call `done(sent)`, however it ended."""

        async def run() -> None:
            sent = False
            try:
                sent = await self.run_and_report()
            finally:
                done(sent)

        host.run_worker(run(), group="reply", exit_on_error=False)

    async def run_and_report(self) -> bool:
        """`run`, then say how it ended; True when the reply was sent (the conversation has
        a new message to load)."""
        try:
            outcome = await self.run()
        except Exception as error:  # a bug: said; the text is on disk
            self.app.notify(
                f"The reply stopped ({error_text(error)}); its text is kept: R continues it.",
                title="Reply",
                severity="error",
                markup=False,
            )
            return False
        reply = self.reply_for("")
        if outcome is ReviewOutcome.SENT:
            self.app.notify(
                f"Sent to {reply.to_label} from {reply.from_label}.",
                title="Reply sent",
                markup=False,
            )
        elif outcome is ReviewOutcome.DRAFTED:
            self.app.notify(
                "Saved as a draft in lemlist's inbox (nothing was sent): finish it there.",
                title="Draft saved",
                markup=False,
            )
        elif outcome is ReviewOutcome.KEPT and self.last and self.last.attempt:
            self.app.notify(
                f"{unconfirmed_words(self.last.attempt)}: look at the conversation before "
                "sending again. Your reply is kept on this machine: R on this message continues "
                "it (lemtui --drafts lists them).",
                title="Not confirmed",
                severity="warning",
                markup=False,
                timeout=15,
            )
        elif outcome is ReviewOutcome.KEPT:
            self.app.notify(
                "Not sent: your reply is kept on this machine. R on this message continues it "
                "(lemtui --drafts lists them).",
                title="Reply kept",
                markup=False,
            )
        return outcome is ReviewOutcome.SENT

    async def run(self) -> ReviewOutcome | None:
        """Ask, edit, review, until the reply is written, kept, or cancelled (None); the
        reply is locked for this process meanwhile."""
        try:
            lock = self.store.lock(self.contact_id, self.message.id)
        except DraftBusyError:
            self._say(
                "This reply is being edited elsewhere (another lemtui has it open): finish or "
                "close it there first.",
                severity="warning",
            )
            return None
        except DraftError as error:
            self._say(
                f"Cannot keep a reply on this machine, so none is started: {error}",
                severity="error",
            )
            return None
        try:
            return await self._run()
        finally:
            lock.release()

    async def _run(self) -> ReviewOutcome | None:
        draft = await self._start()
        again = False
        while draft is not None:
            self._kept = AS_SAVED if again else KEPT
            edited = await self._edit(draft)
            if edited is None and again:
                # `e` then a cancelled edit: back to the review, with the text as it is saved.
                edited = self.store.get(draft.contact_id, draft.reply_to_id) or draft
            if edited is None or not edited.body.strip():
                return None
            review = ReplyReviewScreen(
                self.reply_for(edited.body),
                client=self.client,
                store=self.store,
                draft=edited,
                newer_messages=self.newer_messages,
            )
            outcome = await self.app.push_screen_wait(review)
            self.last = review.draft
            if outcome is not ReviewOutcome.EDIT:
                return outcome
            again = True
            draft = self.store.get(edited.contact_id, edited.reply_to_id) or review.draft
        return None

    def reply_for(self, text: str) -> Reply:
        """The reply that `text` makes to the answered message."""
        return build_reply(
            self.message,
            text,
            user_id=self.user_id,
            contact_id=self.contact_id,
            lead_name=self.lead_name,
        )

    async def newer_messages(self) -> list[Message]:
        """The first page read again: its messages that were not loaded when `R` was pressed
        and are not older than the one answered."""
        page = await self.client.get_page(
            self.contact_id, limit=NEWER_CHECK_LIMIT, user_id=self.user_id or None
        )
        answered = self.message.created_at
        return [
            message
            for message in page.messages
            if message_key(message) not in self.known
            and (answered is None or message.created_at is None or message.created_at > answered)
        ]

    # ----------------------------------------------------------------- steps

    def _say(
        self, text: str, *, title: str = "Reply", severity: SeverityLevel = "information"
    ) -> None:
        self.app.notify(clean_line(text), title=title, severity=severity, markup=False, timeout=8)

    async def _ask(self, question: str, detail: str = "") -> bool:
        shown = Text(detail, style="dim") if detail else None
        answer: bool = await self.app.push_screen_wait(ReplyQuestion(Text(question), shown))
        return answer

    async def _start(self) -> LocalDraft | None:
        """The draft to edit: the unsent one if the user continues it, else a new one saved
        (empty) before the editor opens. An unsent text is never dropped without asking."""
        reply_to = self.message.id
        existing = self.store.get(self.contact_id, reply_to)
        if existing is not None and existing.body.strip():
            when = existing.saved_label()
            words = glyphs().quoted(existing.first_words)
            question = f"Continue the unsent reply from {when}? y/n"
            if existing.attempt is not None:
                question = (
                    f"{unconfirmed_words(existing.attempt)}: look at the conversation first. "
                    f"Continue the reply from {when}? y/n"
                )
            if await self._ask(question, words):
                return existing
            if not await self._ask(f"Start over and discard the reply from {when}? y/n", words):
                self._say(f"The reply from {when} is kept: R on this message offers it again.")
                return None
        reply = self.reply_for("")
        try:
            return self.store.save(
                contact_id=self.contact_id,
                reply_to_id=reply_to,
                channel=reply.channel.value,
                recipient=reply.lead_email,
                subject=reply.subject,
                body="",
            )
        except DraftError as error:
            self._say(
                f"Cannot keep a reply on this machine, so none is started: {error}",
                severity="error",
            )
            return None

    async def _edit(self, draft: LocalDraft) -> LocalDraft | None:
        """The draft as the editor left it, saved; None when the edit was cancelled (said)."""
        try:
            choice = choose_editor(self.editor, self.environ)
        except EditorError as error:
            self._say(f"{error}. {self._kept}", severity="error")
            return None
        if choice.argv is not None:
            try:
                return self._edit_outside(draft, choice)
            except SuspendNotSupported:
                self._say(
                    "This terminal cannot hand over to an external editor: using the built-in one.",
                    severity="warning",
                )
        return await self._edit_inside(draft)

    def _edit_outside(self, draft: LocalDraft, choice: EditorChoice) -> LocalDraft | None:
        try:
            path = self.store.editor_file(draft)
        except DraftError as error:
            self._say(f"Cannot open the editor: {error}", severity="error")
            return None
        try:
            problem = run_editor(self.app, choice, path, self.environ)
        except SuspendNotSupported:
            with contextlib.suppress(DraftError):
                self.store.collect_edit(draft)  # the editor file goes; the draft stays
            raise
        try:
            result = self.store.collect_edit(draft)
        except DraftError as error:
            self._say(f"{error}", severity="error")
            return None
        if problem is not None:
            self._say(f"{problem}. {self._kept}" if result.draft else problem, severity="error")
            return None
        if not result.text.strip():
            kept = f" {self._kept}" if result.draft else ""
            self._say(f"The editor left the file empty: cancelled, nothing was sent.{kept}")
            return None
        return result.draft

    async def _edit_inside(self, draft: LocalDraft) -> LocalDraft | None:
        reply = self.reply_for(draft.body)

        def save(text: str) -> LocalDraft:
            return self.store.save_text(draft, text)

        def autosave(text: str) -> str | None:
            try:
                save(text)
            except DraftError as error:
                return str(error)
            return None

        heading = Text.assemble(
            ("Reply", "bold"),
            f" to {reply.to_label} {glyphs().dot} {reply.channel_label}",
            (f" {glyphs().dot} {clean_line(reply.subject)}" if reply.subject else "", "dim"),
        )
        closed = await self.app.push_screen_wait(
            ReplyEditorScreen(draft.body, heading=heading, autosave=autosave)
        )
        text = closed.text
        if text.strip():  # autosave may have kept text undone since: what is shown now wins
            try:
                draft = save(text)
            except DraftError as error:
                draft = replace(draft, body=text)  # the review refuses to write until it is kept
                self.store.hold(draft)
                self._say(
                    f"Not saved on disk ({error}): the text is kept in memory until lemtui "
                    "quits; R on this message offers it again.",
                    severity="error",
                )
                if not closed.done:
                    return None
        elif not draft.body.strip():
            with contextlib.suppress(DraftError):
                self.store.delete(draft)  # nothing was ever typed: no empty draft left behind
        if not closed.done:
            self._say(f"Not sent. {self._kept}" if draft.body.strip() else "Reply cancelled.")
            return None
        if not text.strip():
            kept = f" {self._kept}" if draft.body.strip() else ""
            self._say(f"The reply is empty: nothing to review.{kept}")
            return None
        return draft
