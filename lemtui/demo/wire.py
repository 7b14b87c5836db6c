"""How the fake lemlist API talks HTTP: answers, id shapes, the service's dates, ASGI plumbing.

The vocabulary its read routes, write routes and faults share, so that each answers as the
real service would: `text/plain` errors, JSON bodies kept as written (`ensure_ascii=False`),
the web app's HTML page for paths outside `/api`, dates the way JavaScript writes them and
lengths the way it counts them. Stdlib only.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "CONTACT_ID",
    "HTML",
    "JSON",
    "MAX_REQUEST_BODY",
    "TEXT",
    "USER_ID",
    "WEB_APP_PAGE",
    "Answer",
    "Receive",
    "RecordedRequest",
    "Scope",
    "Send",
    "basic_auth_password",
    "iso_date",
    "js_date",
    "js_length",
    "json_answer",
    "pagination",
    "read_body",
    "send_answer",
    "text_answer",
]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

TEXT: Final = "text/plain; charset=utf-8"
JSON: Final = "application/json; charset=utf-8"
HTML: Final = "text/html; charset=utf-8"
MAX_REQUEST_BODY: Final = 1 << 20
"""The largest request body a route reads; one byte more is kept so a 413 can tell."""

CONTACT_ID: Final = re.compile(r"ctc_[A-Za-z0-9]+")
USER_ID: Final = re.compile(r"usr_[A-Za-z0-9]+")

WEB_APP_PAGE: Final = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<link rel="icon" href="/favicon.ico"><title>lemlist</title>'
    '<link href="/static/css/main.4f2c1b.css" rel="stylesheet"></head>'
    "<body><noscript>You need to enable JavaScript to run this app.</noscript>"
    '<div id="root"></div><script src="/static/js/main.9a7e3d.js"></script></body></html>'
)
"""What the service answers, with 200, for any path outside `/api`."""

_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


@dataclass(slots=True)
class RecordedRequest:
    """One request the fake received, kept in `FakeLemlist.requests` for assertions.

    `time` is `time.monotonic()` at arrival; `query` keeps the last value of repeated keys.
    """

    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    time: float
    body: bytes = b""
    """The request body as received (cut at 1 MiB + 1 byte)."""


@dataclass(slots=True)
class Answer:
    """One HTTP answer before it is sent: status, body, content type and extra headers."""

    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]] = field(default_factory=list)


def text_answer(status: int, message: str) -> Answer:
    """A `text/plain` answer, the service's way of saying most errors."""
    return Answer(status, message.encode(), TEXT)


def json_answer(payload: Any, status: int = 200) -> Answer:
    """A JSON answer, non-ASCII characters kept as they are (as the service sends them)."""
    return Answer(status, json.dumps(payload, ensure_ascii=False).encode(), JSON)


def pagination(total: int, skip: int, limit: int) -> dict[str, Any]:
    """The `pagination` object of a paged answer whose page starts at item `skip`."""
    current = skip // limit + 1
    return {
        "totalItems": total,
        "currentPage": current,
        "nextPage": current + 1 if skip + limit < total else None,
        "previousPage": current - 1 if current > 1 else None,
        "perPage": limit,
        "totalPages": math.ceil(total / limit),
    }


def js_length(text: str) -> int:
    """The length of a string as the service's JavaScript counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def iso_date(epoch: float) -> str:
    """A `createdAt` the way the service writes it: UTC, milliseconds, `Z`."""
    moment = time.gmtime(epoch)
    millis = int(epoch * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{millis:03d}Z"


def js_date(epoch: float) -> str:
    """A date the way the service writes `X-RateLimit-Reset`: `Fri Nov 27 2026 10:00:02 GMT+0000`.

    Built by hand rather than with `strftime`, whose day and month names follow the locale.
    """
    moment = time.gmtime(epoch)
    return (
        f"{_DAYS[moment.tm_wday]} {_MONTHS[moment.tm_mon - 1]} {moment.tm_mday:02d} "
        f"{moment.tm_year} {moment.tm_hour:02d}:{moment.tm_min:02d}:{moment.tm_sec:02d} GMT+0000"
    )


def basic_auth_password(authorization: str | None) -> str | None:
    """The password of an HTTP Basic `Authorization` header (lemlist's API key), if well formed."""
    if not authorization:
        return None
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    _user, colon, password = decoded.partition(":")
    return password if colon else None


async def read_body(receive: Receive) -> bytes | None:
    """The request body, cut at MAX_REQUEST_BODY + 1 bytes; None if the client left."""
    chunks: list[bytes] = []
    size = 0
    while True:
        event = await receive()
        if event["type"] == "http.disconnect":
            return None
        chunk = bytes(event.get("body", b""))
        if size <= MAX_REQUEST_BODY:
            chunks.append(chunk[: MAX_REQUEST_BODY + 1 - size])
            size += len(chunks[-1])
        if not event.get("more_body", False):
            return b"".join(chunks)


async def send_answer(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    """Send a whole answer: the start with its `content-length`, then the body."""
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
