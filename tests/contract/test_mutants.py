"""The contract catches small breaks of either side (see :mod:`.mutants`)."""

from __future__ import annotations

import pytest

from .mutants import MACHINE_MUTANTS, MUTANTS, MachineMutant, Mutant, machine_survives, survives
from .targets import targets


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda mutant: mutant.name)
def test_mutant_is_killed(mutant: Mutant, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = [(t.id, b) for t in targets() if (b := mutant.apply(t, monkeypatch)) is not None]
    assert broken, f"{mutant.name!r} applies to no model: the mutant is stale"
    survivors = [name for name, target in broken if survives(mutant.killer, target)]
    assert not survivors, f"{mutant.name!r} survived {mutant.killer.name!r} on {survivors}"


@pytest.mark.parametrize("mutant", MACHINE_MUTANTS, ids=lambda mutant: mutant.name)
def test_engine_mutant_is_killed(mutant: MachineMutant, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not machine_survives(mutant.apply(monkeypatch)), f"{mutant.name!r} survived"
