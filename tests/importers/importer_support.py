"""Paths and helpers shared by the importer tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.spec.review import GUESS, TAG, WHY

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
MODELS = ROOT / "spec" / "models"
GOLDEN = ROOT / "tests" / "golden" / "imports"


@dataclass(frozen=True)
class Marker:
    """A ``!review`` node as loaded: what it asks, and the importer's guess if any."""

    why: str
    guess: Any = None


class _Loader(yaml.SafeLoader):
    pass


def _marker(loader: yaml.SafeLoader, node: yaml.Node) -> Marker:
    if isinstance(node, yaml.MappingNode):
        fields = loader.construct_mapping(node, deep=True)
        return Marker(str(fields[WHY]), fields.get(GUESS))
    assert isinstance(node, yaml.ScalarNode)
    return Marker(str(loader.construct_scalar(node)))


_Loader.add_constructor(TAG, _marker)


def load_yaml(text: str) -> Any:
    """Plain data from a model file, ``!review`` nodes as :class:`Marker`."""
    return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")
