"""The settlement report (PDF, XLSX) and the A3 poster read the way the grant operator and
residents read them; the downloads and `magistrat report grant` deliver them."""

import datetime
import io
import os
import subprocess
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from magistrat.cli.testing import BIN, cli_environment, run
from magistrat.core import formatting
from magistrat.core.testing import flat, pdf_pages_text, render_pdf
from magistrat.grants import documents, services
from magistrat.grants.tests.factories import GrantProjectFactory, program
from magistrat.inventory import services as inventory_services
from magistrat.inventory.tests.factories import category
from magistrat.organizations import services as org_services
from magistrat.organizations.models import Organization

AGREEMENT = "UMOWA/CG/0421/2022"
UMBRELLA = "POPC.05.01.00-00-0001/21-00"
SUPPLIER_NIP = "1234563218"   # the documented example NIP, not a real supplier's
A3 = (841.89, 1190.55)


pages_text, render = pdf_pages_text, render_pdf


@pytest.fixture
def mikstat(world):
    """A project built like the Mikstat demo, through the services, with invented but valid data."""
    actor = world.admin_a
    office = org_services.organization_update(
        user=actor, organization=world.org_a, name="Urząd Miasta i Gminy Mikstat", short_name="UMiG Mikstat",
        kind=Organization.Kind.TOWN_GMINA_OFFICE, street="Rynek 15", postal_code="63-510", city="Mikstat")
    coordinator = org_services.person_create(user=actor, organization=office, first_name="Tomasz",
                                             last_name="Nowicki", position="Sekretarz")
    mayor = org_services.person_create(user=actor, organization=office, first_name="Anna",
                                       last_name="Kowalczyk", position="Burmistrz")
    room = inventory_services.location_create(user=actor, organization=office, name="Pokój 12")
    server_room = inventory_services.location_create(user=actor, organization=office, name="Serwerownia")

    def asset(number, name, kind, serial, **extra):
        return inventory_services.asset_create(user=actor, organization=office, inventory_number=number,
                                               name=name, category=category(kind), serial_number=serial,
                                               manufacturer="Dell", **extra)

    assets = [asset("UMiG/SRV/0001/22", "Serwer wieżowy", "serwer", "7XK3PQ3", location=server_room),
              asset("UMiG/KS/0001/22", "Komputer stacjonarny", "komputer stacjonarny", "5CG2281XQZ",
                    location=room, person=coordinator),
              asset("UMiG/LAP/0001/22", "Laptop 14\"", "laptop", "PF3ZK9QW", person=mayor)]
    project = services.project_create(
        user=actor, organization=office, program=program("cyfrowa-gmina"),
        title="Cyfrowa Gmina — cyfryzacja Urzędu Miasta i Gminy Mikstat", umbrella_number=UMBRELLA,
        agreement_number=AGREEMENT, agreement_date=datetime.date(2022, 4, 28),
        granted_amount=Decimal("147979.00"), coordinator=coordinator, published=True,
        durability_end=datetime.date(2028, 12, 31), status="durability",
        public_summary="Urząd kupił sprzęt i oprogramowanie, przeprowadził diagnozę cyberbezpieczeństwa "
                       "i przeszkolił pracowników.")
    lines = {area: services.budget_line_create(user=actor, project=project, area=area, name=name,
                                               planned_amount=Decimal(planned))
             for area, name, planned in (("hardware", "Sprzęt komputerowy i serwerowy", "131020.00"),
                                         ("software", "Licencje oprogramowania biurowego", "9660.00"),
                                         ("diagnosis", "Diagnoza cyberbezpieczeństwa", "4920.00"),
                                         ("training", "Szkolenie pracowników", "2379.00"))}
    invoices = [("hardware", "FV/2022/09/0147", datetime.date(2022, 9, 15), "106520.33", "24499.67", assets),
                ("software", "FV/2022/10/0033", datetime.date(2022, 10, 4), "7853.66", "1806.34", []),
                ("diagnosis", "FV/2022/11/0012", datetime.date(2022, 11, 18), "4000.00", "920.00", []),
                ("training", "FV/2022/12/0005", datetime.date(2022, 12, 9), "2213.99", "0.00", [])]
    for area, number, date, net, vat, linked in invoices:
        services.expenditure_create(
            user=actor, project=project, budget_line=lines[area], document_number=number, document_date=date,
            supplier_name="Przykładowy Dostawca IT sp. z o.o.", supplier_nip=SUPPLIER_NIP,
            description=f"Zakup: {lines[area].name}", net_amount=Decimal(net), vat_amount=Decimal(vat),
            gross_amount=Decimal(net) + Decimal(vat), payment_date=date + datetime.timedelta(days=14),
            assets=linked)
    for indicator in project.indicators.filter(code__in=["W3", "W4"]):
        services.indicator_update(user=actor, indicator=indicator,
                                  achieved_manual=Decimal("18") if indicator.code == "W3" else Decimal("1"))
    for item in project.promotion_items.all():
        services.promotion_item_update(user=actor, promotionitem=item, done_on=datetime.date(2023, 1, 12),
                                       evidence_note=f"zdjęcie {item.code}")
    return project


