"""In-process mock: ``run()`` round trips per second through the generated client.

``run()`` is one create and one poll (the mock runs with ``time_scale=0``, so a prediction
has finished by its first poll): the generated client (``mock.client()``, which sleeps on the
mock's virtual clock as the pytest fixtures' clients do) validates the input, sends both requests
through httpx to the respx-backed in-process mock, which validates, stores, rate-limits and
answers. The reference sends the same two requests with raw httpx to respx routes that return
a constant body: the floor for anything built on httpx + respx.

Goal (issue 6): overhead at most 1.5x (reference rate / our rate).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import httpx
import respx
from _common import ROOT, Result, command, rate

from generator.spec import load_spec
from mockserver.config import MockConfig
from mockserver.inprocess import InProcessMock

BASE = "https://api.eachlabs.ai/v1"
FRAME = "https://example.com/frame.png"
BODY = {"model": "alibaba-wan-2-7-image-to-video", "input": {"first_frame": FRAME}}
CREATED = {"status": "success", "message": "Prediction created successfully", "predictionID": "p1"}
DONE = {
    "predictionID": "p1",
    "status": "success",
    "output": "https://api.eachlabs.ai/_mock/files/p1.mp4",
    "metrics": {"predict_time": 0.0},
}
ROUNDS = 2000


def ours(rounds: int) -> Callable[[], float]:
    """Seconds for ``rounds`` ``run()`` calls against the in-process mock."""
    spec = load_spec(ROOT / "spec")

    def seconds() -> float:
        # The client sleeps on the mock's virtual clock (as the pytest fixtures' clients do):
        # its polls keep a minimum gap, which on the real clock would be what is measured.
        with InProcessMock(spec, MockConfig(time_scale=0)) as mock, mock.client() as client:
            wan = client.alibaba_wan_2_7_image_to_video
            start = time.perf_counter()
            for index in range(rounds):
                if index % 100 == 99:  # stay under 100 creates per minute
                    mock.clock.advance(60)
                wan.run(first_frame=FRAME)
            return time.perf_counter() - start

    return seconds


def reference(rounds: int) -> Callable[[], float]:
    """Seconds for ``rounds`` raw httpx create + poll pairs against constant respx routes."""

    def seconds() -> float:
        with respx.mock(base_url=BASE) as router, httpx.Client(base_url=BASE) as client:
            router.post("/prediction/").respond(json=CREATED)
            router.get("/prediction/p1").respond(json=DONE)
            headers = {"X-API-Key": "bench"}
            start = time.perf_counter()
            for _ in range(rounds):
                created = client.post("/prediction/", json=BODY, headers=headers).json()
                client.get(f"/prediction/{created['predictionID']}", headers=headers).json()
            return time.perf_counter() - start

    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    result = Result("inprocess", "In-process mock: run() round trips/s", command())
    stats = {}
    for name, timer in (
        ("generated client + in-process mock", ours(ROUNDS)),
        ("raw httpx + constant respx routes", reference(ROUNDS)),
    ):
        timer()  # warm-up
        stats[name] = rate(ROUNDS, timer, args.repeats)
        stat = stats[name]
        result.rows.append(
            {
                "what": name,
                "round trips/s (median)": round(stat.median),
                "min": round(stat.low),
                "max": round(stat.high),
                "runs": stat.runs,
            }
        )
    overhead = (
        stats["raw httpx + constant respx routes"].median
        / stats["generated client + in-process mock"].median
    )
    result.goal(
        "overhead (reference rate / our rate)", round(overhead, 2), "<= 1.5", overhead <= 1.5
    )
    print(json.dumps(result.rows, indent=1))
    print(json.dumps(result.goals, indent=1))
    result.save()


if __name__ == "__main__":
    main()
