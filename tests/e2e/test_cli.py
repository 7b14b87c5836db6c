"""`lemtui` end to end through the installed console script, against the fake API over HTTP."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path
from typing import Any

import pytest

from lemtui import __version__
from lemtui.demo.fake_api import DEMO_API_KEY, FakeLemlist, demo_conversations
from tests.support.pty import PtyProcess

SAMPLE_CONTACT = "ctc_wfKeM8EmiTikud7QE"
KEY_FOR_TESTS = DEMO_API_KEY
LEMTUI = shutil.which("lemtui", path=str(Path(sys.executable).parent)) or "lemtui"


def run(
    args: list[str],
    tmp_path: Path,
    key: str | None = KEY_FOR_TESTS,
    timeout: float = 60,
    config: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LEMLIST_", "LEMTUI_", "XDG_STATE_HOME"))
    }
    env["LEMTUI_CONFIG"] = str(config or tmp_path / "absent.toml")
    env["HOME"] = str(tmp_path)
    env["TZ"] = "UTC"
    if key is not None:
        env["LEMLIST_API_KEY"] = key
    return subprocess.run(
        [LEMTUI, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], status: int, words: str) -> None:
    assert done.returncode == status, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("lemtui: ")
    assert words.lower() in lines[0].lower(), lines[0]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def long_contact() -> tuple[str, int]:
    conversations = demo_conversations()
    contact, messages = max(conversations.items(), key=lambda kv: len(kv[1]))
    return contact, len(messages)


def test_version(tmp_path: Path) -> None:
    done = run(["--version"], tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip() == f"lemtui {__version__}"


def test_print_demo_sample(tmp_path: Path) -> None:
    done = run(["--print", "--demo", SAMPLE_CONTACT], tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    subjects = re.findall(r"^Subject:\s+(.*)$", out, re.M)
    assert subjects == [
        "Meet me !",
        "Re: Have you heard about Christophe Opoix ?",
        "Have you heard about Christophe Opoix ?",
    ]
    assert "Date:     2024-12-05 16:39 UTC" in out
    assert "Channel:  email (emailsSent), sent by us" in out
    assert "From:     Camille INGOUF <camille@lemtest.com>" in out
    assert "To:       victoire@lemlist.co" in out
    assert "Hello lemlist Team!" in out
    assert "https://app.lemcal.com/@christophe-opoix/15-min-chat" in out
    assert "zr0.lemlst.org/api/track" not in out  # the tracking pixel is not a link or text
    assert "\x1b" not in out


def test_print_every_page_exactly_once_over_http(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, app = fake_server
    contact, total = long_contact()
    done = run(["--print", contact, "--base-url", base_url, "--page-size", "37"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(re.findall(r"^Date:", done.stdout, re.M)) == total
    inbox = [r for r in app.requests if r.path.endswith(f"/inbox/{contact}")]
    skips = [int(r.query["skip"]) for r in inbox]
    assert skips[0] == 0  # the first page alone: its total plans the others
    assert sorted(skips) == list(range(0, total, 37))  # then each page once, some at once
    assert all(r.query["limit"] == "37" for r in inbox)


def test_print_marks_as_read_when_asked(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, app = fake_server
    done = run(
        [
            "--print",
            SAMPLE_CONTACT,
            "--base-url",
            base_url,
            "--user-id",
            "usr_reader",
            "--mark-as-read",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert app.read_state.get((SAMPLE_CONTACT, "usr_reader")) is True


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ({"status": 400, "body": "Invalid contactId"}, "Invalid contactId"),
        ({"status": 500, "body": "boom"}, "server error (500)"),
        ({"status": 503, "body": "busy", "times": 10}, "server error (503)"),
        (
            {"status": 429, "body": "slow", "headers": {"Retry-After": "1"}, "times": 10},
            "rate limit",
        ),
        (
            {"status": 200, "body": "<!doctype html><html>app</html>", "content_type": "text/html"},
            "not JSON",
        ),
        (
            {"status": 200, "body": '{"data": [', "content_type": "application/json"},
            "not valid JSON",
        ),
    ],
)
def test_server_failures_are_one_clear_line(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path, fault: dict[str, Any], words: str
) -> None:
    base_url, app = fake_server
    status = fault.pop("status")
    body = fault.pop("body")
    app.fail_next(status, body, **fault)
    done = run(["--print", SAMPLE_CONTACT, "--base-url", base_url], tmp_path)
    assert_one_clear_line(done, 1, words)
    assert KEY_FOR_TESTS not in done.stderr


def test_wrong_key_is_a_401_line(fake_server: tuple[str, FakeLemlist], tmp_path: Path) -> None:
    base_url, _ = fake_server
    done = run(["--print", SAMPLE_CONTACT, "--base-url", base_url], tmp_path, key="sk_WRONG_KEY_42")
    assert_one_clear_line(done, 1, "refused the API key (401")
    assert "sk_WRONG_KEY_42" not in done.stderr


def test_unknown_contact_is_a_404_line(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, _ = fake_server
    done = run(["--print", "ctc_doesNotExist0", "--base-url", base_url], tmp_path)
    assert_one_clear_line(done, 1, "not found")


def test_unknown_route_html_200_is_a_clear_line(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, _ = fake_server
    done = run(["--print", SAMPLE_CONTACT, "--base-url", base_url.removesuffix("/api")], tmp_path)
    assert_one_clear_line(done, 1, "not JSON")


def test_refused_connection_is_a_clear_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = run(["--print", SAMPLE_CONTACT, "--base-url", f"http://127.0.0.1:{port}/api"], tmp_path)
    assert_one_clear_line(done, 1, "connection refused")


def test_missing_key_is_a_clear_line(tmp_path: Path) -> None:
    done = run(["--print", SAMPLE_CONTACT], tmp_path, key=None)
    assert_one_clear_line(done, 1, "No API key")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--print", "ctc_../../team"], "not a contact ID"),
        (["--print"], "needs a CONTACT_ID"),
        (["--print", SAMPLE_CONTACT, "--mark-as-read"], "needs a user ID"),
        (["--print", SAMPLE_CONTACT, "--base-url", "http://api.lemlist.com/api"], "unencrypted"),
    ],
)
def test_usage_errors_exit_2_before_any_request(
    tmp_path: Path, args: list[str], words: str
) -> None:
    done = run(args, tmp_path)
    assert_one_clear_line(done, 2, words)


def test_bad_flag_value_is_a_usage_error(tmp_path: Path) -> None:
    done = run(["--print", SAMPLE_CONTACT, "--page-size", "0"], tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_config_file_key_with_loose_permissions_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('api_key = "sk_FILE_SECRET"\n')
    config.chmod(0o644)
    env_args = ["--print", SAMPLE_CONTACT]
    done = subprocess.run(
        [LEMTUI, *env_args],
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "LEMTUI_CONFIG": str(config),
        },
        timeout=60,
        check=False,
    )
    assert_one_clear_line(done, 1, "chmod 600")
    assert "sk_FILE_SECRET" not in done.stderr


def test_config_path_is_printed(tmp_path: Path) -> None:
    done = run(["--config-path"], tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip() == str(tmp_path / "absent.toml")


def test_print_json_has_the_service_fields_and_the_text(tmp_path: Path) -> None:
    done = run(["--print", "--demo", "--format", "json", SAMPLE_CONTACT], tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    sample = json.loads(
        (Path(__file__).parent.parent / "data" / "doc_sample.json").read_text("utf-8")
    )
    assert len(records) == 3
    for record, original in zip(records, sample["data"], strict=True):
        for key, value in original.items():
            assert record[key] == value
        assert isinstance(record["renderedText"], str)
    assert "Hello lemlist Team!" in records[0]["renderedText"]
    assert records[2]["renderedLinks"][0]["url"].startswith("https://app.lemcal.com/")
    assert done.stdout.isascii()  # every control character arrives escaped


def test_print_markdown_fences_bodies(tmp_path: Path) -> None:
    done = run(
        ["--print", "--demo", "--format", "markdown", "ctc_HostileContent001"], tmp_path, key=None
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    title = out.splitlines()[0]
    assert title.startswith("# Conversation with ") and title.endswith("(ctc_HostileContent001)")
    assert out.count("\n## ") == 3
    assert "```text" in out
    assert "\x1b" not in out
    assert "\u202e" not in out
    # Outside the fenced bodies, nothing can act as raw HTML or a Markdown link.
    outside = "\n".join(out.split("```")[0::2])
    assert "[@click=app.quit]" not in outside
    assert "\\[@click=app.quit\\]" in outside
    for match in re.finditer(r"<", outside):
        before = outside[match.start() - 1]
        after = outside[match.start() : match.start() + 9]
        assert before == "\\" or after.startswith(("<https://", "<http://", "<mailto:")), after


def test_print_json_of_an_empty_conversation_is_an_empty_array(tmp_path: Path) -> None:
    done = run(
        ["--print", "--demo", "--format", "json", "ctc_NoMessagesYet0001"], tmp_path, key=None
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_library_warnings_never_reach_stderr(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, app = fake_server
    # httpx-retries logs a warning for a Retry-After it cannot parse; it carries server bytes.
    app.fail_next(429, "slow", headers={"Retry-After": "soon \x9b31m"}, times=10)
    done = run(["--print", SAMPLE_CONTACT, "--base-url", base_url], tmp_path)
    assert_one_clear_line(done, 1, "rate limit")
    assert "\x9b" not in done.stderr


def test_a_base_url_httpx_cannot_use_is_one_clear_line(tmp_path: Path) -> None:
    done = run([SAMPLE_CONTACT, "--base-url", "http://local\thost/api"], tmp_path)
    assert_one_clear_line(done, 2, "not a usable base URL")


def test_print_markdown_has_the_same_title_as_the_readers_copy(tmp_path: Path) -> None:
    """`--print --format markdown` and `Y`/`e` name a conversation the same way."""
    from lemtui.demo.data import SAMPLE_CONTACT_ID, demo_conversation
    from lemtui.lemlist.messages import Message
    from lemtui.mail.formats import format_conversation_markdown
    from lemtui.mail.render import RenderedBody

    done = run(["--print", "--demo", "--format", "markdown", SAMPLE_CONTACT_ID], tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    messages = [Message.from_json(item) for item in demo_conversation(SAMPLE_CONTACT_ID) or []]
    copied = format_conversation_markdown(
        messages, [RenderedBody(blocks=())] * len(messages), contact_id=SAMPLE_CONTACT_ID
    )
    assert done.stdout.splitlines()[0] == copied.splitlines()[0]
    assert "with" in copied.splitlines()[0]


# ---------------------------------------------------------------- progress on stderr


def _env(tmp_path: Path, key: str | None = KEY_FOR_TESTS) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEMLIST_", "LEMTUI_"))}
    env.update(LEMTUI_CONFIG=str(tmp_path / "absent.toml"), HOME=str(tmp_path), TZ="UTC")
    if key is not None:
        env["LEMLIST_API_KEY"] = key
    return env


def run_with_terminal_stderr(
    args: list[str], tmp_path: Path, key: str | None = KEY_FOR_TESTS, *, pipe: bool = False
) -> tuple[int, str, str]:
    """Run lemtui with stderr on a fresh pseudo-terminal and stdout to a file, as
    `lemtui --print … > file` in a terminal, or on a pipe (`pipe`), as `lemtui --print … | less`;
    (status, stdout, what the terminal got)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    out_file = tmp_path / "stdout.txt"
    with out_file.open("wb") as file:
        process = subprocess.Popen(
            [LEMTUI, *args],
            stdout=subprocess.PIPE if pipe else file,
            stderr=slave,
            env=_env(tmp_path, key),
            stdin=subprocess.DEVNULL,
        )
    os.close(slave)
    terminal = bytearray()
    stdout = b""
    try:
        reader = threading.Thread(target=lambda: terminal.extend(_read_to_eof(master)))
        reader.start()
        if process.stdout is not None:
            stdout = process.stdout.read()
        process.wait(timeout=60)
        reader.join(10)
    finally:
        os.close(master)
    if not pipe:
        stdout = out_file.read_bytes()
    return process.returncode, stdout.decode(), terminal.decode("utf-8", "replace")


