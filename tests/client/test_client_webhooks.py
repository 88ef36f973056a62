"""``parse_webhook``: the documented payload parses into a ``WebhookEvent``; nothing else does.
``verify_webhook``: only a delivery signed with the secret, recently, is trusted."""

from __future__ import annotations

import hashlib
import hmac
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


# --------------------------------------------------------------------------- signatures

SECRET = "whsec_test"
NOW = 1_750_000_000


def signed(body: bytes, secret: str = SECRET, at: int = NOW) -> dict[str, str]:
    """Headers signed the way platform.yaml states (HMAC-SHA256 of "<timestamp>.<body>")."""
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Eachlabs-Timestamp": str(at), "X-Eachlabs-Signature": f"sha256={digest}"}


BODY = json.dumps(SUCCEEDED).encode()


def test_good_signature_verifies_and_parses() -> None:
    eachlabs.verify_webhook(BODY, signed(BODY), SECRET, now=NOW)
    lower = {k.lower(): v for k, v in signed(BODY).items()}
    event = eachlabs.parse_verified_webhook(BODY.decode(), lower, SECRET, now=NOW + 299)
    assert event.prediction_id == "pred-1" and event.succeeded


@pytest.mark.parametrize(
    ("body", "headers", "secret", "now", "match"),
    [
        (BODY, {}, SECRET, NOW, "no X-Eachlabs-Signature header"),
        (
            BODY,
            {"X-Eachlabs-Signature": signed(BODY)["X-Eachlabs-Signature"]},
            SECRET,
            NOW,
            "no valid X-Eachlabs-Timestamp",
        ),
        (
            BODY,
            {**signed(BODY), "X-Eachlabs-Timestamp": "soon"},
            SECRET,
            NOW,
            "no valid X-Eachlabs-Timestamp",
        ),
        (
            BODY.replace(b"pred-1", b"pred-2"),
            signed(BODY),
            SECRET,
            NOW,
            "does not match",
        ),  # tampered
        (BODY, signed(BODY, secret="other"), SECRET, NOW, "does not match"),  # forged
        (
            BODY,
            {**signed(BODY), "X-Eachlabs-Signature": "sha256=00"},
            SECRET,
            NOW,
            "does not match",
        ),
        (
            BODY,
            {**signed(BODY), "X-Eachlabs-Timestamp": str(NOW + 1)},
            SECRET,
            NOW,
            "does not match",
        ),
        (BODY, signed(BODY), SECRET, NOW + 301, "beyond the 300 s tolerance"),  # replayed later
        (BODY, signed(BODY), SECRET, NOW - 301, "beyond the 300 s tolerance"),  # from the future
        (BODY, signed(BODY), "", NOW, "no webhook secret"),
    ],
    ids=[
        "missing",
        "no-timestamp",
        "bad-timestamp",
        "tampered",
        "wrong-secret",
        "bad-signature",
        "timestamp-changed",
        "stale",
        "future",
        "empty-secret",
    ],
)
def test_bad_signatures_are_refused(
    body: bytes, headers: dict[str, str], secret: str, now: int, match: str
) -> None:
    with pytest.raises(eachlabs.WebhookSignatureError, match=match) as caught:
        eachlabs.verify_webhook(body, headers, secret, now=now)
    assert isinstance(caught.value, eachlabs.WebhookError)
    with pytest.raises(eachlabs.WebhookSignatureError):
        eachlabs.parse_verified_webhook(body, headers, secret, now=now)


def test_tolerance_can_be_set_and_uses_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    eachlabs.verify_webhook(BODY, signed(BODY), SECRET, now=NOW + 3600, tolerance=3600)
    monkeypatch.setattr("eachlabs._webhooks.time.time", lambda: NOW + 5.0)
    eachlabs.verify_webhook(BODY, signed(BODY), SECRET)
    monkeypatch.setattr("eachlabs._webhooks.time.time", lambda: NOW + 500.0)
    with pytest.raises(eachlabs.WebhookSignatureError, match="tolerance"):
        eachlabs.verify_webhook(BODY, signed(BODY), SECRET)


def test_signatures_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("eachlabs._webhooks.hmac.compare_digest", spy)
    eachlabs.verify_webhook(BODY, signed(BODY), SECRET, now=NOW)
    assert calls == [(signed(BODY)["X-Eachlabs-Signature"],) * 2]
