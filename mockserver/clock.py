"""Clocks for the mock: a virtual one tests advance, and a real monotonic one.

Both count seconds from an arbitrary origin and can be moved forward with
``advance``; durations the engine schedules are already scaled by
``--time-scale``, so a clock never scales anything itself.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """Seconds since an arbitrary origin."""

    virtual: bool

    def now(self) -> float:
        """Current time in seconds."""
        ...

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds``; returns the new time."""
        ...


class VirtualClock:
    """A clock that only moves when told to (``advance``)."""

    virtual = True

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += seconds
            return self._now


class RealClock:
    """``time.monotonic()`` plus an offset that ``advance`` grows."""

    virtual = False

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._offset += seconds
        return self.now()
