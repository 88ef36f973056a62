"""The in-process respx adapter with sync and async httpx clients (no socket)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from mockserver_helpers import VALID, headers, payloads

BASE = "https://api.eachlabs.ai/v1"


def test_sync_client_lifecycle(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    assert eachlabs_mock.base_url == BASE
    with httpx.Client(base_url=BASE, headers=headers()) as client:
        pid = client.post("/prediction/", json=VALID).json()["predictionID"]
        assert client.get(f"/prediction/{pid}").json()["status"] == "processing"
        eachlabs_mock.advance(130)
        body = client.get(f"/prediction/{pid}").json()
        assert body["status"] == "success"
        assert body["output"] == f"https://api.eachlabs.ai/_mock/files/{pid}.mp4"
        video = client.get(body["output"])
        assert video.headers["content-type"] == "video/mp4"
        assert video.content[4:8] == b"ftyp"
        assert (
            client.get(
                "/prediction/",
            ).status_code
            == 405
        )
        assert client.get(f"/prediction/{pid}", headers={"X-API-Key": "x"}).status_code == 404


def test_async_client_lifecycle(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with httpx.AsyncClient(base_url=BASE, headers=headers()) as client:
            created = await asyncio.gather(
                *(client.post("/prediction/", json=VALID) for _ in range(12))
            )
            assert [r.status_code for r in created].count(429) == 2
            pid = created[0].json()["predictionID"]
            eachlabs_mock.script_prediction(pid, "error", message="boom", seconds=0)
            body = (await client.get(f"/prediction/{pid}")).json()
            assert body == {
                "predictionID": pid,
                "status": "error",
                "message": "boom",
                "details": None,
            }

    asyncio.run(main())


def test_control_routes_through_respx(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url="https://api.eachlabs.ai/_mock") as control:
        assert control.post("/outcomes", json={"outcome": "error"}).status_code == 200
        assert control.get("/health").json()["virtual"] is True
        with httpx.Client(base_url=BASE, headers=headers()) as client:
            pid = client.post("/prediction/", json=VALID).json()["predictionID"]
        assert control.post("/clock/advance", json={"seconds": 500}).json()["finished"] == [pid]
        assert control.get(f"/predictions/{pid}").json()["status"] == "error"


def test_faults_in_process(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock.set_faults(drop_rate=1.0)
    with httpx.Client(base_url=BASE, headers=headers()) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/prediction/", json=VALID)
        eachlabs_mock.set_faults(error_rate=1.0, error_status=502)
        assert client.post("/prediction/", json=VALID).status_code == 502
        eachlabs_mock.clear_faults()
        assert client.post("/prediction/", json=VALID).status_code == 200


def test_webhook_to_local_receiver_passes_through(eachlabs_mock, receiver) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=BASE, headers=headers()) as client:
        body = {**VALID, "webhook_url": receiver.url}
        pid = client.post("/prediction/", json=body).json()["predictionID"]
    eachlabs_mock.advance(200)
    assert [p["exec_id"] for p in payloads(receiver)] == [pid]
    assert eachlabs_mock.webhooks()[0]["state"] == "delivered"


@pytest.mark.eachlabs_mock(max_body_bytes=100)
def test_body_limit_in_process(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    response = httpx.post(f"{BASE}/prediction/", json={"x": "a" * 200}, headers=headers())
    assert response.status_code == 413
    assert response.json()["status"] == "error"


def test_other_hosts_are_not_intercepted(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(httpx.ConnectError):
        httpx.get("http://127.0.0.1:9/", timeout=2)
