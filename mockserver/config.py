"""Settings of one mock instance (the CLI flags and fixture options)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MockConfig:
    """Everything that changes how the mock behaves, with the CLI's defaults."""

    seed: int = 0
    time_scale: float = 1.0
    """Multiplies the spec's processing times, webhook timeout and retry backoff."""
    api_keys: frozenset[str] = field(default_factory=frozenset)
    """Accepted keys; empty means any non-empty key (each key is its own tenant)."""
    allow_local_urls: bool = False
    ttl: float = 3600.0
    """Seconds (mock clock) a finished prediction stays readable."""
    jitter: float = 0.1
    """Processing time varies by up to this fraction either way (seeded)."""
    failure_rate: float = 0.0
    """Fraction of unscripted predictions that end in ``error`` (seeded)."""
    slow_factor: float = 5.0
    """How much longer a ``slow`` outcome takes than the normal time."""
    max_body_bytes: int = 1_048_576
    request_log_size: int = 1000
    webhook_max_attempts: int = 5
    webhook_backoff: float = 1.0
    """First retry delay in seconds (doubles per attempt; scaled by ``time_scale``)."""
    webhook_timeout: float | None = None
    """Receiver timeout in real seconds; default ``webhook.timeout_seconds * time_scale``."""
    webhook_keep: int = 1000

    def __post_init__(self) -> None:
        if self.time_scale < 0 or self.ttl < 0 or not 0 <= self.failure_rate <= 1:
            raise ValueError("time_scale and ttl must be >= 0, failure_rate in [0, 1]")
