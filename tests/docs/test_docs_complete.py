"""Each page documents everything its tool has: flags, routes, fixtures, exit codes.

The lists come from the code itself, so a flag, route or fixture added without its
documentation fails here.
"""

from __future__ import annotations

import argparse
import inspect
import re

import pytest
from doc_runner import ROOT
from eachlabs._cli._errors import MEANINGS

import generator.cli
import mockserver.cli
import mockserver.pytest_plugin
from generator.spec import load_spec
from mockserver.clock import VirtualClock
from mockserver.config import MockConfig
from mockserver.control import Control
from mockserver.engine import Engine
from mockserver.faults import FaultSettings
from mockserver.outcomes import Outcome

MOCK_PAGE = (ROOT / "mockserver" / "README.md").read_text()


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")}


def test_every_mock_flag_is_documented() -> None:
    flags = _options(mockserver.cli.parser()) - {"--help"}
    assert flags, "no flags found"
    rows = set(re.findall(r"^\| `(--[a-z-]+)", MOCK_PAGE, re.MULTILINE))
    assert flags <= rows, f"undocumented eachlabs-mock flags: {sorted(flags - rows)}"


def test_every_control_route_is_documented() -> None:
    control = Control(Engine(load_spec(ROOT / "spec"), MockConfig(), VirtualClock()))
    routes = {(method, f"/_mock/{path}") for method, path in control._static}
    # answered outside the static table: one prediction, its outcome, the output files
    routes |= {
        ("GET", "/_mock/predictions/{id}"),
        ("POST", "/_mock/predictions/{id}/outcome"),
        ("GET", "/_mock/files/{name}"),
    }
    rows = set(re.findall(r"^\| (GET|POST|PUT|DELETE) \| `([^`]+)`", MOCK_PAGE, re.MULTILINE))
    assert routes <= rows, f"undocumented control routes: {sorted(routes - rows)}"


@pytest.mark.parametrize(
    ("what", "names"),
    [
        ("outcome fields", [f for f in Outcome.__slots__ if f != "kind"] + ["outcome"]),
        ("fault settings", list(FaultSettings().to_json())),
        ("MockConfig fields", list(MockConfig.__dataclass_fields__)),
        (
            "pytest fixtures",
            [
                name
                for name, value in inspect.getmembers(mockserver.pytest_plugin)
                if hasattr(value, "_fixture_function_marker")
                or hasattr(value, "_pytestfixturefunction")
            ],
        ),
    ],
)
def test_the_mock_page_names_every(what: str, names: list[str]) -> None:
    assert names, f"no {what} found"
    missing = [name for name in names if f"`{name}`" not in MOCK_PAGE]
    assert not missing, f"{what} missing from mockserver/README.md: {missing}"


def test_every_generator_command_is_documented() -> None:
    page = (ROOT / "generator" / "README.md").read_text()
    parser = generator.cli._parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in commands.choices.items():
        assert f"`eachlabs-gen {name} " in page, f"eachlabs-gen {name} is not documented"
        for option in _options(command) - {"--help"}:
            assert f"{option} " in page, f"eachlabs-gen {name} {option} is not documented"


def test_cli_page_lists_every_exit_status() -> None:
    page = (ROOT / "generated" / "CLI.md").read_text()
    rows = dict(re.findall(r"^\| (\d+) \| (.+) \|$", page, re.MULTILINE))
    assert {int(code): text.replace("`", "") for code, text in rows.items()} == {
        int(code): meaning for code, meaning in MEANINGS.items()
    }
