"""HTTP semantics of the mock: routing, auth, body parsing, faults, request log.

:class:`MockApp` turns a :class:`~mockserver.messages.Request` into a
:class:`~mockserver.messages.Response` synchronously; the adapters only move
bytes. API paths come from the spec (``base_url`` path + each endpoint's
``path``); ``/_mock/...`` is handled by :mod:`mockserver.control`.

Order of checks on an API request: route (404) -> method (405) -> injected
fault -> ``X-API-Key`` (401, on endpoints that need it) -> content type (415) -> body (400: empty,
non-UTF-8, malformed JSON) -> model / version (404) -> request fields and
input (400) -> rate limits (429) -> scripted ``fault`` outcome (5xx). Discovery
(``list_models``, ``get_model``) checks its query (400) and the slug (404).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from generator.spec import Spec

from .config import MockConfig
from .control import CONTROL_PREFIX, Control
from .discovery import GET, LIST, Discovery
from .engine import ApiError, Engine
from .messages import Request, Response, error_response, json_response
from .outcomes import Outcome, parse_header

OUTCOME_HEADER = "x-mock-outcome"
_NOT_IMPLEMENTED = 501


class _Route:
    """An endpoint path: static, or with one ``{param}`` segment."""

    def __init__(self, template: str) -> None:
        self.template = template
        start = template.find("{")
        if start < 0:
            self.prefix, self.suffix = template, None
        else:
            end = template.index("}", start)
            self.prefix, self.suffix = template[:start], template[end + 1 :]

    def match(self, path: str) -> str | None:
        """The parameter value ("" for a static path) if ``path`` matches, else ``None``."""
        if self.suffix is None:
            return "" if path == self.prefix or path + "/" == self.prefix else None
        if not path.startswith(self.prefix) or not path.endswith(self.suffix):
            return None
        value = path[len(self.prefix) : len(path) - len(self.suffix)]
        return value if value and "/" not in value else None


def _bad_json(text: str) -> Any:
    raise ValueError(f"{text} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_bad_json)
"""What ``json.loads(text, parse_constant=_bad_json)`` builds on every call, built once."""


class MockApp:
    """The whole mock behind one synchronous ``handle`` (adapters wrap it)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.config: MockConfig = engine.config
        spec: Spec = engine.spec
        platform = spec.platform
        base_path = urlsplit(platform.base_url).path.rstrip("/")
        self.platform = platform
        self.discovery = Discovery(spec)
        self.auth_header = platform.auth.header.lower()
        self.routes: list[tuple[_Route, dict[str, str]]] = []
        by_path: dict[str, dict[str, str]] = {}
        for name, endpoint in platform.endpoints.items():
            by_path.setdefault(base_path + endpoint.path, {})[endpoint.method] = name
        for template, methods in by_path.items():
            self.routes.append((_Route(template), methods))
        self.control = Control(engine)

    def handle(self, request: Request) -> Response:
        """Answer one request; never raises for bad input."""
        path = request.path
        if path.startswith(CONTROL_PREFIX):
            return self.control.handle(request)
        for route, methods in self.routes:
            param = route.match(path)
            if param is None:
                continue
            name = methods.get(request.method)
            if name is None:
                allow = ", ".join(sorted(methods))
                return error_response(
                    405,
                    f"Method {request.method} not allowed on {path}",
                    {"allow": sorted(methods)},
                    {"Allow": allow},
                )
            return self._api(name, param, request)
        return error_response(404, f"No route for {request.method} {path}")

    def _api(self, name: str, param: str, request: Request) -> Response:
        engine = self.engine
        fault = engine.roll_fault(name)
        api_key = request.headers.get(self.auth_header, "").strip() or None
        prediction_id: str | None = param or None
        if fault is not None and (fault.drop or fault.status is not None):
            response = (
                Response(502, b"", drop=True)
                if fault.drop
                else error_response(fault.status or 500, "Internal server error (injected fault)")
            )
        else:
            try:
                if self.platform.endpoints[name].auth:
                    if api_key is None:
                        raise ApiError(401, f"Missing {self.platform.auth.header} header")
                    if self.config.api_keys and api_key not in self.config.api_keys:
                        raise ApiError(401, "Invalid API key")
                if name == LIST:
                    response = json_response(200, self.discovery.list_models(request.query))
                elif name == GET:
                    response = json_response(200, self.discovery.get_model(request.query))
                elif name == "create_prediction":
                    body = engine.create(
                        api_key or "",
                        self._json_body(request),
                        request.origin,
                        self._outcome_header(request),
                    )
                    prediction_id = body["predictionID"]
                    response = json_response(200, body)
                elif name == "get_prediction":
                    response = json_response(200, engine.get(api_key or "", param))
                else:
                    raise ApiError(_NOT_IMPLEMENTED, f"Endpoint {name} is not simulated")
            except ApiError as error:
                response = error_response(error.status, error.message, error.details, error.headers)
        if fault is not None:
            response.delay = fault.delay
        engine.log_request(
            request.method,
            request.path,
            request.query,
            api_key,
            response.status,
            request.body,
            prediction_id,
        )
        return response

    def _json_body(self, request: Request) -> Any:
        content_type = request.headers.get("content-type")
        if content_type is not None:
            mime = content_type.split(";", 1)[0].strip().lower()
            if mime != "application/json" and not mime.endswith("+json"):
                raise ApiError(415, f"Content-Type must be application/json, not {mime!r}")
        if not request.body:
            raise ApiError(400, "Request body is empty; send a JSON object")
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(
                400, "Request body is not valid UTF-8", {"position": exc.start}
            ) from None
        try:
            if text.startswith("\ufeff"):  # as json.loads says it
                raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
            return _DECODER.decode(text)
        except (ValueError, RecursionError) as exc:
            raise ApiError(
                400, "Request body is not valid JSON", {"error": str(exc)[:200]}
            ) from None

    def _outcome_header(self, request: Request) -> Outcome | None:
        text = request.headers.get(OUTCOME_HEADER)
        if text is None:
            return None
        try:
            return parse_header(text)
        except ValueError as exc:
            raise ApiError(
                400, f"Bad X-Mock-Outcome header: {exc}", {"header": "X-Mock-Outcome"}
            ) from None
