"""The service's address, and the check any other base URL passes before the key is sent.

The key travels in every request: plain http is allowed only to loopback hosts (tests, the
demo, a local proxy). Checked without importing httpx where a pattern can vouch for the URL.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import urlsplit

from lemtui.lemlist.errors import ApiError, InsecureURLError
from lemtui.text import clean_line

__all__ = ["DEFAULT_BASE_URL", "check_base_url", "is_loopback_host"]

DEFAULT_BASE_URL: Final = "https://api.lemlist.com/api"
_PLAIN_URL: Final = re.compile(
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]"
    r"{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?"
)
"""A base URL httpx accepts as it is (ASCII host name or IP, port, plain path): checked
without importing httpx. Anything else still goes through `httpx.URL`."""


def is_loopback_host(host: str) -> bool:
    """True only for `localhost` exactly and literal loopback addresses (127.0.0.0/8, ::1).

    Not `localhost.`: the C library resolves a name with a trailing dot through DNS, so a
    forged answer could receive the key over plain http.
    """
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash.

    https is required, except to loopback hosts (tests, the demo, a local proxy): the key
    travels in every request and must never cross a network in clear text.

    Raises:
        InsecureURLError: plain http to a host that is not loopback.
        ApiError: a URL the client cannot use (controls, credentials, query, no host).
    """
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url.strip()):
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL (spaces or controls)")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        _ = parts.port
        if not _PLAIN_URL.fullmatch(url.strip()):
            import httpx  # only for what the pattern cannot vouch for: a first frame needs none

            try:
                httpx.URL(url.strip())  # what the client will build on: refuse what it would
            except httpx.InvalidURL:
                raise ValueError(url) from None
    except ValueError:
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ApiError(f"{clean_line(url)[:80]!r} is not a usable base URL (need https://host/…)")
    if parts.username is not None or parts.password is not None:
        raise ApiError("The base URL must not carry a user name or password")
    if parts.query or parts.fragment:
        raise ApiError("The base URL must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InsecureURLError(
            f"Refusing plain http to {clean_line(host)[:60]}: the API key would travel "
            "unencrypted. Use https (http is allowed only for localhost/127.0.0.1)."
        )
    return url.strip().rstrip("/")
