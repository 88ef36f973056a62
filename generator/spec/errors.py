"""Errors raised when a spec file is broken."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SpecIssue:
    """One problem in a spec file, located at ``file:line:column`` and a key path."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class SpecError(Exception):
    """A spec could not be loaded; ``issues`` lists every problem found."""

    def __init__(self, issues: list[SpecIssue]) -> None:
        self.issues = sorted(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))
