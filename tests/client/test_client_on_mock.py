"""The generated client against the mock, in-process and live on a socket, on its virtual clock.

The mock's ``sleep`` advances its clock, so waits and retries take no real time, and the
mock's own records (predictions, request log) show what the client really did.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import eachlabs
import httpx
import pytest
from client_support import SLUG

from generator.spec import Spec
from mockserver.config import MockConfig
from mockserver.inprocess import InProcessMock
from mockserver.pytest_plugin import LiveMock

Mock = InProcessMock | LiveMock
FRAME = "https://example.com/frame.png"
INPUT = {"first_frame": FRAME}
POLL_CEILING = eachlabs.REGISTRY[SLUG].estimated_processing_seconds / 10
"""How late ``wait`` may see the end of a Wan 2.7 prediction at most."""


@pytest.fixture(params=["in-process", "live"])
def mock(request: pytest.FixtureRequest) -> Mock:
    name = "eachlabs_mock" if request.param == "in-process" else "eachlabs_mock_server"
    found: Mock = request.getfixturevalue(name)
    return found


class Sleeps(list[float]):
    """A ``sleep`` that records each delay, then advances the mock's clock by it."""

    def __init__(self, mock: Mock) -> None:
        super().__init__()
        self.mock = mock

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.mock.sleep(seconds)


@pytest.fixture
def sleeps(mock: Mock) -> Sleeps:
    return Sleeps(mock)


@pytest.fixture
def client(mock: Mock, sleeps: Sleeps) -> Iterator[eachlabs.Eachlabs]:
    with mock.client(sleep=sleeps) as client:
        yield client


def creates(mock: Mock) -> list[dict[str, Any]]:
    """The create requests the mock received."""
    return [entry for entry in mock.requests() if entry["method"] == "POST"]


def test_timeout_then_wait_ends_in_exactly_one_prediction(
    mock: Mock, client: eachlabs.Eachlabs, sleeps: Sleeps
) -> None:
    mock.script("slow", seconds=300)
    start = mock.now()
    with pytest.raises(eachlabs.WaitTimeoutError) as info:
        client.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME, timeout=60)
    prediction_id = info.value.prediction_id
    assert mock.now() - start == pytest.approx(60)

    prediction = client.predictions.wait(prediction_id, model=SLUG)
    assert prediction.succeeded
    assert prediction.id == prediction_id
    assert [p["predictionID"] for p in mock.predictions()] == [prediction_id]
    assert len(creates(mock)) == 1
    assert mock.now() - start == pytest.approx(sum(sleeps))  # all waiting was virtual
    assert 300 <= mock.now() - start <= 300 + POLL_CEILING


def test_interrupted_run_resumes_without_a_second_prediction(
    mock: Mock, client: eachlabs.Eachlabs, sleeps: Sleeps
) -> None:
    def interrupt_after_three(seconds: float) -> None:
        sleeps(seconds)
        if len(sleeps) == 3:
            raise KeyboardInterrupt

    client._sleep = interrupt_after_three
    with pytest.raises(KeyboardInterrupt) as info:
        client.predictions.run(SLUG, INPUT)
    prediction_id = info.value.prediction_id  # type: ignore[attr-defined]
    client._sleep = sleeps
    assert client.predictions.wait(prediction_id, model=SLUG).succeeded
    assert len(mock.predictions()) == 1
    assert len(creates(mock)) == 1


def test_lost_connection_while_waiting_resumes_without_a_second_prediction(
    mock: Mock, client: eachlabs.Eachlabs
) -> None:
    created = client.predictions.create(SLUG, INPUT)
    mock.set_faults(drop_rate=1.0, routes=["get_prediction"])
    with pytest.raises(eachlabs.APIConnectionError) as info:
        client.predictions.wait(created.id, model=SLUG)
    assert info.value.prediction_id == created.id
    assert info.value.__notes__
    mock.clear_faults()
    assert client.predictions.wait(info.value.prediction_id, model=SLUG).succeeded
    assert len(mock.predictions()) == 1


def test_create_answered_500_is_not_retried_and_surfaces_clearly(
    mock: Mock, client: eachlabs.Eachlabs, sleeps: Sleeps
) -> None:
    mock.script("fault", status=500)
    retries: list[eachlabs.RetryEvent] = []
    client.on_retry = retries.append
    with pytest.raises(eachlabs.InternalServerError) as info:
        client.predictions.run(SLUG, INPUT)
    error = info.value
    assert error.status_code == 500
    assert error.body == {
        "status": "error",
        "message": "Internal server error (scripted)",
        "details": None,
    }
    assert error.message == "Internal server error (scripted)"
    assert error.headers["content-type"] == "application/json"
    assert str(error) == "HTTP 500: Internal server error (scripted)"
    assert error.prediction_id is None  # nothing was created
    assert retries == [] and sleeps == []
    assert [entry["status"] for entry in mock.requests()] == [500]
    assert mock.predictions() == []