# --- The settlement report (PDF) -------------------------------------------------------------

def test_settlement_pdf_has_what_the_operator_checks(mikstat):
    pages = pages_text(render(documents.settlement_pdf, mikstat))
    text = "\n".join(pages)
    assert "ROZLICZENIE PROJEKTU GRANTOWEGO" in text
    assert "Urząd Miasta i Gminy Mikstat" in text and "Rynek 15, 63-510 Mikstat" in text
    assert AGREEMENT in text and UMBRELLA in text and "28.04.2022" in text
    for number in ("FV/2022/09/0147", "FV/2022/10/0033", "FV/2022/11/0012", "FV/2022/12/0005"):
        assert number in text
    assert "NIP 123-456-32-18" in text and "29.09.2022" in text   # supplier and payment date
    assert "106 520,33 zł" in text and "24 499,67 zł" in text and "131 020,00 zł" in text
    # totals to the grosz: net, VAT, gross of all documents; the grant and what is left of it
    assert "120 587,98 zł" in text and "27 226,01 zł" in text and "147 813,99 zł" in text
    assert "147 979,00 zł" in text and "165,01 zł" in text
    words = flat(text)
    assert "słownie: sto czterdzieści siedem tysięcy dziewięćset siedemdziesiąt dziewięć złotych 00/100" in words
    assert "sto czterdzieści siedem tysięcy osiemset trzynaście złotych 99/100" in words
    for inventory, serial in (("UMiG/SRV/0001/22", "7XK3PQ3"), ("UMiG/KS/0001/22", "5CG2281XQZ"),
                              ("UMiG/LAP/0001/22", "PF3ZK9QW")):
        assert inventory in text and serial in text
    assert "Serwerownia" in text and "Pokój 12" in text and "Anna Kowalczyk" in text   # where it is now
    assert "Liczba zakupionych serwerów" in words and "Liczba przeszkolonych pracowników" in words
    assert "180%" in text                                              # 18 trained of 10 planned
    assert "Plakat co najmniej A3" in words and "12.01.2023" in text and "zdjęcie PLAKAT" in text
    assert "Źródła finansowania" in text and "Środki Unii Europejskiej" in text and "100,00%" in text
    assert "w okresie trwałości" in text          # Polish whatever the interface's catalogue holds
    closing = flat(pages[-1])
    assert "Koordynator projektu (Tomasz Nowicki)" in closing and "Burmistrz (Anna Kowalczyk)" in closing
    assert f"Mikstat, dnia {formatting.date(datetime.date.today())}" in pages[0]


