"""Options and hypothesis profiles shared by the test suites."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
"""The default: few examples, the same ones on every run, nothing written to disk."""
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    print_blob=True,
    stateful_step_count=100,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Deep runs (``--hypothesis-profile=thorough``): random, and remembering failures in .hypothesis/."""
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
