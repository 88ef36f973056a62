"""Parse YAML into PyYAML nodes, keeping source positions and refusing duplicate keys."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import SpecIssue


class _Loader(yaml.SafeLoader):
    """Safe loader in pure Python: constructs scalars; its error messages are the ones reported."""


_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", _Loader)
"""libyaml's safe loader when PyYAML has it: the same nodes and marks, several times faster."""


def parse(text: str, file: str) -> yaml.Node | None:
    """Compose ``text`` into a node tree; raise ``SpecError``-ready issues on bad YAML.

    Composes with libyaml when available. On an error it composes again in pure Python, so
    that the message and its position are the same on every machine.
    """
    try:
        return _compose(_FastLoader, text)
    except yaml.MarkedYAMLError as fast_error:
        try:
            _compose(_Loader, text)
        except yaml.MarkedYAMLError as error:
            raise _syntax_error(error, file) from None
        raise _syntax_error(fast_error, file) from None


def _compose(loader_class: type[yaml.SafeLoader], text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _syntax_error(error: yaml.MarkedYAMLError, file: str) -> YamlSyntaxError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or error.context or "invalid YAML"
    return YamlSyntaxError(SpecIssue(file, line, column, "", f"invalid YAML: {problem}"))


class YamlSyntaxError(Exception):
    """The text is not YAML at all."""

    def __init__(self, issue: SpecIssue) -> None:
        self.issue = issue
        super().__init__(str(issue))


_SCALAR_LOADER = _Loader("")


_STR_TAG = "tag:yaml.org,2002:str"


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The Python value PyYAML's safe loader gives a scalar node."""
    if node.tag == _STR_TAG:  # most scalars of a spec: no constructor needed
        return node.value
    construct = _Loader.yaml_constructors.get(node.tag)
    if construct is None:
        return _SCALAR_LOADER.construct_object(node, deep=True)  # raises on an unknown tag
    return construct(_SCALAR_LOADER, node)


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
