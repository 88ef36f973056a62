"""Generator wall time for 1, 10 and 100 models against openapi-python-client.

Synthetic specs: ``spec/platform.yaml`` plus N copies of the Wan 2.7 model under new slugs.
For each N, ``eachlabs-gen generate`` renders the spec into an empty directory (templates,
ruff formatting, OpenAPI document), and openapi-python-client generates a client from the
``openapi.json`` that run produced (the same API, same models), into an empty directory,
with its default ruff post-hooks. Both are timed as whole commands, interpreter start
included, as a user runs them.

Goal (issue 6): at least 10x faster; time grows linearly with models.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Result, Stat, command

SOURCE_MODEL = "alibaba-wan-2-7-image-to-video"
SOURCE_TITLE = "Alibaba | Wan 2.7 | Image to Video"
SIZES = (1, 10, 100)


def synthetic_spec(root: Path, models: int) -> Path:
    """A spec directory with ``models`` copies of the Wan 2.7 model."""
    spec = root / f"spec-{models}"
    (spec / "models").mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "platform.yaml", spec / "platform.yaml")
    text = (ROOT / "spec" / "models" / f"{SOURCE_MODEL}.yaml").read_text()
    for index in range(models):
        slug = f"synthetic-model-{index:03d}"
        copy = text.replace(SOURCE_MODEL, slug).replace(SOURCE_TITLE, f"Synthetic model {index}")
        (spec / "models" / f"{slug}.yaml").write_text(copy)
    return spec


def timed(args: list[str], cwd: Path) -> float:
    """Wall seconds of one run of ``args`` (which must succeed)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    gen, opc = str(bin_dir / "eachlabs-gen"), str(bin_dir / "openapi-python-client")
    result = Result("generator_speed", "Generator wall time vs openapi-python-client", command())
    ours: dict[int, Stat] = {}
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as tmp:
        root = Path(tmp)
        for models in SIZES:
            spec = synthetic_spec(root, models)
            ours_runs, reference_runs = [], []
            for run in range(args.repeats):
                out = root / f"out-{models}-{run}"
                ours_runs.append(
                    timed([gen, "generate", "--spec", str(spec), "--out", str(out)], root)
                )
                target = root / f"opc-{models}-{run}"
                reference_runs.append(
                    timed(
                        [
                            opc,
                            "generate",
                            "--path",
                            str(out / "openapi.json"),
                            "--meta",
                            "none",
                            "--output-path",
                            str(target),
                        ],
                        root,
                    )
                )
            mine, theirs = Stat.of(ours_runs), Stat.of(reference_runs)
            ours[models] = mine
            files = sum(1 for p in (root / f"out-{models}-0").rglob("*") if p.is_file())
            result.rows.append(
                {
                    "models": models,
                    "eachlabs-gen s (median)": round(mine.median, 3),
                    "min": round(mine.low, 3),
                    "max": round(mine.high, 3),
                    "openapi-python-client s (median)": round(theirs.median, 3),
                    "opc min": round(theirs.low, 3),
                    "opc max": round(theirs.high, 3),
                    "speed-up": round(theirs.median / mine.median, 1),
                    "files written": files,
                }
            )
            result.goal(
                f"{models} models: openapi-python-client / eachlabs-gen",
                round(theirs.median / mine.median, 1),
                ">= 10",
                theirs.median / mine.median >= 10,
            )
    per_model_small = (ours[10].median - ours[1].median) / 9
    per_model_large = (ours[100].median - ours[10].median) / 90
    linear = per_model_large <= 1.5 * per_model_small
    result.goal(
        "seconds per extra model, 10->100 vs 1->10",
        round(per_model_large / per_model_small, 2) if per_model_small > 0 else 0.0,
        "<= 1.5 (linear)",
        linear,
    )
    result.notes.append(
        f"Per extra model: {per_model_small * 1000:.1f} ms (1->10), "
        f"{per_model_large * 1000:.1f} ms (10->100)."
    )
    print(json.dumps(result.rows, indent=1))
    print(json.dumps(result.goals, indent=1))
    result.save()


if __name__ == "__main__":
    main()
