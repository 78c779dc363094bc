from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from magistrat.api.models import ApiToken
from magistrat.api.services import token_create, token_revoke
from magistrat.cli.base import MagistratCommand
from magistrat.core.formatting import date


class Command(MagistratCommand):
    help = "Manage API tokens: create USERNAME | list [USERNAME] | revoke PREFIX."
    acts_as_user = True

    def add_command_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = sub.add_parser("create", help="create a token; the key is printed alone on the last line")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = sub.add_parser("list", help="list tokens (prefixes only, never keys)")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")
        for subparser in (create, listing, revoke):
            self.add_as_option(subparser, subcommand=True)

    def handle(self, *args, action, **options):
        actor = self.actor(options)
        if action == "create":
            owner = self.user(options["username"])
            token, key = token_create(user=actor, owner=owner, name=options["name"])
            self.stderr.write(f"token {token.prefix} created for {owner.username}; "
                              "store the key now, it is not shown again:")
            self.stdout.write(key)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
            if not getattr(actor, "is_superuser", False):
                tokens = tokens.filter(user=actor)  # --as USER sees only their own tokens
            if options.get("username"):
                tokens = tokens.filter(user=self.user(options["username"]))
            for token in tokens:
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}\t{token.user.username}\t{state}\t"
                                  f"{date(token.created_at)}\t{token.name}")
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"no token with prefix {options['prefix']!r}")
            token_revoke(user=actor, token=token)
            self.stdout.write(f"revoked {token.prefix}")

    def user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
