"""The detail pane: one message's headers, then its body rendered in a thread.

Headers are drawn at once (they are small); the body says "rendering…" until a thread worker
has converted it (`render_body` may take a second on pathological HTML) and wrapped it to the
pane's width. Converted bodies are kept in a small LRU keyed by message id, so coming back to
a message or folding its quotes does not convert it again. Each entry keeps its message and a
lookup checks it is the very same object: a message without an id is keyed by `id()`, which
Python reuses once the object is freed, and another message's body must never be shown under
it. The screen also empties the cache (`forget_bodies`) whenever it opens a contact.

The conversation: `history_for` (set by the screen) returns the messages older than a given
one, newest first; the first `HISTORY_MESSAGES` of them go to the renderer, which folds text
that repeats them. A body longer than `render.MAX_INPUT_CHARS` is clipped, as Gmail does, with
a visible line; `W` (this pane's key) converts the whole of it.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.strip import Strip
from textual.worker import get_current_worker

from lemtui.lemlist.messages import Message
from lemtui.mail.search import match_spans
from lemtui.tui.glyphs import current as glyphs
from lemtui.tui.message_text import body_text, event_line, header_text, highlight
from lemtui.tui.widgets.document_view import DocumentView, wrap_text

if TYPE_CHECKING:  # the renderer is imported by the thread that first converts a body
    from lemtui.mail.render import RenderedBody

__all__ = ["MessageDetail", "older_than"]

CACHE_SIZE: Final = 32
HISTORY_MESSAGES: Final = 10
"""Earlier messages given to the renderer (each is cut further by the renderer's budget)."""
# Bodies whose cleaned text is shorter than this are wrapped on the UI thread (no flicker).
INLINE_WRAP_LIMIT: Final = 8_000


def _cache_key(message: Message) -> str:
    return message.id or f"@{id(message)}"


def older_than(messages: Sequence[Message], message: Message) -> Sequence[Message]:
    """The messages after `message` in a newest-first list (its history), at most
    `HISTORY_MESSAGES` of them; none when it is not in the list."""
    for index, item in enumerate(messages):
        if item is message:
            return messages[index + 1 : index + 1 + HISTORY_MESSAGES]
    return ()


class MessageDetail(DocumentView):
    """Shows one message; `z` (via `toggle_fold`) unfolds quoted text and signatures, `W`
    shows the rest of a clipped body."""

    HELP_SECTION: ClassVar[str] = "Message"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("W", "show_whole", "Whole body", show=False, id="show_whole"),
    ]

    DEFAULT_CSS = """
    MessageDetail {
        overflow-y: scroll;
        overflow-x: hidden;
        padding: 0 1;
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.message: Message | None = None
        self.campaign_name: Callable[[str], str] = lambda campaign_id: ""
        self.lead_name: Callable[[], str] = lambda: ""
        """The lead's name, for the header's From (or To) of a message that carries only their
        address (the conversation screen knows it from the inbox or the messages)."""
        """A campaign's name by ID ("" when unknown), for the header."""
        self.unfold = False
        self.search_query = ""
        """The search whose hits are highlighted ("" for none)."""
        self._cache: OrderedDict[str, tuple[Message, RenderedBody]] = OrderedDict()
        self._header: list[Strip] = []
        self._body: list[Strip] = []
        self._token = 0
        self._width = 0
        self._placeholder = Text("No message selected.", style="dim italic")
        self.history_for: Callable[[Message], Sequence[Message]] | None = None
        """Set by the screen: the messages older than a given one, newest first."""
        self._read_at = 0
        """How many cells of text come before the line the reader scrolled to the top: a
        resize wraps again and puts that line back at the top (a size where everything fits
        shows it from the start, and the next size still finds it)."""
        self._read_row: int | None = None
        """The row the reader last scrolled to, not yet counted into `_read_at` (counted at
        the next resize, from the lines it was read in: a scroll costs nothing)."""
        self._rewrapping = False
        self._placing = False
        self._whole: set[str] = set()
        """Cache keys of messages whose clipped body the user asked to see whole."""

    @property
    def rendered(self) -> RenderedBody | None:
        """The converted body of the shown message, once it is ready."""
        if self.message is None:
            return None
        return self.cached(self.message)

    def clear(self, placeholder: str = "No message selected.") -> None:
        """Show no message (after switching contact)."""
        self._token += 1
        self.message = None
        self._placeholder = Text(placeholder, style="dim italic")
        self._header, self._body = [], []
        self._show_placeholder()

    def forget_bodies(self) -> None:
        """Drop every converted body (another contact is opened: none of them is wanted)."""
        self._cache.clear()
        self._whole.clear()

    def action_show_whole(self) -> None:
        """Convert the whole of a clipped body (it may take a few seconds, off the UI thread)."""
        message, rendered = self.message, self.rendered
        if message is None:
            self.notify("No message open.", markup=False)
            return
        if rendered is None or not rendered.clipped:
            self.notify("This body is shown whole already: W is for clipped ones.", markup=False)
            return
        self._whole.add(_cache_key(message))
        self._cache.pop(_cache_key(message), None)
        self._refresh(keep_scroll=True)

    def show(self, message: Message) -> None:
        """Show `message`: headers now, the body when its thread is done."""
        if message is self.message:
            return
        self.message = message
        self.unfold = False
        self._refresh(keep_scroll=False)

    def cached(self, message: Message) -> RenderedBody | None:
        """`message`'s converted body if it is in the cache (no conversion here)."""
        entry = self._cache.get(_cache_key(message))
        if entry is None or entry[0] is not message:  # a key reused by another message
            return None
        return entry[1]

    def set_query(self, query: str) -> None:
        """Highlight the hits of `query` (case-insensitive); "" removes the highlight."""
        if query == self.search_query:
            return
        self.search_query = query
        if self.message is not None:
            self._refresh(keep_scroll=True)

    def names_changed(self) -> None:
        """Campaign or lead names came: the header of the shown message names them."""
        if self.message is not None:
            self._refresh(keep_scroll=True)

    def toggle_fold(self) -> None:
        """Unfold (or fold again) quoted text and signatures of the shown message."""
        if self.message is None:
            self.notify("No message open.", markup=False)
            return
        rendered = self.rendered
        if rendered is not None and not any(block.folded for block in rendered.blocks):
            self.notify("Nothing to fold or unfold: no quote or signature here.", markup=False)
            return
        self.unfold = not self.unfold
        self._refresh(keep_scroll=True)

    def on_resize(self, event: Resize) -> None:
        """Wrap again for the new width (the layout switches live), the line read kept at the
        top (`_read_at`, found again in the new lines)."""
        width = self._content_width()
        if width != self._width and self.message is not None:
            if self._read_row is not None:  # the lines it was read in are still these
                self._read_at = sum(strip.cell_length for strip in self.strips[: self._read_row])
                self._read_row = None
            self._rewrapping = True
            self._refresh(keep_scroll=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._placing and self._content_width() == self._width:
            # The reader moved (a resize that has not rewrapped yet only clamps: not noted).
            self._read_row = int(new_value)

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _show_placeholder(self) -> None:
        width = self._content_width()
        self._width = width
        self.set_lines(wrap_text(self._placeholder, width) if width > 0 else [])

    def _refresh(self, *, keep_scroll: bool) -> None:
        message = self.message
        if message is None:
            self._show_placeholder()
            return
        self._token += 1
        width = self._content_width()
        self._width = width
        if width <= 0:  # hidden (narrow layout): wrap when it is shown
            self._header, self._body = [], []
            return
        header = self._highlighted(
            header_text(message, self.campaign_name(message.campaign_id), self.lead_name())
        )
        header.append("\n" + glyphs().rule * min(width, 72) + "\n", style="dim")
        self._header = wrap_text(header, width)
        self._body = []
        rendered = self.cached(message)
        if rendered is not None and len(rendered.text) < INLINE_WRAP_LIMIT:
            self._body = wrap_text(self._body_text(message, rendered, self.unfold), width)
            self._publish(keep_scroll=keep_scroll)
            return
        self._publish(keep_scroll=keep_scroll)
        history: list[str] = []
        if rendered is None and self.history_for is not None:
            history = [m.body for m in self.history_for(message)[:HISTORY_MESSAGES]]
        self._render_body(
            self._token, message, rendered, self.unfold, self.search_query, width, history
        )

    def _highlighted(self, text: Text, query: str | None = None) -> Text:
        query = self.search_query if query is None else query
        if not query:
            return text
        return highlight(text, match_spans(text.plain, query))

    def _body_text(
        self, message: Message, rendered: RenderedBody, unfold: bool, query: str | None = None
    ) -> Text:
        text = body_text(
            rendered,
            unfold=unfold,
            attachments=message.attachments,
            event=event_line(message),
        )
        if rendered.clipped:
            text.append(
                "\n\nThis body is clipped: press W in this pane (Tab to reach it) for the rest.",
                style="bold",
            )
        return self._highlighted(text, query)

    def _publish(self, *, keep_scroll: bool) -> None:
        body = self._body or wrap_text(
            Text(f"rendering{glyphs().ellipsis}", style="dim italic"), self._width
        )
        self.set_lines([*self._header, *body], keep_scroll=keep_scroll)
        if not keep_scroll:
            self._read_at, self._read_row = 0, None
        elif self._rewrapping and self._body:  # the body wrapped for a new width
            self._rewrapping = False
            seen, row = 0, 0
            for row, strip in enumerate(self.strips):  # noqa: B007 (the row is kept)
                if seen >= self._read_at and strip.cell_length:  # not the blank line above
                    break
                seen += strip.cell_length
            self._placing = True  # where the view is put is no move of the reader's
            try:
                self.scroll_to(y=row, animate=False, immediate=True)
            finally:
                self._placing = False

    @work(thread=True, exclusive=True, group="render", exit_on_error=False)
    def _render_body(
        self,
        token: int,
        message: Message,
        rendered: RenderedBody | None,
        unfold: bool,
        query: str,
        width: int,
        history: list[str],
    ) -> None:
        """Convert (if needed) and wrap the body off the UI thread, then hand it back."""
        try:
            if rendered is None:
                from lemtui.mail.render import MAX_INPUT_CHARS, render_body

                whole = _cache_key(message) in self._whole
                rendered = render_body(
                    message.body,
                    is_html=message.body_is_html,
                    history=history,
                    max_chars=None if whole else MAX_INPUT_CHARS,
                )
            if get_current_worker().is_cancelled:
                return
            text = self._body_text(message, rendered, unfold, query)
        except Exception:  # the renderer promises not to raise; never trust a promise here
            rendered = None
            text = Text("This message could not be converted to text.", style="dim italic")
        strips = wrap_text(text, width)
        if not get_current_worker().is_cancelled:
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._body_ready, token, message, rendered, strips)

    def _body_ready(
        self, token: int, message: Message, rendered: RenderedBody | None, strips: list[Strip]
    ) -> None:
        if rendered is not None:
            key = _cache_key(message)
            self._cache[key] = (message, rendered)
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        if token != self._token:
            return
        self._body = strips
        self._publish(keep_scroll=True)
