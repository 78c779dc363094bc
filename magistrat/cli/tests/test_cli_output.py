"""What the command line writes: Polish files (like the UI's), English messages with correct
plurals, standard output as a target, clear errors for filters, ports and accounts, roles."""

import io
import os
import pty
import socket
import subprocess

from openpyxl import load_workbook

from magistrat.cli.testing import BIN, assert_one_line_error, run

from .test_cli import cli_env  # noqa: F401  (a database of its own, with the demo)


def test_exported_files_are_polish_like_the_ui(cli_env, tmp_path):  # noqa: F811
    target = tmp_path / "jednostki.xlsx"
    out = run(cli_env, "export", "organizations", "--format", "xlsx", "-o", target).stdout
    assert out.strip() == f"wrote 4 rows to {target}"
    workbook = load_workbook(io.BytesIO(target.read_bytes()))
    sheet = workbook.active
    assert sheet.title == "jednostki"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Nazwa", "Nazwa skrócona", "Rodzaj"]
    kinds = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "biblioteka" in kinds and "library" not in kinds
    csv_target = tmp_path / "ludzie.csv"
    run(cli_env, "export", "people", "--search", "Zieliński", "-o", csv_target)
    lines = csv_target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Nazwisko;Imię;Stanowisko")
    assert lines[1].endswith(";tak")


def test_one_row_is_one_row(cli_env, tmp_path):  # noqa: F811
    out = run(cli_env, "export", "people", "--search", "Zieliński", "-o", tmp_path / "a.csv").stdout
    assert "wrote 1 row to" in out


def test_output_to_standard_output(cli_env):  # noqa: F811
    result = run(cli_env, "export", "people", "--org", "sp-mikstat", "-o", "-")
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Nazwisko;") and len(lines) == 4
    assert "wrote 3 rows to standard output" in result.stderr
    assert not os.path.exists("-")
    # A binary format goes into a pipe ...
    piped = run(cli_env, "export", "people", "--format", "xlsx", "-o", "-", text=False)
    assert load_workbook(io.BytesIO(piped.stdout)).active.max_row == 22
    report = run(cli_env, "report", "grant", "1", "-o", "-", text=False)
    assert report.stdout.startswith(b"%PDF") and b"wrote the settlement report" in report.stderr
    # ... but never onto a terminal.
    primary, secondary = pty.openpty()
    try:
        result = subprocess.run([BIN, "export", "people", "--format", "xlsx", "-o", "-"],
                                env=cli_env, stdout=secondary, stderr=subprocess.PIPE, text=True,
                                timeout=60)
    finally:
        os.close(secondary)
        os.close(primary)
    assert_one_line_error(result, "will not write a binary file to the terminal")


def test_filters_are_checked(cli_env, tmp_path):  # noqa: F811
    result = run(cli_env, "export", "people", "--filter", "bogus=1", "-o", tmp_path / "x.csv",
                 check=False)
    assert_one_line_error(result, "unknown filter 'bogus' for people; the filters are: organization,")
    result = run(cli_env, "export", "people", "--filter", "organization=999999999999999999999999",
                 "-o", tmp_path / "x.csv", check=False)
    assert_one_line_error(result, "invalid filter: organization: No record has an id this large.")
    result = run(cli_env, "export", "people", "--filter", "active=maybe", "-o", tmp_path / "x.csv",
                 check=False)
    assert_one_line_error(result, "invalid filter: active: Choose yes or no")
    assert not (tmp_path / "x.csv").exists()


def test_as_may_follow_the_subcommand(cli_env):  # noqa: F811
    run(cli_env, "token", "create", "informatyk", "--name", "skrypt")
    before = run(cli_env, "token", "--as", "informatyk", "list").stdout
    after = run(cli_env, "token", "list", "--as", "informatyk").stdout
    assert before == after and "informatyk" in after
    assert "admin\t" not in after
    assert "may come anywhere" in run(cli_env, "token", "list", "--help").stdout


def test_token_message_ends_its_line(cli_env):  # noqa: F811
    result = run(cli_env, "token", "create", "admin")
    assert result.stderr.endswith("not shown again:\n")


def test_serve_on_a_port_in_use_is_one_line(cli_env):  # noqa: F811
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(cli_env, "serve", "--port", port, check=False)
    assert_one_line_error(result, f"port {port} on 127.0.0.1 is already in use")
    assert "Magistrat on" not in result.stdout


def test_createuser_messages_are_english_and_to_the_point(cli_env):  # noqa: F811
    result = run(cli_env, "createuser", "x y", check=False)
    assert_one_line_error(result, "username: Enter a valid username.")
    assert "no password given" not in result.stderr
    created = run(cli_env, "createuser", "bez_hasla", "--org", "sp-mikstat", "--role", "viewer")
    assert "created user bez_hasla" in created.stdout
    assert "no password given" in created.stderr


def test_roles_from_the_command_line(cli_env):  # noqa: F811
    # Without --role an account gets the least privilege: viewer.
    run(cli_env, "createuser", "nauczyciel", "--org", "sp-mikstat",
        extra_env={"MAGISTRAT_PASSWORD": "szkola-haslo-2024!"})
    assert run(cli_env, "role", "list", "nauczyciel").stdout.splitlines() == [
        "nauczyciel\tsp-mikstat\tviewer\tthis unit only"]
    assert "default: viewer" in run(cli_env, "role", "set", "--help").stdout
    out = run(cli_env, "role", "set", "nauczyciel", "--org", "sp-mikstat", "--role", "it_officer").stdout
    assert out.strip() == "nauczyciel is it_officer in sp-mikstat"
    out = run(cli_env, "role", "set", "nauczyciel", "--org", "biblioteka-mikstat").stdout
    assert out.strip() == "nauczyciel is viewer in biblioteka-mikstat"
    listing = run(cli_env, "role", "list", "nauczyciel").stdout.splitlines()
    assert listing == ["nauczyciel\tsp-mikstat\tit_officer\tthis unit only",
                       "nauczyciel\tbiblioteka-mikstat\tviewer\tthis unit only"]
    assert "nauczyciel\tsp-mikstat" in run(cli_env, "role", "list", "--org", "sp-mikstat").stdout
    run(cli_env, "role", "remove", "nauczyciel", "--org", "biblioteka-mikstat")
    assert "biblioteka" not in run(cli_env, "role", "list", "nauczyciel").stdout
    # A viewer gives no roles; an office administrator only in their units.
    result = run(cli_env, "role", "set", "nauczyciel", "--org", "sp-mikstat", "--role",
                 "administrator", "--as", "burmistrz", check=False)
    assert_one_line_error(result, "no user named 'nauczyciel' that you may manage")
    result = run(cli_env, "role", "remove", "nauczyciel", "--org", "sp-mikstat", "--as", "admin",
                 check=False)
    assert_one_line_error(result, "only role")
