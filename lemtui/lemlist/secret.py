"""A string that never shows itself: the API key's only container."""

from __future__ import annotations

import base64
import unicodedata
from typing import Any, NoReturn
from urllib.parse import quote

__all__ = ["Secret"]

_UNSEEN_CATEGORIES = frozenset(("Cc", "Cf", "Cn", "Co", "Cs", "Me", "Mn", "Zl", "Zp", "Zs"))
"""Controls, format characters (zero-width, bidi), combining marks and spaces: what a reader
does not see as a character of its own, so what may be slipped between a key's characters."""
_BLANK = frozenset("\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufffd")
"""Letters drawn as nothing (Hangul fillers), and the mark a byte cut mid-character leaves."""
PARTIAL_MIN = 4
"""The fewest characters of a key form, at the end of a text that was cut, taken for its start."""


def _seen(text: str) -> tuple[str, list[int]]:
    """The characters of `text` a reader sees as such, and where each stands in `text`."""
    kept: list[str] = []
    where: list[int] = []
    for at, char in enumerate(text):
        if char.isspace() or char in _BLANK:
            continue
        if not (char.isascii() and char.isprintable()) and (
            unicodedata.category(char) in _UNSEEN_CATEGORIES
        ):
            continue
        kept.append(char)
        where.append(at)
    return "".join(kept), where


class Secret:
    """Holds the API key; `repr`, `str` and formatting are redacted, pickling is refused.

    Tracebacks with local variables (Textual's crash screen, pytest, rich) show `Secret('***')`.
    Only `reveal()` gives the value, and only the HTTP auth calls it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself. Call it only where it leaves for the server."""
        return self._value

    def redact(self, text: str, *, cut: bool = False) -> str:
        """`text` with the secret replaced by `***` in every form a server could echo.

        The forms: the value itself, percent-encoded, and base64 of `:value` (what the Basic
        `Authorization` header carries) and of the value alone, with or without padding. A form
        is found whatever lies between its characters that a reader cannot see (spaces, line
        breaks, zero-width and bidi characters, combining marks), so a key split across lines,
        a wrapped Basic value or a padded key goes whole. When `text` was `cut` short, the end
        is taken for what it may be, a form's beginning (`PARTIAL_MIN` characters or more).
        """
        if not self._value:
            return text
        seen, where = _seen(text)
        spans: list[tuple[int, int]] = []
        for form in self._forms():
            start = seen.find(form)
            while start >= 0:
                spans.append((where[start], where[start + len(form) - 1] + 1))
                start = seen.find(form, start + 1)
            if cut:
                for size in range(len(form) - 1, PARTIAL_MIN - 1, -1):
                    if seen.endswith(form[:size]):
                        spans.append((where[len(seen) - size], len(text)))
                        break
        if not spans:
            return text
        pieces: list[str] = []
        done = 0
        for start, end in sorted(spans):
            if start >= done:
                pieces.append(text[done:start])
                pieces.append("***")
            done = max(done, end)
        pieces.append(text[done:])
        return "".join(pieces)

    def _forms(self) -> list[str]:
        raw = self._value.encode("utf-8", "surrogatepass")
        forms = {self._value, quote(self._value, safe="")}
        for data in (b":" + raw, raw):
            encoded = base64.b64encode(data).decode("ascii")
            forms.update(
                (encoded, encoded.rstrip("="), encoded.replace("+", "-").replace("/", "_"))
            )
        # Compared with what a reader sees, so without what a reader cannot see.
        return sorted({seen for form in forms if (seen := _seen(form)[0])})

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        import hmac  # here: hashlib's start-up (~7 ms) is not the first frame's to pay

        return hmac.compare_digest(self._value.encode(), other._value.encode())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __getstate__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")
