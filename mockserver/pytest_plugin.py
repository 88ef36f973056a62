"""pytest plugin (entry point ``pytest11``): fixtures for the Eachlabs mock.

- ``eachlabs_mock``: :class:`~mockserver.inprocess.InProcessMock`, active for the
  test: every httpx client (sync or async) talking to the spec's ``base_url`` is
  answered in-process; the clock is virtual (``eachlabs_mock.advance(120)``).
- ``eachlabs_mock_server``: :class:`LiveMock`, a real uvicorn server on
  ``127.0.0.1`` and an ephemeral port, on a virtual clock; ``.base_url`` plus the
  :class:`~mockserver.remote.MockControl` methods (over HTTP) and ``.engine``.
- ``eachlabs_client`` / ``async_eachlabs_client``: the generated ``Eachlabs`` /
  ``AsyncEachlabs`` client on ``eachlabs_mock``, whose ``clock`` and ``sleep`` are
  the mock's virtual clock: ``run()`` and retries complete at once, and the mock
  sees the time pass (the async one is for async tests, e.g. ``@pytest.mark.anyio``).

Both mocks have ``now()``, ``sleep(seconds)`` (advances the virtual clock) and
``async_sleep``, and ``client(**options)`` / ``async_client(**options)`` building the
generated client wired to them (see :mod:`mockserver.clients`).

Options: ``--eachlabs-spec DIR`` (or ini ``eachlabs_spec``; default ``spec`` under
the rootdir). Per test: ``@pytest.mark.eachlabs_mock(time_scale=0, seed=3, ...)``
takes any :class:`~mockserver.config.MockConfig` field.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.spec import Spec, load_spec

from .clients import VirtualTimeClients
from .clock import VirtualClock
from .config import MockConfig
from .engine import Engine
from .inprocess import InProcessMock
from .remote import MockControl
from .server import ServerThread

if TYPE_CHECKING:
    from eachlabs import AsyncEachlabs, Eachlabs


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--eachlabs-spec`` and the ``eachlabs_spec`` ini key."""
    group = parser.getgroup("eachlabs-mock")
    group.addoption("--eachlabs-spec", default=None, help="spec directory for the mock fixtures")
    parser.addini("eachlabs_spec", "spec directory for the mock fixtures", default="")


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``eachlabs_mock`` marker."""
    config.addinivalue_line(
        "markers", "eachlabs_mock(**config): MockConfig fields for the eachlabs mock fixtures"
    )


class LiveMock(MockControl, VirtualTimeClients):
    """A live mock server: ``base_url``, ``engine``, the HTTP control methods and clients."""

    def __init__(self, thread: ServerThread) -> None:
        super().__init__(thread.base_url)
        self.thread = thread
        self.engine: Engine = thread.engine
        self.base_url = thread.base_url


@contextmanager
def live_mock(engine: Engine) -> Iterator[LiveMock]:
    """Serve ``engine`` on 127.0.0.1 and an ephemeral port for the ``with`` block."""
    with ServerThread(engine) as thread:
        live = LiveMock(thread)
        try:
            yield live
        finally:
            live.close()


@pytest.fixture(scope="session")
def eachlabs_spec(pytestconfig: pytest.Config) -> Spec:
    """The spec the mock fixtures serve (loaded once per session)."""
    option = pytestconfig.getoption("--eachlabs-spec") or pytestconfig.getini("eachlabs_spec")
    path = Path(option) if option else pytestconfig.rootpath / "spec"
    return load_spec(path)


@pytest.fixture
def eachlabs_mock_config(request: pytest.FixtureRequest) -> MockConfig:
    """The :class:`MockConfig` for this test, from the ``eachlabs_mock`` marker."""
    fields: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("eachlabs_mock"))):
        fields.update(marker.kwargs)
    if "api_keys" in fields:
        fields["api_keys"] = frozenset(fields["api_keys"])
    return MockConfig(**fields)


@pytest.fixture
def eachlabs_mock(eachlabs_spec: Spec, eachlabs_mock_config: MockConfig) -> Iterator[InProcessMock]:
    """The in-process mock, intercepting httpx for the duration of the test."""
    with InProcessMock(eachlabs_spec, eachlabs_mock_config) as mock:
        yield mock


@pytest.fixture
def eachlabs_mock_server(
    eachlabs_spec: Spec, eachlabs_mock_config: MockConfig
) -> Iterator[LiveMock]:
    """A live mock server on 127.0.0.1:<ephemeral>, on a virtual clock."""
    with live_mock(Engine(eachlabs_spec, eachlabs_mock_config, VirtualClock())) as live:
        yield live


@pytest.fixture
def eachlabs_client(eachlabs_mock: InProcessMock) -> Iterator[Eachlabs]:
    """The generated client on the in-process mock, sleeping on its virtual clock."""
    with eachlabs_mock.client() as client:
        yield client


@pytest.fixture
async def async_eachlabs_client(eachlabs_mock: InProcessMock) -> AsyncIterator[AsyncEachlabs]:
    """The generated async client on the in-process mock, sleeping on its virtual clock."""
    async with eachlabs_mock.async_client() as client:
        yield client
