"""Read an Eachlabs model page (its llms.txt markdown) into its parts.

Every Eachlabs model page has the same sections: a title and summary, "API
Information" (a bold-key list), "Pricing" (a list, then a "Pricing Rules"
table or a sentence), "Input Schema" (a table), "Example Request" (a curl
command), then output, polling, webhook and error sections. Pages come with
one element per line, or flattened onto a single line; both read the same
here. A page may also stop early (a stored copy cut short): whatever is
missing is reported as missing, never guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .tables import Table, parse_table

SECTIONS = (
    "API Information",
    "Pricing Rules",
    "Pricing",
    "Input Schema",
    "Example Request",
    "Output Schema",
    "Polling",
    "Webhook (alternative to polling)",
    "Errors",
    "Overview",
    "Usage Notes",
)
"""The section headings of an Eachlabs model page (longer names first, for matching)."""

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FLAT_HEADING = re.compile(
    r"(?:^|\s)(#{2,3}) (" + "|".join(re.escape(name) for name in SECTIONS) + r")(?=\s|$)"
)
_LINE_HEADING = re.compile(r"^(#{2,4}) (.+?)\s*$", re.MULTILINE)
_BOLD_ITEM = re.compile(r"-\s+\*\*(.+?):\*\*\s*(.*?)(?=\s+-\s+\*\*|\s*$)", re.DOTALL)
_FENCE = re.compile(r"```(\w*)(.*?)(?:```|$)", re.DOTALL)
_CURL_DATA = re.compile(r"""-d\s+'(.*?)'""", re.DOTALL)


@dataclass
class Page:
    """The parts of a model page; a part the page lacks is ``None`` (or empty)."""

    heading: str
    """The H1 heading; on a flattened page it runs on into the summary."""
    summary: str | None
    """The text under the heading, when the page has its own line for it."""
    flattened: bool
    info: dict[str, str] = field(default_factory=dict)
    """The "API Information" list: ``Model Slug`` -> ``alibaba-wan-...``."""
    pricing: dict[str, str] = field(default_factory=dict)
    """The list under "Pricing": ``Charge Type``, ``Estimated Price (default example)``."""
    pricing_text: str = ""
    """Prose under "Pricing" that is not the list (e.g. "Pricing information not available.")."""
    pricing_table: Table | None = None
    inputs: Table | None = None
    example_input: dict[str, Any] | None = None
    overview: str | None = None
    sections: list[str] = field(default_factory=list)
    """The sections the page has, in order."""


def read_page(text: str) -> Page:
    """Parse a model page; never raises for missing parts (they stay ``None``)."""
    text = _COMMENT.sub("", text).strip()
    flattened = _LINE_HEADING.search(text) is None
    top, sections = _split(text, flattened)
    heading, summary = _title(top, flattened)
    page = Page(heading, summary, flattened, sections=[name for name, _ in sections])
    for name, body in sections:
        if name == "API Information":
            page.info = _bold_items(body)
        elif name == "Pricing":
            page.pricing = _bold_items(body)
            page.pricing_text = _BOLD_ITEM.sub("", body).strip()
        elif name == "Pricing Rules":
            found = parse_table(body)
            page.pricing_table = found[1] if found else None
        elif name == "Input Schema":
            found = parse_table(body)
            page.inputs = found[1] if found else None
        elif name == "Example Request":
            page.example_input = _example_input(body)
        elif name == "Overview":
            page.overview = body.strip()
    return page


def _split(text: str, flattened: bool) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first section, and each section's name and body."""
    pattern = _FLAT_HEADING if flattened else _LINE_HEADING
    matches = list(pattern.finditer(text))
    if not matches:
        return text, []
    sections = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        sections.append((match.group(2).strip(), text[match.end() : end]))
    return text[: matches[0].start()], sections


def _title(top: str, flattened: bool) -> tuple[str, str | None]:
    top = top.strip()
    if not top.startswith("# "):
        return "", None
    if flattened:
        return top[2:].strip(), None
    heading, _, rest = top[2:].partition("\n")
    return heading.strip(), " ".join(rest.split()) or None


def _bold_items(body: str) -> dict[str, str]:
    return {key.strip(): " ".join(value.split()) for key, value in _BOLD_ITEM.findall(body)}


def _example_input(body: str) -> dict[str, Any] | None:
    """The ``input`` of the example curl request, when the page has all of it."""
    for _, code in _FENCE.findall(body):
        data = _CURL_DATA.search(code)
        if data is None:
            continue
        try:
            request = json.loads(data.group(1))
        except ValueError:
            return None
        value = request.get("input") if isinstance(request, dict) else None
        return value if isinstance(value, dict) else None
    return None
