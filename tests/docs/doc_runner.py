"""Running a page's examples: Python blocks in one namespace, console blocks in bash.

Examples are written for a mock on the default port (``http://127.0.0.1:8000``); the runner
points them at the live mock of the test session and shows its address back as port 8000
in the output it compares. Console output is compared like a doctest: ``...`` stands for
any text, and runs of whitespace are equal.
"""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_examples import Block, Command, blocks, commands

ROOT = Path(__file__).resolve().parents[2]
SHOWN_ORIGIN = "http://127.0.0.1:8000"
"""Where the examples say the mock is (``eachlabs-mock``'s default port)."""
SEPARATOR = "\x1e"
CHECKER = doctest.OutputChecker()
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass
class PageRun:
    """Runs the blocks of one page in ``work`` against the mock at ``origin``."""

    work: Path
    origin: str
    env: dict[str, str]
    namespace: dict[str, Any] = field(default_factory=dict)

    def run(self, path: Path) -> int:
        """Run every runnable block of ``path`` in order; returns how many ran."""
        ran = 0
        for block in blocks(path):
            if not block.runs:
                continue
            ran += 1
            if block.file is not None:
                target = self.work / block.file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.text, encoding="utf-8")
            elif block.language == "python":
                self.python(block)
            else:
                self.console(block)
        return ran

    def python(self, block: Block) -> None:
        """Execute the block (its line numbers are the page's, for tracebacks)."""
        source = "\n" * block.line + self._to_live(block.text)
        exec(compile(source, str(block.path), "exec"), self.namespace)

    def console(self, block: Block) -> None:
        """Run the block's commands in one bash session; compare each output."""
        steps = commands(block)
        script = ["__rc=0"]
        for step in steps:
            script.append(
                f"(exit $__rc); {{ {self._to_live(step.command)}\n}} 2>&1; __rc=$?;"
                f" printf '{SEPARATOR}\\n'"
            )
        result = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.stderr == "", f"{block.where}: bash said: {result.stderr}"
        outputs = result.stdout.split(SEPARATOR + "\n")
        assert len(outputs) == len(steps) + 1, f"{block.where}: {result.stdout!r}"
        for step, output in zip(steps, outputs, strict=False):
            self._compare(block, step, output.replace(self.origin, SHOWN_ORIGIN))

    def _to_live(self, text: str) -> str:
        return text.replace(SHOWN_ORIGIN, self.origin)

    @staticmethod
    def _compare(block: Block, step: Command, output: str) -> None:
        if CHECKER.check_output(step.expected, output, OPTIONS):
            return
        example = doctest.Example(step.command, step.expected)
        difference = CHECKER.output_difference(example, output, OPTIONS)
        raise AssertionError(f"{block.path}:{step.line}: $ {step.command}\n{difference}")


def docs_env(base_url: str, api_key: str) -> dict[str, str]:
    """The environment examples run in: the mock's URL and a key, this Python's scripts first."""
    scripts = Path(sys.executable).parent
    env = {name: value for name, value in os.environ.items() if not name.startswith("EACHLABS_")}
    env.update(
        {
            "EACHLABS_BASE_URL": base_url,
            "EACHLABS_API_KEY": api_key,
            "PATH": f"{scripts}{os.pathsep}{env.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",
            "COLUMNS": "100",
        }
    )
    return env
