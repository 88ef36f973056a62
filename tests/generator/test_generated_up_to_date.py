"""The committed ``generated/`` is what the current spec and templates produce."""

from __future__ import annotations

from generator_support import GENERATED, SPEC

from generator import output
from generator.render import render
from generator.spec import load_spec


def test_generated_matches_the_spec() -> None:
    stale = output.compare(render(load_spec(SPEC)), GENERATED)
    assert not stale, "generated/ is stale; run `eachlabs-gen generate`:\n" + "\n".join(
        str(item) for item in stale
    )
