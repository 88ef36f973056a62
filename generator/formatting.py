"""Format generated Python with ruff (pinned in pyproject.toml, so output is reproducible).

Markdown files are formatted too: ruff formats the Python examples in their code blocks.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

LINE_LENGTH = 100


class FormattingError(RuntimeError):
    """ruff refused a generated file: a template produced invalid Python."""


def format_python(files: dict[str, str]) -> dict[str, str]:
    """Return ``files`` (relative path -> text) with every ``*.py`` and ``*.md`` file
    ruff-formatted."""
    python = {name: text for name, text in files.items() if name.endswith((".py", ".md"))}
    if not python:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="eachlabs-gen-") as tmp:
        root = Path(tmp)
        for name, text in python.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        args = ["--isolated", "--line-length", str(LINE_LENGTH), "--target-version", "py311"]
        for command in (
            ["check", "--fix-only", "--select", "I,F401,UP", "--exit-zero", "--quiet"],
            ["format", "--quiet"],
        ):
            result = subprocess.run(
                [find_ruff_bin(), *command, *args, "--no-cache", str(root)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise FormattingError(result.stderr.replace(str(root) + "/", "") or result.stdout)
        formatted = {name: (root / name).read_text(encoding="utf-8") for name in python}
    return {name: formatted.get(name, text) for name, text in files.items()}
