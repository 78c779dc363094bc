"""What an IT officer sees around an import: statuses written as the screens name them, a
preview with the dates, prices and statuses, clashes naming the asset already in the register,
the unit column of our own exports, and "the assets from this import" afterwards."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magistrat.core.models import ImportJob
from magistrat.inventory.imports import asset_import
from magistrat.inventory.models import Asset
from magistrat.inventory.tests.factories import AssetFactory, category

pytestmark = pytest.mark.usefixtures("english")

HEADER = "Nr inw.;Nazwa;Kategoria;Producent;Nr seryjny;Data zakupu;Wartość brutto [zł];Stan"


def csv(*rows, header=HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("cp1250")


@pytest.mark.parametrize(("written", "status"), [
    ("W MAGAZYNIE", "in_stock"), ("na magazynie", "in_stock"), ("In stock", "in_stock"),
    ("in_stock", "in_stock"), ("w uzyciu", "in_use"), ("IN USE", "in_use"),
    ("w naprawie", "in_repair"), ("In repair", "in_repair"), ("wypożyczony", "lent"), ("Lent", "lent"),
    ("zamówiony", "ordered"), ("Ordered", "ordered")])
def test_statuses_as_the_screens_name_them_in_either_language(world, written, status):
    report = asset_import(user=world.it_a, organization=world.org_a, source=csv(
        f"S/1;Komputer;komputer stacjonarny;Dell;SN-1;01.02.2023;4 350,00 zł;{written}"))
    assert report.ok, [str(e) for e in report.errors]
    assert Asset.objects.get(inventory_number="S/1").status == status


def test_an_unknown_status_names_the_row_and_the_choices(world):
    report = asset_import(user=world.it_a, organization=world.org_a, source=csv(
        "S/1;Komputer;komputer stacjonarny;Dell;SN-1;;;na półce"))
    [error] = report.errors
    assert (error.row, error.column) == (2, "Stan")
    assert "“na półce” is not one of:" in error.message and "w magazynie" in error.message


def test_the_preview_shows_the_status_the_purchase_date_and_the_price(world):
    AssetFactory(organization=world.org_a, inventory_number="U/1", name="Monitor", serial_number="M-1",
                 category=category("monitor"), gross_price=Decimal("800.00"))
    data = csv("N/1;Laptop;laptop;Dell;L-1;28.04.2022;4 350,00 zł;w użyciu",
               "U/1;Monitor;monitor;Dell;M-1;02.05.2022;1234,5;w naprawie")
    report = asset_import(user=world.it_a, organization=world.org_a, source=data, update=True, dry_run=True)
    new, updated = report.preview
    assert new["changes"]["Status"] == "in use"
    assert new["changes"]["Purchase date"] == "28.04.2022"
    assert new["changes"]["Gross price"].replace("\xa0", " ") == "4 350,00 zł"
    assert updated["changes"]["Status"] == "in repair"
    assert updated["changes"]["Purchase date"] == "02.05.2022"
    assert updated["changes"]["Gross price"].replace("\xa0", " ") == "1 234,50 zł"


def test_a_new_row_without_a_status_previews_the_status_it_will_get(world):
    report = asset_import(user=world.it_a, organization=world.org_a, dry_run=True,
                          source=csv("N/1;Laptop;laptop;Dell;L-1;;;"))
    assert report.preview[0]["changes"]["Status"] == "in stock"


def test_clashes_with_the_register_name_the_asset_already_there(world):
    AssetFactory(organization=world.org_a, inventory_number="UG/KS/7/22", name="Komputer",
                 manufacturer="Dell", serial_number="5CG2281XQZ")
    report = asset_import(user=world.it_a, organization=world.org_a, source=csv(
        "UG/KS/7/22;Komputer;komputer stacjonarny;Dell;SN-OTHER;;;",
        "UG/KS/8/22;Komputer;komputer stacjonarny;Dell;5CG2281XQZ;;;"))
    errors = {(e.row, e.column): e.message for e in report.errors}
    assert errors[(2, "Nr inw.")] == "Already in the register as UG/KS/7/22; import with “update” to change it."
    assert errors[(3, "Nr seryjny")] == "UG/KS/7/22 in the register already has this manufacturer and serial number."


def test_the_unit_column_of_an_export_is_accepted_for_its_own_unit_and_names_the_row_otherwise(world):
    header = HEADER + ";Jednostka"
    data = csv(f"J/1;Laptop;laptop;Dell;J-1;;;;{world.org_a.short_name}",
               f"J/2;Laptop;laptop;Dell;J-2;;;;{world.org_a.name.upper()}",
               f"J/3;Laptop;laptop;Dell;J-3;;;;{world.school_a.short_name}", header=header)
    report = asset_import(user=world.it_a, organization=world.org_a, source=data)
    assert not report.unknown_columns
    [error] = report.errors
    assert (error.row, error.column) == (4, "Jednostka")
    assert error.message.startswith(f"This row belongs to {world.school_a.short_name}, but the file is being "
                                    f"imported into {world.org_a.name}.")
    assert "remove the “Jednostka” column" in error.message
    report = asset_import(user=world.it_a, organization=world.org_a, source=data.replace(
        world.school_a.short_name.encode("cp1250"), world.org_a.short_name.encode("cp1250")))
    assert report.ok and report.created == 3
    assert set(Asset.objects.filter(inventory_number__startswith="J/").values_list("organization", flat=True)) \
        == {world.org_a.pk}


def test_after_an_import_the_result_links_to_the_assets_it_created(world, client, api_client):
    earlier = AssetFactory(organization=world.org_a, inventory_number="E/1", name="Starszy")
    client.force_login(world.it_a)
    data = csv("W/1;Komputer;komputer stacjonarny;Dell;W-1;01.02.2023;;",
               "W/2;Monitor;monitor;Dell;W-2;;;")
    response = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("lista.csv", data), "organization": world.org_a.pk})
    client.post(response["Location"])
    job = ImportJob.objects.get()
    assert job.status == "done"
    created = Asset.objects.filter(inventory_number__startswith="W/")
    assert {asset.import_job_id for asset in created} == {job.pk} and earlier.import_job_id is None
    done = client.get(reverse("inventory:asset_import_job", args=[job.pk])).content.decode()
    link = f"{reverse('inventory:asset_list')}?import_job={job.pk}"
    assert f'href="{link}"' in done
    page = client.get(link).content.decode()
    assert "Equipment created by the import of “lista.csv”" in page
    assert "W/1" in page and "W/2" in page and "E/1" not in page
    api_client.force_authenticate(world.it_a)
    rows = api_client.get("/api/v1/assets/", {"import_job": job.pk}).json()["results"]
    assert sorted(row["inventory_number"] for row in rows) == ["W/1", "W/2"]
    assert {row["import_job"] for row in rows} == {job.pk}
    # another organization's administrator sees neither the assets nor the import's name
    client.force_login(world.admin_b)
    page = client.get(link).content.decode()
    assert "lista.csv" not in page and "W/1" not in page


def _filter_form_fields(html: str) -> list[tuple[str, str]]:
    """What the list's filter form sends as it stands: its hidden inputs."""
    form = re.search(r'<form class="filters".*?</form>', html, re.S).group(0)
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)


