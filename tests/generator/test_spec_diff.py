"""``eachlabs-gen diff``: a table of spec edits and how each is classified; files,
directories and git revisions as sides; exit status 1 exactly when a change is breaking."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from generator_support import SPEC

from generator.cli import main
from generator.spec import load_model
from generator.spec_diff import diff_models

BASE = """\
format_version: 1
model:
  slug: demo-video
  title: Demo
  provider: Demo
  category: Text to Video
  output_type: video
  version: "1.0"
  estimated_processing_seconds: 30
inputs:
  prompt: {type: string, required: true, max_length: 100}
  style: {type: string, enum: [flat, noir, pop], default: flat}
  duration: {type: integer, minimum: 2, maximum: 10, default: 5, description: Seconds.}
  seed: {type: integer}
  image: {type: string, media: {kind: image, formats: [png, jpg]}}
pricing:
  rules:
    - {label: noir, when: {style: noir}, flat: "0.20"}
    - {label: default, per_second: "0.10", seconds_from: duration}
"""

EDITS = [
    ("  seed: {type: integer}\n", "", [("breaking", "input 'seed' removed")]),
    (
        "  seed: {type: integer}\n",
        "  seed: {type: integer}\n  fps: {type: integer}\n",
        [("compatible", "input 'fps' added (optional)")],
    ),
    (
        "  seed: {type: integer}\n",
        "  seed: {type: integer}\n  fps: {type: integer, required: true}\n",
        [("breaking", "input 'fps' added (required)")],
    ),
    (
        "  seed: {type: integer}",
        "  seed: {type: integer, required: true}",
        [("breaking", "input 'seed': now required")],
    ),
    (
        "required: true, max_length: 100",
        "max_length: 100",
        [("compatible", "input 'prompt': now optional")],
    ),
    (
        "enum: [flat, noir, pop]",
        "enum: [flat, noir, pop, sepia]",
        [("compatible", "input 'style': enum widened: 'sepia' added")],
    ),
    (
        "enum: [flat, noir, pop]",
        "enum: [flat, noir]",
        [("breaking", "input 'style': enum narrowed: 'pop' removed")],
    ),
    (
        "maximum: 10",
        "maximum: 15",
        [("compatible", "input 'duration': range widened: maximum 10 -> 15")],
    ),
    (
        "maximum: 10",
        "maximum: 8",
        [("breaking", "input 'duration': range narrowed: maximum 10 -> 8")],
    ),
    (
        "minimum: 2",
        "minimum: 3",
        [("breaking", "input 'duration': range narrowed: minimum 2 -> 3")],
    ),
    ("minimum: 2, ", "", [("compatible", "input 'duration': range widened: minimum 2 -> none")]),
    (
        "max_length: 100",
        "max_length: 50",
        [("breaking", "input 'prompt': length narrowed: max_length 100 -> 50")],
    ),
    (
        "  seed: {type: integer}",
        "  seed: {type: number}",
        [("breaking", "input 'seed': type changed from integer to number")],
    ),
    ("default: 5", "default: 6", [("breaking", "input 'duration': default changed from 5 to 6")]),
    (
        "  seed: {type: integer}",
        "  seed: {type: integer, default: 1}",
        [("breaking", "input 'seed': default changed from none to 1")],
    ),
    (
        "formats: [png, jpg]",
        "formats: [png]",
        [("breaking", "input 'image': file formats narrowed: jpg removed")],
    ),
    (
        "formats: [png, jpg]",
        "formats: [png, jpg, webp]",
        [("compatible", "input 'image': file formats widened: webp added")],
    ),
    (
        "kind: image",
        "kind: file",
        [("breaking", "input 'image': file kind changed from image to file")],
    ),
    (
        "description: Seconds.",
        "description: Length in seconds.",
        [("compatible", "input 'duration': description changed")],
    ),
    ('version: "1.0"', 'version: "1.1"', [("breaking", "version changed from '1.0' to '1.1'")]),
    (
        "output_type: video",
        "output_type: object",
        [("breaking", "output_type changed from 'video' to 'object'")],
    ),
    (
        "estimated_processing_seconds: 30",
        "estimated_processing_seconds: 45",
        [("compatible", "estimated_processing_seconds changed from 30 to 45")],
    ),
    (
        'flat: "0.20"',
        'flat: "0.25"',
        [
            (
                "price",
                "pricing rule 'noir': $0.20 when style == 'noir' -> $0.25 when style == 'noir'",
            )
        ],
    ),
    (
        "    - {label: default,",
        '    - {label: long, when: {duration: 10, style: flat}, flat: "2"}\n    - {label: default,',
        [("price", "pricing rule 'long' added ($2 when duration == 10 AND style == 'flat')")],
    ),
    (
        '    - {label: noir, when: {style: noir}, flat: "0.20"}\n',
        "",
        [("price", "pricing rule 'noir' removed ($0.20 when style == 'noir')")],
    ),
    # several at once: breaking first, then compatible, then price
    (
        "  seed: {type: integer}\n",
        "  fps: {type: integer}\n",
        [("breaking", "input 'seed' removed"), ("compatible", "input 'fps' added (optional)")],
    ),
]


def model_at(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name / "demo-video.yaml"
    path.parent.mkdir()
    path.write_text(text)
    return path


@pytest.mark.parametrize(("old", "new", "expected"), EDITS, ids=[e[2][0][1][:40] for e in EDITS])
def test_each_edit_is_classified(
    tmp_path: Path, old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    assert old in BASE, old
    before = load_model(model_at(tmp_path, BASE, "old"))
    after = load_model(model_at(tmp_path, BASE.replace(old, new, 1), "new"))
    changes = diff_models({before.slug: before}, {after.slug: after})
    assert [(c.kind, c.message) for c in changes] == expected
    assert all(c.model == "demo-video" for c in changes)


def test_models_added_and_removed(tmp_path: Path) -> None:
    model = load_model(model_at(tmp_path, BASE, "old"))
    assert [str(c) for c in diff_models({}, {model.slug: model})] == [
        "compatible demo-video: model added"
    ]
    assert [str(c) for c in diff_models({model.slug: model}, {})] == [
        "BREAKING   demo-video: model removed"
    ]


def test_cli_on_files_and_directories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = model_at(tmp_path, BASE, "old")
    new = model_at(tmp_path, BASE.replace("maximum: 10", "maximum: 15"), "new")
    assert main(["diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "compatible demo-video: input 'duration': range widened: maximum 10 -> 15",
        "0 breaking, 1 compatible, 0 price change(s)",
    ]
    assert main(["diff", str(new.parent), str(old.parent)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 breaking, 0 compatible, 0 price change(s)"
    assert main(["diff", str(SPEC), str(SPEC)]) == 0
    assert capsys.readouterr().out == "0 breaking, 0 compatible, 0 price change(s)\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_cli_on_git_revisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SPEC, repo / "spec")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    (repo / "spec" / "models" / "flux-2.yaml").unlink()
    wan = repo / "spec" / "models" / "alibaba-wan-2-7-image-to-video.yaml"
    wan.write_text(
        wan.read_text()
        .replace('per_second: "0.15"', 'per_second: "0.20"')
        .replace('example_estimate: "0.75"', 'example_estimate: "1.00"')
    )
    git(repo, "commit", "-qam", "two")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "BREAKING   flux-2: model removed"
    assert out[1].startswith(
        "price      alibaba-wan-2-7-image-to-video: pricing rule '1080P pricing (default)': $0.15/s"
    )
    assert out[-1] == "1 breaking, 0 compatible, 2 price change(s)"
    monkeypatch.chdir(repo / "spec")
    assert main(["diff", "HEAD~1:models/flux-2.yaml", "HEAD~1:models/flux-2.yaml"]) == 0
    assert main(["diff", "HEAD~1:models/flux-2.yaml", "HEAD:models/flux-2.yaml"]) == 2
    assert "HEAD has no spec/models/flux-2.yaml" in capsys.readouterr().err


def test_broken_side_is_reported_at_its_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    (repo / "spec" / "models").mkdir(parents=True)
    (repo / "spec" / "models" / "demo-video.yaml").write_text(
        BASE.replace("maximum: 10", "maximum: 1")
    )
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "broken")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD", str(repo / "spec")]) == 2
    err = capsys.readouterr().err
    assert "HEAD:spec/models/demo-video.yaml:13:38: inputs.duration.minimum: " in err
    assert "minimum 2 is greater than maximum 1" in err
