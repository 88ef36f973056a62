"""respx adapter: the same engine in-process, no socket, for sync and async httpx.

Every request to the mock's origin (the spec's ``base_url`` by default) is
answered by :meth:`MockApp.handle`; any other request passes through to the
network (so webhooks can reach a local receiver). Latency faults and webhook
sends block the calling thread here, since respx side effects are synchronous.
"""

from __future__ import annotations

import time
from types import TracebackType
from urllib.parse import urlsplit

import httpx
import respx

from .dispatch import SyncDispatcher
from .engine import Engine
from .messages import Request, payload_too_large
from .routes import MockApp


class RespxAdapter:
    """A respx router serving ``engine`` at ``base_url``; use as a context manager."""

    def __init__(self, engine: Engine, base_url: str | None = None) -> None:
        self.engine = engine
        self.app = MockApp(engine)
        self.dispatcher = SyncDispatcher(engine)
        self.base_url = (base_url or engine.spec.platform.base_url).rstrip("/")
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.router = respx.MockRouter(assert_all_called=False, assert_all_mocked=False)
        self.router.route(url__startswith=self.origin + "/").mock(side_effect=self._handle)
        self.router.route().pass_through()

    def start(self) -> None:
        """Start intercepting httpx requests."""
        self.router.start()

    def stop(self) -> None:
        """Stop intercepting."""
        self.router.stop(quiet=True)

    def __enter__(self) -> RespxAdapter:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _handle(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        if len(body) > self.engine.config.max_body_bytes:
            response = payload_too_large(self.engine.config.max_body_bytes)
        else:
            headers: dict[str, str] = {}
            for name, value in request.headers.multi_items():
                headers.setdefault(name.lower(), value)
            url = request.url
            response = self.app.handle(
                Request(
                    request.method,
                    url.path,
                    url.query.decode("latin-1"),
                    headers,
                    body,
                    f"{url.scheme}://{url.netloc.decode('latin-1')}",
                )
            )
        if response.delay:
            time.sleep(response.delay)
        if response.drop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if response.flush_webhooks or self.engine.dirty:
            self.dispatcher.flush()
        headers_out = {"content-type": response.content_type, **response.headers}
        return httpx.Response(
            response.status, headers=headers_out, content=response.body, request=request
        )
