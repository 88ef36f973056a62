"""Limits written in input descriptions, as Eachlabs pages write them.

``Max 5,000 characters``, ``Range: 2-15``, ``Default: 5``, ``Supported formats:
JPEG, PNG``, ``MP4/MOV``, ``Format: WAV, MP3.``, ``max 20 MB``, ``File size: Up
to 15 MB``, ``2-10s``, ``Duration: 3 to 30 s``. A sentence made only of such
phrases is taken out of the description (the spec states it as data); any
other sentence stays, word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.spec.schema import Range

KNOWN_FORMATS = frozenset(
    {
        *("jpeg", "jpg", "png", "bmp", "webp", "gif", "tiff", "tif", "heic", "avif", "svg"),
        *("mp4", "mov", "webm", "mkv", "avi", "m4v"),
        *("wav", "mp3", "aac", "flac", "ogg", "m4a", "opus"),
    }
)
"""File extensions recognised as formats in a description."""

_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_FORMAT = r"[A-Za-z][A-Za-z0-9]{1,4}"
_PHRASES: list[tuple[str, re.Pattern[str]]] = [
    ("max_length", re.compile(rf"\b(?:max(?:imum)?|up to)\s+({_NUMBER})\s+characters\b", re.I)),
    ("range", re.compile(rf"\brange:\s*(-?{_NUMBER})\s*(?:-|\u2013|to)\s*(-?{_NUMBER})\b", re.I)),
    ("default", re.compile(r"\bdefault:\s*([^\s.,;]+)", re.I)),
    (
        "formats",
        re.compile(
            rf"\b(?:supported\s+formats?|formats?):\s*({_FORMAT}(?:\s*(?:,|/|or)\s*{_FORMAT})*)",
            re.I,
        ),
    ),
    ("formats", re.compile(rf"\b({_FORMAT}(?:/{_FORMAT})+)\b")),
    (
        "max_size_mb",
        re.compile(rf"\b(?:file\s+size:\s*)?(?:max|up\s+to)\s+({_NUMBER})\s*MB\b", re.I),
    ),
    (
        "duration",
        re.compile(rf"\b(?:duration:\s*)?({_NUMBER})\s*(?:-|\u2013|to)\s*({_NUMBER})\s*s\b", re.I),
    ),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_LEFTOVER = re.compile(r"^[\s.,;:()\-\u2013]*$")


@dataclass
class Limits:
    """The limits found in one description, and the description without them."""

    description: str
    max_length: int | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    default: str | None = None
    formats: list[str] = field(default_factory=list)
    max_size_mb: int | float | None = None
    duration: Range | None = None


_MEDIA_ONLY = frozenset({"formats", "max_size_mb", "duration"})


def read_limits(description: str, *, media: bool) -> Limits:
    """Find the limits in ``description``; sentences that only state limits are removed.

    File formats, sizes and clip lengths are looked for only in a ``media`` (URL)
    input's description, so a prompt's "[0-3s]" is not taken for a clip length.
    """
    limits = Limits(description="")
    kept: list[str] = []
    phrases = [(k, p) for k, p in _PHRASES if media or k not in _MEDIA_ONLY]
    for sentence in _SENTENCE_END.split(" ".join(description.split())):
        rest = sentence
        for key, pattern in phrases:
            for match in pattern.finditer(sentence):
                if _record(limits, key, match):
                    rest = rest.replace(match.group(0), " ", 1)
        if not _LEFTOVER.match(rest):
            kept.append(sentence)
    limits.description = " ".join(kept)
    return limits


def _record(limits: Limits, key: str, match: re.Match[str]) -> bool:
    """Store one phrase's value; ``False`` when it is not a limit after all."""
    if key == "max_length":
        limits.max_length = int(_number(match.group(1)))
    elif key == "range":
        limits.minimum, limits.maximum = _number(match.group(1)), _number(match.group(2))
    elif key == "default":
        limits.default = match.group(1)
    elif key == "formats":
        names = [n.lower() for n in re.split(r"\s*(?:,|/|\bor\b)\s*", match.group(1)) if n]
        if not all(name in KNOWN_FORMATS for name in names):
            return False
        limits.formats.extend(n for n in names if n not in limits.formats)
    elif key == "max_size_mb":
        limits.max_size_mb = _number(match.group(1))
    else:
        limits.duration = Range(_number(match.group(1)), _number(match.group(2)))
    return True


def _number(text: str) -> int | float:
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value
