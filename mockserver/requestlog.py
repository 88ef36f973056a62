"""A bounded record of the API requests the mock received (a ring buffer)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

BODY_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Entry:
    """One request and the status it was answered with."""

    seq: int
    at: float
    method: str
    path: str
    query: str
    api_key: str | None
    status: int
    body: bytes
    prediction_id: str | None

    def to_json(self) -> dict[str, Any]:
        """The JSON form listed by ``GET /_mock/requests``."""
        return {
            "seq": self.seq,
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "api_key": self.api_key,
            "status": self.status,
            "body": self.body.decode("utf-8", "replace"),
            "prediction_id": self.prediction_id,
        }


_Row = tuple[int, float, str, str, str, str | None, int, bytes, str | None]
"""An :class:`Entry`'s fields: kept as a plain tuple, made an ``Entry`` when read (a tuple
is cheaper to build on every request, and the garbage collector stops tracking it)."""


class RequestLog:
    """The last ``size`` requests, oldest first."""

    def __init__(self, size: int) -> None:
        self._rows: deque[_Row] = deque(maxlen=size)
        self._seq = 0

    def add(
        self,
        at: float,
        method: str,
        path: str,
        query: str,
        api_key: str | None,
        status: int,
        body: bytes,
        prediction_id: str | None,
    ) -> None:
        """Record one request (the body is truncated to 4 KiB)."""
        self._seq += 1
        self._rows.append(
            (self._seq, at, method, path, query, api_key, status, body[:BODY_LIMIT], prediction_id)
        )

    def entries(self, limit: int | None = None) -> list[Entry]:
        """The recorded entries, oldest first (the last ``limit`` when given)."""
        rows = list(self._rows)
        return [Entry(*row) for row in (rows[-limit:] if limit else rows)]

    def clear(self) -> None:
        """Forget every entry."""
        self._rows.clear()

    def __len__(self) -> int:
        """How many entries are kept."""
        return len(self._rows)
