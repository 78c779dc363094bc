from magistrat.cli.base import MagistratCommand
from magistrat.organizations import demo
from magistrat.organizations.models import Organization


class Command(MagistratCommand):
    help = "Load the Mikstat demo (illustrative data); running it again changes nothing."

    def add_command_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="only when the database has no organization yet")

    def handle(self, *args, if_empty, **options):
        if if_empty and Organization.objects.exists():
            self.stdout.write("database not empty: demo not loaded")
            return
        result = demo.load()
        self.stdout.write(
            f"demo ready: {result['organizations']} organizations, {result['people']} people, "
            f"{result['assets']} assets; "
            f"log in as {demo.DEMO_USERNAME} / {demo.DEMO_PASSWORD}"
        )
