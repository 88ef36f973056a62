"""Resilience of the runtime: resumable waits, the budget guard, hooks, adaptive polling.

Everything runs on a fake clock: sleeping only advances it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import eachlabs
import httpx
import pytest
import respx
from client_support import (
    API_KEY,
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
from eachlabs._predictions import (
    MAX_POLL_INTERVAL,
    MIN_POLL_GAP,
    PollPacer,
    default_wait_timeout,
    poll_ceiling,
    poll_intervals,
)
from eachlabs.models import REGISTRY
from hypothesis import given, settings
from hypothesis import strategies as st

WAN_SECONDS = REGISTRY[SLUG].estimated_processing_seconds
PROCESSING = httpx.Response(200, json=prediction_json("processing"))
SUCCESS = httpx.Response(200, json=prediction_json("success", output="https://x/v.mp4"))
HUNDRED_EXAMPLES = settings(max_examples=100, deadline=None)


def transport_client(
    handler: Callable[[httpx.Request], httpx.Response], fake_time: FakeTime, **options: Any
) -> eachlabs.Eachlabs:
    """A client whose requests ``handler`` answers (for hypothesis: no function fixtures)."""
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return eachlabs.Eachlabs(
        api_key=options.pop("api_key", API_KEY),
        base_url=BASE_URL,
        http_client=http,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        **options,
    )


# ------------------------------------------------------------------ no double billing


def test_interrupted_run_carries_the_id_and_wait_resumes_it(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    create = api.post(CREATE_URL).respond(json=created_json())
    api.get(GET_URL).mock(side_effect=[PROCESSING, SUCCESS])

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    client._sleep = interrupted
    with pytest.raises(KeyboardInterrupt) as info:
        client.predictions.run(SLUG, VALID_INPUT)
    assert info.value.prediction_id == PREDICTION_ID  # type: ignore[attr-defined]
    [note] = info.value.__notes__
    assert f"client.predictions.wait('{PREDICTION_ID}', model='{SLUG}')" in note

    client._sleep = fake_time.sleep
    assert client.predictions.wait(PREDICTION_ID, model=SLUG).succeeded
    assert create.call_count == 1


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.ConnectError("connection refused"), eachlabs.APIConnectionError),
        (httpx.ReadTimeout("read timed out"), eachlabs.APITimeoutError),
        (httpx.Response(503, json={"message": "down"}), eachlabs.InternalServerError),
        (httpx.Response(404, json={"message": "gone"}), eachlabs.NotFoundError),
    ],
    ids=["connect", "read-timeout", "503", "404"],
)
def test_errors_that_end_a_wait_carry_the_id(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    failure: httpx.Response | Exception,
    error: type[eachlabs.EachlabsError],
) -> None:
    api.post(CREATE_URL).respond(json=created_json())
    api.get(GET_URL).mock(side_effect=[PROCESSING] + [failure] * (client.max_retries + 1))
    with pytest.raises(error) as info:
        client.predictions.run(SLUG, VALID_INPUT)
    assert info.value.prediction_id == PREDICTION_ID
    assert any("client.predictions.wait(" in note for note in info.value.__notes__)


def test_on_update_errors_carry_the_id(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).mock(return_value=PROCESSING)

    def broken(prediction: eachlabs.Prediction) -> None:
        raise RuntimeError("display failed")

    with pytest.raises(RuntimeError, match="display failed") as info:
        client.predictions.wait(PREDICTION_ID, on_update=broken)
    assert info.value.prediction_id == PREDICTION_ID  # type: ignore[attr-defined]


def test_finished_predictions_are_not_marked_resumable(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    api.get(GET_URL).respond(json=prediction_json("error", message="bad frame"))
    with pytest.raises(eachlabs.PredictionFailedError) as info:
        client.predictions.wait(PREDICTION_ID)
    assert info.value.prediction_id == PREDICTION_ID
    assert not getattr(info.value, "__notes__", [])


def test_wait_timeout_says_how_to_resume(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).mock(return_value=PROCESSING)
    with pytest.raises(eachlabs.WaitTimeoutError) as info:
        client.predictions.wait(PREDICTION_ID, timeout=5)
    assert f"resume with client.predictions.wait('{PREDICTION_ID}')" in str(info.value)


@pytest.mark.anyio
async def test_cancelled_async_run_carries_the_id(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.post(CREATE_URL).respond(json=created_json())
    api.get(GET_URL).mock(return_value=PROCESSING)
    sleeping = asyncio.Event()

    async def hang(seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()

    async_client._sleep = hang
    task = asyncio.create_task(async_client.predictions.run(SLUG, VALID_INPUT))
    await sleeping.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    assert info.value.prediction_id == PREDICTION_ID  # type: ignore[attr-defined]

    api.get(GET_URL).mock(return_value=SUCCESS)
    async_client._sleep = fake_time.async_sleep
    assert (await async_client.predictions.wait(PREDICTION_ID)).succeeded


def test_a_bad_id_is_refused_before_waiting(client: eachlabs.Eachlabs) -> None:
    with pytest.raises(ValueError, match="prediction id") as info:
        client.predictions.wait("")
    assert not hasattr(info.value, "prediction_id")


# ------------------------------------------------------------------ budget guard

# Wan 2.7: 1080P (default) costs 0.15 a second, 720P 0.10; 5 s by default.


def test_model_create_over_max_cost_is_refused_before_any_request(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    wan = client.alibaba_wan_2_7_image_to_video
    with pytest.raises(eachlabs.CostLimitExceededError) as info:
        wan.create(first_frame=VALID_INPUT["first_frame"], duration=15, max_cost=1)
    assert not api.calls
    error = info.value
    assert isinstance(error, ValueError)
    assert (error.model, error.estimate, error.max_cost) == (SLUG, Decimal("2.25"), Decimal(1))
    assert str(error) == (
        f"the estimated cost of {SLUG}, $2.25, exceeds max_cost $1; nothing was sent"
    )


@pytest.mark.parametrize(
    ("client_limit", "call_limit", "allowed"),
    [
        (None, None, True),
        (0.74, None, False),
        (0.75, None, True),  # equal to the limit is allowed
        (Decimal("0.5"), None, False),
        (0.5, 1, True),  # a call's limit replaces the client's
        (5, 0.5, False),
        (0, math.inf, True),  # math.inf lifts the client's limit
    ],
)
def test_client_wide_and_per_call_limits(
    api: respx.MockRouter,
    fake_time: FakeTime,
    client_limit: float | Decimal | None,
    call_limit: float | None,
    allowed: bool,
) -> None:
    route = api.post(CREATE_URL).respond(json=created_json())
    api.get(GET_URL).mock(return_value=SUCCESS)
    with eachlabs.Eachlabs(
        api_key=API_KEY, base_url=BASE_URL, max_cost=client_limit, sleep=fake_time.sleep
    ) as client:
        wan = client.alibaba_wan_2_7_image_to_video
        if allowed:
            wan.run(first_frame=VALID_INPUT["first_frame"], max_cost=call_limit)
        else:
            with pytest.raises(eachlabs.CostLimitExceededError, match=r"\$0\.75"):
                wan.run(first_frame=VALID_INPUT["first_frame"], max_cost=call_limit)
    assert route.called is allowed


@pytest.mark.parametrize(
    ("model", "input", "validate", "reason"),
    [
        ("acme-unknown-model", {"x": 1}, None, "this package has no pricing for it"),
        (SLUG, {**VALID_INPUT, "duration": "ten"}, False, "needs a number in 'duration'"),
    ],
    ids=["unknown-model", "unpriceable-input"],
)
def test_a_cost_that_cannot_be_estimated_is_refused(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    model: str,
    input: dict[str, Any],
    validate: bool | None,
    reason: str,
) -> None:
    route = api.post(CREATE_URL).respond(json=created_json())
    with pytest.raises(eachlabs.CostLimitExceededError) as info:
        client.predictions.create(model, input, validate=validate, max_cost=10)
    assert info.value.estimate is None
    assert reason in str(info.value)
    assert "max_cost=math.inf" in str(info.value)
    assert not route.called
    client.predictions.create(model, input, validate=validate, max_cost=math.inf)
    assert route.called


def test_max_cost_set_on_the_client_later_applies(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    client.max_cost = Decimal("0.5")
    with pytest.raises(eachlabs.CostLimitExceededError, match=r"\$0\.75.*\$0\.5;"):
        client.predictions.create(SLUG, VALID_INPUT)
    assert not api.calls


def test_validation_comes_before_the_cost(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    with pytest.raises(eachlabs.InputValidationError):
        client.predictions.create(SLUG, {"duration": 99}, max_cost=0)
    assert not api.calls


@pytest.mark.parametrize("bad", [-1, -0.01, math.nan, "1", True])
def test_max_cost_must_be_a_non_negative_number(client: eachlabs.Eachlabs, bad: Any) -> None:
    with pytest.raises(ValueError, match="max_cost"):
        eachlabs.Eachlabs(api_key=API_KEY, max_cost=bad)
    with pytest.raises(ValueError, match="max_cost"):
        client.predictions.create(SLUG, VALID_INPUT, max_cost=bad)


@pytest.mark.anyio
async def test_async_model_create_respects_max_cost(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter
) -> None:
    route = api.post(CREATE_URL).respond(json=created_json())
    wan = async_client.alibaba_wan_2_7_image_to_video
    with pytest.raises(eachlabs.CostLimitExceededError):
        await wan.create(first_frame=VALID_INPUT["first_frame"], max_cost=Decimal("0.1"))
    assert not route.called
    await wan.create(first_frame=VALID_INPUT["first_frame"], resolution="720P", max_cost=0.5)
    assert route.called


@HUNDRED_EXAMPLES
@given(
    duration=st.integers(2, 15),
    resolution=st.sampled_from(["720P", "1080P"]),
    limit=st.decimals(min_value=0, max_value=3, places=2),
)
def test_refused_exactly_when_the_estimate_is_above_the_limit(
    duration: int, resolution: str, limit: Decimal
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=created_json())

    input = {**VALID_INPUT, "duration": duration, "resolution": resolution}
    estimate = eachlabs.estimate_cost(SLUG, input)
    with transport_client(handler, FakeTime(), max_cost=limit) as client:
        try:
            client.predictions.create(SLUG, input)
        except eachlabs.CostLimitExceededError as error:
            assert error.estimate == estimate > limit
            assert f"${estimate}" in str(error) and f"${limit}" in str(error)
        else:
            assert estimate <= limit
    assert len(sent) == (estimate <= limit)


# ------------------------------------------------------------------ observability


def test_hooks_see_every_exchange_and_every_retry(
    api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.get(GET_URL).mock(
        side_effect=[
            httpx.Response(503, json={"message": "busy"}),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=prediction_json("processing"), headers={"X-Req": "r3"}),
        ]
    )
    seen: list[str] = []
    retries: list[eachlabs.RetryEvent] = []
    with eachlabs.Eachlabs(
        api_key=API_KEY,
        base_url=BASE_URL,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        on_request=lambda request: seen.append(f"request {request.method}"),
        on_response=lambda response: seen.append(f"response {response.status_code}"),
        on_retry=retries.append,
    ) as client:
        client._random = lambda: 0.0
        prediction = client.predictions.get(PREDICTION_ID)
    assert seen == ["request GET", "response 503", "request GET", "request GET", "response 200"]
    assert [(r.attempt, r.delay) for r in retries] == [(1, 0.5), (2, 1.0)]
    assert fake_time.sleeps == [0.5, 1.0]
    assert retries[0].reason == "HTTP 503: busy"
    assert isinstance(retries[0].error, eachlabs.InternalServerError)
    assert retries[1].reason.startswith("connection error: GET ")
    assert isinstance(retries[1].error, eachlabs.APIConnectionError)
    assert retries[1].request.url == GET_URL
    assert prediction.http_response is not None
    assert prediction.http_response.headers["X-Req"] == "r3"


def test_raw_response_of_create_and_run(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.post(CREATE_URL).respond(json=created_json(), headers={"X-RateLimit-Remaining": "99"})
    api.get(GET_URL).mock(return_value=SUCCESS)
    created = client.predictions.create(SLUG, VALID_INPUT)
    assert created.http_response is not None
    assert created.http_response.headers["X-RateLimit-Remaining"] == "99"
    assert "http_response" not in repr(created)
    finished = client.alibaba_wan_2_7_image_to_video.run(first_frame=VALID_INPUT["first_frame"])
    assert finished.http_response is not None
    assert finished.http_response.json()["status"] == "success"


def test_an_echoed_api_key_is_redacted(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).respond(
        401,
        json={"message": f"Invalid key {API_KEY}", "details": {"key": API_KEY}},
        headers={"X-Key-Seen": API_KEY},
    )
    with pytest.raises(eachlabs.AuthenticationError) as info:
        client.predictions.get(PREDICTION_ID)
    error = info.value
    assert error.message == "Invalid key [redacted]"
    assert error.body == {"message": "Invalid key [redacted]", "details": {"key": "[redacted]"}}
    assert error.details == {"key": "[redacted]"}
    assert error.headers["X-Key-Seen"] == "[redacted]"


class _Records(logging.Handler):
    """Keeps every log message of the ``eachlabs`` logger while installed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(self.format(record))

    def __enter__(self) -> list[str]:
        logger = logging.getLogger("eachlabs")
        logger.addHandler(self)
        logger.setLevel(logging.DEBUG)
        return self.messages

    def __exit__(self, *exc: object) -> None:
        logger = logging.getLogger("eachlabs")
        logger.removeHandler(self)
        logger.setLevel(logging.NOTSET)


