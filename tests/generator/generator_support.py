"""Paths and helpers shared by the generator tests."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
GENERATED = ROOT / "generated"
MINIMAL_SPEC = ROOT / "tests" / "fixtures" / "specs" / "minimal"
GOLDEN = ROOT / "tests" / "golden" / "minimal"


def load_package(directory: Path, name: str) -> ModuleType:
    """Import the package in ``directory`` under ``name`` (its imports are relative)."""
    spec = importlib.util.spec_from_file_location(
        name, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def copy_spec(source: Path, target: Path) -> Path:
    """A writable copy of the spec directory ``source`` at ``target``."""
    shutil.copytree(source, target)
    return target
