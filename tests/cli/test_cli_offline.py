"""``models``, ``describe`` and ``estimate``: answered from the spec, no request sent."""

from __future__ import annotations

import json
from decimal import Decimal

from cli_support import Case, call, models
from contract.strategies import valid_inputs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.spec import PriceUnavailable, price


def test_models_lists_every_model_of_the_spec(case: Case) -> None:
    cli, spec = case
    code, out, err = call(cli, "models")
    assert (code, err) == (0, "")
    header, *rows = out.splitlines()
    assert header.split() == ["MODEL", "TITLE", "OUTPUT", "TYPICAL", "TIME"]
    assert [row.split()[0] for row in rows] == sorted(spec.models)
    for row, model in zip(rows, (spec.models[s] for s in sorted(spec.models)), strict=True):
        assert model.model.title in row
        assert row.endswith(f"~{model.model.estimated_processing_seconds:g} s")
    code, out, _ = call(cli, "models", "--json")
    assert [item["slug"] for item in json.loads(out)] == sorted(spec.models)


def test_describe_shows_inputs_limits_modes_pricing_and_the_example(
    case: Case,
) -> None:
    for cli, model in models(case):
        code, out, err = call(cli, "describe", model.slug)
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == model.model.title
        rows = {line.split()[0]: line for line in lines if line.startswith("  --")}
        for name, spec in model.inputs.items():
            row = rows["--" + name.replace("_", "-")]
            assert ("required" in row.split()) == spec.required
            if spec.maximum is not None:
                assert f"{spec.maximum}" in row
            if spec.max_length is not None:
                assert f"{spec.max_length} characters" in row
        for mode in model.modes:
            assert any(line.split()[:1] == [mode.name] for line in lines)
        for rule in model.pricing.rules:
            (row,) = [line for line in lines if line.startswith(f"  {rule.label}  ")]
            if rule.unpriced is not None:
                assert "no known price" in row
            else:
                amount = rule.flat if rule.flat is not None else rule.per_second
                assert f"{amount} {model.pricing.currency}" in row
        if model.model.example_input is None:
            assert not any(line.startswith("Example") for line in lines)
            continue
        estimate = model.pricing.example_estimate
        assert (f"Example ({estimate} USD):" if estimate else "Example:") in lines
        assert any(line.startswith(f"  eachlabs run {model.slug}") for line in lines)


def test_describe_json_is_the_catalog_entry(case: Case) -> None:
    for cli, model in models(case):
        document = json.loads(call(cli, "describe", model.slug, "--json")[1])
        assert document["slug"] == model.slug
        assert document["version"] == model.model.version
        assert [item["name"] for item in document["inputs"]] == list(model.inputs)
        assert [rule["label"] for rule in document["pricing"]] == [
            rule.label for rule in model.pricing.rules
        ]
        estimate = model.pricing.example_estimate
        assert document["example_estimate"] == (None if estimate is None else str(estimate))
        assert document["example_input"] == model.model.example_input


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_estimate_is_the_reference_price(case: Case, data: st.DataObject) -> None:
    """The printed price equals the spec loader's own reading of the pricing rules."""
    cli, spec = case
    model = data.draw(st.sampled_from(list(spec.models.values())))
    drawn = data.draw(valid_inputs(spec.platform, model, extras=False))
    values = {name: value for name, value in drawn.items() if value is not None}  # None: absent
    argv = cli._flags.to_argv(cli._catalog.CATALOG[model.slug].inputs, values)
    code, out, err = call(cli, "estimate", model.slug, *argv)
    try:
        expected = price(model, values)
    except PriceUnavailable as unpriced:
        assert (code, out) == (1, "")
        assert err.startswith("eachlabs: error: ") and unpriced.rule.unpriced in err
        return
    assert (code, err) == (0, "")
    amount, currency = out.split()
    assert Decimal(amount) == expected
    assert currency == model.pricing.currency
    document = json.loads(call(cli, "estimate", model.slug, *argv, "--json")[1])
    assert Decimal(document["cost"]) == expected
    assert document["input"].keys() >= values.keys()
