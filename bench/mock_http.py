"""The mock over loopback: create and poll requests/s and latency, against Prism and a bare app.

Three servers, each in its own process, each loaded in turn by ``wrk`` (a separate load
generator process, one thread, 127.0.0.1 only, bounded by duration):

- ``eachlabs-mock``: this project's mock (virtual clock, so polled predictions stay
  ``processing`` and every request does the same work);
- Prism (``@stoplight/prism-cli`` from npm) mocking ``generated/openapi.json``;
- a bare uvicorn app answering a fixed JSON body: the ceiling of the stack the mock runs on.

Creates send a valid Wan 2.7 request with a new API key each time (each key is its own tenant
on the mock, so no create is rate limited); polls GET one prediction.

Goal (issue 6): at least 2x Prism; at least 50% of the bare ceiling.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from _common import ROOT, WORK, Result, Stat, command

PRISM_VERSION = "5.16.0"
MODEL = "alibaba-wan-2-7-image-to-video"
CREATE_BODY = json.dumps(
    {"model": MODEL, "input": {"first_frame": "https://example.com/frame.png"}}
)
CREATE_SCRIPT = """
wrk.method = "POST"
wrk.body = '%s'
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
  counter = counter + 1
  wrk.headers["X-API-Key"] = "bench-" .. counter
  return wrk.format(nil, "%s")
end
"""
POLL_SCRIPT = """
wrk.headers["X-API-Key"] = "bench-poll"
request = function() return wrk.format("GET", "%s") end
"""


@dataclass(frozen=True)
class Run:
    """One wrk run: requests per second, latency percentiles in ms, non-2xx count."""

    rps: float
    p50: float
    p99: float
    errors: int


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def process(args: list[str], url: str | None = None) -> Iterator[str]:
    """Run a server; yields its base URL (its first stdout line when ``url`` is None)."""
    proc = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert proc.stdout is not None
        if url is None:
            url = proc.stdout.readline().strip()
        wait_listening(url)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_listening(url: str, timeout: float = 60.0) -> None:
    """Block until ``url``'s port accepts connections."""
    parts = httpx.URL(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((parts.host, parts.port or 80), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens at {url}")


def prism_binary() -> Path:
    """Prism's launcher, installed under bench/.work/prism on first use."""
    prefix = WORK / "prism"
    binary = prefix / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install Prism (@stoplight/prism-cli)")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(prefix),
                f"@stoplight/prism-cli@{PRISM_VERSION}",
            ],
            check=True,
        )
    return binary


def wrk(url: str, path: str, script: str, seconds: float, connections: int) -> Run:
    """One wrk run against ``url`` + ``path`` with a Lua ``script``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "--latency",
                "-s",
                lua.name,
                url + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(lua.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Run(
        rps, _percentile(out, "50"), _percentile(out, "99"), int(non_2xx.group(1)) if non_2xx else 0
    )


def _percentile(out: str, which: str) -> float:
    match = re.search(rf"^\s+{which}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    assert match, out
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def poll_path(url: str, prefix: str, server: str) -> str:
    """The GET path to poll: a real prediction on the mock, any id elsewhere."""
    if server != "eachlabs-mock":
        return f"{prefix}/prediction/0f8e5c6e-poll"
    created = httpx.post(
        f"{url}/prediction/",
        content=CREATE_BODY,
        headers={"X-API-Key": "bench-poll", "Content-Type": "application/json"},
    )
    created.raise_for_status()
    return f"{prefix}/prediction/{created.json()['predictionID']}"


def servers() -> dict[str, list[str]]:
    """How to start each server: a command line printing its base URL."""
    return {
        "eachlabs-mock": [
            sys.executable,
            "-m",
            "mockserver.cli",
            "--port",
            "0",
            "--clock",
            "virtual",
            "--seed",
            "1",
        ],
        "bare uvicorn": [sys.executable, str(ROOT / "bench" / "bare_asgi.py")],
    }


def server_stack() -> str:
    """The HTTP parser and event loop uvicorn picks here (its ``auto`` choice) for both the
    mock and the bare app: the figures depend on them."""
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return (
        f"uvicorn {uvicorn.__version__} with {http} and the {loop} event loop serves "
        "the mock and the bare app."
    )


def measure(repeats: int, seconds: float, connections: int) -> Result:
    result = Result(
        "mock_http",
        f"Mock over loopback (wrk, 1 thread, {connections} connections, {seconds:g} s per run)",
        command(),
    )
    runs: dict[tuple[str, str], list[Run]] = {}
    targets = list(servers().items())
    prism_port = free_port()
    targets.append(
        (
            "prism",
            [
                str(prism_binary()),
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                str(prism_port),
                "--errors",
                str(ROOT / "generated" / "openapi.json"),
            ],
        )
    )
    for name, args in targets:
        url = f"http://127.0.0.1:{prism_port}" if name == "prism" else None
        with process(args, url) as base:
            prefix = httpx.URL(base).path.rstrip("/")
            origin = base[: len(base) - len(prefix)] if prefix else base
            scripts = {
                "create": CREATE_SCRIPT % (CREATE_BODY, f"{prefix}/prediction/"),
                "poll": POLL_SCRIPT % poll_path(base, prefix, name),
            }
            for scenario, script in scripts.items():
                wrk(origin, "/", script, 1, connections)  # warm-up
                runs[name, scenario] = [
                    wrk(origin, "/", script, seconds, connections) for _ in range(repeats)
                ]
    for (name, scenario), measured in runs.items():
        rps = Stat.of([r.rps for r in measured])
        result.rows.append(
            {
                "server": name,
                "requests": scenario,
                "req/s (median)": round(rps.median),
                "min": round(rps.low),
                "max": round(rps.high),
                "p50 ms": round(Stat.of([r.p50 for r in measured]).median, 2),
                "p99 ms": round(Stat.of([r.p99 for r in measured]).median, 2),
                "non-2xx": sum(r.errors for r in measured),
                "runs": rps.runs,
            }
        )
    for scenario in ("create", "poll"):
        ours = Stat.of([r.rps for r in runs["eachlabs-mock", scenario]]).median
        prism = Stat.of([r.rps for r in runs["prism", scenario]]).median
        bare = Stat.of([r.rps for r in runs["bare uvicorn", scenario]]).median
        result.goal(
            f"{scenario}: eachlabs-mock / Prism", round(ours / prism, 2), ">= 2", ours / prism >= 2
        )
        result.goal(
            f"{scenario}: eachlabs-mock / bare uvicorn",
            round(ours / bare, 2),
            ">= 0.5",
            ours / bare >= 0.5,
        )
    result.notes.append(server_stack())
    result.notes.append(
        "Prism runs with --errors (it validates each request against "
        "generated/openapi.json and answers examples from the schemas); the "
        "mock validates, stores and rate-limits every create."
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    result = measure(args.repeats, args.seconds, args.connections)
    print(json.dumps(result.rows, indent=1))
    print(json.dumps(result.goals, indent=1))
    result.save()


if __name__ == "__main__":
    main()
