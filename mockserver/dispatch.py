"""Sending webhook deliveries from the engine's outbox, sync or async.

A delivery attempt fails on a non-2xx answer, a connection error, or no
answer within the engine's ``webhook_timeout`` (real seconds). Results go
back to the engine, which schedules retries on its clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx

from .engine import Engine
from .webhooks import Delivery

_MAX_ROUNDS = 10_000


def _describe(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"timeout: {type(error).__name__}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class SyncDispatcher:
    """Sends due deliveries with a blocking ``httpx.Client`` (used in-process)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def flush(self) -> int:
        """Send every delivery due now, including immediate retries; returns attempts made.

        The HTTP client is only built when something is due: building one costs milliseconds
        (TLS setup), and tests flush on every clock advance.
        """
        sent = 0
        client: httpx.Client | None = None
        try:
            for _ in range(_MAX_ROUNDS):
                due = self.engine.take_due_deliveries()
                if not due:
                    break
                if client is None:
                    client = httpx.Client(timeout=self.engine.webhook_timeout)
                for delivery in due:
                    self._send(client, delivery)
                    sent += 1
        finally:
            if client is not None:
                client.close()
        self.engine.dirty = False
        return sent

    def _send(self, client: httpx.Client, delivery: Delivery) -> None:
        started = time.perf_counter()
        try:
            response = client.post(
                delivery.url, content=delivery.body, headers=self.engine.signed_headers(delivery)
            )
        except Exception as error:
            self.engine.record_attempt(
                delivery, None, _describe(error), time.perf_counter() - started
            )
        else:
            self.engine.record_attempt(
                delivery, response.status_code, None, time.perf_counter() - started
            )


class AsyncDispatcher:
    """Sends due deliveries from the server's event loop, in the background."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Ask the background loop to look at the outbox again."""
        self._wake.set()

    async def start(self) -> None:
        """Start the background loop (on ASGI lifespan startup)."""
        self._client = httpx.AsyncClient(timeout=self.engine.webhook_timeout)
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop the loop and close the HTTP client."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    async def flush(self) -> int:
        """Send every delivery due now (waiting for one already running); returns attempts."""
        async with self._lock:
            client = self._client or httpx.AsyncClient(timeout=self.engine.webhook_timeout)
            sent = 0
            try:
                for _ in range(_MAX_ROUNDS):
                    due = self.engine.take_due_deliveries()
                    if not due:
                        break
                    await asyncio.gather(*(self._send(client, d) for d in due))
                    sent += len(due)
            finally:
                if client is not self._client:
                    await client.aclose()
            return sent

    async def _send(self, client: httpx.AsyncClient, delivery: Delivery) -> None:
        started = time.perf_counter()
        try:
            response = await client.post(
                delivery.url, content=delivery.body, headers=self.engine.signed_headers(delivery)
            )
        except Exception as error:
            self.engine.record_attempt(
                delivery, None, _describe(error), time.perf_counter() - started
            )
        else:
            self.engine.record_attempt(
                delivery, response.status_code, None, time.perf_counter() - started
            )

    async def _run(self) -> None:
        engine = self.engine
        while True:
            self._wake.clear()
            engine.dirty = False
            try:
                await self.flush()
            except Exception:  # pragma: no cover - never let the loop die
                await asyncio.sleep(0.1)
                continue
            timeout: float | None = None
            if not engine.clock.virtual:
                upcoming = engine.next_event()
                if upcoming is not None:
                    timeout = max(0.0, upcoming - engine.now()) + 0.001
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)
