"""Format generated Python with ruff (pinned in pyproject.toml, so output is reproducible).

Markdown files are formatted too: ruff formats the Python examples in their code blocks.
The formatted files are cached by the exact text given and the ruff version (see
:mod:`generator.cache`): generating an unchanged spec again runs no ruff at all.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from importlib.metadata import version
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
    if not sources:
        return dict(files)
    entry = _cache_entry(sources)
    formatted = read_entry(entry)
    if formatted is None:
        formatted = _run_ruff(sources)
        write_entry(entry, formatted)
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


def _cache_entry(sources: dict[str, str]) -> Path | None:
    """Where the formatted form of exactly these files (with this ruff) is cached."""
    directory = cache_dir("format")
    if directory is None:
        return None
    digest = hashlib.sha256(json.dumps([version("ruff"), RUFF_ARGS, RUFF_COMMANDS]).encode())
    for name in sorted(sources):
        add_named(digest, name, sources[name].encode())
    return directory / f"{digest.hexdigest()}.json"
