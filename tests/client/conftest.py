"""Fixtures for the generated client's runtime: respx-mocked API, fake clock, no sleeping."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import eachlabs
import pytest
import respx
from client_support import API_KEY, BASE_URL, FakeTime
from eachlabs._platform import API_KEY_ENV, BASE_URL_ENV


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    monkeypatch.delenv(BASE_URL_ENV, raising=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """The mocked API; any request to an unmocked route fails the test."""
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def client(fake_time: FakeTime) -> Iterator[eachlabs.Eachlabs]:
    with eachlabs.Eachlabs(
        api_key=API_KEY, base_url=BASE_URL, clock=fake_time.clock, sleep=fake_time.sleep
    ) as client:
        client._random = lambda: 0.0
        yield client


@pytest.fixture
async def async_client(fake_time: FakeTime) -> AsyncIterator[eachlabs.AsyncEachlabs]:
    async with eachlabs.AsyncEachlabs(
        api_key=API_KEY, base_url=BASE_URL, clock=fake_time.clock, sleep=fake_time.async_sleep
    ) as client:
        client._random = lambda: 0.0
        yield client
