"""Raw ASGI adapter: bytes in, :meth:`MockApp.handle` answer out (no framework).

Handles the lifespan protocol (starts and stops the webhook sender), caps the
request body at ``max_body_bytes`` (413), applies latency and dropped-connection
faults, and sends due webhooks when a control route moved the clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .dispatch import AsyncDispatcher
from .engine import Engine
from .messages import Request, Response, error_response, payload_too_large
from .routes import MockApp

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_DROP_LENGTH = b"64"


class _DropFilter(logging.Filter):
    """Hides uvicorn's complaint about the responses we cut on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_DropFilter())


class AsgiAdapter:
    """An ASGI 3 application serving one :class:`Engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.app = MockApp(engine)
        self.dispatcher: AsyncDispatcher | None = None
        self.max_body = engine.config.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.dispatcher = AsyncDispatcher(self.engine)
                await self.dispatcher.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.dispatcher is not None:
                    await self.dispatcher.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            key = name.decode("latin-1").lower()
            if key not in headers:
                headers[key] = value.decode("latin-1")
        response = await self._read_and_handle(scope, receive, headers)
        if response.delay:
            await asyncio.sleep(response.delay)
        if response.drop:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", _DROP_LENGTH),
                    ],
                }
            )
            return  # the server closes the connection mid-response
        if response.flush_webhooks or self.engine.dirty:
            dispatcher = self._dispatcher()
            if response.flush_webhooks:
                await dispatcher.flush()
            else:
                dispatcher.wake()
        raw_headers = [(b"content-type", response.content_type.encode("latin-1"))]
        raw_headers.extend(
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()
        )
        if "Content-Length" not in response.headers:
            raw_headers.append((b"content-length", str(len(response.body)).encode("ascii")))
        await send(
            {"type": "http.response.start", "status": response.status, "headers": raw_headers}
        )
        await send({"type": "http.response.body", "body": response.body})

    async def _read_and_handle(
        self, scope: Scope, receive: Receive, headers: dict[str, str]
    ) -> Response:
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return error_response(400, "Invalid Content-Length header")
            if int(declared) > self.max_body:
                return payload_too_large(self.max_body)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return error_response(400, "Client disconnected")
            chunk = message.get("body", b"")
            if chunk:
                size += len(chunk)
                if size > self.max_body:
                    return payload_too_large(self.max_body)
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        host = headers.get("host")
        if host is None:
            server = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        request = Request(
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            headers,
            body,
            f"{scope.get('scheme', 'http')}://{host}",
        )
        try:
            return self.app.handle(request)
        except Exception:  # pragma: no cover - a bug must still answer in the documented shape
            logging.getLogger("mockserver").exception("unhandled error")
            return error_response(500, "Internal error in the mock server")

    def _dispatcher(self) -> AsyncDispatcher:
        if self.dispatcher is None:  # served without lifespan
            self.dispatcher = AsyncDispatcher(self.engine)
        self.engine.dirty = False
        return self.dispatcher
