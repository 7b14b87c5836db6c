"""Fixtures that serve the fake lemlist API (`lemtui.fake_api`) to tests, and test hygiene.

`fake_app` is a fresh `FakeLemlist` per test (override it in a module to configure one);
`fake_server` runs it under a real uvicorn on 127.0.0.1 and a free port, in a thread.
"""

from __future__ import annotations

import gc
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from lemtui.fake_api import FakeLemlist


@pytest.fixture(autouse=True)
def _unfreeze_gc() -> Iterator[None]:
    """The reader freezes loaded messages out of the cyclic GC; in one long test process that
    would keep every earlier test's cyclic garbage alive, so each test ends unfrozen."""
    yield
    gc.unfreeze()


@pytest.fixture
def fake_app() -> FakeLemlist:
    """A fresh fake API with the demo data and the service's default limits."""
    return FakeLemlist()


@pytest.fixture
def fake_server(fake_app: FakeLemlist) -> Iterator[tuple[str, FakeLemlist]]:
    """Serve `fake_app` over real HTTP; yields (base URL ending in `/api`, the app).

    The socket is bound before uvicorn starts, so the port is known and never raced for;
    teardown asks uvicorn to exit and joins its thread.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        fake_app, lifespan="on", log_level="warning", access_log=False, ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="fake-lemlist", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fake lemlist server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/api", fake_app
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