@settings(max_examples=25, deadline=None)
@given(key=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_\-]{15,47}", fullmatch=True))
def test_the_api_key_never_appears_in_errors_events_or_logs(key: str) -> None:
    """Whatever the key, nothing raised, logged or reported repeats it, even when the API does."""
    fake_time = FakeTime()
    events: list[eachlabs.RetryEvent] = []
    echo = {"message": f"bad key {key}", "details": [key], "error": key}

    answers: dict[str, list[httpx.Response | Exception]] = {
        "401": [httpx.Response(401, json=echo, headers={"X-Echo": key})],
        "500-create": [httpx.Response(500, json=echo)],
        "503-then-timeout": [httpx.Response(503, json=echo), httpx.ConnectError(f"refused {key}")]
        * 3,
    }
    raised: list[BaseException] = []
    with _Records() as records:
        for scenario, script in answers.items():
            queue = list(script)

            def answer(request: httpx.Request, queue: list[Any] = queue) -> httpx.Response:
                item = queue.pop(0) if queue else PROCESSING
                if isinstance(item, Exception):
                    raise item
                return item

            with transport_client(answer, fake_time, api_key=key, on_retry=events.append) as client:
                assert key not in repr(client)
                try:
                    if scenario == "500-create":
                        client.predictions.run(SLUG, VALID_INPUT)
                    else:
                        client.predictions.wait(PREDICTION_ID, timeout=30)
                except eachlabs.EachlabsError as error:
                    raised.append(error)
        with transport_client(lambda r: PROCESSING, fake_time, api_key=key) as client:
            for call in (
                lambda: client.predictions.create(SLUG, {"durration": 1}),
                lambda: client.predictions.create(SLUG, VALID_INPUT, max_cost=0),
                lambda: client.predictions.wait(PREDICTION_ID, timeout=3),
            ):
                try:
                    call()
                except eachlabs.EachlabsError as error:
                    raised.append(error)
    assert len(raised) == 6
    assert events and records
    for error in raised:
        texts = [str(error), repr(error), *getattr(error, "__notes__", [])]
        texts += [repr(value) for value in vars(error).values()]
        assert not any(key in text for text in texts), (type(error), texts)
    assert not any(key in repr(event) for event in events)
    assert not any(key in record for record in records)


