"""Result files: the small real assets the mock serves as prediction output.

``output_type`` picks the asset (``video`` -> MP4, ``image`` -> PNG, ``audio`` ->
MP3); ``array`` makes the output a list of one such output, of the kind
``output_items`` names; any other type (``object``, ``text``, ...) gets a small
JSON object naming the URL.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

FILES_PREFIX = "/_mock/files/"

CONTENT_TYPES = {"mp4": "video/mp4", "png": "image/png", "mp3": "audio/mpeg"}
"""Served extensions and their content types; one asset per extension."""

_EXTENSION_FOR_KIND = {"video": "mp4", "image": "png", "audio": "mp3"}


@cache
def asset(extension: str) -> bytes:
    """The bytes of ``assets/output.<extension>`` (read once)."""
    return resources.files("mockserver").joinpath("assets", f"output.{extension}").read_bytes()


def output_for(output_type: str, output_items: str | None, origin: str, prediction_id: str) -> Any:
    """The ``output`` of a successful prediction, with URLs on the mock at ``origin``."""
    if output_type == "array":
        return [output_for(output_items or "object", None, origin, prediction_id)]
    extension = _EXTENSION_FOR_KIND.get(output_type)
    if extension is not None:
        return f"{origin}{FILES_PREFIX}{prediction_id}.{extension}"
    return {"result": f"{origin}{FILES_PREFIX}{prediction_id}.png", "mock": True}


def file_response(name: str) -> tuple[str, bytes] | None:
    """``(content_type, bytes)`` for ``/_mock/files/<name>``, or ``None`` when not served."""
    stem, dot, extension = name.rpartition(".")
    content_type = CONTENT_TYPES.get(extension.lower())
    if not dot or not stem or "/" in stem or content_type is None:
        return None
    return content_type, asset(extension.lower())
