"""Shared pieces of the benchmarks: repeated timing, machine facts, result files.

Every benchmark script measures the project and its reference in the same run and saves
one JSON result under ``bench/.work/results/``; ``bench/report.py`` turns those into
``bench/RESULTS.md``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
RESULTS = WORK / "results"


@dataclass(frozen=True)
class Stat:
    """Median and spread (min, max) of repeated measurements of one quantity."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stat:
        """The statistics of ``values`` (at least one)."""
        return cls(statistics.median(values), min(values), max(values), len(values))

    def spread(self) -> float:
        """(max - min) / median: the relative spread of the runs."""
        return (self.high - self.low) / self.median if self.median else 0.0


@dataclass
class Result:
    """What one benchmark script measured: rows of figures plus notes."""

    name: str
    title: str
    command: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)

    def goal(self, what: str, value: float, target: str, met: bool) -> None:
        """Record a goal from the issue: ``value`` against ``target``."""
        self.goals.append({"what": what, "value": value, "target": target, "met": met})

    def save(self) -> Path:
        """Write the result to ``bench/.work/results/<name>.json``."""
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.name}.json"
        data = asdict(self)
        data["machine"] = machine()
        data["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        path.write_text(json.dumps(data, indent=2) + "\n")
        return path


def rate(calls: int, seconds: Callable[[], float], repeats: int) -> Stat:
    """Calls per second over ``repeats`` runs of ``seconds()`` (which times ``calls`` calls)."""
    return Stat.of([calls / seconds() for _ in range(repeats)])


def machine() -> dict[str, Any]:
    """The facts about this machine that a figure depends on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def command() -> str:
    """The command line that ran this script, for the results file."""
    return " ".join(["python", *sys.argv])
