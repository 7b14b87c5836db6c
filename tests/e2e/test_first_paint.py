"""What the first frame does not need stays unloaded until it is drawn (issue 13).

lemtui runs as `lemtui` does, on a real pty, in a fresh interpreter; a wrapper around Textual's
`App._display` writes `sys.modules` to a file when the first frame is written to the terminal.
The HTTP client and its TLS, the renderer and html2text, the reply screens and the screens not
yet shown are loaded later (after the frame, or when first used): a change that imports one of
them at start-up again fails here, without any timing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.support.pty import PtyProcess

ROOT = Path(__file__).resolve().parent.parent.parent

PROBE = """
import json, os, sys
from textual.app import App

_display = App._display
_written = []

def _warmed_up():
    # After the first frame: does the HTTP half come in by itself, with no request made?
    import time
    for _ in range(200):  # until the import has finished (its last function is defined)
        if hasattr(sys.modules.get("lemtui.lemlist.transport"), "build_http_client"):
            break
        time.sleep(0.05)
    with open(os.environ["FIRST_PAINT_MODULES"] + ".later", "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)

def _first_paint(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None and not _written:
        _written.append(True)
        with open(os.environ["FIRST_PAINT_MODULES"], "w", encoding="utf-8") as out:
            json.dump(sorted(sys.modules), out)
        import threading
        threading.Thread(target=_warmed_up, daemon=True).start()

App._display = _first_paint
from lemtui.cli import main
sys.exit(main(sys.argv[1:]))
"""

DEFERRED = frozenset(
    {
        # The HTTP client and its TLS context (loaded in a thread before the first request).
        "httpx",
        "httpcore",
        "h11",
        "certifi",
        "lemtui.lemlist.transport",
        # The renderer, html2text and the regular-expression tables they compile.
        "lemtui.mail.render",
        "lemtui.mail.render._parse",
        "lemtui.mail.render._layout",
        "html2text",
        # Replying, exporting and printing: used on a key, never for a first frame.
        "lemtui.mail.compose",
        "markdown_it",
        "lemtui.tui.export",
        "lemtui.mail.formats",
        "lemtui.printer",
        "lemtui.tui.reply.flow",
        "lemtui.tui.reply.editor",
        "lemtui.tui.reply.review",
        "lemtui.tui.reply.question",
        "lemtui.tui.screens.help",
        "lemtui.tui.screens.team_picker",
        "lemtui.tui.screens.link_prompt",
        # Standard-library modules a bare Textual app does not load either: the config
        # file's parser and its pattern tables, hashing, quoting, HTML entities.
        "tomllib",
        "hashlib",
        "hmac",
        "shlex",
        "html.entities",
    }
)
"""Never needed to draw the first frame, whichever screen it shows."""

INBOX_DEFERRED = frozenset(
    {
        "lemtui.tui.screens.conversation",
        "lemtui.tui.screens.contact_prompt",
        "lemtui.tui.widgets.message_detail",
        "lemtui.tui.widgets.document_view",
        # The leads' cards come after the rows (~6 ms of dataclasses).
        "lemtui.lemlist.leads",
        "lemtui.lemlist.lead_writes",
        "lemtui.lemlist.lookups",
    }
)
"""What the inbox's first frame does not need either."""

CASES = {
    # No contact, no user ID: the contact prompt over a stand-in for the empty conversation
    # screen (its header and notice); the conversation screen and its panes come after.
    "prompt": (
        [],
        "lemtui.tui.screens.contact_prompt",
        DEFERRED
        | {
            "lemtui.tui.screens.inbox",
            "lemtui.tui.widgets.inbox_list",
            "lemtui.mail.triage",
            "lemtui.tui.screens.conversation",
            "lemtui.tui.widgets.message_list",
            "lemtui.tui.widgets.message_detail",
            "lemtui.tui.widgets.document_view",
            "lemtui.tui.widgets.paged_list",
            "lemtui.tui.widgets.search_bar",
            "lemtui.lemlist.paging",
            "lemtui.mail.search",
            "lemtui.lemlist.filters",
            # The data models (~15 ms of dataclasses): loaded with the first answer.
            "lemtui.lemlist.fields",
            "lemtui.lemlist.messages",
            "lemtui.lemlist.inbox",
            "lemtui.lemlist.leads",
            "lemtui.lemlist.lead_writes",
            "lemtui.lemlist.users",
            "lemtui.lemlist.lookups",
        },
    ),
    # A user ID: the inbox ("loading…"); its first request leaves after the frame.
    "inbox": (
        ["--user-id", "usr_FirstPaint01", "--no-cache"],
        "lemtui.tui.screens.inbox",
        DEFERRED | INBOX_DEFERRED,
    ),
    # With the cache (the default), its file is opened and the inbox's first page read on the
    # cache's thread while Textual starts (`CacheGlue.read_inbox_ahead`): naming the file
    # takes hashing, so it may be loaded by the first frame; nothing else may.
    "inbox-cached": (
        ["--user-id", "usr_FirstPaint01"],
        "lemtui.tui.screens.inbox",
        (DEFERRED - {"hashlib", "hmac"}) | INBOX_DEFERRED,
    ),
}


def _env(tmp_path: Path, out: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("LEMLIST_BASE_URL", "LEMLIST_USER_ID", "NO_COLOR", "TEXTUAL"):
        env.pop(name, None)
    env.update(
        {
            "LEMLIST_API_KEY": "first-paint-test-key",
            "LEMTUI_CONFIG": str(tmp_path / "no-such-config.toml"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "HOME": str(tmp_path),
            "TERM": "xterm-256color",
            "FIRST_PAINT_MODULES": str(out),
        }
    )
    return env


def _modules_at_first_paint(tmp_path: Path, args: list[str], *, later: bool = False) -> set[str]:
    """`sys.modules` when the first frame was written; `later`: once the HTTP half came in
    after it (or after a bounded ten seconds without it)."""
    out = tmp_path / "modules.json"
    wanted = out.with_name(out.name + ".later") if later else out
    # Nothing listens on port 9: a request, if one were made before the frame, would fail
    # after it; the frame itself needs no answer.
    argv = [sys.executable, "-c", PROBE, "--base-url", "http://127.0.0.1:9/api", *args]
    term = PtyProcess(argv, env=_env(tmp_path, out), cwd=ROOT, budget=60.0)
    try:
        for _ in range(600):  # bounded wait for the file, not a timed assert
            if wanted.exists() and wanted.stat().st_size:
                break
            if term.proc.poll() is not None:
                break
            term.read_for(0.05)  # keeps the pty drained, so the child never blocks writing
    finally:
        term.close()
    assert wanted.exists(), f"no first frame; the program wrote {bytes(term.output)[-1500:]!r}"
    return set(json.loads(wanted.read_text("utf-8")))


@pytest.mark.parametrize("case", sorted(CASES))
def test_first_frame_loads_nothing_it_does_not_draw(tmp_path: Path, case: str) -> None:
    args, shown, deferred = CASES[case]
    loaded = _modules_at_first_paint(tmp_path, args)
    assert shown in loaded  # the frame was the one meant (not an error screen)
    assert sorted(loaded & deferred) == []


def test_the_http_client_loads_by_itself_after_the_prompt_is_drawn(tmp_path: Path) -> None:
    """While the contact ID is typed, httpx and TLS come in (in a thread): the first contact
    opened does not wait for them. No request is made for it."""
    loaded = _modules_at_first_paint(tmp_path, [], later=True)
    assert {"lemtui.lemlist.transport", "httpx", "ssl"} <= loaded
    assert "lemtui.tui.screens.contact_prompt" in loaded
