"""The server process's garbage-collector settings, applied in a fresh interpreter (they are
process-wide, so never in the test process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import gc, threading
    from mockserver.gcpolicy import NEVER, tune_for_server

    full = threading.Event()
    fulls = []

    def watch(phase, info):
        if phase == "stop" and info["generation"] == 2:
            fulls.append(info)
            full.set()

    gc.callbacks.append(watch)
    stop = tune_for_server(every={every})
    assert gc.get_freeze_count() > 0, "start-up objects are frozen"
    assert gc.get_threshold()[2] == NEVER
    {body}
    stop.set()
    print("ok")
    """
)


def probe(every: float, body: str) -> None:
    script = PROBE.format(every=every, body=textwrap.dedent(body))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_growth_triggers_no_full_collection() -> None:
    probe(
        3600,
        """
        fulls.clear()  # the one before freezing
        kept = [[index] for index in range(300_000)]  # the store of a loaded mock
        assert fulls == [], fulls
        """,
    )


def test_the_timer_runs_full_collections_that_free_cycles() -> None:
    probe(
        0.01,
        """
        import weakref

        class Node:
            pass

        node = Node()
        node.self = node
        gone = weakref.ref(node)
        del node
        full.clear()
        assert full.wait(30), "no full collection ran"
        full.clear()
        assert full.wait(30)
        assert gone() is None, "the cycle outlived a full collection"
        """,
    )
