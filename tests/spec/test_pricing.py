"""Pricing as Eachlabs writes it: condition tables, typed comparison, exhaustive load checks."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import spec_support
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_support import reported_issues, write_spec

from generator.spec import (
    CaseInsensitive,
    PriceUnavailable,
    SpecError,
    load_spec,
    price,
)
from generator.spec.evaluate import condition_holds
from generator.spec.loader import load_model

DURATIONS = ("4", "6", "8")
RESOLUTIONS = ("720p", "1080p")
PRICES = {"4": ("0.80", "1.60"), "6": ("1.20", "2.40"), "8": ("1.60", "3.20")}


def rule_line(duration: str, resolution: str, audio: bool) -> str:
    silent, sound = PRICES[duration]
    label = f"{duration}s {resolution} {'audio' if audio else 'silent'}"
    when = f'duration: "{duration}", resolution: {resolution}, generate_audio: {str(audio).lower()}'
    return f'    - {{label: {label}, when: {{{when}}}, flat: "{sound if audio else silent}"}}\n'


# A dozen flat rules, duration x resolution x audio, as a text-to-video page lists them.
TABLE = (
    """\
format_version: 1
model:
  slug: demo-video
  title: Demo Video
  provider: Demo
  category: Text to Video
  output_type: video
  version: "1.0"
  estimated_processing_seconds: 60
  example_input: {prompt: hi}
inputs:
  prompt: {type: string, required: true}
  duration: {type: string, enum: ["4", "6", "8"], default: "8"}
  resolution: {type: string, enum: [720p, 1080p], default: 720p}
  generate_audio: {type: boolean, default: true}
pricing:
  rules:
