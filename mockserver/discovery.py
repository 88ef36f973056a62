"""Discovery: ``GET /models`` and ``GET /model?slug=``, answered from the spec.

A model's summary is its ``title``, ``slug``, ``version`` and ``output_type``;
its detail adds ``request_schema``, the JSON Schema of its input derived from
the spec (:mod:`generator.spec.input_schema`), which ``eachlabs-gen
import-schema`` reads back into the same inputs. Query parameters are checked
against the platform spec's ``query`` entries; a bad one is a 400 listing
every problem, like invalid input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from generator.spec import ModelSpec, QueryParameter, Spec
from generator.spec.input_schema import input_json_schema

from .engine import ApiError
from .validation import Violation

LIST = "list_models"
GET = "get_model"
_INTEGER = re.compile(r"-?[0-9]+")


class Discovery:
    """The model catalogue of one spec, precomputed."""

    def __init__(self, spec: Spec) -> None:
        endpoints = spec.platform.endpoints
        self._list_query = endpoints[LIST].query
        self._get_query = endpoints[GET].query
        self._summaries = [summary(model) for model in spec.models.values()]
        self._details = {
            slug: {
                **summary(model),
                "request_schema": input_json_schema(model, spec.platform, nullable=False),
            }
            for slug, model in spec.models.items()
        }

    def list_models(self, query: str) -> list[dict[str, str]]:
        """Summaries in slug order: filtered by ``name``, then ``offset`` and ``limit``."""
        params = read_query(query, self._list_query)
        name = str(params.get("name") or "").casefold()
        found = [
            s
            for s in self._summaries
            if name in s["slug"].casefold() or name in s["title"].casefold()
        ]
        start = int(params.get("offset") or 0)
        limit = params.get("limit")
        return found[start : None if limit is None else start + int(limit)]

    def get_model(self, query: str) -> dict[str, Any]:
        """One model's detail, with its ``request_schema``; 404 for an unknown slug."""
        slug = read_query(query, self._get_query).get("slug")
        detail = self._details.get(str(slug))
        if detail is None:
            raise ApiError(404, f"Model {slug!r} not found")
        return detail


def summary(model: ModelSpec) -> dict[str, str]:
    """What the list answers for one model."""
    info = model.model
    return {
        "title": info.title,
        "slug": info.slug,
        "version": info.version,
        "output_type": info.output_type,
    }


def read_query(query: str, params: Mapping[str, QueryParameter]) -> dict[str, Any]:
    """The declared parameters of a query string, typed and with defaults; unknown ones are
    ignored. A parameter given empty (``?limit=``) is its type's empty value: the empty string,
    or no integer at all (400), as the OpenAPI document reads it. Raises :class:`ApiError` 400
    listing each problem."""
    raw = parse_qs(query, keep_blank_values=True)
    found: dict[str, Any] = {}
    problems: list[Violation] = []
    for name, spec in params.items():
        if name not in raw:
            if spec.required:
                problems.append(Violation(name, "required", f"{name} is required"))
            elif spec.default is not None:
                found[name] = spec.default
            continue
        text = raw[name][0]
        if spec.type == "string":
            found[name] = text
        elif not _INTEGER.fullmatch(text):
            problems.append(Violation(name, "type", f"{name} must be an integer, got {text!r:.40}"))
        else:
            value = int(text)
            if spec.minimum is not None and value < spec.minimum:
                problems.append(
                    Violation(name, "minimum", f"{name} must be at least {spec.minimum}")
                )
            elif spec.maximum is not None and value > spec.maximum:
                problems.append(
                    Violation(name, "maximum", f"{name} must be at most {spec.maximum}")
                )
            else:
                found[name] = value
    if problems:
        raise ApiError(400, "Invalid query parameters", [p.to_json() for p in problems])
    return found
