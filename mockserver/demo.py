"""The README's end-to-end walkthrough: the generated client against ``eachlabs-mock``.

``python -m mockserver.demo`` (what ``nox -s demo`` runs after regenerating the client)
starts ``eachlabs-mock`` as a user would, in a subprocess on 127.0.0.1 and a free port,
with processing times scaled down, then uses the generated ``eachlabs`` client the way an
application does: estimate the price, see validation refuse a bad input before any request,
``run()`` a prediction with a progress callback, download the video it produced, and stop
the mock with SIGINT. Exits non-zero if any step does not behave as documented.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

import httpx

TIME_SCALE = 0.02
"""Processing times run 50x faster than the spec's estimate (110 s -> about 2 s)."""


def start_mock(spec: Path) -> tuple[subprocess.Popen[str], str]:
    """Start ``eachlabs-mock`` on a free port; returns the process and its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver.cli",
            "--spec",
            str(spec),
            "--port",
            "0",
            "--time-scale",
            str(TIME_SCALE),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    if not base_url.startswith("http://"):
        process.kill()
        raise SystemExit(f"eachlabs-mock did not start (printed {base_url!r})")
    return process, base_url


def walkthrough(base_url: str) -> None:
    """Use the generated client against the mock at ``base_url``."""
    from eachlabs import Eachlabs, InputValidationError, Prediction

    with Eachlabs(api_key="demo-key", base_url=base_url) as client:
        wan = client.alibaba_wan_2_7_image_to_video
        frame = "https://example.com/cat.png"

        print("\n1. Price, computed from the spec's pricing rules (no request sent)")
        cases: tuple[tuple[Literal["720P", "1080P"], int], ...] = (
            ("1080P", 5),
            ("720P", 5),
            ("1080P", 15),
        )
        for resolution, duration in cases:
            cost = wan.estimate_cost(first_frame=frame, resolution=resolution, duration=duration)
            print(f"   {resolution:>5}, {duration:>2} s: ${cost}")

        print("\n2. Invalid input is refused before any request, every problem at once")
        try:
            wan.create(
                first_frame="http://localhost/cat.gif",
                duration=20,
                resolution="4K",  # type: ignore[arg-type]
            )
        except InputValidationError as error:
            for issue in error.errors:
                print(f"   {issue.path}: {issue.message} [{issue.constraint}]")
        else:
            raise SystemExit("expected InputValidationError")

        print("\n3. run(): create, then poll until done (progress from on_update)")
        started = time.monotonic()

        def show(prediction: Prediction) -> None:
            elapsed = time.monotonic() - started
            print(f"   {elapsed:5.2f} s  {prediction.id}  {prediction.status}")

        prediction = wan.run(first_frame=frame, resolution="720P", duration=5, on_update=show)
        print(f"   output: {prediction.output}")
        print(f"   predict_time: {prediction.predict_time} s (spec estimate x {TIME_SCALE})")

        print("\n4. The output URL serves a real video file")
        video = httpx.get(str(prediction.output))
        video.raise_for_status()
        target = Path(tempfile.gettempdir()) / f"{prediction.id}.mp4"
        target.write_bytes(video.content)
        print(f"   {video.headers['content-type']}, {len(video.content)} bytes -> {target}")
        if video.headers["content-type"] != "video/mp4" or video.content[4:8] != b"ftyp":
            raise SystemExit("the output is not an MP4 video")


def main() -> int:
    """Run the walkthrough; returns the exit status."""
    spec = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("spec")
    process, base_url = start_mock(spec)
    print(f"eachlabs-mock is serving {base_url}")
    try:
        walkthrough(base_url)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=15)
    print(f"\neachlabs-mock stopped cleanly (exit {code}).")
    return code


if __name__ == "__main__":
    sys.exit(main())
