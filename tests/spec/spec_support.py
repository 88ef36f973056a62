"""Helpers shared by the spec tests: a spec directory around one model file, and its issues."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.spec import SpecError, load_spec

REPO_SPEC = Path(__file__).parents[2] / "spec"


def write_spec(tmp_path: Path, model_text: str, name: str) -> Path:
    """``tmp_path/spec`` with the repository's platform and one model file ``<name>.yaml``."""
    spec = tmp_path / "spec"
    (spec / "models").mkdir(parents=True)
    shutil.copy(REPO_SPEC / "platform.yaml", spec / "platform.yaml")
    (spec / "models" / f"{name}.yaml").write_text(model_text)
    return spec


def reported_issues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_text: str, name: str
) -> list[str]:
    """Every issue loading the model reports, as ``line:col: path: message`` of its file."""
    monkeypatch.chdir(tmp_path)
    write_spec(tmp_path, model_text, name)
    with pytest.raises(SpecError) as caught:
        load_spec("spec")
    prefix = f"spec/models/{name}.yaml:"
    assert all(str(issue).startswith(prefix) for issue in caught.value.issues)
    return [str(issue).removeprefix(prefix) for issue in caught.value.issues]
