"""The lemlist routes that write: saving a draft and sending an email. Each is sent once.

A write that failed after it left may have been carried out (an email sent), so nothing here
or below repeats one on its own: a 429 (refused before anything was done) waits its
`Retry-After` and goes once more; whatever else may have been done is an
`UnconfirmedWriteError` that tells the user to check first. A read-only connection refuses
every write before it is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from lemtui.lemlist.connection import Connection, retry_after, transport_reason
from lemtui.lemlist.errors import (
    BadResponseError,
    InvalidUserIdError,
    NetworkError,
    RateLimitedError,
    UnconfirmedWriteError,
    WriteRefusedError,
)
from lemtui.lemlist.ids import normalize_contact_id
from lemtui.text import clean_line

if TYPE_CHECKING:
    import httpx

__all__ = ["DraftPost", "create_draft", "decode_write", "send_email", "send_once"]


class DraftPost(Protocol):
    """What `create_draft` posts: the path's contact, the query (`draftOwner`) and the JSON
    body. `lemtui.mail.compose.draft_request` builds one (a `DraftRequest`); the client only
    sends it, and so needs nothing from the layer that renders replies."""

    @property
    def contact_id(self) -> str:
        """The contact whose conversation gets the draft (checked before sending)."""
        ...

    @property
    def params(self) -> Mapping[str, str]:
        """The query: `draftOwner`, the user's ID."""
        ...

    @property
    def json(self) -> Mapping[str, Any]:
        """The JSON body, as lemlist's write doc gives it."""
        ...


async def create_draft(connection: Connection, request: DraftPost) -> str:
    """Save a draft in the lemlist inbox (nothing is sent to the lead); returns its ID
    ('' if lemlist confirmed without one).

    Raises:
        ReadOnlyError, InvalidContactIdError, InvalidUserIdError: refused before sending.
        UnconfirmedWriteError: a 5xx, a timeout or a lost connection after it left (it
            may have been saved).
        WriteRefusedError: lemlist refused it (4xx) and said why; nothing was saved.
        AuthError, NotFoundError, RateLimitedError, NetworkError (nothing was sent),
        BadResponseError: as for a read.
    """
    connection.check_writable("Saving a lemlist draft")
    contact = normalize_contact_id(request.contact_id)
    owner = request.params.get("draftOwner", "").strip()
    if not owner:
        raise InvalidUserIdError("A lemlist draft needs its owner (your user ID)")
    answer = await _post_json(
        connection,
        f"inbox/{contact}/drafts",
        {"draftOwner": owner},
        request.json,
        what="draft",
        again="check the conversation's drafts in lemlist before saving again",
    )
    draft_id = answer.get("draftId") if isinstance(answer, dict) else None
    return clean_line(draft_id)[:64] if isinstance(draft_id, str) else ""


async def send_email(connection: Connection, payload: Mapping[str, str]) -> None:
    """Send an email from the user's mailbox (`POST /inbox/email`); it leaves at once.

    Raises:
        The errors of `create_draft`; an `UnconfirmedWriteError` means the email may have
        left: the conversation shows whether it did.
    """
    connection.check_writable("Sending an email")
    normalize_contact_id(payload.get("contactId", ""))
    answer = await _post_json(
        connection,
        "inbox/email",
        {},
        payload,
        what="email",
        again="check the conversation before sending again",
    )
    if isinstance(answer, dict) and answer.get("ok") is False:
        raise UnconfirmedWriteError(
            "lemlist did not confirm; check the conversation before sending again",
            "lemlist answered, but not with ok",
        )


async def _post_json(
    connection: Connection,
    path: str,
    params: dict[str, str],
    body: Mapping[str, Any],
    *,
    what: str,
    again: str,
) -> Any:
    """POST `body` once (`send_once`) and decode the answer (`decode_write`)."""
    response = await send_once(connection, path, params, body, what=what, again=again)
    return decode_write(
        connection, response, what=what, unconfirmed=f"lemlist did not confirm; {again}"
    )


async def send_once(
    connection: Connection,
    path: str,
    params: dict[str, str],
    body: Mapping[str, Any] | None,
    *,
    what: str,
    again: str,
) -> httpx.Response:
    """POST `body` (None: no body at all) once and return the answer as it came; a 429 waits
    its `Retry-After` (at most `max_retry_wait`) and goes once more, since it was refused
    before anything was done. The answer's status is the caller's to read (`decode_write`).

    Raises:
        NetworkError: nothing left this machine (refused, unreachable): the `what` was not sent.
        UnconfirmedWriteError: the request left and no whole answer came (a timeout, a lost
            connection, an answer too large or badly encoded); its message says to check
            (`again`). Never a retry.
    """
    connection.require_key()
    await connection.connect()
    import httpx

    from lemtui.lemlist.transport import AnswerTooLarge, BadEncoding, DeadlineExceeded

    unconfirmed = f"lemlist did not confirm; {again}"
    payload = None if body is None else dict(body)
    for attempt in (1, 2):
        try:
            response = await connection.http.post(path, params=params, json=payload)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # Nothing left this machine: safe to say so, and to try again.
            raise NetworkError(
                f"Cannot reach {connection.host}: {transport_reason(exc)}; the {what} was not sent"
            ) from None
        except DeadlineExceeded:
            raise UnconfirmedWriteError(
                unconfirmed, f"no whole answer within {connection.timeout:g} s"
            ) from None
        except httpx.TimeoutException:
            raise UnconfirmedWriteError(unconfirmed, "no answer in time") from None
        except httpx.TransportError as exc:
            raise UnconfirmedWriteError(unconfirmed, transport_reason(exc)) from None
        except (AnswerTooLarge, BadEncoding):
            raise UnconfirmedWriteError(unconfirmed, "an answer lemtui cannot read") from None
        if response.status_code == 429 and attempt == 1:
            wait = retry_after(response)
            wait = connection.limiter.window if wait is None else wait
            if wait <= connection.max_retry_wait:
                connection.waiting(wait, "lemlist's rate limit")
                await asyncio.sleep(wait)
                continue
        return response
    raise AssertionError("unreachable: the second attempt returns or raises")


def decode_write(
    connection: Connection,
    response: httpx.Response,
    *,
    what: str,
    unconfirmed: str,
    refused: type[WriteRefusedError] = WriteRefusedError,
) -> Any:
    """A write's answer: the JSON of a 200, or the error that says whether it was done
    (`refused` is the class of a 4xx that says why)."""
    status = response.status_code
    if status == 200:
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type.lower():
            kind = connection.shown(content_type.split(";")[0], 40) or "no content type"
            raise UnconfirmedWriteError(unconfirmed, f"the answer was {kind}, not lemlist's")
        try:
            return connection.json(response.content)
        except BadResponseError:
            raise UnconfirmedWriteError(unconfirmed, "the answer was not valid JSON") from None
    said = connection.server_text(response)
    if status == 429:
        wait_for = retry_after(response)
        wait = f"; try again in {wait_for:.0f} s" if wait_for is not None else ""
        raise RateLimitedError(
            f"lemlist's rate limit was hit and the {what} was not sent{wait}", wait_for
        )
    if 500 <= status < 600 or status < 200 or 200 < status < 300:
        answered = f"lemlist answered {status}{': ' + said if said else ''}"
        raise UnconfirmedWriteError(unconfirmed, answered)
    if 400 <= status < 500 and status not in (401, 403, 404):
        raise refused(f"lemlist refused the {what}: {said or f'error {status}'}")
    return connection.decode(response, what=f"the {what}'s conversation")
