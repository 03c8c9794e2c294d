"""Errors a user can read. Every message is Vietnamese (through gettext) and says what
is wrong and what to do; the CLI prints it on one line, the window in a dialog or
beside the field."""

from __future__ import annotations


class DvkError(Exception):
    """A failure explained to the user. `message` is already translated."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(DvkError):
    """Input that cannot be saved; `fields` maps a field name to its message."""

    def __init__(self, fields: dict[str, str], message: str | None = None):
        from app.i18n import _

        self.fields = dict(fields)
        summary = message or _("Please correct the highlighted fields.")
        if not message and fields:
            summary = summary + " " + "; ".join(self.fields.values())
        super().__init__(summary)


class NotFoundError(DvkError):
    pass


class StorageError(DvkError):
    """The database file cannot be read or written (disk full, read-only, locked...).
    `reason` says which ("full", "readonly", "busy", "damaged", "unopenable", "other"),
    so the window can offer the way out that fits (a damaged file: restore a backup)."""

    exit_code = 3

    def __init__(self, message: str, reason: str = "other"):
        super().__init__(message)
        self.reason = reason


class PermissionDenied(DvkError):
    """The signed-in user's role does not allow this (or nobody is signed in while
    accounts are on)."""
