"""Developer sessions: ``nox`` runs lint, typecheck, generate_check and tests.

``nox -s demo`` regenerates the client and runs it end to end against the mock.
"""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["lint", "typecheck", "generate_check", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
INSTALL = ("-e", ".[dev]", "-e", "./generated")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting of every Python file, generated code included."""
    session.install("ruff==0.17.5")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the generator, the mock and the generated client."""
    session.install(*INSTALL)
    session.run("mypy", "--strict", "generator", "mockserver")
    session.run("mypy", "--strict", "generated/")


@nox.session(name="generate_check", python=PYTHON)
def generate_check(session: nox.Session) -> None:
    """Fail when generated/ is not what the spec produces (hand edits, stale output)."""
    session.install("-e", ".")
    session.run("eachlabs-gen", "check")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite (pass pytest arguments after ``--``)."""
    session.install(*INSTALL)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Regenerate generated/ from spec/, then run the client end to end against the mock."""
    session.install(*INSTALL)
    session.run("eachlabs-gen", "generate")
    session.run("python", "-m", "mockserver.demo")


BENCHMARKS = ("validators", "mock_http", "inprocess", "generator_speed", "mock_memory", "contract")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks side by side with their references; writes bench/RESULTS.md.

    Needs wrk (installed with apt-get when missing and running as root) and npm (Prism is
    installed under bench/.work/ on first use). ``nox -s bench -- validators`` runs one.
    """
    session.install(*INSTALL, "-e", ".[bench]")
    if shutil.which("wrk") is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        session.run("apt-get", "install", "-y", "-q", "wrk", external=True)
    for name in session.posargs or BENCHMARKS:
        session.run("python", f"bench/{name}.py")
    session.run("python", "bench/report.py")
