"""A string that never shows itself: the API key's only container."""

from __future__ import annotations

import base64
from typing import Any, NoReturn
from urllib.parse import quote

__all__ = ["Secret"]


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

    def redact(self, text: str) -> str:
        """`text` with the secret replaced by `***` in every form a server could echo.

        The forms: the value itself, percent-encoded, and base64 of `:value` (what the Basic
        `Authorization` header carries) and of the value alone, with or without padding.
        """
        if not self._value:
            return text
        for form in self._forms():
            if form in text:
                text = text.replace(form, "***")
        return text

    def _forms(self) -> list[str]:
        raw = self._value.encode("utf-8", "surrogatepass")
        forms = {self._value, quote(self._value, safe="")}
        for data in (b":" + raw, raw):
            encoded = base64.b64encode(data).decode("ascii")
            forms.update(
                (encoded, encoded.rstrip("="), encoded.replace("+", "-").replace("/", "_"))
            )
        # Longest first: a form inside a longer one must not break the longer one's match.
        return sorted((form for form in forms if form), key=len, reverse=True)

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
