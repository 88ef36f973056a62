"""Any model file in the spec is served with no code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
from mockserver_helpers import SPEC_DIR, headers

from generator.spec import load_spec
from mockserver.config import MockConfig
from mockserver.inprocess import InProcessMock

NEW_MODEL = """\
format_version: 1
model:
  slug: acme-pixel-1.0
  title: Acme | Pixel
  provider: Acme
  category: Text to Image
  output_type: array
  output_items: image
  version: 2.0.0
  estimated_processing_seconds: 4
  example_input: {prompt: a cat}
inputs:
  prompt: {type: string, required: true, min_length: 1}
  scale: {type: number, minimum: 0.5, maximum: 2, default: 1}
  style: {type: string, enum: [flat, noir], default: flat}
pricing:
  rules:
    - label: flat
      flat: "0.01"
  example_estimate: "0.01"
"""


def test_new_model_file_is_served(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, spec_dir)
    (spec_dir / "models" / "acme-pixel-1.0.yaml").write_text(NEW_MODEL)
    spec = load_spec(spec_dir)
    with (
        InProcessMock(spec, MockConfig(jitter=0)) as mock,
        httpx.Client(base_url=mock.base_url, headers=headers()) as client,
    ):
        bad = client.post(
            "/prediction/", json={"model": "acme-pixel-1.0", "input": {"prompt": "", "scale": 3}}
        )
        assert [(d["path"], d["constraint"]) for d in bad.json()["details"]] == [
            ("prompt", "min_length"),
            ("scale", "maximum"),
        ]
        assert (
            client.post(
                "/prediction/",
                json={"model": "acme-pixel-1.0", "version": "0.0.1", "input": {"prompt": "x"}},
            ).status_code
            == 404
        )
        created = client.post(
            "/prediction/",
            json={
                "model": "acme-pixel-1.0",
                "version": "2.0.0",
                "input": {"prompt": "x", "scale": 1.5},
            },
        )
        pid = created.json()["predictionID"]
        mock.advance(4)
        body = client.get(f"/prediction/{pid}").json()
        assert body["status"] == "success"
        assert body["metrics"]["predict_time"] == 4
        [url] = body["output"]
        assert url.endswith(".png")
        image = client.get(url)
        assert image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")
