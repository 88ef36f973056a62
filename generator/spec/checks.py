"""Rules of the spec format that types alone cannot express."""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterator
from typing import Any

from . import evaluate
from .coverage import pricing_problems
from .schema import (
    FORMAT_VERSION,
    NO_DEFAULT,
    CaseInsensitive,
    Input,
    ModelSpec,
    Platform,
    PriceRule,
    QueryParameter,
    WebhookSigning,
)

Problem = tuple[tuple[str | int, ...], str]
"""A key path and what is wrong there."""

_SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
_STATUS_FAMILY = re.compile(r"^[1-5]xx$")
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
}
REQUIRED_ENDPOINTS = ("create_prediction", "get_prediction", "list_models", "get_model")
RESERVED_NAMES = frozenset(
    {"predictions", "models", "close", "aclose", "api_key", "base_url", "timeout"}
    | {"max_retries", "validate", "allow_local_urls"}
)
"""Client attributes a model's Python name may not take (``client.<name>`` is the model)."""


def a_type(kind: str) -> str:
    """``integer`` -> ``an integer``: the type name with its article, for messages."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def value_matches_type(kind: str, value: Any) -> bool:
    """Whether ``value`` is a JSON value of the spec type ``kind`` (booleans are not numbers)."""
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, _PY_TYPES[kind])


def check_platform(platform: Platform) -> Iterator[Problem]:
    """Everything wrong with a platform spec beyond its types."""
    if platform.format_version != FORMAT_VERSION:
        yield (
            ("format_version",),
            f"unsupported format version {platform.format_version}; expected {FORMAT_VERSION}",
        )
    if not platform.base_url.startswith(("https://", "http://")):
        yield ("base_url",), f"must be an http(s) URL, got {platform.base_url!r}"
    for name in REQUIRED_ENDPOINTS:
        if name not in platform.endpoints:
            yield ("endpoints",), f"missing required endpoint {name!r}"
    for name, endpoint in platform.endpoints.items():
        for param, spec in endpoint.query.items():
            yield from _check_query(("endpoints", name, "query", param), spec)
        for key in ("request_schema", "response_schema"):
            ref = getattr(endpoint, key)
            if ref is not None and ref not in platform.schemas:
                yield (
                    ("endpoints", name, key),
                    f"unknown schema {ref!r} (defined: {', '.join(sorted(platform.schemas))})",
                )
    if platform.webhook.payload_schema not in platform.schemas:
        yield ("webhook", "payload_schema"), f"unknown schema {platform.webhook.payload_schema!r}"
    yield from _check_signing(platform.webhook.signing)
    outcomes = {status.outcome for status in platform.statuses.values()}
    for outcome in ("pending", "succeeded", "failed"):
        if outcome not in outcomes:
            yield ("statuses",), f"needs a status whose outcome is {outcome!r}"
    for status in platform.webhook.statuses:
        if status not in platform.statuses:
            yield ("webhook", "statuses", status), f"unknown status {status!r}"
        elif not platform.statuses[status].terminal:
            yield ("webhook", "statuses", status), "only terminal statuses are delivered by webhook"
    seen: set[int | str] = set()
    for i, error in enumerate(platform.errors):
        ok = (isinstance(error.status, int) and 400 <= error.status <= 599) or (
            isinstance(error.status, str) and _STATUS_FAMILY.match(error.status)
        )
        if not ok:
            yield (
                ("errors", i, "status"),
                f"expected an HTTP error status (400-599) or a family like '5xx', "
                f"got {error.status!r}",
            )
        if error.status in seen:
            yield ("errors", i, "status"), f"status {error.status!r} listed twice"
        seen.add(error.status)
        if not error.name.isidentifier():
            yield ("errors", i, "name"), f"must be an identifier, got {error.name!r}"
    for key in ("creates_per_minute", "concurrent_per_key"):
        if getattr(platform.rate_limits, key) < 1:
            yield ("rate_limits", key), "must be at least 1"
    if not platform.file_urls.schemes:
        yield ("file_urls", "schemes"), "must list at least one scheme"
    for path, pattern in _patterns(platform.schemas, ("schemas",)):
        try:
            re.compile(pattern)
        except re.error as exc:
            yield path, f"not a valid regular expression: {exc}"


def _patterns(
    node: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string ``pattern`` keyword in a JSON Schema fragment, with its key path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _patterns(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _patterns(item, (*path, i))


_HEADER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _check_signing(signing: WebhookSigning) -> Iterator[Problem]:
    at = ("webhook", "signing")
    for key in ("header", "timestamp_header"):
        if not _HEADER.match(getattr(signing, key)):
            yield (*at, key), f"must be an HTTP header name, got {getattr(signing, key)!r}"
    if signing.header.lower() == signing.timestamp_header.lower():
        yield (*at, "timestamp_header"), "must differ from 'header'"
    found = sorted(_PLACEHOLDER.findall(signing.signed_content))
    if found != ["body", "timestamp"]:
        yield (
            (*at, "signed_content"),
            "must contain {timestamp} and {body} once each and nothing else in braces, "
            f"got {signing.signed_content!r}",
        )
    if signing.tolerance_seconds < 1:
        yield (*at, "tolerance_seconds"), "must be at least 1"


def _check_query(at: tuple[str | int, ...], spec: QueryParameter) -> Iterator[Problem]:
    if spec.type == "string" and (spec.minimum is not None or spec.maximum is not None):
        yield at, "only integer query parameters take 'minimum' and 'maximum'"
    if spec.default is not None:
        if spec.required:
            yield (*at, "default"), "a required query parameter cannot have a default"
        if not value_matches_type(spec.type, spec.default):
            yield (*at, "default"), f"default {spec.default!r} is not {a_type(spec.type)}"
        elif spec.type == "integer" and not (
            (spec.minimum is None or spec.default >= spec.minimum)  # type: ignore[operator]
            and (spec.maximum is None or spec.default <= spec.maximum)  # type: ignore[operator]
        ):
            yield (*at, "default"), f"default {spec.default} is out of range"


def check_model(model: ModelSpec, file_stem: str) -> Iterator[Problem]:
    """Everything wrong with a model spec beyond its types."""
    info = model.model
    if model.format_version != FORMAT_VERSION:
        yield (
            ("format_version",),
            f"unsupported format version {model.format_version}; expected {FORMAT_VERSION}",
        )
    if not _SLUG.match(info.slug):
        yield (
            ("model", "slug"),
            f"must be lowercase letters, digits, '-' and '.', got {info.slug!r}",
        )
    elif not model.python_name.isidentifier() or keyword.iskeyword(model.python_name):
        yield ("model", "slug"), f"{info.slug!r} does not map to a Python identifier"
    elif model.python_name in RESERVED_NAMES:
        yield ("model", "slug"), f"{info.slug!r} would hide the client's {model.python_name!r}"
    elif info.slug != file_stem:
        yield ("model", "slug"), f"{info.slug!r} does not match the file name {file_stem!r}.yaml"
    if info.estimated_processing_seconds <= 0:
        yield ("model", "estimated_processing_seconds"), "must be positive"
    for key in ("output_type", "output_items"):
        value = getattr(info, key)
        if value is not None and not _WORD.match(value):
            yield ("model", key), f"must be a lowercase word such as 'video', got {value!r}"
    if info.output_items is not None and info.output_type != "array":
        yield ("model", "output_items"), "only an 'array' output_type takes 'output_items'"
    if not model.inputs:
        yield ("inputs",), "a model needs at least one input"
    problems: list[Problem] = []
    for name, spec in model.inputs.items():
        problems.extend(_check_input(name, spec))
    problems.extend(_check_example(model))
    problems.extend(_check_modes(model))
    problems.extend(_check_pricing(model))
    yield from problems
    if not problems:
        # Only a sound model can be priced; otherwise this would repeat earlier problems.
        yield from _check_example_estimate(model)


def _check_input(name: str, spec: Input) -> Iterator[Problem]:
    at: Callable[..., tuple[str | int, ...]] = lambda *keys: ("inputs", name, *keys)  # noqa: E731
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        yield at(), f"input name {name!r} must be a Python identifier not starting with '_'"
    if spec.type == "object":
        for key in ("enum", "default"):
            if getattr(spec, key) not in (None, NO_DEFAULT):
                yield at(key), f"object inputs take no {key!r}"
    numeric = spec.type in ("integer", "number")
    for key in ("minimum", "maximum"):
        bound = getattr(spec, key)
        if bound is None:
            continue
        if not numeric:
            yield at(key), f"only integer and number inputs take {key!r}"
        elif spec.type == "integer" and not isinstance(bound, int):
            yield at(key), f"an integer input needs an integer {key}, got {bound!r}"
    if spec.minimum is not None and spec.maximum is not None and spec.minimum > spec.maximum:
        yield at("minimum"), f"minimum {spec.minimum} is greater than maximum {spec.maximum}"
    for key in ("min_length", "max_length"):
        bound = getattr(spec, key)
        if bound is not None and spec.type != "string":
            yield at(key), f"only string inputs take {key!r}"
        elif bound is not None and bound < 0:
            yield at(key), f"must not be negative, got {bound}"
    if (
        spec.min_length is not None
        and spec.max_length is not None
        and spec.min_length > spec.max_length
    ):
        yield (
            at("min_length"),
            f"min_length {spec.min_length} is greater than max_length {spec.max_length}",
        )
    if spec.media is not None:
        if spec.type != "string":
            yield at("media"), "only string (URL) inputs take 'media'"
        if not spec.media.formats:
            yield at("media", "formats"), "must list at least one format"
        for i, fmt in enumerate(spec.media.formats):
            if not re.fullmatch(r"[a-z0-9]+", fmt):
                yield (
                    at("media", "formats", i),
                    f"formats are lowercase file extensions, got {fmt!r}",
                )
        rng = spec.media.duration_seconds
        if rng is not None and rng.min > rng.max:
            yield at("media", "duration_seconds"), f"min {rng.min} is greater than max {rng.max}"
    if spec.enum is not None and spec.type != "object":
        if not spec.enum:
            yield at("enum"), "must list at least one value"
        for i, value in enumerate(spec.enum):
            if not value_matches_type(spec.type, value):
                yield at("enum", i), f"{value!r} is not {a_type(spec.type)}"
            elif spec.enum.index(value) != i:
                yield at("enum", i), f"{value!r} is listed twice"
    if spec.has_default and spec.type != "object":
        if spec.required:
            yield at("default"), "a required input cannot have a default"
        message = value_problem(spec, spec.default)
        if message:
            yield at("default"), f"default {spec.default!r}: {message}"


def value_problem(spec: Input, value: Any) -> str | None:
    """Why ``value`` breaks ``spec``'s type, enum, range or length, or ``None``."""
    if not value_matches_type(spec.type, value):
        return f"is not {a_type(spec.type)}"
    if spec.enum is not None and value not in spec.enum:
        return f"is not one of {', '.join(repr(v) for v in spec.enum)}"
    if spec.type in ("integer", "number"):
        if spec.minimum is not None and value < spec.minimum:
            return f"is below the minimum {spec.minimum}"
        if spec.maximum is not None and value > spec.maximum:
            return f"is above the maximum {spec.maximum}"
    if spec.type == "string":
        if spec.max_length is not None and len(value) > spec.max_length:
            return f"is longer than {spec.max_length} characters"
        if spec.min_length is not None and len(value) < spec.min_length:
            return f"is shorter than {spec.min_length} characters"
    return None


