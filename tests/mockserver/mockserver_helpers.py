"""Shared helpers for the mock server tests (fixtures come from the plugin)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = ROOT / "spec"
MODEL = "alibaba-wan-2-7-image-to-video"
KEY = "test-key"
FRAME = "https://example.com/frame.png"
VALID = {"model": MODEL, "input": {"first_frame": FRAME}}


def headers(key: str = KEY, **extra: str) -> dict[str, str]:
    """Request headers with an API key."""
    return {"X-API-Key": key, **extra}


@dataclass
class Receiver:
    """A local webhook receiver; ``script`` lists (status, delay) per call, then 200."""

    url: str
    script: list[tuple[int, float]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A threaded HTTP server on 127.0.0.1 that records webhook POSTs."""
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.lock:
                state.calls.append({"body": body, "headers": dict(self.headers.items())})
                status, delay = state.script.pop(0) if state.script else (200, 0.0)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def payloads(receiver: Receiver) -> list[dict[str, Any]]:
    """The JSON bodies the receiver got."""
    return [json.loads(call["body"]) for call in receiver.calls]
