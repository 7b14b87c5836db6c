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
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

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
from lemtui.demo_data import LONG_CONTACT_ID, NEWSLETTER_CONTACT_ID, demo_conversation

SECTION = "7. Terminal output"
DOWN, UP, PGDN, PGUP, HOME, ENTER = b"\x1b[B", b"\x1b[A", b"\x1b[6~", b"\x1b[5~", b"\x1b[H", b"\r"


def _presses(term: PtyProcess, key: bytes, count: int) -> list[int]:
    return [term.key_bytes(key) for _ in range(count)]


def _kb(values: list[int]) -> str:
    value = median(values)
    return f"{value / 1024:.2f} KB" if value >= 1024 else f"{value:.0f} B"


def _list_rows_text() -> str:
    from lemtui.display import message_row
    from lemtui.models import Message

    now = datetime.now().astimezone()
    rows = [
        message_row(Message.from_json(item), now=now, ascii_only=False).plain
        for item in build_conversation(10_000)[:400]
    ]
    return "\n".join(rows)


def _newsletter_text() -> str:
    from lemtui.render import render_body

    bodies = [str(m.get("message") or "") for m in demo_conversation(NEWSLETTER_CONTACT_ID) or []]
    return render_body(max(bodies, key=len), is_html=True).visible_text()


def _lemtui_list(servers: Servers, tmp: Path, n: int) -> dict[str, list[int]]:
    argv = [LEMTUI, "--base-url", servers.real.url, "--page-size", "100", bench_contact(10_000)]
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    try:
        if term.wait_for_text(first_row_subject(10_000), 20) is None:
            raise RuntimeError("lemtui never showed the list")
        term.settle(0.5)
        moves = _presses(term, DOWN, n)
        for _ in range(40 - n):
            term.key_bytes(DOWN, quiet=0.05)
        term.settle()
        scrolls = _presses(term, DOWN, n)
        term.key_bytes(HOME)
        pages: list[int] = []
        for _ in range(max(1, n // 2)):
            pages.append(term.key_bytes(PGDN))
            pages.append(term.key_bytes(PGUP))
        return {"move": moves, "scroll": scrolls, "page": pages}
    finally:
        term.close()


def _lemtui_body(servers: Servers, tmp: Path, n: int) -> dict[str, list[int]]:
    argv = [LEMTUI, "--base-url", servers.real.url, NEWSLETTER_CONTACT_ID]
    term = PtyProcess(argv, env=child_env(tmp), cwd=ROOT)
    try:
        if term.wait_for_text("Hexagone Growth Weekly #142", 20) is None:
            raise RuntimeError("lemtui never showed the newsletter conversation")
        term.settle(0.5)
        term.key_bytes(DOWN)
        term.key_bytes(ENTER, quiet=1.0)  # the body is converted in a thread
        term.settle(1.0)
        return {"scroll": _presses(term, b"j", n), "page": _presses(term, b" ", n)}
    finally:
        term.close()


def _reference(path: Path, tmp: Path, n: int, marker: str) -> dict[str, list[int]]:
    term = PtyProcess([PYTHON, "-m", "bench.ref_app", str(path)], env=child_env(tmp), cwd=ROOT)
    try:
        if term.wait_for_text(marker, 30) is None:
            raise RuntimeError("the reference app never drew its text")
        term.settle(0.5)
        return {"scroll": _presses(term, DOWN, n), "page": _presses(term, PGDN, n)}
    finally:
        term.close()


def _less(path: Path, tmp: Path, n: int) -> dict[str, list[int]]:
    env = child_env(tmp)
    env.pop("LESS", None)
    env["LESSHISTFILE"] = "-"
    term = PtyProcess(["less", str(path)], env=env, cwd=ROOT)
    try:
        term.settle(0.5)
        return {"scroll": _presses(term, b"j", n), "page": _presses(term, b" ", n)}
    finally:
        term.close()


def run(options: Options, servers: Servers) -> list[Row]:
    """Bytes per key for lemtui's list and body, the Textual reference, and less."""
    n = 3 if options.quick else 5
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

        lemtui_list = _lemtui_list(servers, tmp, n)
        lemtui_body = _lemtui_body(servers, tmp, n)
        ref_list = _reference(list_text, tmp, n, first_row_subject(10_000))
        ref_body = _reference(body_text, tmp, n, first_body_line)
        have_less = shutil.which("less") is not None
        less_long = _less(printed, tmp, n) if have_less else {}
        less_body = _less(body_text, tmp, n) if have_less else {}

    move = median(lemtui_list["move"])
    rows.append(
        Row(SECTION, "list: highlight move", "≤ 1 KB", _kb(lemtui_list["move"]), move <= 1024)
    )
    for label, ours, ref in (
        ("list: one-line scroll", lemtui_list["scroll"], ref_list["scroll"]),
        ("body: one-line scroll (j)", lemtui_body["scroll"], ref_body["scroll"]),
    ):
        half = median(ref) / 2
        rows.append(
            Row(
                SECTION,
                label,
                f"≤ {_kb([int(half)])} (half of VerticalScroll's {_kb(ref)})",
                _kb(ours),
                median(ours) <= half,
            )
        )
    rows.append(
        Row(
            SECTION,
            "list: page down/up",
            "",
            _kb(lemtui_list["page"]),
            None,
            f"VerticalScroll page down: {_kb(ref_list['page'])}",
        )
    )
    rows.append(
        Row(
            SECTION,
            "body: page down (space)",
            "",
            _kb(lemtui_body["page"]),
            None,
            f"VerticalScroll page down: {_kb(ref_body['page'])}",
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
