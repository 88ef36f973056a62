"""Rate limits under concurrent load: exact counts, 429 with Retry-After."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from mockserver_helpers import VALID, headers


async def burst(base_url: str, count: int, key: str = "burst") -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers(key), limits=limits, timeout=30
    ) as client:
        return list(
            await asyncio.gather(*(client.post("/prediction/", json=VALID) for _ in range(count)))
        )


@pytest.mark.eachlabs_mock(time_scale=0)
def test_creates_per_minute_exact_under_load(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    # time_scale 0: predictions finish at once, so only the per-minute limit applies
    responses = asyncio.run(burst(eachlabs_mock_server.base_url, 150))
    assert Counter(r.status_code for r in responses) == {200: 100, 429: 50}
    denied = [r for r in responses if r.status_code == 429]
    assert all(r.headers["retry-after"] == "60" for r in denied)
    assert all(r.json()["status"] == "error" for r in denied)
    # another key has its own budget
    assert len(asyncio.run(burst(eachlabs_mock_server.base_url, 1, "other"))) == 1
    eachlabs_mock_server.advance(59)
    assert asyncio.run(burst(eachlabs_mock_server.base_url, 1))[0].status_code == 429
    eachlabs_mock_server.advance(1)
    assert asyncio.run(burst(eachlabs_mock_server.base_url, 1))[0].status_code == 200


def test_concurrent_predictions_exact_under_load(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    responses = asyncio.run(burst(eachlabs_mock_server.base_url, 40))
    assert Counter(r.status_code for r in responses) == {200: 10, 429: 30}
    retry = {int(r.headers["retry-after"]) for r in responses if r.status_code == 429}
    assert all(90 <= value <= 125 for value in retry)
    assert "concurrent" in next(r for r in responses if r.status_code == 429).json()["message"]
    eachlabs_mock_server.advance(125)
    again = asyncio.run(burst(eachlabs_mock_server.base_url, 12))
    assert Counter(r.status_code for r in again) == {200: 10, 429: 2}
    assert len(eachlabs_mock_server.predictions(api_key="burst")) == 20


def test_idle_keys_are_forgotten_without_control_calls(eachlabs_spec) -> None:  # type: ignore[no-untyped-def]
    # A real-clock server never gets /_mock/clock/advance: creates alone must bound the state.
    from mockserver.clock import VirtualClock
    from mockserver.config import MockConfig
    from mockserver.engine import Engine

    clock = VirtualClock()
    engine = Engine(eachlabs_spec, MockConfig(time_scale=0), clock)
    for index in range(50):
        engine.create(f"key-{index}", VALID, "http://mock")
    assert engine.stats()["rate_limited_keys"] == 50
    clock.advance(61)
    engine.create("late-key", VALID, "http://mock")
    assert engine.stats()["rate_limited_keys"] == 1
