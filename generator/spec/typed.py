"""Convert YAML nodes into typed dataclasses, reporting every mismatch with its position.

The dataclasses in :mod:`generator.spec.schema` *are* the spec format: their
field names are the allowed keys, their annotations the allowed types and
their defaults make a key optional. This module interprets them.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Union

import yaml

from .errors import SpecIssue
from .yaml_nodes import position, scalar_value, to_python

Path = tuple[str | int, ...]


class _Failed:
    def __repr__(self) -> str:
        return "<conversion failed>"


FAILED: Any = _Failed()
"""Returned by a conversion that recorded an issue."""


def format_path(path: Path) -> str:
    """``("inputs", "duration", "default")`` -> ``inputs.duration.default``; indexes as ``[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Converter:
    """Converts one file's node tree; collects issues and a path -> position map."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[SpecIssue] = []
        self.positions: dict[Path, tuple[int, int]] = {}

    def error(self, node: yaml.Node, path: Path, message: str) -> None:
        line, column = position(node)
        self.issues.append(SpecIssue(self.file, line, column, format_path(path), message))

    def convert(self, node: yaml.Node, tp: Any, path: Path) -> Any:
        """Return ``node`` as type ``tp``, or ``FAILED`` after recording an issue."""
        self.positions.setdefault(path, position(node))
        kind, args = _kind(tp)
        if kind == "any":
            return self._plain(node, path)
        if kind == "dataclass":
            return self._dataclass(node, tp, path)
        if kind == "union":
            return self._union(node, args, path)
        if kind == "literal":
            return self._literal(node, args, path)
        if kind == "list":
            return self._list(node, args[0], path)
        if kind == "dict":
            return self._dict(node, args[1], path)
        return self._scalar(node, tp, path)

    def _plain(self, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in self._mapping_items(node, path):
                key = key_node.value
                result[key] = self._plain(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._plain(item, (*path, i)) for i, item in enumerate(node.value)]
        self.positions.setdefault(path, position(node))
        assert isinstance(node, yaml.ScalarNode)
        return scalar_value(node)

    def _mapping_items(
        self, node: yaml.MappingNode, path: Path
    ) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        seen: set[str] = set()
        items = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or not isinstance(
                scalar_value(key_node), str
            ):
                self.error(key_node, path, f"keys must be strings, got {to_python(key_node)!r}")
                continue
            key = key_node.value
            if key in seen:
                self.error(key_node, (*path, key), "duplicate key")
                continue
            seen.add(key)
            self.positions[(*path, key)] = position(value_node)
            items.append((key_node, value_node))
        return items

    def _dataclass(self, node: yaml.Node, cls: Any, path: Path) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping, got {_describe(node)}")
            return FAILED
        fields, hints, required = _shape(cls)
        values: dict[str, Any] = {}
        present: set[str] = set()
        failed = False
        for key_node, value_node in self._mapping_items(node, path):
            key = key_node.value
            present.add(key)
            if key not in fields:
                hint = difflib.get_close_matches(key, fields, n=1)
                suggestion = (
                    f"; did you mean {hint[0]!r}?"
                    if hint
                    else f" (allowed: {', '.join(sorted(fields))})"
                )
                self.error(key_node, (*path, key), f"unknown key {key!r}{suggestion}")
                continue
            value = self.convert(value_node, hints[key], (*path, key))
            if value is FAILED:
                failed = True
            else:
                values[key] = value
        for name in required:
            if name not in values and name not in present:
                self.error(node, (*path, name), f"missing required key {name!r}")
                failed = True
        if failed:
            return FAILED
        return cls(**values)

    def _union(self, node: yaml.Node, options: tuple[Any, ...], path: Path) -> Any:
        if (
            isinstance(node, yaml.ScalarNode)
            and scalar_value(node) is None
            and type(None) in options
        ):
            return None
        candidates = [t for t in options if t is not type(None)]
        if len(candidates) == 1:  # no need to probe: its issues are the union's
            return self.convert(node, candidates[0], path)
        for tp in candidates:
            probe = Converter(self.file)
            value = probe.convert(node, tp, path)
            if not probe.issues:
                self.positions.update(probe.positions)
                return value
        names = " or ".join(_type_name(t) for t in candidates)
        self.error(node, path, f"expected {names}, got {_describe(node)}")
        return FAILED

    def _literal(self, node: yaml.Node, options: tuple[Any, ...], path: Path) -> Any:
        value = scalar_value(node) if isinstance(node, yaml.ScalarNode) else None
        if value in options and type(value) is type(options[0]):
            return value
        allowed = ", ".join(repr(o) for o in options)
        self.error(node, path, f"expected one of {allowed}, got {_describe(node)}")
        return FAILED

    def _list(self, node: yaml.Node, item_tp: Any, path: Path) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list, got {_describe(node)}")
            return FAILED
        items = [self.convert(item, item_tp, (*path, i)) for i, item in enumerate(node.value)]
        return FAILED if any(item is FAILED for item in items) else items

    def _dict(self, node: yaml.Node, value_tp: Any, path: Path) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping, got {_describe(node)}")
            return FAILED
        result = {}
        for key_node, value_node in self._mapping_items(node, path):
            result[key_node.value] = self.convert(value_node, value_tp, (*path, key_node.value))
        return FAILED if any(v is FAILED for v in result.values()) else result

    def _scalar(self, node: yaml.Node, tp: Any, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected {_type_name(tp)}, got {_describe(node)}")
            return FAILED
        value = scalar_value(node)
        if tp is Decimal:
            if isinstance(value, (int, float, str)) and not isinstance(value, bool):
                try:
                    result = Decimal(str(value))
                except InvalidOperation:
                    pass
                else:
                    if result.is_finite():
                        return result
            self.error(
                node, path, f'expected a decimal amount such as "0.10", got {_describe(node)}'
            )
            return FAILED
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if type(value) is tp:
            return value
        self.error(node, path, f"expected {_type_name(tp)}, got {_describe(node)}")
        return FAILED


def _type_name(tp: Any) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        Decimal: "a decimal",
    }
    if tp in names:
        return names[tp]
    origin = typing.get_origin(tp)
    if origin is list:
        return "a list"
    if origin is dict or dataclasses.is_dataclass(tp):
        return "a mapping"
    if origin is Literal:
        return "one of " + ", ".join(repr(o) for o in typing.get_args(tp))
    return getattr(tp, "__name__", str(tp))


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    assert isinstance(node, yaml.ScalarNode)
    value = scalar_value(node)
    kind = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        type(None): "null",
    }.get(type(value), type(value).__name__)
    return f"{kind} {value!r}" if value is not None else "null"


@functools.cache
def _kind(tp: Any) -> tuple[str, tuple[Any, ...]]:
    """How :meth:`Converter.convert` handles ``tp``, and its type arguments (once per type)."""
    origin = typing.get_origin(tp)
    if tp is Any:
        return "any", ()
    if dataclasses.is_dataclass(tp):
        return "dataclass", ()
    if origin in (Union, types.UnionType):
        return "union", typing.get_args(tp)
    if origin is Literal:
        return "literal", typing.get_args(tp)
    if origin is list:
        return "list", typing.get_args(tp)
    if origin is dict:
        return "dict", typing.get_args(tp)
    return "scalar", ()


@functools.cache
def _shape(cls: Any) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any], tuple[str, ...]]:
    """The init fields of a spec dataclass, their resolved type hints and the names of the
    required ones (no default), once per class."""
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    required = tuple(
        name
        for name, field in fields.items()
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    )
    return fields, typing.get_type_hints(cls), required
