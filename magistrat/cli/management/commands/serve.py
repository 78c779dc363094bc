import os
import sys

from django.conf import settings
from django.core.management import call_command

from magistrat.cli.base import MagistratCommand


class Command(MagistratCommand):
    help = "Serve the web UI and API: gunicorn (production-grade) unless MAGISTRAT_DEBUG is on."

    def add_command_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("MAGISTRAT_WORKERS", 3)),
                            help="gunicorn worker processes (default 3)")

    def handle(self, *args, host, port, workers, **options):
        if not 0 < port < 65536:
            from django.core.management.base import CommandError

            raise CommandError(f"port must be between 1 and 65535, not {port}")
        self.stdout.write(f"Magistrat on http://{host}:{port}/")
        sys.stdout.flush()
        if settings.DEBUG:
            call_command("runserver", f"{host}:{port}")
            return
        os.execvp(sys.executable, [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--timeout", "60",
        ])
