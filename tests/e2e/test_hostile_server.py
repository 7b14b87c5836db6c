"""Misbehaving servers against `lemtui --print`, over real HTTP on 127.0.0.1.

Each probe runs the installed `lemtui` as a child process and checks what issue 11 asks of every
one: it ends with the right exit status and one clear line on stderr, its peak memory stays
under `MEMORY_LIMIT_MB`, and neither the key nor any encoding of it appears in anything it wrote.
The child is killed past `MEMORY_GUARD_MB` or `PROBE_BUDGET`, so a regression fails the test
instead of taking the machine down. Its peak memory is its own `VmHWM`, sampled every 10 ms:
`wait4`'s `ru_maxrss` would be no use, as Linux carries the parent's high-water mark over the
exec, so every probe would weigh at least as much as the test process.

Servers that must trickle bytes or lie about lengths are written on a raw asyncio socket
(`RawServer`); those that speak HTTP properly are small ASGI apps under
`tests.support.server.FakeServer`. The next probe is one more function.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from lemtui.demo.fake_api import FakeLemlist, demo_conversations
from lemtui.lemlist.client import LemlistClient
from lemtui.lemlist.secret import Secret
from lemtui.local.config import Settings
from lemtui.printer import StatusLine, print_conversation
from tests.support.server import FakeServer

LEMTUI = shutil.which("lemtui", path=str(Path(sys.executable).parent)) or "lemtui"
KEY = "sk_hostileProbeKey_4f8e2a91c7"
KEY_FORMS = (
    KEY,
    base64.b64encode(f":{KEY}".encode()).decode(),
    "Basic " + base64.b64encode(f":{KEY}".encode()).decode(),
    base64.b64encode(KEY.encode()).decode(),
)
BASIC = base64.b64encode(f":{KEY}".encode()).decode()
BASIC_WRAPPED = "Basic " + "\n\t".join(BASIC[i : i + 12] for i in range(0, len(BASIC), 12))
"""A Basic value folded over lines, as a server quoting a header in a mail-like way would."""
CONTACT = "ctc_hostileProbe01"
MEMORY_LIMIT_MB = 300
"""What a probe's peak RSS must stay under (lemtui --print itself needs ~80 MB)."""
MEMORY_GUARD_MB = 1500
"""Past this the child is killed at once: without a fix some probes grow by GBs a minute."""
PROBE_BUDGET = 90.0
"""Seconds a probe may take before it is killed (and fails)."""

Handler = Callable[["RawRequest", asyncio.StreamWriter], Awaitable[None]]


# ------------------------------------------------------------------ the raw socket server


@dataclass
class RawRequest:
    """The head of one request the raw server received."""

    method: str
    target: str
    headers: dict[str, str]


class RawServer:
    """An HTTP/1.1 server on a raw asyncio socket, in a thread: `handler` writes the answer
    byte by byte as it likes (trickled, endless, lying), and the connection is closed after.
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[RawRequest] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._run, name="raw-server", daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        """The base URL for `--base-url`."""
        return f"http://127.0.0.1:{self.port}/api"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            request = RawRequest(method, target, headers)
            self.requests.append(request)
            await self.handler(request, writer)
        except (
            ConnectionError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            asyncio.CancelledError,
        ):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
            self._tasks.discard(task)

    def __enter__(self) -> RawServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc_info: object) -> None:
        async def stop() -> None:
            for task in list(self._tasks):
                task.cancel()
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def head(status: str, *headers: str) -> bytes:
    """A status line and headers, ending the head; `Connection: close` always."""
    return ("\r\n".join([f"HTTP/1.1 {status}", *headers, "Connection: close"]) + "\r\n\r\n").encode(
        "latin-1"
    )


async def send(writer: asyncio.StreamWriter, data: bytes) -> None:
    writer.write(data)
    await writer.drain()


def answer(status: str, body: bytes, *headers: str) -> Handler:
    """A plain, honest answer."""

    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        await send(writer, head(status, f"Content-Length: {len(body)}", *headers) + body)

    return handler


def page_json(items: Sequence[dict[str, Any]], next_page: int | None = None) -> bytes:
    return json.dumps({"data": list(items), "pagination": {"nextPage": next_page}}).encode()


# ------------------------------------------------------------------ running lemtui


@dataclass
class Probe:
    """How one `lemtui` run ended."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    seconds: float
    killed_for_memory: bool = False
    stderr_lines: list[str] = field(default_factory=list)


