"""The mock engine as a state machine: limits, lifecycle, isolation, webhooks."""

from __future__ import annotations

from .engine_machine import EngineMachine

TestEngineMachine = EngineMachine.TestCase
