"""Shared pieces of Magistrat's management commands: --as USER, one-line errors, output files."""

import argparse
import contextlib
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from magistrat.core.exceptions import AccessDenied
from magistrat.organizations import access

AS_HELP = ("act as this user, with their roles (default: the server operator, who sees "
           "everything); may come anywhere on the command line")
STDOUT = "-"


class MagistratCommand(BaseCommand):
    """Turns user mistakes into a one-line error and a non-zero exit, never a traceback."""

    acts_as_user = False

    def add_arguments(self, parser):
        if self.acts_as_user:
            self.add_as_option(parser)
        self.add_command_arguments(parser)

    def add_command_arguments(self, parser):
        pass

    @staticmethod
    def add_as_option(parser, *, subcommand: bool = False):
        """--as USERNAME; a subcommand's parser gets it too (`token list --as NAME`), without
        overwriting a value given before the subcommand."""
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help=AS_HELP,
                            default=argparse.SUPPRESS if subcommand else None)

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

    @staticmethod
    def documents_language():
        """Files the command writes for people (exports, reports) are in the interface's default
        language, Polish, like those from the web UI; the command's own messages stay English."""
        return translation.override(settings.LANGUAGE_CODE)

    @contextlib.contextmanager
    def output(self, target: str, *, binary: bool):
        """Open `target` for writing bytes; "-" is standard output — for a binary format
        (XLSX, PDF) only when it is piped or redirected, never onto a terminal."""
        if target == STDOUT:
            if binary and sys.stdout.isatty():
                raise CommandError("will not write a binary file to the terminal: redirect it "
                                   "(> file.xlsx) or pipe it, or name a file with -o")
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
            return
        path = Path(target)
        if not path.parent.exists():
            raise CommandError(f"directory {path.parent} does not exist")
        try:
            handle = path.open("wb")
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        with handle:
            yield handle

    def say(self, target: str, message: str) -> None:
        """A message about what was written: on standard error when the file itself goes to
        standard output, so the two do not mix."""
        (self.stderr if target == STDOUT else self.stdout).write(message)

    def execute(self, *args, **options):
        # The command line speaks English, like its --help; what it writes for people (reports,
        # exports, demo records) is Polish (documents_language). Messages are put into words
        # inside the override: a lazy validation message would otherwise come out in Polish.
        with translation.override("en"):
            try:
                return super().execute(*args, **options)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    text = "; ".join(f"{field}: {' '.join(msgs)}"
                                     for field, msgs in exc.message_dict.items())
                else:
                    text = " ".join(exc.messages)
                raise CommandError(text) from None
            except AccessDenied as exc:
                raise CommandError(f"permission denied ({exc})") from None
