"""Benchmark 7 — bytes written to the terminal per key, under a real 100×40 pty.

Each program runs on its own pty (TERM=xterm-256color). Before every key the output must be
quiet for 300 ms; the key's bytes are written to the master side, and everything read until the
next 300 ms of quiet is that key's cost. Figures are medians over several presses.

* lemtui's list (`ctc_Bench10000`, page size 100 so no page loads during the test): a highlight
  move in the first screenful; a one-line scroll (↓ with the highlight on the last visible row);
  PageDown/PageUp.
* lemtui's body view: the 300 KB newsletter (demo `ctc_NewsletterHtml001`), opened with Enter:
  `j` (one line) and space (one page).
* Reference: a default Textual `VerticalScroll` + `Static` (`bench.ref_app`) of the same text —
  the list's rows, and the newsletter's rendered text: ↓ and PageDown.
* `less` on the `--print` output of the long demo conversation (`j`, space), and on the
  newsletter text.
* Idle: the list with nothing pressed and no timed refresh (`--refresh 0`): bytes, and CPU
  from `/proc/PID/stat`. A timed refresh that finds nothing new (`--refresh 15` on a
  1,000-message list): the bytes from the wait until 1 s after the request reached the fake.

The floor of a key's bytes comes from a model of the screen (`bench.screen_model`): per row
where a cell's character or style changed, one cursor move and the characters from the first
changed cell to the last; style sequences are not counted, so it is a lower bound.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.common import (
    LEMTUI,
    PYTHON,
    ROOT,
    Options,
    PtyProcess,
    Row,
    Servers,
    bench_contact,
    build_conversation,
    child_env,
    first_row_subject,
    median,
)
from bench.screen_model import Screen, floor_bytes
from lemtui.demo.data import LONG_CONTACT_ID, NEWSLETTER_CONTACT_ID, demo_conversation
from lemtui.lemlist.live import MIN_REFRESH_SECONDS

SECTION = "7. Terminal output"
DOWN, UP, PGDN, PGUP, HOME, ENTER = b"\x1b[B", b"\x1b[A", b"\x1b[6~", b"\x1b[5~", b"\x1b[H", b"\r"


@dataclass
class Press:
    """One key's cost: the bytes written, the floor (see `bench.screen_model`), rows drawn."""

    sent: int
    floor: int
    rows: int


class Watched:
    """A pty whose output is also fed to a screen model, so each key's floor is known."""

    def __init__(self, term: PtyProcess) -> None:
        self.term = term
        self.screen = Screen()
        self._fed = 0

    def catch_up(self) -> None:
        """Feed what was written since the last key to the model."""
        self.screen.feed(bytes(self.term.output[self._fed :]))
        self._fed = len(self.term.output)

    def key(self, key: bytes, quiet: float = 0.3) -> Press:
        """Press `key` once the screen is quiet; its bytes, floor and drawn rows."""
        self.term.settle(quiet)
        self.catch_up()
        before = self.screen.snapshot()
        self.term.press(key, quiet)
        data = bytes(self.term.output[self._fed :])
        self._fed = len(self.term.output)
        rows = self.screen.feed(data)
        return Press(len(data), floor_bytes(before, self.screen.snapshot()), len(rows))


def _presses(term: Watched, key: bytes, count: int) -> list[Press]:
    return [term.key(key) for _ in range(count)]


def _sent(presses: list[Press]) -> list[int]:
    return [press.sent for press in presses]


def _kb(values: list[int]) -> str:
    value = median(values)
    return f"{value / 1024:.2f} KB" if value >= 1024 else f"{value:.0f} B"


def _list_rows_text() -> str:
    from lemtui.lemlist.messages import Message
    from lemtui.tui.rows import message_row

    now = datetime.now().astimezone()
    rows = [
        message_row(Message.from_json(item), now=now).plain
        for item in build_conversation(10_000)[:400]
    ]
    return "\n".join(rows)


