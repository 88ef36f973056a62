"""Build the OpenAPI 3.1 document for a spec (to be completed: see issue 2 brief)."""

from __future__ import annotations

from typing import Any

from .spec import Spec


def document(spec: Spec) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the platform and every model's input schema."""
    return {"openapi": "3.1.0", "info": {"title": spec.platform.title, "version": "0.1.0"}, "paths": {}}
