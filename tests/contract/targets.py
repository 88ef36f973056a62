"""What the contract tests hold to each other: every model of every spec, with the package
compiled from that spec and the mock that serves it.

``spec/`` is compiled into the installed ``eachlabs`` package; the fixture spec
``tests/fixtures/specs/minimal`` into the golden package ``tests/golden/minimal/eachlabs``
(``tests/generator`` keeps that one equal to what the generator writes).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.spec import ModelSpec, Platform, Spec, load_spec
from mockserver.config import MockConfig
from mockserver.inprocess import InProcessMock

ROOT = Path(__file__).resolve().parents[2]
SPECS: dict[str, tuple[Path, str]] = {
    "spec": (ROOT / "spec", "eachlabs"),
    "minimal": (ROOT / "tests" / "fixtures" / "specs" / "minimal", "golden.minimal.eachlabs"),
}
"""Spec name -> (spec directory, import name of the package generated from it)."""
API_KEY = "contract-key"


@dataclass(frozen=True)
class Target:
    """One model: its spec, the generated code compiled from it, and the spec the mock serves.

    ``generated`` and ``mock_spec`` are the two sides under test; a mutant replaces one.
    """

    spec_name: str
    spec: Spec
    model: ModelSpec
    package: ModuleType
    generated: ModuleType
    """The model's generated module: ``validate``, ``estimate_cost``, ``mode``, ``with_defaults``."""
    mock_spec: Spec

    @property
    def id(self) -> str:
        return f"{self.spec_name}:{self.model.slug}"

    @property
    def platform(self) -> Platform:
        return self.spec.platform

    @property
    def mock_model(self) -> ModelSpec:
        return self.mock_spec.models[self.model.slug]

    def mock(self, **config: Any) -> InProcessMock:
        """A fresh in-process mock of ``mock_spec`` (enter it to intercept httpx)."""
        return InProcessMock(self.mock_spec, MockConfig(**config))


@cache
def targets() -> tuple[Target, ...]:
    """Every model of every spec in :data:`SPECS`."""
    found = []
    for spec_name, (directory, package_name) in SPECS.items():
        spec = load_spec(directory)
        package = importlib.import_module(package_name)
        for model in spec.models.values():
            generated = importlib.import_module(f"{package_name}.models.{model.python_name}")
            found.append(Target(spec_name, spec, model, package, generated, spec))
    return tuple(found)


each_target = pytest.mark.parametrize("target", targets(), ids=lambda target: target.id)
"""Parametrize a test over every model of every spec."""
