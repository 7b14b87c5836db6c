"""A string that never shows itself: the API key's only container."""

from __future__ import annotations

import hmac
from typing import Any, NoReturn

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
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __getstate__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")
