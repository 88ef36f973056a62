"""Compare two versions of the models of a spec: every change, classified for callers.

``breaking``: a call that worked may now fail or behave differently (a model
or input removed, an input newly required, an enum, range, length or file
format narrowed, a type, default, version or output type changed).
``compatible``: every call that worked still does (a model or optional input
added, a limit widened, documentation). ``price``: pricing changes, listed on
their own since they change the bill, not the call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .spec import CaseInsensitive, Input, ModelSpec, PriceRule
from .spec.schema import NO_DEFAULT

Kind = Literal["breaking", "compatible", "price"]
KINDS: tuple[Kind, ...] = ("breaking", "compatible", "price")


@dataclass(frozen=True, order=True)
class Change:
    """One difference: its kind, the model it is in, and what changed."""

    kind: Kind
    model: str
    message: str

    def __str__(self) -> str:
        kind = self.kind.upper() if self.kind == "breaking" else self.kind
        return f"{kind:<10} {self.model}: {self.message}"


def diff_models(old: Mapping[str, ModelSpec], new: Mapping[str, ModelSpec]) -> list[Change]:
    """Every change from ``old`` to ``new`` (models by slug), breaking first."""
    changes: list[Change] = []
    for slug in sorted(old.keys() | new.keys()):
        if slug not in new:
            changes.append(Change("breaking", slug, "model removed"))
        elif slug not in old:
            changes.append(Change("compatible", slug, "model added"))
        else:
            changes.extend(
                Change(kind, slug, message) for kind, message in _model(old[slug], new[slug])
            )
    return sorted(changes, key=lambda c: (KINDS.index(c.kind), c.model))


def _model(old: ModelSpec, new: ModelSpec) -> Iterator[tuple[Kind, str]]:
    for key in ("version", "output_type", "output_items"):
        yield from _changed("breaking", key, getattr(old.model, key), getattr(new.model, key))
    for key in (
        "title",
        "summary",
        "provider",
        "category",
        "status",
        "estimated_processing_seconds",
    ):
        yield from _changed("compatible", key, getattr(old.model, key), getattr(new.model, key))
    for name in old.inputs.keys() - new.inputs.keys():
        yield "breaking", f"input {name!r} removed"
    for name, spec in new.inputs.items():
        if name not in old.inputs:
            required = spec.required
            yield (
                ("breaking" if required else "compatible"),
                (f"input {name!r} added ({'required' if required else 'optional'})"),
            )
        else:
            for kind, message in _input(old.inputs[name], spec):
                yield kind, f"input {name!r}: {message}"
    if old.modes != new.modes:
        yield "compatible", "modes changed (they document the API, they never reject input)"
    yield from _pricing(old, new)


def _changed(kind: Kind, what: str, old: Any, new: Any) -> Iterator[tuple[Kind, str]]:
    if old != new:
        yield kind, f"{what} changed from {_show(old)} to {_show(new)}"


def _input(old: Input, new: Input) -> Iterator[tuple[Kind, str]]:
    if old.type != new.type:
        yield "breaking", f"type changed from {old.type} to {new.type}"
        return
    if old.required != new.required:
        yield ("breaking", "now required") if new.required else ("compatible", "now optional")
    if old.default != new.default:
        before = "none" if old.default is NO_DEFAULT else _show(old.default)
        after = "none" if new.default is NO_DEFAULT else _show(new.default)
        yield "breaking", f"default changed from {before} to {after}"
    yield from _enum(old.enum, new.enum)
    yield from _bound("minimum", old.minimum, new.minimum, lower_is_wider=True)
    yield from _bound("maximum", old.maximum, new.maximum, lower_is_wider=False)
    yield from _bound("min_length", old.min_length, new.min_length, lower_is_wider=True)
    yield from _bound("max_length", old.max_length, new.max_length, lower_is_wider=False)
    yield from _media(old, new)
    if old.description != new.description:
        yield "compatible", "description changed"


def _enum(old: list[Any] | None, new: list[Any] | None) -> Iterator[tuple[Kind, str]]:
    if old == new:
        return
    if old is None:
        yield "breaking", f"enum narrowed: now only {_values(new or [])}"
    elif new is None:
        yield "compatible", "enum widened: any value of the type"
    else:
        removed = [v for v in old if v not in new]
        added = [v for v in new if v not in old]
        if removed:
            yield "breaking", f"enum narrowed: {_values(removed)} removed"
        if added:
            yield "compatible", f"enum widened: {_values(added)} added"


def _bound(
    key: str, old: int | float | None, new: int | float | None, *, lower_is_wider: bool
) -> Iterator[tuple[Kind, str]]:
    if old == new:
        return
    if old is None or new is None:
        wider = new is None
    else:
        wider = new < old if lower_is_wider else new > old
    what = "range" if key in ("minimum", "maximum") else "length"
    verb = "widened" if wider else "narrowed"
    yield (
        ("compatible" if wider else "breaking"),
        (
            f"{what} {verb}: {key} {_show(old) if old is not None else 'none'} -> "
            f"{_show(new) if new is not None else 'none'}"
        ),
    )


def _media(old: Input, new: Input) -> Iterator[tuple[Kind, str]]:
    if old.media == new.media:
        return
    if old.media is None:
        yield "breaking", "now a checked file URL"
        return
    if new.media is None:
        yield "compatible", "no longer a checked file URL"
        return
    if old.media.kind != new.media.kind:
        yield "breaking", f"file kind changed from {old.media.kind} to {new.media.kind}"
    removed = [f for f in old.media.formats if f not in new.media.formats]
    added = [f for f in new.media.formats if f not in old.media.formats]
    if removed:
        yield "breaking", f"file formats narrowed: {', '.join(removed)} removed"
    if added:
        yield "compatible", f"file formats widened: {', '.join(added)} added"
    for key in ("max_size_mb", "duration_seconds"):
        if getattr(old.media, key) != getattr(new.media, key):
            yield "compatible", f"documented {key} changed (not enforced)"


# --------------------------------------------------------------------------- pricing


def _pricing(old: ModelSpec, new: ModelSpec) -> Iterator[tuple[Kind, str]]:
    before = {rule.label: rule for rule in old.pricing.rules}
    after = {rule.label: rule for rule in new.pricing.rules}
    for label in before.keys() - after.keys():
        yield "price", f"pricing rule {label!r} removed ({_rule(before[label])})"
    for label, rule in after.items():
        if label not in before:
            yield "price", f"pricing rule {label!r} added ({_rule(rule)})"
        elif _rule(before[label]) != _rule(rule):
            yield "price", f"pricing rule {label!r}: {_rule(before[label])} -> {_rule(rule)}"
    if [r.label for r in old.pricing.rules] != [r.label for r in new.pricing.rules] and (
        before.keys() == after.keys()
    ):
        yield "price", "pricing rules reordered"
    if old.pricing.match != new.pricing.match:
        yield "price", f"rule matching changed from {old.pricing.match} to {new.pricing.match}"
    yield from (
        ("price", message)
        for _, message in _changed(
            "price", "example estimate", old.pricing.example_estimate, new.pricing.example_estimate
        )
    )


def _rule(rule: PriceRule) -> str:
    conditions = " AND ".join(
        f"{name} eq_i {value.eq_i!r}"
        if isinstance(value, CaseInsensitive)
        else f"{name} == {value!r}"
        for name, value in rule.when.items()
    )
    if rule.flat is not None:
        amount = f"${rule.flat}"
    elif rule.per_second is not None:
        amount = f"${rule.per_second}/s of {rule.seconds_from}"
    else:
        amount = "unpriced"
    return f"{amount} when {conditions}" if conditions else f"{amount} otherwise"


def _show(value: Any) -> str:
    return str(value) if isinstance(value, Decimal) else repr(value)


def _values(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values)