def _check_example(model: ModelSpec) -> Iterator[Problem]:
    example = model.model.example_input
    if example is None:
        if model.pricing.example_estimate is not None:
            yield (
                ("pricing", "example_estimate"),
                "needs model.example_input (the input the estimate is for)",
            )
        return
    for name, value in example.items():
        if name not in model.inputs:
            yield ("model", "example_input", name), f"unknown input {name!r}"
            continue
        message = value_problem(model.inputs[name], value)
        if message:
            yield ("model", "example_input", name), f"{value!r} {message}"
    for name, spec in model.inputs.items():
        if spec.required and name not in example:
            yield ("model", "example_input"), f"missing required input {name!r}"


def _check_modes(model: ModelSpec) -> Iterator[Problem]:
    names: set[str] = set()
    for i, mode in enumerate(model.modes):
        if mode.name in names:
            yield ("modes", i, "name"), f"mode {mode.name!r} defined twice"
        names.add(mode.name)
        for key in ("when_present", "ignores"):
            for j, name in enumerate(getattr(mode, key)):
                if name not in model.inputs:
                    yield ("modes", i, key, j), f"unknown input {name!r}"
        if not mode.when_present and i != len(model.modes) - 1:
            yield ("modes", i), "only the last mode may omit 'when_present' (it is the fallback)"


