"""Retries: which failures are retried for polls and for (billed) creates, and how long to wait."""

from __future__ import annotations

import email.utils
import time

import eachlabs
import httpx
import pytest
import respx
from client_support import (
    CREATE_URL,
    GET_URL,
    PREDICTION_ID,
    SLUG,
    VALID_INPUT,
    FakeTime,
    created_json,
    prediction_json,
)

OK_GET = httpx.Response(200, json=prediction_json("processing"))
OK_CREATE = httpx.Response(200, json=created_json())

# A failure, and the exception raised when it is not retried (or retries run out).
FAILURES: dict[str, tuple[httpx.Response | Exception, type[Exception]]] = {
    "429": (httpx.Response(429, json={"error": "slow down"}), eachlabs.RateLimitError),
    "500": (httpx.Response(500, text="boom"), eachlabs.InternalServerError),
    "502": (httpx.Response(502, text="<html>bad gateway</html>"), eachlabs.InternalServerError),
    "503": (
        httpx.Response(503, json={"status": "error", "message": "busy"}),
        eachlabs.InternalServerError,
    ),
    "connect-refused": (
        httpx.ConnectError("[Errno 111] Connection refused"),
        eachlabs.APIConnectionError,
    ),
    "connect-timeout": (httpx.ConnectTimeout("connect timed out"), eachlabs.APITimeoutError),
    "read-timeout": (httpx.ReadTimeout("read timed out"), eachlabs.APITimeoutError),
    "read-error": (httpx.ReadError("connection reset"), eachlabs.APIConnectionError),
    "protocol-error": (
        httpx.RemoteProtocolError("server disconnected"),
        eachlabs.APIConnectionError,
    ),
    "400": (httpx.Response(400, json={"error": "bad"}), eachlabs.BadRequestError),
    "401": (httpx.Response(401, json={"error": "no key"}), eachlabs.AuthenticationError),
    "404": (httpx.Response(404, json={"error": "missing"}), eachlabs.NotFoundError),
}

GET_RETRIED = [
    "429",
    "500",
    "502",
    "503",
    "connect-refused",
    "connect-timeout",
    "read-timeout",
    "read-error",
    "protocol-error",
]
CREATE_RETRIED = ["429", "connect-refused", "connect-timeout"]
NEVER_RETRIED = ["400", "401", "404"]


@pytest.mark.parametrize("failure", list(FAILURES))
def test_get_retry_policy(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime, failure: str
) -> None:
    effect, error = FAILURES[failure]
    route = api.get(GET_URL).mock(side_effect=[effect, effect, OK_GET])
    if failure in GET_RETRIED:
        assert client.predictions.get(PREDICTION_ID).status == "processing"
        assert route.call_count == 3
        assert len(fake_time.sleeps) == 2
    else:
        with pytest.raises(error):
            client.predictions.get(PREDICTION_ID)
        assert route.call_count == 1
        assert fake_time.sleeps == []


@pytest.mark.parametrize("failure", list(FAILURES))
def test_create_retry_policy(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime, failure: str
) -> None:
    """Creates are billed: retried only when the API cannot have processed them."""
    effect, error = FAILURES[failure]
    route = api.post(CREATE_URL).mock(side_effect=[effect, OK_CREATE])
    if failure in CREATE_RETRIED:
        assert client.predictions.create(SLUG, VALID_INPUT).id == PREDICTION_ID
        assert route.call_count == 2
    else:
        with pytest.raises(error):
            client.predictions.create(SLUG, VALID_INPUT)
        assert route.call_count == 1
        assert fake_time.sleeps == []


