"""Done means: a new model page dropped into ``import-doc``, then ``generate``, gives a working
typed client method and a mock that serves it, with no code edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from generator_support import ROOT, load_package

from generator.cli import main
from generator.spec import load_spec
from mockserver.config import MockConfig
from mockserver.inprocess import InProcessMock

PAGE = ROOT / "tests" / "fixtures" / "pages" / "kling-v2-6-pro-text-to-video.md"  # a new model


def test_page_to_client_and_mock(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec_dir)
    assert main(["import-doc", str(PAGE), "-o", str(spec_dir / "models"), "--force"]) == 0
    assert main(["generate", "--spec", str(spec_dir), "--out", str(tmp_path / "out")]) == 0
    package = load_package(tmp_path / "out" / "eachlabs", "eachlabs_with_kling")

    with (
        InProcessMock(load_spec(spec_dir), MockConfig(jitter=0)) as mock,
        package.Eachlabs(api_key="k") as client,
    ):
        kling = client.kling_v2_6_pro_text_to_video
        created = kling.create(prompt="two friends meet", duration="5", cfg_scale=0.7)
        mock.advance(170)
        prediction = client.predictions.get(created.id)
        assert prediction.succeeded and prediction.output.endswith(".mp4")
        [sent] = [r for r in mock.requests() if r["method"] == "POST"]
        with pytest.raises(package.InputValidationError) as caught:
            kling.create(prompt="x", duration="7", cfg_scale=2)
        assert [(e.path, e.constraint) for e in caught.value.errors] == [
            ("duration", "enum"),
            ("cfg_scale", "maximum"),
        ]
        with pytest.raises(
            package.PriceUnavailableError, match="Pricing information not available"
        ):
            kling.estimate_cost(prompt="x")
        assert [m.slug for m in client.models.list(name="kling")] == [
            "kling-v2-6-pro-text-to-video"
        ]
    assert sent["status"] == 200
