"""The printed equipment list says which filters made it, the way people read them, wherever it
is printed from; the label sheet has a name of its own; the start page's count opens the list
of what it counts."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from magistrat.inventory import services

from .factories import AssetFactory, LocationFactory, category


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def filters_line(text: str) -> str:
    return re.search(r"Filtry: (.*?) Lp\.", text).group(1)


@pytest.fixture
def register(world):
    building = LocationFactory(organization=world.org_a, name="Budynek A", kind="building")
    room = LocationFactory(organization=world.org_a, name="Pokój 5", parent=building)
    stock = AssetFactory(organization=world.org_a, name="Laptop w szafie", category=category("laptop"),
                         location=room)
    used = AssetFactory(organization=world.org_a, name="Laptop kierownika", category=category("laptop"),
                        location=room)
    services.asset_handover(user=world.it_a, person=world.person_a, assets=[used])
    return {"room": room, "stock": stock, "used": used}


FILTERS = {"search": "laptop", "status": ["in_stock", "in_use"], "holder_left": "false",
           "category": None, "location": None}


def _params(world, register):
    return {**FILTERS, "category": category("laptop").pk, "location": register["room"].pk}


EXPECTED = ("Szukaj: laptop; Kategoria: laptop; Status: w magazynie, w użyciu; "
            "Lokalizacja (z pomieszczeniami wewnątrz): Budynek A › Pokój 5; Na stanie byłego pracownika: nie")


def test_the_list_screen_pdf_names_its_filters_in_polish(world, client, register):
    client.force_login(world.it_a)
    response = client.get(reverse("inventory:asset_list"), {**_params(world, register), "export": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert filters_line(text) == EXPECTED
    assert register["stock"].inventory_number in text and register["used"].inventory_number in text


def test_the_api_and_the_command_line_print_the_same_line(world, client, api_client, register, tmp_path):
    api_client.force_authenticate(world.it_a)
    response = api_client.get("/api/v1/assets/export/", {**_params(world, register), "export": "pdf"})
    assert response.status_code == 200
    assert filters_line(pdf_text(b"".join(response.streaming_content))) == EXPECTED

    target = tmp_path / "wykaz.pdf"
    call_command("export", "assets", "--format", "pdf", "-o", str(target), "--search", "laptop",
                 "--filter", "status=in_stock", "--filter", "status=in_use", "--filter", "holder_left=false",
                 "--filter", f"category={category('laptop').pk}", "--filter", f"location={register['room'].pk}",
                 stdout=io.StringIO())
    assert filters_line(pdf_text(target.read_bytes())) == EXPECTED


def test_a_person_a_unit_a_date_and_yes_are_printed_as_read(world, client, register):
    client.force_login(world.it_a)
    response = client.get(reverse("inventory:asset_list"), {
        "export": "pdf", "person": world.person_a.pk, "purchased_from": "2022-04-28", "low_value": "true",
        "organization": world.org_a.pk, "warranty_within": "90", "ordering": "-name", "page": "2"})
    assert filters_line(pdf_text(b"".join(response.streaming_content))) == (
        "Pracownik: Anna Alfowska; Jednostka: Urząd Gminy Alfa; Gwarancja kończy się w ciągu (dni): 90; "
        "Niskocenny: tak; Data zakupu od: 28.04.2022")


def test_another_tenants_unit_is_not_named(world, client, api_client, register, tmp_path):
    """A unit the user cannot see shows as the id they typed, wherever the list is printed."""
    client.force_login(world.it_a)
    response = client.get(reverse("inventory:asset_list"), {"export": "pdf", "organization": world.org_b.pk})
    line = filters_line(pdf_text(b"".join(response.streaming_content)))
    assert line == f"Jednostka: {world.org_b.pk}"
    api_client.force_authenticate(world.it_a)
    response = api_client.get("/api/v1/assets/export/", {"export": "pdf", "organization": world.org_b.pk})
    assert filters_line(pdf_text(b"".join(response.streaming_content))) == f"Jednostka: {world.org_b.pk}"
    target = tmp_path / "wykaz.pdf"
    call_command("export", "assets", "--format", "pdf", "-o", str(target), "--as", "it_a",
                 "--filter", f"organization={world.org_b.pk}", stdout=io.StringIO())
    assert filters_line(pdf_text(target.read_bytes())) == f"Jednostka: {world.org_b.pk}"
    call_command("export", "assets", "--format", "pdf", "-o", str(target),
                 "--filter", f"organization={world.org_b.pk}", stdout=io.StringIO())   # the operator sees all
    assert filters_line(pdf_text(target.read_bytes())) == "Jednostka: Urząd Gminy Beta"


def test_no_filters_say_so(world, client, register):
    client.force_login(world.it_a)
    response = client.get(reverse("inventory:asset_list"), {"export": "pdf"})
    assert "Filtry: brak (wszystkie pozycje)" in pdf_text(b"".join(response.streaming_content))


def test_the_label_sheet_has_its_own_file_name(world, client, register):
    client.force_login(world.it_a)
    url = reverse("inventory:asset_list")
    listing = client.get(url, {"export": "pdf"})["Content-Disposition"]
    labels = client.get(url, {"export": "labels"})["Content-Disposition"]
    ticked = client.post(f"{url}?export=labels", {"pk": [register["stock"].pk]})["Content-Disposition"]
    assert "rejestr-sprzetu-" in listing or "hardware-register-" in listing
    assert re.search(r'filename="etykiety-\d{4}-\d{2}-\d{2}\.pdf"', labels), labels
    assert re.search(r'filename="etykiety-\d{4}-\d{2}-\d{2}\.pdf"', ticked), ticked


def test_the_start_page_count_opens_the_list_of_what_it_counts(world, client):
    kept = [AssetFactory(organization=world.org_a) for _ in range(3)]
    gone = AssetFactory(organization=world.org_a)
    services.asset_retire(user=world.it_a, asset=gone, status="disposed", date=gone.created_at.date(),
                          reason="zużyty", protocol_number="PL/1")
    client.force_login(world.it_a)
    home = client.get(reverse("home")).content.decode()
    match = re.search(r'href="([^"]*)"><span class="summary-number">(\d+)</span><span>[^<]*(?:register|rejestrze)',
                      home)
    assert match, home
    url, number = match.group(1).replace("&amp;", "&"), int(match.group(2))
    assert number == 3
    listing = client.get(url).content.decode()
    assert all(asset.inventory_number in listing for asset in kept)
    assert gone.inventory_number not in listing


def test_the_printed_list_keeps_the_serial_numbers_the_screen_leaves_out(world, client, register, tmp_path):
    serial = register["stock"].serial_number
    client.force_login(world.it_a)
    url = reverse("inventory:asset_list")
    assert serial not in client.get(url).content.decode()            # not a default column on screen
    assert serial in pdf_text(b"".join(client.get(url, {"export": "pdf"}).streaming_content))
    target = tmp_path / "wykaz.pdf"
    call_command("export", "assets", "--format", "pdf", "-o", str(target), stdout=io.StringIO())
    assert serial in pdf_text(target.read_bytes())
    # Columns the user chose are printed as chosen.
    chosen = client.get(url, {"export": "pdf", "col": ["inventory_number", "name"]})
    assert serial not in pdf_text(b"".join(chosen.streaming_content))
