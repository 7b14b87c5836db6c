"""Message bodies made safe to read: the renderer, search, replies and the output formats.

No UI: nothing here imports Textual.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["OUTPUT_FORMATS", "OutputFormat"]

OutputFormat = Literal["text", "markdown", "json"]
"""What `--print --format` writes (`formats.FORMATTERS`). Named here, not in `formats`, so
the command line offers the choices without loading the writers."""
OUTPUT_FORMATS: Final[tuple[OutputFormat, ...]] = ("text", "markdown", "json")
