from django.core.exceptions import PermissionDenied


class AccessDenied(PermissionDenied):
    """The acting user's role does not allow this action on this organization.

    The message is for logs and the command line; `public`, when given, is a translated
    sentence the web UI and the API show the user instead of a generic refusal."""

    def __init__(self, *args, public: str = ""):
        super().__init__(*args)
        self.public = public


class ImmutableRecord(Exception):
    """Raised when something tries to change or delete a change-log entry."""
