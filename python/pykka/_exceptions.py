"""Pykka's exception types."""

__all__ = ["ActorDeadError", "Timeout"]


class ActorDeadError(Exception):
    """Exception raised when trying to use a dead or unavailable actor."""


class Timeout(Exception):  # noqa: A001 - Pykka's public name
    """Exception raised at future timeout."""
