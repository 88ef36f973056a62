"""Fixtures for the CLI tests: a live mock of the minimal spec, and its generated CLI."""

from __future__ import annotations

import http.server
import importlib
import threading
from collections.abc import Iterator
from types import ModuleType

import eachlabs._cli
import pytest
from cli_support import BIG, MINIMAL_SPEC, ROOT, Case, cli_env

from generator.spec import load_spec
from mockserver.clock import VirtualClock
from mockserver.config import MockConfig
from mockserver.engine import Engine
from mockserver.pytest_plugin import LiveMock, live_mock


@pytest.fixture
def minimal_mock() -> Iterator[LiveMock]:
    """A live mock of the minimal spec (on a virtual clock), like ``eachlabs_mock_server``."""
    with live_mock(Engine(load_spec(MINIMAL_SPEC), MockConfig(), VirtualClock())) as live:
        yield live


@pytest.fixture
def mock(eachlabs_mock_server: LiveMock) -> LiveMock:
    """The live mock of spec/ (``eachlabs_mock_server``), on a virtual clock."""
    return eachlabs_mock_server


@pytest.fixture
def env(mock: LiveMock) -> dict[str, str]:
    """The environment of a CLI process talking to ``mock``."""
    return cli_env(mock.base_url)


@pytest.fixture(scope="module", params=["spec", "minimal"])
def case(request: pytest.FixtureRequest, minimal_cli: ModuleType) -> Case:
    """Each generated ``_cli`` package with its spec: ``spec/`` and the minimal fixture spec."""
    if request.param == "spec":
        return eachlabs._cli, load_spec(ROOT / "spec")
    return minimal_cli, load_spec(MINIMAL_SPEC)


@pytest.fixture(scope="session")
def minimal_cli() -> ModuleType:
    """``eachlabs._cli`` of the package generated from the minimal spec, imported in-process.

    It is the golden copy under ``tests/golden/minimal`` (which the generator tests keep
    current), imported as ``golden.minimal.eachlabs`` beside the installed ``eachlabs``.
    """
    return importlib.import_module("golden.minimal.eachlabs._cli")


@pytest.fixture
def file_server() -> Iterator[str]:
    """A local file host (``http://127.0.0.1:<port>``) for downloads.

    ``/big.mp4`` (:data:`BIG` bytes, with ``Content-Length``), ``/stream.mp4`` (the same
    bytes, no length), ``/truncated.mp4`` (announces more than it sends), else 404.
    """

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in ("/big.mp4", "/stream.mp4", "/truncated.mp4"):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            if self.path == "/stream.mp4":
                self.send_header("Connection", "close")
            else:
                self.send_header("Content-Length", str(len(BIG) + (self.path == "/truncated.mp4")))
            self.end_headers()
            self.wfile.write(BIG)
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