def probe(
    args: Sequence[str],
    tmp_path: Path,
    *,
    key: str | None = KEY,
    config: str | None = None,
    on_start: Callable[[subprocess.Popen[bytes], _Drain], None] | None = None,
) -> Probe:
    """Run `lemtui ARGS` in its own session and measure it; never longer than `PROBE_BUDGET`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEMLIST_", "LEMTUI_"))}
    env["HOME"] = str(tmp_path)
    env["TZ"] = "UTC"
    config_file = tmp_path / "config.toml"
    if config is not None:
        config_file.write_text(config, "utf-8")
        config_file.chmod(0o600)
    env["LEMTUI_CONFIG"] = str(config_file)
    if key is not None:
        env["LEMLIST_API_KEY"] = key
    started = time.monotonic()
    process = subprocess.Popen(
        [LEMTUI, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    streams = [_Drain(process.stdout), _Drain(process.stderr)]
    killed_for_memory = threading.Event()
    finished = threading.Event()

    peak_kb = 0

    def guard() -> None:
        nonlocal peak_kb
        status_file = Path(f"/proc/{process.pid}/status")
        while not finished.wait(0.01):
            if time.monotonic() - started > PROBE_BUDGET:
                _kill_group(process.pid)
                return
            with contextlib.suppress(OSError, ValueError, IndexError):
                for line in status_file.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
                if peak_kb > MEMORY_GUARD_MB * 1024:
                    killed_for_memory.set()
                    _kill_group(process.pid)
                    return

    watcher = threading.Thread(target=guard, daemon=True)
    watcher.start()
    if on_start is not None:
        on_start(process, streams[0])
    _, status = os.waitpid(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    finished.set()
    watcher.join(5)
    seconds = time.monotonic() - started
    for stream in streams:
        stream.join(30)
    _kill_group(process.pid)  # anything it left behind
    stderr = streams[1].text
    return Probe(
        returncode=process.returncode,
        stdout=streams[0].text,
        stderr=stderr,
        peak_rss_mb=peak_kb / 1024,
        seconds=seconds,
        killed_for_memory=killed_for_memory.is_set(),
        stderr_lines=stderr.strip().splitlines(),
    )


class _Drain(threading.Thread):
    """Reads a pipe to EOF, keeping the first 50 MB (a broken probe may write GBs)."""

    LIMIT = 50 * 1024 * 1024

    def __init__(self, pipe: IO[bytes] | None) -> None:
        super().__init__(daemon=True)
        assert pipe is not None
        self.pipe = pipe
        self.data = bytearray()
        self.start()

    def run(self) -> None:
        with self.pipe:
            while chunk := os.read(self.pipe.fileno(), 1 << 16):
                if len(self.data) < self.LIMIT:
                    self.data += chunk

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def assert_calm(result: Probe, status: int, words: str, *, stdout_empty: bool = True) -> None:
    """The probe's promises: its status, one line naming `words`, bounded, no key anywhere."""
    assert not result.killed_for_memory, f"passed {MEMORY_GUARD_MB} MB"
    assert result.returncode == status, (result.returncode, result.stderr[-2000:])
    assert len(result.stderr_lines) == 1, result.stderr[-2000:]
    assert result.stderr_lines[0].startswith("lemtui: "), result.stderr_lines
    assert words.lower() in result.stderr_lines[0].lower(), result.stderr_lines[0]
    assert "Traceback" not in result.stderr
    assert result.peak_rss_mb < MEMORY_LIMIT_MB, f"{result.peak_rss_mb:.0f} MB"
    assert result.seconds < PROBE_BUDGET
    if stdout_empty:
        assert result.stdout == ""
    # Whitespace taken out: a key split over lines must not come back joined by a space.
    squeezed = "".join(result.stderr.split())
    for form in KEY_FORMS:
        assert form not in result.stdout
        assert form not in result.stderr
        assert form.removeprefix("Basic ") not in squeezed
    assert KEY[:10] not in squeezed  # not even a key cut short


