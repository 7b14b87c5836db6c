"""The review screen: the reply as it will go out, and the only place it leaves from.

It shows the channel, who it goes out as (the mailbox and its owner), who it is for, the
subject, the body as the lead will read it (the HTML rendered back to text) and its size against
lemlist's limit. `d` saves it as a lemlist draft, `s` sends it (email only) after a y/n question
naming the recipient and the mailbox, `e` edits it again, Esc (or `q`) closes it and keeps the
text.

Nothing is written twice on its own: the keys are off while a write is in flight, the text is
saved locally before the request and removed only once lemlist confirmed it, and a write that
was not confirmed is said as such (the user looks before trying again). The draft carries an
`Attempt` mark from the moment the request leaves until lemlist answers: a write that ends
without an answer (an error, lemtui quit) stays marked, and every later look at it says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import ClassVar, Final

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import (
    AuthError,
    BadRequestError,
    InsecureURLError,
    InvalidContactIdError,
    InvalidUserIdError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ReadOnlyError,
    UnconfirmedWriteError,
)
from lemtui.lemlist.messages import Direction, Message
from lemtui.local.drafts import Attempt, DraftError, DraftStore, LocalDraft, when_label
from lemtui.mail.compose import MAX_CONTENT_LENGTH, Reply, draft_request, preview_text, send_request
from lemtui.text import clean_line
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.notices import error_text
from lemtui.tui.reply.question import ReplyQuestion
from lemtui.tui.spaces import keep_spaces
from lemtui.tui.widgets.footer import KeysFooter
from lemtui.tui.widgets.header_bar import HeaderBar

__all__ = ["ReplyReviewScreen", "ReviewOutcome", "unconfirmed_words"]

NewerMessages = Callable[[], Awaitable[Sequence[Message]]]
"""Reads the conversation's first page again; the messages that arrived since `R`."""


def unconfirmed_words(attempt: Attempt) -> str:
    """`An earlier attempt at 15:57 may have gone out (not confirmed)`, for a send or a draft."""
    what = "attempt" if attempt.kind == "send" else "attempt to save it as a lemlist draft"
    return f"An earlier {what} at {when_label(attempt.at)} may have gone out (not confirmed)"


NOTHING_DONE: Final = (
    AuthError,
    BadRequestError,
    InsecureURLError,
    InvalidContactIdError,
    InvalidUserIdError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ReadOnlyError,
)
"""Errors that say the write was not carried out: only these take a write's mark back off (any
other, a bug included, keeps it: the safe side)."""


class ReviewOutcome(Enum):
    """How the review screen closed."""

    SENT = "sent"
    """lemlist confirmed the email; the local copy is gone."""
    DRAFTED = "drafted"
    """lemlist confirmed the draft; the local copy is gone."""
    EDIT = "edit"
    """`e`: back to the editor with the same text."""
    KEPT = "kept"
    """Esc: nothing written (or nothing confirmed); the text stays in the local draft."""


