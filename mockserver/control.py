"""Control routes under ``/_mock/``: script, inspect and drive the mock.

No API key is needed; bodies are JSON. Errors use the same
``{status: "error", message, details}`` shape as the API.

=======  ====================================  ===============================================
Method   Path                                  What it does
=======  ====================================  ===============================================
GET      /_mock/health                         ``{status: "ok", models, spec_hash, now, virtual}``
GET      /_mock/clock                          ``{now, virtual}``
POST     /_mock/clock/advance                  ``{"seconds": N}``: move the clock, finish due
                                               predictions, send due webhooks, then answer
                                               ``{now, finished: [ids]}``
GET      /_mock/predictions                    every stored prediction (``?api_key=``, ``?limit=``)
DELETE   /_mock/predictions                    forget predictions and rate-limit state
GET      /_mock/predictions/{id}               one prediction (any key), with its ``result``
POST     /_mock/predictions/{id}/outcome       script how a processing prediction ends
                                               (an outcome, see :mod:`mockserver.outcomes`;
                                               ``seconds`` counts from now)
GET      /_mock/outcomes                       queued outcomes for the next creates
POST     /_mock/outcomes                       queue one outcome (or a list) for the next creates
DELETE   /_mock/outcomes                       clear the queue
GET      /_mock/requests                       recorded API requests, oldest first (``?limit=``)
DELETE   /_mock/requests                       clear them
GET      /_mock/webhooks                       webhook deliveries with every attempt
POST     /_mock/webhooks/flush                 send every due delivery now, then answer
DELETE   /_mock/webhooks                       forget deliveries
GET      /_mock/faults                         current fault settings
PUT      /_mock/faults                         ``{latency, latency_jitter, error_rate,
                                               error_status, drop_rate, routes}`` (seeded)
DELETE   /_mock/faults                         turn faults off
POST     /_mock/reset                          everything back to start (clock keeps its time)
GET      /_mock/stats                          counts of stored objects
GET      /_mock/files/{name}.{mp4,png,mp3}     the output asset (no key needed)
=======  ====================================  ===============================================

Per request, the ``X-Mock-Outcome`` header on a create scripts that one
prediction (a kind such as ``error``, or an outcome JSON object).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from .engine import ApiError, Engine
from .faults import parse_faults
from .messages import Request, Response, error_response, json_response
from .outcomes import parse_outcome
from .outputs import FILES_PREFIX, file_response

CONTROL_PREFIX = "/_mock/"

Handler = Callable[[Request, str], Response]


class Control:
    """Dispatches ``/_mock/...`` requests to the engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._static: dict[tuple[str, str], Callable[[Request], Response]] = {
            ("GET", "health"): self._health,
            ("GET", "clock"): lambda r: json_response(200, self._clock()),
            ("POST", "clock/advance"): self._advance,
            ("GET", "predictions"): self._predictions,
            ("DELETE", "predictions"): lambda r: self._done(engine.clear_predictions),
            ("GET", "outcomes"): lambda r: json_response(200, engine.scripts()),
            ("POST", "outcomes"): self._queue,
            ("DELETE", "outcomes"): lambda r: self._done(engine.clear_scripts),
            ("GET", "requests"): self._requests,
            ("DELETE", "requests"): lambda r: self._done(engine.clear_requests),
            ("GET", "webhooks"): lambda r: json_response(200, engine.webhooks()),
            ("POST", "webhooks/flush"): lambda r: self._done(engine.tick, flush=True),
            ("DELETE", "webhooks"): lambda r: self._done(engine.clear_webhooks),
            ("GET", "faults"): lambda r: json_response(200, engine.faults.settings.to_json()),
            ("PUT", "faults"): self._faults,
            ("DELETE", "faults"): lambda r: self._done(engine.faults.reset),
            ("POST", "reset"): lambda r: self._done(engine.reset),
            ("GET", "stats"): lambda r: json_response(200, engine.stats()),
        }
        self._paths = {path for _, path in self._static}

    def handle(self, request: Request) -> Response:
        """Answer one control request."""
        rest = request.path[len(CONTROL_PREFIX) :].rstrip("/")
        try:
            handler = self._static.get((request.method, rest))
            if handler is not None:
                return handler(request)
            if rest in self._paths:
                allowed = sorted(m for m, p in self._static if p == rest)
                return error_response(
                    405,
                    f"Method {request.method} not allowed",
                    {"allow": allowed},
                    {"Allow": ", ".join(allowed)},
                )
            if request.path.startswith(FILES_PREFIX):
                return self._file(request)
            if rest.startswith("predictions/"):
                return self._prediction(request, rest[len("predictions/") :])
            return error_response(404, f"No route for {request.method} {request.path}")
        except ApiError as error:
            return error_response(error.status, error.message, error.details, error.headers)

    # ------------------------------------------------------------------ handlers

    def _health(self, request: Request) -> Response:
        spec = self.engine.spec
        body = {"status": "ok", "models": sorted(spec.models), "spec_hash": spec.content_hash}
        return json_response(200, {**body, **self._clock()})

    def _clock(self) -> dict[str, Any]:
        return {"now": self.engine.now(), "virtual": self.engine.clock.virtual}

    def _advance(self, request: Request) -> Response:
        body = _json(request)
        seconds = body.get("seconds") if isinstance(body, dict) else None
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise ApiError(400, 'send {"seconds": <non-negative number>}')
        response = json_response(200, self.engine.advance(float(seconds)))
        response.flush_webhooks = True
        return response

    def _predictions(self, request: Request) -> Response:
        query = parse_qs(request.query)
        return json_response(
            200,
            self.engine.predictions(api_key=query.get("api_key", [None])[0], limit=_limit(query)),
        )

    def _prediction(self, request: Request, rest: str) -> Response:
        prediction_id, _, action = rest.partition("/")
        if action == "" and request.method == "GET":
            return json_response(200, self.engine.prediction(prediction_id))
        if action == "outcome" and request.method == "POST":
            outcome = _parse(parse_outcome, _json(request))
            response = json_response(200, self.engine.script_prediction(prediction_id, outcome))
            response.flush_webhooks = True
            return response
        if action in ("", "outcome"):
            allowed = "GET" if action == "" else "POST"
            return error_response(
                405,
                f"Method {request.method} not allowed",
                {"allow": [allowed]},
                {"Allow": allowed},
            )
        return error_response(404, f"No route for {request.method} {request.path}")

    def _queue(self, request: Request) -> Response:
        body = _json(request)
        items = body if isinstance(body, list) else [body]
        outcomes = [_parse(parse_outcome, item) for item in items]
        for outcome in outcomes:
            self.engine.script_next(outcome)
        return json_response(200, self.engine.scripts())

    def _requests(self, request: Request) -> Response:
        return json_response(200, self.engine.request_log(_limit(parse_qs(request.query))))

    def _faults(self, request: Request) -> Response:
        settings = _parse(parse_faults, _json(request))
        self.engine.set_faults(settings)
        return json_response(200, settings.to_json())

    def _file(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return error_response(
                405,
                f"Method {request.method} not allowed",
                {"allow": ["GET", "HEAD"]},
                {"Allow": "GET, HEAD"},
            )
        found = file_response(request.path[len(FILES_PREFIX) :])
        if found is None:
            return error_response(404, f"No file {request.path}")
        content_type, data = found
        return Response(
            200,
            b"" if request.method == "HEAD" else data,
            content_type,
            {"Content-Length": str(len(data))} if request.method == "HEAD" else {},
        )

    def _done(self, action: Callable[[], None], *, flush: bool = False) -> Response:
        action()
        response = json_response(200, {"status": "ok"})
        response.flush_webhooks = flush
        return response


def _json(request: Request) -> Any:
    if not request.body:
        return {}
    try:
        return json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise ApiError(400, "Request body is not valid JSON") from None


def _parse(parser: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parser(value)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None


def _limit(query: dict[str, list[str]]) -> int | None:
    raw = query.get("limit", [None])[0]
    if raw is None:
        return None
    if not raw.isdigit():
        raise ApiError(400, "limit must be a whole number")
    return int(raw)
