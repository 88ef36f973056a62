"""Small breaks of either side, each with the property that must catch it.

A *source* mutant edits the text of a model's generated module (one regex substitution)
and loads the result in place of the module; a *spec* mutant changes the spec the mock
serves, and only that; a *patch* mutant monkeypatches one function of the mock; a
*machine* mutant breaks the engine under the stateful test. Every mutant is generic:
it applies to each model whose spec or code has what it breaks.
"""

from __future__ import annotations

import heapq
import inspect
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from generator.spec import Input, InputPolicy, ModelSpec, Spec
from mockserver import engine as engine_module
from mockserver import validation as mock_validation
from mockserver import webhooks

from .engine_machine import SPEC, EngineMachine
from .properties import (
    GENERATED_ACCEPTS_VALID,
    GENERATED_NAMES_BROKEN,
    MOCK_ACCEPTS_VALID,
    MOCK_NAMES_BROKEN,
    MODES,
    PRICING,
    Property,
)
from .targets import Target

BUDGET = settings(
    max_examples=1000,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # stop at the first failure: no shrinking
    report_multiple_bugs=False,
    suppress_health_check=list(HealthCheck),
    stateful_step_count=50,
)
"""How hard a property tries to catch a mutant (independent of the profile)."""


def survives(prop: Property, target: Target) -> bool:
    """Whether ``prop`` holds for ``target`` within :data:`BUDGET`."""

    @BUDGET
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        prop.run(target, data)

    try:
        probe()
    except AssertionError:
        return False
    return True


def machine_survives(machine: type[EngineMachine]) -> bool:
    """Whether the stateful test passes with ``machine`` within :data:`BUDGET`."""
    try:
        run_state_machine_as_test(machine, settings=BUDGET)
    except AssertionError:
        return False
    return True


# --------------------------------------------------------------------------- the breaks

Break = Callable[[Target, pytest.MonkeyPatch], Target | None]
"""Applies a mutant to one model: the broken target, or ``None`` where it does not apply."""


@dataclass(frozen=True)
class Mutant:
    """A named break and the property that must catch it."""

    name: str
    killer: Property
    apply: Break


def source(pattern: str, replacement: str, *, everywhere: bool = False) -> Break:
    """Replace the first match of ``pattern`` in the model's generated module (every match
    with ``everywhere``: a template bug repeats in each input's code)."""

    def apply(target: Target, monkeypatch: pytest.MonkeyPatch) -> Target | None:
        module = target.generated
        once = 0 if everywhere else 1
        text, count = re.subn(pattern, replacement, inspect.getsource(module), count=once)
        if not count:
            return None
        mutated = types.ModuleType(f"{module.__name__}_mutant")
        mutated.__package__ = module.__package__
        exec(compile(text, f"<mutant of {module.__name__}>", "exec"), mutated.__dict__)
        return replace(target, generated=mutated)

    return apply


def mock_input(change: Callable[[Input], Input | None]) -> Break:
    """Apply ``change`` to the first input it fits (it returns ``None`` for the others), in
    the spec the mock serves."""

    def apply(target: Target, monkeypatch: pytest.MonkeyPatch) -> Target | None:
        model = target.mock_model
        for name, spec in model.inputs.items():
            changed = change(spec)
            if changed is not None:
                return served(target, replace(model, inputs={**model.inputs, name: changed}))
        return None

    return apply


def higher_minimum(spec: Input) -> Input | None:
    low = spec.minimum
    return replace(spec, minimum=low + 1) if low is not None and spec.enum is None else None


def lower_maximum(spec: Input) -> Input | None:
    high = spec.maximum
    return replace(spec, maximum=high - 1) if high is not None and spec.enum is None else None


def shorter_max_length(spec: Input) -> Input | None:
    high = spec.max_length
    return replace(spec, max_length=high - 1) if high is not None else None


def fewer_enum_values(spec: Input) -> Input | None:
    enum = spec.enum
    return replace(spec, enum=enum[:-1]) if enum is not None and len(enum) > 1 else None


def fewer_formats(spec: Input) -> Input | None:
    media = spec.media
    if media is None or len(media.formats) < 2:
        return None
    return replace(spec, media=replace(media, formats=media.formats[:-1]))


def served(target: Target, model: ModelSpec | None = None, **platform: Any) -> Target:
    """``target`` whose mock serves ``model`` and these platform fields instead."""
    spec = target.mock_spec
    models = {**spec.models, **({model.slug: model} if model else {})}
    return replace(
        target,
        mock_spec=replace(spec, models=models, platform=replace(spec.platform, **platform)),
    )


def mock_platform(applies: Callable[[Target], bool], **fields: Any) -> Break:
    """Change platform fields in the spec the mock serves."""

    def apply(target: Target, monkeypatch: pytest.MonkeyPatch) -> Target | None:
        return served(target, **fields) if applies(target) else None

    return apply


