"""Fenced code blocks of a Markdown page, and what the docs tests do with each.

The info string after the opening fence says it: ```` ```python ```` runs the code,
```` ```console ```` runs each ``$ command`` and compares what it prints with the lines
below it, ```` ```yaml file=PATH ```` (any language) writes the block to ``PATH`` first.
A block that is not meant to run says so: ```` ```python no-run ````, ```` ```text no-run ````.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RUNNABLE = frozenset({"python", "console"})
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language, options and text."""

    path: Path
    line: int
    language: str
    options: tuple[str, ...]
    text: str

    @property
    def where(self) -> str:
        """``page.md:LINE`` of the opening fence."""
        return f"{self.path}:{self.line}"

    @property
    def file(self) -> str | None:
        """The ``file=PATH`` option: the block is written to ``PATH``."""
        return next((o.removeprefix("file=") for o in self.options if o.startswith("file=")), None)

    @property
    def runs(self) -> bool:
        """Whether the docs tests execute (or write) this block."""
        return "no-run" not in self.options and (self.language in RUNNABLE or self.file is not None)


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of the Markdown file ``path``, in order."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        start = index
        fence, indent = opening["fence"], len(opening["indent"])
        language, *options = opening["info"].split() or [""]
        body: list[str] = []
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index][indent:] if lines[index][:indent].isspace() else lines[index])
            index += 1
        index += 1
        found.append(Block(path, start, language, tuple(options), "\n".join(body) + "\n"))
    return found


@dataclass(frozen=True)
class Command:
    """One ``$ command`` of a console block and the output shown under it."""

    line: int
    command: str
    expected: str


def commands(block: Block) -> list[Command]:
    """The commands of a console block (a line ending in ``\\`` continues on the next)."""
    found: list[Command] = []
    lines = block.text.splitlines()
    index = 0
    while index < len(lines):
        if not lines[index].startswith("$ "):
            raise AssertionError(
                f"{block.where}: expected a `$ command` line, got {lines[index]!r}"
            )
        line = block.line + 1 + index
        command = lines[index][2:]
        while command.endswith("\\"):
            index += 1
            command = command[:-1] + " " + lines[index].strip()
        index += 1
        output: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        found.append(Command(line, command, "\n".join(output) + "\n" if output else ""))
    return found
