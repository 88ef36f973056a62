"""A stateful model of the mock engine (hypothesis ``RuleBasedStateMachine``).

Creates from several keys with scripted outcomes, polls (by the owner and by other
keys), clock advances, rescheduled predictions and failing webhook receivers, all
on a virtual clock. The machine keeps its own model of the rate limits (from the
spec's ``rate_limits``), of when each prediction ends and of what it must answer,
and checks the engine against it after every step.

The limits are tightened (to at most 3 creates a minute and 2 at once) so that a
few dozen steps reach both; the engine reads them from the spec like any other.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import httpx
import respx
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, multiple, rule

from generator.spec import RateLimits, Spec, load_spec
from mockserver.clock import VirtualClock
from mockserver.config import MockConfig
from mockserver.dispatch import SyncDispatcher
from mockserver.engine import ApiError, Engine
from mockserver.outcomes import parse_outcome
from mockserver.ratelimit import WINDOW_SECONDS

from .targets import SPECS

KEYS = ("key-a", "key-b", "key-c")
HOOKS = "https://hooks.example.com"
ORIGIN = "https://mock.example.com"
CONFIG = MockConfig(jitter=0.0, ttl=1e9, webhook_backoff=1.0, webhook_max_attempts=5)
"""No jitter, so the model knows each finish time; nothing expires during a run."""


def tightened(spec: Spec, creates_per_minute: int = 3, concurrent_per_key: int = 2) -> Spec:
    """``spec`` with rate limits no higher than the given ones."""
    limits = spec.platform.rate_limits
    tight = RateLimits(
        min(limits.creates_per_minute, creates_per_minute),
        min(limits.concurrent_per_key, concurrent_per_key),
    )
    return replace(spec, platform=replace(spec.platform, rate_limits=tight))


SPEC = tightened(load_spec(SPECS["spec"][0]))
EXAMPLES = {
    slug: dict(model.model.example_input)
    for slug, model in SPEC.models.items()
    if model.model.example_input is not None
}
"""Each model's published example input: what the machine creates (inputs are not its topic)."""
OUTCOMES = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "outcome": st.sampled_from(["success", "error", "slow"]),
            "seconds": st.sampled_from([None, 0, 1, 30, 90, 300]),
        },
        optional={"poll_faults": st.integers(0, 2)},
    ),
    st.fixed_dictionaries({"outcome": st.just("fault"), "status": st.sampled_from([500, 503])}),
)


@dataclass
class Tracked:
    """What the model knows about one created prediction."""

    key: str
    created_at: float
    finish_at: float
    kind: str
    poll_faults: int
    webhook: bool
    final: dict[str, Any] | None = None
    """The answer once finished; it must never change."""


