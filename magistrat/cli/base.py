"""Shared pieces of Magistrat's management commands: --as USER, one-line errors."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from magistrat.core.exceptions import AccessDenied
from magistrat.organizations import access


class MagistratCommand(BaseCommand):
    """Turns user mistakes into a one-line error and a non-zero exit, never a traceback."""

    acts_as_user = False

    def add_arguments(self, parser):
        if self.acts_as_user:
            parser.add_argument(
                "--as", dest="as_user", metavar="USERNAME",
                help="act as this user, with their roles (default: the server operator, "
                     "who sees everything)",
            )
        self.add_command_arguments(parser)

    def add_command_arguments(self, parser):
        pass

    def actor(self, options):
        username = options.get("as_user")
        if not username:
            return access.SYSTEM
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except ObjectDoesNotExist:
            raise CommandError(f"no active user named {username!r}") from None

    def organization(self, actor, reference: str):
        """An organization by slug or id that `actor` may see, or a one-line error."""
        from magistrat.organizations.models import Organization
        from magistrat.organizations.selectors import find_organization

        try:
            return find_organization(user=actor, reference=reference)
        except Organization.DoesNotExist:
            raise CommandError(f"no organization {reference!r} that you may see") from None

    def execute(self, *args, **options):
        # The command line speaks English, like its --help; what it writes for people (reports,
        # demo records) is Polish by choice of the code that writes it.
        try:
            with translation.override("en"):
                return super().execute(*args, **options)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                text = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            else:
                text = " ".join(exc.messages)
            raise CommandError(text) from None
        except AccessDenied as exc:
            raise CommandError(f"permission denied ({exc})") from None
