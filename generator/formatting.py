"""Format generated Python with ruff (pinned in pyproject.toml, so output is reproducible).

Markdown files are formatted too: ruff formats the Python examples in their code blocks.
Each formatted file is cached by its path, its exact text and the ruff binary (see
:mod:`generator.cache`): after a spec edit only the files whose text changed go to ruff, and
none at all when no file did.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from .cache import add_named, cache_dir, read_entry, write_entry

LINE_LENGTH = 100
RUFF_ARGS = ("--isolated", "--line-length", str(LINE_LENGTH), "--target-version", "py311")
RUFF_COMMANDS = (
    ("check", "--fix-only", "--select", "I,F401,UP", "--exit-zero", "--quiet"),
    ("format", "--quiet"),
)


class FormattingError(RuntimeError):
    """ruff refused a generated file: a template produced invalid Python."""


def format_python(files: dict[str, str]) -> dict[str, str]:
    """Return ``files`` (relative path -> text) with every ``*.py`` and ``*.md`` file
    ruff-formatted."""
    sources = {name: text for name, text in files.items() if name.endswith((".py", ".md"))}
    entries = _cache_entries(sources)
    formatted: dict[str, str] = {}
    for name, entry in entries.items():
        cached = read_entry(entry)
        if cached is not None and name in cached:
            formatted[name] = cached[name]
    missing = {name: text for name, text in sources.items() if name not in formatted}
    if missing:
        for name, text in _run_ruff(missing).items():
            formatted[name] = text
            write_entry(entries.get(name), {name: text})
    return {name: formatted.get(name, text) for name, text in files.items()}


def _run_ruff(sources: dict[str, str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="eachlabs-gen-") as tmp:
        root = Path(tmp)
        for name, text in sources.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for command in RUFF_COMMANDS:
            result = subprocess.run(
                [find_ruff_bin(), *command, *RUFF_ARGS, "--no-cache", str(root)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise FormattingError(result.stderr.replace(str(root) + "/", "") or result.stdout)
        return {name: (root / name).read_text(encoding="utf-8") for name in sources}


def _cache_entries(sources: dict[str, str]) -> dict[str, Path]:
    """Where the formatted form of each file (this path, this text, this ruff) is cached;
    empty when the cache is off."""
    directory = cache_dir("format")
    if directory is None:
        return {}
    entries = {}
    for name, text in sources.items():
        digest = hashlib.sha256(_ruff_key())
        add_named(digest, name, text.encode())
        entries[name] = directory / f"{digest.hexdigest()}.json"
    return entries


@functools.cache
def _ruff_key() -> bytes:
    """What formatting depends on besides the file: the ruff binary (an upgrade replaces it)
    and the arguments it runs with."""
    binary = find_ruff_bin()
    stat = os.stat(binary)
    mark = [str(binary), stat.st_size, stat.st_mtime_ns, RUFF_ARGS, RUFF_COMMANDS]
    return json.dumps(mark).encode()
