"""Injected faults on the API routes: latency, 5xx answers, dropped connections.

Seeded: the same seed and request sequence give the same faults. Each roll
draws the same amount of randomness whatever the settings, so turning one
fault on does not shift the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

ROUTES = ("create_prediction", "get_prediction")


@dataclass(frozen=True, slots=True)
class FaultAction:
    """What to do to one request: wait ``delay`` s, then answer ``status`` or drop it."""

    delay: float = 0.0
    status: int | None = None
    drop: bool = False


@dataclass(slots=True)
class FaultSettings:
    """Fault probabilities and sizes; all off by default."""

    latency: float = 0.0
    latency_jitter: float = 0.0
    error_rate: float = 0.0
    error_status: int = 500
    drop_rate: float = 0.0
    routes: list[str] = field(default_factory=lambda: list(ROUTES))

    def to_json(self) -> dict[str, Any]:
        """The JSON form, as accepted by :func:`parse_faults`."""
        return {
            "latency": self.latency,
            "latency_jitter": self.latency_jitter,
            "error_rate": self.error_rate,
            "error_status": self.error_status,
            "drop_rate": self.drop_rate,
            "routes": list(self.routes),
        }

    @property
    def active(self) -> bool:
        """Whether any fault is on."""
        return bool(self.latency or self.latency_jitter or self.error_rate or self.drop_rate)


def parse_faults(value: Any) -> FaultSettings:
    """:class:`FaultSettings` from JSON; ``ValueError`` says what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("faults are a JSON object")
    settings = FaultSettings()
    known = set(settings.to_json())
    unknown = sorted(set(value) - known)
    if unknown:
        raise ValueError(f"unknown fault field(s): {', '.join(unknown)}")
    for name in ("latency", "latency_jitter", "error_rate", "drop_rate"):
        if name in value:
            number = value[name]
            if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
                raise ValueError(f"{name} must be a non-negative number")
            setattr(settings, name, float(number))
    if settings.error_rate > 1 or settings.drop_rate > 1:
        raise ValueError("rates are between 0 and 1")
    status = value.get("error_status", 500)
    if isinstance(status, bool) or not isinstance(status, int) or not 500 <= status <= 599:
        raise ValueError("error_status must be a 5xx code")
    settings.error_status = status
    routes = value.get("routes", list(ROUTES))
    if not isinstance(routes, list) or any(r not in ROUTES for r in routes):
        raise ValueError(f"routes is a list of {', '.join(ROUTES)}")
    settings.routes = routes
    return settings


class Faults:
    """The current settings plus their own seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.settings = FaultSettings()
        self._seed = seed
        self._random = random.Random(f"faults:{seed}")

    def roll(self, route: str) -> FaultAction | None:
        """The fault for one request to ``route``, or ``None`` (callers hold the engine lock)."""
        settings = self.settings
        if not settings.active or route not in settings.routes:
            return None
        drop, error, jitter = self._random.random(), self._random.random(), self._random.random()
        delay = settings.latency + settings.latency_jitter * jitter
        if drop < settings.drop_rate:
            return FaultAction(delay=delay, drop=True)
        if error < settings.error_rate:
            return FaultAction(delay=delay, status=settings.error_status)
        return FaultAction(delay=delay) if delay else None

    def reset(self) -> None:
        """Turn every fault off and restart the random stream."""
        self.settings = FaultSettings()
        self._random = random.Random(f"faults:{self._seed}")
