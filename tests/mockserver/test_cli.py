"""``eachlabs-mock`` as a subprocess: prints its base URL, serves, stops on signals."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from mockserver_helpers import SPEC_DIR, VALID, Receiver, headers, payloads

COMMAND = [sys.executable, "-m", "mockserver.cli"]


def start(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [*COMMAND, "--spec", str(SPEC_DIR), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1"), url
    return process, url


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serves_and_exits_cleanly(sig: signal.Signals) -> None:
    process, url = start("--seed", "5")
    try:
        created = httpx.post(f"{url}/prediction/", json=VALID, headers=headers())
        assert created.status_code == 200
        pid = created.json()["predictionID"]
        assert httpx.get(f"{url}/prediction/{pid}", headers=headers()).json()["status"] == (
            "processing"
        )
    finally:
        process.send_signal(sig)
        assert process.wait(timeout=10) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


def test_real_clock_completes_and_delivers_webhooks(receiver: Receiver) -> None:
    process, url = start("--time-scale", "0.001", "--api-key", "k1")
    try:
        body = {**VALID, "webhook_url": receiver.url}
        assert httpx.post(f"{url}/prediction/", json=body, headers=headers("k2")).status_code == 401
        pid = httpx.post(f"{url}/prediction/", json=body, headers=headers("k1")).json()[
            "predictionID"
        ]
        deadline = time.monotonic() + 5
        while not receiver.calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [p["exec_id"] for p in payloads(receiver)] == [pid]
        result = httpx.get(f"{url}/prediction/{pid}", headers=headers("k1")).json()
        assert result["status"] == "success"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


def test_spec_error_exits_2(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "platform.yaml").write_text((SPEC_DIR / "platform.yaml").read_text())
    model = (SPEC_DIR / "models" / "alibaba-wan-2-7-image-to-video.yaml").read_text()
    broken = model.replace("    max_length: 5000", "    max_lenght: 5000")
    (tmp_path / "models" / "alibaba-wan-2-7-image-to-video.yaml").write_text(broken)
    result = subprocess.run(
        [*COMMAND, "--spec", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "alibaba-wan-2-7-image-to-video.yaml:" in result.stderr
    assert "max_lenght" in result.stderr
    assert result.stdout == ""
