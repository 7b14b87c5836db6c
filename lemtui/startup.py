"""The process-wide tricks lemtui plays for a faster start and a lighter heap, in one place.

Each was measured (bench 1: first frame; bench 3: RSS and collector pauses) and each is kept
only for what it buys:

- `skip_httpx_cli`: httpx imports its command-line tool (click, pygments, rich.progress:
  ~55 ms, a sixth of lemtui's start-up) whenever those packages are installed, and Textual
  installs them. The entry point registers an empty stand-in first. Standard library only, so
  that `--print`, which never loads Textual, can call it too.
- `freeze_loaded` / `unfreeze_loaded`: the messages of an open conversation live as long as it
  is shown; moved out of the cyclic collector's reach, they are not walked again by every
  collection while the user scrolls (pauses that grew with the conversation).
- `freeze_start_up`: what importing lemtui, Textual and Rich made (~38,000 objects, modules,
  classes and functions that live as long as the process, and no garbage) is moved out of the
  collector's reach as the app starts, so the full collections that come while it draws its
  first screens walk only what the app made since (one fell between the cached inbox's page and
  its rows: 11 ms).
- The blank screen at the bottom of the stack, `lemtui.tui.screens.start.StartScreen` (a
  Textual screen, so it lives with the screens: this module must not load Textual): the first
  contact prompt is drawn over it instead of over the conversation screen, whose composing and
  styling made the prompt's first frame 1.5x a bare Textual app's (1.1x over the blank one).
"""

from __future__ import annotations

import gc
import sys
import types

__all__ = ["freeze_loaded", "freeze_start_up", "skip_httpx_cli", "unfreeze_loaded"]


def skip_httpx_cli() -> None:
    """Keep httpx from importing its command-line tool, which lemtui never runs.

    Called by the entry point before httpx is first imported, so importing `lemtui` as a
    library changes nothing in `sys.modules`.
    """
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stub = types.ModuleType("httpx._main", "httpx's CLI, not loaded by lemtui")

    def no_cli() -> None:
        raise SystemExit("httpx's command-line tool is not available inside lemtui")

    stub.main = no_cli  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stub


def freeze_start_up() -> None:
    """Move everything alive now out of the cyclic collector's reach, without collecting:
    called once the imports are done, when nothing made so far is garbage (a collection
    there finds none and costs ~8 ms)."""
    gc.freeze()


def freeze_loaded() -> None:
    """Collect the garbage, then move every object left out of the cyclic collector's reach.

    What is frozen is never collected, so garbage goes first; all but the newest page is
    frozen already, so this walks little.
    """
    gc.collect()
    gc.freeze()


def unfreeze_loaded() -> None:
    """Let what `freeze_loaded` froze be collected again (another conversation is opened)."""
    gc.unfreeze()