def _read_to_eof(fd: int) -> bytes:
    data = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO once the child closed the terminal
            break
        if not chunk:
            break
        data += chunk
    return bytes(data)


def test_print_shows_progress_and_rate_limit_waits_on_a_terminal(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, app = fake_server
    contact, total = long_contact()
    app.fail_next(429, "slow down", headers={"Retry-After": "1"}, path_contains="skip=20")
    status, stdout, terminal = run_with_terminal_stderr(
        ["--print", contact, "--base-url", base_url, "--page-size", "10"], tmp_path
    )
    assert status == 0, terminal
    assert len(re.findall(r"^Date:", stdout, re.M)) == total
    assert f"lemtui: fetched 10 of {total:,} messages" in terminal
    # The page at skip=20 is requested ahead, while the second one is on its way: its wait
    # is said next to whatever is fetched by then.
    waits = re.findall(rf"fetched (\d+) of {total:,} messages, waiting 1 s for lemlist's", terminal)
    assert waits and all(int(count) < total for count in waits), terminal
    assert f"fetched {total:,} of {total:,} messages" in terminal
    assert terminal.endswith("\r\x1b[K")  # the line is taken away at the end
    assert "\n" not in terminal.replace("\r\n", "")  # one line rewritten, never scrolled


def test_print_progress_is_silent_with_quiet_and_when_piped(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, _ = fake_server
    contact, total = long_contact()
    args = ["--print", contact, "--base-url", base_url, "--page-size", "10"]
    status, stdout, terminal = run_with_terminal_stderr([*args, "--quiet"], tmp_path)
    assert status == 0
    assert len(re.findall(r"^Date:", stdout, re.M)) == total
    assert terminal == ""
    done = run(args, tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""


def test_print_shows_no_progress_when_stdout_is_a_pipe(tmp_path: Path) -> None:
    # `lemtui --print … | less`: less draws on the terminal stderr is on.
    status, stdout, terminal = run_with_terminal_stderr(
        ["--demo", "--print", SAMPLE_CONTACT], tmp_path, pipe=True
    )
    assert status == 0
    assert terminal == ""
    assert stdout.startswith("Date:")
    assert "lemtui" not in stdout


_TERMINAL_TOKENS = re.compile(r"\x1b\[K|\x1b\[[0-?]*[ -/]*[@-~]|\r|\n|[^\x1b\r\n]+")


def screen_lines(output: bytes) -> list[str]:
    """What a terminal shows for `output`: text written over the line, carriage returns,
    line feeds and erase-to-end-of-line (other escape sequences are ignored)."""
    lines, row, col = [""], 0, 0
    for token in _TERMINAL_TOKENS.findall(output.decode("utf-8", "replace")):
        if token == "\r":
            col = 0
        elif token == "\n":
            row += 1
            if row == len(lines):
                lines.append("")
        elif token == "\x1b[K":
            lines[row] = lines[row][:col]
        elif not token.startswith("\x1b"):
            line = lines[row].ljust(col)
            lines[row] = line[:col] + token + line[col + len(token) :]
            col += len(token)
    return lines


def test_print_progress_is_cleared_before_the_output_on_one_terminal(tmp_path: Path) -> None:
    term = PtyProcess([LEMTUI, "--demo", "--print", SAMPLE_CONTACT], env=_env(tmp_path), budget=60)
    assert term.finish() == 0
    assert "lemtui: fetched 3 of 3 messages" in term.text  # progress was shown...
    lines = screen_lines(bytes(term.output))
    assert lines[0].startswith("Date:"), lines[:2]  # ...and taken away before the output
    assert not any("lemtui" in line for line in lines), lines
    assert lines[-1] == ""  # and the end leaves the cursor on a clean line


@pytest.mark.parametrize("value", ["0", "0.5", "3601", "soon"])
def test_a_timeout_out_of_range_is_a_usage_error(tmp_path: Path, value: str) -> None:
    # A closed local port as the base URL: a regression must never reach the real service.
    args = ["--print", SAMPLE_CONTACT, "--base-url", "http://127.0.0.1:9/api"]
    done = run([*args, "--timeout", value], tmp_path)
    assert done.returncode == 2
    assert "--timeout" in done.stderr
    assert "Traceback" not in done.stderr


def test_read_only_with_mark_as_read_is_a_usage_error_and_nothing_is_sent(
    fake_server: tuple[str, FakeLemlist], tmp_path: Path
) -> None:
    base_url, app = fake_server
    args = ["--print", SAMPLE_CONTACT, "--base-url", base_url, "--user-id", "usr_reader"]
    done = run([*args, "--mark-as-read", "--read-only"], tmp_path)
    assert_one_clear_line(done, 2, "--read-only turns every write off")
    assert app.requests == []
    config = tmp_path / "lemtui.toml"
    config.write_text("mark_as_read = true\nread_only = true\n")
    config.chmod(0o600)
    done = run(args, tmp_path, config=config)
    assert done.returncode == 0, done.stderr
    assert [r.query.get("markAsRead") for r in app.requests] == [None]


def test_drafts_lists_the_pending_local_drafts(tmp_path: Path) -> None:
    from lemtui.local.drafts import DraftStore

    done = run(["--drafts"], tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("No pending local drafts (in ")
    store = DraftStore(tmp_path / ".local" / "state" / "lemtui" / "drafts")
    draft = store.save(
        contact_id=SAMPLE_CONTACT,
        reply_to_id="act_7yfGhxmPfKbxZaWHa",
        channel="email",
        recipient="victoire@lemlist.co",
        subject="Re: Have you heard about Christophe Opoix ?",
        body="Merci Victoire, jeudi me va.",
    )
    done = run(["--drafts"], tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    for part in ("email", "victoire@lemlist.co", SAMPLE_CONTACT, "“Merci Victoire, jeudi me va.”"):
        assert part in line
    assert line.endswith(str(draft.path))
    assert done.stderr == ""


# ---------------------------------------------------------------- the reader needs a terminal


def test_the_reader_is_refused_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    # `lemtui --demo ctc_… | head` in a terminal: stdout a pipe, stderr the terminal, on which
    # Textual would draw the full-screen reader while the pipe waited for nothing.
    status, stdout, terminal = run_with_terminal_stderr(["--demo", SAMPLE_CONTACT], tmp_path)
    assert status == 2, terminal
    assert stdout == ""
    assert "\x1b" not in terminal  # no screen drawn: one line
    assert terminal.strip() == (
        "lemtui: stdout is not a terminal: use --print CONTACT_ID to write a conversation there"
    )


@pytest.mark.parametrize(
    ("flag", "value"), [("--format", "markdown"), ("--quotes", "strip"), ("--quiet", None)]
)
def test_print_flags_without_print_are_refused(
    tmp_path: Path, flag: str, value: str | None
) -> None:
    args = ["--demo", SAMPLE_CONTACT, flag, *([value] if value else [])]
    done = run(args, tmp_path, timeout=20)
    assert_one_clear_line(done, 2, f"{flag} shapes --print's output: add --print CONTACT_ID")


def test_print_takes_an_email_address_as_the_prompt_does(tmp_path: Path) -> None:
    done = run(["--demo", "--print", "Victoire@Lemlist.co"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(re.findall(r"^Date:", done.stdout, re.M)) == 3
    missing = run(["--demo", "--print", "nobody@nowhere.example"], tmp_path)
    assert_one_clear_line(missing, 1, "No contact with the email nobody@nowhere.example")
