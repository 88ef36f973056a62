"""Driving a running mock over HTTP: a thin client for the ``/_mock/`` control routes.

``MockControl("http://127.0.0.1:8000/v1").advance(120)`` works against the CLI
and the live-server fixture alike.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx


class MockControl:
    """Control routes of the mock serving ``base_url``."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self._client = httpx.Client(base_url=self.origin + "/_mock", timeout=timeout)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def _call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        query = {k: v for k, v in params.items() if v is not None}
        response = self._client.request(method, path, json=body, params=query)
        response.raise_for_status()
        return response.json()

    def health(self) -> dict[str, Any]:
        """``GET /_mock/health``."""
        return dict(self._call("GET", "/health"))

    def now(self) -> float:
        """The mock clock's time."""
        return float(self._call("GET", "/clock")["now"])

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the clock; due predictions finish and due webhooks are sent first."""
        return dict(self._call("POST", "/clock/advance", {"seconds": seconds}))

    def script(self, outcome: str = "success", **fields: Any) -> list[dict[str, Any]]:
        """Queue an outcome for the next matching create (see :mod:`mockserver.outcomes`)."""
        return list(self._call("POST", "/outcomes", {"outcome": outcome, **fields}))

    def script_prediction(
        self, prediction_id: str, outcome: str = "success", **fields: Any
    ) -> dict[str, Any]:
        """Change how a processing prediction ends."""
        return dict(
            self._call(
                "POST", f"/predictions/{prediction_id}/outcome", {"outcome": outcome, **fields}
            )
        )

    def predictions(self, api_key: str | None = None) -> list[dict[str, Any]]:
        """Stored predictions."""
        return list(self._call("GET", "/predictions", api_key=api_key))

    def prediction(self, prediction_id: str) -> dict[str, Any]:
        """One stored prediction, with its result."""
        return dict(self._call("GET", f"/predictions/{prediction_id}"))

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded API requests, oldest first."""
        return list(self._call("GET", "/requests", limit=limit))

    def webhooks(self) -> list[dict[str, Any]]:
        """Webhook deliveries with their attempts."""
        return list(self._call("GET", "/webhooks"))

    def flush_webhooks(self) -> None:
        """Send every due webhook delivery now."""
        self._call("POST", "/webhooks/flush")

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Turn on faults (``latency``, ``error_rate``, ``drop_rate``, ...)."""
        return dict(self._call("PUT", "/faults", settings))

    def clear_faults(self) -> None:
        """Turn faults off."""
        self._call("DELETE", "/faults")

    def reset(self) -> None:
        """Everything back to start."""
        self._call("POST", "/reset")
