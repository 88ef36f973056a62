"""The fixture model (number input, required enum, flat pricing, unknown inputs ignored)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from types import ModuleType

import pytest

from generator import spec as reference

SLUG = "acme-tone-1.5"


@pytest.fixture(scope="module")
def tone(minimal_package: ModuleType) -> ModuleType:
    module: ModuleType = minimal_package.models.acme_tone_1_5
    return module


@pytest.fixture(scope="module")
def model(minimal_spec: reference.Spec) -> reference.ModelSpec:
    return minimal_spec.model(SLUG)


@pytest.mark.parametrize(
    ("input", "expected"),
    [
        ({"text": "hi", "voice": "alto"}, []),
        ({"text": "hi", "voice": "alto", "extra": 1, "speed": 2}, []),  # unknown keys ignored
        ({"text": "hi", "voice": "bass", "speed": 0.5, "channels": 2.0, "loud": False}, []),
        ({}, [("text", "required"), ("voice", "required")]),
        ({"text": "", "voice": "tenor"}, [("text", "min_length"), ("voice", "enum")]),
        ({"text": "x" * 201, "voice": 1}, [("text", "max_length"), ("voice", "type")]),
        ({"text": "hi", "voice": "alto", "speed": True}, [("speed", "type")]),
        ({"text": "hi", "voice": "alto", "speed": 0.49}, [("speed", "minimum")]),
        ({"text": "hi", "voice": "alto", "speed": 2.01}, [("speed", "maximum")]),
        ({"text": "hi", "voice": "alto", "channels": 3}, [("channels", "enum")]),
        ({"text": "hi", "voice": "alto", "channels": 1.5}, [("channels", "type")]),
        ({"text": "hi", "voice": "alto", "loud": "yes"}, [("loud", "type")]),
    ],
)
def test_validate(
    tone: ModuleType, input: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    assert [(i.path, i.constraint) for i in tone.validate(input)] == expected


@pytest.mark.parametrize(
    "values",
    list(itertools.product(("alto", "bass"), (None, 1, 2), (None, True, False), (None, 1.5))),
)
def test_flat_pricing_equals_the_reference(
    tone: ModuleType, model: reference.ModelSpec, values: tuple[object, ...]
) -> None:
    named = dict(zip(("voice", "channels", "loud", "speed"), values, strict=True))
    input = {"text": "hi", **{k: v for k, v in named.items() if v is not None}}
    assert tone.estimate_cost(input) == reference.price(model, input)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"channels": 2}, "0.05"),
        ({"channels": 2.0}, "0.05"),  # numbers compare numerically: 2.0 is the integer 2
        ({"channels": True}, "0.01"),  # a boolean is never a number
        ({"channels": "2"}, "0.01"),  # nor is a string
        ({"loud": 1, "channels": 2}, "0.01"),  # 1 is not true
        ({"voice": "bass", "loud": False}, "0.02"),  # eq_i ignores case
        ({"loud": False}, "0.030"),  # per second of the string enum `length`: 30 * 0.001
        ({"loud": False, "length": "60"}, "0.060"),
    ],
)
def test_rule_conditions_compare_types_like_the_reference(
    tone: ModuleType, model: reference.ModelSpec, extra: dict[str, object], expected: str
) -> None:
    input = {"text": "hi", "voice": "alto", "loud": True, **extra}
    assert tone.estimate_cost(input) == reference.price(model, input) == Decimal(expected)


def test_unpriced_rule_raises_price_unavailable(
    tone: ModuleType, model: reference.ModelSpec, minimal_package: ModuleType
) -> None:
    input = {"text": "hi", "voice": "alto", "speed": 0.5}
    with pytest.raises(minimal_package.PriceUnavailableError) as caught:
        tone.estimate_cost(input)
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, minimal_package.EachlabsError)
    assert (error.model, error.rule, error.reason) == (
        SLUG,
        "whisper",
        "Not published for the slowest speed.",
    )
    with pytest.raises(reference.PriceUnavailable):
        reference.price(model, input)


def test_no_modes(tone: ModuleType) -> None:
    assert tone.mode({"text": "hi", "voice": "alto"}) is None


def test_public_surface(minimal_package: ModuleType) -> None:
    assert minimal_package.MODELS == (SLUG,)
    assert set(minimal_package.__all__) <= set(dir(minimal_package))
    client = minimal_package.Eachlabs(api_key="test")
    assert client.acme_tone_1_5.estimate_cost(text="hi", voice="bass") == Decimal("0.02")
    with pytest.raises(minimal_package.InputValidationError):
        client.acme_tone_1_5.estimate_cost(text="", voice="bass")
