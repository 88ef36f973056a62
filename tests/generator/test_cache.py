"""The generator's caches change how fast it runs, never what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from generator_support import MINIMAL_SPEC, copy_spec

import generator.formatting
import generator.render
from generator.cache import CACHE_ENV
from generator.cli import main
from generator.render import render
from generator.spec import load_spec


def test_output_is_the_same_with_a_cold_a_warm_and_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_spec(MINIMAL_SPEC)
    monkeypatch.setenv(CACHE_ENV, "off")
    uncached = render(spec)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    cold = render(spec)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["format", "templates"]
    # (the output cache belongs to the command line: see the tests below)
    assert any((tmp_path / "cache" / "templates").iterdir())
    formatted = [name for name in cold if name.endswith((".py", ".md"))]
    assert len(list((tmp_path / "cache" / "format").iterdir())) == len(formatted)
    warm = render(spec)
    assert uncached == cold == warm


def test_only_files_whose_text_changed_are_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec_dir = copy_spec(MINIMAL_SPEC, tmp_path / "spec")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    render(load_spec(spec_dir))
    formatted: list[str] = []
    run_ruff = generator.formatting._run_ruff

    def recording(sources: dict[str, str]) -> dict[str, str]:
        formatted.extend(sources)
        return run_ruff(sources)

    monkeypatch.setattr(generator.formatting, "_run_ruff", recording)
    render(load_spec(spec_dir))
    assert formatted == []
    [model] = (spec_dir / "models").glob("*.yaml")
    model.write_text(model.read_text().replace("title: ", "title: Renamed ", 1))
    edited = render(load_spec(spec_dir))
    assert "eachlabs/_base_client.py" not in formatted  # it does not depend on the models
    assert [name for name in formatted if name.startswith("eachlabs/models/")]
    monkeypatch.setenv(CACHE_ENV, "off")
    assert edited == render(load_spec(spec_dir))


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"other.py": "x = 1\\n"}'])
def test_a_damaged_format_entry_is_ignored_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    spec = load_spec(MINIMAL_SPEC)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    expected = render(spec)
    entries = sorted((tmp_path / "format").iterdir())
    for entry in entries:
        entry.write_text(damage)
    assert render(spec) == expected
    assert all(entry.read_text() != damage for entry in entries)


def test_an_unusable_cache_directory_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    assert render(load_spec(MINIMAL_SPEC))


def test_a_repeated_run_is_served_from_the_output_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = copy_spec(MINIMAL_SPEC, tmp_path / "spec")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "first")]) == 0

    def no_rendering(*args: object) -> None:
        raise AssertionError("rendered although the output was cached")

    monkeypatch.setattr(generator.render, "render", no_rendering)
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "second")]) == 0
    assert main(["check", "--spec", str(spec), "--out", str(tmp_path / "first")]) == 0
    assert tree(tmp_path / "first") == tree(tmp_path / "second")


def test_any_change_to_the_spec_misses_the_output_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = copy_spec(MINIMAL_SPEC, tmp_path / "spec")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "out")]) == 0
    [model] = (spec / "models").glob("*.yaml")
    model.write_text(model.read_text().replace("title: ", "title: Renamed ", 1))
    assert main(["check", "--spec", str(spec), "--out", str(tmp_path / "out")]) == 1
    monkeypatch.setenv(CACHE_ENV, "off")
    uncached = render(load_spec(spec))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "out")]) == 0
    assert tree(tmp_path / "out") == uncached


def test_a_damaged_output_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = copy_spec(MINIMAL_SPEC, tmp_path / "spec")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "out")]) == 0
    [entry] = (tmp_path / "cache" / "output").iterdir()
    entry.write_text('{"README.md": 1}')  # JSON of the wrong shape
    assert main(["check", "--spec", str(spec), "--out", str(tmp_path / "out")]) == 0
    assert main(["generate", "--spec", str(spec), "--out", str(tmp_path / "again")]) == 0
    assert tree(tmp_path / "again") == tree(tmp_path / "out")


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root``: relative path -> text."""
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
