"""Full lifecycle against a live server on a real socket, driven by the virtual clock."""

from __future__ import annotations

import uuid

import httpx
import pytest
from mockserver_helpers import FRAME, KEY, MODEL, VALID, headers

pytestmark = pytest.mark.eachlabs_mock(seed=7)


@pytest.fixture
def client(eachlabs_mock_server):  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=eachlabs_mock_server.base_url, headers=headers()) as c:
        yield c


def create(client: httpx.Client, body: dict | None = None, **kw) -> str:  # type: ignore[type-arg]
    response = client.post("/prediction/", json=body or VALID, **kw)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["status"] == "success"
    assert data["message"] == "Prediction created successfully"
    uuid.UUID(data["predictionID"])
    return str(data["predictionID"])


def test_success_lifecycle_and_output_download(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client)
    assert client.get(f"/prediction/{pid}").json() == {"predictionID": pid, "status": "processing"}
    eachlabs_mock_server.advance(60)
    assert client.get(f"/prediction/{pid}").json()["status"] == "processing"
    result = eachlabs_mock_server.advance(70)
    assert pid in result["finished"]
    body = client.get(f"/prediction/{pid}").json()
    assert body["status"] == "success"
    assert set(body) == {"predictionID", "status", "output", "metrics"}
    # 110 s estimate with at most 10 % jitter
    assert 99 <= body["metrics"]["predict_time"] <= 121
    assert body["output"].startswith(eachlabs_mock_server.thread.origin + "/_mock/files/")
    assert body["output"].endswith(".mp4")
    video = httpx.get(body["output"])
    assert video.status_code == 200
    assert video.headers["content-type"] == "video/mp4"
    assert video.content[4:8] == b"ftyp"
    assert 500 < len(video.content) < 50_000


