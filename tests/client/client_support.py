"""Constants and helpers shared by the client tests."""

from __future__ import annotations

from typing import Any

from eachlabs._platform import CREATE_PREDICTION_PATH, GET_PREDICTION_PATH

BASE_URL = "https://api.example.test/v1"
API_KEY = "sk-test-0123456789-secret"
SLUG = "alibaba-wan-2-7-image-to-video"
VALID_INPUT: dict[str, Any] = {"first_frame": "https://cdn.example.com/frame.png", "duration": 5}
PREDICTION_ID = "pred-123"
CREATE_URL = BASE_URL + CREATE_PREDICTION_PATH
GET_URL = BASE_URL + GET_PREDICTION_PATH.format(id=PREDICTION_ID)


def created_json(prediction_id: str = PREDICTION_ID) -> dict[str, Any]:
    return {"status": "success", "message": "Prediction created", "predictionID": prediction_id}


def prediction_json(status: str, **extra: Any) -> dict[str, Any]:
    return {"predictionID": PREDICTION_ID, "status": status, **extra}


class FakeTime:
    """Stands in for ``time.monotonic`` and ``sleep``: sleeping advances the clock instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