def test_settlement_pdf_pages_are_numbered_landscape_a4_with_headers_on_continued_tables(world, mikstat):
    office = mikstat.organization
    many = [inventory_services.asset_create(user=world.admin_a, organization=office,
                                            inventory_number=f"UMiG/MON/{n:04d}/22", name="Monitor 24\"",
                                            category=category("monitor"), serial_number=f"CN-MON-{n:05d}")
            for n in range(1, 61)]
    services.expenditure_create(
        user=world.admin_a, project=mikstat, budget_line=mikstat.budget_lines.first(),
        document_number="FV/2022/09/0200", document_date=datetime.date(2022, 9, 20), supplier_name="Dostawca",
        description="Monitory", net_amount=Decimal("43414.63"), vat_amount=Decimal("9985.37"),
        gross_amount=Decimal("53400.00"), assets=many)
    data = render(documents.settlement_pdf, mikstat)
    reader = PdfReader(io.BytesIO(data))
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)
    assert round(float(reader.pages[0].mediabox.width)) == 842
    pages = pages_text(data)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"strona {number} z {len(pages)}" in page
        if number > 1:   # the running header names the project
            assert "Rozliczenie projektu grantowego" in page and UMBRELLA in page
        if "UMiG/MON/" in page:   # the equipment table goes on with its header on every page
            assert "Numer inwentarzowy" in flat(page) and "Numer seryjny" in flat(page)
    text = "\n".join(pages)
    assert all(text.count(f"UMiG/MON/{n:04d}/22") == 1 for n in range(1, 61))
    # spent above the grant: said in figures and words, nothing left unused
    assert "Wydatki ponad kwotę grantu 53 234,99 zł" in flat(pages[-1])
    assert "Niewykorzystana kwota grantu 0,00 zł" in flat(pages[-1])


def test_an_empty_project_still_gives_a_report(world):
    project = GrantProjectFactory(organization=world.org_a, program=program("inny"),
                                  granted_amount=Decimal("0.00"))
    text = flat("\n".join(pages_text(render(documents.settlement_pdf, project))))
    assert "W projekcie nie ujęto jeszcze żadnych wydatków." in text
    assert "zero złotych 00/100" in text
    assert "Wójt" in text                        # Urząd Gminy: the wójt signs


# --- The settlement report (XLSX) ------------------------------------------------------------

def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_settlement_xlsx_has_typed_cells_and_totals_that_add_up(mikstat):
    handle = io.BytesIO()
    documents.settlement_xlsx(mikstat, handle)
    workbook = load_workbook(io.BytesIO(handle.getvalue()))
    assert workbook.sheetnames == ["Projekt", "Budżet", "Wydatki", "Sprzęt", "Wskaźniki", "Promocja"]

    sheet = workbook["Wydatki"]
    header, *body = _rows(sheet)
    expenditures, total = body[:-1], body[-1]
    assert [row[1] for row in expenditures] == ["FV/2022/09/0147", "FV/2022/10/0033", "FV/2022/11/0012",
                                                 "FV/2022/12/0005"]
    first = expenditures[0]
    assert first[2] == datetime.datetime(2022, 9, 15) and first[11] == datetime.datetime(2022, 9, 29)
    assert first[4] == "123-456-32-18"
    assert all(isinstance(value, (int, float)) for row in expenditures for value in row[7:11])
    assert sheet["C2"].number_format == "DD.MM.YYYY" and sheet["H2"].number_format == '#,##0.00 "zł"'
    assert total[1] == "Razem"
    for column in range(7, 11):   # net, VAT, gross, eligible: the total is the sum, to the grosz
        expected = sum(Decimal(str(row[column])) for row in expenditures)
        assert Decimal(str(total[column])).quantize(Decimal("0.01")) == expected
    assert Decimal(str(total[10])) == Decimal("147813.99")

    facts = {row[0]: row[1] for row in _rows(workbook["Projekt"]) if row[0]}
    assert facts["Kwota grantu"] == 147979 and facts["Data zawarcia umowy"] == datetime.datetime(2022, 4, 28)
    assert facts["Numer umowy o powierzenie grantu"] == AGREEMENT
    assert facts["Status projektu"] == "w okresie trwałości"
    assert facts["Wydatki kwalifikowalne słownie"] == \
        "sto czterdzieści siedem tysięcy osiemset trzynaście złotych 99/100"
    assert Decimal(str(facts["Niewykorzystana kwota grantu"])) == Decimal("165.01")
    source = next(row for row in workbook["Projekt"].iter_rows() if row[0].value == "Środki Unii Europejskiej")
    assert source[1].value == 147979 and source[2].value == 1 and source[2].number_format == "0.00%"

    budget = _rows(workbook["Budżet"])
    assert budget[1][1] == "sprzęt" and budget[-1][0] == "Razem"
    assert Decimal(str(budget[-1][4])) == Decimal("147813.99")
    assets = {row[0]: row for row in _rows(workbook["Sprzęt"])[1:]}
    assert assets["UMiG/SRV/0001/22"][5] == "7XK3PQ3" and assets["UMiG/SRV/0001/22"][6] == "Serwerownia"
    assert assets["UMiG/LAP/0001/22"][7] == "Anna Kowalczyk"
    indicators = {row[0]: row for row in _rows(workbook["Wskaźniki"])[1:]}
    assert indicators["W1"][3:5] == [15, 2] and indicators["W3"][4] == 18 and indicators["W3"][5] == 1.8
    promotion = _rows(workbook["Promocja"])[1:]
    assert all(row[1] == datetime.datetime(2023, 1, 12) for row in promotion)


