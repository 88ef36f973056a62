"""Error mapping: every documented status, every body shape, Retry-After, bad 2xx bodies."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import eachlabs
import httpx
import pytest
import respx
from client_support import CREATE_URL, GET_URL, PREDICTION_ID, SLUG, VALID_INPUT
from eachlabs._exceptions import parse_retry_after

# status, exception class, retryable (from spec/platform.yaml `errors`)
STATUSES = [
    (400, eachlabs.BadRequestError, False),
    (401, eachlabs.AuthenticationError, False),
    (404, eachlabs.NotFoundError, False),
    (429, eachlabs.RateLimitError, True),
    (500, eachlabs.InternalServerError, True),
    (502, eachlabs.InternalServerError, True),
    (503, eachlabs.InternalServerError, True),
    (504, eachlabs.InternalServerError, True),
    (409, eachlabs.APIStatusError, False),
    (418, eachlabs.APIStatusError, False),
]


@pytest.fixture
def no_retry_client(client: eachlabs.Eachlabs) -> eachlabs.Eachlabs:
    client.max_retries = 0
    return client


@pytest.mark.parametrize(("status", "cls", "retryable"), STATUSES)
def test_status_maps_to_spec_exception(
    no_retry_client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    status: int,
    cls: type[eachlabs.APIStatusError],
    retryable: bool,
) -> None:
    body = {"status": "error", "message": f"went wrong {status}", "details": {"k": "v"}}
    api.get(GET_URL).respond(status, json=body, headers={"X-Request-Id": "req-1"})
    with pytest.raises(eachlabs.APIStatusError) as info:
        no_retry_client.predictions.get(PREDICTION_ID)
    error = info.value
    assert type(error) is cls
    assert error.retryable is retryable
    assert error.status_code == status
    assert error.message == f"went wrong {status}"
    assert error.details == {"k": "v"}
    assert error.body == body
    assert error.headers["X-Request-Id"] == "req-1"
    assert error.response.status_code == status
    assert str(error) == f"HTTP {status}: went wrong {status}"


def test_400_with_validation_details(
    no_retry_client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    details = [{"path": "duration", "constraint": "maximum", "message": "must be at most 15"}]
    api.post(CREATE_URL).respond(
        400, json={"status": "error", "message": "Invalid input", "details": details}
    )
    with pytest.raises(eachlabs.BadRequestError) as info:
        no_retry_client.predictions.create(SLUG, VALID_INPUT)
    assert info.value.details == details
    assert info.value.message == "Invalid input"


# (content, content type, expected .body, expected .message, expected .details)
BODIES: list[tuple[bytes, str, Any, str, Any]] = [
    (
        b'{"status": "error", "message": "Prediction not found", "details": "no such id"}',
        "application/json",
        {"status": "error", "message": "Prediction not found", "details": "no such id"},
        "Prediction not found",
        "no such id",
    ),
    (
        b'{"error": "Model not found"}',
        "application/json",
        {"error": "Model not found"},
        "Model not found",
        None,
    ),
    (
        b"<html><body>404 Not Found</body></html>",
        "text/html",
        "<html><body>404 Not Found</body></html>",
        "Unknown model or prediction id",
        None,
    ),
    (b"", "text/plain", None, "Unknown model or prediction id", None),
    (b"   \n", "application/json", None, "Unknown model or prediction id", None),
    (
        b"\xff\xfe\xfa not utf-8",
        "text/plain",
        "\ufffd\ufffd\ufffd not utf-8",
        "Unknown model or prediction id",
        None,
    ),
    (b'["a", "b"]', "application/json", ["a", "b"], "Unknown model or prediction id", None),
    (
        b'"just a string"',
        "application/json",
        "just a string",
        "Unknown model or prediction id",
        None,
    ),
    (
        b'{"message": 42, "error": {"code": 7}}',
        "application/json",
        {"message": 42, "error": {"code": 7}},
        "Unknown model or prediction id",
        None,
    ),
    (
        b'{"message": "", "error": "fallback"}',
        "application/json",
        {"message": "", "error": "fallback"},
        "fallback",
        None,
    ),
    (
        b'{"truncated": ',
        "application/json",
        '{"truncated": ',
        "Unknown model or prediction id",
        None,
    ),
    (b"[" * 100_000, "application/json", "[" * 100_000, "Unknown model or prediction id", None),
]


@pytest.mark.parametrize(
    ("content", "content_type", "body", "message", "details"),
    BODIES,
    ids=[
        "status-error",
        "error-key",
        "html",
        "empty",
        "blank",
        "non-utf8",
        "array",
        "string",
        "wrong-types",
        "empty-message",
        "truncated-json",
        "deep-nesting",
    ],
)
def test_error_bodies_of_any_shape(
    no_retry_client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    content: bytes,
    content_type: str,
    body: Any,
    message: str,
    details: Any,
) -> None:
    api.get(GET_URL).respond(404, content=content, headers={"Content-Type": content_type})
    with pytest.raises(eachlabs.NotFoundError) as info:
        no_retry_client.predictions.get(PREDICTION_ID)
    assert info.value.body == body
    assert info.value.message == message
    assert info.value.details == details


def test_unknown_status_falls_back_to_reason_phrase(
    no_retry_client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    api.get(GET_URL).respond(418)
    with pytest.raises(eachlabs.APIStatusError) as info:
        no_retry_client.predictions.get(PREDICTION_ID)
    assert info.value.message == "I'm a teapot"


def _http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("3", 3.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("-4", 0.0),
        ("soon", None),
        ("", None),
        ("nan", None),
        (_http_date(-3600), 0.0),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date_in_the_future() -> None:
    seconds = parse_retry_after(_http_date(120))
    assert seconds is not None
    assert 115 <= seconds <= 121


@pytest.mark.parametrize(
    ("header", "expected"), [("7", 7.0), (None, None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)]
)
def test_rate_limit_error_carries_retry_after(
    no_retry_client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    header: str | None,
    expected: float | None,
) -> None:
    headers = {} if header is None else {"Retry-After": header}
    api.post(CREATE_URL).respond(429, json={"error": "Too many requests"}, headers=headers)
    with pytest.raises(eachlabs.RateLimitError) as info:
        no_retry_client.predictions.create(SLUG, VALID_INPUT)
    assert info.value.retry_after == expected
    assert info.value.message == "Too many requests"


@pytest.mark.parametrize(
    ("method", "response", "match"),
    [
        ("get", httpx.Response(200, text="<html>maintenance</html>"), "invalid JSON"),
        ("get", httpx.Response(200, json=["processing"]), "unexpected prediction response"),
        ("get", httpx.Response(200, json={"status": "queued"}), "unexpected prediction response"),
        ("get", httpx.Response(200, json={"output": "x"}), "unexpected prediction response"),
        ("create", httpx.Response(200, json={"status": "success"}), "no predictionID"),
        ("create", httpx.Response(200, json={"predictionID": 7}), "no predictionID"),
        ("create", httpx.Response(200, content=b""), "invalid JSON"),
    ],
)
def test_unexpected_success_bodies_raise_api_error(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    method: str,
    response: httpx.Response,
    match: str,
) -> None:
    api.get(GET_URL).mock(return_value=response)
    api.post(CREATE_URL).mock(return_value=response)
    with pytest.raises(eachlabs.APIError, match=match) as info:
        if method == "get":
            client.predictions.get(PREDICTION_ID)
        else:
            client.predictions.create(SLUG, VALID_INPUT)
    assert not isinstance(info.value, eachlabs.APIStatusError)
