"""Every model in spec/ is generated into the client and served by the mock, with no
model-specific code: a minimal valid input derived from the spec runs end to end."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import eachlabs
import pytest
from mockserver_helpers import SPEC_DIR

from generator.naming import module_name
from generator.spec import Input, ModelSpec, PriceUnavailable, load_spec, price
from generator.spec.coverage import representative_inputs
from mockserver.validation import validate_input

SPEC = load_spec(SPEC_DIR)
EXTENSIONS = {"video": ".mp4", "image": ".png", "audio": ".mp3"}


def sample_value(spec: Input) -> Any:
    """A valid value of one input, from its spec alone."""
    if spec.enum is not None:
        return spec.enum[0]
    if spec.media is not None:
        return f"https://cdn.example.com/sample.{spec.media.formats[0]}"
    return {
        "string": "x" * max(spec.min_length or 0, 1),
        "integer": int(spec.minimum) if spec.minimum is not None else 1,
        "number": spec.minimum if spec.minimum is not None else 1.0,
        "boolean": True,
        "object": {},
    }[spec.type]


def minimal_input(model: ModelSpec) -> dict[str, Any]:
    """The required inputs, each with a valid value."""
    return {name: sample_value(spec) for name, spec in model.inputs.items() if spec.required}


@pytest.mark.parametrize("model", SPEC.models.values(), ids=list(SPEC.models))
def test_model_is_generated_served_and_priced(eachlabs_mock, model: ModelSpec) -> None:  # type: ignore[no-untyped-def]
    entry = eachlabs.REGISTRY[model.slug]
    info = model.model
    assert (entry.version, entry.title, entry.output_type, entry.output_items) == (
        info.version,
        info.title,
        info.output_type,
        info.output_items,
    )
    assert entry.input_names == tuple(model.inputs)
    input = minimal_input(model)
    assert entry.validate(input) == []
    assert validate_input(model, SPEC.platform, input) == []
    try:
        expected: Decimal | None = price(model, input)
    except PriceUnavailable:
        expected = None
    if expected is None:
        with pytest.raises(eachlabs.PriceUnavailableError):
            entry.estimate_cost(input)
    else:
        assert entry.estimate_cost(input) == expected

    with eachlabs.Eachlabs(api_key="test-key") as client:
        resource = getattr(client, module_name(model.slug))
        created = resource.create(**input)
        eachlabs_mock.advance(info.estimated_processing_seconds * 2)
        prediction = client.predictions.get(created.id)
    assert prediction.succeeded
    output = prediction.output
    if info.output_type == "array":
        [item] = output
        assert item.endswith(EXTENSIONS[info.output_items])
    elif info.output_type in EXTENSIONS:
        assert output.endswith(EXTENSIONS[info.output_type])
    else:
        assert isinstance(output, dict)


def reference_price(model: ModelSpec, input: dict[str, Any]) -> Decimal | None:
    try:
        return price(model, input)
    except PriceUnavailable:
        return None


def generated_price(slug: str, input: dict[str, Any]) -> Decimal | None:
    try:
        return eachlabs.REGISTRY[slug].estimate_cost(input)
    except eachlabs.PriceUnavailableError:
        return None


@pytest.mark.parametrize("model", SPEC.models.values(), ids=list(SPEC.models))
def test_compiled_pricing_equals_the_reference_on_every_distinct_input(model: ModelSpec) -> None:
    """Every input the rules can tell apart (e.g. all 18 Veo combinations), priced both ways."""
    inputs = representative_inputs(model)
    assert not isinstance(inputs, int)
    base = minimal_input(model)
    for values in inputs:
        input = {**base, **values}
        assert generated_price(model.slug, input) == reference_price(model, input), input
