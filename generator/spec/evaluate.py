"""Interpret a model spec on a concrete input: defaults, mode and price.

This is the reference reading of pricing and modes (``spec/README.md``,
*Pricing*). The generator compiles the same rules into code; the contract
tests hold the two to each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .schema import CaseInsensitive, Condition, Mode, ModelSpec, PriceRule

SECONDS_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?")
"""A string that ``seconds_from`` reads as a number of seconds (``"8"``, ``"2.5"``)."""


class PriceUnavailable(ValueError):
    """The rule that applies to an input is ``unpriced``: the spec knows no price for it."""

    def __init__(self, rule: PriceRule) -> None:
        self.rule = rule
        super().__init__(f"no price for this input (pricing rule {rule.label!r}): {rule.unpriced}")


def with_defaults(model: ModelSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` without nulls, plus the spec's default for every input left out.

    A ``null`` input counts as absent (spec/README.md, *Validation*).
    """
    result = {name: value for name, value in values.items() if value is not None}
    for name, spec in model.inputs.items():
        if name not in result and spec.has_default:
            result[name] = spec.default
    return result


def active_mode(model: ModelSpec, values: Mapping[str, Any]) -> Mode | None:
    """The first mode whose ``when_present`` inputs are all given (not ``None``)."""
    for mode in model.modes:
        if all(values.get(name) is not None for name in mode.when_present):
            return mode
    return None


def condition_holds(condition: Condition, actual: Any) -> bool:
    """Whether an input's value (defaults applied; ``None`` when absent) meets ``condition``.

    Booleans equal only booleans; numbers compare numerically (``4.0`` equals ``4``) and
    never equal strings or booleans; strings compare exactly, or ignoring case for ``eq_i``.
    """
    if isinstance(condition, CaseInsensitive):
        return isinstance(actual, str) and actual.casefold() == condition.eq_i.casefold()
    if isinstance(condition, bool) or isinstance(actual, bool):
        return isinstance(condition, bool) and isinstance(actual, bool) and actual is condition
    if isinstance(condition, (int, float)):
        return isinstance(actual, (int, float)) and actual == condition
    return isinstance(actual, str) and actual == condition


def rule_holds(rule: PriceRule, full: Mapping[str, Any]) -> bool:
    """Whether every condition of ``rule`` holds for ``full`` (defaults applied)."""
    return all(condition_holds(expected, full.get(name)) for name, expected in rule.when.items())


def matching_rule(model: ModelSpec, values: Mapping[str, Any]) -> PriceRule | None:
    """The first pricing rule whose conditions hold for ``values`` (defaults applied)."""
    full = with_defaults(model, values)
    return next((rule for rule in model.pricing.rules if rule_holds(rule, full)), None)


def price(model: ModelSpec, values: Mapping[str, Any]) -> Decimal:
    """Estimated cost in USD of running ``model`` on ``values`` (defaults applied).

    Raises ``ValueError`` when no rule matches or a rule needs an input that is missing,
    and :class:`PriceUnavailable` (a ``ValueError``) when the matching rule is unpriced.
    """
    full = with_defaults(model, values)
    rule = matching_rule(model, full)
    if rule is None:
        raise ValueError(f"no pricing rule of {model.slug} matches the input")
    return rule_price(rule, full)


def rule_price(rule: PriceRule, full: Mapping[str, Any]) -> Decimal:
    """Price given by one rule for an input that already has defaults applied."""
    if rule.unpriced is not None:
        raise PriceUnavailable(rule)
    if rule.flat is not None:
        return rule.flat
    assert rule.per_second is not None and rule.seconds_from is not None
    return rule.per_second * seconds(rule, full.get(rule.seconds_from))


def seconds(rule: PriceRule, value: Any) -> Decimal:
    """The seconds a per-second rule bills: a number, or a string such as ``"8"``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str) and SECONDS_TEXT.fullmatch(value):
        return Decimal(value)
    raise ValueError(f"pricing rule {rule.label!r} needs a number in {rule.seconds_from!r}")
