"""Reading and checking the YAML spec: the one definition of the spec format.

The generator compiles what this returns into code; the mock server interprets
it at run time. Both read the spec through this package, and nothing else.
"""

from .errors import SpecError, SpecIssue
from .evaluate import PriceUnavailable, active_mode, matching_rule, price, with_defaults
from .loader import Spec, load_model, load_platform, load_spec
from .schema import (
    FORMAT_VERSION,
    Auth,
    CaseInsensitive,
    Condition,
    Endpoint,
    ErrorCode,
    FileUrlRules,
    Input,
    InputPolicy,
    Media,
    Mode,
    ModelInfo,
    ModelSpec,
    Platform,
    PriceRule,
    Pricing,
    QueryParameter,
    Range,
    RateLimits,
    Status,
    Webhook,
    WebhookSigning,
)

__all__ = [
    "FORMAT_VERSION",
    "Auth",
    "CaseInsensitive",
    "Condition",
    "Endpoint",
    "ErrorCode",
    "FileUrlRules",
    "Input",
    "InputPolicy",
    "Media",
    "Mode",
    "ModelInfo",
    "ModelSpec",
    "Platform",
    "PriceRule",
    "PriceUnavailable",
    "Pricing",
    "QueryParameter",
    "Range",
    "RateLimits",
    "Spec",
    "SpecError",
    "SpecIssue",
    "Status",
    "Webhook",
    "WebhookSigning",
    "active_mode",
    "load_model",
    "load_platform",
    "load_spec",
    "matching_rule",
    "price",
    "with_defaults",
]
