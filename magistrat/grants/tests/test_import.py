"""Importing a grant project's expenditure documents: the same engine and rules as equipment,
the project's budget lines by name, NIP checked, eligibility warnings kept as warnings."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ChangeLogEntry
from magistrat.grants import services
from magistrat.grants.imports import expenditure_import, find_project
from magistrat.grants.models import Expenditure
from magistrat.grants.tests.factories import GrantProjectFactory
from magistrat.organizations import access

HEADER = ("Nr faktury;Data wystawienia;Dostawca;NIP dostawcy;Opis;Netto;VAT;Brutto;"
          "Kwota kwalifikowalna;Pozycja budżetu;Data zapłaty")


def csv(*rows, header=HEADER) -> bytes:
    return ("\r\n".join(["Zestawienie wydatków (dane przykładowe)", header, *rows]) + "\r\n").encode("cp1250")


@pytest.fixture
def project(world):
    project = GrantProjectFactory(organization=world.org_a, agreement_number="UMOWA/1/2022")
    for area, name in (("hardware", "Sprzęt komputerowy"), ("training", "Szkolenia")):
        services.budget_line_create(user=access.SYSTEM, project=project, area=area, name=name,
                                    planned_amount=Decimal("100000"))
    return project


@pytest.mark.django_db
def test_a_list_of_invoices_is_imported_with_the_change_log(world, project):
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/1/2022;15.09.2022;Dostawca IT sp. z o.o.;123-456-32-18;Komputery;10 000,00;2 300,00;"
        "12 300,00;;sprzet komputerowy;29.09.2022",
        "FV/7/2022;09.12.2022;Centrum Szkoleń;;Szkolenie;2 214,00;0;;2 000,00;SZKOLENIA;"))
    assert report.ok and report.created == 2, report.errors
    first = Expenditure.objects.get(document_number="FV/1/2022")
    assert (first.supplier_nip, first.gross_amount, first.eligible_amount) == \
        ("1234563218", Decimal("12300.00"), Decimal("12300.00"))
    assert first.budget_line.name == "Sprzęt komputerowy" and first.organization == world.org_a
    assert first.payment_date == datetime.date(2022, 9, 29)
    second = Expenditure.objects.get(document_number="FV/7/2022")
    assert second.gross_amount == Decimal("2214.00") and second.eligible_amount == Decimal("2000.00")
    entry = ChangeLogEntry.objects.get(content_type__model="expenditure", object_id=str(first.pk))
    assert (entry.channel, entry.user, entry.organization_id) == ("import", world.admin_a, world.org_a.pk)


@pytest.mark.django_db
def test_every_error_at_once_and_nothing_saved(world, project):
    services.expenditure_create(user=access.SYSTEM, project=project, budget_line=project.budget_lines.first(),
                                document_number="FV/0/2022", document_date=datetime.date(2022, 6, 1),
                                supplier_name="Stary", supplier_nip="1234563218", description="x",
                                net_amount=Decimal(100), vat_amount=Decimal(23), gross_amount=Decimal(123))
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/1;15.09.2022;Dostawca;123-456-32-19;Komputery;100;23;123;;Sprzęt komputerowy;",      # 3 NIP
        "FV/2;15.09.2022;Dostawca;;Komputery;100;23;124;;Sprzęt komputerowy;",                   # 4 sums
        "FV/3;15.09.2022;Dostawca;;Komputery;100;23;123;;Meble;",                                # 5 line
        "FV/4;15.09.2022;Dostawca;;Komputery;100;23;123;;Szkolenia;01.09.2022",                  # 6 paid
        "FV/4;15.09.2022;Dostawca;;Komputery;100;23;123;;Szkolenia;",                            # 7 twice
        "FV/0/2022;01.06.2022;Stary;1234563218;x;100;23;123;;Szkolenia;",                        # 8 exists
        ";31.09.2022;;;;-5;;;;;"))                                                               # 9 many
    found = {(e.row, e.column) for e in report.errors}
    assert {(3, "NIP dostawcy"), (4, "Brutto"), (5, "Pozycja budżetu"), (6, "Data zapłaty"),
            (7, "Nr faktury"), (8, "Nr faktury"), (9, "Data wystawienia"), (9, "Netto"),
            (9, "Nr faktury"), (9, "Dostawca"), (9, "Opis"), (9, "Pozycja budżetu")} <= found
    assert "Sprzęt komputerowy, Szkolenia" in next(e.message for e in report.errors if e.row == 5)
    assert project.expenditures.count() == 1


@pytest.mark.django_db
def test_eligibility_warnings_do_not_stop_the_import(world, project):
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/9;15.01.2019;Dostawca;;Stary zakup;100;23;123;150;Szkolenia;"))
    assert report.ok and report.created == 1
    assert {w.column for w in report.warnings} == {"Data wystawienia", "Kwota kwalifikowalna"}


@pytest.mark.django_db
def test_the_import_warns_of_a_line_over_its_plan_and_the_project_over_its_grant(world, project, english):
    # The plan of each line is 100 000 zł; the grant 147 979 zł; 90 000 zł already spent on equipment.
    services.expenditure_create(user=access.SYSTEM, project=project, budget_line=project.budget_lines.get(
        area="hardware"), document_number="FV/0", document_date=datetime.date(2022, 6, 1), supplier_name="Stary",
        description="Serwery", net_amount=Decimal("90000"), vat_amount=Decimal(0), gross_amount=Decimal("90000"))
    report = expenditure_import(user=world.admin_a, project=project, dry_run=True, source=csv(
        "FV/1;15.09.2022;Dostawca;;Komputery;5000;0;5000;;Sprzęt komputerowy;",        # 95 000: within the plan
        "FV/2;15.09.2022;Dostawca;;Monitory;8000;0;8000;;Sprzęt komputerowy;",         # 103 000: over the plan
        "FV/3;16.09.2022;Dostawca;;Szkolenie;50000;0;50000;;Szkolenia;"))              # 153 000: over the grant
    assert report.ok, report.errors
    warnings = {(w.row, w.column, w.message) for w in report.warnings}
    assert warnings == {
        (4, "Pozycja budżetu", "Sprzęt komputerowy: eligible expenditure is above the plan."),
        (5, "Kwota kwalifikowalna", "Eligible expenditure is above the grant amount."),
    }


@pytest.mark.django_db
def test_the_quantity_and_unit_of_what_a_document_paid_for_are_imported(world, project, english):
    header = HEADER + ";Ilość;Jednostka"
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/1;15.09.2022;Dostawca;;Licencje;100;23;123;;Szkolenia;;14;licencji",
        "FV/2;15.09.2022;Dostawca;;Licencje;100;23;123;;Szkolenia;;;licencji",
        "FV/3;15.09.2022;Dostawca;;Licencje;100;23;123;;Szkolenia;;0;", header=header))
    assert {(e.row, e.column) for e in report.errors} == {(4, "Ilość"), (5, "Ilość")}
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/1;15.09.2022;Dostawca;;Licencje;100;23;123;;Szkolenia;;14;licencji", header=header))
    assert report.ok and project.expenditures.get().counted == "14 licencji"


@pytest.mark.django_db
def test_a_date_that_cannot_be_read_is_one_error(world, project, english):
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/1;31.02.2022;Dostawca;;Komputery;100;23;123;;Szkolenia;"))
    errors = [(e.row, e.column) for e in report.errors]
    assert errors == [(3, "Data wystawienia")]


@pytest.mark.django_db
def test_the_summary_counts_in_words_that_agree(world, project):
    from django.utils import translation

    bad = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/1;31.02.2022;Dostawca;;Komputery;100;23;123;;Szkolenia;"))
    good = expenditure_import(user=world.admin_a, project=project, dry_run=True, source=csv(
        "FV/1;01.02.2022;Dostawca;;Komputery;100;23;123;;Szkolenia;"))
    with translation.override("en"):
        assert bad.summary() == "1 error in 1 of 1 row; nothing was saved."
        assert good.summary() == "1 row is valid: 1 to create, 0 to update, 0 unchanged."
    with translation.override("pl"):
        assert bad.summary() == "1 błąd w 1 z 1 wiersza; niczego nie zapisano."


@pytest.mark.django_db
def test_only_coordinators_of_the_project_s_office_import(world, project):
    with pytest.raises(AccessDenied):
        expenditure_import(user=world.admin_b, project=project, source=csv())
    with pytest.raises(AccessDenied):
        expenditure_import(user=world.it_a, project=project, source=csv())
    with pytest.raises(ValidationError):
        find_project(user=world.admin_b, reference="UMOWA/1/2022")
    assert find_project(user=world.admin_a, reference="UMOWA/1/2022") == project


@pytest.mark.django_db
def test_api_and_screen(world, project, api_client, client):
    data = csv("FV/A;15.09.2022;Dostawca;;Komputery;100;23;123;;Sprzęt komputerowy;")
    api_client.force_authenticate(world.admin_a)
    response = api_client.post("/api/v1/expenditures/import/", {
        "file": SimpleUploadedFile("w.csv", data), "project": "UMOWA/1/2022"}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1, response.json()
    response = api_client.post("/api/v1/expenditures/import/", {
        "file": SimpleUploadedFile("w.csv", data), "project": project.pk}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "Nr faktury"

    client.force_login(world.admin_a)
    tab = client.get(project.get_absolute_url(), {"tab": "expenditures"}).content.decode()
    assert reverse("grants:expenditure_import", args=[project.pk]) in tab
    other = csv("FV/B;16.09.2022;Dostawca;;Monitory;100;23;123;;Sprzęt komputerowy;")
    response = client.post(reverse("grants:expenditure_import", args=[project.pk]),
                           {"file": SimpleUploadedFile("w.csv", other)})
    assert response.status_code == 302
    assert "FV/B" in client.get(response["Location"]).content.decode()
    client.post(response["Location"])
    assert project.expenditures.filter(document_number="FV/B").exists()
    client.force_login(world.admin_b)
    assert client.get(reverse("grants:expenditure_import", args=[project.pk])).status_code == 404


from magistrat.cli.testing import assert_one_line_error, run  # noqa: E402
from magistrat.cli.tests.test_cli import cli_env  # noqa: E402,F401


def test_cli_imports_expenditures_into_the_demo_project(cli_env, tmp_path):  # noqa: F811
    source = tmp_path / "wydatki.csv"
    source.write_bytes(csv("FV/2024/05/0001 (demo);12.05.2024;Przykładowy Dostawca (demo);;Myszy;"
                           "100,00;23,00;123,00;;Sprzęt komputerowy i serwerowy;"))
    project = "POPC.05.01.00-00-0001/21-00"
    out = run(cli_env, "import", "expenditures", source, "--project", project, "--dry-run").stdout
    assert "1 row is valid: 1 to create" in out
    result = run(cli_env, "import", "expenditures", source, "--project", project, "--org", "umig-mikstat",
                 check=False)
    assert result.returncode == 0, result.stderr
    assert "warning: Row 3" in result.stdout                # bought after the eligibility window
    again = run(cli_env, "import", "expenditures", source, "--project", project, check=False)
    assert again.returncode == 1 and "already in the project" in again.stderr
    assert_one_line_error(run(cli_env, "import", "expenditures", source, "--project", "NIE/MA", check=False),
                          "No grant project")


@pytest.mark.django_db
def test_the_headers_offices_write_are_recognised_whatever_their_case_and_spacing(world, project):
    header = "Nr;DATA ;Dostawca;NIP kontrahenta;Opis;Kwota netto;Kwota VAT;Kwota brutto;Kwota  kwalifikowalna;Pozycja"
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "FV/9/2022;15.09.2022;Dostawca IT;123-456-32-18;Komputery;1 000,00;230,00;1 230,00;1 000,00;"
        "Sprzęt komputerowy", header=header))
    assert report.ok and report.created == 1, report.errors
    saved = Expenditure.objects.get(document_number="FV/9/2022")
    assert (saved.document_date, saved.supplier_nip, saved.gross_amount, saved.eligible_amount) == (
        datetime.date(2022, 9, 15), "1234563218", Decimal("1230.00"), Decimal("1000.00"))
    header = "Data dokumentu;Nr faktury;Dostawca;NIP dostawcy;Opis;Kwota brutto;VAT;Pozycja budżetu"
    report = expenditure_import(user=world.admin_a, project=project, source=csv(
        "01.10.2022;FV/10/2022;Dostawca IT;1234563218;Myszy;123,00;23,00;Sprzęt komputerowy", header=header))
    assert report.ok, report.errors
    assert Expenditure.objects.get(document_number="FV/10/2022").net_amount == Decimal("100.00")
