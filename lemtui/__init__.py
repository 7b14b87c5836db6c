"""lemtui: a keyboard-driven terminal reader for the lemlist inbox."""

import sys as _sys
import types as _types

__version__ = "0.1.0"

# httpx imports its own command-line tool (click, pygments, rich.progress: ~55 ms, a sixth of
# lemtui's start-up) whenever those packages are installed, and Textual installs them. lemtui
# never runs httpx's CLI, so its module is replaced by an empty one before httpx is imported.
if "httpx" not in _sys.modules:
    _stub = _types.ModuleType("httpx._main", "httpx's CLI, not loaded by lemtui")

    def _no_cli() -> None:
        raise SystemExit("httpx's command-line tool is not available inside lemtui")

    _stub.main = _no_cli  # type: ignore[attr-defined]
    _sys.modules.setdefault("httpx._main", _stub)
