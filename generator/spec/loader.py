"""Load ``spec/``: ``platform.yaml`` plus one file per model in ``models/``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import checks
from .errors import SpecError, SpecIssue
from .review import review_issues
from .schema import ModelSpec, Platform
from .typed import FAILED, Converter, format_path
from .typed import Path as KeyPath
from .yaml_nodes import YamlSyntaxError, parse

T = TypeVar("T")


@dataclass(frozen=True)
class Spec:
    """A whole spec directory, checked."""

    platform: Platform
    models: dict[str, ModelSpec]
    """Models by slug, sorted by slug."""
    content_hash: str
    """SHA-256 of every spec file's path and bytes, for provenance of generated code."""
    model_hashes: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each model's file, by slug: which version of a model code came from."""

    def model(self, slug: str) -> ModelSpec:
        """The model with ``slug``; ``KeyError`` naming the known slugs otherwise."""
        try:
            return self.models[slug]
        except KeyError:
            raise KeyError(f"unknown model {slug!r}; known: {', '.join(self.models)}") from None


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _load(path: Path, cls: type[T], problems: Any) -> T:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([SpecIssue(file, 1, 1, "", f"cannot read: {exc}")]) from None
    try:
        root = parse(text, file)
    except YamlSyntaxError as exc:
        raise SpecError([exc.issue]) from None
    if root is None:
        raise SpecError([SpecIssue(file, 1, 1, "", "file is empty")])
    unresolved = review_issues(file, root)
    if unresolved:
        raise SpecError(unresolved)
    converter = Converter(file)
    value = converter.convert(root, cls, ())
    if converter.issues or value is FAILED:
        raise SpecError(converter.issues)
    issues = [
        _locate(file, converter.positions, key_path, message)
        for key_path, message in problems(value)
    ]
    if issues:
        raise SpecError(issues)
    return value  # type: ignore[no-any-return]


def _locate(
    file: str, positions: dict[KeyPath, tuple[int, int]], key_path: KeyPath, message: str
) -> SpecIssue:
    probe = key_path
    while probe not in positions and probe:
        probe = probe[:-1]
    line, column = positions.get(probe, (1, 1))
    return SpecIssue(file, line, column, format_path(key_path), message)


def load_platform(path: Path) -> Platform:
    """Load and check ``platform.yaml``."""
    return _load(path, Platform, checks.check_platform)


def load_model(path: Path) -> ModelSpec:
    """Load and check one model file; its name must be ``<slug>.yaml``."""
    return _load(path, ModelSpec, lambda model: checks.check_model(model, path.stem))


def load_spec(directory: Path | str = "spec") -> Spec:
    """Load a spec directory, collecting the problems of every file into one ``SpecError``."""
    root = Path(directory)
    platform_file = root / "platform.yaml"
    model_files = sorted((root / "models").glob("*.yaml"))
    issues: list[SpecIssue] = []
    platform: Platform | None = None
    models: dict[str, ModelSpec] = {}
    hashes: dict[str, str] = {}
    if not platform_file.is_file():
        issues.append(SpecIssue(display_path(platform_file), 1, 1, "", "platform.yaml not found"))
    else:
        try:
            platform = load_platform(platform_file)
        except SpecError as exc:
            issues.extend(exc.issues)
    if not model_files:
        issues.append(
            SpecIssue(display_path(root / "models"), 1, 1, "", "no model files (*.yaml) found")
        )
    for path in model_files:
        try:
            model = load_model(path)
        except SpecError as exc:
            issues.extend(exc.issues)
            continue
        models[model.slug] = model
        hashes[model.slug] = hashlib.sha256(path.read_bytes()).hexdigest()
    if issues or platform is None:
        raise SpecError(issues)
    return Spec(
        platform,
        dict(sorted(models.items())),
        _hash_files([platform_file, *model_files], root),
        dict(sorted(hashes.items())),
    )


def _hash_files(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