def test_429_retry_after_is_honoured(mock: Mock, client: eachlabs.Eachlabs, sleeps: Sleeps) -> None:
    """The 11th concurrent create is refused until the first of ten 7 s predictions ends."""
    mock.script("success", seconds=7, times=10)
    for _ in range(10):
        client.predictions.create(SLUG, INPUT)
    retry_after: list[str] = []
    retries: list[eachlabs.RetryEvent] = []
    client.on_response = lambda response: retry_after.extend(
        [response.headers["Retry-After"]] if response.status_code == 429 else []
    )
    client.on_retry = retries.append
    created = client.predictions.create(SLUG, INPUT)
    assert retry_after == ["7"]
    assert sleeps == [7.0] == [event.delay for event in retries]
    assert isinstance(retries[0].error, eachlabs.RateLimitError)
    assert [entry["status"] for entry in creates(mock)] == [200] * 10 + [429, 200]
    assert created.id == mock.predictions()[-1]["predictionID"]


def test_max_cost_refuses_before_the_mock_sees_anything(mock: Mock, sleeps: Sleeps) -> None:
    with mock.client(sleep=sleeps, max_cost=0.5) as client:
        with pytest.raises(eachlabs.CostLimitExceededError, match=r"\$0\.75.*\$0\.5"):
            client.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME)
        cheap = client.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME, resolution="720P")
    assert cheap.succeeded
    assert len(creates(mock)) == 1


def test_hooks_and_raw_responses_match_what_the_mock_recorded(mock: Mock, sleeps: Sleeps) -> None:
    exchanges: list[tuple[str, int]] = []
    requests: list[httpx.Request] = []
    with mock.client(
        sleep=sleeps,
        on_request=requests.append,
        on_response=lambda r: exchanges.append((r.request.method, r.status_code)),
    ) as client:
        prediction = client.predictions.run(SLUG, INPUT)
    recorded = [(entry["method"], entry["status"]) for entry in mock.requests()]
    assert exchanges == recorded
    assert len(requests) == len(recorded)
    assert recorded[0] == ("POST", 200) and len(recorded) > 2
    assert prediction.http_response is not None
    assert prediction.http_response.headers["content-type"] == "application/json"
    assert prediction.http_response.json()["output"] == prediction.output


@pytest.mark.anyio
async def test_async_timeout_then_wait_on_the_live_mock(
    eachlabs_mock_server: LiveMock,
) -> None:
    eachlabs_mock_server.script("slow", seconds=200)
    async with eachlabs_mock_server.async_client() as client:
        with pytest.raises(eachlabs.WaitTimeoutError) as info:
            await client.predictions.run(SLUG, INPUT, timeout=30)
        prediction = await client.predictions.wait(info.value.prediction_id, model=SLUG)
    assert prediction.succeeded
    assert len(eachlabs_mock_server.predictions()) == 1


def test_eachlabs_client_fixture_runs_on_the_virtual_clock(
    eachlabs_client: eachlabs.Eachlabs, eachlabs_mock: InProcessMock
) -> None:
    assert eachlabs_client.base_url == eachlabs_mock.base_url
    prediction = eachlabs_client.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME)
    assert prediction.succeeded
    assert 99 <= eachlabs_mock.now() <= 121 + POLL_CEILING  # 110 s (±10 %) went by


@pytest.mark.anyio
async def test_async_eachlabs_client_fixture(
    async_eachlabs_client: eachlabs.AsyncEachlabs, eachlabs_mock: InProcessMock
) -> None:
    eachlabs_mock.script("error", message="GPU on fire")
    with pytest.raises(eachlabs.PredictionFailedError, match="GPU on fire"):
        await async_eachlabs_client.predictions.run(SLUG, INPUT)
    assert eachlabs_mock.now() > 0


def test_client_uses_a_configured_api_key(eachlabs_spec: Spec) -> None:
    with InProcessMock(eachlabs_spec, MockConfig(api_keys=frozenset({"k-two", "k-one"}))) as mock:
        with mock.client() as client:
            assert client.api_key == "k-one"
            client.predictions.create(SLUG, INPUT)
        assert mock.predictions()[0]["api_key"] == "k-one"
