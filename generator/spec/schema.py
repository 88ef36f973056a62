"""The spec format, defined once as typed dataclasses.

Field names are the allowed keys, annotations the allowed types, and a default
makes a key optional. ``spec/README.md`` documents the same format for users;
``tests/spec`` keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

FORMAT_VERSION = 1

JsonScalar = str | int | float | bool

INPUT_TYPES = ("string", "integer", "number", "boolean", "object")
"""The input types of the format; ``object`` is any JSON object."""


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()
"""``Input.default`` of an input that has none (``None`` is not used: it is a JSON value)."""


# --------------------------------------------------------------------------- platform


@dataclass(frozen=True)
class Auth:
    header: str
    env_var: str
    dashboard_url: str | None = None


@dataclass(frozen=True)
class QueryParameter:
    type: Literal["string", "integer"]
    description: str = ""
    required: bool = False
    default: str | int | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Endpoint:
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    response_schema: str
    summary: str = ""
    request_schema: str | None = None
    auth: bool = True
    """Whether a request needs the API key (discovery endpoints do not)."""
    query: dict[str, QueryParameter] = field(default_factory=dict)


@dataclass(frozen=True)
class Status:
    outcome: Literal["pending", "succeeded", "failed"]
    description: str = ""

    @property
    def terminal(self) -> bool:
        return self.outcome != "pending"


@dataclass(frozen=True)
class WebhookSigning:
    """How a delivery is signed: an HMAC of ``signed_content`` keyed by the webhook secret."""

    header: str
    """Header carrying ``prefix`` + the hex digest."""
    timestamp_header: str
    """Header carrying the Unix time (whole seconds) the delivery was signed at."""
    algorithm: Literal["sha256", "sha384", "sha512"]
    signed_content: str
    """What is signed, with ``{timestamp}`` and ``{body}`` (the raw body bytes) filled in."""
    prefix: str = ""
    tolerance_seconds: int = 300
    """A delivery signed longer ago (or further ahead) than this is refused as a replay."""


@dataclass(frozen=True)
class Webhook:
    payload_schema: str
    statuses: dict[str, str]
    timeout_seconds: int
    signing: WebhookSigning


@dataclass(frozen=True)
class ErrorCode:
    status: int | str
    name: str
    meaning: str
    retryable: bool


@dataclass(frozen=True)
class RateLimits:
    creates_per_minute: int
    concurrent_per_key: int


@dataclass(frozen=True)
class FileUrlRules:
    schemes: list[str]
    reject_data_uris: bool = True
    rejected_hosts: list[str] = field(default_factory=list)
    reject_private_addresses: bool = True
    known_extensions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InputPolicy:
    unknown_inputs: Literal["reject", "ignore"] = "reject"


@dataclass(frozen=True)
class Platform:
    format_version: int
    name: str
    title: str
    base_url: str
    auth: Auth
    endpoints: dict[str, Endpoint]
    statuses: dict[str, Status]
    webhook: Webhook
    errors: list[ErrorCode]
    rate_limits: RateLimits
    file_urls: FileUrlRules
    inputs: InputPolicy
    schemas: dict[str, Any]

    def status_with(self, outcome: str) -> str:
        """The first status with ``outcome`` (``pending``, ``succeeded`` or ``failed``)."""
        return next(name for name, status in self.statuses.items() if status.outcome == outcome)

    def error_for(self, status_code: int) -> ErrorCode | None:
        """The documented error entry for an HTTP status (exact code first, then ``Nxx``)."""
        for entry in self.errors:
            if entry.status == status_code:
                return entry
        family = f"{status_code // 100}xx"
        return next((e for e in self.errors if e.status == family), None)


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class Range:
    min: int | float
    max: int | float


@dataclass(frozen=True)
class Media:
    kind: Literal["image", "video", "audio", "file"]
    formats: list[str]
    max_size_mb: int | float | None = None
    duration_seconds: Range | None = None


@dataclass(frozen=True)
class Input:
    type: Literal["string", "integer", "number", "boolean", "object"]
    description: str = ""
    required: bool = False
    default: Any = NO_DEFAULT
    enum: list[JsonScalar] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    media: Media | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(frozen=True)
class ModelInfo:
    slug: str
    title: str
    provider: str
    category: str
    output_type: str
    version: str
    estimated_processing_seconds: int | float
    summary: str = ""
    status: str = "active"
    output_items: str | None = None
    """What an ``array`` output holds (``image``, ``video``, ``audio``, ...)."""
    last_updated: str | None = None
    source_url: str | None = None
    example_input: dict[str, Any] | None = None


@dataclass(frozen=True)
class Mode:
    name: str
    description: str = ""
    when_present: list[str] = field(default_factory=list)
    ignores: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CaseInsensitive:
    """A condition that holds when a string input equals ``eq_i`` ignoring case."""

    eq_i: str


Condition = JsonScalar | CaseInsensitive
"""What a pricing rule's ``when`` requires of one input: a value (``==``) or ``{eq_i: ...}``."""


@dataclass(frozen=True)
class PriceRule:
    label: str
    when: dict[str, Condition] = field(default_factory=dict)
    per_second: Decimal | None = None
    seconds_from: str | None = None
    flat: Decimal | None = None
    unpriced: str | None = None
    """Why there is no price for the inputs this rule matches (e.g. the page publishes none)."""


@dataclass(frozen=True)
class Pricing:
    rules: list[PriceRule]
    example_estimate: Decimal | None = None
    match: Literal["exclusive", "first"] = "exclusive"
    """``exclusive``: no two conditional rules may match one input; ``first``: rules are
    tried in order and the first that holds applies (overlaps allowed)."""
    charge_type: str | None = None
    currency: Literal["USD"] = "USD"


@dataclass(frozen=True)
class ModelSpec:
    format_version: int
    model: ModelInfo
    inputs: dict[str, Input]
    pricing: Pricing
    modes: list[Mode] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.model.slug

    @property
    def python_name(self) -> str:
        """Identifier used for this model in generated code (``alibaba_wan_2_7_image_to_video``)."""
        return self.model.slug.replace("-", "_").replace(".", "_")
