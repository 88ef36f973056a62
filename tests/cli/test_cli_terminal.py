"""``eachlabs`` in a pseudo-terminal, as a person sees it: live progress, Ctrl-C, resuming.

The mock runs on a virtual clock: predictions end when a test advances it, so the screen
is read while a prediction is still processing, with no sleeping.
"""

from __future__ import annotations

import re
from pathlib import Path

from cli_support import BIG, FRAME, WAN, Terminal, command_args

from mockserver.pytest_plugin import LiveMock

PROGRESS = re.compile(r"processing \[[#-]{24}\] +\d+\.\d s / ~110 s")


def progress_line(terminal: Terminal) -> str | None:
    return next((line for line in terminal.lines() if PROGRESS.fullmatch(line)), None)


def test_run_wait_redraws_progress_then_shows_the_result(
    mock: LiveMock, env: dict[str, str]
) -> None:
    terminal = Terminal(
        "run", WAN, "--first-frame", FRAME, "--wait", "--poll-interval", "0.1", env=env
    )
    terminal.read_until(progress_line, "the progress line")
    first = progress_line(terminal)
    terminal.read_until(lambda t: progress_line(t) not in (None, first), "a redraw")
    assert terminal.raw.count(b"\rprocessing [") >= 2  # redrawn in place, not scrolled
    assert len(terminal.lines()) == 2
    mock.advance(200)
    assert terminal.finish() == 0
    (stored,) = mock.predictions()
    prediction_id = stored["predictionID"]
    created, progress, success, output = terminal.lines()
    assert created == f"prediction {prediction_id} created"
    assert PROGRESS.fullmatch(progress)
    assert re.fullmatch(r"success after \d+\.\d s", success)
    assert output == f"output: {mock.origin}/_mock/files/{prediction_id}.mp4"


def test_ctrl_c_prints_the_id_and_wait_resumes(mock: LiveMock, env: dict[str, str]) -> None:
    terminal = Terminal("run", WAN, "--first-frame", FRAME, "--wait", env=env)
    terminal.read_until(progress_line, "the progress line")
    terminal.interrupt()
    assert terminal.finish() == 130
    (stored,) = mock.predictions()
    prediction_id = stored["predictionID"]
    assert "Traceback" not in terminal.text()
    *_, message, resume = terminal.lines()
    assert message == f"eachlabs: error: interrupted; prediction {prediction_id} is still running"
    assert resume == f"resume with: eachlabs wait {prediction_id} --model {WAN}"
    assert mock.prediction(prediction_id)["status"] == "processing"

    resumed = Terminal(*command_args(resume.removeprefix("resume with: ")), env=env)
    resumed.read_until(progress_line, "the progress line of the resumed wait")
    mock.advance(200)
    assert resumed.finish() == 0
    assert re.fullmatch(r"success after \d+\.\d s", resumed.lines()[-2])
    assert resumed.lines()[-1] == f"output: {mock.origin}/_mock/files/{prediction_id}.mp4"
    assert len(mock.predictions()) == 1


def test_large_download_shows_a_progress_bar(
    mock: LiveMock, env: dict[str, str], file_server: str, tmp_path: Path
) -> None:
    mock.script("success", seconds=0, output=f"{file_server}/big.mp4")
    terminal = Terminal("run", WAN, "--first-frame", FRAME, "--download", f"{tmp_path}/", env=env)
    assert terminal.finish() == 0
    assert re.search(rb"\rdownloading big\.mp4 \[#*-*\] +\d+%", terminal.raw)
    assert terminal.lines()[-1] == f"saved {tmp_path / 'big.mp4'} (2.6 MB)"
    assert (tmp_path / "big.mp4").read_bytes() == BIG
