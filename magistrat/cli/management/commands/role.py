"""`magistrat role set|remove|list`: roles of login accounts in organizations."""

from django.core.management.base import CommandError

from magistrat.cli.base import MagistratCommand
from magistrat.organizations import accounts, selectors
from magistrat.organizations.models import Account, Role


class Command(MagistratCommand):
    help = ("Manage roles: set USERNAME --org ORG [--role ROLE] [--descendants] | "
            "remove USERNAME --org ORG | list [--org ORG] [USERNAME]. "
            f"Roles: {', '.join(Role.values)}.")
    acts_as_user = True

    def add_command_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="set|remove|list")
        setting = sub.add_parser("set", help="give a role in an organization (replacing the one "
                                              "the account had there)")
        setting.add_argument("username")
        setting.add_argument("--org", required=True, help="organization slug or id")
        setting.add_argument("--role", choices=Role.values, default=Role.VIEWER,
                             help="the role (default: viewer, the least privilege)")
        setting.add_argument("--descendants", action="store_true",
                             help="the role reaches the organization's subordinate units")
        removing = sub.add_parser("remove", help="remove the account's role in an organization")
        removing.add_argument("username")
        removing.add_argument("--org", required=True, help="organization slug or id")
        listing = sub.add_parser("list", help="list roles: user, organization, role, reach")
        listing.add_argument("username", nargs="?")
        listing.add_argument("--org", help="only this organization and its subordinate units")
        for subparser in (setting, removing, listing):
            self.add_as_option(subparser, subcommand=True)

    def handle(self, *args, action, **options):
        actor = self.actor(options)
        if action == "list":
            return self.list(actor, options)
        account = self.account(actor, options["username"])
        organization = self.organization(actor, options["org"])
        if action == "set":
            membership = accounts.membership_set(
                user=actor, member=account, organization=organization, role=options["role"],
                include_descendants=options["descendants"])
            reach = " and its subordinate units" if membership.include_descendants else ""
            self.stdout.write(f"{account.username} is {membership.role} in {organization.slug}{reach}")
        else:
            membership = selectors.membership_list(user=actor).filter(
                user=account, organization=organization).first()
            if membership is None:
                raise CommandError(f"{account.username} has no role in {organization.slug}")
            accounts.membership_delete(user=actor, membership=membership)
            self.stdout.write(f"removed the role of {account.username} in {organization.slug}")

    def list(self, actor, options):
        within = self.organization(actor, options["org"]) if options.get("org") else None
        memberships = selectors.membership_list(user=actor, within=within).order_by(
            "user__username", "organization__tree_path")
        if options.get("username"):
            memberships = memberships.filter(user=self.account(actor, options["username"]))
        for m in memberships:
            reach = "with subordinate units" if m.include_descendants else "this unit only"
            self.stdout.write(f"{m.user.username}\t{m.organization.slug}\t{m.role}\t{reach}")

    @staticmethod
    def account(actor, username):
        try:
            return selectors.find_account(user=actor, username=username)
        except Account.DoesNotExist:
            raise CommandError(f"no user named {username!r} that you may manage") from None
