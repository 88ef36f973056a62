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


class InputValidator:
    """:func:`validate_input` for one platform, its rules read once (the engine keeps one)."""

    def __init__(self, platform: Platform) -> None:
        self.reject_unknown = platform.inputs.unknown_inputs == "reject"
        self.url_rules = UrlRules.of(platform.file_urls)

    def validate(
        self, model: ModelSpec, value: Any, *, allow_local_urls: bool = False
    ) -> list[Violation]:
        """Every violation of ``value`` against ``model``'s inputs, in the documented order."""
        if not isinstance(value, dict):
            return [Violation("", "type", "input must be a JSON object")]
        found: list[Violation] = []
        inputs = model.inputs
        if self.reject_unknown:
            for key in value:
                if key not in inputs:
                    found.append(
                        Violation(key, "unknown", f"{key!r} is not an input of {model.slug}")
                    )
        rules = self.url_rules
        for name, spec in inputs.items():
            item = value.get(name)
            if item is not None or spec.required:  # an absent optional input breaks no rule
                found.extend(_check_one(name, spec, item, rules, allow_local_urls))
        return found


def validate_input(
    model: ModelSpec, platform: Platform, value: Any, *, allow_local_urls: bool = False
) -> list[Violation]:
    """Every violation of ``value`` against ``model``'s inputs, in the documented order."""
    return InputValidator(platform).validate(model, value, allow_local_urls=allow_local_urls)


def _check_one(
    name: str, spec: Input, value: Any, rules: UrlRules, allow_local: bool
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
        problem = rules.check(value, spec.media.formats, allow_local=allow_local)
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


@dataclass(frozen=True, slots=True)
class UrlRules:
    """A platform's ``file_urls`` rules read once: lower-cased sets, ready for many URLs."""

    schemes: frozenset[str]
    local_schemes: frozenset[str]
    """``schemes`` plus ``http``, for ``allow_local``."""
    reject_data_uris: bool
    rejected_hosts: frozenset[str]
    reject_private_addresses: bool
    known_extensions: frozenset[str]

    @classmethod
    def of(cls, rules: FileUrlRules) -> UrlRules:
        """The rules of ``file_urls``, lower-cased."""
        schemes = frozenset(s.lower() for s in rules.schemes)
        return cls(
            schemes,
            schemes | {"http"},
            rules.reject_data_uris,
            frozenset(h.lower() for h in rules.rejected_hosts),
            rules.reject_private_addresses,
            frozenset(e.lower() for e in rules.known_extensions),
        )

    def check(
        self, url: str, formats: list[str], *, allow_local: bool = False
    ) -> tuple[str, str] | None:
        """``(constraint, message)`` for the first rule ``url`` breaks, else ``None``."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return ("url_host", "the URL cannot be parsed")
        scheme = parts.scheme.lower()
        if self.reject_data_uris and scheme == "data":
            return ("data_uri", "data URIs are not accepted; pass a URL")
        schemes = self.local_schemes if allow_local else self.schemes
        if scheme not in schemes:
            return ("url_scheme", f"the URL scheme must be one of {', '.join(sorted(schemes))}")
        if not host:
            return ("url_host", "the URL has no host")
        if not allow_local and self.is_local_host(host.rstrip(".")):
            return ("url_host", f"host {host!r} is not publicly reachable")
        segment = parts.path.rsplit("/", 1)[-1]
        if "." in segment:
            ext = segment.rsplit(".", 1)[1].lower()
            # ``ext`` is lower-case, so a format equal to it is one in lower case too.
            if (
                ext in self.known_extensions
                and ext not in formats
                and ext not in {f.lower() for f in formats}
            ):
                return (
                    "format",
                    f"'.{ext}' files are not accepted; use one of {', '.join(formats)}",
                )
        return None

    def is_local_host(self, host: str) -> bool:
        """Whether ``host`` (no trailing dot) is a local name or a non-public address."""
        host = host.lower()
        if host in self.rejected_hosts or host.endswith(".localhost"):
            return True
        if not self.reject_private_addresses:
            return False
        literal = host.split("%", 1)[0]
        if not may_be_ip_address(literal):
            return False
        try:
            address = ipaddress.ip_address(literal)
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


def may_be_ip_address(text: str) -> bool:
    """``False`` only when ``ipaddress.ip_address(text)`` surely fails: an IPv4 address ends
    in a digit and an IPv6 address has colons (a cheap test before the costly parse)."""
    return ":" in text or text[-1:].isdigit()


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