@dataclass
class Receiver:
    """The webhook receiver: a respx route that fails the next ``failures`` deliveries."""

    engine: Engine
    failures: int = 0
    calls: list[tuple[str, dict[str, Any], int, float]] = field(default_factory=list)
    """(prediction id, payload, status answered, clock time) of every delivery attempt."""

    def __post_init__(self) -> None:
        self.router = respx.MockRouter(assert_all_called=False)
        self.router.route(url__startswith=HOOKS).mock(side_effect=self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        status = 500 if self.failures else 200
        self.failures = max(0, self.failures - 1)
        self.calls.append((payload["exec_id"], payload, status, self.engine.now()))
        return httpx.Response(status)

    def acknowledged(self) -> Counter[str]:
        return Counter(pid for pid, _, status, _ in self.calls if status == 200)


class EngineMachine(RuleBasedStateMachine):
    """The engine, checked against a model built from :attr:`rules_spec` (limits, statuses)."""

    rules_spec: ClassVar[Spec] = SPEC
    """What the engine must do."""
    served_spec: ClassVar[Spec] = SPEC
    """What the engine serves (a mutant may differ from :attr:`rules_spec`)."""

    predictions = Bundle("predictions")

    def __init__(self) -> None:
        super().__init__()
        self.engine = Engine(self.served_spec, CONFIG, VirtualClock())
        self.dispatcher = SyncDispatcher(self.engine)
        self.receiver = Receiver(self.engine)
        self.receiver.router.start()
        self.tracked: dict[str, Tracked] = {}
        self.accepted: dict[str, list[float]] = {key: [] for key in KEYS}
        platform = self.rules_spec.platform
        self.limits = platform.rate_limits
        self.pending = platform.status_with("pending")
        self.statuses = {
            "success": platform.status_with("succeeded"),
            "slow": platform.status_with("succeeded"),
            "error": platform.status_with("failed"),
        }

    # ------------------------------------------------------------------ model

    def now(self) -> float:
        return self.engine.now()

    def expected_denial(self, key: str, now: float) -> int | None:
        """``Retry-After`` of the 429 a create by ``key`` must get now, or ``None``."""
        window = [t for t in self.accepted[key] if t > now - WINDOW_SECONDS]
        if len(window) >= self.limits.creates_per_minute:
            return max(1, math.ceil(window[0] + WINDOW_SECONDS - now))
        running = [p.finish_at for p in self.tracked.values() if p.key == key and p.finish_at > now]
        if len(running) >= self.limits.concurrent_per_key:
            return max(1, math.ceil(min(running) - now))
        return None

    def duration(self, slug: str, outcome: dict[str, Any] | None) -> float:
        base = self.rules_spec.models[slug].model.estimated_processing_seconds * CONFIG.time_scale
        if outcome and outcome.get("seconds") is not None:
            return float(outcome["seconds"])
        if outcome and outcome["outcome"] == "slow":
            return base * CONFIG.slow_factor
        return base  # CONFIG has no jitter

    def flush(self) -> None:
        self.dispatcher.flush()

    # ------------------------------------------------------------------ rules

    @rule(
        target=predictions,
        key=st.sampled_from(KEYS),
        slug=st.sampled_from(sorted(EXAMPLES)),
        outcome=OUTCOMES,
        webhook=st.booleans(),
    )
    def create(self, key: str, slug: str, outcome: dict[str, Any] | None, webhook: bool) -> Any:
        now = self.now()
        body: dict[str, Any] = {
            "model": slug,
            "input": dict(EXAMPLES[slug]),
        }
        if webhook:
            body["webhook_url"] = f"{HOOKS}/{key}"
        denial = self.expected_denial(key, now)
        scripted = parse_outcome(outcome) if outcome else None
        try:
            answer = self.engine.create(key, body, ORIGIN, scripted)
        except ApiError as error:
            if denial is not None:
                assert (error.status, error.details) == (429, {"retry_after": denial})
                event(f"create refused: {error.message}")
            else:
                assert outcome is not None and outcome["outcome"] == "fault", error
                assert error.status == outcome["status"]
            return multiple()
        assert denial is None, f"a create over the limit was accepted (Retry-After {denial})"
        assert outcome is None or outcome["outcome"] != "fault"
        pid = answer["predictionID"]
        assert pid not in self.tracked
        self.accepted[key].append(now)
        kind = outcome["outcome"] if outcome else "success"
        poll_faults = outcome.get("poll_faults", 0) if outcome else 0
        self.tracked[pid] = Tracked(
            key, now, now + self.duration(slug, outcome), kind, poll_faults, webhook
        )
        self.flush()
        return pid

    @rule(pid=predictions, key=st.sampled_from(KEYS))
    def poll(self, pid: str, key: str) -> None:
        tracked = self.tracked[pid]
        try:
            answer = self.engine.get(key, pid)
        except ApiError as error:
            if key != tracked.key:
                assert error.status == 404
                event("poll by another key: 404")
            else:
                assert error.status == 503 and tracked.poll_faults > 0, error
                tracked.poll_faults -= 1
                event("poll fault: 503")
            return
        assert key == tracked.key, "a key saw another key's prediction"
        assert tracked.poll_faults == 0, "a scripted poll fault was skipped"
        if tracked.finish_at > self.now():
            assert answer == {"predictionID": pid, "status": self.pending}
        else:
            assert answer["status"] == self.statuses[tracked.kind]
            self.observe(pid, answer)

    @rule(seconds=st.sampled_from([0.5, 1, 5, 30, 61, 120]))
    def advance(self, seconds: float) -> None:
        self.engine.advance(seconds)
        self.flush()

    @rule(
        pid=predictions,
        kind=st.sampled_from(["success", "error", "slow"]),
        seconds=st.sampled_from([None, 0, 10, 200]),
        poll_faults=st.integers(0, 2),
    )
    def reschedule(self, pid: str, kind: str, seconds: int | None, poll_faults: int) -> None:
        tracked = self.tracked[pid]
        now = self.now()
        fields = {"outcome": kind, "seconds": seconds, "poll_faults": poll_faults}
        try:
            self.engine.script_prediction(pid, parse_outcome(fields))
        except ApiError as error:
            assert error.status == 409 and tracked.finish_at <= now, error
            event("reschedule a finished prediction: 409")
            return
        assert tracked.finish_at > now, "a finished prediction was rescheduled"
        tracked.kind, tracked.poll_faults = kind, poll_faults
        if seconds is not None:
            tracked.finish_at = now + seconds
        elif kind == "slow":
            elapsed = tracked.finish_at - tracked.created_at
            tracked.finish_at = tracked.finish_at + elapsed * (CONFIG.slow_factor - 1)
        self.flush()

    @rule(failures=st.integers(1, 3))
    def receiver_fails(self, failures: int) -> None:
        self.receiver.failures += failures

    # ------------------------------------------------------------------ invariants

    def observe(self, pid: str, answer: dict[str, Any]) -> None:
        """Record the first answer of a finished prediction; later ones must equal it."""
        tracked = self.tracked[pid]
        if tracked.final is None:
            tracked.final = answer
        assert answer == tracked.final, "a finished prediction changed"

    @invariant()
    def limits_hold(self) -> None:
        now = self.now()
        for key in KEYS:
            stored = {p["predictionID"]: p for p in self.engine.predictions(key)}
            mine = {pid for pid, p in self.tracked.items() if p.key == key}
            assert set(stored) == mine, "predictions appeared, vanished or changed keys"
            processing = {pid for pid, p in stored.items() if p["status"] == self.pending}
            assert processing == {pid for pid in mine if self.tracked[pid].finish_at > now}
            assert len(processing) <= self.limits.concurrent_per_key
            times = self.accepted[key]
            for start in times:
                in_window = [t for t in times if start <= t < start + WINDOW_SECONDS]
                assert len(in_window) <= self.limits.creates_per_minute

    @invariant()
    def finished_never_change(self) -> None:
        now = self.now()
        for pid, tracked in self.tracked.items():
            if tracked.finish_at <= now:
                result = self.engine.prediction(pid)["result"]
                assert result is not None and result["status"] == self.statuses[tracked.kind]
                self.observe(pid, result)

    @invariant()
    def webhooks_once_per_completion(self) -> None:
        statuses = self.rules_spec.platform.webhook.statuses
        for pid, payload, _, at in self.receiver.calls:
            tracked = self.tracked[pid]
            assert tracked.webhook and tracked.finish_at <= at, "webhook for a running prediction"
            assert payload["status"] == statuses[self.statuses[tracked.kind]]
        assert all(count == 1 for count in self.receiver.acknowledged().values())

    def teardown(self) -> None:
        try:
            latest = max((p.finish_at for p in self.tracked.values()), default=0.0)
            self.engine.advance(max(0.0, latest - self.now()))
            self.flush()
            for _ in range(CONFIG.webhook_max_attempts):  # every retry of every delivery
                self.engine.advance(CONFIG.webhook_backoff * 2**CONFIG.webhook_max_attempts)
                self.flush()
            acknowledged = self.receiver.acknowledged()
            deliveries = {d["prediction_id"]: d for d in self.engine.webhooks()}
            event(f"webhook attempts: {len(self.receiver.calls)}")
            for pid, tracked in self.tracked.items():
                if not tracked.webhook:
                    assert pid not in deliveries
                elif acknowledged[pid] != 1:
                    assert pid in deliveries, "a finished prediction's webhook was never sent"
                    delivery = deliveries[pid]
                    assert delivery["state"] == "failed", delivery
                    assert len(delivery["attempts"]) == CONFIG.webhook_max_attempts
        finally:
            self.receiver.router.stop()
