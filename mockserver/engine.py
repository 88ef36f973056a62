"""The mock's state machine: predictions, lifecycle, limits, scripts, outbox.

Every public method takes the engine lock, so the engine is safe to share
between the ASGI event loop, the respx adapter and test threads, and rate
limits stay exact under concurrent load. No method blocks or does I/O; all
work per API request is O(1) amortised (heaps for finish and expiry times).
Adapters turn :class:`ApiError` into the documented error body.
"""

from __future__ import annotations

import heapq
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from generator.spec import ModelSpec, Spec

from .clock import Clock
from .config import MockConfig
from .faults import FaultAction, Faults, FaultSettings
from .outcomes import Outcome
from .outputs import output_for
from .ratelimit import RateLimiter
from .requestlog import RequestLog
from .validation import InputValidator, check_webhook_url, request_field_error, request_pattern
from .webhooks import Attempt, Delivery, Outbox


class ApiError(Exception):
    """An error answer: HTTP ``status`` with ``{status: "error", message, details}``."""

    def __init__(
        self, status: int, message: str, details: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details
        self.headers = headers or {}


@dataclass(slots=True)
class Prediction:
    """One prediction and everything needed to answer for it."""

    id: str
    api_key: str
    model: str
    version: str
    input: dict[str, Any]
    origin: str
    created_at: float
    finish_at: float
    outcome: Outcome
    webhook_url: str | None = None
    webhook_secret: str | None = None
    status: str = "processing"
    finished_at: float | None = None
    poll_faults: int = 0

    def to_json(self) -> dict[str, Any]:
        """The inspection form listed by ``GET /_mock/predictions``."""
        return {
            "predictionID": self.id,
            "api_key": self.api_key,
            "model": self.model,
            "version": self.version,
            "status": self.status,
            "input": self.input,
            "created_at": self.created_at,
            "finish_at": self.finish_at,
            "finished_at": self.finished_at,
            "outcome": self.outcome.kind,
            "webhook_url": self.webhook_url,
        }


_UUID4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def uuid4_text(bits: int) -> str:
    """``str(uuid.UUID(int=bits, version=4))`` for 128 random ``bits``, without building the
    ``UUID`` object: the variant and version bits set, in the 8-4-4-4-12 hex form."""
    text = ((bits & _UUID4_CLEAR) | _UUID4_SET).to_bytes(16, "big").hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_SUCCESS = Outcome()
_SIMULATED_FAILURE = Outcome(kind="error", message="Prediction failed (simulated failure)")


def _error_message(outcome: Outcome) -> str:
    return outcome.message or "Prediction failed (scripted)"


class Engine:
    """One mock Eachlabs: serves every model of ``spec``, on ``clock``."""

    def __init__(self, spec: Spec, config: MockConfig, clock: Clock) -> None:
        self.spec = spec
        self.config = config
        self.clock = clock
        platform = spec.platform
        self.pending_status = platform.status_with("pending")
        self.success_status = platform.status_with("succeeded")
        self.error_status = platform.status_with("failed")
        self._webhook_url_pattern = request_pattern(platform, "webhook_url")
        self._validator = InputValidator(platform)
        self.webhook_timeout = (
            config.webhook_timeout
            if config.webhook_timeout is not None
            else max(0.05, platform.webhook.timeout_seconds * config.time_scale)
        )
        self._input_names = {
            slug: {name: name for name in model.inputs} for slug, model in spec.models.items()
        }
        self.dirty = False
        """Set when the outbox may have new work; adapters clear it and wake their sender."""
        self._lock = threading.Lock()
        self._reset_state()

    def _reset_state(self) -> None:
        limits = self.spec.platform.rate_limits
        self._random = random.Random(f"outcomes:{self.config.seed}")
        self._predictions: dict[str, Prediction] = {}
        self._running: dict[str, dict[str, float]] = {}
        self._finishing: list[tuple[float, int, str]] = []
        self._expiring: list[tuple[float, int, str]] = []
        self._seq = 0
        self._origins: dict[str, str] = {}
        self._scripts: deque[Outcome] = deque()
        self.limiter = RateLimiter(limits.creates_per_minute, limits.concurrent_per_key)
        self.faults = Faults(self.config.seed)
        self.requests = RequestLog(self.config.request_log_size)
        self.outbox = Outbox(
            signing=self.spec.platform.webhook.signing,
            max_attempts=self.config.webhook_max_attempts,
            backoff=self.config.webhook_backoff,
            keep=self.config.webhook_keep,
        )

    # ------------------------------------------------------------------ API

    def create(
        self, api_key: str, body: Any, origin: str, header_outcome: Outcome | None = None
    ) -> dict[str, Any]:
        """Create a prediction from a parsed request body; raises :class:`ApiError`."""
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        slug = body.get("model")
        if not isinstance(slug, str) or not slug:
            raise ApiError(
                400,
                "'model' is required and must be a string",
                {"field": "model", "constraint": "required"},
            )
        model = self.spec.models.get(slug)
        if model is None:
            raise ApiError(404, f"Model {slug!r} not found")
        version = body.get("version")
        if version is not None and version != model.model.version:
            if not isinstance(version, str):
                raise ApiError(
                    400, "'version' must be a string", {"field": "version", "constraint": "type"}
                )
            raise ApiError(404, f"Version {version!r} of model {slug!r} not found")
        violations = self._validator.validate(
            model, body.get("input"), allow_local_urls=self.config.allow_local_urls
        )
        if violations:
            raise ApiError(400, "Invalid input", [v.to_json() for v in violations])
        webhook_url = body.get("webhook_url")
        if webhook_url is not None:
            problem = check_webhook_url(webhook_url, self._webhook_url_pattern)
            if problem:
                raise ApiError(400, problem, {"field": "webhook_url", "constraint": "url"})
        problem = request_field_error(body, "webhook_secret", str)
        if problem:
            raise ApiError(400, problem, {"field": "webhook_secret", "constraint": "type"})
        with self._lock:
            return self._create(api_key, model, body, origin, header_outcome)

    def _create(
        self,
        api_key: str,
        model: ModelSpec,
        body: dict[str, Any],
        origin: str,
        header_outcome: Outcome | None,
    ) -> dict[str, Any]:
        now = self.clock.now()
        self._tick(now)
        running = self._running.get(api_key)
        denial = self.limiter.check(api_key, now, list(running.values()) if running else [])
        if denial is not None:
            raise ApiError(
                429,
                denial.message,
                {"retry_after": denial.retry_after},
                {"Retry-After": str(denial.retry_after)},
            )
        outcome = header_outcome or self._next_script(model.slug, api_key)
        draw = self._random
        prediction_id = uuid4_text(draw.getrandbits(128))
        jitter, failure = draw.random(), draw.random()
        if outcome is None:
            outcome = _SIMULATED_FAILURE if failure < self.config.failure_rate else _SUCCESS
        if outcome.kind == "fault":
            raise ApiError(outcome.status, outcome.message or "Internal server error (scripted)")
        base = model.model.estimated_processing_seconds * self.config.time_scale
        if outcome.seconds is not None:
            duration = outcome.seconds
        elif outcome.kind == "slow":
            duration = base * self.config.slow_factor
        else:
            duration = base * (1 + self.config.jitter * (2 * jitter - 1))
        self.limiter.record(api_key, now)
        self._seq += 1
        names = self._input_names[model.slug]  # the spec's strings: stored inputs share keys
        prediction = Prediction(
            id=prediction_id,
            api_key=api_key,
            model=model.slug,
            version=model.model.version,
            input={names.get(k, k): v for k, v in body["input"].items()},
            origin=self._shared(origin),
            created_at=now,
            finish_at=now + duration,
            outcome=outcome,
            webhook_url=body.get("webhook_url"),
            webhook_secret=body.get("webhook_secret"),
            status=self.pending_status,
            poll_faults=outcome.poll_faults,
        )
        self._predictions[prediction_id] = prediction
        self._running.setdefault(api_key, {})[prediction_id] = prediction.finish_at
        heapq.heappush(self._finishing, (prediction.finish_at, self._seq, prediction_id))
        if prediction.webhook_url:
            self.dirty = True
        return {
            "status": "success",
            "message": "Prediction created successfully",
            "predictionID": prediction_id,
        }

    def get(self, api_key: str, prediction_id: str) -> dict[str, Any]:
        """The poll answer for one prediction of ``api_key``; raises :class:`ApiError`."""
        with self._lock:
            self._tick(self.clock.now())
            prediction = self._predictions.get(prediction_id)
            if prediction is None or prediction.api_key != api_key:
                raise ApiError(404, f"Prediction {prediction_id!r} not found")
            if prediction.poll_faults > 0:
                prediction.poll_faults -= 1
                raise ApiError(503, "Service temporarily unavailable (scripted poll fault)")
            return self._answer(prediction)

    def roll_fault(self, route: str) -> FaultAction | None:
        """The injected fault for one request to ``route``, if any."""
        if not self.faults.settings.active:
            return None
        with self._lock:
            return self.faults.roll(route)

    def log_request(
        self,
        method: str,
        path: str,
        query: str,
        api_key: str | None,
        status: int,
        body: bytes,
        prediction_id: str | None,
    ) -> None:
        """Record one API request in the ring buffer."""
        with self._lock:
            self.requests.add(
                self.clock.now(), method, path, query, api_key, status, body, prediction_id
            )

    # ------------------------------------------------------------------ lifecycle

    def _tick(self, now: float, finished: list[str] | None = None) -> None:
        finishing = self._finishing
        while finishing and finishing[0][0] <= now:
            finish_at, _, prediction_id = heapq.heappop(finishing)
            prediction = self._predictions.get(prediction_id)
            if (
                prediction is not None
                and prediction.finished_at is None
                and prediction.finish_at == finish_at
            ):
                self._finish(prediction)
                if finished is not None:
                    finished.append(prediction_id)
        expiring = self._expiring
        while expiring and expiring[0][0] <= now:
            _, _, prediction_id = heapq.heappop(expiring)
            self._predictions.pop(prediction_id, None)

    def _finish(self, prediction: Prediction) -> None:
        outcome = prediction.outcome
        finished_at = prediction.finish_at
        prediction.finished_at = finished_at
        running = self._running.get(prediction.api_key)
        if running is not None:
            running.pop(prediction.id, None)
            if not running:
                del self._running[prediction.api_key]
        failed = outcome.kind == "error"
        prediction.status = self.error_status if failed else self.success_status
        self._seq += 1
        heapq.heappush(self._expiring, (finished_at + self.config.ttl, self._seq, prediction.id))
        if prediction.webhook_url:
            statuses = self.spec.platform.webhook.statuses
            payload = {
                "exec_id": prediction.id,
                "status": statuses.get(prediction.status, prediction.status),
                "output": "" if failed else self._output(prediction),
                "error": _error_message(outcome) if failed else "",
            }
            self.outbox.enqueue(
                prediction.id,
                prediction.webhook_url,
                payload,
                prediction.webhook_secret,
                finished_at,
            )
            self.dirty = True

    def _shared(self, origin: str) -> str:
        """One string object per origin (a few), so stored predictions share it."""
        if len(self._origins) < 64:
            return self._origins.setdefault(origin, origin)
        return origin

    def _answer(self, prediction: Prediction) -> dict[str, Any]:
        """The poll answer: processing, success (output, metrics) or error (message, details)."""
        if prediction.finished_at is None:
            return {"predictionID": prediction.id, "status": prediction.status}
        outcome = prediction.outcome
        if outcome.kind == "error":
            return {
                "predictionID": prediction.id,
                "status": prediction.status,
                "message": _error_message(outcome),
                "details": outcome.details,
            }
        predict_time = round(prediction.finished_at - prediction.created_at, 6)
        return {
            "predictionID": prediction.id,
            "status": prediction.status,
            "output": self._output(prediction),
            "metrics": {"predict_time": predict_time},
        }

    def _output(self, prediction: Prediction) -> Any:
        if prediction.outcome.has_output:
            return prediction.outcome.output
        info = self.spec.models[prediction.model].model
        return output_for(info.output_type, info.output_items, prediction.origin, prediction.id)

    def _next_script(self, slug: str, api_key: str) -> Outcome | None:
        for index, outcome in enumerate(self._scripts):
            if outcome.matches(slug, api_key):
                outcome.times -= 1
                if outcome.times <= 0:
                    del self._scripts[index]
                return outcome
        return None

    # ------------------------------------------------------------------ control

    def now(self) -> float:
        """The mock clock's current time."""
        return self.clock.now()

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the clock forward and finish every prediction now due."""
        with self._lock:
            now = self.clock.advance(seconds)
            finished: list[str] = []
            self._tick(now, finished)
            self.limiter.forget_idle(now)
            self.dirty = True
            return {"now": now, "finished": sorted(finished)}

    def tick(self) -> None:
        """Finish and expire whatever is due at the current time."""
        with self._lock:
            self._tick(self.clock.now())

    def script_next(self, outcome: Outcome) -> None:
        """Queue ``outcome`` for the next matching create(s)."""
        with self._lock:
            self._scripts.append(outcome)

    def scripts(self) -> list[dict[str, Any]]:
        """The queued outcomes, next first."""
        with self._lock:
            return [outcome.to_json() for outcome in self._scripts]

    def clear_scripts(self) -> None:
        """Drop every queued outcome."""
        with self._lock:
            self._scripts.clear()

    def script_prediction(self, prediction_id: str, outcome: Outcome) -> dict[str, Any]:
        """Change how a processing prediction ends (``seconds`` from now, if given)."""
        with self._lock:
            now = self.clock.now()
            self._tick(now)
            prediction = self._predictions.get(prediction_id)
            if prediction is None:
                raise ApiError(404, f"Prediction {prediction_id!r} not found")
            if prediction.finished_at is not None:
                raise ApiError(409, f"Prediction {prediction_id!r} has already finished")
            if outcome.kind == "fault":
                raise ApiError(400, "a 'fault' outcome applies to creates only")
            prediction.outcome = outcome
            prediction.poll_faults = outcome.poll_faults
            if outcome.seconds is not None:
                self._reschedule(prediction, now + outcome.seconds)
            elif outcome.kind == "slow":
                self._reschedule(
                    prediction,
                    prediction.finish_at
                    + (prediction.finish_at - prediction.created_at)
                    * (self.config.slow_factor - 1),
                )
            self._tick(now)
            self.dirty = True
            return prediction.to_json()

    def _reschedule(self, prediction: Prediction, finish_at: float) -> None:
        prediction.finish_at = finish_at
        self._running[prediction.api_key][prediction.id] = finish_at
        self._seq += 1
        heapq.heappush(self._finishing, (finish_at, self._seq, prediction.id))

    def predictions(
        self, api_key: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Inspection view of the stored predictions, oldest first."""
        with self._lock:
            self._tick(self.clock.now())
            items = [
                p for p in self._predictions.values() if api_key is None or p.api_key == api_key
            ]
            if limit:
                items = items[-limit:]
            return [p.to_json() for p in items]

    def prediction(self, prediction_id: str) -> dict[str, Any]:
        """Inspection view of one prediction (any key); :class:`ApiError` 404 if unknown."""
        with self._lock:
            self._tick(self.clock.now())
            prediction = self._predictions.get(prediction_id)
            if prediction is None:
                raise ApiError(404, f"Prediction {prediction_id!r} not found")
            data = prediction.to_json()
            finished = prediction.finished_at is not None
            data["result"] = self._answer(prediction) if finished else None
            return data

    def stats(self) -> dict[str, int]:
        """Counts of stored objects, for memory checks."""
        with self._lock:
            return {
                "predictions": len(self._predictions),
                "processing": sum(len(r) for r in self._running.values()),
                "scripts": len(self._scripts),
                "requests": len(self.requests),
                "webhooks": len(self.outbox.deliveries()),
                "rate_limited_keys": len(self.limiter),
            }

    def clear_predictions(self) -> None:
        """Forget every prediction and the rate-limit state."""
        with self._lock:
            self._predictions.clear()
            self._running.clear()
            self._finishing.clear()
            self._expiring.clear()
            self.limiter.reset()

    def request_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The recorded API requests, oldest first."""
        with self._lock:
            return [entry.to_json() for entry in self.requests.entries(limit)]

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self.requests.clear()

    def set_faults(self, settings: FaultSettings) -> None:
        """Replace the fault settings."""
        with self._lock:
            self.faults.settings = settings

    def reset(self) -> None:
        """Back to the state right after start (the clock keeps its time)."""
        with self._lock:
            self._reset_state()

    # ------------------------------------------------------------------ webhooks

    def signed_headers(self, delivery: Delivery) -> dict[str, str]:
        """The headers to send ``delivery`` with now, signed at the current Unix time."""
        with self._lock:
            return self.outbox.sign(delivery, time.time())

    def take_due_deliveries(self) -> list[Delivery]:
        """Webhook deliveries due now, marked in flight (send them, then :meth:`record`)."""
        with self._lock:
            now = self.clock.now()
            self._tick(now)
            return self.outbox.take_due(now)

    def record_attempt(
        self, delivery: Delivery, status_code: int | None, error: str | None, elapsed: float
    ) -> None:
        """Store the result of one delivery attempt and schedule any retry."""
        with self._lock:
            now = self.clock.now()
            attempt = Attempt(len(delivery.attempts) + 1, now, status_code, error, elapsed)
            self.outbox.record(delivery, attempt, now, self.config.time_scale)

    def next_event(self) -> float | None:
        """Clock time of the next finish or delivery that may need sending."""
        with self._lock:
            times = [
                t
                for t in (
                    self._finishing[0][0] if self._finishing else None,
                    self.outbox.next_due(),
                )
                if t is not None
            ]
            return min(times) if times else None

    def webhooks(self) -> list[dict[str, Any]]:
        """Every kept webhook delivery with its attempts."""
        with self._lock:
            return [delivery.to_json() for delivery in self.outbox.deliveries()]

    def clear_webhooks(self) -> None:
        """Forget every delivery, including pending ones."""
        with self._lock:
            self.outbox.clear()
