"""``import-doc``: page fixtures -> expected YAML (golden), the committed model files
reproduced apart from listed hand edits, and review markers where a page is undecided."""

from __future__ import annotations

import copy
import difflib
from typing import Any

import pytest
from importer_support import GOLDEN, MODELS, PAGES, Marker, load_yaml, page

from generator.importers import NotAModelPage, import_doc, to_yaml

NOT_MODEL_PAGES = {
    "README.md",
    # Eachlabs's model reference and the older page layout: sources of facts, not model pages.
    "eachlabs-skills-video-models.veo3-1-text-to-video.md",
    "veo3-1-text-to-video.ai-models.md",
}
PAGE_FILES = sorted(p.name for p in PAGES.glob("*.md") if p.name not in NOT_MODEL_PAGES)
WAN = "alibaba-wan-2-7-image-to-video"


def imported(name: str) -> str:
    return to_yaml(import_doc(page(name), f"tests/fixtures/pages/{name}"))


@pytest.mark.parametrize("name", PAGE_FILES)
def test_import_matches_golden(name: str, update_golden: bool) -> None:
    """The whole written file, byte for byte (review the diff after `--update-golden`)."""
    golden = GOLDEN / name.replace(".md", ".yaml")
    text = imported(name)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        pytest.skip(f"wrote {golden.name}")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True)))
    assert text == expected, f"import of {name} changed (pytest --update-golden):\n{diff}"


@pytest.mark.parametrize("name", sorted(NOT_MODEL_PAGES - {"README.md"}))
def test_other_markdown_is_refused(name: str) -> None:
    with pytest.raises(NotAModelPage, match='no "## API Information" section'):
        imported(name)


def test_flattened_and_multiline_pages_import_alike() -> None:
    flat = load_yaml(imported(f"{WAN}.md"))
    lines = load_yaml(imported(f"{WAN}.multiline.md"))
    assert flat == lines


# --------------------------------------------------------------------------- hand edits

DELETE = object()


def apply(data: Any, edits: list[tuple[tuple[str | int, ...], Any, Any]]) -> Any:
    """``data`` with each edit ``(path, imported value, committed value)`` applied; each
    edit asserts what the importer wrote there, so the list documents every hand edit."""
    result = copy.deepcopy(data)
    for path, before, after in edits:
        *parents, last = path
        target = result
        for key in parents:
            target = target[key]
        current = target.get(last, DELETE) if isinstance(target, dict) else target[last]
        assert _matches(current, before), f"{path}: imported {current!r}, expected {before!r}"
        if after is DELETE:
            del target[last]
        else:
            target[last] = after
    return result


def _matches(value: Any, expected: Any) -> bool:
    if expected is Marker:
        return isinstance(value, Marker)
    return bool(value == expected) if expected is not DELETE else value is DELETE


WAN_FORMATS = ["jpeg", "jpg", "png", "bmp", "webp"]
WAN_MODES = load_yaml((MODELS / f"{WAN}.yaml").read_text(encoding="utf-8"))["modes"]

HAND_EDITS: dict[str, list[tuple[tuple[str | int, ...], Any, Any]]] = {
    WAN: [
        # The page leaves `last_frame`'s formats unstated; chosen: those of first_frame.
        (("inputs", "last_frame", "media", "formats"), Marker, WAN_FORMATS),
        # "Rule 2" names no input: it is the default rule, so it has no `when`.
        (("pricing", "rules", 1, "when"), Marker, DELETE),
        # Modes are the page's prose ("When provided, first_frame is ignored"), written by hand.
        (("modes",), DELETE, WAN_MODES),
    ],
    "flux-2": [],
    "eachlabs-llm-router": [],
    "alibaba-wan-2-7-image-edit": [
        *((("inputs", f"img_url_{n}", "media", "formats"), Marker, WAN_FORMATS) for n in (2, 3, 4)),
        (
            ("inputs", "size", "description"),
            Marker,
            "Output image resolution. 1K: ~1024px. 2K: ~2048px (default).",
        ),
        (("inputs", "(the rest of the input table)"), Marker, DELETE),
        (("pricing", "rules", 0, "amount"), Marker, DELETE),
        (("pricing", "rules", 0, "flat"), DELETE, "0.03"),
    ],
}


