"""Contract test throughput: hypothesis examples per second of the create properties.

Runs the contract properties that create predictions on the in-process mock (valid inputs
answered 200; inputs breaking one named constraint answered 400 with the same violations as
the generated validator), and the generated validator's own property for scale, for Wan 2.7,
with the CI profile's settings (derandomized, no example database). Reported, no goal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from _common import ROOT, Result, Stat, command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "tests"))

from contract.properties import (
    GENERATED_NAMES_BROKEN,
    MOCK_ACCEPTS_VALID,
    MOCK_NAMES_BROKEN,
    Property,
)
from contract.targets import Target, targets

MODEL = "spec:alibaba-wan-2-7-image-to-video"
EXAMPLES = 500


def examples_per_second(prop: Property, target: Target) -> float:
    """Run ``prop`` for :data:`EXAMPLES` examples; examples checked per second."""
    ran = 0

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        nonlocal ran
        prop.run(target, data)
        ran += 1

    start = time.perf_counter()
    run()
    return ran / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    target = next(t for t in targets() if t.id == MODEL)
    result = Result("contract", f"Contract test throughput ({MODEL.split(':')[1]})", command())
    for prop in (MOCK_ACCEPTS_VALID, MOCK_NAMES_BROKEN, GENERATED_NAMES_BROKEN):
        stat = Stat.of([examples_per_second(prop, target) for _ in range(args.repeats)])
        result.rows.append(
            {
                "property": prop.name,
                "examples/s (median)": round(stat.median),
                "min": round(stat.low),
                "max": round(stat.high),
                "examples per run": EXAMPLES,
                "runs": stat.runs,
            }
        )
    result.notes.append(
        "Each example draws an input from the spec-derived strategies (tests/contract/) and "
        "checks it; the mock properties send a create through httpx to the in-process mock."
    )
    print(json.dumps(result.rows, indent=1))
    result.save()


if __name__ == "__main__":
    main()