def test_retries_run_out_and_raise_the_last_error(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    route = api.get(GET_URL).respond(503, json={"status": "error", "message": "busy"})
    with pytest.raises(eachlabs.InternalServerError, match="busy"):
        client.predictions.get(PREDICTION_ID)
    assert route.call_count == client.max_retries + 1 == 3
    assert fake_time.sleeps == [0.5, 1.0]


def test_timeout_error_chains_the_httpx_exception(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    api.post(CREATE_URL).mock(side_effect=httpx.ReadTimeout("read timed out"))
    with pytest.raises(eachlabs.APITimeoutError) as info:
        client.predictions.create(SLUG, VALID_INPUT)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert isinstance(info.value, eachlabs.APIConnectionError)


@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_max_retries(client: eachlabs.Eachlabs, api: respx.MockRouter, max_retries: int) -> None:
    client.max_retries = max_retries
    route = api.get(GET_URL).respond(500)
    with pytest.raises(eachlabs.InternalServerError):
        client.predictions.get(PREDICTION_ID)
    assert route.call_count == max_retries + 1


@pytest.mark.parametrize(
    ("random", "expected"),
    [
        (0.0, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]),  # doubling, capped at 8 s
        (1.0, [0.375, 0.75, 1.5, 3.0, 6.0, 6.0]),  # up to 25% jitter off
    ],
)
def test_exponential_backoff_with_jitter(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    fake_time: FakeTime,
    random: float,
    expected: list[float],
) -> None:
    client.max_retries = 6
    client._random = lambda: random
    api.get(GET_URL).mock(side_effect=[httpx.Response(502)] * 6 + [OK_GET])
    client.predictions.get(PREDICTION_ID)
    assert fake_time.sleeps == expected


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [("3", 3.0), ("0.25", 0.25), ("0", 0.0), ("60", 60.0), ("not-a-number", 0.5)],
)
@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    fake_time: FakeTime,
    status: int,
    retry_after: str,
    expected: float,
) -> None:
    limited = httpx.Response(status, json={"error": "wait"}, headers={"Retry-After": retry_after})
    api.get(GET_URL).mock(side_effect=[limited, OK_GET])
    client.predictions.get(PREDICTION_ID)
    assert fake_time.sleeps == [expected]


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_beyond_the_cap_is_raised_not_shortened(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime, status: int
) -> None:
    """Sending before the API asked would only be refused again: the caller decides."""
    limited = httpx.Response(status, json={"error": "wait"}, headers={"Retry-After": "3600"})
    route = api.get(GET_URL).mock(side_effect=[limited, OK_GET])
    with pytest.raises(eachlabs.APIStatusError) as info:
        client.predictions.get(PREDICTION_ID)
    assert info.value.retry_after == 3600.0
    assert route.call_count == 1
    assert fake_time.sleeps == []


def test_retry_after_http_date_on_create(
    client: eachlabs.Eachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    limited = httpx.Response(429, json={"error": "wait"}, headers={"Retry-After": when})
    api.post(CREATE_URL).mock(side_effect=[limited, OK_CREATE])
    client.predictions.create(SLUG, VALID_INPUT)
    [delay] = fake_time.sleeps
    assert 15 <= delay <= 21


@pytest.mark.anyio
async def test_async_retry_policy(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter, fake_time: FakeTime
) -> None:
    limited = httpx.Response(429, json={"error": "wait"}, headers={"Retry-After": "2"})
    get_route = api.get(GET_URL).mock(side_effect=[limited, httpx.ReadTimeout("t"), OK_GET])
    assert (await async_client.predictions.get(PREDICTION_ID)).status == "processing"
    assert get_route.call_count == 3
    assert fake_time.sleeps == [2.0, 1.0]

    create_route = api.post(CREATE_URL).mock(side_effect=[httpx.Response(500), OK_CREATE])
    with pytest.raises(eachlabs.InternalServerError):
        await async_client.predictions.create(SLUG, VALID_INPUT)
    assert create_route.call_count == 1

    create_route.side_effect = [httpx.ConnectError("refused"), limited, OK_CREATE]
    assert (await async_client.predictions.create(SLUG, VALID_INPUT)).id == PREDICTION_ID
    assert create_route.call_count == 4
