"""Mock memory: RSS while predictions keep coming, with expiry on and off.

Each configuration runs in a fresh process: one mock engine on a virtual clock receives
100,000 creates per virtual hour (spread evenly, over 1,000 API keys so no create is rate
limited), for three hours. RSS and the number of stored predictions are read after each hour.
With expiry on (the default ``ttl`` of 3600 s), finished predictions are dropped an hour after
they finish, so memory must be flat from the first hour on; with expiry off it grows with every
prediction. The HTTP layer keeps no per-prediction state (its request log is a ring buffer),
so the engine alone is measured.

Goal (issue 6): bounded, flat after expiry.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

from _common import ROOT, Result, command

PER_HOUR = 100_000
HOURS = 3
KEYS = 1000


def rss_mib() -> float:
    """This process's resident set size in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def child(ttl: float) -> list[dict[str, Any]]:
    """Run the load in this process; one row per virtual hour."""
    from generator.spec import load_spec
    from mockserver.clock import VirtualClock
    from mockserver.config import MockConfig
    from mockserver.engine import Engine

    clock = VirtualClock()
    engine = Engine(load_spec(ROOT / "spec"), MockConfig(ttl=ttl, seed=1), clock)
    body = {
        "model": "alibaba-wan-2-7-image-to-video",
        "input": {"first_frame": "https://example.com/frame.png", "duration": 5},
    }
    step = 3600 / PER_HOUR
    gc.collect()
    rows = [{"hour": 0, "created": 0, "stored": 0, "rss MiB": round(rss_mib(), 1)}]
    created = 0
    for hour in range(1, HOURS + 1):
        for _ in range(PER_HOUR):
            clock.advance(step)
            engine.create(f"key-{created % KEYS}", body, "http://127.0.0.1:8000")
            created += 1
        engine.tick()
        gc.collect()
        stats = engine.stats()
        rows.append(
            {
                "hour": hour,
                "created": created,
                "stored": stats["predictions"],
                "rss MiB": round(rss_mib(), 1),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return
    result = Result(
        "mock_memory",
        f"Mock memory: {PER_HOUR:,} creates per virtual hour for {HOURS} hours",
        command(),
    )
    series: dict[str, list[dict[str, Any]]] = {}
    for label, ttl in (("expiry on (ttl 3600 s)", 3600.0), ("expiry off", math.inf)):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(ttl)],
            capture_output=True,
            text=True,
            check=True,
        )
        series[label] = json.loads(out.stdout)
        for row in series[label]:
            result.rows.append({"expiry": label, **row})
    on, off = series["expiry on (ttl 3600 s)"], series["expiry off"]
    growth = on[-1]["rss MiB"] / on[1]["rss MiB"]
    result.goal(
        "expiry on: RSS after hour 3 / after hour 1",
        round(growth, 2),
        "<= 1.1 (flat)",
        growth <= 1.1,
    )
    result.notes.append(
        f"Expiry off after {HOURS} hours: {off[-1]['rss MiB']} MiB for {off[-1]['stored']:,} "
        f"predictions; expiry on: {on[-1]['rss MiB']} MiB for {on[-1]['stored']:,}."
    )
    print(json.dumps(result.rows, indent=1))
    print(json.dumps(result.goals, indent=1))
    result.save()


if __name__ == "__main__":
    main()