def _newsletter_text() -> str:
    from lemtui.mail.render import render_body

    bodies = [str(m.get("message") or "") for m in demo_conversation(NEWSLETTER_CONTACT_ID) or []]
    return render_body(max(bodies, key=len), is_html=True).visible_text()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text("ascii").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _lemtui_list(servers: Servers, tmp: Path, n: int, idle: float) -> dict[str, Any]:
    argv = [
        LEMTUI,
        "--base-url",
        servers.real.url,
        "--page-size",
        "100",
        "--refresh",
        "0",
        bench_contact(10_000),
    ]
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    try:
        if term.wait_for_text(first_row_subject(10_000), 20) is None:
            raise RuntimeError("lemtui never showed the list")
        term.settle(0.5)
        # Idle: nothing pressed, nothing due (no timed refresh).
        cpu = _cpu_seconds(term.proc.pid)
        started = time.monotonic()
        quiet = len(term.read_for(idle))
        cpu_share = (_cpu_seconds(term.proc.pid) - cpu) / (time.monotonic() - started)
        watched = Watched(term)
        moves = _presses(watched, DOWN, n)
        for _ in range(40 - n):
            term.key_bytes(DOWN, quiet=0.05)
        scrolls = _presses(watched, DOWN, n)
        watched.key(HOME)
        pages: list[Press] = []
        for _ in range(max(1, n // 2)):
            pages.append(watched.key(PGDN))
            pages.append(watched.key(PGUP))
        return {
            "move": moves,
            "scroll": scrolls,
            "page": pages,
            "idle_bytes": quiet,
            "idle_cpu": cpu_share,
        }
    finally:
        term.close()


def _timed_refresh(servers: Servers, tmp: Path, reps: int) -> list[int]:
    """Bytes written around timed refreshes that find nothing new (`--refresh 15`)."""
    contact = bench_contact(1_000)
    argv = [LEMTUI, "--base-url", servers.real.url, "--refresh", str(MIN_REFRESH_SECONDS), contact]
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    sent: list[int] = []
    try:
        if term.wait_for_text(first_row_subject(1_000), 20) is None:
            raise RuntimeError("lemtui never showed the list")
        term.settle(0.5)
        for _ in range(reps):
            requests = servers.real.requests_for(contact)
            mark = len(term.output)
            deadline = time.monotonic() + MIN_REFRESH_SECONDS + 10
            while servers.real.requests_for(contact) == requests:
                if time.monotonic() > deadline:
                    raise RuntimeError("no timed refresh was made")
                term.read_for(0.1)
            term.settle(1.0)  # the answer, and whatever it draws
            sent.append(len(term.output) - mark)
        return sent
    finally:
        term.close()


def _lemtui_body(servers: Servers, tmp: Path, n: int) -> dict[str, list[Press]]:
    argv = [LEMTUI, "--base-url", servers.real.url, "--refresh", "0", NEWSLETTER_CONTACT_ID]
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    try:
        if term.wait_for_text("Hexagone Growth Weekly #142", 20) is None:
            raise RuntimeError("lemtui never showed the newsletter conversation")
        term.settle(0.5)
        term.key_bytes(DOWN)
        term.key_bytes(ENTER, quiet=1.0)  # the body is converted in a thread
        term.settle(1.0)
        watched = Watched(term)
        return {"scroll": _presses(watched, b"j", n), "page": _presses(watched, b" ", n)}
    finally:
        term.close()


def _reference(path: Path, tmp: Path, n: int, marker: str) -> dict[str, list[int]]:
    term = PtyProcess([PYTHON, "-m", "bench.ref_app", str(path)], env=child_env(tmp), cwd=ROOT)
    try:
        if term.wait_for_text(marker, 30) is None:
            raise RuntimeError("the reference app never drew its text")
        term.settle(0.5)
        return {
            "scroll": [term.key_bytes(DOWN) for _ in range(n)],
            "page": [term.key_bytes(PGDN) for _ in range(n)],
        }
    finally:
        term.close()


def _less(path: Path, tmp: Path, n: int) -> dict[str, list[int]]:
    env = child_env(tmp)
    env.pop("LESS", None)
    env["LESSHISTFILE"] = "-"
    term = PtyProcess(["less", str(path)], env=env, cwd=ROOT)
    try:
        term.settle(0.5)
        return {
            "scroll": [term.key_bytes(b"j") for _ in range(n)],
            "page": [term.key_bytes(b" ") for _ in range(n)],
        }
    finally:
        term.close()


def _cost_row(label: str, target: int, presses: list[Press]) -> Row:
    sent = median(_sent(presses))
    floor = median([press.floor for press in presses])
    rows = median([press.rows for press in presses])
    ratio = f"; {sent / floor:.2f}× its floor" if floor else ""
    return Row(
        SECTION,
        label,
        f"≤ {_kb([target])}",
        _kb(_sent(presses)),
        sent <= target,
        f"floor {_kb([int(floor)])} (the cells that changed: a cursor move and their "
        f"characters per row){ratio}; {rows:.0f} rows drawn, {sent / max(rows, 1):.0f} B per "
        f"drawn row; median of {len(presses)}",
    )


def run(options: Options, servers: Servers) -> list[Row]:
    """Bytes per key for lemtui's list and body (with their floors), idle and a timed refresh
    that finds nothing new, the Textual reference, and less."""
    n = 3 if options.quick else 5
    idle = 3.0 if options.quick else 10.0
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        list_text = tmp / "rows.txt"
        list_text.write_text(_list_rows_text(), encoding="utf-8")
        body_text = tmp / "newsletter.txt"
        body_text.write_text(_newsletter_text(), encoding="utf-8")
        printed = tmp / "long.txt"
        with printed.open("wb") as out:
            subprocess.run(
                [LEMTUI, "--print", LONG_CONTACT_ID, "--base-url", servers.fast.url],
                stdout=out,
                stderr=subprocess.DEVNULL,
                env=child_env(tmp),
                timeout=120,
                check=False,
            )
        first_body_line = next(
            (line.strip() for line in body_text.read_text().splitlines() if line.strip()), ""
        )[:30]

        lemtui_list = _lemtui_list(servers, tmp, n, idle)
        lemtui_body = _lemtui_body(servers, tmp, n)
        refreshes = _timed_refresh(servers, tmp, 1 if options.quick else 2)
        ref_list = _reference(list_text, tmp, n, first_row_subject(10_000))
        ref_body = _reference(body_text, tmp, n, first_body_line)
        have_less = shutil.which("less") is not None
        less_long = _less(printed, tmp, n) if have_less else {}
        less_body = _less(body_text, tmp, n) if have_less else {}

    rows.append(_cost_row("list: highlight move", 1024, lemtui_list["move"]))
    # Issue 24's line: 6 KB for either (issue 13's were 8 and 7 KB).
    rows.append(_cost_row("list: one-line scroll", 6 * 1024, lemtui_list["scroll"]))
    rows.append(_cost_row("body: one-line scroll (j)", 6 * 1024, lemtui_body["scroll"]))
    rows.append(
        Row(
            SECTION,
            "list: page down/up",
            "",
            _kb(_sent(lemtui_list["page"])),
            None,
            f"VerticalScroll page down: {_kb(ref_list['page'])}; one-line scroll there: "
            f"{_kb(ref_list['scroll'])}",
        )
    )
    rows.append(
        Row(
            SECTION,
            "body: page down (space)",
            "",
            _kb(_sent(lemtui_body["page"])),
            None,
            f"VerticalScroll page down: {_kb(ref_body['page'])}; one-line scroll there: "
            f"{_kb(ref_body['scroll'])}",
        )
    )
    idle_bytes = int(lemtui_list["idle_bytes"])
    idle_cpu = float(lemtui_list["idle_cpu"])
    rows.append(
        Row(
            SECTION,
            f"idle for {idle:g} s (10,000-message list, no timed refresh): bytes / CPU",
            "0 B / < 1 %",
            f"{idle_bytes} B / {idle_cpu * 100:.2f} %",
            idle_bytes == 0 and idle_cpu < 0.01,
            "CPU from /proc/PID/stat (user + system) over the wall time",
        )
    )
    rows.append(
        Row(
            SECTION,
            "a timed refresh that finds nothing new",
            "≤ 200 B",
            _kb(refreshes),
            median(refreshes) <= 200,
            f"--refresh {MIN_REFRESH_SECONDS}, 1,000-message list; each: "
            f"{', '.join(str(value) for value in refreshes)} B, from the wait until 1 s after "
            "the request",
        )
    )
    if have_less:
        rows.append(
            Row(
                SECTION,
                "less: j / space (long conversation --print)",
                "",
                f"{_kb(less_long['scroll'])} / {_kb(less_long['page'])}",
                None,
                f"on the newsletter text: {_kb(less_body['scroll'])} / {_kb(less_body['page'])}",
            )
        )
    else:
        rows.append(Row(SECTION, "less", "", "less not installed", None))
    return rows
