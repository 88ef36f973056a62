"""What the CLI draws while waiting, on a fake clock: bars, redraws, status lines."""

from __future__ import annotations

import io

import pyte
import pytest
from cli_support import eventually
from eachlabs import Prediction
from eachlabs._cli._progress import LiveView, PlainView
from eachlabs._cli._terminal import LiveLine, bar, size_text

NEVER = 3600.0
"""A redraw interval the test never reaches: only ``update`` draws."""


class FakeTerminal(io.StringIO):
    """Collects what is written, and says it is a terminal."""

    def isatty(self) -> bool:
        return True

    def screen(self) -> list[str]:
        screen = pyte.Screen(100, 10)
        pyte.Stream(screen).feed(self.getvalue().replace("\n", "\r\n"))
        return [line.rstrip() for line in screen.display if line.strip()]


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def prediction(status: str) -> Prediction:
    return Prediction(id="p-1", status=status)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (0.0, "[------------------------]"),
        (0.5, "[############------------]"),
        (1.0, "[########################]"),
        (7.0, "[########################]"),
        (-1.0, "[------------------------]"),
    ],
)
def test_bar_is_filled_to_the_fraction(fraction: float, expected: str) -> None:
    assert bar(fraction) == expected


def test_bar_of_unknown_progress_moves_a_block() -> None:
    frames = {bar(None, phase) for phase in (0.0, 0.5, 1.0, 1.5)}
    assert len(frames) == 4
    assert all(frame.count("#") == 4 and len(frame) == 26 for frame in frames)


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (2_500_000, "2.5 MB"), (3e9, "3.0 GB")],
)
def test_sizes_in_decimal_units(count: float, text: str) -> None:
    assert size_text(count) == text


def test_live_line_redraws_in_place_and_pads_shorter_text() -> None:
    stream = FakeTerminal()
    line = LiveLine(stream)
    line.draw("a long first text")
    line.draw("short")
    assert stream.getvalue() == "\ra long first text\rshort            "
    line.commit()
    line.draw("next")
    assert stream.screen() == ["short", "next"]


def test_live_view_fills_the_bar_against_the_estimate_and_keeps_status_changes() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    view = LiveView(stream, 110, clock=clock, interval=NEVER)
    view.update(prediction("processing"))
    assert stream.screen() == ["processing [------------------------]    0.0 s / ~110 s"]
    clock.now += 55
    view.update(prediction("processing"))
    assert stream.screen() == ["processing [############------------]   55.0 s / ~110 s"]
    clock.now += 65
    view.update(prediction("processing"))
    assert stream.screen() == [
        "processing [########################]  120.0 s / ~110 s, longer than usual"
    ]
    clock.now += 1
    view.update(prediction("success"))
    view.close()
    assert stream.screen() == [
        "processing [########################]  121.0 s / ~110 s, longer than usual",
        "success after 121.0 s",
    ]
    assert stream.getvalue().endswith("\n")


def test_live_view_without_an_estimate_shows_elapsed_time_only() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    view = LiveView(stream, None, clock=clock, interval=NEVER)
    view.update(prediction("processing"))
    clock.now += 2
    view.close()
    (line,) = stream.screen()
    assert line.startswith("processing [") and line.endswith("]    2.0 s")


def test_live_view_redraws_between_polls() -> None:
    stream, clock = FakeTerminal(), FakeClock()
    view = LiveView(stream, 110, clock=clock, interval=0.01)
    view.update(prediction("processing"))
    clock.now += 11
    eventually(lambda: "11.0 s" in stream.getvalue(), "a redraw by the ticker")
    view.close()
    assert stream.screen() == ["processing [##----------------------]   11.0 s / ~110 s"]


def test_plain_view_prints_a_line_per_status_change() -> None:
    stream, clock = io.StringIO(), FakeClock()
    view = PlainView(stream, clock=clock)
    for status, seconds in [("queued", 0), ("queued", 1), ("running", 1.5), ("done", 2)]:
        clock.now += seconds
        view.update(prediction(status))
    view.close()
    assert stream.getvalue() == "[   0.0 s] queued\n[   2.5 s] running\n[   4.5 s] done\n"