# --- The poster ------------------------------------------------------------------------------

def _poster(project, **kwargs):
    data = render(documents.poster_pdf, project, **kwargs)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A3   # portrait A3
    return flat(pages_text(data)[0])


def test_poster_names_the_beneficiary_the_title_the_values_and_the_react_eu_sentence(mikstat):
    text = _poster(mikstat, url="https://bip.mikstat.example/public/projects/1/")
    assert "Urząd Miasta i Gminy Mikstat" in text
    assert "Cyfrowa Gmina — cyfryzacja Urzędu Miasta i Gminy Mikstat" in text
    assert "przeszkolił pracowników" in text
    assert "Wartość projektu 147 979,00 zł" in text
    assert "Wkład Funduszy Europejskich 147 979,00 zł" in text
    assert "Sfinansowano w ramach reakcji Unii na pandemię COVID-19" in text
    assert "Fundusze Europejskie" in text and "Rzeczpospolita Polska" in text and "Unia Europejska" in text
    assert "Europejski Fundusz Rozwoju Regionalnego" in text
    assert "https://bip.mikstat.example/public/projects/1/" in text


def test_poster_of_another_programme_has_its_own_wording_and_no_react_eu(world):
    project = GrantProjectFactory(organization=world.org_a, program=program("cyberbezpieczny-samorzad"),
                                  title="Cyberbezpieczny Samorząd w Gminie Alfa",
                                  granted_amount=Decimal("850000.00"), agreement_date=datetime.date(2024, 3, 1))
    services.funding_source_create(user=world.admin_a, project=project, kind="own", amount=Decimal("10000.00"))
    text = _poster(project)
    assert "reakcji Unii" not in text and "COVID-19" not in text
    assert "Dofinansowane ze środków Unii Europejskiej i budżetu państwa." in text
    assert "Dofinansowane przez Unię Europejską" in text                   # the 2021–2027 EU sign
    assert "Wartość projektu 860 000,00 zł" in text                      # grant and own contribution
    assert "Wkład Funduszy Europejskich 688 500,00 zł" in text   # the EU's 81%


def test_poster_fits_a_long_title_on_one_page(world):
    title = ("Kompleksowa cyfryzacja Urzędu Gminy Alfa i jednostek organizacyjnych gminy wraz z zakupem "
             "sprzętu komputerowego, serwerowego, licencji oprogramowania, szkoleniami pracowników oraz "
             "diagnozą cyberbezpieczeństwa i wdrożeniem polityki bezpieczeństwa")
    assert len(title) <= 255
    project = GrantProjectFactory(organization=world.org_a, title=title,
                                  public_summary="Opis projektu dla mieszkańców. " * 60)
    text = _poster(project)
    assert title in text
    assert "…" in text   # a very long description is shortened, not pushed off the page


@override_settings(CSRF_TRUSTED_ORIGINS=["https://magistrat.alfa.example"])
def test_poster_links_the_public_page_from_the_sites_address(world):
    project = GrantProjectFactory(organization=world.org_a)
    url = f"https://magistrat.alfa.example{reverse('grants:public_project', args=[project.pk])}"
    assert url in _poster(project)


# --- Downloads -------------------------------------------------------------------------------