def _check_pricing(model: ModelSpec) -> Iterator[Problem]:
    rules = model.pricing.rules
    if not rules:
        yield ("pricing", "rules"), "needs at least one rule"
        return
    problems: list[Problem] = []
    for i, rule in enumerate(rules):
        problems.extend(_check_rule(model, i, rule))
        if not rule.when and i != len(rules) - 1:
            problems.append(
                (
                    ("pricing", "rules", i),
                    "only the last rule may omit 'when' (it is the default rule)",
                )
            )
    yield from problems
    if not problems:
        # Coverage is only meaningful for rules that are sound one by one.
        yield from pricing_problems(model)


def _check_rule(model: ModelSpec, i: int, rule: PriceRule) -> Iterator[Problem]:
    at: Callable[..., tuple[str | int, ...]] = lambda *keys: ("pricing", "rules", i, *keys)  # noqa: E731
    for name, expected in rule.when.items():
        spec = model.inputs.get(name)
        if spec is None:
            yield at("when", name), f"unknown input {name!r}"
        elif spec.type == "object":
            yield at("when", name), f"input {name!r} is an object; conditions test scalar inputs"
        elif isinstance(expected, CaseInsensitive):
            if spec.type != "string":
                yield (
                    at("when", name),
                    f"'eq_i' compares strings; input {name!r} is {a_type(spec.type)}",
                )
            elif spec.enum is not None and not any(
                str(value).casefold() == expected.eq_i.casefold() for value in spec.enum
            ):
                yield (
                    at("when", name),
                    f"{expected.eq_i!r} matches none of {', '.join(repr(v) for v in spec.enum)} "
                    f"of input {name!r}, even ignoring case",
                )
        else:
            message = value_problem(spec, expected)
            if message:
                yield at("when", name), f"{expected!r} {message} of input {name!r}"
    amounts = [key for key in ("flat", "per_second", "unpriced") if getattr(rule, key) is not None]
    if len(amounts) != 1:
        yield at(), "needs exactly one of 'flat', 'per_second' or 'unpriced'"
    if rule.per_second is not None:
        yield from _check_seconds_from(model, rule, at)
    elif rule.seconds_from is not None:
        yield at("seconds_from"), "only 'per_second' rules take 'seconds_from'"
    for key in ("flat", "per_second"):
        amount = getattr(rule, key)
        if amount is not None and amount < 0:
            yield at(key), "must not be negative"


