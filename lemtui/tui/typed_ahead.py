"""Keys typed ahead of the app: Esc and a key sent in one burst.

Kept apart from `keymap` (which loads every screen to list their keys) so that the app's
`on_key`, which runs for every key, loads nothing: the first key pressed once took 130 ms
importing every screen through `keymap`.
"""

from __future__ import annotations

_TYPED_AFTER_ESCAPE = frozenset({"enter", "tab", "space", "up", "down", "left", "right"})


def escape_then(key: str) -> str | None:
    """The key typed right after Esc when a terminal sent both in one burst, which reads as
    `alt+key` ("Esc j" typed ahead arrives as `alt+j`); None for any other key."""
    if not key.startswith("alt+"):
        return None
    rest = key[4:]
    if len(rest) == 1 or rest in _TYPED_AFTER_ESCAPE or rest.startswith("shift+"):
        return rest
    return None
