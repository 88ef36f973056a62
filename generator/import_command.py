"""``eachlabs-gen import-doc`` / ``import-schema``: read a source, write a model file, report.

The file is written as ``<out>/<slug>.yaml`` (an existing file only with
``--force``), then loaded like any spec file: the command lists every review
marker and other problem with its position, and exits 1 when any remain, 0
when the file is ready for ``eachlabs-gen generate``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .importers import Draft, NotAModelPage, import_doc, import_schema, to_yaml
from .spec import SpecError, load_model


def import_page(page: Path, out: Path, force: bool) -> int:
    """Import a model page (markdown); returns the exit status."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {page}: {exc}")
    try:
        draft = import_doc(text, str(page))
    except NotAModelPage as exc:
        return _fail(str(exc))
    return _save(draft, out, force, page.stem)


def import_answer(answer: Path, out: Path, force: bool) -> int:
    """Import a ``GET /v1/model`` answer (JSON); returns the exit status."""
    try:
        data = json.loads(answer.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _fail(f"cannot read {answer} as JSON: {exc}")
    if not isinstance(data, dict):
        return _fail(f"{answer}: expected a JSON object (a GET /v1/model answer)")
    return _save(import_schema(data, str(answer)), out, force, answer.stem)


def _save(draft: Draft, out: Path, force: bool, fallback: str) -> int:
    target = out / f"{draft.slug or fallback}.yaml"
    if target.exists() and not force:
        return _fail(f"{target} exists; pass --force to overwrite it")
    out.mkdir(parents=True, exist_ok=True)
    target.write_text(to_yaml(draft), encoding="utf-8")
    print(f"wrote {target}")
    for note in draft.notes:
        print(f"note: {note}")
    try:
        load_model(target)
    except SpecError as exc:
        print(f"{target} needs review: {len(exc.issues)} item(s) to resolve:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    print(f"{target} is ready: run `eachlabs-gen generate`")
    return 0


def _fail(message: str) -> int:
    print(f"eachlabs-gen: {message}", file=sys.stderr)
    return 2
