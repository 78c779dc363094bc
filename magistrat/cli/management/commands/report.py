from django.core.management.base import CommandError
from django.db.models import Q

from magistrat.cli.base import MagistratCommand
from magistrat.core.ids import parse_id
from magistrat.grants.selectors import project_list


class Command(MagistratCommand):
    help = ("Write a report. `report grant PROJECT --format pdf|xlsx -o FILE`: the settlement report "
            "of a grant project (PROJECT: its id, agreement number or umbrella number).")
    acts_as_user = True

    def add_command_arguments(self, parser):
        parser.add_argument("kind", choices=["grant"])
        parser.add_argument("project", metavar="PROJECT")
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("-o", "--output", required=True,
                            help="file to write; - for standard output (into a pipe or a redirection)")
        parser.add_argument("--org", help="organization slug or id, when the number is ambiguous")

    def handle(self, *args, project, output, org, **options):
        from magistrat.grants.documents import settlement_pdf, settlement_xlsx

        actor = self.actor(options)
        projects = project_list(user=actor)
        if org:
            projects = projects.filter(organization=self.organization(actor, org))
        match = Q(agreement_number=project) | Q(umbrella_number=project)
        if parse_id(project) is not None:
            match |= Q(pk=parse_id(project))
        found = list(projects.filter(match)[:10])
        if not found:
            raise CommandError(f"no grant project {project!r} that you may see")
        if len(found) > 1:
            names = ", ".join(f"{p.pk} ({p.organization.slug})" for p in found)
            raise CommandError(f"{project!r} matches several projects: {names}; add --org or use the id")
        writer = settlement_pdf if options["format"] == "pdf" else settlement_xlsx
        with self.output(output, binary=True) as handle, self.documents_language():
            writer(found[0], handle)
        target = "standard output" if output == "-" else output
        self.say(output, f"wrote the settlement report of {found[0].title!r} to {target}")
