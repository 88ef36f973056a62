"""Write a :class:`~generator.importers.draft.Draft` as a model file (YAML).

Keys keep the importer's order, amounts are quoted decimals, review markers
become ``!review`` nodes, and the top-level sections are separated by a blank
line. The output is deterministic: the same draft always gives the same text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from generator.spec.review import GUESS, TAG, WHY

from .draft import Draft, Review

TOP_LEVEL = ("model:", "inputs:", "modes:", "pricing:")
WIDTH = 88


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, markers as ``!review``."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _review(dumper: yaml.SafeDumper, review: Review) -> yaml.Node:
    if review.has_guess:
        return dumper.represent_mapping(TAG, {WHY: review.why, GUESS: review.guess})
    return dumper.represent_scalar(TAG, review.why)


def _decimal(dumper: yaml.SafeDumper, amount: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(amount), style='"')


def _list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    flow = all(not isinstance(item, (dict, list, Review)) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(Review, _review)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(Decimal, _decimal)


def to_yaml(draft: Draft) -> str:
    """The model file for ``draft``: header comments, then the content."""
    body = yaml.dump(
        draft.spec,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=WIDTH,
    )
    lines = []
    for line in body.splitlines():
        if line.startswith(TOP_LEVEL):
            lines.append("")
        lines.append(line)
    header = "".join(f"# {line}".rstrip() + "\n" for line in draft.header)
    return header + "\n".join(lines) + "\n"
