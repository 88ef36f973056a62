"""Inputs of the Wan 2.7 model with the violations spec/README.md (*Validation*) expects."""

from __future__ import annotations

from collections.abc import Mapping

IMAGE = "https://cdn.example.com/frames/first.png"
CLIP = "https://cdn.example.com/clips/start.mp4"
AUDIO = "https://cdn.example.com/audio/voice.mp3"


VALID: list[Mapping[str, object]] = [
    {"first_frame": IMAGE},
    {"first_frame": IMAGE, "duration": 5.0, "seed": -3, "prompt_extend": False},
    {"first_frame": IMAGE, "resolution": "720P", "duration": 2, "prompt": "x" * 5000},
    {"first_frame": IMAGE, "first_clip": CLIP, "driving_audio": AUDIO, "last_frame": IMAGE},
    {"first_frame": IMAGE, "prompt": None, "seed": None, "duration": None},  # null is absent
    {"first_frame": "HTTPS://CDN.example.com/a.JPEG"},
    {"first_frame": "https://cdn.example.com/render.php?id=3"},  # unknown extension: accepted
    {"first_frame": "https://cdn.example.com/image"},
    {"first_frame": "https://8.8.8.8/a.png"},
    {"first_frame": "https://[2001:4860::8888]/a.png"},
    # IPv4-mapped IPv6 is judged as its IPv4 address (found by tests/contract).
    {"first_frame": "https://[::ffff:8.8.8.8]/a.png"},
    {"first_frame": IMAGE, "negative_prompt": "é" * 500},  # code points, not bytes
]

INVALID: list[tuple[object, list[tuple[str, str]]]] = [
    ([IMAGE], [("", "type")]),
    ("first_frame", [("", "type")]),
    (None, [("", "type")]),
    ({}, [("first_frame", "required")]),
    ({"first_frame": None}, [("first_frame", "required")]),
    ({"first_frame": 3}, [("first_frame", "type")]),
    (
        {"durration": 5, "first_frame": IMAGE, "zzz": 1},
        [("durration", "unknown"), ("zzz", "unknown")],
    ),
    ({"first_frame": IMAGE, "duration": True}, [("duration", "type")]),
    ({"first_frame": IMAGE, "duration": 5.5}, [("duration", "type")]),
    ({"first_frame": IMAGE, "duration": "5"}, [("duration", "type")]),
    ({"first_frame": IMAGE, "duration": 1}, [("duration", "minimum")]),
    ({"first_frame": IMAGE, "duration": 16.0}, [("duration", "maximum")]),
    ({"first_frame": IMAGE, "seed": 1.5}, [("seed", "type")]),
    ({"first_frame": IMAGE, "prompt_extend": 1}, [("prompt_extend", "type")]),
    ({"first_frame": IMAGE, "resolution": "720p"}, [("resolution", "enum")]),
    ({"first_frame": IMAGE, "resolution": 720}, [("resolution", "type")]),
    ({"first_frame": IMAGE, "prompt": "x" * 5001}, [("prompt", "max_length")]),
    ({"first_frame": IMAGE, "negative_prompt": "x" * 501}, [("negative_prompt", "max_length")]),
    ({"first_frame": "data:image/png;base64,iVBORw0KGgo="}, [("first_frame", "data_uri")]),
    ({"first_frame": "http://cdn.example.com/a.png"}, [("first_frame", "url_scheme")]),
    ({"first_frame": "ftp://cdn.example.com/a.png"}, [("first_frame", "url_scheme")]),
    ({"first_frame": "cdn.example.com/a.png"}, [("first_frame", "url_scheme")]),
    ({"first_frame": "https:///a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://localhost/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://LOCALHOST./a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://files.localhost/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://localhost.localdomain/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://127.0.0.1:8443/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://10.1.2.3/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://192.168.0.10/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://169.254.169.254/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://0.0.0.0/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://240.0.0.1/a.png"}, [("first_frame", "url_host")]),  # reserved
    ({"first_frame": "https://[::1]/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://[fe80::1]/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://[::ffff:10.0.0.1]/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://[::1/a.png"}, [("first_frame", "url_host")]),
    ({"first_frame": "https://cdn.example.com/a.gif"}, [("first_frame", "format")]),
    ({"first_frame": "https://cdn.example.com/a.MP4?x=.png"}, [("first_frame", "format")]),
    (
        {"first_frame": IMAGE, "first_clip": "https://cdn.example.com/a.avi"},
        [("first_clip", "format")],
    ),
    (
        {"first_frame": IMAGE, "driving_audio": "https://cdn.example.com/a.png"},
        [("driving_audio", "format")],
    ),
    (
        # every kind of problem at once, in the documented order
        {
            "zzz": 1,
            "seed": "x",
            "duration": 20,
            "resolution": "4K",
            "first_clip": "http://localhost/a.mp4",
            "last_frame": "https://127.0.0.1/a.png",
            "prompt": "x" * 5001,
        },
        [
            ("zzz", "unknown"),
            ("prompt", "max_length"),
            ("first_frame", "required"),
            ("last_frame", "url_host"),
            ("first_clip", "url_scheme"),
            ("resolution", "enum"),
            ("duration", "maximum"),
            ("seed", "type"),
        ],
    ),
]
