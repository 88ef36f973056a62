"""The contract as properties: each draws examples for a :class:`~targets.Target` and says
what must hold for them. The test modules run them for every model; ``test_mutants`` runs
them against broken copies of either side and checks that they fail.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
from hypothesis import strategies as st

from generator.openapi import ERROR_SCHEMA
from generator.spec import PriceUnavailable, active_mode, matching_rule, price, with_defaults
from mockserver.validation import validate_input

from .strategies import (
    Violation,
    arbitrary_inputs,
    broken_inputs,
    json_values,
    url_like_strings,
    valid_inputs,
)
from .targets import API_KEY, Target


@dataclass(frozen=True)
class Property:
    """A named property: the examples it draws for a target, and the check each must pass."""

    name: str
    examples: Callable[[Target], st.SearchStrategy[Any]]
    check: Callable[[Target, Any], None]

    def run(self, target: Target, data: st.DataObject) -> None:
        """Draw one example for ``target`` and check it."""
        self.check(target, data.draw(self.examples(target), label=self.name))


@cache
def tls() -> ssl.SSLContext:
    """One TLS context for every HTTP client here (building one takes milliseconds)."""
    return ssl.create_default_context()


@cache
def http() -> httpx.Client:
    """One HTTP client for every request to the in-process mocks (respx answers it)."""
    return httpx.Client(verify=tls())


def assert_matches(value: Any, schema: dict[str, Any]) -> None:
    """``value`` is valid against the JSON Schema ``schema``."""
    problems = [
        error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(value)
    ]
    assert not problems, problems


def pairs(issues: list[Any]) -> list[Violation]:
    """``(path, constraint)`` of each issue the generated client or the mock's validator found."""
    return [Violation(issue.path, issue.constraint) for issue in issues]


def reported(details: list[dict[str, Any]]) -> list[Violation]:
    """``(path, constraint)`` of each violation in a 400 answer's ``details``."""
    return [Violation(detail["path"], detail["constraint"]) for detail in details]


def create_url(target: Target) -> str:
    platform = target.mock_spec.platform
    return platform.base_url.rstrip("/") + platform.endpoints["create_prediction"].path


def post_create(target: Target, body: Any) -> httpx.Response:
    """POST ``body`` to a fresh in-process mock of the target's spec."""
    with target.mock():
        return http().post(
            create_url(target), json=body, headers={target.platform.auth.header: API_KEY}
        )


def create_body(target: Target, input: Any) -> dict[str, Any]:
    return {"model": target.model.slug, "input": input}


# --------------------------------------------------------------------------- validation


def valid_examples(target: Target) -> st.SearchStrategy[dict[str, Any]]:
    return valid_inputs(target.platform, target.model)


def broken_examples(target: Target) -> st.SearchStrategy[tuple[dict[str, Any], list[Violation]]]:
    return broken_inputs(target.platform, target.model)


def check_generated_accepts(target: Target, input: dict[str, Any]) -> None:
    assert target.generated.validate(input) == []


def check_generated_rejects(
    target: Target, example: tuple[dict[str, Any], list[Violation]]
) -> None:
    input, expected = example
    issues = target.generated.validate(input)
    assert pairs(issues) == expected
    assert all(isinstance(issue.message, str) and issue.message for issue in issues)


def check_created(target: Target, response: httpx.Response) -> None:
    """``response`` is a 200 whose body matches the create endpoint's response schema."""
    assert response.status_code == 200, response.text
    platform = target.platform
    assert_matches(
        response.json(), platform.schemas[platform.endpoints["create_prediction"].response_schema]
    )


def check_mock_accepts(target: Target, input: dict[str, Any]) -> None:
    check_created(target, post_create(target, create_body(target, input)))


def documented_error(target: Target, response: httpx.Response) -> dict[str, Any]:
    """The JSON error body of ``response``, checked against the spec's ``Error`` schema.

    (Whether the status is among the spec's ``errors`` is schemathesis' check, on ``spec/``.)
    """
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert_matches(body, target.platform.schemas[ERROR_SCHEMA])
    assert isinstance(body.get("message"), str) and body["message"]
    return body  # type: ignore[no-any-return]


def check_mock_rejects(target: Target, example: tuple[dict[str, Any], list[Violation]]) -> None:
    input, expected = example
    response = post_create(target, create_body(target, input))
    assert response.status_code == 400, response.text
    details = documented_error(target, response)["details"]
    assert reported(details) == expected
    assert all(isinstance(d["message"], str) and d["message"] for d in details)


