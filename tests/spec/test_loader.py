"""The spec loader: the real spec loads, and each kind of breakage is reported exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import spec_support

from generator.spec import SpecError, load_spec, price

REPO_SPEC = spec_support.REPO_SPEC
WAN = "alibaba-wan-2-7-image-to-video"

MODEL = """\
format_version: 1
model:
  slug: demo-model
  title: Demo
  provider: Demo
  category: Text to Video
  output_type: video
  version: "1.0"
  estimated_processing_seconds: 30
  example_input: {prompt: hello}
inputs:
  prompt:
    type: string
    required: true
    max_length: 100
  resolution:
    type: string
    enum: ["720p", "1080p"]
    default: "720p"
  duration:
    type: integer
    minimum: 1
    maximum: 10
    default: 5
pricing:
  rules:
    - label: 1080p
      when: {resolution: "1080p"}
      per_second: "0.20"
      seconds_from: duration
    - label: default
      per_second: "0.10"
      seconds_from: duration
  example_estimate: "0.50"
"""


def write_spec(tmp_path: Path, model_text: str, name: str = "demo-model") -> Path:
    return spec_support.write_spec(tmp_path, model_text, name)


def edit(old: str, new: str) -> str:
    assert old in MODEL, old
    return MODEL.replace(old, new, 1)


def test_repository_spec_loads() -> None:
    spec = load_spec(REPO_SPEC)
    model = spec.model(WAN)
    assert model.inputs["first_frame"].required
    assert model.inputs["duration"].default == 5
    assert price(model, model.model.example_input) == Decimal("0.75")
    assert price(model, {"first_frame": "x", "resolution": "720P", "duration": 10}) == Decimal(
        "1.00"
    )
    assert spec.platform.rate_limits.creates_per_minute == 100
    assert spec.platform.rate_limits.concurrent_per_key == 10
    assert spec.platform.error_for(503) is not None and spec.platform.error_for(503).retryable
    assert len(spec.content_hash) == 64


def test_minimal_fixture_loads(tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path, MODEL))
    assert list(spec.models) == ["demo-model"]


BROKEN = [
    pytest.param(
        edit("    max_length: 100\n", "    max_length: 100\n    colour: red\n"),
        [
            "16:5: inputs.prompt.colour: unknown key 'colour' (allowed: default, description, enum, "
            "max_length, maximum, media, min_length, minimum, required, type)"
        ],
        id="unknown-key",
    ),
    pytest.param(
        edit("    max_length: 100\n", "    max_lenght: 100\n"),
        ["15:5: inputs.prompt.max_lenght: unknown key 'max_lenght'; did you mean 'max_length'?"],
        id="misspelt-key",
    ),
    pytest.param(
        edit("    maximum: 10\n", "    maximum: ten\n"),
        ["23:14: inputs.duration.maximum: expected an integer or a number, got string 'ten'"],
        id="wrong-type",
    ),
    pytest.param(
        edit("    type: integer\n", "    type: int\n"),
        [
            "21:11: inputs.duration.type: expected one of 'string', 'integer', 'number', 'boolean', 'object', "
            "got string 'int'"
        ],
        id="bad-literal",
    ),
    pytest.param(
        edit("    default: 5\n", "    default: 11\n"),
        ["24:14: inputs.duration.default: default 11: is above the maximum 10"],
        id="default-out-of-range",
    ),
    pytest.param(
        edit('    default: "720p"\n', '    default: "4k"\n'),
        ["19:14: inputs.resolution.default: default '4k': is not one of '720p', '1080p'"],
        id="default-not-in-enum",
    ),
    pytest.param(
        edit('    default: "720p"\n', "    default: 720\n"),
        ["19:14: inputs.resolution.default: default 720: is not a string"],
        id="default-wrong-type",
    ),
    pytest.param(
        edit('      when: {resolution: "1080p"}\n', '      when: {resolutoin: "1080p"}\n'),
        ["28:26: pricing.rules[0].when.resolutoin: unknown input 'resolutoin'"],
        id="pricing-unknown-input",
    ),
    pytest.param(
        edit('      when: {resolution: "1080p"}\n', '      when: {resolution: "4k"}\n'),
        [
            "28:26: pricing.rules[0].when.resolution: '4k' is not one of '720p', '1080p' of input "
            "'resolution'"
        ],
        id="pricing-impossible-condition",
    ),
    pytest.param(
        edit("      seconds_from: duration\n", "      seconds_from: length\n"),
        ["30:21: pricing.rules[0].seconds_from: unknown input 'length'"],
        id="pricing-seconds-from-unknown",
    ),
    pytest.param(
        edit('  example_estimate: "0.50"\n', '  example_estimate: "0.75"\n'),
        [
            "34:21: pricing.example_estimate: 0.75 does not match 0.50, the price the rules give "
            "model.example_input"
        ],
        id="example-estimate-mismatch",
    ),
    pytest.param(
        edit("    - label: default\n", "    - label: default\n      when: {duration: 5}\n"),
        [
            '27:5: pricing.rules: no rule prices the input {"resolution": "720p", "duration": 1}; add '
            "rules for it, or a default rule without 'when' last",
            "31:7: pricing.rules[1]: rules 0 ('1080p') and 1 ('default') both match the input "
            '{"resolution": "1080p", "duration": 5}; make their conditions exclusive, or set '
            "'match: first' to let the earlier rule win",
        ],
        id="no-default-rule",
    ),
    pytest.param(
        edit("    required: true\n", "    required: true\n    default: hi\n"),
        ["15:14: inputs.prompt.default: a required input cannot have a default"],
        id="required-with-default",
    ),
    pytest.param(
        edit("  example_input: {prompt: hello}\n", "  example_input: {}\n"),
        ["10:18: model.example_input: missing required input 'prompt'"],
        id="example-missing-required",
    ),
    pytest.param(
        edit("  slug: demo-model\n", "  slug: other-model\n"),
        ["3:9: model.slug: 'other-model' does not match the file name 'demo-model'.yaml"],
        id="slug-file-mismatch",
    ),
    pytest.param(
        edit("  duration:\n", "  prompt:\n    type: string\n  duration:\n"),
        ["20:3: inputs.prompt: duplicate key"],
        id="duplicate-key",
    ),
    pytest.param(
        edit('  version: "1.0"\n', ""),
        ["3:3: model.version: missing required key 'version'"],
        id="missing-key",
    ),
    pytest.param(
        edit("inputs:\n", "inputs: [\n"),
        ["13:9: invalid YAML: expected ',' or ']', but got ':'"],
        id="invalid-yaml",
    ),
    pytest.param(
        edit("    minimum: 1\n", "    minimum: 20\n"),
        [
            "22:14: inputs.duration.minimum: minimum 20 is greater than maximum 10",
            "24:14: inputs.duration.default: default 5: is below the minimum 20",
        ],
        id="inverted-range",
    ),
    pytest.param(
        edit("    default: 5\n", "    default: !review How long is a video by default?\n").replace(
            '      when: {resolution: "1080p"}\n',
            "      when: !review\n        why: Rule 1 names no input.\n        guess: {resolution: 1080p}\n",
        ),
        [
            "24:14: inputs.duration.default: unresolved review marker: How long is a video by "
            "default?; resolve it and drop the marker",
            "28:13: pricing.rules[0].when: unresolved review marker: Rule 1 names no input (the "
            "importer's guess: {'resolution': '1080p'}); resolve it and drop the marker",
        ],
        id="review-markers",
    ),
    pytest.param(
        edit("    max_length: 100\n", "    max_length: 100\n    minimum: 3\n"),
        ["16:14: inputs.prompt.minimum: only integer and number inputs take 'minimum'"],
        id="range-on-string",
    ),
]


@pytest.mark.parametrize(("model_text", "expected"), BROKEN)
def test_broken_model_is_reported_with_position_and_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_text: str, expected: list[str]
) -> None:
    assert spec_support.reported_issues(tmp_path, monkeypatch, model_text, "demo-model") == expected


def test_every_problem_in_every_file_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    spec = write_spec(
        tmp_path, edit("    max_length: 100\n", "    max_length: 100\n    colour: red\n")
    )
    (spec / "models" / "second.yaml").write_text("format_version: 1\nmodel: 3\n")
    platform = (spec / "platform.yaml").read_text()
    (spec / "platform.yaml").write_text(
        platform.replace("creates_per_minute: 100", "creates_per_minute: 0")
    )
    with pytest.raises(SpecError) as caught:
        load_spec("spec")
    assert [f"{i.file}:{i.path}: {i.message}" for i in caught.value.issues] == [
        "spec/models/demo-model.yaml:inputs.prompt.colour: unknown key 'colour' (allowed: default, "
        "description, enum, max_length, maximum, media, min_length, minimum, required, type)",
        "spec/models/second.yaml:inputs: missing required key 'inputs'",
        "spec/models/second.yaml:pricing: missing required key 'pricing'",
        "spec/models/second.yaml:model: expected a mapping, got integer 3",
        "spec/platform.yaml:rate_limits.creates_per_minute: must be at least 1",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    response_schema: Prediction\n",
            "    response_schema: Predicton\n",
            "endpoints.get_prediction.response_schema: unknown schema 'Predicton' (defined: Error, "
            "ModelDetail, ModelList, ModelSummary, Prediction, PredictionCreateRequest, "
            "PredictionCreated, WebhookPayload)",
        ),
        (
            "  error:\n    outcome: failed\n",
            "  error:\n    outcome: pending\n",
            "statuses: needs a status whose outcome is 'failed'\n"
            "webhook.statuses.error: only terminal statuses are delivered by webhook",
        ),
        (
            "  - status: 429\n",
            "  - status: 299\n",
            "errors[5].status: expected an HTTP error status (400-599) or a family like '5xx', got 299",
        ),
        (
            '    signed_content: "{timestamp}.{body}"\n',
            '    signed_content: "{body}{secret}"\n',
            "webhook.signing.signed_content: must contain {timestamp} and {body} once each and "
            "nothing else in braces, got '{body}{secret}'",
        ),
        (
            "        default: 50\n",
            "        default: 600\n",
            "endpoints.list_models.query.limit.default: default 600 is out of range",
        ),
        (
            "  header: X-API-Key\n",
            "  header: [X-API-Key]\n",
            "auth.header: expected a string, got a list",
        ),
        (
            '        pattern: "^[Hh]',
            '        pattern: "^(h',  # unbalanced parenthesis
            "schemas.PredictionCreateRequest.properties.webhook_url.pattern: not a valid regular "
            "expression: missing ), unterminated subpattern at position 1",
        ),
    ],
    ids=[
        "unknown-schema",
        "no-failed-status",
        "bad-error-status",
        "signed-content",
        "query-default",
        "wrong-type",
        "bad-pattern",
    ],
)
def test_broken_platform(tmp_path: Path, old: str, new: str, message: str) -> None:
    spec = write_spec(tmp_path, MODEL)
    platform = (spec / "platform.yaml").read_text()
    assert old in platform
    (spec / "platform.yaml").write_text(platform.replace(old, new, 1))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert [f"{issue.path}: {issue.message}" for issue in caught.value.issues] == message.split(
        "\n"
    )
    assert all(
        issue.file.endswith("platform.yaml") and issue.line > 1 for issue in caught.value.issues
    )


def test_missing_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    assert [issue.message for issue in caught.value.issues] == [
        "no model files (*.yaml) found",
        "platform.yaml not found",
    ]


def test_content_hash_changes_with_any_file(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, MODEL)
    before = load_spec(spec).content_hash
    (spec / "models" / "demo-model.yaml").write_text(MODEL.replace("title: Demo", "title: Demo 2"))
    assert load_spec(spec).content_hash != before


def test_spec_error_message_lists_every_issue_on_its_own_line(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, edit("    default: 5\n", "    default: 50\n    colour: red\n"))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert str(caught.value).splitlines() == [str(issue) for issue in caught.value.issues]
    assert len(caught.value.issues) == 1