def print_args(server: RawServer | FakeServer, *extra: str) -> list[str]:
    return ["--print", CONTACT, "--base-url", server.url, *extra]


@pytest.fixture
def bystander() -> Iterator[RawServer]:
    """A server that answers an empty page, for probes that must fail before any request
    (they name it as the base URL, so that a regression can never reach the real service)."""
    with RawServer(answer("200 OK", page_json([]), "Content-Type: application/json")) as server:
        yield server


# ------------------------------------------------------------------ 1. bytes without end


def gzip_bomb(gib: int = 1) -> bytes:
    """~1 MB of gzip that inflates to `gib` GiB of zeros, built in half a second.

    After a full flush deflate starts afresh, so each further MiB of zeros compresses to the
    same bytes: one block repeated, with the right CRC and length in the trailer.
    """
    block = bytes(1 << 20)
    count = gib * 1024
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    trailer = struct.pack("<II", crc, (count << 20) & 0xFFFFFFFF)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + first + again * (count - 1) + deflate.flush() + trailer


def test_a_gzip_bomb_stops_at_the_page_budget(tmp_path: Path) -> None:
    bomb = gzip_bomb()
    handler = answer("200 OK", bomb, "Content-Type: application/json", "Content-Encoding: gzip")
    with RawServer(handler) as server:
        result = probe(print_args(server), tmp_path)
    assert_calm(result, 1, "lemlist sent more than 32 MB for one page")
    assert len(server.requests) == 1  # never retried: it would send as much again


def endless_page(chunked: bool) -> Handler:
    """A 200 whose JSON never ends: plain (no length, closed at the end) or chunked."""

    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        framing = "Transfer-Encoding: chunked" if chunked else "X-Framing: until-close"
        await send(writer, head("200 OK", "Content-Type: application/json", framing))
        piece = b'{"data": [' if not chunked else b""
        filler = b'"' + b"x" * 65_000 + b'",'
        while True:
            data = piece + filler
            piece = b""
            await send(writer, b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)

    return handler


@pytest.mark.parametrize("chunked", [False, True], ids=["until-close", "chunked"])
def test_an_endless_page_stops_at_the_page_budget(tmp_path: Path, chunked: bool) -> None:
    with RawServer(endless_page(chunked)) as server:
        result = probe(print_args(server), tmp_path)
    assert_calm(result, 1, "lemlist sent more than 32 MB for one page")


def test_a_page_declared_too_large_is_not_read(tmp_path: Path) -> None:
    sent: list[int] = []

    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        await send(
            writer,
            head("200 OK", "Content-Type: application/json", "Content-Length: 300000000"),
        )
        with contextlib.suppress(ConnectionError):
            for _ in range(4500):  # 300 MB, if anyone reads it
                await send(writer, b" " * 65_536)
                sent.append(65_536)

    with RawServer(handler) as server:
        result = probe(print_args(server), tmp_path)
    assert_calm(result, 1, "more than 32 MB")
    assert sum(sent) < 32 * 1024 * 1024


