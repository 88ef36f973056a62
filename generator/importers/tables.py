"""Markdown pipe tables, whether their rows are on separate lines or flattened onto one.

The text is split on ``|``: a header row's cells, a row of dashes, then rows of
exactly as many cells, each row separated from the next by a piece holding only
whitespace (a newline, or the space of a flattened page). Counting cells, not
lines, keeps empty cells apart from row boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASHES = re.compile(r"\s*:?-{3,}:?\s*")


@dataclass(frozen=True)
class Table:
    """A table's header and complete rows (cells stripped).

    When the text ends inside the table, ``complete`` is false and ``partial`` holds the
    cells of the row it ends in (the last of them possibly cut short), if any.
    """

    header: list[str]
    rows: list[list[str]]
    complete: bool = True
    partial: list[str] | None = None
    rest: str = ""
    """The text after the table."""

    def column(self, *names: str) -> int | None:
        """Index of the first column named one of ``names`` (case-insensitive)."""
        wanted = [name.casefold() for name in names]
        for i, cell in enumerate(self.header):
            if cell.casefold() in wanted:
                return i
        return None


def parse_table(text: str) -> tuple[str, Table] | None:
    """The first table in ``text``: the text before it, and the table; ``None`` if none."""
    pieces = text.split("|")
    if len(pieces) < 4:
        return None
    dash_start = next((i for i in range(1, len(pieces)) if _DASHES.fullmatch(pieces[i])), None)
    if dash_start is None or dash_start < 3:
        return None
    # pieces: [before, h1, ..., hn, <sep>, -, ..., -, <sep>, cells...]
    header = [cell.strip() for cell in pieces[1 : dash_start - 1]]
    width = len(header)
    dashes = pieces[dash_start : dash_start + width]
    if len(dashes) < width or not all(_DASHES.fullmatch(d) for d in dashes):
        return None
    rows: list[list[str]] = []
    index = dash_start + width
    while index < len(pieces) - 1:
        if pieces[index].strip():
            return pieces[0], Table(header, rows, rest="|".join(pieces[index:]))
        cells = [cell.strip() for cell in pieces[index + 1 : index + 1 + width]]
        if index + 1 + width >= len(pieces):
            return pieces[0], Table(header, rows, False, cells if any(cells) else None)
        rows.append(cells)
        index += 1 + width
    if index == len(pieces) - 1:
        return pieces[0], Table(header, rows, rest=pieces[index])
    return pieces[0], Table(header, rows, False)
