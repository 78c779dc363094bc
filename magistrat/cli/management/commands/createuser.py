import getpass
import os
import sys

from django.core.management.base import CommandError

from magistrat.cli.base import MagistratCommand
from magistrat.organizations import services
from magistrat.organizations.models import Role


class Command(MagistratCommand):
    help = ("Create a login account; with --org also give it a role there (--role, viewer "
            "unless given). "
            "The password comes from MAGISTRAT_PASSWORD, standard input (--password-stdin) "
            "or a prompt.")

    def add_command_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--superuser", action="store_true",
                            help="an installation administrator")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from standard input")
        parser.add_argument("--org", help="organization slug or id for the role")
        parser.add_argument("--role", choices=Role.values,
                            help="role in --org (default: viewer, the least privilege)")
        parser.add_argument("--descendants", action="store_true",
                            help="the role reaches the organization's subordinate units")

    def handle(self, *args, username, org, role, **options):
        if role and not org:
            raise CommandError("--role needs --org: the organization where the role applies")
        if org and not role:
            role = Role.VIEWER
        actor = self.actor(options)
        organization = self.organization(actor, org) if org else None
        password = self.password(options)
        account = services.user_create(
            user=actor, username=username, password=password, email=options["email"],
            first_name=options["first_name"], last_name=options["last_name"],
            is_superuser=options["superuser"], organization=organization, role=role or "",
            include_descendants=options["descendants"],
        )
        self.stdout.write(f"created user {account.username}")
        if password is None:
            # Said only once the account exists: a failure has its own message.
            self.stderr.write("no password given: the account cannot log in until one is set "
                              "(magistrat changepassword USERNAME)")

    def password(self, options):
        if options["password_stdin"]:
            return sys.stdin.readline().rstrip("\n")
        if os.environ.get("MAGISTRAT_PASSWORD"):
            return os.environ["MAGISTRAT_PASSWORD"]
        if sys.stdin.isatty():
            first = getpass.getpass("Password: ")
            if first != getpass.getpass("Password (again): "):
                raise CommandError("the passwords differ")
            return first or None
        return None