def mock_file_rule_off(rule: str) -> Break:
    """Turn off the file-URL rule ``rule`` (a boolean of ``file_urls``) in the spec the mock
    serves, for models with media inputs where it is on."""

    def apply(target: Target, monkeypatch: pytest.MonkeyPatch) -> Target | None:
        rules = target.mock_spec.platform.file_urls
        if not (media_urls(target) and getattr(rules, rule)):
            return None
        return served(target, file_urls=replace(rules, **{rule: False}))

    return apply


def patch(applies: Callable[[Target], bool], name: str, wrap: Callable[[Any], Any]) -> Break:
    """Replace ``mockserver.validation.<name>`` with ``wrap(original)``."""

    def apply(target: Target, monkeypatch: pytest.MonkeyPatch) -> Target | None:
        if not applies(target):
            return None
        monkeypatch.setattr(mock_validation, name, wrap(getattr(mock_validation, name)))
        return target

    return apply


def has(wanted: Callable[[Input], bool]) -> Callable[[Target], bool]:
    """Whether a target's model has an input ``wanted`` accepts."""
    return lambda target: any(wanted(spec) for spec in target.model.inputs.values())


def media_urls(target: Target) -> bool:
    return has(lambda spec: spec.media is not None)(target)


def skip_required(original: Any) -> Any:
    return lambda *args: [v for v in original(*args) if v.constraint != "required"]


def bool_is_integer(original: Any) -> Any:
    return lambda kind, value: (
        (kind == "integer" and isinstance(value, bool)) or original(kind, value)
    )


def integral_float_is_not_integer(original: Any) -> Any:
    return lambda kind, value: (
        original(kind, value) and not (kind == "integer" and isinstance(value, float))
    )


def wrong_path(original: Any) -> Any:
    return lambda name, *rest: original(name + "_", *rest)


NUMERIC = "[-0-9.e]+"
MUTANTS = (
    # The generated validator, pricing and modes (the module's text, one edit).
    Mutant(
        "generated: minimum off by one",
        GENERATED_ACCEPTS_VALID,
        source(rf"if value < ({NUMERIC}):", r"if value <= \1:", everywhere=True),
    ),
    Mutant(
        "generated: maximum off by one",
        GENERATED_ACCEPTS_VALID,
        source(rf"if value > ({NUMERIC}):", r"if value >= \1:", everywhere=True),
    ),
    Mutant(
        "generated: max_length off by one",
        GENERATED_ACCEPTS_VALID,
        source(r"len\(value\) > (\d+):", r"len(value) >= \1:", everywhere=True),
    ),
    Mutant(
        "generated: min_length off by one",
        GENERATED_NAMES_BROKEN,
        source(r"len\(value\) < (\d+):", r"len(value) < \1 - 1:", everywhere=True),
    ),
    Mutant(
        "generated: enum value dropped",
        GENERATED_ACCEPTS_VALID,
        source(r"(_VALUES: Final = \(.*?), [^,()]+\)", r"\1,)"),
    ),
    Mutant(
        "generated: media format dropped",
        GENERATED_ACCEPTS_VALID,
        source(r"(_FORMATS: Final = \(.*?), [^,()]+\)", r"\1,)"),
    ),
    Mutant(
        "generated: required check skipped",
        GENERATED_NAMES_BROKEN,
        source(
            r"issues\.append\((\s*new_issue\(\s*ValidationIssue,\s*\(\s*\"\w+\", \"required\")",
            r"bool(\1",
            everywhere=True,
        ),
    ),
    Mutant(
        "generated: wrong path",
        GENERATED_NAMES_BROKEN,
        source(
            r'ValidationIssue,(\s*)\((\s*)"(\w+)", "type"',
            r'ValidationIssue,\1(\2"\3_", "type"',
            everywhere=True,
        ),
    ),
    Mutant(
        "generated: boolean taken for an integer",
        GENERATED_NAMES_BROKEN,
        source(
            r"isinstance\(value, bool\)\s+or not \(\s*isinstance\(value, int\)",
            r"not (isinstance(value, int)",
            everywhere=True,
        ),
    ),
    Mutant(
        "generated: unknown inputs accepted",
        GENERATED_NAMES_BROKEN,
        source(r"if not _KNOWN_INPUTS\.issuperset\(input\):", "if False:"),
    ),
    Mutant(
        "generated: pricing rate changed",
        PRICING,
        source(r'Decimal\("(\d+\.\d+)"\)', r'Decimal("\1") + Decimal("0.01")'),
    ),
    Mutant(
        "generated: pricing condition inverted",
        PRICING,
        source(r"if (_\w+) == ", r"if \1 != "),
    ),
    Mutant("generated: default lost", MODES, source(r'(values\["\w+"\] = ).+', r"\1None")),
    Mutant(
        "generated: mode condition inverted",
        MODES,
        source(
            r'if input\.get\("(\w+)"\) is not None:(\s+)return',
            r'if input.get("\1") is None:\2return',
        ),
    ),
    # The mock's reading of the spec (the spec it serves) and its code.
    Mutant("mock: minimum off by one", MOCK_ACCEPTS_VALID, mock_input(higher_minimum)),
    Mutant("mock: maximum off by one", MOCK_ACCEPTS_VALID, mock_input(lower_maximum)),
    Mutant("mock: max_length off by one", MOCK_ACCEPTS_VALID, mock_input(shorter_max_length)),
    Mutant("mock: enum value dropped", MOCK_ACCEPTS_VALID, mock_input(fewer_enum_values)),
    Mutant("mock: media format dropped", MOCK_ACCEPTS_VALID, mock_input(fewer_formats)),
    Mutant(
        "mock: unknown inputs ignored",
        MOCK_NAMES_BROKEN,
        mock_platform(
            lambda t: t.platform.inputs.unknown_inputs == "reject", inputs=InputPolicy("ignore")
        ),
    ),
    Mutant(
        "mock: private addresses accepted",
        MOCK_NAMES_BROKEN,
        mock_file_rule_off("reject_private_addresses"),
    ),
    Mutant(
        "mock: data URIs not told apart", MOCK_NAMES_BROKEN, mock_file_rule_off("reject_data_uris")
    ),
    Mutant(
        "mock: required check skipped",
        MOCK_NAMES_BROKEN,
        patch(has(lambda s: s.required), "_check_one", skip_required),
    ),
    Mutant("mock: wrong path", MOCK_NAMES_BROKEN, patch(lambda t: True, "_check_one", wrong_path)),
    Mutant(
        "mock: boolean taken for an integer",
        MOCK_NAMES_BROKEN,
        patch(has(lambda s: s.type == "integer"), "_has_type", bool_is_integer),
    ),
    Mutant(
        "mock: integral float refused as integer",
        MOCK_ACCEPTS_VALID,
        patch(has(lambda s: s.type == "integer"), "_has_type", integral_float_is_not_integer),
    ),
)


