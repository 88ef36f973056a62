"""``eachlabs-gen generate`` and ``check``: determinism, minimal rewrites, stale and broken specs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from generator_support import MINIMAL_SPEC, SPEC, copy_spec

from generator.cli import main
from generator.render import render
from generator.spec import load_spec

OLD = 1_000_000_000  # an mtime far in the past, to see which files a run touches


def _generate(spec: Path, out: Path) -> int:
    return main(["generate", "--spec", str(spec), "--out", str(out)])


def _check(spec: Path, out: Path) -> int:
    return main(["check", "--spec", str(spec), "--out", str(out)])


def _age(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def _touched(out: Path) -> set[str]:
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.stat().st_mtime != OLD
    }


@pytest.fixture
def two_model_spec(tmp_path: Path) -> Path:
    """The real spec plus the fixture's synthetic model."""
    spec = copy_spec(SPEC, tmp_path / "spec")
    shutil.copy(MINIMAL_SPEC / "models" / "acme-tone-1.5.yaml", spec / "models")
    return spec


def test_render_is_deterministic() -> None:
    assert render(load_spec(SPEC)) == render(load_spec(SPEC))


def test_second_generate_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _generate(MINIMAL_SPEC, out) == 0
    first = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _age(out)
    capsys.readouterr()
    assert _generate(MINIMAL_SPEC, out) == 0
    assert capsys.readouterr().out.endswith(" files, 0 changed\n")
    assert _touched(out) == set()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == first


def test_generate_rewrites_only_changed_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _generate(MINIMAL_SPEC, out)
    edited = out / "eachlabs" / "_client.py"
    edited.write_text(edited.read_text() + "# edited\n")
    _age(out)
    assert _generate(MINIMAL_SPEC, out) == 0
    assert _touched(out) == {"eachlabs/_client.py"}
    assert _check(MINIMAL_SPEC, out) == 0


def test_check_lists_edited_missing_and_orphaned_files(
    two_model_spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _generate(two_model_spec, out) == 0
    assert _check(two_model_spec, out) == 0
    (two_model_spec / "models" / "acme-tone-1.5.yaml").unlink()  # the model is removed ...
    client = out / "eachlabs" / "_client.py"
    client.write_text(client.read_text().replace("Eachlabs", "EachLabs"))  # ... a file edited ...
    (out / "eachlabs" / "_platform.py").unlink()  # ... and one deleted
    capsys.readouterr()
    assert _check(two_model_spec, out) == 1
    err = capsys.readouterr().err
    for line in (
        f"{out / 'eachlabs/_platform.py'}: missing",
        f"{out / 'eachlabs/models/acme_tone_1_5.py'}: orphaned",
        f"{out / 'eachlabs/models/__init__.py'}: differs",
        f"{out / 'eachlabs/_client.py'}: differs",
    ):
        assert line in err
    assert _generate(two_model_spec, out) == 0
    assert not (out / "eachlabs" / "models" / "acme_tone_1_5.py").exists()
    assert _check(two_model_spec, out) == 0


def test_check_reports_a_broken_spec_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = copy_spec(MINIMAL_SPEC, tmp_path / "spec")
    model = spec / "models" / "acme-tone-1.5.yaml"
    text = model.read_text()
    model.write_text(text.replace("    maximum: 2.0\n", "    maximum: 2.0\n    maximun: 3\n"))
    line = text[: text.index("    maximum: 2.0")].count("\n") + 2
    assert _check(spec, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert f"acme-tone-1.5.yaml:{line}:5: inputs.speed.maximun: unknown key 'maximun'" in err
    assert not (tmp_path / "out").exists()
