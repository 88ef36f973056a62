"""``openapi.json``: a valid OpenAPI 3.1 document whose input schemas agree with the validators."""

from __future__ import annotations

import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from eachlabs.models import alibaba_wan_2_7_image_to_video as wan
from generator_support import MINIMAL_SPEC, SPEC
from openapi_spec_validator import validate
from wan_cases import INVALID, VALID

from generator.naming import class_name
from generator.openapi import document
from generator.spec import load_spec

URL_CONSTRAINTS = {"data_uri", "url_scheme", "url_host", "format"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return document(load_spec(SPEC))


@pytest.mark.parametrize("spec_dir", [SPEC, MINIMAL_SPEC], ids=["spec", "minimal"])
def test_document_is_valid_openapi_3_1(spec_dir: object) -> None:
    validate(document(load_spec(spec_dir)))  # type: ignore[arg-type]


def test_document_is_deterministic() -> None:
    assert json.dumps(document(load_spec(SPEC))) == json.dumps(document(load_spec(SPEC)))


def test_platform_facts(doc: dict[str, Any]) -> None:
    assert doc["servers"] == [{"url": "https://api.eachlabs.ai/v1"}]
    assert doc["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }
    create = doc["paths"]["/prediction/"]["post"]
    get = doc["paths"]["/prediction/{id}"]["get"]
    assert (
        set(create["responses"])
        == set(get["responses"])
        == {"200", "400", "401", "404", "413", "415", "429", "5XX"}
    )
    responses = doc["components"]["responses"]
    assert "Retry-After" in responses["RateLimit"]["headers"]
    assert "headers" not in responses["BadRequest"]
    assert responses["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_create_request_is_a_discriminated_union_of_models(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    union = schemas["PredictionCreateRequest"]
    slugs = list(load_spec(SPEC).models)
    refs = {slug: f"#/components/schemas/{class_name(slug)}Request" for slug in slugs}
    assert union["oneOf"] == [{"$ref": refs[slug]} for slug in slugs]
    assert union["discriminator"] == {"propertyName": "model", "mapping": refs}
    assert all(ref.rpartition("/")[2] in schemas for ref in refs.values())
    request = schemas["AlibabaWan27ImageToVideoRequest"]
    assert request["properties"]["model"]["const"] == wan.SLUG
    assert request["required"] == ["model", "input"]  # version is optional
    assert request["properties"]["version"]["default"] == wan.VERSION


def _input_validator(doc: dict[str, Any]) -> jsonschema.protocols.Validator:
    schema = {**doc["components"]["schemas"]["AlibabaWan27ImageToVideoInput"]}
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("input", VALID)
def test_input_schema_accepts_valid_input(doc: dict[str, Any], input: object) -> None:
    assert list(_input_validator(doc).iter_errors(input)) == []


@pytest.mark.parametrize(
    "input",
    # JSON Schema cannot express the URL rules; every other violation must be rejected.
    [input for input, expected in INVALID if {c for _, c in expected} - URL_CONSTRAINTS],
)
def test_input_schema_rejects_invalid_input(doc: dict[str, Any], input: object) -> None:
    assert not _input_validator(doc).is_valid(input)


def test_media_inputs_are_documented(doc: dict[str, Any]) -> None:
    prop = doc["components"]["schemas"]["AlibabaWan27ImageToVideoInput"]["properties"]["first_clip"]
    assert prop["format"] == "uri"
    assert prop["x-eachlabs-media"] == {
        "kind": "video",
        "formats": ["mp4", "mov"],
        "max_size_mb": 100,
        "duration_seconds": {"min": 2, "max": 10},
    }


def test_unknown_inputs_follow_the_platform_policy(doc: dict[str, Any]) -> None:
    assert (
        doc["components"]["schemas"]["AlibabaWan27ImageToVideoInput"]["additionalProperties"]
        is False
    )
    minimal = document(load_spec(MINIMAL_SPEC))
    assert "additionalProperties" not in minimal["components"]["schemas"]["AcmeTone15Input"]


def test_discovery_operations(doc: dict[str, Any]) -> None:
    listing = doc["paths"]["/models"]["get"]
    assert listing["security"] == []  # no API key needed
    assert [(p["name"], p["in"], p["required"]) for p in listing["parameters"]] == [
        ("name", "query", False),
        ("limit", "query", False),
        ("offset", "query", False),
    ]
    assert listing["parameters"][1]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 500,
        "default": 50,
    }
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ModelList"
    }
    detail = doc["paths"]["/model"]["get"]
    assert detail["parameters"][0]["name"] == "slug" and detail["parameters"][0]["required"]
    assert "security" not in doc["paths"]["/prediction/"]["post"]
