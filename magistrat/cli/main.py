"""The `magistrat` command: Magistrat's own commands plus every Django management command."""

import os
import sys

OVERVIEW = """\
Magistrat — the back office of a municipal office.

Usage: magistrat COMMAND [options]      (magistrat COMMAND --help for details)

Commands:
  serve [--host H] [--port P]   serve the web UI and API (gunicorn unless debug is on) and
                                run the background worker beside it (--no-worker: do not)
  migrate                       create or update the database tables
  createuser USERNAME           create a login account, optionally with a role
  role set|remove|list          give, remove or list roles (role set USER --org ORG [--role R];
                                viewer when no role is named)
  token create USERNAME         create an API token (printed alone on the last line)
  token list|revoke             list or revoke API tokens
  demo                          load the Mikstat demo (idempotent)
  export assets|people|organizations   write a list to CSV, XLSX or PDF (-o - for stdout)
  import assets FILE --org ORG  import equipment from CSV/XLSX (--dry-run, --update, --create-missing)
  import expenditures FILE --project ID   import a grant project's invoices
  report grant PROJECT --format pdf|xlsx -o FILE   a grant project's settlement report
  programmes load [--update]|list   grant programmes from the catalogue files
  check [--deploy]              check the configuration
  help                          all commands, Django's included

--as USERNAME (token, role, export, import, report) acts with that user's roles.

Configuration: MAGISTRAT_DATABASE_URL, MAGISTRAT_DATA_DIR, MAGISTRAT_SECRET_KEY,
MAGISTRAT_DEBUG, MAGISTRAT_ALLOWED_HOSTS, MAGISTRAT_EMAIL_URL (see README).
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(OVERVIEW)
        return
    if argv[1] == "help" and len(argv) == 2:
        argv[1] = "--help"

    from magistrat.core.context import CLI, set_channel

    set_channel(CLI)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        from django.conf import settings

        _ = settings.INSTALLED_APPS   # read the settings now: a bad MAGISTRAT_* value is one line
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        fail(f"configuration error: {exc}")
    except OperationalError as exc:
        fail(f"database error: {exc} (check MAGISTRAT_DATABASE_URL)")


def fail(message: str) -> None:
    """One line on standard error and exit status 1, as for every user mistake."""
    text = " ".join(str(message).split())
    sys.stderr.write(f"magistrat: {text}\n")
    raise SystemExit(1)


if __name__ == "__main__":
    main()