def _check_seconds_from(
    model: ModelSpec, rule: PriceRule, at: Callable[..., tuple[str | int, ...]]
) -> Iterator[Problem]:
    name = rule.seconds_from
    if name is None:
        yield at(), "'per_second' needs 'seconds_from' (the input that gives the seconds billed)"
        return
    spec = model.inputs.get(name)
    if spec is None:
        yield at("seconds_from"), f"unknown input {name!r}"
    elif spec.type == "string":
        numeric = spec.enum is not None and all(
            isinstance(v, str) and evaluate.SECONDS_TEXT.fullmatch(v) for v in spec.enum
        )
        if not numeric:
            yield (
                at("seconds_from"),
                f'input {name!r} is a string: it needs an enum of numbers such as "5"',
            )
    elif spec.type not in ("integer", "number"):
        yield at("seconds_from"), f"input {name!r} is not a number"
    if spec is not None and not (spec.required or spec.has_default):
        yield at("seconds_from"), f"input {name!r} needs a default or must be required"


def _check_example_estimate(model: ModelSpec) -> Iterator[Problem]:
    expected = model.pricing.example_estimate
    example = model.model.example_input
    if expected is None or example is None:
        return
    try:
        estimate = evaluate.price(model, example)
    except ValueError as exc:
        yield ("pricing", "example_estimate"), f"cannot price model.example_input: {exc}"
        return
    if estimate != expected:
        yield (
            ("pricing", "example_estimate"),
            f"{expected} does not match {estimate}, the price the rules give model.example_input",
        )
