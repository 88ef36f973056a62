"""``eachlabs-mock``: serve the spec as a local Eachlabs API.

Prints the API base URL (``http://127.0.0.1:8000/v1``) once it listens, and
exits 0 on SIGINT / SIGTERM after a graceful shutdown. A broken spec prints the
loader's ``file:line:col`` messages and exits 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.spec import SpecError

from .clock import Clock, RealClock, VirtualClock
from .config import MockConfig
from .gcpolicy import tune_for_server
from .server import base_url, bind, build_engine, uvicorn_server


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(prog="eachlabs-mock", description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    p.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    p.add_argument("--spec", type=Path, default=Path("spec"), help="spec directory")
    p.add_argument("--seed", type=int, default=0, help="seed for ids, timing and faults")
    p.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="multiply processing times, webhook timeout and backoff by this",
    )
    p.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help="accepted key (repeatable); default: any non-empty key",
    )
    p.add_argument(
        "--allow-local-urls",
        action="store_true",
        help="accept http:// and local hosts in file inputs",
    )
    p.add_argument(
        "--ttl", type=float, default=3600.0, help="seconds a finished prediction stays readable"
    )
    p.add_argument(
        "--failure-rate", type=float, default=0.0, help="fraction of predictions that fail (seeded)"
    )
    p.add_argument(
        "--max-body-bytes", type=int, default=1_048_576, help="larger request bodies get 413"
    )
    p.add_argument(
        "--clock",
        choices=("real", "virtual"),
        default="real",
        help="virtual: time moves only via POST /_mock/clock/advance",
    )
    p.add_argument("--log-requests", action="store_true", help="uvicorn access log")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mock until SIGINT / SIGTERM; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        config = MockConfig(
            seed=args.seed,
            time_scale=args.time_scale,
            api_keys=frozenset(args.api_key),
            allow_local_urls=args.allow_local_urls,
            ttl=args.ttl,
            failure_rate=args.failure_rate,
            max_body_bytes=args.max_body_bytes,
        )
    except ValueError as error:
        print(f"eachlabs-mock: {error}", file=sys.stderr)
        return 2
    clock: Clock = VirtualClock() if args.clock == "virtual" else RealClock()
    try:
        engine = build_engine(args.spec, config, clock)
    except SpecError as error:
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"eachlabs-mock: cannot read spec: {error}", file=sys.stderr)
        return 2
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        print(f"eachlabs-mock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    server = uvicorn_server(
        engine, log_level="info" if args.log_requests else "warning", access_log=args.log_requests
    )
    # uvicorn re-raises the signal it caught after shutting down; make that harmless.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: None)
    collector = tune_for_server()
    print(base_url(engine, sock), flush=True)
    try:
        server.run(sockets=[sock])
    finally:
        collector.set()
        sock.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
