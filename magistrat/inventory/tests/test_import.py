"""Importing equipment: the service (every error at once, nothing saved on any error, update,
create-missing, tenants, round trip), the API, the screens and the command line."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ChangeLogEntry, ImportJob
from magistrat.inventory import services
from magistrat.inventory.imports import asset_import
from magistrat.inventory.models import Asset, Location
from magistrat.inventory.tests.factories import AssetFactory, LocationFactory, category
from magistrat.organizations.models import Person

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "sprzet-przyklad.csv"
HEADER = "Nr inw.;Nazwa;Kategoria;Producent;Nr seryjny;Data zakupu;Wartość brutto [zł];Stan;Lokalizacja;Użytkownik"


def csv(*rows, header=HEADER, encoding="cp1250") -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def imported(world, data, **options):
    return asset_import(user=options.pop("user", world.it_a), organization=options.pop("org", world.org_a),
                        source=data, **options)


def log_entries(**filters):
    return ChangeLogEntry.objects.filter(content_type__model="asset", **filters)


@pytest.mark.django_db
def test_a_valid_file_creates_assets_logged_as_import(world):
    room = LocationFactory(organization=world.org_a, name="Pokój 7 – Księgowość")
    report = imported(world, csv(
        "UG/1;Komputer stacjonarny;KOMPUTER STACJONARNY;Dell;SN-1;28.04.2022;4 350,00 zł;w użyciu;"
        "pokoj 7 ksiegowosc;alfowska anna",
        "UG/2;Monitor;monitor;Dell;SN-2;2022-04-28;890;in stock;;"))
    assert report.ok and report.written and report.created == 2
    first = Asset.objects.get(organization=world.org_a, inventory_number="UG/1")
    assert (first.location, first.person, first.status) == (room, world.person_a, "in_use")
    assert first.gross_price == Decimal("4350.00") and first.purchase_date == datetime.date(2022, 4, 28)
    entry = log_entries(object_id=str(first.pk)).get()
    assert entry.channel == "import" and entry.user == world.it_a and entry.action == "create"
    assert entry.changes["inventory_number"] == [None, "UG/1"]
    assert entry.changes["person"] == [None, "Anna Alfowska"]


@pytest.mark.django_db
def test_every_error_is_reported_at_once_and_nothing_is_saved(world):
    AssetFactory(organization=world.org_a, inventory_number="JEST/1", serial_number="SN-JEST",
                 manufacturer="HP")
    before_assets, before_log = Asset.objects.count(), ChangeLogEntry.objects.count()
    report = imported(world, csv(
        "A/1;Komputer;komputer stacjonarny;Dell;SN-1;31.02.2022;100;w użyciu;;",    # 2 impossible date
        "A/2;Komputer;komputer stacjonarny;Dell;SN-2;01.02.2022;-5,00;w użyciu;;",   # 3 negative price
        "A/3;Komputer;komputer stacjonarny;Dell;SN-3;01.02.2022;100;zepsuty;;",      # 4 unknown status
        "A/1;Komputer;komputer stacjonarny;Dell;SN-4;01.02.2022;100;w użyciu;;",     # 5 duplicate number
        "A/5;Komputer;komputer stacjonarny;Dell;SN-1;01.02.2022;100;w użyciu;;",     # 6 duplicate serial
        "JEST/1;Komputer;komputer stacjonarny;Dell;SN-6;01.02.2022;100;w użyciu;;",  # 7 in the register
        "A/7;Komputer;komputer stacjonarny;HP;SN-JEST;01.02.2022;100;w użyciu;;",    # 8 serial in register
        "A/8;Komputer;kserokopiarka;Dell;SN-8;01.02.2022;100;w użyciu;;",            # 9 unknown category
        "A/9;;komputer stacjonarny;Dell;SN-9;01.02.2022;100;w użyciu;Piwnica;Jan Nikt",  # 10 three errors
        "A/10;Komputer;komputer stacjonarny;Dell;SN-10;01.02.2022;100;w użyciu;;"))  # 11 fine
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(2, "Data zakupu"), (3, "Wartość brutto [zł]"), (4, "Stan"), (5, "Nr inw."),
                     (6, "Nr seryjny"), (7, "Nr inw."), (8, "Nr seryjny"), (9, "Kategoria"),
                     (10, "Nazwa"), (10, "Lokalizacja"), (10, "Użytkownik")}
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "31.02.2022" in messages[(2, "Data zakupu")]
    assert "negative" in messages[(3, "Wartość brutto [zł]")]
    assert "row 2" in messages[(5, "Nr inw.")]
    assert "Row 10, column “Nazwa”" in str(next(e for e in report.errors if e.row == 10 and e.column == "Nazwa"))
    assert not report.written
    assert (Asset.objects.count(), ChangeLogEntry.objects.count()) == (before_assets, before_log)


@pytest.mark.django_db
def test_update_changes_what_differs_and_logs_each_change(world):
    asset = AssetFactory(organization=world.org_a, inventory_number="UG/1", name="Komputer",
                         serial_number="SN-1", gross_price=Decimal("4000.00"))
    other = AssetFactory(organization=world.org_a, inventory_number="UG/2", name="Monitor",
                         serial_number="SN-2", category=category("monitor"))
    data = csv("UG/1;Komputer biurowy;komputer stacjonarny;Dell;SN-1;;4100,00;w użyciu;;Anna Alfowska",
               "UG/2;Monitor;monitor;Dell;SN-2;;;w magazynie;;",
               ";Laptop;laptop;Dell;SN-NEW;;;;;")
    assert imported(world, data).errors[0].message.startswith("Already in the register")
    report = imported(world, data, update=True)
    assert report.ok and (report.created, report.updated, report.unchanged) == (1, 1, 1)
    asset.refresh_from_db()
    assert (asset.name, asset.gross_price, asset.person) == ("Komputer biurowy", Decimal("4100.00"),
                                                             world.person_a)
    update = log_entries(object_id=str(asset.pk), action="update").get()
    assert update.channel == "import"
    assert update.changes["name"] == ["Komputer", "Komputer biurowy"]
    assert update.changes["gross_price"] == ["4000.00", "4100.00"]
    assert update.changes["person"] == [None, "Anna Alfowska"]
    assert not log_entries(object_id=str(other.pk), action="update").exists()
    # found by serial number when the row has no inventory number; the number stays
    again = imported(world, csv(";Komputer biurowy;Dell;SN-1;", header="Nr inw.;Nazwa;Producent;Nr seryjny;Stan"),
                     update=True)
    assert again.ok and again.unchanged == 1
    asset.refresh_from_db()
    assert asset.inventory_number == "UG/1"


@pytest.mark.django_db
def test_rows_without_a_number_are_numbered_from_the_template(world):
    world.org_a.inventory_number_template = "{org}/{category}/{seq:3}/{yyyy}"
    world.org_a.save()
    AssetFactory(organization=world.org_a, inventory_number="UGAlfa/KS/001/2022")
    report = imported(world, csv(";Komputer;komputer stacjonarny;Dell;S1;01.03.2022;;;;",
                                 ";Komputer;komputer stacjonarny;Dell;S2;01.03.2022;;;;",
                                 "UGAlfa/KS/003/2022;Komputer;komputer stacjonarny;Dell;S3;;;;;"))
    assert report.ok, report.errors
    numbers = set(Asset.objects.filter(organization=world.org_a).values_list("inventory_number", flat=True))
    assert numbers == {"UGAlfa/KS/001/2022", "UGAlfa/KS/002/2022", "UGAlfa/KS/003/2022",
                       "UGAlfa/KS/004/2022"}


@pytest.mark.django_db
def test_create_missing_creates_categories_locations_and_people(world):
    data = csv("N/1;Tablica interaktywna;tablica interaktywna;Samsung;T-1;;;;Sala 12;Jan Nowy",
               "N/2;Tablica interaktywna;Tablica Interaktywna;Samsung;T-2;;;;sala 12;jan nowy")
    assert len(imported(world, data).errors) == 6
    report = imported(world, data, create_missing=True)
    assert report.ok and report.created == 2
    assert report.created_missing == {"categories": ["tablica interaktywna"], "locations": ["Sala 12"],
                                      "people": ["Jan Nowy"]}
    person = Person.objects.get(organization=world.org_a, last_name="Nowy")
    assert person.first_name == "Jan"
    assets = Asset.objects.filter(organization=world.org_a, inventory_number__startswith="N/")
    assert {a.person_id for a in assets} == {person.pk}
    assert {a.location.name for a in assets} == {"Sala 12"}
    assert ChangeLogEntry.objects.filter(object_id=str(person.pk), content_type__model="person",
                                         channel="import").exists()


@pytest.mark.django_db
def test_other_offices_are_out_of_reach(world):
    LocationFactory(organization=world.org_b, name="Pokój Beta")
    data = csv("T/1;Komputer;komputer stacjonarny;Dell;T-1;;;;Pokój Beta;Bogdan Betowski")
    with pytest.raises(AccessDenied):
        imported(world, data, user=world.admin_b)
    with pytest.raises(AccessDenied):
        imported(world, data, user=world.viewer_a)
    report = imported(world, data)
    assert {e.column for e in report.errors} == {"Lokalizacja", "Użytkownik"}
    report = imported(world, data, create_missing=True)
    asset = Asset.objects.get(organization=world.org_a, inventory_number="T/1")
    assert asset.person != world.person_b and asset.person.organization == world.org_a
    assert asset.location.organization == world.org_a
    assert Location.objects.filter(name="Pokój Beta").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(world, client, fmt):
    room = LocationFactory(organization=world.org_a, name="Serwerownia")
    AssetFactory(organization=world.org_a, name="Serwer", category=category("serwer"), location=room,
                 person=world.person_a, purchase_date=datetime.date(2022, 9, 15), gross_price=Decimal("22000"),
                 vat_rate=Decimal("23"), status="in_use", supplier_nip="1234563218", hostname="srv-01",
                 warranty_end=datetime.date(2027, 9, 14), notes="dane przykładowe\nlinia 2")
    AssetFactory(organization=world.org_a, name="Kabel HDMI", category=category("inne"), quantity=5,
                 gross_price=Decimal("39.90"))
    monitor = AssetFactory(organization=world.org_a, name="Monitor", category=category("monitor"),
                           purchase_date=datetime.date(2019, 5, 1))
    services.asset_retire(user=world.it_a, asset=monitor, status="withdrawn", date=datetime.date(2024, 3, 1),
                          reason="Uszkodzona matryca", protocol_number="PW/1/2024")
    client.force_login(world.admin_a)
    response = client.get(reverse("inventory:asset_list"), {"export": fmt})
    data = b"".join(response.streaming_content)
    report = imported(world, data, update=True)
    assert report.ok, report.errors
    assert (report.updated, report.unchanged, report.created) == (0, 3, 0)
    empty = world.school_a
    Asset.objects.filter(organization=empty).delete()
    report = imported(world, data, org=empty, create_missing=True)
    assert not report.ok and {error.row for error in report.errors} == {2, 3, 4}
    assert "This row belongs to UG Alfa, but the file is being imported into Szkoła Podstawowa w Alfie" \
           in report.errors[0].message
    # copying the equipment into another unit: without the unit's column
    report = imported(world, data, org=empty, create_missing=True, mapping={"Organization": "-"})
    assert report.ok and report.created == 3, report.errors
    fields = ["inventory_number", "name", "category__name", "manufacturer", "serial_number", "status",
              "quantity", "location__name", "person__last_name", "purchase_date", "gross_price",
              "net_price", "vat_rate", "supplier_nip", "hostname", "warranty_end", "notes", "retired_on",
              "retirement_reason", "retirement_protocol"]

    def register(organization):
        assets = Asset.objects.filter(organization=organization).order_by("inventory_number")
        return list(assets.values(*fields)), [asset.low_value for asset in assets]

    assert register(empty) == register(world.org_a)


@pytest.mark.django_db
def test_the_example_file_imports_cleanly_into_the_demo():
    from magistrat.organizations import demo
    from magistrat.organizations.access import SYSTEM
    from magistrat.organizations.models import Organization

    demo.load()
    office = Organization.objects.get(slug="umig-mikstat")
    data = EXAMPLE.read_bytes()
    assert "dane przykładowe".encode("cp1250") in data and b"illustrative data" in data
    report = asset_import(user=SYSTEM, organization=office, source=data)
    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 12 and not report.unknown_columns
    printer = Asset.objects.get(organization=office, serial_number="PRZYKL-PRN-0101")
    assert printer.person.last_name == "Szymańska" and printer.location.name == "Pokój 14 – USC"
    assert printer.inventory_number.startswith("UMiGMikstat/DRK/")


# --- API -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_api_import_answers_a_report_and_every_error(world, api_client):
    api_client.force_authenticate(world.it_a)
    url = "/api/v1/assets/import/"
    good = csv("API/1;Komputer;komputer stacjonarny;Dell;API-1;;;;;")
    response = api_client.post(url, {"file": SimpleUploadedFile("a.csv", good), "organization": "ug-alfa",
                                     "dry_run": "true"}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["to_create"] == 1 and not Asset.objects.filter(inventory_number="API/1").exists()
    response = api_client.post(url, {"file": SimpleUploadedFile("a.csv", good), "organization": world.org_a.pk},
                               format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1
    bad = csv("API/2;;komputer stacjonarny;Dell;API-2;30.02.2022;;;;")
    response = api_client.post(url, {"file": SimpleUploadedFile("b.csv", bad), "organization": "ug-alfa"},
                               format="multipart")
    body = response.json()
    assert response.status_code == 400 and body["message"]
    assert {(e["row"], e["column"]) for e in body["errors"]} == {(2, "Nazwa"), (2, "Data zakupu")}
    response = api_client.post(url, {"file": SimpleUploadedFile("c.pdf", b"%PDF-1.4\x00"),
                                     "organization": "ug-alfa"}, format="multipart")
    assert response.status_code == 400 and "CSV" in response.json()["message"]
    response = api_client.post(url, {"file": SimpleUploadedFile("a.csv", good), "organization": "ug-beta"},
                               format="multipart")
    assert response.status_code in (400, 403)
    assert api_client.post(url, {"organization": "ug-alfa"}, format="multipart").status_code == 400


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_sends_a_large_file_to_the_background(world, api_client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 3
    api_client.force_authenticate(world.it_a)
    data = csv(*[f"BIG/{n};Komputer;komputer stacjonarny;Dell;BIG-{n};;;;;" for n in range(10)])
    response = api_client.post("/api/v1/assets/import/", {"file": SimpleUploadedFile("d.csv", data),
                                                          "organization": "ug-alfa"}, format="multipart")
    assert response.status_code == 202
    job_url = response.json()["url"]
    assert response["Location"] == job_url and response.json()["status"] == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    body = api_client.get(job_url).json()
    assert body["status"] == "done" and body["result"]["created"] == 10
    api_client.force_authenticate(world.admin_b)
    assert api_client.get(job_url).status_code == 404


# --- Screens ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_upload_preview_confirm_done(world, client):
    client.force_login(world.it_a)
    page = client.get(reverse("inventory:asset_list")).content.decode()
    assert reverse("inventory:asset_import") in page
    form = client.get(reverse("inventory:asset_import"))
    assert form.status_code == 200 and "create_missing" in form.content.decode()
    data = csv("W/1;Komputer;komputer stacjonarny;Dell;W-1;;;;;", "W/2;Monitor;monitor;Dell;W-2;;;;;")
    response = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("lista.csv", data), "organization": world.org_a.pk})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "W/1 Komputer" in preview and not Asset.objects.filter(inventory_number="W/1").exists()
    done = client.post(response["Location"], follow=True).content.decode()
    assert Asset.objects.filter(organization=world.org_a, inventory_number__startswith="W/").count() == 2
    assert reverse("inventory:asset_list") in done
    assert ImportJob.objects.get().status == "done"


@pytest.mark.django_db
def test_screens_show_errors_and_refuse_what_they_must(world, client):
    client.force_login(world.it_a)
    bad = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("lista.csv", csv("X/1;;komputer stacjonarny;;;;;;;")),
        "organization": world.org_a.pk}, follow=True).content.decode()
    assert "Nazwa" in bad and "Required for a new asset" in bad
    wrong = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("lista.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 50),
        "organization": world.org_a.pk})
    assert wrong.status_code == 400 and "XLSX" in wrong.content.decode()
    job = ImportJob.objects.get()
    client.force_login(world.admin_b)
    assert client.get(reverse("inventory:asset_import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("lista.csv", csv("X/1;PC;laptop;;;;;;;")),
        "organization": world.org_a.pk}).status_code == 400          # not a choice for B's admin
    client.force_login(world.viewer_a)
    assert client.get(reverse("inventory:asset_import")).status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_upload_runs_in_the_background_with_progress(world, client, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    client.force_login(world.it_a)
    data = csv(*[f"BG/{n};Komputer;komputer stacjonarny;Dell;BG-{n};;;;;" for n in range(30)])
    response = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("duzy.csv", data), "organization": world.org_a.pk})
    job_url = response["Location"]
    waiting = client.get(job_url).content.decode()
    assert "<progress" in waiting and 'hx-trigger="every 1s"' in waiting
    partial = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<section id="import-status"') and "<html" not in partial
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    ready = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in ready and "30" in ready
    job = ImportJob.objects.get()
    assert job.status == "ready", job.report["errors"][:3]
    client.post(job_url)
    assert ImportJob.objects.get().status == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Asset.objects.filter(inventory_number__startswith="BG/").count() == 30
    assert ImportJob.objects.get().status == "done"


# --- Command line (a subprocess, as an operator runs it) ------------------------------------

from magistrat.cli.tests.test_cli import assert_one_line_error, cli_env, run  # noqa: E402,F401

# These tests read the messages users get; they read them in English.
pytestmark = pytest.mark.usefixtures("english")


def test_cli_imports_the_example_and_reports_errors_in_lines(cli_env, tmp_path):  # noqa: F811
    dry = run(cli_env, "import", "assets", EXAMPLE, "--org", "umig-mikstat", "--dry-run").stdout
    assert "12 rows are valid: 12 to create" in dry
    out = run(cli_env, "import", "assets", EXAMPLE, "--org", "umig-mikstat").stdout
    assert "12 created" in out
    again = run(cli_env, "import", "assets", EXAMPLE, "--org", "umig-mikstat", check=False)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    lines = again.stderr.strip().splitlines()
    assert lines[0].startswith("Row 5, column “Nr inw.”:") and "nothing was saved" in lines[-1]
    assert "12 rows: 0 created, 0 updated, 12 unchanged" in run(
        cli_env, "import", "assets", EXAMPLE, "--org", "umig-mikstat", "--update").stdout
    assert_one_line_error(run(cli_env, "import", "assets", EXAMPLE, "--org", "nowhere", check=False),
                          "no organization")
    assert_one_line_error(run(cli_env, "import", "assets", EXAMPLE, check=False), "--org")
    pdf = tmp_path / "x.csv"
    pdf.write_bytes(b"%PDF-1.4\x00")
    assert_one_line_error(run(cli_env, "import", "assets", pdf, "--org", "umig-mikstat", check=False),
                          "This is a PDF document, not a spreadsheet")
    mapped = tmp_path / "mapped.csv"
    mapped.write_text("Ewid.;Nazwa;Kategoria;Kolor\nMAP/1;Kamera;inne;czarny\n", encoding="utf-8")
    out = run(cli_env, "import", "assets", mapped, "--org", "umig-mikstat", "--map",
              "Ewid.=inventory_number").stdout
    assert "columns not imported: Kolor" in out and "1 created" in out


def test_serve_runs_the_worker_that_finishes_background_imports(cli_env, tmp_path):  # noqa: F811
    import subprocess
    import time

    from magistrat.cli.tests.test_cli import BIN, _free_port

    lines = ["Nr inw.;Nazwa;Kategoria"] + [f"SRV/{n};Komputer;komputer stacjonarny" for n in range(50)]
    source = tmp_path / "duzy.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    script = ("from django.core.files.uploadedfile import SimpleUploadedFile as F\n"
              "from magistrat.core.imports import jobs\n"
              "from magistrat.organizations.access import SYSTEM\n"
              "from magistrat.organizations.models import Organization\n"
              "from django.contrib.auth import get_user_model\n"
              "user = get_user_model().objects.get(username='informatyk')\n"
              "org = Organization.objects.get(slug='umig-mikstat')\n"
              f"up = F('duzy.csv', open({str(source)!r}, 'rb').read())\n"
              "job = jobs.job_create(user=user, kind='assets', organization=org, upload=up,"
              " options={'then_write': True})\n"
              "print(jobs.job_start(job, background=True).pk)\n")
    job_id = run(cli_env, "shell", "-v", "0", "-c", script).stdout.split()[-1]
    process = subprocess.Popen([BIN, "serve", "--port", str(_free_port()), "--workers", "1"],
                               env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check = f"from magistrat.core.models import ImportJob; print(ImportJob.objects.get(pk={job_id}).status)"
    try:
        deadline = time.monotonic() + 60
        status = ""
        while time.monotonic() < deadline and status not in ("done", "failed", "invalid"):
            time.sleep(1)
            status = run(cli_env, "shell", "-v", "0", "-c", check).stdout.strip()
        assert status == "done"
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert process.returncode == 0


@pytest.mark.django_db
def test_an_update_is_checked_against_what_stays_in_the_register(world):
    AssetFactory(organization=world.org_a, inventory_number="UG/9", net_price=Decimal("1000.00"),
                 gross_price=Decimal("1230.00"), purchase_date=datetime.date(2022, 5, 1))
    report = imported(world, csv("UG/9;Komputer;komputer stacjonarny;Dell;;;1000,00;900,00;;;",
                                 header="Nr inw.;Nazwa;Kategoria;Producent;Nr seryjny;Data przekazania do "
                                        "użytkowania;Wartość netto;Wartość brutto [zł];Stan;Lokalizacja;"
                                        "Użytkownik"),
                      update=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Wartość brutto [zł]")]
    assert Asset.objects.get(inventory_number="UG/9").gross_price == Decimal("1230.00")
