"""Serve an ASGI app (the fake lemlist API, or a misbehaving stand-in) over real HTTP.

Used by the tests' `fake_server` fixture, the benchmarks and the scripts alike: uvicorn on
127.0.0.1 and a port the OS picks, in a daemon thread of the calling process. The socket is
bound before uvicorn starts, so the port is known and never raced for.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

__all__ = ["FakeServer"]


class FakeServer:
    """`app` under uvicorn on 127.0.0.1 in a daemon thread; `url` ends in `/api`."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            app, lifespan="on", log_level="warning", access_log=False, ws="none"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="fake-lemlist",
            daemon=True,
        )  # fmt: skip

    @property
    def url(self) -> str:
        """The base URL a client wants (`--base-url`)."""
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> FakeServer:
        """Start serving; returns once uvicorn is accepting connections."""
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake lemlist server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def requests_for(self, contact: str) -> int:
        """How many requests the fake API saw for `contact`'s conversation so far."""
        return sum(1 for r in self.app.requests if r.path.rstrip("/").endswith(contact))
