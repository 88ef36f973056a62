"""``eachlabs-gen diff OLD NEW``: the changes between two versions of the spec's models.

Each side is a model file, a spec directory (with ``platform.yaml``), a
directory of model files, or a git revision: ``HEAD~1`` (its ``spec/``) or
``REV:PATH`` (a file or directory at that revision; ``PATH`` is relative to the
current directory, as git reads it). Prints every change, breaking first, then
a count; exits 1 when any change is breaking, 0 otherwise, 2 when a side
cannot be read or loaded.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from .spec import ModelSpec, SpecError, SpecIssue, load_model
from .spec_diff import diff_models

DEFAULT_SPEC = "spec"


class SourceError(Exception):
    """A side of the diff names nothing that can be read."""


def run_diff(old: str, new: str) -> int:
    """Print the changes from ``old`` to ``new``; returns the exit status."""
    with tempfile.TemporaryDirectory(prefix="eachlabs-diff-") as scratch:
        try:
            before = models_of(old, Path(scratch) / "old")
            after = models_of(new, Path(scratch) / "new")
        except SourceError as exc:
            print(f"eachlabs-gen: {exc}", file=sys.stderr)
            return 2
        except SpecError as exc:
            print(
                f"eachlabs-gen: cannot load a side ({len(exc.issues)} problem(s)):", file=sys.stderr
            )
            print(exc, file=sys.stderr)
            return 2
    changes = diff_models(before, after)
    for change in changes:
        print(change)
    counts = {
        kind: sum(c.kind == kind for c in changes) for kind in ("breaking", "compatible", "price")
    }
    print(
        f"{counts['breaking']} breaking, {counts['compatible']} compatible, "
        f"{counts['price']} price change(s)"
    )
    return 1 if counts["breaking"] else 0


def models_of(source: str, scratch: Path) -> dict[str, ModelSpec]:
    """The models ``source`` names: a path if it exists, else a git revision."""
    path = Path(source)
    if path.exists():
        return _load(path)
    revision, _, inner = source.partition(":")
    root = _checkout(revision, inner or DEFAULT_SPEC, scratch, source)
    try:
        return _load(root)
    except SpecError as exc:
        raise SpecError([_at_revision(issue, scratch, revision) for issue in exc.issues]) from None


def _at_revision(issue: SpecIssue, scratch: Path, revision: str) -> SpecIssue:
    """``issue`` with its file named ``REV:path`` instead of its scratch copy."""
    try:
        name = Path(issue.file).resolve().relative_to(scratch.resolve()).as_posix()
    except ValueError:
        return issue
    return replace(issue, file=f"{revision}:{name}")


def _load(path: Path) -> dict[str, ModelSpec]:
    """A model file, or every model file of a spec directory (its ``models/``) or a directory.

    Only model files are read: the diff is about models, and a platform file written
    for an older format version must not stop it."""
    if path.is_file():
        model = load_model(path)
        return {model.slug: model}
    if (path / "models").is_dir():
        path = path / "models"
    models: dict[str, ModelSpec] = {}
    issues: list[SpecIssue] = []
    for file in sorted(path.glob("*.yaml")):
        try:
            model = load_model(file)
        except SpecError as exc:
            issues.extend(exc.issues)
        else:
            models[model.slug] = model
    if issues:
        raise SpecError(issues)
    return models


def _checkout(revision: str, inner: str, scratch: Path, source: str) -> Path:
    """Write the files under ``inner`` at ``revision`` below ``scratch``; their root there."""
    top = _git("rev-parse", "--show-toplevel", source=source).strip()
    prefix = _git("rev-parse", "--show-prefix", source=source).strip()
    full = str(Path(prefix, inner).as_posix()).strip("/") or "."
    names = _git("ls-tree", "-r", "--name-only", revision, "--", full, cwd=top, source=source)
    files = [name for name in names.splitlines() if name]
    if not files:
        raise SourceError(f"{source}: {revision} has no {full}")
    for name in files:
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git_bytes("show", f"{revision}:{name}", cwd=top, source=source))
    return scratch / full


def _git(*args: str, cwd: str | None = None, source: str) -> str:
    return _git_bytes(*args, cwd=cwd, source=source).decode("utf-8")


def _git_bytes(*args: str, cwd: str | None = None, source: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SourceError(f"{source}: not a path, and git cannot run: {exc}") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else "git failed"
        raise SourceError(f"{source}: not a file, directory or git revision ({reason})")
    return result.stdout