def _download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_downloads_for_a_permitted_user_and_404_for_others(world, client, mikstat):
    pdf_url = reverse("grants:settlement_report", args=[mikstat.pk, "pdf"])
    xlsx_url = reverse("grants:settlement_report", args=[mikstat.pk, "xlsx"])
    client.force_login(world.viewer_a)
    response, body = _download(client, pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]
    response, body = _download(client, xlsx_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert load_workbook(io.BytesIO(body))["Wydatki"]["B2"].value == "FV/2022/09/0147"
    client.force_login(world.admin_b)
    assert client.get(pdf_url).status_code == 404 and client.get(xlsx_url).status_code == 404


def test_the_poster_is_public_only_once_published(world, client, mikstat):
    url = reverse("grants:public_poster", args=[mikstat.pk])
    response, body = _download(client, url)   # no login needed
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Urząd Miasta i Gminy Mikstat" in pages_text(body)[0]
    services.project_publish(user=world.admin_a, project=mikstat, published=False)
    assert client.get(url).status_code == 404


# --- The command line ------------------------------------------------------------------------

ENGLISH = {"LANGUAGE": "en", "LANG": "en_US.UTF-8", "LC_ALL": "C.UTF-8"}


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    """A database of its own with the demo loaded (the other CLI tests change theirs), by an
    operator whose shell speaks English."""
    saved = {name: os.environ.get(name) for name in ENGLISH}
    os.environ.update(ENGLISH)
    try:
        return cli_environment(tmp_path_factory, "grants_cli")
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


STORED = """
from magistrat.grants.models import GrantProject, Program
project = GrantProject.objects.get(umbrella_number="POPC.05.01.00-00-0001/21-00")
cs = Program.objects.get(code="cyberbezpieczny-samorzad")
for text in [*Program.objects.values_list("name", flat=True), *cs.cost_areas,
             *(t["name"] for t in cs.indicator_templates), *(t["name"] for t in cs.promotion_templates),
             *project.milestones.values_list("name", flat=True), *project.indicators.values_list("name", flat=True),
             *project.promotion_items.values_list("name", flat=True),
             *project.budget_lines.values_list("name", flat=True),
             *project.tranches.values_list("condition", flat=True)]:
    print(text)
"""


def test_the_demo_run_from_an_english_shell_stores_polish_names(cli_env):
    stored = run(cli_env, "shell", "-c", STORED).stdout.splitlines()
    for polish in ("Cyfrowa Gmina", "Cyberbezpieczny Samorząd", "Koniec kwalifikowalności wydatków",
                   "Zakończenie projektu", "Liczba przeszkolonych pracowników",
                   "Plakat co najmniej A3 w miejscu realizacji projektu", "Sprzęt komputerowy i serwerowy"):
        assert polish in stored
    english = ("End of", "Settlement of", "Request for", "number of", "poster", "hardware and")
    assert not [text for text in stored if text.startswith(english)], stored
    # Loading the catalogue again from the English shell finds every programme as its file has it.
    assert "0 updated, 5 unchanged" in run(cli_env, "programmes", "load", "--update").stdout


def test_report_grant_writes_a_pdf_that_opens(cli_env, tmp_path):
    target = tmp_path / "rozliczenie.pdf"
    result = subprocess.run([BIN, "report", "grant", UMBRELLA, "--format", "pdf", "-o", target], env=cli_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = flat("\n".join(pages_text(target.read_bytes())))
    assert "ROZLICZENIE PROJEKTU GRANTOWEGO" in text and "FV/2022/09/0147 (demo)" in text
    assert "słownie: sto czterdzieści siedem tysięcy osiemset czternaście złotych 00/100" in text


def test_report_grant_of_an_unknown_project_is_a_one_line_error(cli_env, tmp_path):
    result = subprocess.run([BIN, "report", "grant", "NIE/MA/TAKIEGO", "-o", tmp_path / "x.pdf"], env=cli_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "no grant project 'NIE/MA/TAKIEGO'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


# --- Warnings: the PDF says what the workbook says --------------------------------------------

def test_the_pdf_prints_every_warning_the_workbook_prints(world, mikstat):
    line = mikstat.budget_lines.get(area="software")
    services.expenditure_create(
        user=world.admin_a, project=mikstat, budget_line=line, document_number="FV/2019/1",
        document_date=datetime.date(2019, 12, 1), supplier_name="Dostawca", description="Licencje",
        net_amount=Decimal("1000.00"), vat_amount=Decimal("230.00"), gross_amount=Decimal("1230.00"),
        eligible_amount=Decimal("1300.00"))
    services.funding_source_create(user=world.admin_a, project=mikstat, kind="state", amount=Decimal("1000.00"))
    services.project_update(user=world.admin_a, grantproject=mikstat, granted_amount=Decimal("50000.00"),
                            end_date=datetime.date(2023, 10, 27))
    handle = io.BytesIO()
    documents.settlement_xlsx(mikstat, handle)
    workbook = load_workbook(io.BytesIO(handle.getvalue()))
    cells = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    workbook_warnings = [flat(text.removeprefix("Uwaga: ")) for text in cells if text.startswith("Uwaga: ")]
    expected = [
        "FV/2019/1: Data dokumentu 01.12.2019 wykracza poza okres kwalifikowalności wydatków w programie "
        "(01.02.2020–30.09.2023): dokument nie jest wliczany do rozliczenia.",
        "FV/2019/1: Kwota kwalifikowalna przekracza kwotę brutto: do rozliczenia wliczana jest tylko kwota brutto.",
        "Wydatki kwalifikowalne przekraczają kwotę grantu.",
        "Źródła finansowania sumują się do 148 979,00 zł, a nie do wartości projektu 50 000,00 zł (grant i wkład "
        "własny).",
        "Kwota grantu 50 000,00 zł jest poniżej minimalnej kwoty programu (100 000,00 zł).",
        "Projekt kończy się 27.10.2023, po końcu okresu kwalifikowalności programu (30.09.2023).",
    ]
    pdf_text = flat("\n".join(pages_text(render(documents.settlement_pdf, mikstat))))
    for warning in expected:
        assert warning in workbook_warnings, "\n".join(workbook_warnings)
    for warning in workbook_warnings:
        assert f"Uwaga: {warning}" in pdf_text, warning
    # The document outside the window counts for nothing: its line is not above the plan.
    assert not [w for w in workbook_warnings if "przekraczają plan" in w]


def test_a_project_within_the_programme_s_rules_has_no_warnings(mikstat):
    pdf_text = flat("\n".join(pages_text(render(documents.settlement_pdf, mikstat))))
    assert "Uwaga" not in pdf_text and "Uwagi" not in pdf_text


# --- What counts towards the settlement, to the grosz ----------------------------------------

def test_the_settlement_counts_eligible_amounts_capped_at_gross_and_nothing_outside_the_window(
        world, mikstat, api_client):
    line = mikstat.budget_lines.get(area="training")
    common = {"user": world.admin_a, "project": mikstat, "budget_line": line, "supplier_name": "Dostawca",
              "description": "Materiały szkoleniowe"}
    # Eligible entered above gross: only the gross 123,00 zł counts.
    services.expenditure_create(**common, document_number="FV/2023/1", document_date=datetime.date(2023, 2, 1),
                                net_amount=Decimal("100.00"), vat_amount=Decimal("23.00"),
                                gross_amount=Decimal("123.00"), eligible_amount=Decimal("150.00"))
    # Before the programme's window (from 01.02.2020): listed, but counts for nothing.
    services.expenditure_create(**common, document_number="FV/2019/7", document_date=datetime.date(2019, 12, 1),
                                net_amount=Decimal("2000.00"), vat_amount=Decimal("460.00"),
                                gross_amount=Decimal("2460.00"))
    counted = Decimal("147936.99")              # 147 813,99 + 123,00 + 0,00
    in_words = "sto czterdzieści siedem tysięcy dziewięćset trzydzieści sześć złotych 99/100"

    handle = io.BytesIO()
    documents.settlement_xlsx(mikstat, handle)
    workbook = load_workbook(io.BytesIO(handle.getvalue()))
    header, *body = _rows(workbook["Wydatki"])
    rows, total = {row[1]: row for row in body[:-1]}, body[-1]
    assert header[10] == "Kwalifikowalne" and header[13] == "Uwagi"
    assert rows["FV/2023/1"][10] == 123
    assert "wliczono do wysokości kwoty brutto (wpisano 150,00" in rows["FV/2023/1"][13]
    assert rows["FV/2019/7"][10] == 0 and rows["FV/2019/7"][9] == 2460
    assert "poza okresem kwalifikowalności — nie wliczono" in rows["FV/2019/7"][13]
    assert Decimal(str(total[10])).quantize(Decimal("0.01")) == counted == \
        sum(Decimal(str(row[10])) for row in body[:-1])
    facts = {row[0]: row[1] for row in _rows(workbook["Projekt"]) if row[0]}
    assert Decimal(str(facts["Wydatki kwalifikowalne"])) == counted
    assert facts["Wydatki kwalifikowalne słownie"] == in_words
    assert Decimal(str(facts["Niewykorzystana kwota grantu"])) == Decimal("42.01")
    budget = _rows(workbook["Budżet"])
    training = next(row for row in budget if row[0] == "Szkolenie pracowników")
    assert (Decimal(str(training[3])), Decimal(str(training[4])), Decimal(str(training[5]))) == (
        Decimal("4796.99"), Decimal("2336.99"), Decimal("42.01"))
    assert Decimal(str(next(row for row in budget if row[0] == "Razem")[4])) == counted

    text = flat("\n".join(pages_text(render(documents.settlement_pdf, mikstat))))
    assert "Razem wydatki kwalifikowalne: 147 936,99 zł, słownie: " + in_words in text
    assert "poza okresem kwalifikowalności — nie wliczono (wpisano 2 460,00 zł)" in text
    assert "Wydatki kwalifikowalne 147 936,99 zł" in text and "Niewykorzystana kwota grantu 42,01 zł" in text
    assert "przekraczają" not in text            # within the plan and the grant, as counted

    api_client.force_authenticate(world.admin_a)
    budget = api_client.get(f"/api/v1/grant-projects/{mikstat.pk}/").json()["budget"]
    assert budget["total"]["eligible"] == "147936.99" and budget["total"]["spent"] == "150396.99"
    assert next(r for r in budget["lines"] if r["name"] == "Szkolenie pracowników")["remaining"] == "42.01"
    listed = {row["document_number"]: row for row in
              api_client.get(f"/api/v1/expenditures/?project={mikstat.pk}").json()["results"]}
    assert (listed["FV/2023/1"]["counted_amount"], listed["FV/2019/7"]["counted_amount"]) == ("123.00", "0.00")


def test_the_counted_amount_of_an_unsaved_row_follows_the_same_rule(world):
    """The import checks rows before they are saved (Expenditure.amount_counted); the database
    sums saved ones (counted_amount()): both give the same amounts."""
    from magistrat.grants.models import Expenditure
    from magistrat.grants.selectors import with_counted

    project = GrantProjectFactory(organization=world.org_a)
    line = services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                       planned_amount=Decimal("100000"))
    cases = [(datetime.date(2022, 6, 1), "1230.00", "1230.00"), (datetime.date(2022, 6, 1), "1230.00", "2000.00"),
             (datetime.date(2022, 6, 1), "1230.00", "100.00"), (datetime.date(2020, 1, 31), "1230.00", "1230.00"),
             (datetime.date(2020, 2, 1), "1230.00", "1230.00"), (datetime.date(2023, 9, 30), "1230.00", "1230.00"),
             (datetime.date(2023, 10, 1), "1230.00", "1230.00")]
    for n, (date, gross, eligible) in enumerate(cases):
        services.expenditure_create(user=world.admin_a, project=project, budget_line=line,
                                    document_number=f"FV/{n}", document_date=date, supplier_name="Dostawca",
                                    description="Zakup", net_amount=Decimal("1000.00"), vat_amount=Decimal("230.00"),
                                    gross_amount=Decimal(gross), eligible_amount=Decimal(eligible))
    saved = list(with_counted(Expenditure.objects.filter(project=project).select_related("project__program"))
                 .order_by("id"))
    assert [e.counted_amount for e in saved] == [e.amount_counted() for e in saved] == [
        Decimal(x) for x in ("1230.00", "1230.00", "100.00", "0.00", "1230.00", "1230.00", "0.00")]
