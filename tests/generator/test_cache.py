"""The generator's caches change how fast it runs, never what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from generator_support import MINIMAL_SPEC, copy_spec

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
    assert len(list((tmp_path / "cache" / "format").iterdir())) == 1
    warm = render(spec)
    assert uncached == cold == warm


def test_a_damaged_format_entry_is_ignored_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = load_spec(MINIMAL_SPEC)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    expected = render(spec)
    [entry] = (tmp_path / "format").iterdir()
    entry.write_text("{not json")
    assert render(spec) == expected
    assert entry.read_text().startswith("{")
    entry.write_text("[]")  # valid JSON of the wrong shape
    assert render(spec) == expected


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
