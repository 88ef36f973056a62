"""Exhaustive check of a pricing table: every valid input has exactly one price.

Rules only test the inputs named in their ``when``, and only for equality, so
each such input has a small set of *representative* values: its enum (or
``true``/``false``), the values the rules mention plus one value they do not,
and "absent" for an optional input without a default. Every combination of
representatives is priced; this finds inputs no rule prices, two conditional
rules that both match (unless ``match: first``) and rules that can never apply.
"""

from __future__ import annotations

import itertools
import json
import math
import string
from collections.abc import Iterator
from typing import Any

from .evaluate import rule_holds
from .schema import CaseInsensitive, Condition, Input, ModelSpec

Problem = tuple[tuple[str | int, ...], str]

MAX_COMBINATIONS = 100_000
"""Tables needing more representative inputs than this are refused as too large to check."""

_ABSENT: Any = object()


def representative_inputs(model: ModelSpec) -> Iterator[dict[str, Any]] | int:
    """Every distinct input the pricing conditions can tell apart (only the inputs they
    test), or their number when it is over :data:`MAX_COMBINATIONS`."""
    rules = model.pricing.rules
    names = [name for name in model.inputs if any(name in rule.when for rule in rules)]
    domains = [
        _representatives(
            model.inputs[name], [rule.when[name] for rule in rules if name in rule.when]
        )
        for name in names
    ]
    total = math.prod(len(domain) for domain in domains)
    if total > MAX_COMBINATIONS:
        return total
    return (
        {n: v for n, v in zip(names, combination, strict=True) if v is not _ABSENT}
        for combination in itertools.product(*domains)
    )


def pricing_problems(model: ModelSpec) -> Iterator[Problem]:
    """Gaps, overlaps and unreachable rules of ``model.pricing`` (rules must be sound)."""
    pricing = model.pricing
    rules = pricing.rules
    inputs = representative_inputs(model)
    if isinstance(inputs, int):
        yield (
            ("pricing", "rules"),
            f"the conditions combine into {inputs} distinct inputs, more than the "
            f"{MAX_COMBINATIONS} that can be checked; split the model or simplify the table",
        )
        return
    has_default = bool(rules) and not rules[-1].when
    uncovered: list[dict[str, Any]] = []
    overlaps: dict[tuple[int, int], dict[str, Any]] = {}
    reached: set[int] = set()
    for values in inputs:
        matches = [i for i, rule in enumerate(rules) if rule.when and rule_holds(rule, values)]
        if matches:
            reached.add(matches[0])
        elif not has_default:
            uncovered.append(values)
        if pricing.match == "exclusive":
            for pair in itertools.combinations(matches, 2):
                overlaps.setdefault(pair, values)
    if uncovered:
        more = f" (and {len(uncovered) - 1} more)" if len(uncovered) > 1 else ""
        yield (
            ("pricing", "rules"),
            f"no rule prices the input {_show(uncovered[0])}{more}; add rules for it, "
            "or a default rule without 'when' last",
        )
    for (first, second), values in sorted(overlaps.items()):
        yield (
            ("pricing", "rules", second),
            f"rules {first} ({rules[first].label!r}) and {second} ({rules[second].label!r}) "
            f"both match the input {_show(values)}; make their conditions exclusive, "
            "or set 'match: first' to let the earlier rule win",
        )
    if pricing.match == "first":
        for i, rule in enumerate(rules):
            if rule.when and i not in reached:
                yield (
                    ("pricing", "rules", i),
                    f"rule {i} ({rule.label!r}) never applies: earlier rules match "
                    "every input it matches",
                )


def _show(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False) if values else "{} (no input given)"


def _representatives(spec: Input, conditions: list[Condition]) -> list[Any]:
    """Values of one input that together meet or miss every condition on it."""
    if spec.type == "boolean":
        values: list[Any] = [True, False]
    elif spec.enum is not None:
        values = list(spec.enum)
    else:
        mentioned = [c.eq_i if isinstance(c, CaseInsensitive) else c for c in conditions]
        values = list(dict.fromkeys(mentioned))
        other = _other_value(spec, mentioned)
        if other is not None:
            values.append(other)
    if not spec.required and not spec.has_default:
        values.append(_ABSENT)
    return values


def _other_value(spec: Input, taken: list[Any]) -> Any:
    """A valid value of ``spec`` that equals none of ``taken`` (ignoring case), if any."""
    if spec.type == "string":
        folded = {str(value).casefold() for value in taken}
        length = spec.min_length or (1 if spec.max_length != 0 else 0)
        for letters in itertools.product(string.ascii_lowercase + string.digits, repeat=length):
            text = "".join(letters)
            if text not in folded:
                return text
        return None
    step = 1 if spec.type == "integer" else 0.5
    start = spec.minimum if spec.minimum is not None else 0
    for k in range(len(taken) + 1):
        number = start + k * step
        if spec.maximum is not None and number > spec.maximum:
            return None
        if number not in taken:
            return number
    return None
