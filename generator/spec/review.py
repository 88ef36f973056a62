"""Review markers: values an importer could not decide, left for a person to resolve.

A marker is a YAML node tagged ``!review`` in place of a value. Its scalar
form says what to resolve; its mapping form adds the importer's guess::

    when: !review The condition "Rule 2" names no input ...
    formats: !review
      why: The page gives no file formats for this URL input.
      guess: [jpeg, jpg, png, bmp, webp]

The loader refuses a spec containing a marker and names each one with its
position; a person replaces the whole marked node with the right value.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from .errors import SpecIssue
from .typed import Path, format_path
from .yaml_nodes import position, to_python

TAG = "!review"
WHY = "why"
GUESS = "guess"


def markers(node: yaml.Node, path: Path = ()) -> Iterator[tuple[Path, yaml.Node]]:
    """Every ``!review`` node under ``node`` (itself included), with its key path."""
    if node.tag == TAG:
        yield path, node
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from markers(value, (*path, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from markers(item, (*path, i))


def marker_text(node: yaml.Node) -> str:
    """What a marker asks for, with the importer's guess when it gave one."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).rstrip(".")
    if isinstance(node, yaml.MappingNode):
        fields = {str(key.value): value for key, value in node.value}
        why = fields.get(WHY)
        text = str(why.value).rstrip(".") if isinstance(why, yaml.ScalarNode) else "review this"
        guess = fields.get(GUESS)
        if guess is not None:
            text += f" (the importer's guess: {_plain(guess)!r})"
        return text
    return "review this value"


def _plain(node: yaml.Node) -> object:
    try:
        return to_python(node)
    except yaml.YAMLError:
        return "?"


def review_issues(file: str, root: yaml.Node) -> list[SpecIssue]:
    """One issue per marker in ``root``: where it is and what to resolve."""
    issues = []
    for path, node in markers(root):
        line, column = position(node)
        message = f"unresolved review marker: {marker_text(node)}; resolve it and drop the marker"
        issues.append(SpecIssue(file, line, column, format_path(path), message))
    return issues
