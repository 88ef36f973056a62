"""The committed ``generated/`` is what the current spec and templates produce."""

from __future__ import annotations

import hashlib

import eachlabs
from generator_support import GENERATED, SPEC

from generator import output
from generator.render import render
from generator.spec import load_spec


def test_generated_matches_the_spec() -> None:
    stale = output.compare(render(load_spec(SPEC)), GENERATED)
    assert not stale, "generated/ is stale; run `eachlabs-gen generate`:\n" + "\n".join(
        str(item) for item in stale
    )


def test_package_records_which_spec_it_came_from() -> None:
    spec = load_spec(SPEC)
    assert spec.content_hash == eachlabs.SPEC_HASH
    assert eachlabs.SPEC_FORMAT_VERSION == spec.platform.format_version == 1
    for slug, entry in eachlabs.REGISTRY.items():
        file = SPEC / "models" / f"{slug}.yaml"
        assert entry.spec_hash == hashlib.sha256(file.read_bytes()).hexdigest()
    assert spec.model_hashes == {slug: e.spec_hash for slug, e in eachlabs.REGISTRY.items()}
