from django.core.exceptions import PermissionDenied


class AccessDenied(PermissionDenied):
    """The acting user's role does not allow this action on this organization."""


class ImmutableRecord(Exception):
    """Raised when something tries to change or delete a change-log entry."""
