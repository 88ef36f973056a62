"""The mock's reading of spec/README.md *Validation*, rule by rule."""

from __future__ import annotations

from typing import Any

import pytest

from generator.spec import Spec
from mockserver.validation import UrlRules, validate_input

FRAME = "https://example.com/a.png"


def run(spec: Spec, value: Any, *, allow_local: bool = False) -> list[tuple[str, str]]:
    model = spec.models["alibaba-wan-2-7-image-to-video"]
    return [
        (v.path, v.constraint)
        for v in validate_input(model, spec.platform, value, allow_local_urls=allow_local)
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], [("", "type")]),
        (None, [("", "type")]),
        ({}, [("first_frame", "required")]),
        ({"first_frame": None}, [("first_frame", "required")]),
        ({"first_frame": FRAME, "seed": None}, []),
        ({"first_frame": FRAME, "duration": 5.0}, []),
        ({"first_frame": FRAME, "duration": 5.5}, [("duration", "type")]),
        ({"first_frame": FRAME, "duration": True}, [("duration", "type")]),
        ({"first_frame": FRAME, "duration": "5"}, [("duration", "type")]),
        ({"first_frame": FRAME, "duration": 1}, [("duration", "minimum")]),
        ({"first_frame": FRAME, "duration": 16}, [("duration", "maximum")]),
        ({"first_frame": FRAME, "prompt_extend": 0}, [("prompt_extend", "type")]),
        ({"first_frame": FRAME, "resolution": "720p"}, [("resolution", "enum")]),
        ({"first_frame": FRAME, "prompt": "é" * 5000}, []),
        ({"first_frame": FRAME, "prompt": "é" * 5001}, [("prompt", "max_length")]),
        (
            {"zeta": 1, "first_frame": FRAME, "alpha": 2},
            [("zeta", "unknown"), ("alpha", "unknown")],
        ),
        (
            {"b": 1, "duration": 99, "first_frame": 3},
            [("b", "unknown"), ("first_frame", "type"), ("duration", "maximum")],
        ),
    ],
)
def test_input_rules(eachlabs_spec: Spec, value: Any, expected: list[tuple[str, str]]) -> None:
    assert run(eachlabs_spec, value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://cdn.example.com/x.png", None),
        ("https://cdn.example.com/x.PNG", None),
        ("https://cdn.example.com/x", None),
        ("https://cdn.example.com/render.php?id=1", None),
        ("https://cdn.example.com/x.gif", "format"),
        ("https://cdn.example.com/x.MP4", "format"),
        ("data:image/png;base64,AAAA", "data_uri"),
        ("DATA:image/png;base64,AAAA", "data_uri"),
        ("http://cdn.example.com/x.png", "url_scheme"),
        ("ftp://cdn.example.com/x.png", "url_scheme"),
        ("cdn.example.com/x.png", "url_scheme"),
        ("https:///x.png", "url_host"),
        ("https://localhost/x.png", "url_host"),
        ("https://LOCALHOST./x.png", "url_host"),
        ("https://app.localhost/x.png", "url_host"),
        ("https://localhost.localdomain/x.png", "url_host"),
        ("https://127.0.0.1/x.png", "url_host"),
        ("https://10.1.2.3/x.png", "url_host"),
        ("https://192.168.0.1/x.png", "url_host"),
        ("https://169.254.169.254/x.png", "url_host"),
        ("https://0.0.0.0/x.png", "url_host"),
        ("https://[::1]/x.png", "url_host"),
        ("https://[::ffff:127.0.0.1]/x.png", "url_host"),
        ("https://[fe80::1]/x.png", "url_host"),
        ("https://[::1/x.png", "url_host"),
        ("https://8.8.8.8/x.png", None),
        ("https://localhost/x.gif", "url_host"),
    ],
)
def test_file_url_rules(eachlabs_spec: Spec, url: str, expected: str | None) -> None:
    rules = UrlRules.of(eachlabs_spec.platform.file_urls)
    found = rules.check(url, ["jpeg", "jpg", "png", "bmp", "webp"])
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/x.png", None),
        ("http://localhost/x.png", None),
        ("https:///x.png", "url_host"),
        ("data:image/png;base64,AAAA", "data_uri"),
        ("ftp://localhost/x.png", "url_scheme"),
        ("http://localhost/x.gif", "format"),
    ],
)
def test_allow_local_urls(eachlabs_spec: Spec, url: str, expected: str | None) -> None:
    rules = UrlRules.of(eachlabs_spec.platform.file_urls)
    found = rules.check(url, ["png"], allow_local=True)
    assert (found[0] if found else None) == expected


def test_example_input_is_valid(eachlabs_spec: Spec) -> None:
    examples = [m for m in eachlabs_spec.models.values() if m.model.example_input is not None]
    assert examples
    for model in examples:
        assert validate_input(model, eachlabs_spec.platform, model.model.example_input) == []
