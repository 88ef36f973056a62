"""Typed values from the text of a page or a schema: ``"4"`` as 4, ``"false"`` as false."""

from __future__ import annotations

import json
import re
from typing import Any

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_RANGE = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?)\s*(?:-|\u2013|to)\s*(-?[0-9]+(?:\.[0-9]+)?)$")

INVALID: Any = object()
"""Returned when a text is not a value of the type asked for."""


def typed(kind: str, text: str) -> Any:
    """``text`` as a value of the spec type ``kind``, or :data:`INVALID`."""
    text = text.strip()
    if kind == "string":
        return text
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        return number(text)
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return INVALID


def number(text: str) -> int | float:
    """``"2"`` -> 2, ``"2.5"`` -> 2.5 (integral values stay integers)."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def options(kind: str, text: str) -> list[Any] | None:
    """The values of an options cell (``["720P","1080P"]`` or ``5,10``), typed; ``None`` if
    the cell is not a list of such values."""
    text = text.strip()
    try:
        raw = json.loads(text) if text.startswith("[") else None
    except ValueError:
        return None
    items = [str(item) for item in raw] if isinstance(raw, list) else text.split(",")
    values = [typed(kind, item) for item in items]
    return None if not values or any(v is INVALID for v in values) else values


def value_range(text: str) -> tuple[int | float, int | float] | None:
    """``0\u201320`` (an en dash) or ``2-15`` as ``(min, max)``."""
    match = _RANGE.match(text.strip())
    return (number(match.group(1)), number(match.group(2))) if match else None