@pytest.mark.parametrize("slug", HAND_EDITS)
def test_committed_model_is_the_import_plus_listed_hand_edits(slug: str) -> None:
    committed = load_yaml((MODELS / f"{slug}.yaml").read_text(encoding="utf-8"))
    assert apply(load_yaml(imported(f"{slug}.md")), HAND_EDITS[slug]) == committed


# --------------------------------------------------------------------------- markers


def marker_paths(data: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    if isinstance(data, Marker):
        return [".".join(str(p) for p in path)]
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else []
    )
    return [found for key, value in items for found in marker_paths(value, (*path, key))]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (f"{WAN}.md", ["inputs.last_frame.media.formats", "pricing.rules.1.when"]),
        ("flux-2.md", []),
        ("eachlabs-llm-router.md", []),
        ("kling-v2-6-pro-text-to-video.md", []),
        # a stored copy that ends inside the pricing table, before the inputs
        ("veo3-1-text-to-video.md", ["inputs", "pricing.rules.10"]),
        # per-image price; inputs without formats; a copy that ends in a description
        (
            "alibaba-wan-2-7-image-edit.md",
            [
                "inputs.img_url_2.media.formats",
                "inputs.img_url_3.media.formats",
                "inputs.img_url_4.media.formats",
                "inputs.size.description",
                "inputs.(the rest of the input table)",
                "pricing.rules.0.amount",
            ],
        ),
        # pricing written only as prose, on the output's size; "Rule 2"
        (
            "flux-2-turbo-edit.md",
            [
                "inputs.(the rest of the input table)",
                "pricing.rules.0.when",
                "pricing.rules.0.amount",
                "pricing.rules.1.when",
                "pricing.rules.1.amount",
            ],
        ),
        # eq_i is read; which input gives the seconds is not said
        (
            "wan-v2-6-text-to-video.md",
            [
                "inputs.aspect_ratio.description",
                "inputs.(the rest of the input table)",
                "pricing.rules.0.seconds_from",
                "pricing.rules.1.when",
                "pricing.rules.1.seconds_from",
            ],
        ),
    ],
)
def test_undecidable_facts_become_markers(name: str, expected: list[str]) -> None:
    assert marker_paths(load_yaml(imported(name))) == expected


def test_marker_texts_say_what_to_resolve() -> None:
    data = load_yaml(imported("alibaba-wan-2-7-image-edit.md"))
    amount = data["pricing"]["rules"][0]["amount"]
    assert "per image" in amount.why and amount.guess == {"flat": "0.03"}
    assert data["inputs"]["img_url_2"]["media"]["formats"].guess == WAN_FORMATS
    assert data["inputs"]["size"]["description"].guess == (
        "Output image resolution. 1K: ~1024px. 2K: ~2048px (default)."
    )
    rule = load_yaml(imported(f"{WAN}.md"))["pricing"]["rules"][1]
    assert 'The condition is "Rule 2"' in rule["when"].why


def test_typed_conditions_and_case_insensitive_equality() -> None:
    veo = load_yaml(imported("wan-v2-6-text-to-video.md"))
    assert veo["pricing"]["rules"][0]["when"] == {"resolution": {"eq_i": "720p"}}
    kling = load_yaml(imported("kling-v2-6-pro-text-to-video.md"))["inputs"]
    assert kling["duration"] == {
        "type": "string",
        "enum": ["5", "10"],
        "default": "10",
        "description": "The duration of the generated video in seconds",
    }
    assert kling["cfg_scale"]["minimum"] == 0 and kling["cfg_scale"]["maximum"] == 1
    assert kling["negative_prompt"]["default"] == "blur, distort, and low quality"
