"""Running the ASGI adapter under uvicorn: in the foreground (CLI) or a thread (tests)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn

from generator.spec import load_spec

from .asgi import AsgiAdapter
from .clock import Clock, RealClock
from .config import MockConfig
from .engine import Engine


def build_engine(
    spec_dir: str | Path, config: MockConfig | None = None, clock: Clock | None = None
) -> Engine:
    """An engine for the spec in ``spec_dir`` (raises ``SpecError`` if it is broken)."""
    return Engine(load_spec(Path(spec_dir)), config or MockConfig(), clock or RealClock())


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``port`` 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # is TCP, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def base_url(engine: Engine, sock: socket.socket) -> str:
    """``http://host:port/v1``: the API base URL served on ``sock``."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    path = urlsplit(engine.spec.platform.base_url).path.rstrip("/")
    return f"http://{shown}:{port}{path}"


def uvicorn_server(
    engine: Engine, *, log_level: str = "warning", access_log: bool = False
) -> uvicorn.Server:
    """A uvicorn server for ``engine`` (not started)."""
    config = uvicorn.Config(
        AsgiAdapter(engine),
        log_level=log_level,
        access_log=access_log,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


class ServerThread:
    """A live mock on 127.0.0.1 and an ephemeral port, served from a background thread."""

    def __init__(self, engine: Engine, host: str = "127.0.0.1", port: int = 0) -> None:
        self.engine = engine
        self.socket = bind(host, port)
        self.base_url = base_url(engine, self.socket)
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.server = uvicorn_server(engine)
        self._thread = threading.Thread(target=self._run, name="eachlabs-mock", daemon=True)

    def _run(self) -> None:
        self.server.run(sockets=[self.socket])

    def start(self, timeout: float = 10.0) -> ServerThread:
        """Start serving; returns once the server accepts connections."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Shut down and wait for the thread."""
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self.socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
