"""A list of one-line rows on the Line API, with a highlight moved by keys, mouse and wheel.

Only the lines on screen are drawn (`render_line`), and a row is drawn from its index when it
comes into view, so a list of 100,000 rows costs what a screenful does; appending rows only
grows the scrollable height. Below the rows there may be one status line (what a list says
about itself: "loading more…", the end, an error), which the highlight skips unless it is
selectable. The list posts `Highlighted` and `Selected`, as Textual's `OptionList` does, and
uses none of Textual's private names, so an upgrade cannot break it from under us.

Subclasses say how many rows there are (`row_count`) and how row `index` looks
(`row_prompt`), and call `rows_appended` / `rows_replaced` when that changes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize

__all__ = ["LineList"]

RENDERED_ROWS = 256
"""Rows whose drawn lines a list keeps (a few screens' worth: what scrolling back needs)."""


class LineList(ScrollView, can_focus=True):
    """Rows of one line each plus an optional status line last; up/down/home/end/page keys,
    a click or Enter selects.

    The look and keys are those of Textual's `OptionList` (same CSS variables and bindings),
    with component classes of its own: `line-list--row`, `-row-highlighted`, `-row-hover` and
    `-row-disabled` (the status line when it cannot be selected).
    """

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("home", "first", "First", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("up", "cursor_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    LineList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .line-list--row-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .line-list--row-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .line-list--row-disabled {
            color: $text-disabled;
        }
        & > .line-list--row-hover {
            background: $block-hover-background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--row",
        "line-list--row-disabled",
        "line-list--row-highlighted",
        "line-list--row-hover",
    }

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """The highlighted line (a row, or the status line), or None."""

    class LineMessage(Message):
        """Something happened to line `index` of `line_list`."""

        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

        @property
        def control(self) -> LineList:
            """The list the line belongs to."""
            return self.line_list

    class Highlighted(LineMessage):
        """The highlight moved onto a selectable line (`index`)."""

    class Selected(LineMessage):
        """Line `index` was chosen (Enter, or a click)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows = 0
        """Rows shown (what `row_count` was when the view last heard of a change)."""
        self._status: Text | None = None
        self._status_selectable = False
        self._hover: int | None = None
        self._strips: LRUCache[tuple[int, Style, int], Strip] = LRUCache(RENDERED_ROWS)
        """Drawn rows by (index, style, width); the status line is not kept (it changes)."""

    # ------------------------------------------------------------------ what subclasses say

    @property
    def row_count(self) -> int:
        """How many rows there are now (the view shows `rows_appended`'s last count)."""
        return 0

    def row_prompt(self, index: int) -> Text:
        """How row `index` looks (one line)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ lines

    @property
    def line_count(self) -> int:
        """Lines shown: the rows, plus the status line if there is one."""
        return self._rows + (self._status is not None)

    @property
    def status_line(self) -> int | None:
        """The index of the status line (always the last), or None."""
        return self._rows if self._status is not None else None

    @property
    def kept_lines(self) -> int:
        """How many drawn rows the list keeps (at most `RENDERED_ROWS`)."""
        return len(self._strips)

    def line_prompt(self, index: int) -> Text:
        """How line `index` looks (a row, or the status line)."""
        if index == self.status_line and self._status is not None:
            return self._status
        return self.row_prompt(index)

    def line_enabled(self, index: int) -> bool:
        """Whether line `index` can be highlighted and selected (a row, or a selectable
        status line)."""
        if index == self.status_line:
            return self._status_selectable
        return 0 <= index < self._rows

    def rows_appended(self) -> None:
        """Rows were added after the last one (nothing before them moved)."""
        self._leave_status_line()
        self._rows = self.row_count
        self._resize()

    def rows_replaced(self) -> None:
        """The rows changed from the first: nothing drawn is kept, and the highlight and
        scroll go back to none and the top (the caller puts them where they belong)."""
        self._strips.clear()
        self._rows = self.row_count
        self.highlighted = None
        self.scroll_y = 0
        self._resize()

    def redraw_row(self, index: int) -> None:
        """Draw row `index` again (what it shows changed); the other rows drawn are kept, so
        a row's words arriving while the user scrolls redraw that row alone."""
        for key in [key for key in self._strips.keys() if key[0] == index]:  # noqa: SIM118 (no __iter__)
            self._strips.discard(key)
        self.refresh_lines(index, 1)

    def redraw_all(self) -> None:
        """Draw every row again (what rows show changed, not which rows there are)."""
        self._strips.clear()
        self.refresh()

    def set_status_line(self, prompt: Text | None, *, selectable: bool = False) -> None:
        """Show `prompt` as the last line (None: no status line); a highlight on the old
        status line moves to the last row."""
        self._leave_status_line()
        had = self._status is not None
        self._status = prompt
        self._status_selectable = selectable and prompt is not None
        if had != (prompt is not None):
            self._resize()
        else:
            self.refresh_lines(self._rows, 1)

    def _leave_status_line(self) -> None:
        if self.highlighted is not None and self.highlighted >= self._rows:
            self.highlighted = self._rows - 1 if self._rows else None

    def _resize(self) -> None:
        """The scrollable height follows the lines (one line per row: nothing is measured)."""
        size = Size(self.scrollable_content_region.width, self.line_count)
        if size != self.virtual_size:
            self.virtual_size = size
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per row (a list sized to its content measures nothing)."""
        return self.line_count

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: a row or the status line, styled as highlighted, hovered or
        disabled; a row already drawn at this style and width is reused."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < self.line_count:
            return Strip.blank(width, self.get_visual_style("line-list--row").rich_style)
        state = self._state_of(index)
        if state:
            style = self.get_visual_style("line-list--row", state)
        else:
            style = self.get_visual_style("line-list--row")
        key = (index, style, width)
        if index < self._rows and (strip := self._strips.get(key)) is not None:
            return strip
        visual = visualize(self, self.line_prompt(index), markup=False)
        strips = Visual.to_strips(self, visual, width, None, style)
        strip = strips[0] if strips else Strip.blank(width)
        strip = strip.extend_cell_length(width, style.rich_style)
        if index < self._rows:
            self._strips[key] = strip
        return strip

    def _state_of(self, index: int) -> str:
        """The component class line `index` is drawn with ("" for a plain row)."""
        if not self.line_enabled(index):
            return "line-list--row-disabled"
        if index == self.highlighted:
            return "line-list--row-highlighted"
        if index == self._hover:
            return "line-list--row-hover"
        return ""

    def notify_style_update(self) -> None:
        """A theme or focus change: draw every line again."""
        self.refresh()
        super().notify_style_update()

    def on_resize(self) -> None:
        """Another width: the scrollable width follows (drawn rows are keyed by width)."""
        self._resize()

    # ------------------------------------------------------------------ the highlight

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        """Kept on a line (None when there is none)."""
        if highlighted is None or not self.line_count:
            return None
        return max(0, min(highlighted, self.line_count - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        """Scroll to and announce the new highlight; repaint just the two lines that changed."""
        offset = self.scroll_offset
        if new is not None and self.line_enabled(new):
            self.scroll_to_highlight()
            self.post_message(self.Highlighted(self, new))
        if self.scroll_offset != offset:
            return  # scrolling repaints the whole view anyway
        for index in (old, new):
            if index is not None:
                self.refresh_lines(index, 1)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the highlighted line into view (`top`: to the top of the view)."""
        if self.highlighted is None or not self.is_mounted:
            return
        width = self.scrollable_content_region.width
        self.scroll_to_region(
            Region(0, self.highlighted, width, 1), force=True, animate=False, top=top,
            immediate=True,
        )  # fmt: skip

    def on_show(self) -> None:
        """Shown again (after another screen): the highlight is in view."""
        self.scroll_to_highlight()

    def _enabled_from(self, start: int, direction: int) -> int | None:
        """The first selectable line from `start` (included) going `direction`, if any."""
        index = start
        while 0 <= index < self.line_count:
            if self.line_enabled(index):
                return index
            index += direction
        return None

    def edge(self, *, last: bool) -> int | None:
        """The last (or first) line that can be highlighted, if any."""
        return self._enabled_from(self.line_count - 1, -1) if last else self._enabled_from(0, 1)

    def action_first(self) -> None:
        """Home: the first selectable line."""
        self.highlighted = self.edge(last=False)

    def action_last(self) -> None:
        """End: the last selectable line."""
        self.highlighted = self.edge(last=True)

    def action_cursor_down(self) -> None:
        """Down to the next selectable line; stops at the end (no wrapping to the top)."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """Up to the previous selectable line; stops at the top."""
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        found = self._enabled_from(self.highlighted + direction, direction)
        if found is not None:
            self.highlighted = found

    def action_page_down(self) -> None:
        """A page down; onto the last selectable line rather than off the list."""
        self._page(1)

    def action_page_up(self) -> None:
        """A page up; stops at the first line."""
        self._page(-1)

    def _page(self, direction: int) -> None:
        if not self.line_count:
            return
        if self.highlighted is None:
            self.highlighted = self.edge(last=direction > 0)
            return
        height = self.scrollable_content_region.height
        target = max(0, min(self.highlighted + direction * height, self.line_count - 1))
        found = self._enabled_from(target, direction)
        self.highlighted = found if found is not None else self.edge(last=direction > 0)

    def action_select(self) -> None:
        """Enter: choose the highlighted line, if it can be chosen."""
        index = self.highlighted
        if index is not None and self.line_enabled(index):
            self.post_message(self.Selected(self, index))

    # ------------------------------------------------------------------ the mouse

    def _line_at(self, event: events.MouseEvent) -> int | None:
        """The line under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = self.scroll_offset.y + offset.y
        return index if 0 <= index < self.line_count else None

    async def on_click(self, event: events.Click) -> None:
        """A click on a selectable line highlights and selects it."""
        index = self._line_at(event)
        if index is not None and self.line_enabled(index):
            self.highlighted = index
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The line under the mouse is drawn hovered."""
        self._set_hover(self._line_at(event))

    def on_leave(self, event: events.Leave) -> None:
        """The mouse left: nothing is hovered."""
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index == self._hover:
            return
        for line in (self._hover, index):
            if line is not None:
                self.refresh_lines(line, 1)
        self._hover = index
