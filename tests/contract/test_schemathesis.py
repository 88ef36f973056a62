"""schemathesis: generated/openapi.json against the live mock on a real socket.

Positive and negative cases for every operation, with all of schemathesis' default
checks (status codes, content types, response schemas, positive data accepted,
negative data rejected, auth, unsupported methods, ...). The example budget is
the hypothesis profile's (``ci`` by default).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from mockserver.ratelimit import WINDOW_SECONDS

from .targets import API_KEY, ROOT, targets

OPENAPI = ROOT / "generated" / "openapi.json"
FRAMING_HEADERS = {"content-length", "transfer-encoding", "host", "connection"}

schema = schemathesis.openapi.from_path(OPENAPI)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@schema.hook("map_headers")
def without_framing_headers(context: Any, headers: dict[str, Any] | None) -> dict[str, Any] | None:
    """Drop generated headers that decide where an HTTP message ends.

    With ``Content-Length: false`` the request is not HTTP: uvicorn answers a plain-text
    400 before any application sees it, as the proxy in front of the real API would. Such
    cases test the HTTP server, not the API this document describes.
    """
    if headers is None:  # an operation without header parameters
        return None
    return {name: value for name, value in headers.items() if name.lower() not in FRAMING_HEADERS}


def auth_header() -> str:
    return next(t for t in targets() if t.spec_name == "spec").platform.auth.header


# Only API_KEY is valid, so that schemathesis' invalid-credential cases must get a 401
# (the mock accepts any key unless told which ones exist).
@pytest.mark.eachlabs_mock(api_keys=[API_KEY])
@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_openapi_document_matches_the_live_mock(case: Any, eachlabs_mock_server: Any) -> None:
    # One server per operation (the function-scoped fixture), shared by its examples.
    case.call_and_validate(base_url=eachlabs_mock_server.base_url, headers={auth_header(): API_KEY})
    # A minute later for the next case: the rate limits never answer in place of the API.
    eachlabs_mock_server.engine.advance(WINDOW_SECONDS)
