"""What can go wrong talking to lemlist: `ApiError` and one subclass per kind of failure.

Each carries a `title` (the kind of failure) and a `hint` (what to do), in words that fit the
command line and the reader alike. The client raises them `from None` with a message that
holds nothing secret: no traceback, no key, server text only with the key taken out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from lemtui.lemlist.inbox import Contact

__all__ = [
    "AmbiguousContactError",
    "ApiError",
    "AuthError",
    "BadRequestError",
    "BadResponseError",
    "InsecureURLError",
    "InvalidContactIdError",
    "InvalidLeadError",
    "InvalidUserIdError",
    "LeadActionRefusedError",
    "LeadNotFoundError",
    "NetworkError",
    "NotFoundError",
    "OfflineError",
    "RateLimitedError",
    "ReadOnlyError",
    "ServerError",
    "UnconfirmedWriteError",
    "WriteRefusedError",
]


class ApiError(Exception):
    """Anything that went wrong talking to lemlist, said in one line a person can act on.

    `title` names the kind of failure and `hint` says what to do about it, in words that fit
    the command line and the reader alike (the reader adds its own keys).
    """

    title: ClassVar[str] = "lemlist request failed"
    hint: ClassVar[str] = "Try again in a moment."

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidContactIdError(ApiError, ValueError):
    """The contact ID is not `ctc_` followed by letters and digits; nothing was sent."""

    title = "Not a contact ID"
    hint = "A contact ID is ctc_ followed by letters and digits."


class InvalidUserIdError(ApiError, ValueError):
    """The user ID is missing where one is needed, or has characters no lemlist ID has;
    nothing was sent."""

    title = "Not a user ID"
    hint = "Give your user ID (usr_ and letters/digits) with --user-id or LEMLIST_USER_ID."


class InvalidLeadError(ApiError, ValueError):
    """A lead action's lead or campaign is not a lemlist ID or an email address (`lea_`,
    `cam_` and letters/digits); nothing was sent."""

    title = "Not a lead or campaign"
    hint = "Reload the lead card: its campaigns name the lead and campaign to act on."


class InsecureURLError(ApiError, ValueError):
    """The base URL would send the key in clear text (plain http to a non-loopback host)."""

    title = "Insecure base URL"
    hint = "Use an https:// base URL (plain http is allowed only to localhost or 127.0.0.1)."


class AuthError(ApiError):
    """401/403: the API key is missing, wrong or lacks access."""

    title = "The API key was refused"
    hint = "Check LEMLIST_API_KEY (or api_key in the config file)."


class NotFoundError(ApiError):
    """404: no such contact (or no such route)."""

    title = "Not found"
    hint = "Check the contact ID."


class LeadNotFoundError(NotFoundError):
    """404 to a lead action or look-up: lemlist knows no such lead ("Lead not found") or
    campaign ("Campaign not found"); nothing was changed."""

    title = "Lead not found"
    hint = "It may have been removed in lemlist: reload the lead card."


class BadRequestError(ApiError):
    """400: the service refused the request and said why."""

    title = "lemlist refused the request"
    hint = "Check the contact and user IDs."


class RateLimitedError(ApiError):
    """429 after every retry: the service wants us to wait `retry_after` seconds."""

    title = "Rate limited"
    hint = "Wait a moment, then retry."

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx after every retry."""

    title = "lemlist server error"
    hint = "lemlist may be having trouble: retry in a while."

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class NetworkError(ApiError):
    """No (whole) answer: connection refused, DNS failure, timeout, deadline, TLS failure."""

    title = "No answer from lemlist"
    hint = "Check the connection, then retry."


class OfflineError(NetworkError):
    """A write asked while lemlist cannot be reached: refused before sending, never queued."""

    title = "Offline"
    hint = "Nothing was sent, nothing is queued: lemtui reconnects on its own; try again then."


class BadResponseError(ApiError):
    """An answer that is not the inbox JSON (HTML, truncated JSON, wrong shape, redirect, far
    too large)."""

    title = "An answer lemtui cannot read"
    hint = "Check the base URL (it should end in /api), then retry."


class AmbiguousContactError(ApiError):
    """Several contacts match an email address; `candidates` lists them."""

    title = "Several contacts match"
    hint = "Pick one of them."

    def __init__(self, message: str, candidates: tuple[Contact, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ReadOnlyError(ApiError):
    """A write (a draft, an email, mark-as-read) asked of a read-only client; nothing was sent."""

    title = "Read-only"
    hint = "lemtui was started read-only (--read-only, or read_only = true in the config)."


class WriteRefusedError(BadRequestError):
    """A 4xx to a write: lemlist refused it before acting and said why. Nothing was written."""

    title = "lemlist refused the reply"
    hint = "Nothing was saved or sent, and your text is kept: change it, then try again."


class LeadActionRefusedError(WriteRefusedError):
    """A 4xx to a lead action (interested, not interested, pause, resume): lemlist refused it
    before acting and said why. Nothing was changed."""

    title = "lemlist refused the change"
    hint = "Nothing was changed: reload the lead card, then try again."


class UnconfirmedWriteError(ApiError):
    """A write that may have been carried out without lemtui hearing so: a 5xx, a timeout or a
    connection lost after the request left. Never retried on its own; the user checks first.

    `reason` says what happened ("lemlist answered 504", "the connection broke mid-answer").
    """

    title = "Not confirmed"
    hint = "It may have gone through: look at the conversation before trying again."

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
