"""The parser built from the spec: flags, help, lenient values, the validator's messages.

Run in-process on both generated packages: the real spec's (installed ``eachlabs``) and
the minimal fixture spec's (``tests/golden/minimal``), so nothing here is Wan-specific.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
from types import ModuleType
from typing import Any

from cli_support import NOWHERE, Case, call, models
from contract.strategies import valid_inputs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.spec import ModelSpec, PriceUnavailable, price


def parse(cli: ModuleType, *argv: str) -> argparse.Namespace:
    return cli._arguments.build_parser().parse_args(list(argv))  # type: ignore[no-any-return]


def test_every_input_has_a_kebab_case_flag_with_the_specs_help(
    case: Case,
) -> None:
    for cli, model in models(case):
        code, help_text, _ = call(cli, "run", model.slug, "--help")
        assert code == 0
        flat = " ".join(help_text.split())
        for name, spec in model.inputs.items():
            flag = "--" + name.replace("_", "-")
            assert flag in help_text
            if spec.type == "boolean":
                assert f"--no-{name.replace('_', '-')}" in help_text
            if spec.description:
                assert " ".join(spec.description.split()) in flat
            if spec.required:
                assert f"{flag} " in help_text.splitlines()[0]  # in the usage line
            elif spec.has_default:
                shown = (
                    json.dumps(spec.default) if not isinstance(spec.default, str) else spec.default
                )
                assert f"Default: {shown}." in flat
            for value in spec.enum or ():
                assert str(value) in help_text


def test_flags_reach_the_input_with_their_types(case: Case) -> None:
    for cli, model in models(case):
        doc = cli._catalog.CATALOG[model.slug]
        for name, spec in model.inputs.items():
            flag = "--" + name.replace("_", "-")
            if spec.type == "boolean":
                on = parse(cli, "run", model.slug, flag)
                off = parse(cli, "run", model.slug, f"--no-{flag[2:]}")
                assert cli._arguments.input_values(on, doc) == {name: True}
                assert cli._arguments.input_values(off, doc) == {name: False}
                continue
            text = '{"n": 5}' if spec.type == "object" else "5"
            typed = {"string": "5", "integer": 5, "number": 5, "object": {"n": 5}}[spec.type]
            args = parse(cli, "run", model.slug, flag, text)
            assert cli._arguments.input_values(args, doc) == {name: typed}
            assert type(cli._arguments.input_values(args, doc)[name]) is type(typed)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_valid_input_survives_the_command_line(case: Case, data: st.DataObject) -> None:
    """input -> flags -> parsed input is the identity (integral floats read as integers)."""
    cli, spec = case
    model = data.draw(st.sampled_from(list(spec.models.values())))
    doc = cli._catalog.CATALOG[model.slug]
    drawn = data.draw(valid_inputs(spec.platform, model, extras=False))
    values = {name: value for name, value in drawn.items() if value is not None}  # None: absent
    argv = cli._flags.to_argv(doc.inputs, values)
    parsed = cli._arguments.input_values(parse(cli, "run", model.slug, *argv), doc)
    assert parsed == values
    assert list(parsed) == [name for name in model.inputs if name in values]  # spec order


def flag_values(model: ModelSpec) -> st.SearchStrategy[dict[str, Any]]:
    """Whatever a person may type: any text for each input, numbers written any way."""
    typed = st.one_of(
        st.text(max_size=6),
        st.integers(-100, 100).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["1e3", " 7 ", "5.0", "0x10", "1_000"]),
    )
    options = {
        name: st.booleans() if spec.type == "boolean" else typed
        for name, spec in model.inputs.items()
    }
    return st.fixed_dictionaries({}, optional=options)


def read_as_validator_input(kind: str, text: str | bool) -> object:
    """The value a flag must reach the validator as: a finite number when Python reads the
    text as one (integral for an integer input), else the text itself."""
    if kind not in ("integer", "number") or isinstance(text, bool):
        return text
    for read in (int, float):
        with contextlib.suppress(ValueError):
            number = read(text)
            if not math.isfinite(number):
                return text
            return int(number) if kind == "integer" and float(number).is_integer() else number
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_invalid_values_are_refused_with_the_validators_messages(
    case: Case, data: st.DataObject
) -> None:
    cli, spec = case
    model = data.draw(st.sampled_from(list(spec.models.values())))
    typed = data.draw(flag_values(model))
    doc = cli._catalog.CATALOG[model.slug]
    argv = []
    for name, value in typed.items():
        item = doc.input(name)
        flag = cli._flags.flag(item)
        argv += (
            [flag if value else cli._flags.negative_flag(item)]
            if value in (True, False)
            else [f"{flag}={value}"]
        )
    values = {
        name: read_as_validator_input(model.inputs[name].type, v) for name, v in typed.items()
    }
    expected = cli._commands.REGISTRY[model.slug].validate(values)
    assume(expected)  # a valid input would be sent: the live tests cover that
    code, out, err = call(cli, "run", model.slug, *argv, "--json", *NOWHERE)
    assert code == 2
    assert json.loads(out)["error"]["errors"] == [
        {"path": i.path, "constraint": i.constraint, "message": i.message} for i in expected
    ]
    for issue in expected:
        assert f"  --{issue.path.replace('_', '-')}: {issue.message} ({issue.constraint})\n" in err


def test_estimate_needs_only_the_inputs_the_price_depends_on(case: Case) -> None:
    for cli, model in models(case):
        doc = cli._catalog.CATALOG[model.slug]
        code, out, err = call(cli, "estimate", model.slug)
        missing = [n for n, s in model.inputs.items() if s.required and n in doc.priced_inputs]
        if missing:
            assert code == 2
            assert [line.split(":")[0].strip() for line in err.splitlines()[1:-1]] == [
                "--" + name.replace("_", "-") for name in missing
            ]
            continue
        try:
            expected = price(model, {})
        except PriceUnavailable:
            assert (code, out) == (1, "")
            continue
        assert (code, err) == (0, "")
        assert out == f"{expected} {model.pricing.currency}\n"


def test_command_line_options_are_reserved_from_input_flags(case: Case) -> None:
    """An input named like an option (``timeout``, ``wait``) gets ``--input-<name>``."""
    cli, spec = case
    parser = cli._arguments.build_parser()
    inputs = {cli._flags.flag(item) for doc in cli._catalog.CATALOG.values() for item in doc.inputs}
    options: set[str] = set()
    for command in ("models", "describe", "get", "wait"):
        options |= _option_strings(parser, command)
    for slug in spec.models:
        for command in ("estimate", "run"):
            options |= _option_strings(parser, command, slug)
    negated = {"--no-" + flag[2:] for flag in inputs}
    assert options - inputs - negated - {"-h"} <= cli._flags.RESERVED
    doc = cli._catalog.InputDoc
    assert cli._flags.flag(doc(name="timeout", type="number")) == "--input-timeout"
    wait = doc(name="wait", type="boolean")
    assert (cli._flags.flag(wait), cli._flags.negative_flag(wait)) == (
        "--input-wait",
        "--no-input-wait",
    )


def _option_strings(parser: argparse.ArgumentParser, *path: str) -> set[str]:
    for name in path:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return {option for action in parser._actions for option in action.option_strings}


def test_usage_errors_exit_2_like_argparse(case: Case) -> None:
    cli, spec = case
    code, _, err = call(cli, "run", "no-such-model")
    assert code == 2
    assert "invalid choice: 'no-such-model'" in err
    slug = next(iter(spec.models))
    assert call(cli, "run", slug, "--timeout", "-1")[0] == 2
    assert call(cli)[0] == 2
    code, out, _ = call(cli, "--version")
    assert code == 0 and spec.content_hash[:12] in out
