"""Transport-neutral request and response, shared by the ASGI and respx adapters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
_COMPACT = json.JSONEncoder(separators=(",", ":"))
"""What ``json.dumps(value, separators=(",", ":"))`` builds on every call, built once."""


@dataclass(slots=True)
class Request:
    """One HTTP request; ``headers`` has lower-case names (first value wins)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    origin: str
    """``scheme://host[:port]`` the client used, for URLs that point back at the mock."""


@dataclass(slots=True)
class Response:
    """One HTTP answer plus what the adapter must do around it."""

    status: int
    body: bytes
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (latency fault)."""
    drop: bool = False
    """Close the connection instead of answering (dropped-connection fault)."""
    flush_webhooks: bool = False
    """Send every due webhook before answering (after the clock moved)."""


def dump(value: Any) -> bytes:
    """Compact JSON bytes."""
    return _COMPACT.encode(value).encode("utf-8")


def json_response(status: int, value: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer."""
    return Response(status, dump(value), JSON, headers or {})


def error_response(
    status: int, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> Response:
    """The documented error body ``{status: "error", message, details}``."""
    return json_response(
        status, {"status": "error", "message": message, "details": details}, headers
    )


def payload_too_large(limit: int) -> Response:
    """The 413 answer for a body over ``limit`` bytes."""
    return error_response(
        413, f"Request body is larger than {limit} bytes", {"limit": limit}, {"Connection": "close"}
    )