class ReplyReviewScreen(Screen[ReviewOutcome]):
    """The reply as it will be written; `d`, `s`, `e` and Esc act on it."""

    HELP_SECTION: ClassVar[str] = "Replying (R)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d", "save_draft", "Save as lemlist draft", id="save_draft",
            tooltip="Review: save the reply as a draft in lemlist's inbox (nothing is sent)",
        ),
        Binding(
            "s", "send", "Send", id="send",
            tooltip="Review: send the email now, after a y/n question (email only)",
        ),
        Binding(
            "e", "edit_again", "Edit", id="edit_again",
            tooltip="Review: back to the editor",
        ),
        Binding(
            "escape", "close", "Close (kept)", id="close_review",
            tooltip="Review: close without writing; the text is kept for the next R",
        ),
        Binding(
            "q", "close", "Close (kept)", id="close_review_q", show=False,
            tooltip="Review: close like Esc (the text is kept); q again quits",
        ),
    ]  # fmt: skip

    busy: reactive[bool] = reactive(False, init=False)
    """True while a write (or the check before a send) is in flight: every key is off."""
    writing = False
    """True while a request to lemlist is in flight (quitting then asks first)."""

    def __init__(
        self,
        reply: Reply,
        *,
        client: LemlistClient,
        store: DraftStore,
        draft: LocalDraft,
        newer_messages: NewerMessages,
    ) -> None:
        super().__init__()
        self.reply = reply
        self.client = client
        self.store = store
        self.draft = draft
        self.newer_messages = newer_messages

    def compose(self) -> ComposeResult:
        """Title and size, the fields, the body as it will look, a status line, the footer."""
        yield HeaderBar(id="review-header")
        yield Static(self._fields(), id="review-fields", markup=False)
        with VerticalScroll(id="review-body"):
            yield Static(self._preview(), id="review-preview", markup=False)
        yield Static(id="review-status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """The title, the size; the body scrolls with the arrow keys."""
        reply = self.reply
        size = Text(reply.size_label, style="bold red" if reply.size > MAX_CONTENT_LENGTH else "")
        title = Text.assemble(("Review your reply", "bold"), "  ", (f"to {reply.to_label}", "dim"))
        self.query_one(HeaderBar).show(title, size)
        self.set_focus(self.query_one("#review-body"))
        refusal = reply.draft_refusal
        if refusal:
            self._say(Text(refusal, style="bold red"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Every key is off while a write is in flight (no double send, no half-closed write)."""
        return not (self.busy and action in ("save_draft", "send", "edit_again", "close"))

    def watch_busy(self) -> None:
        self.refresh_bindings()

    # ----------------------------------------------------------------- what is shown

    def _fields(self) -> Table:
        """Channel, From, To, Subject (and why it cannot be sent), labels in their own column
        so that a long value wraps under itself at 80 columns."""
        reply = self.reply
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=8, style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row("Channel", Text(reply.channel_label))
        sender = Text(reply.from_label)
        if reply.mailbox_id:
            directory = getattr(self.app, "directory", None)
            address = directory.mailbox(reply.mailbox_id) if directory is not None else ""
            if address and address.lower() not in reply.from_label.lower():
                sender.append(f"  via {clean_line(address)[:80]}", style="dim")
            elif not address:
                sender.append(f"  mailbox {clean_line(reply.mailbox_id)[:40]}", style="dim")
        grid.add_row("From", keep_spaces(sender))
        grid.add_row("To", Text(reply.to_label))
        if reply.subject:
            grid.add_row("Subject", Text(clean_line(reply.subject)))
        if not reply.draft_refusal and reply.send_refusal:
            grid.add_row("Send", Text(reply.send_refusal, style="yellow"))  # says why not
        if self.draft.attempt is not None:
            grid.add_row(
                "Earlier", Text(unconfirmed_words(self.draft.attempt), style="bold yellow")
            )
        return grid

    def _preview(self) -> Text:
        preview = preview_text(self.reply).strip("\n")
        return Text(preview) if preview.strip() else Text("(empty)", style="dim")

    def _say(self, text: Text) -> None:
        self.query_one("#review-status", Static).update(text)

    def _say_error(self, error: BaseException) -> None:
        """The error as it is: what happened, why, and what to do; the text is kept."""
        said = Text(error_text(error), style="bold red")
        if isinstance(error, UnconfirmedWriteError):
            said.append(f" ({clean_line(error.reason)})", style="dim")
        hint = getattr(error, "hint", "")
        if isinstance(hint, str) and hint:
            said.append(f"\n{hint}", style="dim")
        said.append("\nYour text is kept on this machine (R continues it).", style="dim")
        self._say(said)

    # ----------------------------------------------------------------- keys

    def action_edit_again(self) -> None:
        """e: back to the editor with this text."""
        self.dismiss(ReviewOutcome.EDIT)

    def action_close(self) -> None:
        """Esc: close; the text stays in the local draft for the next R."""
        self.dismiss(ReviewOutcome.KEPT)

    def action_save_draft(self) -> None:
        """d: save as a lemlist draft (refusals are said before any request)."""
        self._write(self.reply.draft_refusal, self._write_draft)

    def action_send(self) -> None:
        """s: send the email after a y/n question (refusals are said before any request)."""
        self._write(self.reply.send_refusal, self._send)

    def _write(self, refusal: str | None, start: Callable[[], object]) -> None:
        """Say `refusal` when there is one; else turn every key off and `start` the write."""
        if refusal:
            self._say(Text(refusal, style="bold red"))
            return
        self.busy = True
        start()

    # ----------------------------------------------------------------- writes

    def _keep_locally(self, kind: str) -> bool:
        """Write the text to the local draft, marked as a `kind` attempt, before any request;
        False (and said) if it could not be, and then nothing is written to lemlist."""
        reply = self.reply
        try:
            self.draft = self.store.save(
                contact_id=self.draft.contact_id,
                reply_to_id=self.draft.reply_to_id,
                channel=self.draft.channel,
                recipient=reply.lead_email,
                subject=reply.subject,
                body=reply.markdown,
                attempt=self._mark(kind),
            )
        except DraftError as error:
            self._say(
                Text(
                    f"Not written to lemlist: the text could not be kept on this machine first "
                    f"({clean_line(str(error))})",
                    style="bold red",
                )
            )
            return False
        self.writing = True
        return True

    def _mark(self, kind: str) -> Attempt:
        """The mark a `kind` write leaves; never weaker than the one already there (a send
        that may have gone out stays a send, with its time, whatever is tried after it)."""
        before = self.draft.attempt
        if before is not None and before.kind == "send":
            return before
        return Attempt(kind, datetime.now(UTC))

    def _not_written(self, error: BaseException, before: Attempt | None) -> None:
        """The write failed: an answer that says nothing was done takes the mark back off; one
        that may have been carried out keeps it, shown from now on."""
        self.writing = False
        if isinstance(error, NOTHING_DONE) and not isinstance(error, UnconfirmedWriteError):
            with contextlib.suppress(DraftError):  # else the mark stays: the safe side
                self.draft = self.store.mark_attempt(self.draft, before)
        self.query_one("#review-fields", Static).update(self._fields())
        self._say_error(error)

    def _confirmed(self, outcome: ReviewOutcome) -> None:
        """lemlist confirmed: the local copy goes (a failure to remove it is only a warning)."""
        self.writing = False
        try:
            self.store.delete(self.draft)
        except DraftError as error:
            self.app.notify(
                f"{clean_line(str(error))}: remove it by hand, it was written to lemlist.",
                title="Local copy kept",
                severity="warning",
                markup=False,
            )
        self.pop_until_active()  # a help screen opened meanwhile must not take the result
        self.dismiss(outcome)

    @work(exclusive=True, group="reply-write", exit_on_error=False)
    async def _write_draft(self) -> None:
        try:
            before = self.draft.attempt
            if not self._keep_locally("draft"):
                return
            self._say(Text(f"Saving the draft in lemlist{glyphs().ellipsis}", style="dim"))
            try:
                await self.client.create_draft(draft_request(self.reply))
            except Exception as error:  # an ApiError, or a bug: said, and the text is kept
                self._not_written(error, before)
                return
            self._confirmed(ReviewOutcome.DRAFTED)
        finally:
            self.busy = self.writing = False

    @work(exclusive=True, group="reply-write", exit_on_error=False)
    async def _send(self) -> None:
        try:
            reply = self.reply
            self._say(
                Text(f"Checking the conversation for new messages{glyphs().ellipsis}", style="dim")
            )
            note = await self._what_changed()
            self._say(note or Text(""))
            question = Text()
            if self.draft.attempt is not None:
                question.append(f"{unconfirmed_words(self.draft.attempt)}. ", style="bold yellow")
            question.append(
                f"Send to {clean_line(reply.lead_email)} from {clean_line(reply.sender_email)}? "
                "y/n",
                style="bold",
            )
            if not await self.app.push_screen_wait(ReplyQuestion(question, note)):
                said = Text("Not sent.", style="dim")
                self._say(Text.assemble(note, "\n", said) if note else said)
                return
            before = self.draft.attempt
            if not self._keep_locally("send"):
                return
            self._say(Text(f"Sending{glyphs().ellipsis}", style="dim"))
            try:
                await self.client.send_email(send_request(reply))
            except Exception as error:  # an ApiError, or a bug: said, and the text is kept
                self._not_written(error, before)
                return
            self._confirmed(ReviewOutcome.SENT)
        finally:
            self.busy = self.writing = False

    async def _what_changed(self) -> Text | None:
        """What arrived in the conversation since `R`, to say before the question (None:
        nothing did). A check that fails is said too: the user decides without it."""
        try:
            newer = list(await self.newer_messages())
        except Exception as error:
            return Text(
                f"Could not check the conversation for new messages ({error_text(error)}).",
                style="yellow",
            )
        if not newer:
            return None
        count = len(newer)
        noun = "message has" if count == 1 else "messages have"
        said = Text(
            f"The conversation changed while you wrote: {count} new {noun} arrived since.",
            style="bold yellow",
        )
        for message in newer[:3]:
            arrow = glyphs().received if message.direction is Direction.RECEIVED else glyphs().sent
            who = clean_line(message.from_address)[:40] or "(unknown)"
            words = clean_line(message.subject or message.event)[:50]
            said.append(f"\n  {arrow} {who}  {words}", style="yellow")
        if count > 3:
            said.append(f"\n  {glyphs().ellipsis} and {count - 3} more", style="yellow")
        return said
