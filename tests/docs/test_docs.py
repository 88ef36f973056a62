"""Every page of documentation runs: its examples are executed against the mock.

A page's ```` ```python ```` blocks run in order in one namespace, its ```` ```console ````
blocks in bash with their output compared, and blocks that cannot run are marked
``no-run`` (see :mod:`markdown_examples`). Each page runs in a fresh directory holding a
copy of ``spec/``, with ``EACHLABS_BASE_URL`` pointing at a fresh mock.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from doc_runner import ROOT, PageRun, docs_env
from markdown_examples import blocks

from mockserver.pytest_plugin import LiveMock

PAGES = [
    "README.md",
    "spec/README.md",
    "generator/README.md",
    "mockserver/README.md",
    "generated/README.md",
    "generated/CLI.md",
]
API_KEY = "docs-key"


@pytest.mark.parametrize("page", PAGES)
def test_every_block_runs_or_says_why_not(page: str) -> None:
    found = blocks(ROOT / page)
    unmarked = [b.where for b in found if not b.runs and "no-run" not in b.options]
    assert not unmarked, f"mark these blocks `no-run` or make them runnable: {unmarked}"
    assert any(block.runs for block in found), f"{page} has no example the tests run"


@pytest.mark.parametrize("page", PAGES)
def test_examples_run(
    page: str, docs_mock: LiveMock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    shutil.copytree(ROOT / "spec", work / "spec")
    env = docs_env(docs_mock.base_url, API_KEY)
    assert (Path(env["PATH"].split(":")[0]) / "eachlabs").exists(), (
        "the `eachlabs` command is not installed: pip install -e ./generated"
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(work)
    docs_mock.reset()
    assert PageRun(work, docs_mock.origin, env).run(ROOT / page) > 0


def test_the_readme_links_every_page() -> None:
    links = set(re.findall(r"\]\(([^)#]+)", (ROOT / "README.md").read_text()))
    assert set(PAGES[1:]) <= links
