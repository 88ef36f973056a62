"""Running the ``eachlabs`` command as a person or a script would: subprocesses and a terminal."""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pexpect
import pyte

from generator.spec import ModelSpec, Spec

ROOT = Path(__file__).resolve().parents[2]
MINIMAL_SPEC = ROOT / "tests" / "fixtures" / "specs" / "minimal"
MINIMAL_PACKAGE = ROOT / "tests" / "golden" / "minimal"
"""The package generated from the minimal spec (a golden copy kept current by the generator tests)."""
WAN = "alibaba-wan-2-7-image-to-video"
TONE = "acme-tone-1.5"
FRAME = "https://example.com/frame.png"
KEY = "cli-test-key"
COMMAND = [sys.executable, "-m", "eachlabs"]
BIG = bytes(range(256)) * 10_000
"""2.56 MB served by the ``file_server`` fixture: large enough for a download progress bar."""

NOWHERE = ("--api-key", "unused", "--base-url", "http://127.0.0.1:9/v1")
"""Connection options under which a request that should not be sent fails loudly."""

T = TypeVar("T")
Case = tuple[ModuleType, Spec]
"""A generated ``_cli`` package and the spec it was generated from."""


def models(case: Case) -> Iterator[tuple[ModuleType, ModelSpec]]:
    """(the ``_cli`` package, model) for every model of the case's spec."""
    cli, spec = case
    for model in spec.models.values():
        yield cli, model


def call(cli: ModuleType, *argv: str) -> tuple[int, str, str]:
    """``main(argv)`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def cli_env(
    base_url: str, *, key: str = KEY, key_var: str = "EACHLABS_API_KEY", package: Path | None = None
) -> dict[str, str]:
    """The environment of a CLI process: the mock's URL, an API key, unbuffered output.

    ``package`` puts another generated ``eachlabs`` package (e.g. the minimal spec's) first
    on the import path.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("EACHLABS_")}
    env.update({"EACHLABS_BASE_URL": base_url, key_var: key, "PYTHONUNBUFFERED": "1"})
    if package is not None:
        env["PYTHONPATH"] = str(package)
    return env


def run_cli(
    *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``eachlabs ARGS`` to the end, output captured (stdout is not a terminal)."""
    return subprocess.run(
        [*COMMAND, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def start_cli(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.Popen[str]:
    """Start ``eachlabs ARGS`` in the background, output captured."""
    return subprocess.Popen(
        [*COMMAND, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def command_args(command: str) -> list[str]:
    """The arguments of an ``eachlabs ...`` command line printed by the CLI."""
    program, *args = shlex.split(command)
    assert program == "eachlabs", command
    return args


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 20.0) -> T:
    """The first truthy result of ``probe``, polled until ``timeout`` (then the test fails)."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


class Terminal:
    """``eachlabs ARGS`` in a pseudo-terminal, with the screen a person would see."""

    def __init__(self, *args: str, env: dict[str, str], columns: int = 120, rows: int = 40) -> None:
        self.child = pexpect.spawn(
            COMMAND[0], [*COMMAND[1:], *args], env=env, dimensions=(rows, columns), timeout=30
        )
        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self.screen)
        self.raw = b""

    def lines(self) -> list[str]:
        """The non-empty lines on screen, right-trimmed."""
        return [line.rstrip() for line in self.screen.display if line.strip()]

    def text(self) -> str:
        """The screen as text."""
        return "\n".join(self.lines())

    def read_until(self, predicate: Callable[[Terminal], bool], what: str) -> None:
        """Read output until ``predicate(self)`` holds (the test fails at EOF or after 30 s)."""
        deadline = time.monotonic() + 30
        while not predicate(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{self.text()}")
            try:
                self._feed(self.child.read_nonblocking(65536, timeout=1))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                raise AssertionError(
                    f"the command ended before {what}; screen:\n{self.text()}"
                ) from None

    def interrupt(self) -> None:
        """Press Ctrl-C."""
        self.child.sendintr()

    def finish(self) -> int:
        """Read to the end; returns the exit status."""
        while True:
            try:
                self._feed(self.child.read_nonblocking(65536, timeout=30))
            except pexpect.EOF:
                break
        self.child.wait()
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return int(self.child.exitstatus)

    def _feed(self, data: bytes) -> None:
        self.raw += data
        self._stream.feed(data)
