"""The reader freezes what its imports made before it starts (`startup.freeze_start_up`)."""

from __future__ import annotations

import gc
from typing import Any

from lemtui import cli
from lemtui.startup import freeze_start_up


def test_freeze_start_up_moves_everything_alive_out_of_the_collectors_reach() -> None:
    gc.unfreeze()
    alive = len(gc.get_objects())
    freeze_start_up()
    assert gc.get_freeze_count() >= alive // 2  # the imports' objects, not a handful
    assert len(gc.get_objects()) < alive // 2  # the collector walks only what came after


class _App:
    """What `_run_reader` needs of the app, and when `run` was called."""

    return_code = 0

    def __init__(self) -> None:
        self.frozen_at_run: int | None = None

    def run(self) -> None:
        self.frozen_at_run = gc.get_freeze_count()

    def exit_note(self) -> list[str]:
        return []


def test_the_reader_freezes_before_it_runs() -> None:
    gc.unfreeze()
    app = _App()
    fake: Any = app
    assert cli._run_reader(fake) == 0
    assert app.frozen_at_run is not None and app.frozen_at_run > 0