# ------------------------------------------------------------------ adaptive polling


def test_run_polls_fast_then_backs_off_to_a_tenth_of_the_estimate(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    api.post(CREATE_URL).respond(json=created_json())
    api.get(GET_URL).mock(side_effect=[PROCESSING] * 9 + [SUCCESS])
    client.predictions.run(SLUG, VALID_INPUT)
    ceiling = WAN_SECONDS / 10
    assert fake_time.sleeps == [1.0, 1.5, 2.25, 3.375, 5.0625, 7.59375, ceiling, ceiling, ceiling]


@pytest.mark.parametrize(
    ("model", "client_default", "expected"),
    [
        (SLUG, None, WAN_SECONDS * 10),
        (None, None, 1800.0),
        ("acme-unknown-model", None, 1800.0),
        (SLUG, 42.0, 42.0),
    ],
)
def test_default_deadline(
    api: respx.MockRouter,
    fake_time: FakeTime,
    model: str | None,
    client_default: float | None,
    expected: float,
) -> None:
    api.get(GET_URL).mock(return_value=PROCESSING)
    with eachlabs.Eachlabs(
        api_key=API_KEY,
        base_url=BASE_URL,
        wait_timeout=client_default,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    ) as client:
        start = fake_time.now
        with pytest.raises(eachlabs.WaitTimeoutError) as info:
            client.predictions.wait(PREDICTION_ID, model=model)
    assert info.value.timeout == expected
    assert fake_time.now - start == pytest.approx(expected)


def test_infinite_timeout_waits_as_long_as_it_takes(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    finish = fake_time.now + 5_000
    api.get(GET_URL).mock(
        side_effect=lambda request: SUCCESS if fake_time.now >= finish else PROCESSING
    )
    assert client.predictions.wait(PREDICTION_ID, model=SLUG, timeout=math.inf).succeeded
    assert max(fake_time.sleeps) == WAN_SECONDS / 10


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_bad_timeouts_are_refused(client: eachlabs.Eachlabs, bad: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        client.predictions.wait(PREDICTION_ID, timeout=bad)
    with pytest.raises(ValueError, match="wait_timeout"):
        eachlabs.Eachlabs(api_key=API_KEY, wait_timeout=bad)


def test_retries_while_waiting_stop_at_the_deadline(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    client.max_retries = 10
    route = api.get(GET_URL).respond(503, json={"message": "down"})
    start = fake_time.now
    with pytest.raises(eachlabs.InternalServerError) as info:
        client.predictions.wait(PREDICTION_ID, timeout=3.0)
    assert fake_time.now - start <= 3.0
    assert fake_time.sleeps == [0.5, 1.0]  # the next (2 s) would end after the deadline
    assert route.call_count == 3
    assert info.value.prediction_id == PREDICTION_ID


def test_waits_of_one_client_share_the_poll_rate(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    """Back-to-back waits: the second's first poll waits for the gap after the first's last."""
    api.get(GET_URL).mock(return_value=SUCCESS)
    client.predictions.wait(PREDICTION_ID)
    client.predictions.wait(PREDICTION_ID)
    assert fake_time.sleeps == [MIN_POLL_GAP]


@HUNDRED_EXAMPLES
@given(estimate=st.floats(0.01, 100_000))
def test_poll_intervals_grow_from_fast_to_the_ceiling(estimate: float) -> None:
    ceiling = poll_ceiling(estimate)
    assert MIN_POLL_GAP <= ceiling <= max(MAX_POLL_INTERVAL, MIN_POLL_GAP)
    assert ceiling == max(min(estimate / 10, MAX_POLL_INTERVAL), MIN_POLL_GAP)
    intervals = poll_intervals(ceiling)
    first = [next(intervals) for _ in range(40)]
    assert first[0] <= max(1.0, MIN_POLL_GAP)
    assert all(MIN_POLL_GAP <= a <= b <= ceiling for a, b in itertools.pairwise(first))
    assert first[-1] == ceiling
    assert default_wait_timeout(estimate) >= max(300.0, 10 * estimate)


@HUNDRED_EXAMPLES
@given(steps=st.lists(st.tuples(st.floats(0, 5), st.floats(0, 5)), min_size=1, max_size=30))
def test_pacer_keeps_every_booked_poll_a_gap_apart(steps: list[tuple[float, float]]) -> None:
    pacer = PollPacer(0.6)
    now, booked = 0.0, []
    for advance, wanted in steps:
        now += advance
        delay = pacer.book(now, wanted)
        assert delay >= wanted
        booked.append(now + delay)
    booked.sort()
    assert all(b - a >= 0.6 - 1e-9 for a, b in itertools.pairwise(booked))


@HUNDRED_EXAMPLES
@given(
    finish_after=st.floats(0, 3000),
    timeout=st.one_of(st.none(), st.floats(0, 3000)),
    model=st.sampled_from([SLUG, None]),
)
def test_a_wait_ends_by_its_deadline_and_sees_the_end_promptly(
    finish_after: float, timeout: float | None, model: str | None
) -> None:
    fake_time = FakeTime()
    start = fake_time.now
    polls: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        polls.append(fake_time.now)
        return SUCCESS if fake_time.now - start >= finish_after else PROCESSING

    with transport_client(answer, fake_time) as client:
        deadline = (
            timeout if timeout is not None else default_wait_timeout(WAN_SECONDS if model else None)
        )
        try:
            client.predictions.wait(PREDICTION_ID, model=model, timeout=timeout)
        except eachlabs.WaitTimeoutError:
            assert fake_time.now - start == pytest.approx(deadline)
            assert finish_after > polls[-1] - start
        else:
            late = fake_time.now - start - finish_after
            assert 0 <= late <= poll_ceiling(WAN_SECONDS if model else None) + 1e-9
    assert fake_time.now - start <= deadline + 1e-9
    assert all(b - a >= MIN_POLL_GAP - 1e-9 for a, b in itertools.pairwise(polls))