"""
    + "".join(
        rule_line(d, r, a) for d, r, a in itertools.product(DURATIONS, RESOLUTIONS, (False, True))
    )
    + '  example_estimate: "3.20"\n'
)


def write_model(tmp_path: Path, text: str) -> Path:
    return write_spec(tmp_path, text, "demo-video")


def edit(old: str, new: str, text: str = TABLE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_a_dozen_rule_table_loads_and_prices_every_combination(tmp_path: Path) -> None:
    model = load_spec(write_model(tmp_path, TABLE)).model("demo-video")
    assert len(model.pricing.rules) == 12
    for d, r, a in itertools.product(DURATIONS, RESOLUTIONS, (False, True)):
        input = {"prompt": "x", "duration": d, "resolution": r, "generate_audio": a}
        assert price(model, input) == Decimal(PRICES[d][a])
    assert price(model, {"prompt": "x"}) == Decimal("3.20")  # defaults: 8s, 720p, audio


FIRST_RULE = rule_line("4", "720p", False)
LAST_RULE = rule_line("8", "1080p", True)

BROKEN = [
    pytest.param(
        edit(LAST_RULE, ""),
        [
            '18:5: pricing.rules: no rule prices the input {"duration": "8", "resolution": '
            '"1080p", "generate_audio": true}; add rules for it, or a default rule without '
            "'when' last"
        ],
        id="missing-combination",
    ),
    pytest.param(
        edit(LAST_RULE, LAST_RULE.replace('"8"', '"6"').replace("3.20", "9.99")),
        [
            '18:5: pricing.rules: no rule prices the input {"duration": "8", "resolution": '
            '"1080p", "generate_audio": true}; add rules for it, or a default rule without '
            "'when' last",
            "29:7: pricing.rules[11]: rules 7 ('6s 1080p audio') and 11 ('8s 1080p audio') both "
            'match the input {"duration": "6", "resolution": "1080p", "generate_audio": true}; '
            "make their conditions exclusive, or set 'match: first' to let the earlier rule win",
        ],
        id="overlap-and-gap",
    ),
    pytest.param(
        edit("  rules:\n", "  match: first\n  rules:\n" + FIRST_RULE),
        [
            "20:7: pricing.rules[1]: rule 1 ('4s 720p silent') never applies: earlier rules "
            "match every input it matches"
        ],
        id="first-match-unreachable",
    ),
    pytest.param(
        edit(
            'duration: "4", resolution: 720p, generate_audio: false',
            "duration: 4, resolution: 720p, generate_audio: false",
        ),
        ["18:48: pricing.rules[0].when.duration: 4 is not a string of input 'duration'"],
        id="typed-condition",
    ),
    pytest.param(
        edit("generate_audio: false}", 'generate_audio: {eq_i: "false"}}'),
        [
            "18:87: pricing.rules[0].when.generate_audio: 'eq_i' compares strings; input "
            "'generate_audio' is a boolean"
        ],
        id="eq_i-on-boolean",
    ),
    pytest.param(
        edit(
            "resolution: 720p, generate_audio: false",
            "resolution: {eq_i: 4K}, generate_audio: false",
        ),
        [
            "18:65: pricing.rules[0].when.resolution: '4K' matches none of '720p', '1080p' of "
            "input 'resolution', even ignoring case"
        ],
        id="eq_i-impossible",
    ),
    pytest.param(
        edit('flat: "0.80"}', 'flat: "0.80", unpriced: not published}'),
        ["18:7: pricing.rules[0]: needs exactly one of 'flat', 'per_second' or 'unpriced'"],
        id="flat-and-unpriced",
    ),
    pytest.param(
        edit('flat: "0.80"}', 'per_second: "0.20", seconds_from: resolution}'),
        [
            "18:129: pricing.rules[0].seconds_from: input 'resolution' is a string: it needs an "
            'enum of numbers such as "5"'
        ],
        id="seconds-from-text",
    ),
    pytest.param(
        edit(LAST_RULE, "    - {label: rest, unpriced: not on the page}\n").replace(
            "{prompt: hi}", "{prompt: hi, resolution: 1080p}"
        ),
        [
            "30:21: pricing.example_estimate: cannot price model.example_input: no price for "
            "this input (pricing rule 'rest'): not on the page"
        ],
        id="example-hits-unpriced-rule",
    ),
    pytest.param(
        edit("  example_input: {prompt: hi}\n", ""),
        [
            "29:21: pricing.example_estimate: needs model.example_input (the input the estimate is for)"
        ],
        id="estimate-without-example",
    ),
    pytest.param(
        edit("  rules:\n", '  rules:\n    - {label: anything, flat: "1"}\n'),
        ["18:7: pricing.rules[0]: only the last rule may omit 'when' (it is the default rule)"],
        id="default-rule-not-last",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_pricing_is_reported_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    assert reported_issues(tmp_path, monkeypatch, text, "demo-video") == expected


def test_per_second_rule_reads_a_string_enum_duration(tmp_path: Path) -> None:
    text = edit(
        "  rules:\n",
        '  rules:\n    - {label: by the second, when: {resolution: {eq_i: 1080P}}, per_second: "0.40", seconds_from: duration}\n',
        TABLE.replace(rule_line("4", "1080p", False), "")
        .replace(rule_line("4", "1080p", True), "")
        .replace(rule_line("6", "1080p", False), "")
        .replace(rule_line("6", "1080p", True), "")
        .replace(rule_line("8", "1080p", False), "")
        .replace(LAST_RULE, ""),
    )
    model = load_spec(write_model(tmp_path, text)).model("demo-video")
    assert price(model, {"prompt": "x", "resolution": "1080p", "duration": "6"}) == Decimal("2.40")
    assert price(model, {"prompt": "x", "resolution": "1080p"}) == Decimal("3.20")


def test_unpriced_rule_raises_with_its_reason(tmp_path: Path) -> None:
    text = edit(LAST_RULE, "    - {label: rest, unpriced: not on the page}\n")
    model = load_spec(write_model(tmp_path, text)).model("demo-video")
    with pytest.raises(PriceUnavailable, match="not on the page") as caught:
        price(model, {"prompt": "x", "resolution": "1080p"})
    assert isinstance(caught.value, ValueError)
    assert caught.value.rule.label == "rest"


@pytest.mark.parametrize(
    ("condition", "actual", "holds"),
    [
        ("4", "4", True),
        ("4", 4, False),  # a string never equals a number ...
        (4, "4", False),
        (4, 4.0, True),  # ... numbers compare numerically
        (4, True, False),  # booleans are not numbers
        (1, True, False),
        (True, 1, False),
        (False, False, True),
        (False, None, False),  # absent is not false
        ("720P", "720p", False),  # == is exact ...
        (CaseInsensitive("720P"), "720p", True),  # ... eq_i ignores case
        (CaseInsensitive("STRASSE"), "straße", True),  # (case folding, not lower())
        (CaseInsensitive("1"), 1, False),
    ],
)
def test_typed_comparison(condition: Any, actual: Any, holds: bool) -> None:
    assert condition_holds(condition, actual) is holds


@settings(max_examples=60, deadline=None)
@given(
    kept=st.sets(st.sampled_from(list(itertools.product(DURATIONS, RESOLUTIONS, (False, True))))),
    default=st.booleans(),
)
def test_coverage_check_agrees_with_brute_force(
    tmp_path_factory: pytest.TempPathFactory,
    kept: set[tuple[str, str, bool]],
    default: bool,
) -> None:
    """Whatever rows a table keeps, the load check finds a gap exactly when one exists."""
    rows = "".join(rule_line(*row) for row in sorted(kept))
    rows += '    - {label: fallback, flat: "9"}\n' if default else ""
    head = TABLE[: TABLE.index("  rules:\n") + len("  rules:\n")]
    text = head + (rows or '    - {label: fallback, flat: "9"}\n')
    path = tmp_path_factory.mktemp("table") / "demo-video.yaml"
    path.write_text(text)
    try:
        load_model(path)
    except SpecError as exc:
        problems = [issue.message for issue in exc.issues]
    else:
        problems = []
    gap = bool(kept) and not default and len(kept) < 12
    assert bool(problems) is gap
    assert all(message.startswith("no rule prices") for message in problems)


def test_the_veo_page_table_prices_what_it_states() -> None:
    """The real table: the page's rules, the default example, and the rows the stored copy lacks."""
    veo = load_spec(spec_support.REPO_SPEC).model("veo3-1-text-to-video")
    prompt = {"prompt": "x"}
    assert price(veo, prompt) == Decimal("3.20")  # 8 s, 720p, audio: the page's estimate
    assert price(veo, {**prompt, "duration": "4", "resolution": "4k"}) == Decimal("2.40")
    assert price(veo, {**prompt, "duration": "6", "generate_audio": False}) == Decimal("1.20")
    with pytest.raises(PriceUnavailable, match="ends inside its pricing table"):
        price(veo, {**prompt, "resolution": "1080p"})
