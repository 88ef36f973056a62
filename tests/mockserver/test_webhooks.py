"""Webhook delivery to a local receiver: payload, signature (verified by the generated client),
retries, slow receivers."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import eachlabs
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mockserver_helpers import SPEC_DIR, VALID, Receiver, headers, payloads

from generator.spec import load_spec
from mockserver.webhooks import signature_headers


def create(base_url: str, **extra: object) -> str:
    response = httpx.post(f"{base_url}/prediction/", json={**VALID, **extra}, headers=headers())
    assert response.status_code == 200, response.text
    return str(response.json()["predictionID"])


def test_success_delivery_with_signature(eachlabs_mock_server, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    pid = create(eachlabs_mock_server.base_url, webhook_url=receiver.url, webhook_secret="s3cret")
    eachlabs_mock_server.advance(10)
    assert receiver.calls == []
    before = int(time.time())
    eachlabs_mock_server.advance(200)
    assert len(receiver.calls) == 1
    call = receiver.calls[0]
    payload = json.loads(call["body"])
    assert payload["exec_id"] == pid
    assert payload["status"] == "succeeded"
    assert payload["output"].endswith(f"{pid}.mp4")
    assert payload["error"] == ""
    # the scheme platform.yaml states: HMAC-SHA256 of "<timestamp>.<raw body>"
    timestamp = call["headers"]["X-Eachlabs-Timestamp"]
    assert before <= int(timestamp) <= time.time()
    expected = hmac.new(b"s3cret", f"{timestamp}.".encode() + call["body"], hashlib.sha256)
    assert call["headers"]["X-Eachlabs-Signature"] == f"sha256={expected.hexdigest()}"
    # ... which the generated client verifies on its own
    event = eachlabs.parse_verified_webhook(call["body"], call["headers"], "s3cret")
    assert event.prediction_id == pid
    with pytest.raises(eachlabs.WebhookSignatureError):
        eachlabs.verify_webhook(call["body"], call["headers"], "other-secret")
    [delivery] = eachlabs_mock_server.webhooks()
    assert delivery["state"] == "delivered"
    assert [a["status_code"] for a in delivery["attempts"]] == [200]


def test_each_retry_is_signed_when_it_is_sent(eachlabs_mock_server, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    receiver.script = [(500, 0.0)]
    create(eachlabs_mock_server.base_url, webhook_url=receiver.url, webhook_secret="k")
    eachlabs_mock_server.advance(200)
    eachlabs_mock_server.advance(1)
    assert len(receiver.calls) == 2
    for call in receiver.calls:
        eachlabs.verify_webhook(call["body"], call["headers"], "k")
    assert receiver.calls[0]["body"] == receiver.calls[1]["body"]


def test_failed_prediction_payload_without_secret(eachlabs_mock_server, receiver) -> None:  # type: ignore[no-untyped-def]
    eachlabs_mock_server.script("error", message="bad frame")
    pid = create(eachlabs_mock_server.base_url, webhook_url=receiver.url)
    eachlabs_mock_server.advance(200)
    assert payloads(receiver) == [
        {"exec_id": pid, "status": "failed", "output": "", "error": "bad frame"}
    ]
    assert "X-Eachlabs-Signature" not in receiver.calls[0]["headers"]
    assert "X-Eachlabs-Timestamp" not in receiver.calls[0]["headers"]


def test_retries_with_backoff_until_2xx(eachlabs_mock_server, receiver) -> None:  # type: ignore[no-untyped-def]
    receiver.script = [(500, 0.0), (503, 0.0)]
    create(eachlabs_mock_server.base_url, webhook_url=receiver.url)
    eachlabs_mock_server.advance(200)
    assert len(receiver.calls) == 1
    eachlabs_mock_server.advance(1)  # first retry after 1 s
    assert len(receiver.calls) == 2
    eachlabs_mock_server.advance(1)  # second retry after 2 s more
    assert len(receiver.calls) == 2
    eachlabs_mock_server.advance(1)
    assert len(receiver.calls) == 3
    [delivery] = eachlabs_mock_server.webhooks()
    assert delivery["state"] == "delivered"
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 200]
    assert len({json.dumps(p) for p in payloads(receiver)}) == 1


def test_gives_up_after_max_attempts_on_connection_errors(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    create(eachlabs_mock_server.base_url, webhook_url="http://127.0.0.1:9/unreachable")
    eachlabs_mock_server.advance(200)
    for _ in range(5):
        eachlabs_mock_server.advance(16)
    [delivery] = eachlabs_mock_server.webhooks()
    assert delivery["state"] == "failed"
    assert len(delivery["attempts"]) == 5
    assert all(a["status_code"] is None and a["error"] for a in delivery["attempts"])


@pytest.mark.eachlabs_mock(time_scale=0.01)
def test_slow_receiver_times_out_and_is_retried(eachlabs_mock_server, receiver) -> None:  # type: ignore[no-untyped-def]
    # webhook timeout 30 s * 0.01 = 0.3 s; the receiver takes 1 s the first time
    receiver.script = [(200, 1.0)]
    create(eachlabs_mock_server.base_url, webhook_url=receiver.url)
    eachlabs_mock_server.advance(2)
    eachlabs_mock_server.advance(0.01)
    [delivery] = eachlabs_mock_server.webhooks()
    assert [a["status_code"] for a in delivery["attempts"]] == [None, 200]
    assert delivery["attempts"][0]["error"].startswith("timeout")
    assert delivery["state"] == "delivered"


@pytest.mark.eachlabs_mock(time_scale=0)
def test_immediate_completion_is_delivered_in_background(eachlabs_mock_server, receiver) -> None:  # type: ignore[no-untyped-def]
    pid = create(eachlabs_mock_server.base_url, webhook_url=receiver.url)
    eachlabs_mock_server.flush_webhooks()
    assert [p["exec_id"] for p in payloads(receiver)] == [pid]


SIGNING = load_spec(SPEC_DIR).platform.webhook.signing


@settings(max_examples=50, deadline=None)
@given(
    body=st.binary(max_size=200),
    secret=st.text(min_size=1, max_size=20),
    flip=st.integers(min_value=0),
)
def test_mock_signatures_verify_and_any_change_breaks_them(
    body: bytes, secret: str, flip: int
) -> None:
    """The mock's signing and the client's verifying are two implementations of one scheme."""
    headers = signature_headers(SIGNING, secret, body, 1_750_000_000)
    eachlabs.verify_webhook(body, headers, secret, now=1_750_000_000)
    if body:
        changed = bytearray(body)
        changed[flip % len(body)] ^= 0x01
        with pytest.raises(eachlabs.WebhookSignatureError):
            eachlabs.verify_webhook(bytes(changed), headers, secret, now=1_750_000_000)
