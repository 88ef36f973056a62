"""The ceiling for the mock's HTTP figures: uvicorn serving a fixed JSON body.

``python bench/bare_asgi.py`` listens on 127.0.0.1 and a free port, with the same uvicorn
settings as ``eachlabs-mock``, and prints its base URL; every request gets the same small
JSON answer, so what is measured is uvicorn and the socket, nothing else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import uvicorn

from mockserver.server import bind

BODY = b'{"status":"success","message":"Prediction created successfully","predictionID":"x"}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
) -> None:
    """Read the request body, answer the fixed body."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def main() -> None:
    sock = bind("127.0.0.1", 0)
    host, port = sock.getsockname()[:2]
    print(f"http://{host}:{port}/v1", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
