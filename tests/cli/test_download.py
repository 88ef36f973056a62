"""``--download``: where files go, streaming, and never a partial file under the target's name."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pyte
import pytest
from cli_support import BIG
from eachlabs._cli._download import DownloadError, download, output_urls, targets


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def http() -> httpx.Client:
    with httpx.Client() as client:
        yield client


@pytest.mark.parametrize(
    ("output", "urls"),
    [
        ("https://cdn.example.com/v.mp4", ["https://cdn.example.com/v.mp4"]),
        (["http://a/1.png", "http://a/2.png"], ["http://a/1.png", "http://a/2.png"]),
        ({"result": "https://a/x.png", "mock": True}, ["https://a/x.png"]),
        ({"text": "no file here"}, []),
        (None, []),
        (42, []),
    ],
)
def test_output_urls(output: object, urls: list[str]) -> None:
    assert output_urls(output) == urls


def test_targets_in_a_directory_keep_the_file_names(tmp_path: Path) -> None:
    urls = ["https://a/x/out.mp4", "https://b/y/out.mp4", "https://c/"]
    assert targets(urls, f"{tmp_path}/new/", "pid") == [
        (urls[0], tmp_path / "new" / "1-out.mp4"),
        (urls[1], tmp_path / "new" / "2-out.mp4"),
        (urls[2], tmp_path / "new" / "3-pid"),
    ]
    assert targets(urls[:1], str(tmp_path), "pid") == [(urls[0], tmp_path / "out.mp4")]


def test_targets_for_a_file_path(tmp_path: Path) -> None:
    one, two = "https://a/1.mp3", "https://a/2.mp3"
    assert targets([one], str(tmp_path / "song.mp3"), "p") == [(one, tmp_path / "song.mp3")]
    assert targets([one, two], str(tmp_path / "song.mp3"), "p") == [
        (one, tmp_path / "song-1.mp3"),
        (two, tmp_path / "song-2.mp3"),
    ]


@pytest.mark.parametrize("name", ["big.mp4", "stream.mp4"])
def test_saves_the_whole_file(
    http: httpx.Client, file_server: str, tmp_path: Path, name: str
) -> None:
    stream = io.StringIO()
    target = tmp_path / "sub" / "video.mp4"
    assert download(http, f"{file_server}/{name}", target, stream, live=False) == len(BIG)
    assert target.read_bytes() == BIG
    assert stream.getvalue() == f"saved {target} (2.6 MB)\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["video.mp4"]


def test_large_file_on_a_terminal_shows_a_progress_bar(
    http: httpx.Client, file_server: str, tmp_path: Path
) -> None:
    stream = FakeTerminal()
    download(http, f"{file_server}/big.mp4", tmp_path / "v.mp4", stream, live=True)
    assert "\rdownloading v.mp4 [" in stream.getvalue()
    screen = pyte.Screen(100, 5)
    pyte.Stream(screen).feed(stream.getvalue().replace("\n", "\r\n"))
    assert screen.display[0].rstrip() == f"saved {tmp_path / 'v.mp4'} (2.6 MB)"
    assert "100%  2.6 MB / 2.6 MB" in stream.getvalue()


def test_unknown_size_shows_no_bar(http: httpx.Client, file_server: str, tmp_path: Path) -> None:
    stream = FakeTerminal()
    download(http, f"{file_server}/stream.mp4", tmp_path / "v.mp4", stream, live=True)
    assert "downloading" not in stream.getvalue()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.mp4", "HTTP 404 fetching "),
        ("truncated.mp4", "cannot download "),
    ],
)
def test_a_failed_download_leaves_the_target_as_it_was(
    http: httpx.Client, file_server: str, tmp_path: Path, name: str, message: str
) -> None:
    target = tmp_path / "video.mp4"
    target.write_bytes(b"the previous file")
    with pytest.raises(DownloadError, match=message):
        download(http, f"{file_server}/{name}", target, io.StringIO(), live=False)
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["video.mp4"]
