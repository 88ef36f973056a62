"""Parse YAML into PyYAML nodes, keeping source positions and refusing duplicate keys."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import SpecIssue


class _Loader(yaml.SafeLoader):
    """Safe loader; only used to compose nodes and construct scalars."""


def parse(text: str, file: str) -> yaml.Node | None:
    """Compose ``text`` into a node tree; raise ``SpecError``-ready issues on bad YAML."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(
            SpecIssue(file, line, column, "", f"invalid YAML: {problem}")
        ) from None
    finally:
        loader.dispose()


class YamlSyntaxError(Exception):
    """The text is not YAML at all."""

    def __init__(self, issue: SpecIssue) -> None:
        self.issue = issue
        super().__init__(str(issue))


_SCALAR_LOADER = _Loader("")


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The Python value PyYAML's safe loader gives a scalar node."""
    return _SCALAR_LOADER.construct_object(node, deep=True)


def to_python(node: yaml.Node) -> Any:
    """Plain Python data (dict/list/scalars) for a node; duplicates are checked elsewhere."""
    if isinstance(node, yaml.MappingNode):
        return {
            scalar_value(k) if isinstance(k, yaml.ScalarNode) else str(k.value): to_python(v)
            for k, v in node.value
        }
    if isinstance(node, yaml.SequenceNode):
        return [to_python(item) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    return scalar_value(node)


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based (line, column) where ``node`` starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1
