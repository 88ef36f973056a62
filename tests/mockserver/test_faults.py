"""Injected faults on a live server: seeded 5xx, dropped connections, latency."""

from __future__ import annotations

import time

import httpx
import pytest
from mockserver_helpers import VALID, headers


def statuses(base_url: str, count: int) -> list[int | str]:
    seen: list[int | str] = []
    with httpx.Client(base_url=base_url, headers=headers()) as client:
        for _ in range(count):
            try:
                seen.append(client.get("/prediction/missing").status_code)
            except httpx.RemoteProtocolError:
                seen.append("dropped")
    return seen


@pytest.mark.eachlabs_mock(seed=3)
def test_seeded_error_and_drop_rates(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock_server.set_faults(error_rate=0.3, drop_rate=0.2, error_status=503)
    first = statuses(eachlabs_mock_server.base_url, 40)
    assert {503, 404, "dropped"} <= set(first)
    eachlabs_mock_server.reset()
    eachlabs_mock_server.set_faults(error_rate=0.3, drop_rate=0.2, error_status=503)
    assert statuses(eachlabs_mock_server.base_url, 40) == first
    eachlabs_mock_server.clear_faults()
    assert set(statuses(eachlabs_mock_server.base_url, 5)) == {404}
    assert eachlabs_mock_server.predictions() == []


def test_latency_and_route_filter(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock_server.set_faults(latency=0.3, routes=["create_prediction"])
    with httpx.Client(base_url=eachlabs_mock_server.base_url, headers=headers()) as client:
        client.get("/prediction/warmup")
        started = time.perf_counter()
        pid = client.post("/prediction/", json=VALID).json()["predictionID"]
        assert time.perf_counter() - started >= 0.3
        started = time.perf_counter()
        assert client.get(f"/prediction/{pid}").status_code == 200
        assert time.perf_counter() - started < 0.25
    assert eachlabs_mock_server.health()["status"] == "ok"


def test_faults_leave_state_unchanged(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock_server.set_faults(error_rate=1.0)
    response = httpx.post(
        eachlabs_mock_server.base_url + "/prediction/", json=VALID, headers=headers()
    )
    assert response.status_code == 500
    assert response.json()["status"] == "error"
    assert eachlabs_mock_server.predictions() == []
    assert eachlabs_mock_server.requests()[-1]["status"] == 500
