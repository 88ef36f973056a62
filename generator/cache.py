"""Where the generator keeps work between runs: compiled templates, formatted files, and
whole outputs.

Every cache is content-addressed (an entry is found only for the exact input that made it),
so what is written never depends on them; they make a repeated ``eachlabs-gen generate`` or
``check`` fast. ``EACHLABS_GEN_CACHE`` names the directory (default
``$XDG_CACHE_HOME/eachlabs-gen``, else ``~/.cache/eachlabs-gen``);
``EACHLABS_GEN_CACHE=off`` turns them all off.

This module stays light on imports: a run whose output is cached imports nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

CACHE_ENV = "EACHLABS_GEN_CACHE"
GENERATOR = Path(__file__).resolve().parent
LIBRARIES = ("jinja2", "yaml", "ruff")
"""What the output depends on besides the generator's own files and the spec."""


def cache_dir(kind: str) -> Path | None:
    """The directory for one kind of cached work, created if needed; ``None`` when the cache
    is turned off or the directory cannot be created."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting == "off":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    root = Path(setting) if setting else Path(base) / "eachlabs-gen"
    directory = root / kind
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return directory


def read_entry(entry: Path | None) -> dict[str, str] | None:
    """The file mapping (relative path -> text) cached at ``entry``; ``None`` when there is
    none or it is damaged."""
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in data.items()
    ):
        return None
    return data


def write_entry(entry: Path | None, files: dict[str, str]) -> None:
    """Cache ``files`` at ``entry`` (atomically; a failure only means no cache)."""
    if entry is None:
        return
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps(files), encoding="utf-8")
        partial.replace(entry)
    except OSError:
        partial.unlink(missing_ok=True)


def add_named(digest: hashlib._Hash, name: str, data: bytes) -> None:
    """Feed one named piece of content to ``digest``, name and length first, so that no two
    different sets of pieces feed it the same bytes."""
    digest.update(f"\0{name}\0{len(data)}\0".encode())
    digest.update(data)


def output_entry(spec_dir: Path) -> Path | None:
    """Where everything the spec in ``spec_dir`` generates is cached, for this generator.

    The key covers the spec files the loader reads, every file of the generator (code and
    templates), the libraries it renders and formats with, and the Python version.
    """
    directory = cache_dir("output")
    if directory is None:
        return None
    digest = hashlib.sha256(_generator_fingerprint())
    files = [spec_dir / "platform.yaml", *sorted((spec_dir / "models").glob("*.yaml"))]
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            return None  # the loader reports it
        add_named(digest, path.relative_to(spec_dir).as_posix(), data)
    return directory / f"{digest.hexdigest()}.json"


@functools.cache
def _generator_fingerprint() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(GENERATOR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            add_named(digest, path.relative_to(GENERATOR).as_posix(), path.read_bytes())
    for library in LIBRARIES:  # an upgrade rewrites the package's files
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        stat = os.stat(origin) if origin else None
        mark = f"{library}:{origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else library
        digest.update(mark.encode())
    return digest.digest()