def anything_examples(target: Target) -> st.SearchStrategy[tuple[Any, bool]]:
    broken = broken_inputs(target.platform, target.model).map(lambda example: example[0])
    return st.tuples(
        st.one_of(arbitrary_inputs(target.platform, target.model), broken), st.booleans()
    )


def check_validators_agree(target: Target, example: tuple[Any, bool]) -> None:
    value, allow_local = example
    generated = target.generated.validate(value, allow_local_urls=allow_local)
    mock = validate_input(
        target.mock_model, target.mock_spec.platform, value, allow_local_urls=allow_local
    )
    assert pairs(generated) == pairs(mock)
    try:
        cost = target.package.estimate_cost(target.model.slug, value, allow_local_urls=allow_local)
    except target.package.InputValidationError as error:
        assert pairs(error.errors) == pairs(generated)
    except target.package.PriceUnavailableError as error:  # a valid input the spec cannot price
        assert generated == []
        assert matching_rule(target.model, value).unpriced == error.reason
    else:
        assert generated == [] and isinstance(cost, Decimal)


def body_examples(target: Target) -> st.SearchStrategy[Any]:
    model = target.model
    known = st.fixed_dictionaries(
        {"model": st.just(model.slug)},
        optional={
            "input": st.one_of(
                arbitrary_inputs(target.platform, model), valid_inputs(target.platform, model)
            ),
            "version": st.one_of(st.just(model.model.version), json_values()),
            "webhook_url": st.one_of(url_like_strings(target.platform.file_urls), json_values()),
            "webhook_secret": json_values(),
        },
    )
    return st.one_of(known, json_values())


def check_mock_answers_any_body(target: Target, body: Any) -> None:
    response = post_create(target, body)
    if response.status_code == 200:
        check_created(target, response)
        assert target.generated.validate(body["input"]) == []
        return
    assert response.status_code in (400, 404), response.text  # 404: unknown model or version
    answer = documented_error(target, response)
    reaches_input = (
        isinstance(body, dict)
        and body.get("model") == target.model.slug
        and body.get("version") in (None, target.model.model.version)
    )
    if reaches_input:
        issues = pairs(target.generated.validate(body.get("input")))
        if issues:  # input problems come before problems with the other fields
            assert response.status_code == 400
            assert reported(answer["details"]) == issues


# --------------------------------------------------------------------------- pricing and modes


def check_pricing(target: Target, input: dict[str, Any]) -> None:
    def outcome(estimate: Callable[[], Decimal]) -> Decimal | str:
        try:
            return estimate()
        except (PriceUnavailable, target.package.PriceUnavailableError) as error:
            return f"unpriced by {error.rule if isinstance(error.rule, str) else error.rule.label}"
        except ValueError:  # a per-second rule without its number: both sides must say so
            return "ValueError"

    reference = outcome(lambda: price(target.model, input))
    assert outcome(lambda: target.generated.estimate_cost(input)) == reference
    if isinstance(reference, Decimal):
        assert target.package.estimate_cost(target.model.slug, input) == reference


def check_modes_and_defaults(target: Target, input: dict[str, Any]) -> None:
    mode = active_mode(target.model, input)
    assert target.generated.mode(input) == (mode.name if mode else None)
    defaults = target.generated.with_defaults(input)
    assert {k: v for k, v in defaults.items() if v is not None} == with_defaults(
        target.model, input
    )


GENERATED_ACCEPTS_VALID = Property(
    "generated validator accepts valid input", valid_examples, check_generated_accepts
)
GENERATED_NAMES_BROKEN = Property(
    "generated validator names each broken constraint", broken_examples, check_generated_rejects
)
MOCK_ACCEPTS_VALID = Property("mock answers 200 to valid input", valid_examples, check_mock_accepts)
MOCK_NAMES_BROKEN = Property(
    "mock answers 400 naming each broken constraint", broken_examples, check_mock_rejects
)
VALIDATORS_AGREE = Property(
    "both validators agree on any JSON", anything_examples, check_validators_agree
)
MOCK_DOCUMENTED_ERRORS = Property(
    "mock answers any create body with a documented answer",
    body_examples,
    check_mock_answers_any_body,
)
PRICING = Property("estimate_cost follows the pricing rules", valid_examples, check_pricing)
MODES = Property("mode and defaults follow the spec", valid_examples, check_modes_and_defaults)
VALIDATION = (
    GENERATED_ACCEPTS_VALID,
    GENERATED_NAMES_BROKEN,
    MOCK_ACCEPTS_VALID,
    MOCK_NAMES_BROKEN,
    VALIDATORS_AGREE,
    MOCK_DOCUMENTED_ERRORS,
    PRICING,
    MODES,
)
