"""Webhook outbox: deliveries waiting to be sent, their attempts, retries with backoff.

The outbox only keeps state; :mod:`mockserver.dispatch` sends the requests. A
delivery is due at the prediction's finish time; after a failed attempt (non-2xx,
connection error, or no answer within the timeout) it is due again after
``backoff * 2**(attempt-1)`` seconds on the mock's clock, up to ``max_attempts``.

Signature: with a ``webhook_secret``, every attempt is signed when it is sent,
as the platform spec's ``webhook.signing`` says (an assumption stated there):
the timestamp header holds the Unix time, and the signature header the HMAC of
the signed content (e.g. ``<timestamp>.<raw body>``) keyed by the secret.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.spec import WebhookSigning

State = Literal["pending", "in_flight", "delivered", "failed"]


def signed_content(signing: WebhookSigning, body: bytes, timestamp: str) -> bytes:
    """The bytes a delivery's HMAC covers: ``signing.signed_content`` filled in."""
    before, _, after = signing.signed_content.partition("{body}")
    return _fill(before, timestamp) + body + _fill(after, timestamp)


def _fill(text: str, timestamp: str) -> bytes:
    return text.replace("{timestamp}", timestamp).encode("utf-8")


def signature_headers(
    signing: WebhookSigning, secret: str, body: bytes, unix_time: float
) -> dict[str, str]:
    """The timestamp and signature headers of ``body`` signed with ``secret`` at ``unix_time``."""
    timestamp = str(int(unix_time))
    digest = hmac.new(
        secret.encode("utf-8"),
        signed_content(signing, body, timestamp),
        getattr(hashlib, signing.algorithm),
    ).hexdigest()
    return {signing.timestamp_header: timestamp, signing.header: signing.prefix + digest}


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try at delivering: the HTTP status, or the error that stopped it."""

    number: int
    at: float
    status_code: int | None
    error: str | None
    elapsed: float

    @property
    def ok(self) -> bool:
        """Whether the receiver answered 2xx in time."""
        return self.status_code is not None and 200 <= self.status_code < 300

    def to_json(self) -> dict[str, Any]:
        """The JSON form listed by ``GET /_mock/webhooks``."""
        return {
            "number": self.number,
            "at": self.at,
            "status_code": self.status_code,
            "error": self.error,
            "elapsed": round(self.elapsed, 6),
        }


@dataclass(slots=True)
class Delivery:
    """One webhook payload for one prediction, and every attempt to send it."""

    id: str
    prediction_id: str
    url: str
    body: bytes
    headers: dict[str, str]
    """The headers of the last attempt (signed when it was sent)."""
    due_at: float
    secret: str | None = field(default=None, repr=False)
    state: State = "pending"
    attempts: list[Attempt] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON form listed by ``GET /_mock/webhooks``."""
        return {
            "id": self.id,
            "prediction_id": self.prediction_id,
            "url": self.url,
            "state": self.state,
            "payload": json.loads(self.body),
            "headers": dict(self.headers),
            "due_at": self.due_at,
            "attempts": [a.to_json() for a in self.attempts],
        }


class Outbox:
    """Deliveries by id; keeps at most ``keep`` finished ones (callers hold the engine lock)."""

    def __init__(
        self, *, signing: WebhookSigning, max_attempts: int, backoff: float, keep: int = 1000
    ) -> None:
        self.signing = signing
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.keep = keep
        self._deliveries: OrderedDict[str, Delivery] = OrderedDict()
        self._due: list[tuple[float, int, str]] = []
        self._seq = 0

    def enqueue(
        self,
        prediction_id: str,
        url: str,
        payload: dict[str, Any],
        secret: str | None,
        due_at: float,
    ) -> Delivery:
        """Add a delivery of ``payload`` to ``url``, due at ``due_at``."""
        self._seq += 1
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "eachlabs-mock",
            "X-Eachlabs-Delivery": f"{prediction_id}-{self._seq}",
        }
        delivery = Delivery(
            f"{prediction_id}-{self._seq}",
            prediction_id,
            url,
            body,
            headers,
            due_at,
            secret or None,
        )
        self._deliveries[delivery.id] = delivery
        heapq.heappush(self._due, (due_at, self._seq, delivery.id))
        self._trim()
        return delivery

    def sign(self, delivery: Delivery, unix_time: float) -> dict[str, str]:
        """The headers to send ``delivery`` with now (``unix_time``), signed if it has a secret."""
        if delivery.secret:
            signature = signature_headers(self.signing, delivery.secret, delivery.body, unix_time)
            delivery.headers = {**delivery.headers, **signature}
        return delivery.headers

    def take_due(self, now: float) -> list[Delivery]:
        """Deliveries due at ``now``, marked in flight."""
        taken: list[Delivery] = []
        while self._due and self._due[0][0] <= now:
            _, _, delivery_id = heapq.heappop(self._due)
            delivery = self._deliveries.get(delivery_id)
            if delivery is not None and delivery.state == "pending":
                delivery.state = "in_flight"
                taken.append(delivery)
        return taken

    def next_due(self) -> float | None:
        """When the next pending delivery is due, if any."""
        return self._due[0][0] if self._due else None

    def record(self, delivery: Delivery, attempt: Attempt, now: float, scale: float) -> None:
        """Store an attempt; schedule a retry (backoff scaled by ``scale``) if it failed."""
        delivery.attempts.append(attempt)
        if attempt.ok:
            delivery.state = "delivered"
        elif attempt.number >= self.max_attempts:
            delivery.state = "failed"
        else:
            delivery.state = "pending"
            delivery.due_at = now + self.backoff * 2 ** (attempt.number - 1) * scale
            self._seq += 1
            heapq.heappush(self._due, (delivery.due_at, self._seq, delivery.id))

    def deliveries(self) -> list[Delivery]:
        """Every kept delivery, oldest first."""
        return list(self._deliveries.values())

    def clear(self) -> None:
        """Forget every delivery, including pending ones."""
        self._deliveries.clear()
        self._due.clear()

    def _trim(self) -> None:
        if len(self._deliveries) <= self.keep:
            return
        for delivery_id in list(self._deliveries):
            if len(self._deliveries) <= self.keep:
                break
            if self._deliveries[delivery_id].state in ("delivered", "failed"):
                del self._deliveries[delivery_id]
