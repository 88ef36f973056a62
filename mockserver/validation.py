"""Input validation exactly as ``spec/README.md`` (*Validation*) defines it.

This is the mock's own reading of the rules, written independently of the
generated client's validators; the contract tests hold the two to each other.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.spec import FileUrlRules, Input, ModelSpec, Platform

_PYTHON_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "object": "an object",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: the input's name (``""`` for the whole input), constraint, message."""

    path: str
    constraint: str
    message: str

    def to_json(self) -> dict[str, str]:
        """The wire form, ``{path, constraint, message}``."""
        return {"path": self.path, "constraint": self.constraint, "message": self.message}


def validate_input(
    model: ModelSpec, platform: Platform, value: Any, *, allow_local_urls: bool = False
) -> list[Violation]:
    """Every violation of ``value`` against ``model``'s inputs, in the documented order."""
    if not isinstance(value, dict):
        return [Violation("", "type", "input must be a JSON object")]
    found: list[Violation] = []
    if platform.inputs.unknown_inputs == "reject":
        for key in value:
            if key not in model.inputs:
                found.append(Violation(key, "unknown", f"{key!r} is not an input of {model.slug}"))
    for name, spec in model.inputs.items():
        found.extend(_check_one(name, spec, value.get(name), platform.file_urls, allow_local_urls))
    return found


def _check_one(
    name: str, spec: Input, value: Any, rules: FileUrlRules, allow_local: bool
) -> list[Violation]:
    if value is None:
        if spec.required:
            return [Violation(name, "required", f"{name} is required")]
        return []
    if not _has_type(spec.type, value):
        return [Violation(name, "type", f"{name} must be {_PYTHON_TYPES[spec.type]}")]
    found: list[Violation] = []
    if spec.enum is not None and not any(_same(value, allowed) for allowed in spec.enum):
        allowed = ", ".join(repr(item) for item in spec.enum)
        found.append(Violation(name, "enum", f"{name} must be one of {allowed}"))
    if spec.minimum is not None and value < spec.minimum:
        found.append(Violation(name, "minimum", f"{name} must be at least {spec.minimum}"))
    if spec.maximum is not None and value > spec.maximum:
        found.append(Violation(name, "maximum", f"{name} must be at most {spec.maximum}"))
    if spec.min_length is not None and len(value) < spec.min_length:
        found.append(
            Violation(
                name, "min_length", f"{name} must be at least {spec.min_length} characters long"
            )
        )
    if spec.max_length is not None and len(value) > spec.max_length:
        found.append(
            Violation(
                name, "max_length", f"{name} must be at most {spec.max_length} characters long"
            )
        )
    if spec.media is not None:
        problem = check_file_url(value, spec.media.formats, rules, allow_local=allow_local)
        if problem is not None:
            constraint, message = problem
            found.append(Violation(name, constraint, f"{name}: {message}"))
    return found


def _has_type(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if isinstance(value, bool):
        return False
    if kind == "integer":
        if isinstance(value, int):
            return True
        return isinstance(value, float) and math.isfinite(value) and value.is_integer()
    return isinstance(value, (int, float))  # number


def _same(value: Any, allowed: Any) -> bool:
    if isinstance(allowed, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(allowed, bool) and value is allowed
    if isinstance(allowed, str) or isinstance(value, str):
        return isinstance(value, str) and isinstance(allowed, str) and value == allowed
    return bool(value == allowed)


def check_file_url(
    url: str, formats: list[str], rules: FileUrlRules, *, allow_local: bool = False
) -> tuple[str, str] | None:
    """``(constraint, message)`` for the first file-URL rule ``url`` breaks, else ``None``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return ("url_host", "the URL cannot be parsed")
    scheme = parts.scheme.lower()
    if rules.reject_data_uris and scheme == "data":
        return ("data_uri", "data URIs are not accepted; pass a URL")
    schemes = {s.lower() for s in rules.schemes}
    if allow_local:
        schemes.add("http")
    if scheme not in schemes:
        return ("url_scheme", f"the URL scheme must be one of {', '.join(sorted(schemes))}")
    if not host:
        return ("url_host", "the URL has no host")
    if not allow_local and _is_local_host(host.rstrip("."), rules):
        return ("url_host", f"host {host!r} is not publicly reachable")
    segment = parts.path.rsplit("/", 1)[-1]
    if "." in segment:
        ext = segment.rsplit(".", 1)[1].lower()
        known = {e.lower() for e in rules.known_extensions}
        if ext in known and ext not in {f.lower() for f in formats}:
            return ("format", f"'.{ext}' files are not accepted; use one of {', '.join(formats)}")
    return None


def _is_local_host(host: str, rules: FileUrlRules) -> bool:
    host = host.lower()
    if host in {h.lower() for h in rules.rejected_hosts} or host.endswith(".localhost"):
        return True
    if not rules.reject_private_addresses:
        return False
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def check_webhook_url(url: Any, pattern: re.Pattern[str] | None = None) -> str | None:
    """Why ``url`` cannot receive webhooks (``None`` when it can; loopback is allowed).

    ``pattern`` is the spec's ``pattern`` for ``webhook_url`` (see :func:`request_pattern`);
    a URL must match it too, searched as JSON Schema does.
    """
    if not isinstance(url, str):
        return "webhook_url must be a string"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "webhook_url cannot be parsed"
    if parts.scheme.lower() not in ("http", "https") or not host:
        return "webhook_url must be an http(s) URL with a host"
    if pattern is not None and pattern.search(url) is None:
        return f"webhook_url does not match the pattern {pattern.pattern}"
    return None


def request_pattern(platform: Platform, field: str) -> re.Pattern[str] | None:
    """The ``pattern`` the spec's create request schema gives ``field``, compiled, if any."""
    name = platform.endpoints["create_prediction"].request_schema
    schema = platform.schemas.get(name, {}) if name else {}
    prop = schema.get("properties", {}).get(field)
    pattern = prop.get("pattern") if isinstance(prop, dict) else None
    return re.compile(pattern) if isinstance(pattern, str) else None


def request_field_error(body: Mapping[str, Any], field: str, kind: type) -> str | None:
    """Why an optional request field (``version``, ``webhook_secret``) is unusable, or ``None``."""
    value = body.get(field)
    if value is None or isinstance(value, kind):
        return None
    return f"{field} must be a string"
