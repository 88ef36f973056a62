"""The generator's caches change how fast it runs, never what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from generator_support import MINIMAL_SPEC

from generator.cache import CACHE_ENV
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
