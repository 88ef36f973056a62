"""The docs tests' mock: live, on a real clock where predictions finish at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from doc_runner import ROOT

from generator.spec import load_spec
from mockserver.clock import RealClock
from mockserver.config import MockConfig
from mockserver.engine import Engine
from mockserver.pytest_plugin import LiveMock, live_mock


@pytest.fixture(scope="session")
def docs_mock() -> Iterator[LiveMock]:
    """``eachlabs-mock --time-scale 0`` on an ephemeral port, for every page."""
    with live_mock(Engine(load_spec(ROOT / "spec"), MockConfig(time_scale=0), RealClock())) as live:
        yield live
