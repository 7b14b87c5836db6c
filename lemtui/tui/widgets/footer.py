"""The footer every lemtui screen shows: that screen's keys, tighter on a narrow terminal.

It draws what Textual's `Footer` draws, key for key and colour for colour, as one widget: one
line of text, with the key under the mouse highlighted, clickable, and its tooltip shown.
Textual's footer is a widget per key, rebuilt on every bindings update (each focus move, a
modal closing); each key was made, styled three times over and restyled when its `compact`
binding flipped: ~23 ms for the inbox's eight keys in its first frame, ~20 ms again on every
change of keys (bench 1, Enter → first rows). Here a change of keys only redraws a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Final

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from lemtui.tui.glyphs import current as glyphs

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

__all__ = ["COMPACT_BELOW", "FooterKey", "KeysFooter"]

COMPACT_BELOW: Final = 100
"""Columns under which the keys are set closer together (so 80 columns show them all)."""


@dataclass(frozen=True, slots=True)
class FooterKey:
    """One key the footer shows, as the screen's bindings have it."""

    key: str
    """What pressing it sends (`simulate_key`)."""
    display: str
    """How it is written (`App.get_key_display`: `⏎`, `^p`, `esc`)."""
    description: str
    tooltip: str
    enabled: bool
    action: str = ""
    """The binding's action (`quit` stays when the keys are too many for the width)."""


class KeysFooter(Widget, can_focus=False):
    """The shown screen's keys (bindings with `show`), the command palette's at the right.

    Wide, each key is ` k Description ` side by side; below `COMPACT_BELOW` columns,
    `k Description` with one space between keys. Disabled keys are dim. A click presses the
    key (a bell when it is disabled); the key under the mouse is highlighted and its tooltip
    shown.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--separator",
    }

    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer-key--separator {
            color: $foreground 20%;
        }
    }
    """

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[FooterKey, ...] = ()
        """The keys shown, left to right (without the palette's)."""
        self.palette: FooterKey | None = None
        """The command palette's key, drawn at the right, if the screen has it."""
        self._spans: list[tuple[int, int, FooterKey]] = []
        """Where each key was drawn: (first cell, end cell, key)."""
        self._hover: FooterKey | None = None

    @property
    def compact(self) -> bool:
        """True below `COMPACT_BELOW` columns."""
        return 0 < self.size.width < COMPACT_BELOW

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Take the screen's keys again; redraw when what is shown changed."""
        if screen is not self.screen:
            return
        keys, palette = self._read(screen)
        if keys != self.keys or palette != self.palette:
            self.keys, self.palette = keys, palette
            self.refresh()

    def _read(self, screen: Screen[Any]) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING
        keys: list[FooterKey] = []
        actions: set[str] = set()
        palette: FooterKey | None = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if key == palette_key and app.ENABLE_COMMAND_PALETTE:
                palette = self._key(binding, active.enabled, active.tooltip)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # one key per action, as Textual's footer
                keys.append(self._key(binding, active.enabled, active.tooltip))
        return tuple(keys), palette

    def _key(self, binding: Binding, enabled: bool, tooltip: str) -> FooterKey:
        return FooterKey(
            key=binding.key,
            display=self.app.get_key_display(binding),
            description=binding.description,
            tooltip=tooltip or binding.description,
            enabled=enabled,
            action=binding.action,
        )

    def render(self) -> Text:
        """The keys from the left, the palette's at the right, nothing wrapped."""
        width = self.size.width
        key_style = self.get_component_rich_style("footer-key--key", partial=True)
        text_style = self.get_component_rich_style("footer-key--description", partial=True)
        hover_style = self.get_component_rich_style("footer-key--hover", partial=True)
        compact = self.compact
        tail = Text(no_wrap=True, end="")
        if self.palette is not None:
            separator = glyphs().separator
            tail.append(separator, self.get_component_rich_style("footer-key--separator"))
            self._append(tail, self.palette, key_style, text_style, hover_style, compact=True)
            tail.append(" ")
        room = max(0, width - tail.cell_len)

        def drawn(keys: tuple[FooterKey, ...]) -> Text:
            line = Text(no_wrap=True, overflow="crop", end="")
            self._spans = []
            for index, key in enumerate(keys):
                if compact and index:
                    line.append(" ")
                start = line.cell_len
                self._append(line, key, key_style, text_style, hover_style, compact=compact)
                self._spans.append((start, line.cell_len, key))
            return line

        keys = self.keys
        line = drawn(keys)
        if line.cell_len > room:  # the last keys give way whole (the first matter most)...
            if len(keys) > 1 and keys[-1].action == "quit":  # ...but how to leave stays
                while len(keys) > 1 and drawn(keys).cell_len > room:
                    keys = (*keys[:-2], keys[-1])  # the key before it gives way
                line = drawn(keys)
            if line.cell_len > room:
                fits = [span for span in self._spans if span[1] <= room]
                line.truncate(fits[-1][1] if fits else 0)
                self._spans = fits
        line.pad_right(room - line.cell_len)
        if tail:
            start = line.cell_len + 1
            line.append_text(tail)
            if self.palette is not None:
                self._spans.append((start, line.cell_len - 1, self.palette))
        return line

    def _append(
        self,
        line: Text,
        key: FooterKey,
        key_style: Style,
        text_style: Style,
        hover_style: Style,
        *,
        compact: bool,
    ) -> None:
        """One key: its name and its description, each in its style (dim when disabled)."""
        start = len(line)
        line.append(f"{key.display} " if compact else f" {key.display} ", key_style)
        line.append(key.description if compact else f"{key.description} ", text_style)
        if not key.enabled:
            line.stylize(Style(dim=True), start)
        if key == self._hover:
            line.stylize_before(hover_style, start)

    # ------------------------------------------------------------------ the mouse

    def _at(self, x: int) -> FooterKey | None:
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the key under the mouse and show its tooltip."""
        key = self._at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        """The mouse left: nothing is highlighted."""
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        """Press the key that was clicked (a bell when it is disabled)."""
        key = self._at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_resize(self, event: events.Resize) -> None:
        """Tighter or looser keys for the new width."""
        self.refresh()
