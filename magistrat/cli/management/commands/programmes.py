from django.core.management.base import CommandError

from magistrat.cli.base import MagistratCommand
from magistrat.core.formatting import date


class Command(MagistratCommand):
    help = ("Grant programmes from the catalogue (magistrat/grants/programmes/*.yaml): "
            "`load [--update]` creates the missing ones (and with --update brings the others in line "
            "with their files); `list` shows them and whether they differ from their files.")

    def add_command_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="load|list")
        load = sub.add_parser("load", help="create missing programmes; idempotent")
        load.add_argument("--update", action="store_true",
                          help="also overwrite programmes that differ from their files (edits made in "
                               "the web UI or API are lost)")
        sub.add_parser("list", help="list programmes: code, name, eligibility window, projects, file")

    def handle(self, *args, action, **options):
        from magistrat.grants import catalogue
        from magistrat.organizations import access

        try:
            if action == "load":
                self._load(catalogue.sync(user=access.SYSTEM, update=options["update"]))
            else:
                self._list(catalogue.file_differences())
        except catalogue.CatalogueError as exc:
            raise CommandError(str(exc)) from None

    def _load(self, outcomes):
        counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
        for outcome in outcomes:
            counts[outcome.action] += 1
            fields = ", ".join(outcome.fields)
            if outcome.action == "created":
                self.stdout.write(f"created {outcome.code} ({outcome.name})")
            elif outcome.action == "updated":
                self.stdout.write(f"updated {outcome.code}: {fields}")
            elif outcome.action == "kept":
                self.stdout.write(f"left {outcome.code} as it is: differs from its file in {fields} "
                                  "(--update overwrites)")
            else:
                self.stdout.write(f"left {outcome.code} unchanged")
        self.stdout.write(f"{len(outcomes)} programme file{'s' if len(outcomes) != 1 else ''}: "
                          f"{counts['created']} created, {counts['updated']} updated, "
                          f"{counts['unchanged']} unchanged, {counts['kept']} left as edited")

    def _list(self, files):
        from django.db.models import Count

        from magistrat.grants.models import Program

        for program in Program.objects.annotate(projects_count=Count("projects")).order_by("code"):
            window = " – ".join(date(d) for d in (program.eligibility_start, program.eligibility_end) if d) or "—"
            differs = files.get(program.code)
            state = "no file" if differs is None else (f"differs from its file in {', '.join(differs)}"
                                                        if differs else "as in its file")
            self.stdout.write(f"{program.code}\t{program.name}\t{window}\t"
                              f"{program.projects_count} project{'s' if program.projects_count != 1 else ''}"
                              f"\t{state}")
