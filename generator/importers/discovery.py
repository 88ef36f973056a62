"""``eachlabs-gen import-schema``: a ``GET /v1/model`` answer -> a model file draft.

The answer gives ``title``, ``slug``, ``version``, ``output_type`` and
``request_schema`` (the input as JSON Schema). Inputs come from the schema's
``properties`` in order: ``type`` (a ``[type, "null"]`` pair counts as the
type), ``required``, ``enum``, bounds, ``default``, ``description``, and file
URLs from ``x-eachlabs-media`` (see :mod:`generator.spec.input_schema`). What
the answer does not carry (provider, category, processing time, pricing) is
left as review markers, to copy from the model page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.spec.input_schema import MEDIA_KEY
from generator.spec.schema import INPUT_TYPES

from .draft import Draft, Review

FROM_PAGE = "The discovery answer does not give this; copy it from the model page."
_BOUNDS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
}
_KNOWN = {"type", "description", "enum", "default", "format", MEDIA_KEY, "title", *_BOUNDS}


def import_schema(answer: Mapping[str, Any], source: str) -> Draft:
    """A model file draft from a ``GET /v1/model`` answer (``source`` names it in the header)."""
    notes: list[str] = []
    schema = answer.get("request_schema")
    if not isinstance(schema, Mapping):
        schema = {}
        notes.append("the answer has no request_schema: the inputs are to be written")
    model: dict[str, Any] = {key: _text(answer, key) for key in ("slug", "title")}
    if isinstance(schema.get("description"), str) and schema["description"]:
        model["summary"] = schema["description"]
    model["provider"] = Review(FROM_PAGE)
    model["category"] = Review(FROM_PAGE)
    model["output_type"] = _text(answer, "output_type")
    if model["output_type"] == "array":
        model["output_items"] = Review(
            "The answer says the output is an array, not of what; write image, video or audio."
        )
    model["version"] = _text(answer, "version")
    model["estimated_processing_seconds"] = Review(FROM_PAGE)
    properties = schema.get("properties")
    listed = schema.get("required")
    required: list[Any] = listed if isinstance(listed, list) else []
    inputs: Any = (
        {
            str(name): _input(prop, str(name) in required, notes, str(name))
            for name, prop in properties.items()
        }
        if isinstance(properties, Mapping) and properties
        else Review("The answer's request_schema has no properties; write the inputs.")
    )
    pricing = {
        "currency": "USD",
        "rules": Review("A discovery answer has no pricing; copy the rules from the model page."),
    }
    header = [
        f"Imported by `eachlabs-gen import-schema` from {source}.",
        "Identity and inputs are from that GET /v1/model answer. `!review` marks what the",
        "answer does not say; resolve each one (the loader names them) before generating.",
        "The format is described in spec/README.md.",
    ]
    spec = {"format_version": 1, "model": model, "inputs": inputs, "pricing": pricing}
    return Draft(spec, header, notes)


def _text(answer: Mapping[str, Any], key: str) -> Any:
    value = answer.get(key)
    return value if isinstance(value, str) and value else Review(f"The answer has no {key!r}.")


def _input(prop: Any, required: bool, notes: list[str], name: str) -> dict[str, Any]:
    if not isinstance(prop, Mapping):
        return {"type": Review(f"The schema of {name!r} is not an object: {prop!r}.")}
    entry: dict[str, Any] = {"type": _type(prop.get("type"))}
    if required:
        entry["required"] = True
    if isinstance(prop.get("enum"), list):
        entry["enum"] = [value for value in prop["enum"] if value is not None]
    for key, spec_key in _BOUNDS.items():
        if key in prop:
            entry[spec_key] = prop[key]
    if "default" in prop and prop["default"] is not None:
        entry["default"] = prop["default"]
    if isinstance(prop.get("description"), str) and prop["description"]:
        entry["description"] = prop["description"]
    media = prop.get(MEDIA_KEY)
    if isinstance(media, Mapping):
        entry["media"] = dict(media)
    elif prop.get("format") == "uri":
        entry["media"] = Review(
            "The schema marks this input as a URI but gives no file kind or formats; write "
            "`kind` and `formats` from the model page."
        )
    ignored = sorted(set(prop) - _KNOWN)
    if ignored:
        notes.append(f"inputs.{name}: schema keywords not carried over: {', '.join(ignored)}")
    return entry


def _type(value: Any) -> Any:
    kinds = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    kinds = [kind for kind in kinds if kind != "null"]
    if len(kinds) == 1 and kinds[0] in INPUT_TYPES:
        return kinds[0]
    return Review(f"The schema type {value!r} is not one of {', '.join(INPUT_TYPES)}.")
