"""A bundle that was checked and refused: exit code 4, and a reason code that tests
and the rejection log use (the message itself is translated)."""

from __future__ import annotations

from app.errors import DvkError

EXIT_REFUSED = 4


class BundleRefused(DvkError):
    exit_code = EXIT_REFUSED

    def __init__(self, reason: str, message: str, unit: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.unit = unit  # the office whose key is in question, when known