def test_an_endless_error_body_is_cut_short(tmp_path: Path) -> None:
    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        await send(writer, head("500 Internal Server Error", "Content-Type: text/plain"))
        await send(writer, b"database on fire: ")
        while True:
            await send(writer, b"x" * 65_536)

    with RawServer(handler) as server:
        result = probe(print_args(server), tmp_path)
    assert_calm(result, 1, "server error (500): database on fire")


def test_more_items_than_asked_for_are_dropped_and_noted(tmp_path: Path) -> None:
    items = [
        {"_id": f"act_{n:06d}", "type": "emailsSent", "subject": f"s{n}", "message": "hi"}
        for n in range(100_000)
    ]
    with RawServer(answer("200 OK", page_json(items), "Content-Type: application/json")) as server:
        result = probe(print_args(server, "--page-size", "50"), tmp_path)
    assert_calm(
        result, 0, "more items than asked for (100,000 for a page of 50)", stdout_empty=False
    )
    assert len(re.findall(r"^Subject:", result.stdout, re.MULTILINE)) == 50


def test_pages_before_a_failing_page_are_written(tmp_path: Path) -> None:
    items = [{"_id": f"act_{n}", "type": "emailsSent", "subject": f"kept {n}"} for n in range(5)]
    first = page_json(items, 2)

    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        if "skip=0" in request.target:
            await answer("200 OK", first, "Content-Type: application/json")(request, writer)
        else:  # at once, while the first page is still being converted
            await answer("500 Internal Server Error", b"down", "Content-Type: text/plain")(
                request, writer
            )

    with RawServer(handler) as server:
        result = probe(print_args(server, "--page-size", "5"), tmp_path)
    assert_calm(result, 1, "server error (500): down", stdout_empty=False)
    assert [f"kept {n}" in result.stdout for n in range(5)] == [True] * 5


# ------------------------------------------------------------------ 2. time without end


def trickle_after_head(request: RawRequest, writer: asyncio.StreamWriter) -> Awaitable[None]:
    async def run() -> None:
        await send(writer, head("200 OK", "Content-Type: application/json", "Content-Length: 1000"))
        while True:
            await send(writer, b" ")
            await asyncio.sleep(0.5)

    return run()


def trickle_status_line(request: RawRequest, writer: asyncio.StreamWriter) -> Awaitable[None]:
    async def run() -> None:
        for byte in head("200 OK", "Content-Type: application/json"):
            await send(writer, bytes([byte]))
            await asyncio.sleep(0.5)

    return run()


@pytest.mark.parametrize(
    "handler", [trickle_after_head, trickle_status_line], ids=["body", "status-line"]
)
def test_a_trickling_server_meets_the_deadline(tmp_path: Path, handler: Handler) -> None:
    # One byte every half second: no read ever waits 20 s, so only the deadline can end it.
    with RawServer(handler) as server:
        result = probe(print_args(server, "--timeout", "2"), tmp_path)
    assert_calm(result, 1, "did not finish answering within 2 s")
    assert len(server.requests) == 1  # not retried on its own: that would double the wait


# ------------------------------------------------------------------ 3. the key in server text


def key_echo(status: str, content_type: str, body: str) -> Handler:
    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        authorization = request.headers.get("authorization", "")
        text = body.replace("{auth}", authorization)
        data = text.encode()
        await send(
            writer,
            head(status, f"Content-Type: {content_type}", f"Content-Length: {len(data)}") + data,
        )

    return handler


