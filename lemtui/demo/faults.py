"""Failures the fake lemlist API can be told to answer with, for the hostile-server tests.

Two queues: canned answers (`FakeLemlist.fail_next`), which a proxy in front of the service
could send for any request (a 5xx, a 429, an HTML page, a body that is not JSON), and write
faults (`FakeLemlist.fail_next_write`), the three ways a write can fail that a client must tell
apart: refused before anything happened, done but not confirmed, and rate limited. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal

from lemtui.demo.wire import JSON, TEXT, Answer, text_answer

__all__ = [
    "DROPPED",
    "LEAD_ROUTES",
    "CannedAnswer",
    "Faults",
    "QueuedWriteFault",
    "WriteFault",
    "WriteRoute",
    "write_route",
]

WriteRoute = Literal["drafts", "email", "leads", "interested", "notinterested", "pause", "start"]
"""Which writes a fault waits for: a draft, an email, one lead action, or any lead action
("leads")."""
LEAD_ROUTES: Final = ("interested", "notinterested", "pause", "start")


def write_route(path: str) -> str:
    """The write route a POST's path is: drafts, email, or the lead action it names."""
    parts = path.rstrip("/").split("/")
    if parts[-1] == "drafts":
        return "drafts"
    if parts[-1] in ("interested", "notinterested"):
        return parts[-1]
    if len(parts) >= 3 and parts[-3] == "leads" and parts[-2] in ("pause", "start"):
        return parts[-2]
    return "email"


class WriteFault(Enum):
    """Ways to make the next write fail (`FakeLemlist.fail_next_write`), as a client sees them.

    The three kinds a client must tell apart: refused before anything happened (safe to try
    again), done but not confirmed (a retry would write twice), and 429 (refused, retry later).
    """

    ERROR_BEFORE_ACTING = "error-before-acting"
    """A 5xx (default 503) and nothing written."""
    ERROR_AFTER_ACTING = "error-after-acting"
    """The write is carried out, then a 5xx (default 504) answers it."""
    DROP_AFTER_ACTING = "drop-after-acting"
    """The write is carried out, then the connection drops mid-answer.

    Over real HTTP the client sees the peer close before the body (httpx's
    `RemoteProtocolError`); an in-process ASGI transport has no connection to drop, and httpx's
    `ASGITransport` fails an assertion instead, so use it over HTTP (`tests/support/server.py`).
    """
    RATE_LIMITED = "rate-limited"
    """429 with `Retry-After` and the rate-limit headers, nothing written."""
    REJECTED = "rejected"
    """A 4xx (default 400) with a text, nothing written."""

    @property
    def after_acting(self) -> bool:
        """Whether the write is carried out before the failure (a retry would write twice)."""
        return self in (WriteFault.ERROR_AFTER_ACTING, WriteFault.DROP_AFTER_ACTING)


_DEFAULTS: Final = {
    WriteFault.ERROR_BEFORE_ACTING: (503, "Service temporarily unavailable"),
    WriteFault.ERROR_AFTER_ACTING: (504, "Gateway timeout"),
    WriteFault.DROP_AFTER_ACTING: (200, ""),
    WriteFault.RATE_LIMITED: (429, "Too many requests, please retry later."),
    WriteFault.REJECTED: (400, "Invalid request"),
}

DROPPED: Final = Answer(200, b"", JSON)
"""The answer that is no answer: headers, then the connection drops (`DROP_AFTER_ACTING`)."""


@dataclass(slots=True)
class QueuedWriteFault:
    """A write fault waiting for its write: how it fails, and what it answers."""

    fault: WriteFault
    status: int
    text: str
    retry_after: int
    """The 429's `Retry-After`, in seconds."""
    route: WriteRoute | None
    """Only a write to this route spends it ("leads": any lead action; None: any write)."""

    def answer(self) -> Answer:
        """The failure as an answer; a 429's rate-limit headers are the caller's to add."""
        return text_answer(self.status, self.text)


@dataclass(slots=True)
class CannedAnswer:
    """An answer given as is, before routing, to the next `times` requests it matches."""

    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]]
    times: int
    path_contains: str


class Faults:
    """The queues of canned answers and write faults, each spent by the requests it matches."""

    def __init__(self) -> None:
        self.canned: list[CannedAnswer] = []
        self.writes: list[QueuedWriteFault] = []

    def can(
        self,
        status: int,
        body: str | bytes,
        *,
        content_type: str = TEXT,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
        path_contains: str = "",
    ) -> None:
        """Queue a canned answer (see `FakeLemlist.fail_next`)."""
        raw = body.encode() if isinstance(body, str) else body
        merged = {"content-type": content_type}
        merged.update((name.lower(), value) for name, value in (headers or {}).items())
        header_list = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in merged.items()]
        self.canned.append(CannedAnswer(status, raw, header_list, max(1, times), path_contains))

    def take_canned(self, target: str) -> CannedAnswer | None:
        """The first canned answer for `path?query`, spending one of its times."""
        for canned in self.canned:
            if canned.path_contains in target:
                canned.times -= 1
                if canned.times <= 0:
                    self.canned.remove(canned)
                return canned
        return None

    def queue_write(
        self,
        fault: WriteFault,
        *,
        status: int | None,
        text: str | None,
        retry_after: int,
        route: WriteRoute | None,
    ) -> None:
        """Queue a write fault (see `FakeLemlist.fail_next_write`); None takes the default."""
        default_status, default_text = _DEFAULTS[fault]
        self.writes.append(
            QueuedWriteFault(
                fault,
                default_status if status is None else status,
                default_text if text is None else text,
                max(0, retry_after),
                route,
            )
        )

    def take_write(self, path: str) -> QueuedWriteFault | None:
        """The first write fault for a POST to `path` (a write route), spent."""
        route = write_route(path)
        for fault in self.writes:
            if fault.route in (None, route) or (fault.route == "leads" and route in LEAD_ROUTES):
                self.writes.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Forget every queued canned answer and write fault: the service is well again."""
        self.canned.clear()
        self.writes.clear()
