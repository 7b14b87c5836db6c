"""What a hostile body can do to `--print` output, end to end over HTTP against the fake API:
a link address that would break out of a Markdown autolink, and an unclosed `<style>` or
`<script>` at the end of a body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from lemtui.demo.fake_api import FakeLemlist, demo_conversations
from tests.e2e.test_cli import SAMPLE_CONTACT, run
from tests.support.server import FakeServer

CONTACT = "ctc_hostileMarkdown1"
BREAKOUT = "https://x.test/a b><script>alert('x')</script>"


def _message(ident: str, body: str) -> dict[str, object]:
    message = dict(demo_conversations()[SAMPLE_CONTACT][0])
    message.update(_id=ident, contactId=CONTACT, message=body)
    return message


@pytest.fixture
def server() -> Iterator[FakeServer]:
    conversations = {
        CONTACT: [
            _message("act_hostileLink01", f'<p>Book <a href="{BREAKOUT}">here</a>.</p>'),
            _message("act_hostileStyle1", "<p>Plain words.</p><style>p{color:red}"),
            _message("act_hostileScript", "<p>More words.</p><script>alert('gotcha')"),
        ]
    }
    with FakeServer(FakeLemlist(conversations=conversations)) as fake:
        yield fake


def test_a_link_address_cannot_leave_its_markdown_autolink(
    server: FakeServer, tmp_path: Path
) -> None:
    done = run(["--print", CONTACT, "--base-url", server.url, "--format", "markdown"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "<script>" not in done.stdout
    links = re.findall(r"^\d+\. (.*)$", done.stdout, re.M)
    assert links == ["<https://x.test/a%20b%3E%3Cscript%3Ealert(%27x%27)%3C/script%3E>"]


def test_an_unclosed_style_or_script_shows_nothing_of_its_content(
    server: FakeServer, tmp_path: Path
) -> None:
    for fmt in ("text", "markdown"):
        done = run(["--print", CONTACT, "--base-url", server.url, "--format", fmt], tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Plain words." in done.stdout and "More words." in done.stdout
        assert "color:red" not in done.stdout
        assert "gotcha" not in done.stdout
