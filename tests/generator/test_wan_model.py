"""The generated Wan 2.7 module: validation per spec/README.md, pricing equal to the reference."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal

import eachlabs
import pytest
from eachlabs.models import alibaba_wan_2_7_image_to_video as wan
from generator_support import SPEC
from wan_cases import CLIP, IMAGE, INVALID, VALID

from generator import spec as reference

MODEL = reference.load_spec(SPEC).model(wan.SLUG)


def problems(input: object, *, allow_local_urls: bool = False) -> list[tuple[str, str]]:
    issues = wan.validate(input, allow_local_urls=allow_local_urls)  # type: ignore[arg-type]
    assert all(issue.message for issue in issues)
    return [(issue.path, issue.constraint) for issue in issues]


@pytest.mark.parametrize("input", VALID)
def test_valid_input_has_no_problems(input: Mapping[str, object]) -> None:
    assert problems(input) == []


@pytest.mark.parametrize(("input", "expected"), INVALID)
def test_invalid_input_lists_every_problem_in_order(
    input: object, expected: list[tuple[str, str]]
) -> None:
    assert problems(input) == expected


@pytest.mark.parametrize(
    ("url", "strict", "local"),
    [
        ("http://localhost:8000/a.png", "url_scheme", None),
        ("http://127.0.0.1/a.png", "url_scheme", None),
        ("https://10.0.0.2/a.png", "url_host", None),
        ("https://app.localhost/a.png", "url_host", None),
        ("data:image/png;base64,AAAA", "data_uri", "data_uri"),
        ("ftp://localhost/a.png", "url_scheme", "url_scheme"),
        ("http:///a.png", "url_scheme", "url_host"),
        ("http://localhost/a.gif", "url_scheme", "format"),
    ],
)
def test_allow_local_urls(url: str, strict: str, local: str | None) -> None:
    assert problems({"first_frame": url}) == [("first_frame", strict)]
    expected = [] if local is None else [("first_frame", local)]
    assert problems({"first_frame": url}, allow_local_urls=True) == expected


def test_non_string_keys_are_unknown() -> None:
    assert problems({"first_frame": IMAGE, 1: 2}) == [("1", "unknown")]


def test_unknown_key_suggests_the_closest_input() -> None:
    (issue,) = wan.validate({"first_frame": IMAGE, "durration": 5})
    assert "'duration'" in issue.message


def test_validate_input_raises_with_every_issue() -> None:
    with pytest.raises(eachlabs.InputValidationError) as caught:
        eachlabs.validate_input(wan.SLUG, {"duration": 99})
    assert caught.value.model == wan.SLUG
    assert [(e.path, e.constraint) for e in caught.value.errors] == [
        ("first_frame", "required"),
        ("duration", "maximum"),
    ]
    eachlabs.validate_input(wan.SLUG, {"first_frame": IMAGE})


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(eachlabs.UnknownModelError, match=r"unknown model 'nope'.*alibaba-wan"):
        eachlabs.validate_input("nope", {})
    with pytest.raises(KeyError):
        eachlabs.estimate_cost("nope", {})


GRID = [
    {"first_frame": IMAGE, **{k: v for k, v in values.items() if v is not None}}
    for values in (
        dict(zip(("resolution", "duration", "last_frame", "prompt_extend"), combo, strict=True))
        for combo in itertools.product(
            (None, "720P", "1080P"), (None, 2, 5, 7, 15, 9.0), (None, IMAGE), (None, False)
        )
    )
]


@pytest.mark.parametrize("input", GRID)
def test_estimate_cost_equals_the_reference(input: dict[str, object]) -> None:
    assert wan.estimate_cost(input) == reference.price(MODEL, input)
    assert eachlabs.estimate_cost(wan.SLUG, input) == reference.price(MODEL, input)


def test_default_example_costs_the_documented_price() -> None:
    example = MODEL.model.example_input
    assert eachlabs.estimate_cost(wan.SLUG, example) == Decimal("0.75")
    client = eachlabs.Eachlabs(api_key="test")
    assert client.alibaba_wan_2_7_image_to_video.estimate_cost(**example) == Decimal("0.75")
    assert client.alibaba_wan_2_7_image_to_video.estimate_cost(
        first_frame=IMAGE, resolution="720P", duration=3
    ) == Decimal("0.30")


def test_estimate_cost_validates_first() -> None:
    with pytest.raises(eachlabs.InputValidationError):
        eachlabs.estimate_cost(wan.SLUG, {"first_frame": IMAGE, "duration": 99})
    client = eachlabs.Eachlabs(api_key="test")
    with pytest.raises(eachlabs.InputValidationError):
        client.alibaba_wan_2_7_image_to_video.estimate_cost(first_frame="https://localhost/a.png")


def test_null_counts_as_absent_for_defaults_and_price() -> None:
    values = wan.with_defaults({"first_frame": IMAGE, "duration": None, "seed": None})
    assert values == {
        "first_frame": IMAGE,
        "duration": 5,
        "seed": None,
        "resolution": "1080P",
        "prompt_extend": True,
    }
    assert wan.estimate_cost({"first_frame": IMAGE, "duration": None}) == Decimal("0.75")


@pytest.mark.parametrize(
    "input",
    [
        {"first_frame": IMAGE},
        {"first_frame": IMAGE, "last_frame": IMAGE},
        {"first_frame": IMAGE, "first_clip": CLIP},
        {"first_frame": IMAGE, "first_clip": CLIP, "last_frame": IMAGE},
        {"first_frame": IMAGE, "first_clip": None, "last_frame": IMAGE},
    ],
)
def test_mode_equals_the_reference(input: dict[str, object]) -> None:
    expected = reference.active_mode(MODEL, input)
    assert expected is not None
    assert wan.mode(input) == expected.name


def test_registry_entry_describes_the_model() -> None:
    entry = eachlabs.REGISTRY[wan.SLUG]
    assert wan.SLUG in eachlabs.MODELS and tuple(sorted(eachlabs.MODELS)) == eachlabs.MODELS
    assert (entry.slug, entry.version, entry.input_names) == (
        MODEL.slug,
        MODEL.model.version,
        tuple(MODEL.inputs),
    )
    assert entry.validate is wan.validate and entry.estimate_cost is wan.estimate_cost
