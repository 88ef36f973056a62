"""The generated sync and async clients against the live mock on a real socket.

Waits and retries run on the mock's virtual clock (the clients come from
``eachlabs_mock_server.client()``, whose sleep advances it), so no test sleeps for real.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import eachlabs
import httpx
import pytest
from eachlabs import Eachlabs
from mockserver_helpers import FRAME, MODEL, Receiver, payloads

from mockserver.pytest_plugin import LiveMock

pytestmark = pytest.mark.eachlabs_mock(seed=11)


@pytest.fixture
def client(eachlabs_mock_server: LiveMock) -> Iterator[Eachlabs]:
    with eachlabs_mock_server.client(api_key="key-a") as c:
        yield c


def test_sync_run_end_to_end(client: Eachlabs, eachlabs_mock_server: LiveMock) -> None:
    seen: list[str] = []
    prediction = client.alibaba_wan_2_7_image_to_video.run(
        first_frame=FRAME, resolution="720P", on_update=lambda p: seen.append(p.status)
    )
    assert prediction.succeeded
    assert seen[0] == "processing" and seen[-1] == "success"
    assert prediction.predict_time is not None and 99 <= prediction.predict_time <= 121
    video = httpx.get(prediction.output)
    assert video.headers["content-type"] == "video/mp4" and video.content[4:8] == b"ftyp"
    [stored] = eachlabs_mock_server.predictions(api_key="key-a")
    assert stored["input"] == {
        "first_frame": FRAME,
        "resolution": "720P",
        "duration": 5,
        "prompt_extend": True,
    }
    assert stored["version"] == "0.0.1"


def test_async_run_end_to_end(eachlabs_mock_server: LiveMock) -> None:
    async def main() -> eachlabs.Prediction:
        async with eachlabs_mock_server.async_client(api_key="key-a") as aclient:
            return await aclient.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME)

    prediction = asyncio.run(main())
    assert prediction.succeeded
    assert str(prediction.output).endswith(f"{prediction.id}.mp4")


def test_failed_prediction_raises_with_message(
    client: Eachlabs, eachlabs_mock_server: LiveMock
) -> None:
    eachlabs_mock_server.script("error", message="content policy", details={"code": "nsfw"})
    with pytest.raises(eachlabs.PredictionFailedError) as caught:
        client.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME)
    assert caught.value.message == "content policy"
    assert caught.value.details == {"code": "nsfw"}


def test_400_lists_the_mocks_violations(client: Eachlabs) -> None:
    with pytest.raises(eachlabs.BadRequestError) as caught:
        client.predictions.create(MODEL, {"duration": 99, "resolution": "8K"}, validate=False)
    error = caught.value
    assert error.status_code == 400
    assert [(d["path"], d["constraint"]) for d in error.details] == [
        ("first_frame", "required"),
        ("resolution", "enum"),
        ("duration", "maximum"),
    ]


@pytest.mark.eachlabs_mock(api_keys=["key-a"])
def test_401_for_a_key_the_mock_does_not_accept(eachlabs_mock_server: LiveMock) -> None:
    with (
        Eachlabs("not-accepted", base_url=eachlabs_mock_server.base_url) as stranger,
        pytest.raises(eachlabs.AuthenticationError) as caught,
    ):
        stranger.alibaba_wan_2_7_image_to_video.create(first_frame=FRAME)
    assert caught.value.status_code == 401
    assert "not-accepted" not in str(caught.value)


def test_404_unknown_model_and_prediction(client: Eachlabs) -> None:
    with pytest.raises(eachlabs.NotFoundError):
        client.predictions.create("no-such-model", {"prompt": "x"})
    with pytest.raises(eachlabs.NotFoundError):
        client.predictions.get("00000000-0000-4000-8000-000000000000")


def test_keys_are_isolated(client: Eachlabs, eachlabs_mock_server: LiveMock) -> None:
    created = client.alibaba_wan_2_7_image_to_video.create(first_frame=FRAME)
    with Eachlabs("key-b", base_url=eachlabs_mock_server.base_url) as other:
        with pytest.raises(eachlabs.NotFoundError):
            other.predictions.get(created.id)
        assert eachlabs_mock_server.predictions(api_key="key-b") == []
    assert client.predictions.get(created.id).status == "processing"


def test_create_fault_is_not_retried(client: Eachlabs, eachlabs_mock_server: LiveMock) -> None:
    eachlabs_mock_server.script("fault", status=502)
    with pytest.raises(eachlabs.InternalServerError) as caught:
        client.alibaba_wan_2_7_image_to_video.create(first_frame=FRAME)
    assert caught.value.status_code == 502
    creates = [r for r in eachlabs_mock_server.requests() if r["method"] == "POST"]
    assert len(creates) == 1
    assert eachlabs_mock_server.predictions() == []


def test_poll_faults_are_retried(client: Eachlabs, eachlabs_mock_server: LiveMock) -> None:
    eachlabs_mock_server.script("success", poll_faults=2)
    prediction = client.alibaba_wan_2_7_image_to_video.run(first_frame=FRAME)
    assert prediction.succeeded
    statuses = [r["status"] for r in eachlabs_mock_server.requests() if r["method"] == "GET"]
    assert statuses[:3] == [503, 503, 200]


def test_429_under_concurrent_load(eachlabs_mock_server: LiveMock) -> None:
    async def burst() -> list[Any]:
        async with eachlabs_mock_server.async_client(api_key="key-a", max_retries=0) as aclient:
            wan = aclient.alibaba_wan_2_7_image_to_video
            return await asyncio.gather(
                *(wan.create(first_frame=FRAME) for _ in range(15)), return_exceptions=True
            )

    results = asyncio.run(burst())
    created = [r for r in results if isinstance(r, eachlabs.PredictionCreated)]
    limited = [r for r in results if isinstance(r, eachlabs.RateLimitError)]
    assert (len(created), len(limited)) == (10, 5)
    assert all(error.retry_after is not None and error.retry_after > 0 for error in limited)
    assert len(eachlabs_mock_server.predictions(api_key="key-a")) == 10


@pytest.mark.eachlabs_mock(time_scale=0)
def test_429_is_retried_after_retry_after(eachlabs_mock_server: LiveMock) -> None:
    # time_scale 0: predictions finish at once, so only the per-minute limit applies
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        eachlabs_mock_server.sleep(seconds)

    with eachlabs_mock_server.client(api_key="key-a", max_retries=1, sleep=sleep) as client:
        for _ in range(100):
            client.alibaba_wan_2_7_image_to_video.create(first_frame=FRAME)
        created = client.alibaba_wan_2_7_image_to_video.create(first_frame=FRAME)
    assert delays == [60.0]
    assert created.id in {p["predictionID"] for p in eachlabs_mock_server.predictions()}


def test_webhook_delivery_parsed_by_the_client(
    client: Eachlabs, eachlabs_mock_server: LiveMock, receiver: Receiver
) -> None:
    created = client.alibaba_wan_2_7_image_to_video.create(
        first_frame=FRAME, webhook_url=receiver.url
    )
    eachlabs_mock_server.advance(200)
    [payload] = payloads(receiver)
    event = eachlabs.parse_webhook(payload)
    assert event.prediction_id == created.id
    assert event.succeeded
    assert event.output == client.predictions.get(created.id).output
