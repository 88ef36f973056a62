"""Garbage-collector settings for the ``eachlabs-mock`` server process.

Under load the mock stores many predictions (with expiry, an hour's worth): hundreds of
thousands of small objects, none of them in a reference cycle. CPython's full collection
scans every one of them each time the tracked objects have grown by a quarter: a pause that
grows with the store (about 0.1 s at 200,000 predictions) and becomes the p99 latency of
creates. So the server process (never a process that embeds the mock, such as a test run):

- freezes what start-up built (spec, modules, server), which no collection scans again;
- keeps the young collections as they are (they scan recent objects only, so they are short);
- runs the full collection on a timer instead, every :data:`FULL_COLLECTION_SECONDS`, so
  cyclic garbage that lived long enough to reach the old generation is still reclaimed.
  The mock makes little: under uvicorn's h11 server, 23,000 connections opened for one
  create each left about 4,400 objects to it (those of the connections that lived through
  two young collections); long-lived connections leave about ten objects each.
"""

from __future__ import annotations

import gc
import threading

FULL_COLLECTION_SECONDS = 60.0
NEVER = 2**31 - 1
"""A full-collection threshold no server lifetime reaches (the thresholds are C ints)."""


def tune_for_server(every: float = FULL_COLLECTION_SECONDS) -> threading.Event:
    """Apply the settings above to this process; setting the returned event stops the timer."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    stop = threading.Event()
    threading.Thread(
        target=_collect_every, args=(every, stop), name="eachlabs-mock-gc", daemon=True
    ).start()
    return stop


def _collect_every(every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        gc.collect()
