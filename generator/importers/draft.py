"""The importers' intermediate model: a model file's content, with review markers.

Importers build the same mapping a model file holds (``format_version``,
``model``, ``inputs``, ``pricing``), putting a :class:`Review` wherever they
cannot decide a value; :mod:`generator.importers.writer` turns it into YAML,
where each ``Review`` becomes a ``!review`` marker the loader refuses until a
person resolves it (see :mod:`generator.spec.review`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_GUESS: Any = object()


@dataclass(frozen=True)
class Review:
    """An undecided value: ``why`` says what to resolve; ``guess`` is the importer's best try."""

    why: str
    guess: Any = NO_GUESS

    @property
    def has_guess(self) -> bool:
        return self.guess is not NO_GUESS


@dataclass
class Draft:
    """One imported model file: its content, header comment lines, and notes for the user."""

    spec: dict[str, Any]
    header: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the importer left out or assumed, printed by the command (not written)."""

    @property
    def slug(self) -> str | None:
        """The model's slug, if the importer could decide it."""
        slug = self.spec.get("model", {}).get("slug")
        return slug if isinstance(slug, str) else None

    def reviews(self) -> list[Review]:
        """Every review marker in the content, in document order."""
        found: list[Review] = []

        def walk(value: Any) -> None:
            if isinstance(value, Review):
                found.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(self.spec)
        return found
