"""Fixtures that serve the fake lemlist API (`lemtui.demo.fake_api`) to tests, and test hygiene.

`fake_app` is a fresh `FakeLemlist` per test (override it in a module to configure one);
`fake_server` runs it under a real uvicorn on 127.0.0.1 and a free port, in a thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from lemtui.demo.fake_api import FakeLemlist
from lemtui.tui import glyphs
from tests.support.server import FakeServer


@pytest.fixture(autouse=True)
def _unfreeze_gc() -> Iterator[None]:
    """The reader freezes loaded messages out of the cyclic GC; in one long test process that
    would keep every earlier test's cyclic garbage alive, so each test ends unfrozen."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _unicode_glyphs() -> Iterator[None]:
    """Each test starts and ends drawing with the Unicode set; an app started in ASCII mode
    (or a test that asked for it) leaves no trace in the next test of the same process."""
    glyphs.use(glyphs.UNICODE)
    yield
    glyphs.use(glyphs.UNICODE)


@pytest.fixture
def fake_app() -> FakeLemlist:
    """A fresh fake API with the demo data and the service's default limits."""
    return FakeLemlist()


@pytest.fixture
def fake_server(fake_app: FakeLemlist) -> Iterator[tuple[str, FakeLemlist]]:
    """Serve `fake_app` over real HTTP; yields (base URL ending in `/api`, the app)."""
    with FakeServer(fake_app) as server:
        yield server.url, fake_app