@pytest.mark.parametrize(
    ("status", "content_type", "body", "words"),
    [
        ("401 Unauthorized", "text/plain", "bad header {auth}", "refused the API key (401"),
        ("403 Forbidden", "text/plain", f"key {KEY} has no access", "refused the API key (403"),
        (
            "404 Not Found",
            "application/json",
            f'{{"message": "no contact for {KEY}"}}',
            "not found",
        ),
        (
            "500 Internal Server Error",
            "application/json",
            '{"error": "upstream said: {auth}"}',
            "server error (500)",
        ),
        ("400 Bad Request", "text/plain", "x" * 150 + f" {KEY}", "refused the request"),
        ("400 Bad Request", "text/plain", "split sk_hostile\u200bProbeKey_4f8e2a91c7", "refused"),
        (
            "400 Bad Request",
            "text/plain",
            "token " + base64.b64encode(KEY.encode()).decode(),
            "refused",
        ),
        # Zero-width padding up to the 8 KB cut, which falls inside the key.
        ("400 Bad Request", "text/plain", "\u200b" * 2_724 + KEY, "refused"),
        ("500 Internal Server Error", "text/plain", "\r\n" * 4_086 + KEY, "(500)"),
        ("400 Bad Request", "text/plain", f"key {KEY[:13]}\r\n {KEY[13:]} unknown", "refused"),
        ("401 Unauthorized", "text/plain", "header " + BASIC_WRAPPED, "refused the API key"),
        ("400 Bad Request", "text/plain", "ok " + " ".join(KEY) + " no", "refused"),
        ("200 OK", f"text/{KEY}", "not json", "not JSON"),
        ("200 OK", f"text/x-{base64.b64encode(f':{KEY}'.encode()).decode()}", ".", "not JSON"),
    ],
    ids=[
        "401-header",
        "403-key",
        "404-json-message",
        "500-json-error",
        "400-key-at-the-cut",
        "400-zero-width-split",
        "400-base64-of-key",
        "400-zero-width-padding-to-the-cut",
        "500-padding-to-the-cut",
        "400-key-split-across-lines",
        "401-basic-wrapped",
        "400-key-spaced-out",
        "200-content-type",
        "200-content-type-basic",
    ],
)
def test_the_key_never_comes_back_from_server_text(
    tmp_path: Path, status: str, content_type: str, body: str, words: str
) -> None:
    with RawServer(key_echo(status, content_type, body)) as server:
        result = probe(print_args(server), tmp_path)
    assert_calm(result, 1, words)
    assert "***" in result.stderr  # the server's words are shown, the key is not


def test_localhost_with_a_trailing_dot_gets_no_plain_http(
    tmp_path: Path, bystander: RawServer
) -> None:
    dotted = f"http://localhost.:{bystander.port}/api"
    result = probe(["--print", CONTACT, "--base-url", dotted], tmp_path)
    assert_calm(result, 2, "unencrypted")
    assert bystander.requests == []


# ------------------------------------------------------------------ 4. the key's own sources


@pytest.fixture
def fake_with_probe_key() -> Iterator[FakeServer]:
    conversations = {CONTACT: demo_conversations()["ctc_wfKeM8EmiTikud7QE"]}
    with FakeServer(FakeLemlist(api_key=KEY, conversations=conversations)) as server:
        yield server


