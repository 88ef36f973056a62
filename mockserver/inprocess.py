"""The in-process mock: engine + virtual clock + respx router, with direct controls.

``with InProcessMock(load_spec("spec")) as mock:`` intercepts every httpx client
(sync and async) talking to the spec's ``base_url``; the methods mirror
:class:`~mockserver.remote.MockControl` but call the engine directly.
``mock.client()`` is the generated client on it, sleeping on the virtual clock
(see :mod:`mockserver.clients`).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from generator.spec import Spec

from .clients import VirtualTimeClients
from .clock import VirtualClock
from .config import MockConfig
from .engine import Engine
from .faults import parse_faults
from .outcomes import parse_outcome
from .respx_adapter import RespxAdapter


class InProcessMock(VirtualTimeClients):
    """A mock Eachlabs answering httpx requests in-process, on a virtual clock."""

    def __init__(
        self, spec: Spec, config: MockConfig | None = None, base_url: str | None = None
    ) -> None:
        self.clock = VirtualClock()
        self.engine = Engine(spec, config or MockConfig(), self.clock)
        self.adapter = RespxAdapter(self.engine, base_url)
        self.base_url = self.adapter.base_url
        self.origin = self.adapter.origin

    def __enter__(self) -> InProcessMock:
        self.adapter.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.adapter.stop()

    def now(self) -> float:
        """The virtual clock's time."""
        return self.engine.now()

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the clock; due predictions finish and due webhooks are sent."""
        result = self.engine.advance(seconds)
        self.adapter.dispatcher.flush()
        return result

    def script(self, outcome: str = "success", **fields: Any) -> list[dict[str, Any]]:
        """Queue an outcome for the next matching create."""
        self.engine.script_next(parse_outcome({"outcome": outcome, **fields}))
        return self.engine.scripts()

    def script_prediction(
        self, prediction_id: str, outcome: str = "success", **fields: Any
    ) -> dict[str, Any]:
        """Change how a processing prediction ends."""
        result = self.engine.script_prediction(
            prediction_id, parse_outcome({"outcome": outcome, **fields})
        )
        self.adapter.dispatcher.flush()
        return result

    def predictions(self, api_key: str | None = None) -> list[dict[str, Any]]:
        """Stored predictions."""
        return self.engine.predictions(api_key)

    def prediction(self, prediction_id: str) -> dict[str, Any]:
        """One stored prediction, with its result."""
        return self.engine.prediction(prediction_id)

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded API requests, oldest first."""
        return self.engine.request_log(limit)

    def webhooks(self) -> list[dict[str, Any]]:
        """Webhook deliveries with their attempts."""
        return self.engine.webhooks()

    def flush_webhooks(self) -> None:
        """Send every due webhook delivery now."""
        self.adapter.dispatcher.flush()

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Turn on faults (``latency``, ``error_rate``, ``drop_rate``, ...)."""
        parsed = parse_faults(settings)
        self.engine.set_faults(parsed)
        return parsed.to_json()

    def clear_faults(self) -> None:
        """Turn faults off."""
        self.engine.faults.reset()

    def reset(self) -> None:
        """Everything back to start (the clock keeps its time)."""
        self.engine.reset()
