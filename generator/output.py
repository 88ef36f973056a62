"""Write generated files into the output directory, or compare them with it.

The output directory belongs to the generator: any file in it that the spec no
longer produces (a removed model, say) is deleted by ``write`` and reported by
``compare``. Caches and build products are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

IGNORED_DIRS = frozenset(
    {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"}
)


Stale = tuple[str, str]
"""A file of the output directory that does not match what the spec produces: its relative
path, and ``"differs"``, ``"missing"`` or ``"orphaned"``. (A plain tuple: this module is on
the path of a cached run, which imports as little as it can.)"""


def existing(out: Path) -> Iterator[str]:
    """Relative paths of the files under ``out``, skipping caches and build products."""
    if not out.is_dir():
        return
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if path.is_file() and not any(
            part in IGNORED_DIRS or part.endswith(".egg-info") for part in relative.parts
        ):
            yield relative.as_posix()


def write(files: dict[str, str], out: Path) -> list[str]:
    """Write ``files`` under ``out``, rewriting only changed ones and deleting orphans.

    Returns the relative paths written or deleted, sorted.
    """
    changed = []
    for name, text in files.items():
        target = out / name
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(name)
    for name in existing(out):
        if name not in files:
            (out / name).unlink()
            changed.append(name)
    return sorted(changed)


def compare(files: dict[str, str], out: Path) -> list[Stale]:
    """Every file under ``out`` that differs from ``files``, is missing, or is orphaned."""
    stale = []
    for name, text in files.items():
        target = out / name
        if not target.is_file():
            stale.append((name, "missing"))
        elif target.read_bytes() != text.encode("utf-8"):
            stale.append((name, "differs"))
    stale.extend((name, "orphaned") for name in existing(out) if name not in files)
    return sorted(stale)
