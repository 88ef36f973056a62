"""Options shared by the test suites."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current templates and importers instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    """Whether to rewrite the golden files (``--update-golden`` or ``UPDATE_GOLDEN=1``)."""
    return bool(pytestconfig.getoption("--update-golden")) or os.environ.get("UPDATE_GOLDEN") == "1"
