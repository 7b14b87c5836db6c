"""`--demo` keeps its state (recent contacts, drafts) apart from the user's, on a terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from lemtui.demo.data import SAMPLE_CONTACT_ID
from tests.support.pty import PtyProcess

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_demo_leaves_the_state_folder_and_temp_alone(tmp_path: Path) -> None:
    state, temp = tmp_path / "state", tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEMLIST_", "LEMTUI_"))}
    env.update(
        LEMTUI_CONFIG=str(tmp_path / "absent.toml"),
        XDG_STATE_HOME=str(state),
        HOME=str(tmp_path),
        TMPDIR=str(temp),
        TERM="xterm-256color",
    )
    argv = [sys.executable, "-m", "lemtui", "--demo", SAMPLE_CONTACT_ID]
    term = PtyProcess(argv, env=env, cwd=ROOT, budget=60.0)
    try:
        shown = term.wait_for_text("all 3 messages loaded", 20.0) is not None
        term.settle(0.3, 3.0)
        was_kept_apart = [path.name for path in temp.iterdir()]
        term.press(b"q")
    finally:
        code = term.finish()
    assert shown, term.text[-2000:]
    assert code == 0
    assert not state.exists()  # no recent.json, no drafts folder in the user's state
    assert was_kept_apart and was_kept_apart[0].startswith("lemtui-demo-")
    assert list(temp.iterdir()) == []  # the demo's own folder is gone on exit
