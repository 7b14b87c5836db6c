"""The layers hold: each non-UI module, imported alone in a fresh interpreter, loads no UI.

As harlequin enforces with import contracts: the client never loads the renderer (html2text),
the models and the paging rules load nothing but the standard library, and nothing below the
UI loads Textual. Every module of the package must be classified here, so a new one is
checked from the day it is added.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import lemtui

EVERYTHING = frozenset({"textual", "rich", "html2text", "httpx"})
FORBIDDEN: dict[str, frozenset[str]] = {
    # The layers' packages themselves load nothing.
    "lemtui.lemlist": EVERYTHING,
    "lemtui.mail": EVERYTHING,
    "lemtui.local": EVERYTHING,
    "lemtui.tui": EVERYTHING,
    "lemtui.demo": EVERYTHING,
    # Standard library only (platformdirs for the config).
    "lemtui.lemlist.messages": EVERYTHING,
    "lemtui.lemlist.inbox": EVERYTHING,
    "lemtui.lemlist.fields": EVERYTHING,
    "lemtui.lemlist.errors": EVERYTHING,
    "lemtui.lemlist.ids": EVERYTHING,
    "lemtui.lemlist.limits": EVERYTHING,
    "lemtui.text": EVERYTHING,
    "lemtui.lemlist.paging": EVERYTHING,
    "lemtui.lemlist.filters": EVERYTHING,
    "lemtui.local.config": EVERYTHING,
    "lemtui.lemlist.secret": EVERYTHING,
    "lemtui.tui.clipboard": EVERYTHING,
    "lemtui.tui.browser": EVERYTHING,
    "lemtui.demo.fake_api": EVERYTHING,
    "lemtui.demo.wire": EVERYTHING,
    "lemtui.demo.reads": EVERYTHING,
    "lemtui.demo.writes": EVERYTHING,
    "lemtui.demo.faults": EVERYTHING,
    "lemtui.demo.data": EVERYTHING,
    "lemtui.cli": EVERYTHING,  # the entry point imports what it needs when it needs it
    "lemtui.startup": EVERYTHING,  # the start-up tricks: `--print` calls them too
    "lemtui.local.drafts": EVERYTHING,
    "lemtui.local.cache": EVERYTHING,  # the cache: sqlite3, stdlib only
    "lemtui.cli_cache": EVERYTHING,  # the cache switches: each loads what it needs when run
    "lemtui.lemlist.live": EVERYTHING,  # the refresh schedule and the escape sequences it writes
    "lemtui.tui.sgr": EVERYTHING,  # rewrites the terminal stream's style sequences: strings only
    # Scrolls instead of redraws: strings, and cell widths as Rich counts them (as Textual does).
    "lemtui.tui.scroll_out": frozenset({"textual", "httpx", "html2text"}),
    # The HTTP client: httpx only on its first request (the first frame needs no network).
    "lemtui.lemlist.client": EVERYTHING,
    "lemtui.lemlist.connection": EVERYTHING,
    "lemtui.lemlist.writes": EVERYTHING,
    "lemtui.lemlist.urls": EVERYTHING,  # httpx only for a URL its pattern cannot vouch for
    "lemtui.lemlist.transport": frozenset({"textual", "html2text"}),
    "lemtui.local.recent": frozenset({"textual", "html2text"}),
    # HTML to text: html2text, never the network or the UI.
    "lemtui.mail.render": frozenset({"textual", "rich", "httpx"}),
    "lemtui.mail.search": frozenset({"textual", "rich", "httpx"}),
    "lemtui.mail.triage": frozenset({"textual", "rich", "httpx"}),
    "lemtui.mail.formats": frozenset({"textual", "rich", "httpx"}),
    "lemtui.tui.export": frozenset({"textual", "rich", "httpx"}),
    "lemtui.mail.compose": frozenset({"textual", "rich", "httpx"}),
    "lemtui.mail.index_text": frozenset({"textual", "rich", "httpx"}),
    # `--print`: the client and the renderer, no UI.
    "lemtui.printer": frozenset({"textual"}),
    # How things look, as Rich text: no Textual, no network.
    "lemtui.tui.rows": frozenset({"textual", "httpx"}),
    "lemtui.tui.message_text": frozenset({"textual", "httpx", "html2text"}),
    "lemtui.tui.notices": frozenset({"textual", "httpx"}),
    "lemtui.tui.spaces": frozenset({"textual", "httpx"}),
    "lemtui.tui.ascii_out": frozenset({"textual", "html2text", "httpx"}),
    # Inbox rows' words and the lead: no Textual (the widgets run them), the renderer and the
    # network only when first used.
    "lemtui.tui.row_words": frozenset({"textual", "httpx", "html2text"}),
    "lemtui.tui.lead_actions": frozenset({"textual", "httpx", "html2text"}),
    "lemtui.tui.directory": EVERYTHING,
    "lemtui.tui.triage_filter": frozenset({"textual", "httpx", "html2text"}),
}
UI = (
    "lemtui.tui.app",
    "lemtui.tui.commands",
    "lemtui.tui.driver",
    "lemtui.tui.keymap",
    "lemtui.tui.textual_private",
    "lemtui.tui.screens",
    "lemtui.tui.widgets",
    "lemtui.tui.reply",  # the reply's flow and its screens
    "lemtui.tui.palette",  # the command palette's entries
    "lemtui.tui.conversation_output",  # copy, export and links of the conversation screen
    "lemtui.tui.app_live",  # the app's refreshing and announcing half
    "lemtui.tui.cache_glue",  # the reader's use of the cache (its notes are Rich text)
    "lemtui.__main__",
)


def _modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(lemtui.__path__, "lemtui.")]
    return [n for n in names if not n.startswith(UI)]


def _rule(module: str) -> frozenset[str] | None:
    """What `module` must not load: its own rule, or its package's (`lemtui.mail.render._parse`)."""
    while module:
        if module in FORBIDDEN:
            return FORBIDDEN[module]
        module = module.rpartition(".")[0]
    return None


def test_every_module_below_the_ui_is_classified() -> None:
    assert sorted(m for m in _modules() if _rule(m) is None) == []


@pytest.mark.parametrize("module", sorted(_modules()))
def test_module_loads_nothing_above_its_layer(module: str) -> None:
    forbidden = _rule(module)
    assert forbidden is not None
    code = (
        f"import sys, json, {module}; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert sorted(loaded & forbidden) == []
