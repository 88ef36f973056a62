"""``run()`` of the generated client against the in-process mock, for every scripted outcome.

The client sleeps and reads time on the mock's virtual clock, so a run of minutes takes
microseconds and no test sleeps.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import event
from hypothesis import strategies as st

from mockserver.inprocess import InProcessMock
from mockserver.outcomes import KINDS

from .properties import Property, http, pairs, tls
from .strategies import TEXT, Violation, invalid_inputs, json_values, valid_inputs
from .targets import API_KEY, Target

MAX_RETRIES = 2


@dataclass(frozen=True)
class Script:
    """One run: the input, how the mock is scripted to end it, and the client's timeout."""

    input: dict[str, Any]
    broken: list[Violation] = field(default_factory=list)
    """The input's violations: the client must refuse it before sending anything."""
    outcome: dict[str, Any] = field(default_factory=dict)
    timeout: int | None = None
    use_async: bool = False


@st.composite
def scripts(draw: st.DrawFn, target: Target) -> Script:
    """A run: an invalid input now and then, else any outcome the mock can be scripted with."""
    use_async = draw(st.booleans())
    if draw(st.integers(0, 7)) == 0:
        input, broken = draw(invalid_inputs(target.platform, target.model))
        event("run: invalid input")
        return Script(input, broken, use_async=use_async)
    input = draw(valid_inputs(target.platform, target.model, extras=False))
    kind = draw(st.sampled_from(KINDS))
    outcome: dict[str, Any] = {"outcome": kind}
    timeout = None
    if kind == "fault":
        outcome["status"] = draw(st.integers(500, 599))
    elif draw(st.booleans()):  # a timeout at least a second away from the end
        outcome["seconds"] = seconds = draw(st.integers(0, 300))
        timeout = draw(st.integers(1, 300).filter(lambda t: abs(t - seconds) >= 1))
    else:
        outcome["poll_faults"] = draw(st.integers(0, MAX_RETRIES + 1))
    if kind == "error":
        outcome["message"] = draw(st.text(TEXT, min_size=1, max_size=20))
        outcome["details"] = draw(json_values())
    if kind == "success" and draw(st.booleans()):
        outcome["output"] = draw(json_values())
    event(f"run: {kind}" + (" with timeout" if timeout else ""))
    return Script(input, [], outcome, timeout, use_async)


def start_run(target: Target, script: Script, client: Any) -> Any:
    """``run()`` of the model's typed resource; of ``client.predictions`` for an invalid input
    (which the typed signature could not even take)."""
    if script.broken:
        return client.predictions.run(target.model.slug, script.input, timeout=script.timeout)
    return getattr(client, target.model.python_name).run(**script.input, timeout=script.timeout)


def run(target: Target, script: Script, mock: InProcessMock) -> Any:
    """The result of ``run()``: the prediction, or the exception the client raised."""
    package = target.package
    options = {
        "api_key": API_KEY,
        "base_url": target.platform.base_url,
        "max_retries": MAX_RETRIES,
        "clock": mock.now,  # waits and backoff run on the mock's virtual clock
    }
    try:
        if script.use_async:

            async def main() -> Any:
                async with httpx.AsyncClient(verify=tls()) as http_client:
                    client = package.AsyncEachlabs(
                        **options, http_client=http_client, sleep=mock.async_sleep
                    )
                    return await start_run(target, script, client)

            return asyncio.run(main())
        client = package.Eachlabs(**options, http_client=http(), sleep=mock.sleep)
        return start_run(target, script, client)
    except package.EachlabsError as error:
        return error


def error_class(target: Target, status: int) -> Any:
    """The exception the client raises for an HTTP ``status`` (by the spec's ``errors``)."""
    entry = target.platform.error_for(status)
    return getattr(target.package, f"{entry.name}Error") if entry else target.package.APIStatusError


def check_run(target: Target, script: Script) -> None:
    package = target.package
    with target.mock() as mock:
        if script.outcome:
            mock.script(**script.outcome)
        result = run(target, script, mock)
        created = mock.predictions()
        finished = [mock.prediction(p["predictionID"]) for p in created]
    outcome = script.outcome
    kind = outcome.get("outcome")
    if script.broken:
        assert isinstance(result, package.InputValidationError)
        assert pairs(result.errors) == script.broken
        assert mock.requests() == []
    elif kind == "fault":
        assert isinstance(result, error_class(target, outcome["status"]))
        assert result.status_code == outcome["status"]
        assert created == []
    elif outcome.get("poll_faults", 0) > MAX_RETRIES:
        assert isinstance(result, error_class(target, 503))
        assert result.status_code == 503
    elif script.timeout is not None and outcome["seconds"] > script.timeout:
        assert isinstance(result, package.WaitTimeoutError)
        assert result.last is not None and not result.last.done
    elif kind == "error":
        assert isinstance(result, package.PredictionFailedError), result
        assert (result.message, result.details) == (outcome["message"], outcome["details"])
        assert result.prediction.failed
    else:
        assert isinstance(result, package.Prediction), result
        assert result.succeeded
        [prediction] = finished
        assert result.id == prediction["predictionID"]
        assert result.output == prediction["result"]["output"]
        if "output" in outcome:
            assert result.output == outcome["output"]


RUN = Property("run() ends as scripted", scripts, check_run)
