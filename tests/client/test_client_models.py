"""``client.models``: list and get models (discovery), sync and async, typed results."""

from __future__ import annotations

from typing import Any

import eachlabs
import httpx
import pytest
import respx
from client_support import BASE_URL, SLUG
from eachlabs._platform import GET_MODEL_PATH, LIST_MODELS_PATH

LIST_URL = BASE_URL + LIST_MODELS_PATH
GET_URL = BASE_URL + GET_MODEL_PATH
SUMMARY = {"title": "Wan", "slug": SLUG, "version": "0.0.1", "output_type": "video"}
OTHER = {"title": "Other", "slug": "acme-other", "version": "2", "output_type": "array", "x": 1}
SCHEMA = {"type": "object", "required": ["first_frame"], "properties": {}}


@pytest.mark.parametrize(
    "answer", [[SUMMARY, OTHER], {"models": [SUMMARY, OTHER]}], ids=["array", "object"]
)
def test_list_parses_either_answer_shape(
    client: eachlabs.Eachlabs, api: respx.MockRouter, answer: Any
) -> None:
    route = api.get(LIST_URL).respond(json=answer)
    models = client.models.list()
    assert route.calls.last.request.url.query == b""
    assert models == [
        eachlabs.ModelSummary(
            slug=SLUG, title="Wan", version="0.0.1", output_type="video", raw=SUMMARY
        ),
        eachlabs.ModelSummary(
            slug="acme-other", title="Other", version="2", output_type="array", raw=OTHER
        ),
    ]
    assert models[0].entry is eachlabs.REGISTRY[SLUG]
    assert models[1].entry is None


def test_list_sends_only_the_arguments_given(
    client: eachlabs.Eachlabs, api: respx.MockRouter
) -> None:
    route = api.get(LIST_URL).respond(json=[])
    assert client.models.list(name="wan 2.7", limit=500, offset=0) == []
    assert dict(route.calls.last.request.url.params) == {
        "name": "wan 2.7",
        "limit": "500",
        "offset": "0",
    }


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"limit": 0}, [("limit", "minimum")]),
        ({"limit": 501, "offset": -1}, [("limit", "maximum"), ("offset", "minimum")]),
        ({"limit": True, "name": 3}, [("name", "type"), ("limit", "type")]),
        ({"offset": 1.5}, [("offset", "type")]),
    ],
)
def test_invalid_arguments_are_refused_before_any_request(
    client: eachlabs.Eachlabs,
    api: respx.MockRouter,
    kwargs: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    route = api.get(LIST_URL).respond(json=[])
    with pytest.raises(eachlabs.InvalidArgumentsError) as caught:
        client.models.list(**kwargs)
    assert not route.called
    error = caught.value
    assert isinstance(error, ValueError) and error.operation == "models.list"
    assert [(issue.path, issue.constraint) for issue in error.errors] == expected
    assert all(issue.path in str(error) for issue in error.errors)


def test_get_returns_the_request_schema(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    body = {**SUMMARY, "request_schema": SCHEMA}
    route = api.get(GET_URL).respond(json=body)
    detail = client.models.get(SLUG)
    assert dict(route.calls.last.request.url.params) == {"slug": SLUG}
    assert detail == eachlabs.ModelDetail(
        slug=SLUG,
        title="Wan",
        version="0.0.1",
        output_type="video",
        request_schema=SCHEMA,
        raw=body,
    )
    assert detail.entry is eachlabs.REGISTRY[SLUG]


@pytest.mark.parametrize(
    ("call", "answer", "match"),
    [
        ("list", {"models": "no"}, "unexpected model list response"),
        ("list", [{"title": "no slug"}], "no slug"),
        ("get", SUMMARY, "no request_schema"),
        ("get", [], "no request_schema"),
    ],
)
def test_unexpected_answers_are_api_errors(
    client: eachlabs.Eachlabs, api: respx.MockRouter, call: str, answer: Any, match: str
) -> None:
    api.get(LIST_URL).respond(json=answer)
    api.get(GET_URL).respond(json=answer)
    with pytest.raises(eachlabs.APIError, match=match):
        client.models.list() if call == "list" else client.models.get(SLUG)


def test_unknown_slug_is_not_found(client: eachlabs.Eachlabs, api: respx.MockRouter) -> None:
    api.get(GET_URL).respond(404, json={"status": "error", "message": "Model 'x' not found"})
    with pytest.raises(eachlabs.NotFoundError, match="not found"):
        client.models.get("x")
    with pytest.raises(eachlabs.InvalidArgumentsError):
        client.models.get(None)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_async_list_and_get(
    async_client: eachlabs.AsyncEachlabs, api: respx.MockRouter
) -> None:
    api.get(LIST_URL).mock(return_value=httpx.Response(200, json=[SUMMARY]))
    api.get(GET_URL).mock(
        return_value=httpx.Response(200, json={**SUMMARY, "request_schema": SCHEMA})
    )
    [summary] = await async_client.models.list(limit=1)
    detail = await async_client.models.get(summary.slug)
    assert (summary.slug, detail.request_schema) == (SLUG, SCHEMA)
    with pytest.raises(eachlabs.InvalidArgumentsError):
        await async_client.models.list(limit=0)
