"""Interpret a model spec on a concrete input: defaults, mode and price.

This is the reference reading of pricing and modes. The generator compiles
the same rules into code; the contract tests hold the two to each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .schema import Mode, ModelSpec, PriceRule


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


def matching_rule(model: ModelSpec, values: Mapping[str, Any]) -> PriceRule | None:
    """The first pricing rule whose conditions hold for ``values`` (defaults applied)."""
    full = with_defaults(model, values)
    for rule in model.pricing.rules:
        if all(_equal(full.get(name), expected) for name, expected in rule.when.items()):
            return rule
    return None


def price(model: ModelSpec, values: Mapping[str, Any]) -> Decimal:
    """Estimated cost in USD of running ``model`` on ``values`` (defaults applied).

    Raises ``ValueError`` when no rule matches or a rule needs an input that is missing.
    """
    full = with_defaults(model, values)
    rule = matching_rule(model, full)
    if rule is None:
        raise ValueError(f"no pricing rule of {model.slug} matches the input")
    return rule_price(rule, full)


def rule_price(rule: PriceRule, full: Mapping[str, Any]) -> Decimal:
    """Price given by one rule for an input that already has defaults applied."""
    if rule.flat is not None:
        return rule.flat
    assert rule.per_second is not None and rule.seconds_from is not None
    seconds = full.get(rule.seconds_from)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise ValueError(f"pricing rule {rule.label!r} needs a number in {rule.seconds_from!r}")
    return rule.per_second * Decimal(str(seconds))


def _equal(actual: Any, expected: Any) -> bool:
    return type(actual) is type(expected) and actual == expected
