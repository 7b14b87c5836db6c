"""Reading the service's JSON leniently: fields of any type made text, numbers, flags or
times, never raising, and the `pagination` object every list answer carries. No I/O, no UI.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Final

__all__ = [
    "MAX_FIELD_CHARS",
    "Pagination",
    "as_bool",
    "as_field",
    "as_int",
    "as_list",
    "as_mapping",
    "as_text",
    "first_of",
    "frozen_view",
    "interned",
    "parse_timestamp",
]


def as_mapping(value: Any) -> Mapping[str, Any]:
    """An object field as a mapping; anything else (missing, null, a list...) as an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """A list field as a list; anything else (missing, null, an object...) as an empty one."""
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str:
    """A string field, whatever the service put there (None, a number, a list...)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return ""


MAX_FIELD_CHARS: Final = 1_000
"""The most characters a header field keeps (a subject, a name, an address, a type, a campaign):
a mail header line holds 998, and a longer one is cut at parse time, with a mark, as a long body
is cut before it is drawn, so that no list row or header has megabytes to clean and measure."""


def as_field(value: Any) -> str:
    """A header field's text (as `as_text`), cut to `MAX_FIELD_CHARS` with a mark saying so."""
    text = as_text(value)
    if len(text) <= MAX_FIELD_CHARS:
        return text
    return f"{text[:MAX_FIELD_CHARS]}… [cut: {len(text):,} characters]"


_INT_TEXT = re.compile(r"-?[0-9]{1,18}")
_MAX_INT = 10**18


def as_int(value: Any) -> int | None:
    """An integer field, or None when it is missing, not a number, or absurdly large."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -_MAX_INT < value < _MAX_INT else None
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_INT:
        return int(value)
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    return None


def parse_timestamp(value: Any) -> datetime | None:
    """An aware datetime from ISO 8601 text or epoch seconds/milliseconds; None if unusable.

    Naive times are taken as UTC, which is what the service means.
    """
    parsed: datetime | None = None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            seconds = float(value)
            if abs(seconds) > 1e11:  # milliseconds
                seconds /= 1000.0
            parsed = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    # A date at the edge of datetime's range cannot be shown in the local zone (astimezone
    # overflows): no real message is from year 1 or 9999.
    try:
        if not 2 <= parsed.astimezone(UTC).year <= 9998:
            return None
    except (OverflowError, ValueError):
        return None
    return parsed


_UNIQUE_FIELDS: Final = frozenset({"_id", "id", "createdAt", "sentAt", "messageId", "message"})
"""Fields whose values differ from one message to the next: not worth interning."""
_INTERN_UP_TO: Final = 256
"""Longer values (bodies, long subjects) are kept as they are."""


def interned(item: dict[str, Any]) -> dict[str, Any]:
    """`item` (changed in place) with its short repeated text values interned.

    A conversation repeats the same type, campaign, sequence, sender, mailbox, lead and
    contact in every message: decoded JSON holds a copy of each per message (~0.7 KB a
    message, 7 MB at 10,000). Interned, each exists once; the values compare the same.
    """
    intern = sys.intern
    for key, value in item.items():
        if type(value) is str and len(value) <= _INTERN_UP_TO and key not in _UNIQUE_FIELDS:
            item[key] = intern(value)
    return item


def frozen_view(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of the item as the service sent it.

    The parsed JSON dict is wrapped, not copied: at 10,000 messages a copy costs ~10 MB, and
    nothing writes to a decoded response afterwards.
    """
    return MappingProxyType(item if isinstance(item, dict) else dict(item))


def first_of(item: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The first of `keys` that `item` holds a value for (not None, not ""), else None."""
    return next((item[key] for key in keys if item.get(key) not in (None, "")), None)


def as_bool(value: Any) -> bool:
    """A flag field: true only for `true` (or the text "true"), whatever else came."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


@dataclass(frozen=True, slots=True)
class Pagination:
    """The service's `pagination` object, with safe defaults for anything missing."""

    total_items: int | None
    current_page: int | None
    next_page: int | None
    previous_page: int | None
    per_page: int | None
    total_pages: int | None

    @classmethod
    def from_json(cls, data: Any) -> Pagination:
        """Build from the `pagination` object, whatever its shape."""
        item = as_mapping(data)
        return cls(*(as_int(item.get(key)) for key in _PAGINATION_KEYS))


_PAGINATION_KEYS: Final = (
    "totalItems",
    "currentPage",
    "nextPage",
    "previousPage",
    "perPage",
    "totalPages",
)
"""The service's names for `Pagination`'s fields, in their order."""
