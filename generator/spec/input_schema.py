"""A model's input as JSON Schema (2020-12), following ``spec/README.md`` *Validation*.

Used for the OpenAPI document (where a ``null`` value counts as absent, so
optional inputs also accept ``null``) and for the ``request_schema`` of the
discovery endpoint, which ``eachlabs-gen import-schema`` reads back into the
same inputs. File-URL details are in ``x-eachlabs-media`` (not validated).
"""

from __future__ import annotations

from typing import Any

from .schema import Input, ModelSpec, Platform

MEDIA_KEY = "x-eachlabs-media"
_BOUNDS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
)


def input_json_schema(model: ModelSpec, platform: Platform, *, nullable: bool) -> dict[str, Any]:
    """JSON Schema of ``model``'s input; ``nullable`` lets optional inputs be ``null``."""
    schema: dict[str, Any] = {
        "type": "object",
        "title": f"{model.model.title} input",
        "description": model.model.summary,
        "properties": {
            name: property_schema(spec, nullable=nullable and not spec.required)
            for name, spec in model.inputs.items()
        },
        "required": [name for name, spec in model.inputs.items() if spec.required],
    }
    if platform.inputs.unknown_inputs == "reject":
        schema["additionalProperties"] = False
    return schema


def property_schema(spec: Input, *, nullable: bool) -> dict[str, Any]:
    """JSON Schema of one input's value."""
    prop: dict[str, Any] = {"type": [spec.type, "null"] if nullable else spec.type}
    if spec.description:
        prop["description"] = spec.description
    if spec.enum is not None:
        prop["enum"] = [*spec.enum, None] if nullable else list(spec.enum)
    for key, name in _BOUNDS:
        value = getattr(spec, key)
        if value is not None:
            prop[name] = value
    if spec.has_default:
        prop["default"] = spec.default
    if spec.media is not None:
        prop["format"] = "uri"
        media: dict[str, Any] = {"kind": spec.media.kind, "formats": list(spec.media.formats)}
        if spec.media.max_size_mb is not None:
            media["max_size_mb"] = spec.media.max_size_mb
        if spec.media.duration_seconds is not None:
            media["duration_seconds"] = {
                "min": spec.media.duration_seconds.min,
                "max": spec.media.duration_seconds.max,
            }
        prop[MEDIA_KEY] = media
    return prop
