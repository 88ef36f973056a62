"""The mock's fast paths give the answers of the general code they stand in for."""

from __future__ import annotations

import ipaddress
import json
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.spec import Spec
from mockserver.clock import VirtualClock
from mockserver.config import MockConfig
from mockserver.engine import Engine, uuid4_text
from mockserver.messages import Request, dump
from mockserver.routes import MockApp
from mockserver.validation import UrlRules, may_be_ip_address

IP_TEXT = "0123456789abcdefABCDEF.:%[]x "
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def near_addresses(draw: st.DrawFn) -> str:
    """An IP address as text, sometimes with a character added, removed or changed."""
    text = str(draw(st.ip_addresses()))
    at = draw(st.integers(0, len(text)))
    edit = draw(st.sampled_from(["keep", "insert", "delete", "replace"]))
    char = draw(st.sampled_from(IP_TEXT))
    if edit == "insert":
        return text[:at] + char + text[at:]
    if edit == "delete":
        return text[:at] + text[at + 1 :]
    if edit == "replace":
        return text[:at] + char + text[at + 1 :]
    return text


@given(st.one_of(near_addresses(), st.text(IP_TEXT, max_size=45), st.text()))
def test_ip_address_parse_is_skipped_only_where_it_fails(host: str) -> None:
    if not may_be_ip_address(host):
        with pytest.raises(ValueError):
            ipaddress.ip_address(host)


@given(
    ext=st.sampled_from(["png", "jpg", "mp4", "webp"]),
    formats=st.lists(st.sampled_from(["png", "PNG", "Jpg", "jpeg", "mp4", "WebP"]), max_size=4),
    upper=st.booleans(),
)
def test_format_rule_ignores_case(
    eachlabs_spec: Spec, ext: str, formats: list[str], upper: bool
) -> None:
    rules = UrlRules.of(eachlabs_spec.platform.file_urls)
    url = f"https://cdn.example.com/x.{ext.upper() if upper else ext}"
    found = rules.check(url, formats)
    refused = ext not in {f.lower() for f in formats}
    assert (found is not None and found[0] == "format") == refused


@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_prediction_ids_are_uuid4_text(bits: int) -> None:
    assert uuid4_text(bits) == str(uuid.UUID(int=bits, version=4))


@given(json_values)
def test_dump_is_compact_json_dumps(value: Any) -> None:
    assert dump(value) == json.dumps(value, separators=(",", ":")).encode()


def _reject_constant(text: str) -> Any:
    raise ValueError(f"{text} is not valid JSON")


@given(
    st.one_of(
        st.text(min_size=1),  # an empty body gets its own answer before any parsing
        json_values.map(json.dumps),
        json_values.map(lambda value: "\ufeff" + json.dumps(value)),
    )
)
def test_request_bodies_parse_as_json_loads_does(eachlabs_spec: Spec, text: str) -> None:
    try:
        json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        expected: dict[str, Any] | None = {"error": str(exc)[:200]}
    else:
        expected = None
    app = MockApp(Engine(eachlabs_spec, MockConfig(), VirtualClock()))
    headers = {"x-api-key": "k", "content-type": "application/json"}
    request = Request("POST", "/v1/prediction/", "", headers, text.encode(), "http://127.0.0.1")
    answer = json.loads(app.handle(request).body)
    if expected is None:
        assert answer.get("message") != "Request body is not valid JSON"
    else:
        assert answer["message"] == "Request body is not valid JSON"
        assert answer["details"] == expected
