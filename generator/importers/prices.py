"""Pricing rules as Eachlabs pages write them: conditions and price cells.

A condition is ``field == "value"`` or ``field eq_i "value"`` clauses joined by
``AND``; a price cell is ``720P pricing: $0.10/sec (default)`` (a rate per
second), ``$0.8000`` (flat), ``0.03/Per image pricing`` (per something else)
or prose. Anything else is reported as unreadable, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

_CLAUSE = re.compile(r'^([A-Za-z_][\w.]*)\s*(==|eq_i|!=|<=|>=|<|>)\s*"([^"]*)"$')
_RULE_NAME = re.compile(r"^Rule \d+$")
_AMOUNT = r"(?P<amount>[0-9]+(?:\.[0-9]+)?)"
_NOTE = re.compile(r"^(\(.*\))?$")
_PER_SECOND = re.compile(
    rf"^(?P<before>[^$]*?)\${_AMOUNT}\s*/\s*(?:sec|second|s)\b(?P<after>.*)$", re.I
)
_FLAT = re.compile(rf"^(?P<before>[^$]*?)\${_AMOUNT}(?P<after>[^$]*)$")
_PER_UNIT = re.compile(rf"^\$?{_AMOUNT}\s*/\s*per\s+(?P<unit>\w+)(?P<after>.*)$", re.I)


@dataclass(frozen=True)
class Clause:
    """One ``name op "value"`` clause of a condition."""

    name: str
    op: str
    value: str


@dataclass(frozen=True)
class Price:
    """A price cell: its label, kind and amount (``None`` for prose)."""

    kind: Literal["flat", "per_second", "per_unit", "prose"]
    label: str
    amount: Decimal | None = None
    unit: str | None = None


def is_rule_name(condition: str) -> bool:
    """Whether a condition cell is only a rule's name (``Rule 2``), naming no input."""
    return bool(_RULE_NAME.match(condition.strip()))


def read_condition(text: str) -> list[Clause] | None:
    """The clauses of ``a == "x" AND b eq_i "y"``; ``None`` when any clause is unreadable."""
    clauses = []
    for part in re.split(r"\s+AND\s+", text.strip()):
        match = _CLAUSE.match(part.strip())
        if match is None:
            return None
        clauses.append(Clause(*match.groups()))
    return clauses


def read_price(text: str) -> Price:
    """The kind and amount of one price cell; ``prose`` when it states no single amount."""
    text = " ".join(text.split())
    for kind, pattern in (("per_second", _PER_SECOND), ("flat", _FLAT)):
        match = pattern.match(text)
        if match and _label_like(match.group("before")) and _NOTE.match(match["after"].strip()):
            label = _label(match.group("before"), match.group("after"))
            return Price(kind, label, Decimal(match.group("amount")))  # type: ignore[arg-type]
    match = _PER_UNIT.match(text)
    if match:
        return Price("per_unit", text, Decimal(match.group("amount")), match.group("unit").lower())
    return Price("prose", text)


def amount_text(amount: Decimal) -> str:
    """An amount as the spec writes it: ``0.8000`` -> ``"0.80"``, ``0.075`` -> ``"0.075"``."""
    value = amount.normalize()
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return str(value)


def _label_like(before: str) -> bool:
    before = before.strip()
    return not before or before.endswith(":")


def _label(before: str, after: str) -> str:
    return " ".join(part for part in (before.strip().rstrip(":").strip(), after.strip()) if part)
