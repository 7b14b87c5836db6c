"""`lemtui --print --quotes` and `--format json` blocks, through the installed console script."""

from __future__ import annotations

import json
from pathlib import Path

from lemtui.demo.data import QUOTES_CONTACT_ID
from tests.e2e.test_cli import run


def test_quotes_strip_keeps_only_new_words_and_show_keeps_everything(tmp_path: Path) -> None:
    shown = run(["--print", "--demo", QUOTES_CONTACT_ID], tmp_path, key=None)
    stripped = run(
        ["--print", "--demo", "--quotes", "strip", QUOTES_CONTACT_ID], tmp_path, key=None
    )
    folded = run(["--print", "--demo", "--quotes", "fold", QUOTES_CONTACT_ID], tmp_path, key=None)
    assert shown.returncode == stripped.returncode == folded.returncode == 0, stripped.stderr
    assert "wrote:" in shown.stdout
    assert "wrote:" not in stripped.stdout
    assert "quoted lines" in folded.stdout and "wrote:" not in folded.stdout
    assert len(stripped.stdout) < len(folded.stdout) < len(shown.stdout)


def test_bad_quotes_value_is_a_usage_error(tmp_path: Path) -> None:
    done = run(["--print", "--demo", "--quotes", "hide", QUOTES_CONTACT_ID], tmp_path, key=None)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_json_items_carry_rendered_blocks(tmp_path: Path) -> None:
    done = run(["--print", "--demo", "--format", "json", QUOTES_CONTACT_ID], tmp_path, key=None)
    records = json.loads(done.stdout)
    kinds = {block["kind"] for record in records for block in record["renderedBlocks"]}
    assert kinds <= {"text", "quote", "signature", "forward", "whole-quote"} and "quote" in kinds
    for record in records:
        assert "\n\n".join(b["text"] for b in record["renderedBlocks"]) == record["renderedText"]
