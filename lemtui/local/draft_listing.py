"""`lemtui --drafts`: the pending local drafts, one line each, and the files that are not. No UI.

A draft whose write was not confirmed says so on its line; a damaged file is named on stderr
with what is wrong with it and never stops the listing.
"""

from __future__ import annotations

import sys
from typing import TextIO

from lemtui.local.drafts import DraftError, DraftListing, DraftStore
from lemtui.text import clean_line, clean_text

__all__ = ["exit_note", "format_listing", "run_drafts_listing"]


def format_listing(listing: DraftListing) -> list[str]:
    """`lemtui --drafts` lines: when, channel, to, contact, subject, first words, path.

    Every field from the service or the user is made terminal-safe on one line.
    """
    lines = []
    for draft in listing.drafts:
        when = draft.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if draft.attempt is not None:
            when += f"  NOT CONFIRMED: {draft.attempt.label()} may have gone out"
        fields = (
            when,
            draft.channel or "?",
            draft.recipient or "(no recipient)",
            draft.contact_id,
            draft.subject or "(no subject)",
            f"“{draft.first_words}”",
            str(draft.path),
        )
        lines.append("  ".join(clean_line(field) for field in fields))
    return lines


def run_drafts_listing(
    out: TextIO | None = None, err: TextIO | None = None, store: DraftStore | None = None
) -> int:
    """`lemtui --drafts`: list pending local drafts on `out`, skipped files on `err`.

    Returns the exit status: 0, or 1 when the drafts folder cannot be found or read.
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        store = DraftStore.default() if store is None else store
    except DraftError as exc:
        print(f"lemtui: {clean_line(str(exc))}", file=err)
        return 1
    try:
        listing = store.list_all()
    except DraftError as exc:
        print(f"lemtui: {clean_line(str(exc))}", file=err)
        return 1
    for line in listing.skipped:
        print(f"lemtui: {line}", file=err)
    lines = format_listing(listing)
    for line in lines:
        print(line, file=out)
    if not lines:
        print(f"No pending local drafts (in {clean_line(str(store.directory))}).", file=out)
    return 0


def exit_note(store: DraftStore) -> list[str]:
    """What lemtui says on exit about the replies this run left on the machine: how many are
    unsent and how many not confirmed (`1 unsent reply kept (lemtui --drafts)`), and the text
    of any that could not be written to disk at all, so that it is not lost with the process.
    """
    kept = store.kept_at_exit()
    held = {id(draft) for draft in store.held}
    on_disk = [draft for draft in kept if id(draft) not in held]
    unsent = sum(1 for draft in on_disk if draft.attempt is None)
    unconfirmed = len(on_disk) - unsent
    parts = []
    if unsent:
        parts.append(f"{unsent} unsent {'reply' if unsent == 1 else 'replies'}")
    if unconfirmed:
        noun = "reply" if unconfirmed == 1 else "replies"
        parts.append(f"{unconfirmed} {noun} whose write was not confirmed")
    lines = [f"lemtui: {' and '.join(parts)} kept (lemtui --drafts)"] if parts else []
    for draft in store.held:
        lines.append(
            f"lemtui: a reply to {clean_line(draft.recipient) or '(no recipient)'} could not be "
            "saved on disk; here is its text:"
        )
        lines.append(clean_text(draft.body))
    return lines
