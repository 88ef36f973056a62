"""Fixtures for the mock server tests (the mock fixtures come from the plugin)."""

from mockserver_helpers import receiver

__all__ = ["receiver"]
