"""Client construction: API key, base URL, headers, timeouts, injected HTTP clients."""

from __future__ import annotations

import asyncio
import logging
import time

import eachlabs
import httpx
import pytest
import respx
from client_support import API_KEY, BASE_URL, GET_URL, PREDICTION_ID, prediction_json
from eachlabs._platform import API_KEY_ENV, API_KEY_HEADER, BASE_URL_ENV
from eachlabs._platform import BASE_URL as SPEC_BASE_URL


@pytest.mark.parametrize("cls", [eachlabs.Eachlabs, eachlabs.AsyncEachlabs])
def test_missing_api_key_names_the_environment_variable(cls: type[object]) -> None:
    with pytest.raises(eachlabs.EachlabsError, match=API_KEY_ENV):
        cls()


def test_api_key_from_environment(monkeypatch: pytest.MonkeyPatch, api: respx.MockRouter) -> None:
    monkeypatch.setenv(API_KEY_ENV, "sk-from-env")
    route = api.get(GET_URL).respond(json=prediction_json("processing"))
    with eachlabs.Eachlabs(base_url=BASE_URL) as client:
        client.predictions.get(PREDICTION_ID)
    assert route.calls.last.request.headers[API_KEY_HEADER] == "sk-from-env"


def test_api_key_argument_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, "sk-from-env")
    assert eachlabs.Eachlabs(api_key="sk-arg").api_key == "sk-arg"


@pytest.mark.parametrize(
    ("argument", "environment", "expected"),
    [
        (None, None, SPEC_BASE_URL),
        (None, "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
        ("http://localhost:9/v1/", "http://127.0.0.1:8000/v1", "http://localhost:9/v1"),
    ],
)
def test_base_url(
    monkeypatch: pytest.MonkeyPatch, argument: str | None, environment: str | None, expected: str
) -> None:
    if environment is not None:
        monkeypatch.setenv(BASE_URL_ENV, environment)
    assert eachlabs.Eachlabs(api_key=API_KEY, base_url=argument).base_url == expected


@pytest.mark.parametrize("cls", [eachlabs.Eachlabs, eachlabs.AsyncEachlabs])
def test_repr_hides_api_key(cls: type[eachlabs.Eachlabs]) -> None:
    client = cls(api_key=API_KEY, base_url=BASE_URL)
    assert API_KEY not in repr(client)
    assert BASE_URL in repr(client)


def test_error_does_not_reveal_api_key(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).respond(401, json={"status": "error", "message": "Invalid API key"})
    with pytest.raises(eachlabs.AuthenticationError) as info:
        client.predictions.get(PREDICTION_ID)
    assert API_KEY not in str(info.value)
    assert API_KEY not in repr(info.value)


def test_request_headers(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    route = api.get(GET_URL).respond(json=prediction_json("processing"))
    client.predictions.get(PREDICTION_ID)
    headers = route.calls.last.request.headers
    assert headers[API_KEY_HEADER] == API_KEY
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("eachlabs-python/")
    assert headers["User-Agent"].endswith(eachlabs.__version__)


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (12.5, {"connect": 12.5, "read": 12.5, "write": 12.5, "pool": 12.5}),
        (
            httpx.Timeout(5.0, read=30.0),
            {"connect": 5.0, "read": 30.0, "write": 5.0, "pool": 5.0},
        ),
    ],
)
def test_timeout_is_applied_to_requests(
    api: respx.MockRouter, timeout: float | httpx.Timeout, expected: dict[str, float]
) -> None:
    route = api.get(GET_URL).respond(json=prediction_json("processing"))
    with eachlabs.Eachlabs(api_key=API_KEY, base_url=BASE_URL, timeout=timeout) as client:
        client.predictions.get(PREDICTION_ID)
    assert route.calls.last.request.extensions["timeout"] == expected


def test_injected_http_client_is_used_and_left_open() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=prediction_json("processing"))

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with eachlabs.Eachlabs(api_key=API_KEY, base_url=BASE_URL, http_client=http) as client:
        assert client.predictions.get(PREDICTION_ID).status == "processing"
    assert not http.is_closed
    http.close()


def test_owned_http_client_is_closed_on_exit() -> None:
    with eachlabs.Eachlabs(api_key=API_KEY) as client:
        pass
    assert client._http.is_closed


@pytest.mark.anyio
async def test_async_injected_http_client_and_close() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=prediction_json("success", output="https://x/v.mp4"))

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with eachlabs.AsyncEachlabs(
        api_key=API_KEY, base_url=BASE_URL, http_client=http
    ) as client:
        prediction = await client.predictions.get(PREDICTION_ID)
    assert prediction.output == "https://x/v.mp4"
    assert not http.is_closed
    await http.aclose()
    async with eachlabs.AsyncEachlabs(api_key=API_KEY) as owned:
        pass
    assert owned._http.is_closed


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        eachlabs.Eachlabs(api_key=API_KEY, max_retries=-1)


def test_logs_do_not_reveal_api_key(
    client: eachlabs.Eachlabs, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    api.get(GET_URL).mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=prediction_json("processing"))]
    )
    with caplog.at_level(logging.DEBUG):
        client.predictions.get(PREDICTION_ID)
    assert "retrying GET" in caplog.text
    assert API_KEY not in caplog.text


class _Recorder(list[float]):
    """A ``sleep`` that records delays; falsy while empty, like any empty list."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_injected_clock_and_sleep_drive_retries(api: respx.MockRouter) -> None:
    api.get(GET_URL).mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=prediction_json("processing"))]
    )
    sleep = _Recorder()
    with eachlabs.Eachlabs(
        api_key=API_KEY, base_url=BASE_URL, clock=lambda: 0.0, sleep=sleep
    ) as client:
        assert client._sleep is sleep
        assert client._clock() == 0.0
        client.predictions.get(PREDICTION_ID)
    assert len(sleep) == 1
    assert async_client_defaults() == (asyncio.sleep, time.monotonic)


def async_client_defaults() -> tuple[object, object]:
    client = eachlabs.AsyncEachlabs(api_key=API_KEY)
    return client._sleep, client._clock
