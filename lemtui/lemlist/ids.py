"""The identifiers a user types, checked before any request so that none can change a path.

A contact ID is `ctc_` and letters/digits, a user ID letters, digits and `_`; an email address
has nothing that could leave `/contacts/`. What is refused says which character is wrong.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Final

from lemtui.lemlist.errors import InvalidContactIdError, InvalidUserIdError
from lemtui.text import clean_line

__all__ = [
    "is_campaign_id",
    "is_contact_id",
    "is_lead_id",
    "is_user_id",
    "looks_like_email",
    "normalize_contact_id",
    "normalize_user_id",
]

# `ctc_` then letters and digits: nothing that could leave `/inbox/` (no `/`, `.`, `%`, `?`, `#`).
_CONTACT_ID: Final = re.compile(r"ctc_[A-Za-z0-9]{1,64}")
_USER_ID: Final = re.compile(r"[A-Za-z0-9_]{1,64}")
_CAMPAIGN_ID: Final = re.compile(r"cam_[A-Za-z0-9]{1,64}")
_LEAD_ID: Final = re.compile(r"lea_[A-Za-z0-9]{1,64}")
_ID_CHARS: Final = frozenset(string.ascii_letters + string.digits)
_EMAIL: Final = re.compile(r"[^@\s/?#%\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


def is_contact_id(text: str) -> bool:
    """True when `text` is a contact ID as it is (`ctc_` and letters/digits, nothing around)."""
    return bool(_CONTACT_ID.fullmatch(text))


def is_campaign_id(text: str) -> bool:
    """True when `text` is a campaign ID as it is (`cam_` and letters/digits): safe in a path."""
    return bool(_CAMPAIGN_ID.fullmatch(text))


def is_lead_id(text: str) -> bool:
    """True when `text` is a lead ID as it is (`lea_` and letters/digits): safe in a path."""
    return bool(_LEAD_ID.fullmatch(text))


def is_user_id(text: str) -> bool:
    """True when `text` is a user ID as it is (letters, digits and `_`, nothing around)."""
    return bool(_USER_ID.fullmatch(text))


def looks_like_email(text: str) -> bool:
    """True for `name@host.tld` with nothing that could change a URL path."""
    return bool(_EMAIL.fullmatch(text.strip()))


def normalize_contact_id(value: str) -> str:
    """The contact ID with surrounding whitespace removed.

    Checked before any request so that nothing a user types can change the path.

    Raises:
        InvalidContactIdError: it is not `ctc_` and letters/digits; the message says which
            character is wrong (invisible ones by their Unicode name).
    """
    candidate = value.strip()
    if _CONTACT_ID.fullmatch(candidate):
        return candidate
    expected = "expected ctc_ followed by letters and digits"
    if not candidate:
        raise InvalidContactIdError(f"No contact ID given: {expected}")
    raise InvalidContactIdError(
        f"{clean_line(candidate)[:40]!r} is not a contact ID: {_why_not_an_id(candidate)} "
        f"({expected})"
    )


def _why_not_an_id(candidate: str) -> str:
    if not candidate.startswith("ctc_"):
        return "it does not start with ctc_"
    for position, char in enumerate(candidate[4:], start=5):
        if char not in _ID_CHARS:
            return f"character {position} is {_describe(char)}"
    return "nothing follows ctc_" if len(candidate) == 4 else "it is longer than any contact ID"


def _describe(char: str) -> str:
    """A character named so that it can be seen: `'/'`, or `U+200B ZERO WIDTH SPACE`."""
    if "!" <= char <= "~":
        return repr(char)
    return f"U+{ord(char):04X} {unicodedata.name(char, '(unnamed)')}"


def normalize_user_id(value: str) -> str:
    """The user ID stripped.

    Raises:
        InvalidUserIdError: it has characters no lemlist ID has (nothing was sent).
    """
    candidate = value.strip()
    if not _USER_ID.fullmatch(candidate):
        raise InvalidUserIdError(
            f"{clean_line(candidate)[:40]!r} is not a user ID (expected usr_ and letters/digits)"
        )
    return candidate
