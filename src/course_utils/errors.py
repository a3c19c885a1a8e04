"""The one exception type for bad input, and a kind way to show it."""

from __future__ import annotations


class CourseInputError(ValueError):
    """Bad input to a model or helper; the message is written for a learner.

    ``argument`` names the offending argument so that an explorer or a check can
    point at the control or the variable at fault.
    """

    def __init__(self, message: str, argument: str | None = None):
        super().__init__(message)
        self.argument = argument


class CourseDataError(RuntimeError):
    """A shipped or supplied data file does not match its schema."""
