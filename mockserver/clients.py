"""Generated clients wired to a mock's virtual clock: waits and backoff cost no real time.

:class:`VirtualTimeClients` is mixed into the in-process mock and the live-server
fixture. Its ``sleep`` advances the mock's clock instead of sleeping (due
predictions finish, due webhooks are sent), and ``client()`` / ``async_client()``
build the generated ``eachlabs`` client on the mock with ``clock=now`` and that
``sleep``. The generated package is imported only when a client is built, so the
mock runs without it; the engine never uses its validators.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from .engine import Engine

if TYPE_CHECKING:
    from eachlabs import AsyncEachlabs, Eachlabs

DEFAULT_API_KEY = "mock-api-key"
"""The key clients use when the mock accepts any key (``MockConfig.api_keys`` empty)."""


class VirtualTimeClients(ABC):
    """``sleep``, ``async_sleep`` and client factories for a mock with a virtual clock."""

    base_url: str
    engine: Engine

    @abstractmethod
    def now(self) -> float:
        """The mock clock's time."""

    @abstractmethod
    def advance(self, seconds: float) -> dict[str, Any]:
        """Move the mock clock forward."""

    def sleep(self, seconds: float) -> None:
        """Advance the mock clock by ``seconds`` instead of sleeping."""
        self.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        """:meth:`sleep` for an async client (returns at once, the clock has moved)."""
        self.advance(seconds)

    def client_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments for a generated client on this mock; ``options`` win."""
        keys = self.engine.config.api_keys
        return {
            "api_key": min(keys) if keys else DEFAULT_API_KEY,
            "base_url": self.base_url,
            "allow_local_urls": self.engine.config.allow_local_urls,
            "clock": self.now,
            **options,
        }

    def client(self, **options: Any) -> Eachlabs:
        """A generated ``Eachlabs`` client on this mock, on its clock (close it after use).

        ``options`` are passed to the constructor (``api_key``, ``max_retries``, hooks, or
        another ``sleep`` that records delays before calling :meth:`sleep`).
        """
        try:
            from eachlabs import Eachlabs
        except ImportError as error:
            raise _not_installed() from error
        return Eachlabs(**self.client_options({"sleep": self.sleep, **options}))

    def async_client(self, **options: Any) -> AsyncEachlabs:
        """A generated ``AsyncEachlabs`` client on this mock; see :meth:`client`."""
        try:
            from eachlabs import AsyncEachlabs
        except ImportError as error:
            raise _not_installed() from error
        return AsyncEachlabs(**self.client_options({"sleep": self.async_sleep, **options}))


def _not_installed() -> RuntimeError:
    return RuntimeError(
        "the generated client is not installed: run `eachlabs-gen generate`, then"
        " `pip install -e ./generated` (the `eachlabs` package)"
    )