def test_scripted_error_via_control_route(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock_server.script("error", message="GPU on fire", details={"code": "E42"})
    pid = create(client)
    eachlabs_mock_server.advance(200)
    assert client.get(f"/prediction/{pid}").json() == {
        "predictionID": pid,
        "status": "error",
        "message": "GPU on fire",
        "details": {"code": "E42"},
    }
    # the script was used once: the next prediction succeeds
    other = create(client)
    eachlabs_mock_server.advance(200)
    assert client.get(f"/prediction/{other}").json()["status"] == "success"


def test_scripted_outcome_via_header(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client, headers={"X-Mock-Outcome": '{"outcome": "error", "message": "nope"}'})
    fast = create(
        client,
        headers={"X-Mock-Outcome": '{"outcome": "success", "seconds": 1, "output": "custom"}'},
    )
    eachlabs_mock_server.advance(2)
    assert client.get(f"/prediction/{fast}").json()["output"] == "custom"
    assert client.get(f"/prediction/{pid}").json()["status"] == "processing"
    eachlabs_mock_server.advance(200)
    assert client.get(f"/prediction/{pid}").json()["message"] == "nope"


def test_slow_outcome(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client, headers={"X-Mock-Outcome": "slow"})
    eachlabs_mock_server.advance(200)
    assert client.get(f"/prediction/{pid}").json()["status"] == "processing"
    eachlabs_mock_server.advance(500)
    assert client.get(f"/prediction/{pid}").json()["status"] == "success"


def test_fault_outcome_creates_nothing(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock_server.script("fault", status=503)
    response = client.post("/prediction/", json=VALID)
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert eachlabs_mock_server.predictions() == []


def test_poll_faults_then_success(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client, headers={"X-Mock-Outcome": '{"outcome": "success", "poll_faults": 2}'})
    assert client.get(f"/prediction/{pid}").status_code == 503
    assert client.get(f"/prediction/{pid}").status_code == 503
    assert client.get(f"/prediction/{pid}").status_code == 200


def test_script_specific_prediction(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client)
    eachlabs_mock_server.script_prediction(pid, "error", message="cancelled", seconds=0)
    assert client.get(f"/prediction/{pid}").json()["message"] == "cancelled"
    conflict = httpx.post(
        f"{eachlabs_mock_server.origin}/_mock/predictions/{pid}/outcome",
        json={"outcome": "success"},
    )
    assert conflict.status_code == 409


def test_key_isolation(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client)
    other = httpx.get(
        f"{eachlabs_mock_server.base_url}/prediction/{pid}", headers=headers("someone-else")
    )
    assert other.status_code == 404
    assert other.json()["status"] == "error"
    assert client.get(f"/prediction/{pid}").status_code == 200


@pytest.mark.parametrize(
    ("path", "key", "body", "status"),
    [
        ("/prediction/", None, VALID, 401),
        ("/prediction/", "", VALID, 401),
        ("/prediction/", KEY, {"model": "no-such-model", "input": {}}, 404),
        ("/prediction/", KEY, {**VALID, "version": "9.9.9"}, 404),
        ("/prediction/", KEY, {"model": MODEL, "input": {"duration": 99}}, 400),
    ],
)
def test_error_codes(eachlabs_mock_server, path, key, body, status) -> None:  # type: ignore[no-untyped-def]
    hdrs = {} if key is None else {"X-API-Key": key}
    response = httpx.post(eachlabs_mock_server.base_url + path, json=body, headers=hdrs)
    assert response.status_code == status
    data = response.json()
    assert data["status"] == "error" and isinstance(data["message"], str) and "details" in data


def test_get_without_key_and_unknown_id(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    url = f"{eachlabs_mock_server.base_url}/prediction/{uuid.uuid4()}"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers=headers()).status_code == 404


def test_invalid_input_details(client) -> None:  # type: ignore[no-untyped-def]
    body = {
        "model": MODEL,
        "input": {
            "durration": 5,
            "first_frame": "http://localhost/x.gif",
            "duration": 1,
            "resolution": "4K",
            "prompt_extend": 1,
        },
    }
    response = client.post("/prediction/", json=body)
    assert response.status_code == 400
    details = response.json()["details"]
    assert [(d["path"], d["constraint"]) for d in details] == [
        ("durration", "unknown"),
        ("first_frame", "url_scheme"),
        ("resolution", "enum"),
        ("duration", "minimum"),
        ("prompt_extend", "type"),
    ]
    assert all(d["message"] for d in details)


@pytest.mark.eachlabs_mock(api_keys=["good"])
def test_configured_keys(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    url = eachlabs_mock_server.base_url + "/prediction/"
    assert httpx.post(url, json=VALID, headers=headers("bad")).status_code == 401
    assert httpx.post(url, json=VALID, headers=headers("good")).status_code == 200


@pytest.mark.eachlabs_mock(allow_local_urls=True)
def test_allow_local_urls(client) -> None:  # type: ignore[no-untyped-def]
    body = {"model": MODEL, "input": {"first_frame": "http://127.0.0.1:9/frame.png"}}
    assert client.post("/prediction/", json=body).status_code == 200
    body = {"model": MODEL, "input": {"first_frame": "data:image/png;base64,AAAA"}}
    assert client.post("/prediction/", json=body).json()["details"][0]["constraint"] == "data_uri"


@pytest.mark.eachlabs_mock(ttl=100)
def test_ttl_expiry(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client)
    eachlabs_mock_server.advance(150)
    assert client.get(f"/prediction/{pid}").status_code == 200
    eachlabs_mock_server.advance(100)
    assert client.get(f"/prediction/{pid}").status_code == 404
    assert eachlabs_mock_server.engine.stats()["predictions"] == 0


def test_seeded_determinism(eachlabs_spec) -> None:  # type: ignore[no-untyped-def]
    from mockserver.clock import VirtualClock
    from mockserver.config import MockConfig
    from mockserver.engine import Engine

    def run(seed: int) -> list[tuple[str, object]]:
        engine = Engine(eachlabs_spec, MockConfig(seed=seed, failure_rate=0.5), VirtualClock())
        ids = [engine.create(KEY, VALID, "http://mock")["predictionID"] for _ in range(8)]
        engine.advance(1000)
        return [(i, engine.prediction(i)["result"]) for i in ids]

    assert run(1) == run(1)
    assert run(1) != run(2)
    statuses = {result["status"] for _, result in run(1)}  # type: ignore[index]
    assert statuses == {"success", "error"}


def test_reset_and_request_log(client, eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    pid = create(client)
    client.get(f"/prediction/{pid}")
    log = eachlabs_mock_server.requests()
    assert [(e["method"], e["status"], e["prediction_id"]) for e in log] == [
        ("POST", 200, pid),
        ("GET", 200, pid),
    ]
    assert FRAME in log[0]["body"]
    eachlabs_mock_server.reset()
    assert eachlabs_mock_server.requests() == []
    assert eachlabs_mock_server.predictions() == []
    assert client.get(f"/prediction/{pid}").status_code == 404