def test_filtering_the_imported_assets_keeps_to_the_import(world, client):
    AssetFactory(organization=world.org_a, inventory_number="E/1", name="Starszy", status="in_use")
    client.force_login(world.it_a)
    data = csv("W/1;Komputer;komputer stacjonarny;Dell;W-1;;;w użyciu",
               "W/2;Monitor;monitor;Dell;W-2;;;w magazynie")
    response = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("lista.csv", data), "organization": world.org_a.pk})
    client.post(response["Location"])
    job = ImportJob.objects.get()
    page = client.get(reverse("inventory:asset_list"), {"import_job": job.pk}).content.decode()
    sent = _filter_form_fields(page)
    assert ("import_job", str(job.pk)) in sent
    # The officer ticks "in use" and presses "Filter": still only what the import created.
    filtered = client.get(reverse("inventory:asset_list") + "?" + urlencode(sent + [("status", "in_use")]))
    html = filtered.content.decode()
    assert "Equipment created by the import of “lista.csv”" in html
    assert "W/1" in html and "W/2" not in html and "E/1" not in html
    assert ("import_job", str(job.pk)) in _filter_form_fields(html)
    # The whole register's form sends no import.
    assert not any(name == "import_job" for name, _ in _filter_form_fields(
        client.get(reverse("inventory:asset_list")).content.decode()))


def test_an_import_that_only_updates_links_to_the_register(world, client):
    AssetFactory(organization=world.org_a, inventory_number="U/1", name="Monitor", serial_number="M-1",
                 manufacturer="Dell", category=category("monitor"))
    client.force_login(world.it_a)
    response = client.post(reverse("inventory:asset_import"), {
        "file": SimpleUploadedFile("zmiany.csv", csv("U/1;Monitor 24;monitor;Dell;M-1;;;")),
        "organization": world.org_a.pk, "update": "on"})
    client.post(response["Location"])
    job = ImportJob.objects.get()
    done = client.get(reverse("inventory:asset_import_job", args=[job.pk])).content.decode()
    assert "?import_job=" not in done and f'href="{reverse("inventory:asset_list")}"' in done


def test_a_command_line_import_creates_assets_without_an_import_record(world):
    asset_import(user=world.it_a, organization=world.org_a, source=csv("C/1;Laptop;laptop;Dell;C-1;;;"))
    assert Asset.objects.get(inventory_number="C/1").import_job is None
