"""``parse_webhook``: the documented payload parses into a ``WebhookEvent``; nothing else does."""

from __future__ import annotations

import json
from typing import Any

import eachlabs
import pytest

SUCCEEDED = {"exec_id": "pred-1", "status": "succeeded", "output": "https://x/v.mp4", "error": ""}
FAILED = {
    "exec_id": "pred-2",
    "status": "failed",
    "output": "",
    "error": "Content policy violation",
}


@pytest.mark.parametrize(
    "body",
    [SUCCEEDED, json.dumps(SUCCEEDED), json.dumps(SUCCEEDED).encode()],
    ids=["mapping", "str", "bytes"],
)
def test_succeeded(body: Any) -> None:
    event = eachlabs.parse_webhook(body)
    assert event == eachlabs.WebhookEvent(
        prediction_id="pred-1",
        status="succeeded",
        output="https://x/v.mp4",
        error=None,
        raw=SUCCEEDED,
    )
    assert (event.succeeded, event.failed) == (True, False)


def test_failed() -> None:
    event = eachlabs.parse_webhook(json.dumps(FAILED).encode())
    assert (event.prediction_id, event.error, event.output) == (
        "pred-2",
        "Content policy violation",
        "",
    )
    assert (event.succeeded, event.failed) == (False, True)


def test_optional_fields_may_be_absent_or_null() -> None:
    event = eachlabs.parse_webhook({"exec_id": "p", "status": "failed", "error": None})
    assert (event.output, event.error) == (None, None)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        ("<html>hi</html>", "not valid JSON"),
        ('{"exec_id": "p", ', "not valid JSON"),
        ("[" * 100_000, "not valid JSON"),
        ("[]", "must be a JSON object, not list"),
        ("null", "must be a JSON object, not NoneType"),
        ('"text"', "must be a JSON object, not str"),
        ({"status": "succeeded"}, "exec_id must be a non-empty string, not None"),
        ({"exec_id": "", "status": "succeeded"}, "exec_id must be a non-empty string"),
        ({"exec_id": 12, "status": "succeeded"}, "exec_id must be a non-empty string, not 12"),
        ({"exec_id": "p"}, "status must be one of 'succeeded', 'failed', not None"),
        ({"exec_id": "p", "status": "success"}, "status must be one of .*not 'success'"),
        ({"exec_id": "p", "status": "failed", "error": {"code": 1}}, "error must be a string"),
        ({}, "exec_id must .*; status must .*"),
    ],
)
def test_invalid_payloads(body: Any, match: str) -> None:
    with pytest.raises(eachlabs.WebhookError, match=match) as info:
        eachlabs.parse_webhook(body)
    assert isinstance(info.value, ValueError)
