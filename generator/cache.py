"""Where the generator keeps work between runs: compiled templates and formatted output.

Both caches are content-addressed (an entry is found only for the exact input that made it),
so output never depends on them; they make a repeated ``eachlabs-gen generate`` fast.
``EACHLABS_GEN_CACHE`` names the directory (default ``$XDG_CACHE_HOME/eachlabs-gen``, else
``~/.cache/eachlabs-gen``); ``EACHLABS_GEN_CACHE=off`` turns both off.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "EACHLABS_GEN_CACHE"


def cache_dir(kind: str) -> Path | None:
    """The directory for one kind of cached work, created if needed; ``None`` when the cache
    is turned off or the directory cannot be created."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting == "off":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    root = Path(setting) if setting else Path(base) / "eachlabs-gen"
    directory = root / kind
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return directory
