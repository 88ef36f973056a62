"""``eachlabs-gen import-doc`` / ``import-schema``: files written, markers listed, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importer_support import PAGES, Marker, load_yaml

from generator.cli import main


def run(*args: str) -> int:
    return main(list(args))


def test_clean_page_is_ready_to_generate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-doc", str(PAGES / "flux-2.md"), "-o", str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'flux-2.yaml'}" in out
    assert "note: the page has no complete example request" in out
    assert "is ready: run `eachlabs-gen generate`" in out


def test_markers_are_listed_with_positions_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = PAGES / "alibaba-wan-2-7-image-to-video.md"
    assert run("import-doc", str(page), "-o", str(tmp_path)) == 1
    err = capsys.readouterr().err.splitlines()
    target = tmp_path / "alibaba-wan-2-7-image-to-video.yaml"
    assert err[0] == f"{target} needs review: 2 item(s) to resolve:"
    assert err[1].startswith(f"{target}:44:16: inputs.last_frame.media.formats: unresolved review")
    assert err[2].startswith(f"{target}:101:11: pricing.rules[1].when: unresolved review marker")


def test_existing_file_is_kept_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = str(PAGES / "eachlabs-llm-router.md")
    target = tmp_path / "eachlabs-llm-router.yaml"
    target.write_text("mine\n")
    assert run("import-doc", page, "-o", str(tmp_path)) == 2
    assert "exists; pass --force" in capsys.readouterr().err
    assert target.read_text() == "mine\n"
    assert run("import-doc", page, "-o", str(tmp_path), "--force") == 0
    assert load_yaml(target.read_text())["inputs"] == {"input": {"type": "object"}}


@pytest.mark.parametrize(
    ("command", "content", "message"),
    [
        ("import-doc", None, "cannot read"),
        ("import-doc", "# Some notes\n\nNo model here.\n", "is not an Eachlabs model page"),
        ("import-schema", "{not json", "cannot read"),
        ("import-schema", "[1, 2]", "expected a JSON object"),
    ],
)
def test_unreadable_sources_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    content: str | None,
    message: str,
) -> None:
    source = tmp_path / "source.txt"
    if content is not None:
        source.write_text(content)
    assert run(command, str(source), "-o", str(tmp_path / "out")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


ANSWER = {
    "title": "Acme Pixel",
    "slug": "acme-pixel",
    "version": "0.0.1",
    "output_type": "array",
    "request_schema": {
        "type": "object",
        "required": ["prompt"],
        "properties": {
            "prompt": {"type": "string", "minLength": 1, "maxLength": 500},
            "num_images": {"type": ["integer", "null"], "minimum": 1, "maximum": 4, "default": 1},
            "style": {"type": "string", "enum": ["flat", "noir", None], "description": "Look."},
            "image_url": {"type": "string", "format": "uri"},
            "mask": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def test_import_schema_reads_the_inputs_and_marks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "acme-pixel.json"
    source.write_text(json.dumps(ANSWER))
    assert run("import-schema", str(source), "-o", str(tmp_path)) == 1
    captured = capsys.readouterr()
    assert "note: inputs.mask: schema keywords not carried over: items" in captured.out
    data = load_yaml((tmp_path / "acme-pixel.yaml").read_text())
    assert {k: v for k, v in data["model"].items() if not isinstance(v, Marker)} == {
        "slug": "acme-pixel",
        "title": "Acme Pixel",
        "output_type": "array",
        "version": "0.0.1",
    }
    inputs = data["inputs"]
    assert inputs["prompt"] == {
        "type": "string",
        "required": True,
        "min_length": 1,
        "max_length": 500,
    }
    assert inputs["num_images"] == {"type": "integer", "minimum": 1, "maximum": 4, "default": 1}
    assert inputs["style"] == {"type": "string", "enum": ["flat", "noir"], "description": "Look."}
    assert isinstance(inputs["image_url"]["media"], Marker)
    assert isinstance(inputs["mask"]["type"], Marker)
    marked = [line.split(": ")[1] for line in captured.err.splitlines()[1:]]
    assert marked == [
        "model.provider",
        "model.category",
        "model.output_items",
        "model.estimated_processing_seconds",
        "inputs.image_url.media",
        "inputs.mask.type",
        "pricing.rules",
    ]