def test_an_endless_key_command_is_stopped_after_a_few_kb(
    tmp_path: Path, fake_with_probe_key: FakeServer
) -> None:
    result = probe(
        print_args(fake_with_probe_key, "--quiet"),
        tmp_path,
        key=None,
        config=f'api_key_command = "yes {KEY}"\n',
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Subject:" in result.stdout
    assert result.peak_rss_mb < MEMORY_LIMIT_MB


def test_a_key_command_is_done_when_it_exits_whatever_its_children_do(
    tmp_path: Path, fake_with_probe_key: FakeServer
) -> None:
    # The command prints the key and exits; a child it left keeps the pipe open for a minute.
    command = f"sh -c 'echo {KEY}; sleep 30 &'"
    result = probe(
        print_args(fake_with_probe_key),
        tmp_path,
        key=None,
        config=f'api_key_command = "{command}"\n',
    )
    assert result.returncode == 0, result.stderr
    assert result.seconds < 15  # the command's timeout, which used to be reported instead


def test_ctrl_c_while_the_key_command_runs_is_one_line(
    tmp_path: Path, bystander: RawServer
) -> None:
    pid_file = tmp_path / "command.pid"

    def interrupt_once_started(process: subprocess.Popen[bytes], stdout: _Drain) -> None:
        deadline = time.monotonic() + 30
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        os.killpg(process.pid, signal.SIGINT)

    command = f"sh -c 'echo $$ > {pid_file}; exec sleep 60'"
    result = probe(
        print_args(bystander),
        tmp_path,
        key=None,
        config=f'api_key_command = "{command}"\n',
        on_start=interrupt_once_started,
    )
    assert_calm(result, 130, "interrupted")
    command_pid = int(pid_file.read_text())
    assert not Path(f"/proc/{command_pid}").exists() or _is_zombie(command_pid)
    assert bystander.requests == []


def _is_zombie(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return True


@pytest.mark.parametrize(
    ("source", "words"),
    [("file", "api_key in"), ("environment", "LEMLIST_API_KEY")],
)
def test_a_huge_key_is_refused_before_any_request(tmp_path: Path, source: str, words: str) -> None:
    # The environment cannot carry 10 MB (execve caps one string at 128 KB): 100 KB there.
    huge = "k" * (10 * 1024 * 1024 if source == "file" else 100_000)
    with RawServer(answer("200 OK", page_json([]), "Content-Type: application/json")) as server:
        result = probe(
            print_args(server),
            tmp_path,
            key=huge if source == "environment" else None,
            config=f'api_key = "{huge}"\n' if source == "file" else None,
        )
    assert_calm(result, 1, words)
    assert "characters long" in result.stderr
    assert server.requests == []
    assert "kkkkkkkkkk" not in result.stderr


# ------------------------------------------------------------------ 5. pagination that lies


def test_idless_messages_repeated_forever_end_after_one_repeat(tmp_path: Path) -> None:
    same = [
        {"type": "linkedinSent", "message": f"note {n}", "createdAt": f"2026-01-0{n + 1}T10:00:00Z"}
        for n in range(5)
    ]
    with RawServer(
        answer("200 OK", page_json(same, 2), "Content-Type: application/json")
    ) as server:
        result = probe(print_args(server, "--page-size", "5"), tmp_path)
    assert_calm(result, 0, "only messages already loaded", stdout_empty=False)
    assert len(server.requests) == 2
    assert result.stdout.count("note ") == 5


async def test_new_ids_forever_stop_at_the_cap_with_a_note() -> None:
    # The real cap is 2,000 pages: at the service's 10 requests a second, 200 s. The same
    # client and printer with a cap of 12 pages show it ends (in-process, over real HTTP).
    served = 0

    async def handler(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        nonlocal served
        served += 1
        items = [{"_id": f"act_{served}_{n}", "type": "emailsSent"} for n in range(10)]
        # "Forever" is 100 pages here, so that without the cap this test fails, not hangs.
        body = page_json(items, served + 1 if served < 100 else None)
        await send(
            writer,
            head("200 OK", "Content-Type: application/json", f"Content-Length: {len(body)}") + body,
        )

    out, err = io.StringIO(), io.StringIO()
    with RawServer(handler) as server:
        client = LemlistClient(
            Secret(KEY), base_url=server.url, max_pages=12, rate_limit=1000, rate_window=0.001
        )
        settings = Settings(
            api_key=None,
            base_url=server.url,
            user_id=None,
            page_size=10,
            mark_as_read=False,
            theme=None,
            demo=False,
            config_file=Path("absent.toml"),
        )
        written = await print_conversation(
            client, settings, CONTACT, out, "text", status=StatusLine(err)
        )
    assert written == 120
    assert len(server.requests) == 12
    (line,) = err.getvalue().splitlines()
    assert line.startswith("lemtui: Stopped after 12 pages and 120 messages")


# ------------------------------------------------------------------ 6. one line, every time


def test_a_config_nested_1000_deep_is_one_line(tmp_path: Path, bystander: RawServer) -> None:
    config = "theme = " + "[" * 1000 + "]" * 1000 + "\n"
    result = probe(print_args(bystander), tmp_path, config=config)
    assert_calm(result, 1, "nested too deeply")
    assert bystander.requests == []


def two_pages_then_silence(request: RawRequest, writer: asyncio.StreamWriter) -> Awaitable[None]:
    """Page one at once (saying there is more), then a second page that never comes."""

    async def run() -> None:
        if "skip=0" not in request.target:
            await asyncio.sleep(3600)
        items = [{"_id": f"act_{n}", "type": "emailsSent", "subject": f"s{n}"} for n in range(5)]
        body = page_json(items, 2)
        await send(
            writer,
            head("200 OK", "Content-Type: application/json", f"Content-Length: {len(body)}") + body,
        )

    return run()


def signal_once_printing(
    server: RawServer, send_signal: Callable[[int], None], printed: list[bool]
) -> Callable[[subprocess.Popen[bytes], _Drain], None]:
    """An `on_start` that waits until the first page is written (so worker processes run) and
    the second is asked for, then signals the process; `printed` says whether that happened
    (the first page must not wait for the second)."""

    def on_start(process: subprocess.Popen[bytes], stdout: _Drain) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if b"Subject:" in stdout.data and len(server.requests) >= 2:
                printed.append(True)
                break
            time.sleep(0.05)
        send_signal(process.pid)

    return on_start


@pytest.mark.parametrize(
    ("send_signal", "status", "words"),
    [
        (lambda pid: os.killpg(pid, signal.SIGINT), 130, "interrupted"),
        (lambda pid: os.kill(pid, signal.SIGTERM), 143, "terminated"),
    ],
    ids=["ctrl-c-to-the-group", "sigterm"],
)
def test_a_multi_page_print_stopped_says_one_line(
    tmp_path: Path, send_signal: Callable[[int], None], status: int, words: str
) -> None:
    printed: list[bool] = []
    with RawServer(two_pages_then_silence) as server:
        result = probe(
            print_args(server, "--page-size", "5"),
            tmp_path,
            on_start=signal_once_printing(server, send_signal, printed),
        )
    assert printed == [True]  # page one was written while page two was still coming
    assert_calm(result, status, words, stdout_empty=False)
    assert "leaked" not in result.stderr  # the semaphores of the worker pool were released
    assert "KeyboardInterrupt" not in result.stderr


# ------------------------------------------------------------------ 7. small ones


def test_nan_and_infinity_are_written_as_null(tmp_path: Path) -> None:
    body = (
        b'{"data": [{"_id": "act_1", "type": "emailsSent", "score": NaN, "up": Infinity,'
        b' "down": -Infinity, "huge": 1e999, "fine": 1.5}], "pagination": {"nextPage": null}}'
    )
    with RawServer(answer("200 OK", body, "Content-Type: application/json")) as server:
        result = probe(print_args(server, "--format", "json"), tmp_path)
    assert_calm(result, 0, "NaN or Infinity", stdout_empty=False)

    def strict(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    (record,) = json.loads(result.stdout, parse_constant=strict)
    assert [record[k] for k in ("score", "up", "down", "huge", "fine")] == [
        None,
        None,
        None,
        None,
        1.5,
    ]


def test_an_invisible_character_in_a_contact_id_is_named(
    tmp_path: Path, bystander: RawServer
) -> None:
    result = probe(["--print", "ctc_abc\u200bdef", "--base-url", bystander.url], tmp_path)
    assert_calm(result, 2, "character 8 is U+200B ZERO WIDTH SPACE")
    assert bystander.requests == []


def test_a_key_binding_of_only_commas_is_refused(tmp_path: Path, bystander: RawServer) -> None:
    result = probe(print_args(bystander), tmp_path, config='[keys]\nquit = ",,,"\n')
    assert_calm(result, 1, "empty key name")
    assert bystander.requests == []
