"""Names for the IDs the service sends: campaigns, teammates and sending mailboxes.

Messages carry `cam_…`, `usr_…` and `usm_…`; people read "Northwind Q4 Outreach", "Alex
Martin" and "alex@northwind.test". The directory asks once, after the first frame and in
the background (`GET /campaigns`, `GET /team`, `GET /users/{id}` for the reader's mailboxes),
and every view looks names up in it as it draws. Until it has loaded, or when a route fails
(a key without the right, the service down), views show what they showed before: a failure
here is never said, since nothing the user asked for is missing. With the local cache on, the
names are kept there (`snapshot`, `restore`), so an inbox read offline still names its reader.
No widget here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.errors import ApiError
from lemtui.text import clean_line

__all__ = ["Directory"]


class Directory:
    """Campaign, teammate and mailbox names by ID (empty until `load` has run)."""

    def __init__(self) -> None:
        self.campaigns: dict[str, str] = {}
        self.users: dict[str, str] = {}
        self.mailboxes: dict[str, str] = {}
        self.loaded = False

    def campaign(self, campaign_id: str, name: str = "") -> str:
        """A campaign's name: `name` when the message carried one, else the directory's, else
        "" (an ID is no name)."""
        return clean_line(name) or self.campaigns.get(campaign_id, "")

    def user(self, user_id: str) -> str:
        """A teammate's name, or "" when unknown."""
        return self.users.get(user_id, "")

    def mailbox(self, mailbox_id: str) -> str:
        """A sending mailbox's address, or "" when unknown."""
        return self.mailboxes.get(mailbox_id, "")

    def snapshot(self) -> dict[str, dict[str, str]]:
        """Every name known, to keep (the local cache stores it as JSON)."""
        return {
            "campaigns": dict(self.campaigns),
            "users": dict(self.users),
            "mailboxes": dict(self.mailboxes),
        }

    def restore(self, kept: Any) -> bool:
        """Fill in the names a `snapshot` kept, under those already known; anything not of
        its shape is skipped (the file may be old or damaged). True when a name was added."""
        if not isinstance(kept, Mapping):
            return False
        added = False
        for field, names in (
            ("campaigns", self.campaigns),
            ("users", self.users),
            ("mailboxes", self.mailboxes),
        ):
            stored = kept.get(field)
            if not isinstance(stored, Mapping):
                continue
            for key, value in list(stored.items())[:10_000]:
                if isinstance(key, str) and isinstance(value, str) and key not in names:
                    name = clean_line(value)[:200]
                    if name:
                        names[key] = name
                        added = True
        return added

    async def load(self, client: LemlistClient, user_id: str | None) -> bool:
        """Ask for every name at once; True when anything new came."""
        campaigns, team, account = await asyncio.gather(
            self._campaigns(client),
            self._team(client),
            self._account(client, user_id),
            return_exceptions=False,
        )
        before = self.snapshot()
        self.campaigns.update(campaigns)
        self.users.update(team)
        self.mailboxes.update(account)
        self.loaded = True
        return before != self.snapshot()  # a new name, or one renamed since it was kept

    async def ensure_campaigns(self, client: LemlistClient) -> None:
        """Campaign names now, when a question is about to name one and `load` has not run."""
        if not self.loaded and not self.campaigns:
            self.campaigns.update(await self._campaigns(client))

    @staticmethod
    async def _campaigns(client: LemlistClient) -> Mapping[str, str]:
        with contextlib.suppress(ApiError, ValueError):
            return {cid: c.name for cid, c in (await client.campaigns()).items() if c.name}
        return {}

    @staticmethod
    async def _team(client: LemlistClient) -> Mapping[str, str]:
        with contextlib.suppress(ApiError, ValueError):
            from lemtui.lemlist.users import team_names

            return team_names(await client.get_team())
        return {}

    @staticmethod
    async def _account(client: LemlistClient, user_id: str | None) -> Mapping[str, str]:
        if not user_id:
            return {}
        with contextlib.suppress(ApiError, ValueError):
            from lemtui.lemlist.users import mailbox_addresses

            return mailbox_addresses([await client.get_user(user_id)])
        return {}
