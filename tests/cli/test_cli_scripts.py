"""``eachlabs`` as scripts use it: a subprocess against the live mock, stdout not a terminal.

Each exit status of ``eachlabs --help`` is produced here for real: 0, 2 (usage and invalid
input, nothing sent), 3 (API errors), 4 (failed prediction), 5 (timeout), and the resume
command printed on a timeout picks the prediction up again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_support import (
    FRAME,
    KEY,
    MINIMAL_PACKAGE,
    TONE,
    WAN,
    cli_env,
    command_args,
    run_cli,
    start_cli,
)

from mockserver.outputs import asset
from mockserver.pytest_plugin import LiveMock

FAST = "--poll-interval", "0.05"


def test_run_prints_the_id_and_sends_the_flags_as_typed_input(
    mock: LiveMock, env: dict[str, str]
) -> None:
    result = run_cli(
        "run", WAN, "--first-frame", FRAME, "--duration", "7", "--no-prompt-extend",
        "--seed", "-3", "--resolution", "720P", "--webhook-url", "https://hooks.example.com/e",
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    prediction_id = result.stdout.strip()
    assert result.stderr == f"follow it with: eachlabs wait {prediction_id} --model {WAN}\n"
    (stored,) = mock.predictions()
    assert stored["predictionID"] == prediction_id
    assert stored["input"] == {
        "first_frame": FRAME,
        "resolution": "720P",
        "duration": 7,
        "prompt_extend": False,
        "seed": -3,
    }
    assert stored["webhook_url"] == "https://hooks.example.com/e"
    assert stored["api_key"] == KEY


def test_run_wait_json_prints_one_document(mock: LiveMock, env: dict[str, str]) -> None:
    mock.script("success", seconds=0)
    result = run_cli("run", WAN, "--first-frame", FRAME, "--wait", "--json", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    (stored,) = mock.predictions()
    assert document["predictionID"] == stored["predictionID"]
    assert document["status"] == "success"
    assert document["output"] == f"{mock.origin}/_mock/files/{stored['predictionID']}.mp4"


def test_plain_lines_follow_status_changes(mock: LiveMock, env: dict[str, str]) -> None:
    process = start_cli("run", WAN, "--first-frame", FRAME, "--wait", *FAST, env=env)
    assert process.stdout is not None
    created = process.stdout.readline()
    assert re.fullmatch(r"prediction (\S+) created\n", created)
    assert re.fullmatch(r"\[ +\d+\.\d s\] processing\n", process.stdout.readline())
    mock.advance(200)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, err) == (0, "")
    prediction_id = created.split()[1]
    success, output = out.splitlines()
    assert re.fullmatch(r"\[ +\d+\.\d s\] success", success)
    assert output == f"output: {mock.origin}/_mock/files/{prediction_id}.mp4"


def test_invalid_input_exits_2_and_sends_nothing(mock: LiveMock, env: dict[str, str]) -> None:
    result = run_cli(
        "run", WAN, "--duration", "20", "--resolution", "4K", "--first-frame", "http://localhost/a.gif",
        "--wait", env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"eachlabs: error: invalid input for {WAN} (3 problem(s)):",
        "  --first-frame: must be an https URL, got 'http://localhost/a.gif' (url_scheme)",
        "  --resolution: must be one of '720P', '1080P', got '4K' (enum)",
        "  --duration: must be at most 15, got 20 (maximum)",
        f"see: eachlabs run {WAN} --help",
    ]
    assert mock.requests() == []


def test_usage_errors_exit_2(mock: LiveMock, env: dict[str, str]) -> None:
    unknown = run_cli("run", "no-such-model", env=env)
    assert unknown.returncode == 2
    assert "invalid choice: 'no-such-model'" in unknown.stderr
    no_key = run_cli("get", "abc", env={**env, "EACHLABS_API_KEY": ""})
    assert no_key.returncode == 2
    assert no_key.stderr.startswith("eachlabs: error: No API key: ")
    assert mock.requests() == []


@pytest.mark.eachlabs_mock(api_keys=["the-key"])
def test_api_errors_exit_3(mock: LiveMock, env: dict[str, str]) -> None:
    refused = run_cli("run", WAN, "--first-frame", FRAME, "--json", env=env)
    assert refused.returncode == 3
    assert refused.stderr == "eachlabs: error: HTTP 401: Invalid API key\n"
    assert json.loads(refused.stdout)["error"] == {
        "type": "api_error",
        "message": "HTTP 401: Invalid API key",
        "exit_code": 3,
        "status_code": 401,
        "body": {"status": "error", "message": "Invalid API key", "details": None},
    }
    missing = run_cli("get", "no-such-id", "--api-key", "the-key", env=env)
    assert (missing.returncode, missing.stderr) == (
        3,
        "eachlabs: error: HTTP 404: Prediction 'no-such-id' not found\n",
    )
    unreachable = run_cli("get", "x", "--base-url", "http://127.0.0.1:9/v1", env=env)
    assert unreachable.returncode == 3
    assert unreachable.stderr.startswith(
        "eachlabs: error: connection error: GET http://127.0.0.1:9/"
    )


def test_failed_prediction_exits_4(mock: LiveMock, env: dict[str, str]) -> None:
    mock.script("error", message="GPU on fire", details={"code": "E42"}, seconds=0)
    result = run_cli("run", WAN, "--first-frame", FRAME, "--wait", env=env)
    assert result.returncode == 4
    prediction_id = result.stdout.split()[1]
    assert result.stderr.splitlines() == [
        f"eachlabs: error: prediction {prediction_id} failed: GPU on fire",
        'details: {"code": "E42"}',
    ]
    document = json.loads(run_cli("wait", prediction_id, "--json", env=env).stdout)
    assert document["error"]["type"] == "prediction_failed"
    assert document["error"]["prediction"]["details"] == {"code": "E42"}


def test_timeout_exits_5_and_the_printed_command_resumes(
    mock: LiveMock, env: dict[str, str]
) -> None:
    result = run_cli(
        "run", WAN, "--first-frame", FRAME, "--wait", "--timeout", "0.2", *FAST, env=env
    )
    assert result.returncode == 5
    prediction_id = result.stdout.split()[1]
    message, resume = result.stderr.splitlines()
    assert message == (
        f"eachlabs: error: prediction {prediction_id} did not finish within 0.2 s"
        " (last status: processing)"
    )
    assert resume == f"resume with: eachlabs wait {prediction_id} --model {WAN}"
    mock.advance(200)
    resumed = run_cli(*command_args(resume.removeprefix("resume with: ")), env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.splitlines()[-1] == (
        f"output: {mock.origin}/_mock/files/{prediction_id}.mp4"
    )
    assert len(mock.predictions()) == 1


def test_get_shows_the_state_and_wait_the_result(mock: LiveMock, env: dict[str, str]) -> None:
    prediction_id = run_cli("run", WAN, "--first-frame", FRAME, env=env).stdout.strip()
    assert run_cli("get", prediction_id, env=env).stdout.splitlines() == [
        f"id      {prediction_id}",
        "status  processing",
    ]
    mock.advance(200)
    lines = run_cli("get", prediction_id, env=env).stdout.splitlines()
    assert lines[:3] == [
        f"id      {prediction_id}",
        "status  success",
        f"output  {mock.origin}/_mock/files/{prediction_id}.mp4",
    ]
    assert re.fullmatch(r"time    \d+(\.\d+)? s", lines[3])
    document = json.loads(run_cli("wait", prediction_id, "--json", env=env).stdout)
    assert document["status"] == "success"


def test_download_saves_the_output_atomically(
    mock: LiveMock, env: dict[str, str], tmp_path: Path
) -> None:
    mock.script("success", seconds=0)
    result = run_cli(
        "run", WAN, "--first-frame", FRAME, "--download", f"{tmp_path}/videos/", "--json", env=env
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    saved = tmp_path / "videos" / f"{document['predictionID']}.mp4"
    assert document["files"] == [str(saved)]
    assert saved.read_bytes() == asset("mp4")
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]


def test_failed_download_says_how_to_download_again(
    mock: LiveMock, env: dict[str, str], file_server: str, tmp_path: Path
) -> None:
    mock.script("success", seconds=0, output=f"{file_server}/missing.mp4")
    target = tmp_path / "video.mp4"
    result = run_cli("run", WAN, "--first-frame", FRAME, "--download", str(target), env=env)
    assert result.returncode == 3
    prediction_id = result.stdout.split()[1]
    assert result.stdout.splitlines()[-1] == f"output: {file_server}/missing.mp4"
    assert result.stderr.splitlines() == [
        f"eachlabs: error: HTTP 404 fetching {file_server}/missing.mp4",
        f"download again with: eachlabs wait {prediction_id} --model {WAN} --download {target}",
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_minimal_spec_cli_end_to_end(minimal_mock: LiveMock, tmp_path: Path) -> None:
    """The same command line, generated from another spec: list output, flat pricing."""
    env = cli_env(minimal_mock.base_url, key_var="ACME_TEST_KEY", package=MINIMAL_PACKAGE)
    estimate = run_cli("estimate", TONE, "--voice", "bass", "--text", "hi", env=env)
    assert (estimate.returncode, estimate.stdout) == (0, "0.02 USD\n")
    minimal_mock.script("success", seconds=0)
    args = ("run", TONE, "--text", "hi", "--voice", "alto", "--loud", "--channels", "2")
    result = run_cli(*args, "--speed", "1.5", "--download", str(tmp_path / "a.mp3"), env=env)
    assert result.returncode == 0, result.stderr
    (stored,) = minimal_mock.predictions()
    assert stored["input"] == {
        "text": "hi",
        "voice": "alto",
        "speed": 1.5,
        "channels": 2,
        "loud": True,
    }
    assert (tmp_path / "a.mp3").read_bytes() == asset("mp3")
    pending = run_cli(*args, env=env)
    assert (
        run_cli("get", pending.stdout.strip(), env=env).stdout.splitlines()[1] == "status  queued"
    )
