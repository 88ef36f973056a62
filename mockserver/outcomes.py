"""Scripted outcomes: what a prediction will do, set by a test.

An outcome is given as JSON (control routes) or in the ``X-Mock-Outcome``
header (a bare kind such as ``error``, or the same JSON object):

``{"outcome": "success" | "error" | "slow" | "fault", "message": str, "details": any,
"output": any, "seconds": float, "status": int, "poll_faults": int,
"model": str, "api_key": str, "times": int}``

- ``success``: finish successfully (``output`` replaces the generated output).
- ``error``: finish with status ``error`` and ``message`` / ``details``.
- ``slow``: succeed, but only after ``seconds`` (default: 5x the normal time).
- ``fault``: the create request itself answers ``status`` (default 500); nothing is created.
- ``seconds``: processing time on the mock's clock (already scaled), for any kind.
- ``poll_faults``: the first N polls of the prediction answer 503.
- ``model`` / ``api_key`` (queued outcomes only): apply to the next matching create.
- ``times`` (queued outcomes only): how many creates the outcome applies to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["success", "error", "slow", "fault"]
KINDS: tuple[Kind, ...] = ("success", "error", "slow", "fault")
_UNSET: Any = object()
_FIELDS = {
    "outcome",
    "message",
    "details",
    "output",
    "seconds",
    "status",
    "poll_faults",
    "model",
    "api_key",
    "times",
}


@dataclass(slots=True)
class Outcome:
    """How one prediction ends, and when."""

    kind: Kind = "success"
    message: str | None = None
    details: Any = None
    output: Any = _UNSET
    seconds: float | None = None
    status: int = 500
    poll_faults: int = 0
    model: str | None = None
    api_key: str | None = None
    times: int = 1

    @property
    def has_output(self) -> bool:
        """Whether a scripted ``output`` replaces the generated one."""
        return self.output is not _UNSET

    def matches(self, model: str, api_key: str) -> bool:
        """Whether this queued outcome applies to a create of ``model`` by ``api_key``."""
        return (self.model in (None, model)) and (self.api_key in (None, api_key))

    def to_json(self) -> dict[str, Any]:
        """The JSON form accepted by :func:`parse_outcome`."""
        data: dict[str, Any] = {"outcome": self.kind, "times": self.times}
        for name in ("message", "details", "seconds", "model", "api_key"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.has_output:
            data["output"] = self.output
        if self.kind == "fault":
            data["status"] = self.status
        if self.poll_faults:
            data["poll_faults"] = self.poll_faults
        return data


def parse_outcome(value: Any) -> Outcome:
    """An :class:`Outcome` from its JSON form; ``ValueError`` says what is wrong."""
    if isinstance(value, str):
        value = {"outcome": value}
    if not isinstance(value, dict):
        raise ValueError("an outcome is a kind name or a JSON object")
    unknown = sorted(set(value) - _FIELDS)
    if unknown:
        raise ValueError(f"unknown outcome field(s): {', '.join(unknown)}")
    kind = value.get("outcome", "success")
    if kind not in KINDS:
        raise ValueError(f"outcome must be one of {', '.join(KINDS)}")
    outcome = Outcome(kind=kind)
    for name in ("message", "model", "api_key"):
        if value.get(name) is not None:
            if not isinstance(value[name], str):
                raise ValueError(f"{name} must be a string")
            setattr(outcome, name, value[name])
    outcome.details = value.get("details")
    if "output" in value:
        outcome.output = value["output"]
    if value.get("seconds") is not None:
        outcome.seconds = _number(value["seconds"], "seconds")
    outcome.status = int(_number(value.get("status", 500), "status", whole=True))
    if not 500 <= outcome.status <= 599:
        raise ValueError("status must be a 5xx code")
    outcome.poll_faults = int(_number(value.get("poll_faults", 0), "poll_faults", whole=True))
    outcome.times = int(_number(value.get("times", 1), "times", whole=True))
    if outcome.times < 1:
        raise ValueError("times must be at least 1")
    return outcome


def parse_header(text: str) -> Outcome:
    """The outcome in an ``X-Mock-Outcome`` header: a kind name or a JSON object."""
    text = text.strip()
    return parse_outcome(json.loads(text) if text.startswith("{") else text)


def _number(value: Any, name: str, *, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a non-negative number")
    if whole and not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number")
    return float(value)
