"""The fixture spec renders to exactly the files committed under ``tests/golden/minimal``.

After an intended template change: ``pytest tests/generator --update-golden`` and review the diff.
"""

from __future__ import annotations

import difflib

import pytest
from generator_support import GOLDEN

from generator import output


def test_generated_files_match_golden(minimal_files: dict[str, str], update_golden: bool) -> None:
    if update_golden:
        changed = output.write(minimal_files, GOLDEN)
        pytest.skip(f"golden files updated: {', '.join(changed) or 'none changed'}")
    stale = output.compare(minimal_files, GOLDEN)
    report = []
    for item in stale:
        golden = GOLDEN / item.path
        expected = (
            golden.read_text(encoding="utf-8").splitlines(keepends=True) if golden.is_file() else []
        )
        actual = minimal_files.get(item.path, "").splitlines(keepends=True)
        diff = difflib.unified_diff(
            expected, actual, f"golden/{item.path}", f"rendered/{item.path}"
        )
        report.append(f"{item}\n{''.join(diff)}")
    assert not stale, (
        "generated output differs from tests/golden/minimal "
        "(run `pytest tests/generator --update-golden` if intended):\n\n" + "\n".join(report)
    )
