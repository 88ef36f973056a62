"""Discovery on the mock: ``GET /v1/models`` and ``GET /v1/model?slug=``, from the spec, on a
live socket and through respx; the ``request_schema`` round-trips through ``import-schema``."""

from __future__ import annotations

from typing import Any

import eachlabs
import httpx
import pytest
import yaml
from mockserver_helpers import SPEC_DIR

from generator.importers import import_schema, to_yaml
from generator.spec import load_spec

SPEC = load_spec(SPEC_DIR)
SLUGS = list(SPEC.models)


def test_list_needs_no_key_and_pages_in_slug_order(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=eachlabs_mock_server.base_url) as client:
        everything = client.get("/models")
        assert everything.status_code == 200
        assert [m["slug"] for m in everything.json()] == SLUGS
        assert everything.json()[0] == {
            "title": SPEC.models[SLUGS[0]].model.title,
            "slug": SLUGS[0],
            "version": SPEC.models[SLUGS[0]].model.version,
            "output_type": SPEC.models[SLUGS[0]].model.output_type,
        }
        page = client.get("/models", params={"limit": 2, "offset": 1}).json()
        assert [m["slug"] for m in page] == SLUGS[1:3]
        assert client.get("/models", params={"offset": 99}).json() == []
        wan = client.get("/models", params={"name": "WAN 2.7"}).json()
        assert [m["slug"] for m in wan] == [s for s in SLUGS if "wan-2-7" in s]
        by_title = client.get("/models", params={"name": "veo 3.1"}).json()
        assert [m["slug"] for m in by_title] == ["veo3-1-text-to-video"]
    [logged, *_] = eachlabs_mock_server.requests()
    assert (logged["path"], logged["status"], logged["api_key"]) == ("/v1/models", 200, None)


@pytest.mark.parametrize(
    ("query", "details"),
    [
        ({"limit": "0"}, [("limit", "minimum")]),
        ({"limit": "501"}, [("limit", "maximum")]),
        ({"limit": "ten", "offset": "-1"}, [("limit", "type"), ("offset", "minimum")]),
        ({"offset": "1.5"}, [("offset", "type")]),
        ({"offset": "", "name": ""}, [("offset", "type")]),  # empty is not an integer
    ],
)
def test_invalid_list_parameters_get_the_documented_400(
    eachlabs_mock_server,
    query: dict[str, str],
    details: list[tuple[str, str]],  # type: ignore[no-untyped-def]
) -> None:
    response = httpx.get(f"{eachlabs_mock_server.base_url}/models", params=query)
    assert response.status_code == 400
    body = response.json()
    assert (body["status"], body["message"]) == ("error", "Invalid query parameters")
    assert [(d["path"], d["constraint"]) for d in body["details"]] == details
    assert all(d["message"] for d in body["details"])


def test_get_model_and_its_errors(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=eachlabs_mock_server.base_url) as client:
        detail = client.get("/model", params={"slug": "flux-2"}).json()
        assert list(detail) == ["title", "slug", "version", "output_type", "request_schema"]
        schema = detail["request_schema"]
        assert schema["required"] == ["prompt"]
        assert schema["properties"]["num_images"] == {
            "type": "integer",
            "description": "The number of images to generate.",
            "minimum": 1,
            "maximum": 4,
            "default": 1,
        }
        missing = client.get("/model")
        assert missing.status_code == 400
        assert missing.json()["details"][0]["constraint"] == "required"
        unknown = client.get("/model", params={"slug": "nope"})
        assert unknown.status_code == 404
        assert unknown.json()["message"] == "Model 'nope' not found"


def test_health_names_the_spec_it_serves(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    health = eachlabs_mock_server.health()
    assert health["spec_hash"] == SPEC.content_hash == eachlabs.SPEC_HASH
    assert health["models"] == SLUGS


def test_generated_client_discovers_through_respx(eachlabs_mock) -> None:  # type: ignore[no-untyped-def]
    with eachlabs.Eachlabs(api_key="k") as client:
        listed = client.models.list(name="flux")
        assert [m.slug for m in listed] == ["flux-2"]
        assert listed[0].entry is eachlabs.REGISTRY["flux-2"]
        detail = client.models.get("eachlabs-llm-router")
        assert detail.request_schema["properties"] == {"input": {"type": "object"}}
        with pytest.raises(eachlabs.NotFoundError):
            client.models.get("nope")


def _without_markers(value: Any) -> Any:
    """The content of an imported file with every ``!review`` node dropped."""
    if isinstance(value, dict):
        return {k: _without_markers(v) for k, v in value.items() if not _is_marker(v)}
    return value


def _is_marker(value: Any) -> bool:
    return isinstance(value, dict) and "!review" in value


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!review", lambda loader, node: {"!review": True})


@pytest.mark.parametrize("slug", SLUGS)
def test_request_schema_round_trips_through_import_schema(eachlabs_mock, slug: str) -> None:  # type: ignore[no-untyped-def]
    answer = httpx.get(f"{eachlabs_mock.base_url}/model", params={"slug": slug}).json()
    imported = yaml.load(
        to_yaml(import_schema(answer, "answer.json")), Loader=_Loader
    )  # a SafeLoader
    committed = yaml.safe_load((SPEC_DIR / "models" / f"{slug}.yaml").read_text())
    assert imported["inputs"] == committed["inputs"]
    info = committed["model"]
    identity = {key: info[key] for key in ("slug", "title", "summary", "output_type", "version")}
    assert _without_markers(imported["model"]) == identity
    markers = [key for key, value in imported["model"].items() if _is_marker(value)]
    expected = ["provider", "category", "estimated_processing_seconds"]
    if info["output_type"] == "array":
        expected.insert(2, "output_items")
    assert markers == expected
    assert _is_marker(imported["pricing"]["rules"])


def test_an_empty_slug_is_an_unknown_model(eachlabs_mock_server) -> None:  # type: ignore[no-untyped-def]
    # Found by schemathesis: the document types `slug` as any string, so "" is a model name.
    response = httpx.get(f"{eachlabs_mock_server.base_url}/model", params={"slug": ""})
    assert response.status_code == 404
    assert httpx.get(f"{eachlabs_mock_server.base_url}/model").status_code == 400  # missing
