"""Per-key rate limits: creates in a rolling minute and concurrent predictions."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

WINDOW_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Denial:
    """Why a create is refused, and how many seconds until it may succeed."""

    message: str
    retry_after: int


class RateLimiter:
    """Counts accepted creates per key in a rolling window (callers hold the engine lock)."""

    def __init__(self, creates_per_minute: int, concurrent_per_key: int) -> None:
        self.creates_per_minute = creates_per_minute
        self.concurrent_per_key = concurrent_per_key
        self._creates: dict[str, deque[float]] = {}
        self._next_sweep = -math.inf

    def check(self, key: str, now: float, running_until: list[float]) -> Denial | None:
        """A :class:`Denial` when ``key`` may not create now; ``running_until`` are the
        finish times of the key's processing predictions."""
        window = self._creates.get(key)
        if window is not None:
            while window and window[0] <= now - WINDOW_SECONDS:
                window.popleft()
            if len(window) >= self.creates_per_minute:
                wait = window[0] + WINDOW_SECONDS - now
                return Denial(
                    f"Rate limit exceeded: {self.creates_per_minute} creates per minute",
                    _seconds(wait),
                )
        if len(running_until) >= self.concurrent_per_key:
            wait = min(running_until) - now
            return Denial(
                f"Rate limit exceeded: {self.concurrent_per_key} concurrent predictions per key",
                _seconds(wait),
            )
        return None

    def record(self, key: str, now: float) -> None:
        """Count one accepted create by ``key`` (and, once a window, forget idle keys)."""
        if now >= self._next_sweep:
            self.forget_idle(now)
            self._next_sweep = now + WINDOW_SECONDS
        window = self._creates.get(key)
        if window is None:
            window = self._creates[key] = deque()
        window.append(now)

    def forget_idle(self, now: float) -> None:
        """Drop keys with no create in the window (bounds memory with many keys)."""
        for key in [k for k, w in self._creates.items() if not w or w[-1] <= now - WINDOW_SECONDS]:
            del self._creates[key]

    def reset(self) -> None:
        """Forget every key."""
        self._creates.clear()
        self._next_sweep = -math.inf

    def __len__(self) -> int:
        """How many keys have creates in the current window (or not yet forgotten)."""
        return len(self._creates)


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
