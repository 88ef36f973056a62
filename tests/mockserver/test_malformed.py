"""Malformed requests: each gets the documented error shape and leaves state unchanged."""

from __future__ import annotations

import socket

import httpx
import pytest
from mockserver_helpers import KEY, VALID, headers

JSON = {"Content-Type": "application/json"}

CASES = [
    # (id, method, path, headers, body, status)
    ("malformed-json", "POST", "/v1/prediction/", JSON, b'{"model": ', 400),
    ("trailing-garbage", "POST", "/v1/prediction/", JSON, b'{"model": "x"} x', 400),
    ("nan", "POST", "/v1/prediction/", JSON, b'{"model": NaN}', 400),
    ("empty-body", "POST", "/v1/prediction/", JSON, b"", 400),
    ("not-an-object", "POST", "/v1/prediction/", JSON, b"[1, 2]", 400),
    ("string-body", "POST", "/v1/prediction/", JSON, b'"hello"', 400),
    ("model-not-string", "POST", "/v1/prediction/", JSON, b'{"model": 5, "input": {}}', 400),
    (
        "input-not-object",
        "POST",
        "/v1/prediction/",
        JSON,
        b'{"model": "alibaba-wan-2-7-image-to-video", "input": [1]}',
        400,
    ),
    (
        "bad-webhook-url",
        "POST",
        "/v1/prediction/",
        JSON,
        b'{"model": "alibaba-wan-2-7-image-to-video", "input": {"first_frame":'
        b' "https://e.com/a.png"}, "webhook_url": "ftp://x"}',
        400,
    ),
    ("non-utf8", "POST", "/v1/prediction/", JSON, b'{"model": "\xff\xfe"}', 400),
    ("deep-nesting", "POST", "/v1/prediction/", JSON, b"[" * 100_000 + b"]" * 100_000, 400),
    (
        "wrong-content-type",
        "POST",
        "/v1/prediction/",
        {"Content-Type": "text/plain"},
        b'{"model": "x"}',
        415,
    ),
    (
        "form-content-type",
        "POST",
        "/v1/prediction/",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"model=x",
        415,
    ),
    ("huge-body", "POST", "/v1/prediction/", JSON, b'{"x": "' + b"a" * 2_000_000 + b'"}', 413),
    (
        "bad-outcome-header",
        "POST",
        "/v1/prediction/",
        {**JSON, "X-Mock-Outcome": "explode"},
        b'{"model": "x"}',
        400,
    ),
    ("unknown-route", "GET", "/v1/nothing", {}, b"", 404),
    ("unknown-root", "GET", "/", {}, b"", 404),
    ("nested-id", "GET", "/v1/prediction/a/b", {}, b"", 404),
    ("wrong-method-create", "GET", "/v1/prediction/", {}, b"", 405),
    ("wrong-method-get", "DELETE", "/v1/prediction/abc", {}, b"", 405),
    ("put-create", "PUT", "/v1/prediction/", JSON, b"{}", 405),
    ("unknown-control", "GET", "/_mock/nothing", {}, b"", 404),
    ("control-wrong-method", "DELETE", "/_mock/clock", {}, b"", 405),
    ("control-bad-json", "POST", "/_mock/outcomes", JSON, b"{", 400),
    ("control-bad-outcome", "POST", "/_mock/outcomes", JSON, b'{"outcome": "meh"}', 400),
    ("control-bad-advance", "POST", "/_mock/clock/advance", JSON, b'{"seconds": -1}', 400),
    ("control-bad-faults", "PUT", "/_mock/faults", JSON, b'{"error_rate": 2}', 400),
    ("file-unknown-ext", "GET", "/_mock/files/x.exe", {}, b"", 404),
]


@pytest.mark.parametrize(
    ("method", "path", "extra", "body", "status"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_malformed_request(eachlabs_mock_server, method, path, extra, body, status) -> None:  # type: ignore[no-untyped-def]
    origin = eachlabs_mock_server.thread.origin
    with httpx.Client(base_url=origin) as client:
        before = eachlabs_mock_server.engine.stats()
        response = client.request(method, path, content=body, headers={**headers(), **extra})
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/json"
        data = response.json()
        assert data["status"] == "error"
        assert isinstance(data["message"], str) and data["message"]
        assert "details" in data
        if status == 405:
            assert response.headers["allow"]
        after = eachlabs_mock_server.engine.stats()
        assert after["predictions"] == before["predictions"] == 0
        # the server still works afterwards
        ok = client.post("/v1/prediction/", json=VALID, headers=headers())
        assert ok.status_code == 200


def test_body_without_content_type_is_parsed(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    raw = (
        b'{"model": "alibaba-wan-2-7-image-to-video", '
        b'"input": {"first_frame": "https://e.com/a.png"}}'
    )
    response = httpx.post(
        eachlabs_mock_server.base_url + "/prediction/", content=raw, headers={"X-API-Key": KEY}
    )
    assert response.status_code == 200


def read_reply(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (both answers here are ``Connection: close``)."""
    chunks = []
    while chunk := sock.recv(4096):
        chunks.append(chunk)
    return b"".join(chunks)


def test_raw_socket_garbage_and_lying_length(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    host, port = eachlabs_mock_server.thread.socket.getsockname()[:2]
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"\x16\x03\x01garbage that is not http\r\n\r\n")
        assert read_reply(sock).startswith(b"HTTP/1.1 400")
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(
            b"POST /v1/prediction/ HTTP/1.1\r\nHost: x\r\nX-API-Key: k\r\n"
            b"Content-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{"
        )
        reply = read_reply(sock)
        assert reply.startswith(b"HTTP/1.1 413")
        assert b'"status":"error"' in reply
    assert eachlabs_mock_server.health()["status"] == "ok"
