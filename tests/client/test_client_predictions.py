"""``client.predictions``: create (with validation), get, wait, run; sync and async."""

from __future__ import annotations

import json
from typing import Any

import eachlabs
import httpx
import pytest
import respx
from client_support import (
    BASE_URL,
    CREATE_URL,
    GET_URL,
    PREDICTION_ID,
    SLUG,
    VALID_INPUT,
    FakeTime,
    created_json,
    prediction_json,
)
from eachlabs._platform import CREATES_PER_MINUTE, GET_PREDICTION_PATH
from eachlabs.models import REGISTRY

VERSION = REGISTRY[SLUG].version
VIDEO = "https://cdn.example.com/out.mp4"
PROCESSING = httpx.Response(200, json=prediction_json("processing"))
SUCCESS = httpx.Response(
    200, json=prediction_json("success", output=VIDEO, metrics={"predict_time": 42.5})
)
FAILED = httpx.Response(
    200,
    json=prediction_json(
        "error", message="Content policy violation", details={"code": "nsfw", "stage": "input"}
    ),
)


def sent_json(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def test_create_sends_documented_body(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    route = api.post(CREATE_URL).respond(json=created_json())
    created = client.predictions.create(
        SLUG, VALID_INPUT, webhook_url="https://hooks.example.com/x", webhook_secret="whsec"
    )
    assert created == eachlabs.PredictionCreated(
        id=PREDICTION_ID, status="success", message="Prediction created", raw=created_json()
    )
    assert sent_json(route) == {
        "model": SLUG,
        "version": VERSION,
        "input": VALID_INPUT,
        "webhook_url": "https://hooks.example.com/x",
        "webhook_secret": "whsec",
    }


@pytest.mark.parametrize(
    ("model", "version", "expected"),
    [
        (SLUG, None, {"model": SLUG, "version": VERSION, "input": {"x": 1}}),
        (SLUG, "9.9.9", {"model": SLUG, "version": "9.9.9", "input": {"x": 1}}),
        ("acme-unknown-model", None, {"model": "acme-unknown-model", "input": {"x": 1}}),
        (
            "acme-unknown-model",
            "2",
            {"model": "acme-unknown-model", "version": "2", "input": {"x": 1}},
        ),
    ],
)
def test_create_version_and_unknown_models(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    model: str,
    version: str | None,
    expected: dict[str, Any],
) -> None:
    """Unknown slugs pass through unvalidated; known ones get their version filled in."""
    route = api.post(CREATE_URL).respond(json=created_json())
    client.predictions.create(model, {"x": 1}, version=version, validate=model != SLUG)
    assert sent_json(route) == expected


INVALID = {"duration": 99, "durration": 5}


def test_invalid_input_is_refused_before_any_request(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    route = api.post(CREATE_URL).respond(json=created_json())
    with pytest.raises(eachlabs.InputValidationError) as info:
        client.predictions.create(SLUG, INVALID)
    assert not route.called
    error = info.value
    assert isinstance(error, ValueError)
    assert error.model == SLUG
    issues = {(issue.path, issue.constraint) for issue in error.errors}
    assert {
        ("durration", "unknown"),
        ("first_frame", "required"),
        ("duration", "maximum"),
    } <= issues
    for issue in error.errors:
        assert issue.path in str(error)
        assert issue.message in str(error)


def test_run_validates_before_any_request(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    with pytest.raises(eachlabs.InputValidationError):
        client.predictions.run(SLUG, INVALID)
    assert not api.calls


@pytest.mark.parametrize(("client_validate", "call_validate"), [(True, False), (False, None)])
def test_validation_can_be_turned_off(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    client_validate: bool,
    call_validate: bool | None,
) -> None:
    client.validate = client_validate
    route = api.post(CREATE_URL).respond(json=created_json())
    client.predictions.create(SLUG, INVALID, validate=call_validate)
    assert sent_json(route)["input"] == INVALID


def test_validate_true_overrides_client_setting(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    client.validate = False
    with pytest.raises(eachlabs.InputValidationError):
        client.predictions.create(SLUG, INVALID, validate=True)
    assert not api.calls


@pytest.mark.parametrize(("allow_local_urls", "valid"), [(False, False), (True, True)])
def test_allow_local_urls_reaches_the_validator(
    client: eachlabs.Eachlabs, api: respx.MockRouter, allow_local_urls: bool, valid: bool
) -> None:
    client.allow_local_urls = allow_local_urls
    route = api.post(CREATE_URL).respond(json=created_json())
    local = {"first_frame": "http://127.0.0.1:8000/frame.png"}
    if valid:
        client.predictions.create(SLUG, local)
        assert route.called
    else:
        with pytest.raises(eachlabs.InputValidationError, match="first_frame"):
            client.predictions.create(SLUG, local)
        assert not route.called


def test_get_parses_prediction(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).mock(return_value=SUCCESS)
    prediction = client.predictions.get(PREDICTION_ID)
    assert (prediction.id, prediction.status, prediction.output) == (
        PREDICTION_ID,
        "success",
        VIDEO,
    )
    assert prediction.predict_time == 42.5
    assert (prediction.done, prediction.succeeded, prediction.failed) == (True, True, False)
    assert prediction.raw["metrics"] == {"predict_time": 42.5}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"status": "processing"}, {"id": "a/b c", "predict_time": None, "message": None}),
        (
            {"status": "error", "metrics": {"predict_time": True}, "message": 5, "details": [1]},
            {"id": "a/b c", "predict_time": None, "message": None, "details": [1]},
        ),
        (
            {"status": "success", "predictionID": "other", "metrics": {"predict_time": 3}},
            {"id": "other", "predict_time": 3.0},
        ),
    ],
)
def test_get_tolerates_partial_bodies_and_quotes_the_id(
    client: eachlabs.Eachlabs, api: respx.MockRouter, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    route = api.get(BASE_URL + GET_PREDICTION_PATH.format(id="a%2Fb%20c")).respond(json=body)
    prediction = client.predictions.get("a/b c")
    assert route.called
    for name, value in expected.items():
        assert getattr(prediction, name) == value


@pytest.mark.parametrize("bad_id", ["", None, 5])
def test_get_refuses_an_empty_id(client: eachlabs.Eachlabs, bad_id: Any) -> None:
    with pytest.raises(ValueError, match="prediction id"):
        client.predictions.get(bad_id)


def test_run_lifecycle(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.post(CREATE_URL).respond(json=created_json())
    get_route = api.get(GET_URL).mock(side_effect=[PROCESSING, PROCESSING, SUCCESS])
    updates: list[str] = []
    prediction = client.predictions.run(
        SLUG, VALID_INPUT, on_update=lambda p: updates.append(p.status)
    )
    assert prediction.output == VIDEO
    assert get_route.call_count == 3
    assert updates == ["processing", "processing", "success"]
    assert fake_time.sleeps == [1.0, 1.5]


def test_wait_backs_off_to_a_ceiling(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.get(GET_URL).mock(side_effect=[PROCESSING] * 7 + [SUCCESS])
    client.predictions.wait(PREDICTION_ID)
    assert fake_time.sleeps == [1.0, 1.5, 2.25, 3.375, 5.0, 5.0, 5.0]


def test_wait_with_fixed_poll_interval(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.get(GET_URL).mock(side_effect=[PROCESSING] * 3 + [SUCCESS])
    client.predictions.wait(PREDICTION_ID, poll_interval=2.5)
    assert fake_time.sleeps == [2.5, 2.5, 2.5]


def test_fixed_poll_interval_keeps_to_the_rate_limit(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    """100 creates a minute are documented; polls are never closer than 60 / 100 s either."""
    api.get(GET_URL).mock(side_effect=[PROCESSING] * 3 + [SUCCESS])
    client.predictions.wait(PREDICTION_ID, poll_interval=0.2)
    assert fake_time.sleeps == [60 / CREATES_PER_MINUTE] * 3 == [0.6] * 3


@pytest.mark.parametrize("poll_interval", [0, -1.0])
def test_wait_refuses_a_non_positive_interval(
    client: eachlabs.Eachlabs, api: respx.MockRouter, poll_interval: float
) -> None:
    with pytest.raises(ValueError, match="poll_interval"):
        client.predictions.wait(PREDICTION_ID, poll_interval=poll_interval)
    assert not api.calls


def test_wait_timeout(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    route = api.get(GET_URL).mock(return_value=PROCESSING)
    with pytest.raises(eachlabs.WaitTimeoutError) as info:
        client.predictions.wait(PREDICTION_ID, timeout=4.0)
    error = info.value
    assert isinstance(error, TimeoutError)
    assert error.prediction_id == PREDICTION_ID
    assert error.last is not None and error.last.status == "processing"
    assert PREDICTION_ID in str(error)
    assert fake_time.sleeps == [1.0, 1.5, 1.5]  # the last sleep is cut at the deadline
    assert route.call_count == 4


def test_prediction_failed(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).mock(side_effect=[PROCESSING, FAILED])
    updates: list[eachlabs.Prediction] = []
    with pytest.raises(eachlabs.PredictionFailedError) as info:
        client.predictions.wait(PREDICTION_ID, on_update=updates.append)
    error = info.value
    assert error.prediction_id == PREDICTION_ID
    assert error.message == "Content policy violation"
    assert error.details == {"code": "nsfw", "stage": "input"}
    assert error.prediction.failed
    assert "Content policy violation" in str(error)
    assert [p.status for p in updates] == ["processing", "error"]


def test_prediction_failed_without_message(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    api.get(GET_URL).respond(json={"status": "error"})
    with pytest.raises(eachlabs.PredictionFailedError) as info:
        client.predictions.wait(PREDICTION_ID)
    assert info.value.message == "status 'error'"
    assert info.value.details is None


def test_wait_polls_through_transient_errors(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.get(GET_URL).mock(side_effect=[PROCESSING, httpx.Response(503), SUCCESS])
    assert client.predictions.wait(PREDICTION_ID).succeeded
    assert fake_time.sleeps == [1.0, 0.5]


# ---------------------------------------------------------------------------- async


@pytest.mark.anyio
async def test_async_run_lifecycle(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    create_route = api.post(CREATE_URL).respond(json=created_json())
    api.get(GET_URL).mock(side_effect=[PROCESSING, PROCESSING, SUCCESS])
    updates: list[str] = []
    prediction = await async_client.predictions.run(
        SLUG, VALID_INPUT, on_update=lambda p: updates.append(p.status)
    )
    assert prediction.output == VIDEO
    assert sent_json(create_route) == {"model": SLUG, "version": VERSION, "input": VALID_INPUT}
    assert updates == ["processing", "processing", "success"]
    assert fake_time.sleeps == [1.0, 1.5]


@pytest.mark.anyio
async def test_async_validation_before_any_request(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter
) -> None:
    route = api.post(CREATE_URL).respond(json=created_json())
    with pytest.raises(eachlabs.InputValidationError):
        await async_client.predictions.create(SLUG, INVALID)
    assert not route.called
    await async_client.predictions.create(SLUG, INVALID, validate=False)
    assert sent_json(route)["input"] == INVALID


@pytest.mark.anyio
async def test_async_failure_and_timeout(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    route = api.get(GET_URL).mock(side_effect=[PROCESSING, FAILED])
    with pytest.raises(eachlabs.PredictionFailedError) as failed:
        await async_client.predictions.wait(PREDICTION_ID)
    assert failed.value.details == {"code": "nsfw", "stage": "input"}

    route.side_effect = None
    route.return_value = PROCESSING
    fake_time.now += 60  # the next wait's first poll is not held back by the last one
    with pytest.raises(eachlabs.WaitTimeoutError) as timed_out:
        await async_client.predictions.wait(PREDICTION_ID, timeout=2.0, poll_interval=1.5)
    assert timed_out.value.prediction_id == PREDICTION_ID
    assert fake_time.sleeps[-2:] == [1.5, 0.5]
