"""Fixtures for the generator tests: the fixture spec, its rendering, and loading it."""

from __future__ import annotations

from types import ModuleType

import pytest
from generator_support import MINIMAL_SPEC, load_package

from generator import output
from generator.render import PACKAGE, render
from generator.spec import Spec, load_spec


@pytest.fixture(scope="session")
def minimal_spec() -> Spec:
    return load_spec(MINIMAL_SPEC)


@pytest.fixture(scope="session")
def minimal_files(minimal_spec: Spec) -> dict[str, str]:
    return render(minimal_spec)


@pytest.fixture(scope="session")
def minimal_package(
    minimal_files: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> ModuleType:
    """The package generated from the fixture spec, imported as ``eachlabs_minimal``."""
    out = tmp_path_factory.mktemp("minimal")
    output.write(minimal_files, out)
    return load_package(out / PACKAGE, "eachlabs_minimal")
