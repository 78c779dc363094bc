"""The `magistrat` command as an operator runs it: a subprocess on its own database.

On SQLite that is a fresh data directory; when the suite runs on PostgreSQL it is a separate
database beside the test database (created and dropped here). Other test modules import
`cli_env` (and `run`, `assert_one_line_error`) from here.
"""

import io
import socket
import subprocess
import time
import urllib.request

import pytest
from openpyxl import load_workbook

from magistrat.cli.testing import BIN, assert_one_line_error, cli_environment, run


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory):
    return cli_environment(tmp_path_factory, "cli")


def test_help_lists_the_commands(cli_env):
    out = run(cli_env, "--help").stdout
    for command in ("serve", "migrate", "createuser", "token create", "demo", "check", "report grant",
                    "programmes load"):
        assert command in out
    assert "--host" in run(cli_env, "serve", "--help").stdout


def test_demo_is_idempotent(cli_env):
    first = run(cli_env, "demo").stdout
    second = run(cli_env, "demo").stdout
    assert "4 organizations, 21 people" in first and first == second
    assert "not loaded" in run(cli_env, "demo", "--if-empty").stdout


def test_token_create_prints_the_key_alone_on_the_last_line_and_it_works(cli_env):
    key = run(cli_env, "token", "create", "admin", "--name", "skrypt").stdout.strip().splitlines()[-1]
    assert key.startswith("mgt_") and " " not in key
    script = ("from django.test import Client; r = Client().get('/api/v1/people/', "
              f"HTTP_AUTHORIZATION='Token {key}'); print(r.status_code, r.json()['count'])")
    assert run(cli_env, "shell", "-v", "0", "-c", script).stdout.split() == ["200", "21"]
    listing = run(cli_env, "token", "list", "admin").stdout
    assert key[4:12] in listing and key not in listing
    run(cli_env, "token", "revoke", key[4:12])
    assert "revoked" in run(cli_env, "token", "list", "admin").stdout


def test_user_mistakes_give_one_line_errors(cli_env):
    assert_one_line_error(run(cli_env, "token", "create", "nobody", check=False), "no user named")
    assert_one_line_error(run(cli_env, "token", "revoke", "zzzz", check=False), "no token")
    assert_one_line_error(run(cli_env, "export", "people", "--org", "nowhere", "-o", "/tmp/x.csv",
                              check=False), "no organization")
    assert_one_line_error(run(cli_env, "createuser", "x1", "--role", "viewer", check=False),
                          "--role needs --org")
    assert_one_line_error(run(cli_env, "serve", "--port", "0", check=False), "port")
    result = run(cli_env, "createuser", "admin", extra_env={"MAGISTRAT_PASSWORD": "x"}, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "no such command" in run(cli_env, "frobnicate", check=False).stderr.lower() or \
        "unknown command" in run(cli_env, "frobnicate", check=False).stderr.lower()


def test_createuser_with_a_role_and_export_as_that_user(cli_env, tmp_path):
    run(cli_env, "createuser", "dyrektor_sp", "--org", "sp-mikstat", "--role", "viewer",
        extra_env={"MAGISTRAT_PASSWORD": "szkola-haslo-2024!"})
    target = tmp_path / "people.xlsx"
    out = run(cli_env, "export", "people", "--as", "dyrektor_sp", "--format", "xlsx",
              "-o", target).stdout
    assert "wrote 3 rows" in out
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Grabowski", "Pawłowska", "Piotrowska"]
    # the school's viewer cannot reach the office above it
    result = run(cli_env, "export", "people", "--as", "dyrektor_sp", "--org", "umig-mikstat",
                 "-o", tmp_path / "x.csv", check=False)
    assert_one_line_error(result, "no organization 'umig-mikstat' that you may see")


def test_export_csv_with_filters(cli_env, tmp_path):
    target = tmp_path / "people.csv"
    run(cli_env, "export", "people", "--org", "umig-mikstat", "--search", "Zieliński", "-o", target)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("Zieliński;Paweł;Informatyk")
    run(cli_env, "export", "people", "--filter", "active=false", "-o", target)
    assert "Jabłoński" in target.read_text(encoding="utf-8-sig")


def test_django_commands_pass_through(cli_env):
    run(cli_env, "createsuperuser", "--noinput", "--username", "root", "--email", "root@example.invalid",
        extra_env={"DJANGO_SUPERUSER_PASSWORD": "root-password-123"})
    assert "no issues" in run(cli_env, "check").stdout


def test_changes_made_through_the_cli_are_logged_as_cli(cli_env):
    run(cli_env, "createuser", "audytor1", "--org", "umig-mikstat", "--role", "auditor")
    script = ("from magistrat.core.models import ChangeLogEntry as E; "
              "entries = E.objects.filter(object_repr__contains='audytor1'); "
              "print(entries.values_list('channel', flat=True).first())")
    assert run(cli_env, "shell", "-v", "0", "-c", script).stdout.strip() == "cli"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_and_answers(cli_env):
    port = _free_port()
    process = subprocess.Popen([BIN, "serve", "--port", str(port), "--workers", "1"], env=cli_env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as page:
                    body = page.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "Magistrat" in body and 'name="password"' in body
    finally:
        process.terminate()
        output = process.communicate(timeout=10)
    assert "gunicorn" in output[1].lower() or "Booting worker" in output[1]