# --------------------------------------------------------------------------- the engine


@dataclass(frozen=True)
class MachineMutant:
    """A break of the engine, caught by the stateful test."""

    name: str
    apply: Callable[[pytest.MonkeyPatch], type[EngineMachine]]


def serving(**limits: int) -> Callable[[pytest.MonkeyPatch], type[EngineMachine]]:
    """The machine, with the engine serving other rate limits than the spec's."""
    served_limits = replace(SPEC.platform.rate_limits, **limits)

    def apply(monkeypatch: pytest.MonkeyPatch) -> type[EngineMachine]:
        spec: Spec = replace(SPEC, platform=replace(SPEC.platform, rate_limits=served_limits))
        return type("MutantMachine", (EngineMachine,), {"served_spec": spec})

    return apply


def engine_patch(
    owner: Any, name: str, wrap: Callable[[Any], Any]
) -> Callable[[pytest.MonkeyPatch], type[EngineMachine]]:
    def apply(monkeypatch: pytest.MonkeyPatch) -> type[EngineMachine]:
        monkeypatch.setattr(owner, name, wrap(getattr(owner, name)))
        return EngineMachine

    return apply


def any_key_sees_all(original: Any) -> Any:
    def get(self: Any, api_key: str, prediction_id: str) -> Any:
        prediction = self._predictions.get(prediction_id)
        return original(self, prediction.api_key if prediction else api_key, prediction_id)

    return get


def output_changes(original: Any) -> Any:
    calls = iter(range(10**9))
    return lambda self, prediction: f"{original(self, prediction)}?v={next(calls)}"


def delivered_twice(original: Any) -> Any:
    def record(self: Any, delivery: Any, attempt: Any, now: float, scale: float) -> None:
        original(self, delivery, attempt, now, scale)
        if attempt.ok and len(delivery.attempts) == 1:  # "retry" an acknowledged delivery
            delivery.state = "pending"
            heapq.heappush(self._due, (now, 0, delivery.id))

    return record


def dropped(original: Any) -> Any:
    return lambda self, *args: None


MACHINE_MUTANTS = (
    MachineMutant(
        "engine: creates per minute off by one",
        serving(creates_per_minute=SPEC.platform.rate_limits.creates_per_minute + 1),
    ),
    MachineMutant(
        "engine: concurrent limit off by one",
        serving(concurrent_per_key=SPEC.platform.rate_limits.concurrent_per_key + 1),
    ),
    MachineMutant(
        "engine: one key sees another's predictions",
        engine_patch(engine_module.Engine, "get", any_key_sees_all),
    ),
    MachineMutant(
        "engine: a finished prediction's answer changes",
        engine_patch(engine_module.Engine, "_output", output_changes),
    ),
    MachineMutant(
        "engine: webhook delivered twice", engine_patch(webhooks.Outbox, "record", delivered_twice)
    ),
    MachineMutant("engine: webhook never sent", engine_patch(webhooks.Outbox, "enqueue", dropped)),
)
