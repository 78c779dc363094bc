"""The register's PDFs read the way a clerk reads them: protocol, label sheet, list."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from pypdf import PdfReader

from magistrat.core import pdf
from magistrat.core.testing import flat, pdf_pages_text, render_pdf
from magistrat.inventory import documents, selectors, services
from magistrat.inventory.models import AssetCategory
from magistrat.inventory.tables import ASSET_COLUMNS
from magistrat.organizations import services as org_services

DATE = datetime.date(2022, 4, 28)


pages_text, render = pdf_pages_text, render_pdf


@pytest.fixture
def office(world):
    org_services.organization_update(user=world.admin_a, organization=world.org_a,
                                     name="Urząd Miasta i Gminy Mikstat", short_name="UMiG Mikstat",
                                     street="Rynek 15", postal_code="63-510", city="Mikstat")
    world.org_a.refresh_from_db()
    return world.org_a


@pytest.fixture
def employee(world, office):
    return org_services.person_create(user=world.admin_a, organization=office, first_name="Paweł",
                                      last_name="Żółkiewski", position="Inspektor ds. księgowości",
                                      department="Referat Finansów")


def make_asset(world, organization, number, **fields):
    data = {"name": "Laptop Dell Latitude 5520", "category": AssetCategory.objects.get(organization=None,
                                                                                      name="laptop"),
            "manufacturer": "Dell", "model": "Latitude 5520", "purchase_date": DATE,
            "gross_price": Decimal("4350.00"), "vat_rate": Decimal("23"), **fields}
    return services.asset_create(user=world.admin_a, organization=organization, inventory_number=number, **data)


@pytest.fixture
def handed_over(world, office, employee):
    room = services.location_create(user=world.admin_a, organization=office, name="Pokój 12")
    laptop = make_asset(world, office, "UMiG/LAP/0001/22", serial_number="5CG2281XQZ", location=room)
    monitor = make_asset(world, office, "UMiG/MON/0007/22", name="Monitor Dell P2422H", model="P2422H",
                         serial_number="CN-0M2DFD-QDC00-2AR-1LXS",
                         category=AssetCategory.objects.get(organization=None, name="monitor"))
    protocol = services.asset_handover(
        user=world.admin_a, person=employee, assets=[laptop, monitor], date=DATE,
        issued_by="Jan Kowalski, informatyk", notes="Laptop z zainstalowanym systemem Windows 11 Pro.",
        details={laptop.pk: {"condition": "nowy, sprawny", "accessories": "zasilacz, torba, mysz"}})
    return protocol, laptop, monitor


def test_handover_protocol_names_the_parties_the_items_and_the_signatures(handed_over, employee):
    protocol, laptop, monitor = handed_over
    [text] = pages_text(render(documents.handover_protocol_pdf, protocol))
    assert "PROTOKÓŁ PRZEKAZANIA SPRZĘTU" in text
    assert f"nr {protocol.number} z dnia 28.04.2022" in text and protocol.number == "PP/1/2022"
    assert "Mikstat, dnia 28.04.2022" in text
    assert "Urząd Miasta i Gminy Mikstat" in text and "Rynek 15, 63-510 Mikstat" in text
    assert "Paweł Żółkiewski" in text
    assert "Inspektor ds. księgowości" in text and "Referat Finansów" in text
    assert "Jan Kowalski, informatyk" in text
    for asset in (laptop, monitor):
        assert asset.inventory_number in text
    assert "5CG2281XQZ" in text
    assert "CN-0M2DFD-QDC00-2AR-1LXS" in text.replace("\n", "")   # may wrap in its cell
    assert "zasilacz, torba, mysz" in flat(text) and "nowy, sprawny" in flat(text)
    assert "Przyjmuje go na swoją odpowiedzialność materialną" in flat(text)
    # the statement reads each item's condition; the one left empty is stated as before
    assert ("w stanie opisanym przy każdej pozycji: poz. 1 — nowy, sprawny; poz. 2 — kompletny i "
            "sprawny") in flat(text)
    assert "Laptop z zainstalowanym systemem Windows 11 Pro." in flat(text)
    assert "przekazujący" in text and "przyjmujący" in text
    # the one who hands over signs on the left, the employee on the right
    assert text.index("(Jan Kowalski, informatyk)") < text.index("(Paweł Żółkiewski)")
    assert "1 / 1" in text


def test_return_protocol_swaps_the_parties(world, handed_over, employee):
    _, laptop, monitor = handed_over
    laptop.refresh_from_db()
    monitor.refresh_from_db()
    protocol = services.asset_return(user=world.admin_a, person=employee, assets=[laptop, monitor],
                                     date=datetime.date(2023, 1, 9), issued_by="Jan Kowalski, informatyk")
    [text] = pages_text(render(documents.handover_protocol_pdf, protocol))
    assert "PROTOKÓŁ ZWROTU SPRZĘTU" in text and "PRZEKAZANIA" not in text
    assert "nr PZ/1/2023 z dnia 09.01.2023" in text
    assert "Przekazujący (pracownik)" in text
    assert "odpowiedzialność materialną" not in flat(text)
    assert "pracownik przestaje odpowiadać materialnie za zwrócony sprzęt" in flat(text)
    assert text.index("(Paweł Żółkiewski)") < text.index("(Jan Kowalski, informatyk)")
    assert laptop.inventory_number in text and monitor.inventory_number in text
    # nothing said about the condition or where they go: no reservations, back in the store
    assert "w stanie: bez zastrzeżeń" in flat(text)
    assert "Zwrócony sprzęt przyjęto na magazyn." in flat(text)
    assert "Stan; po zwrocie" in flat(text) and flat(text).count("na magazynie") == 2


def test_return_protocol_states_each_items_condition_and_where_it_went(world, handed_over, employee):
    _, laptop, monitor = handed_over
    docking = make_asset(world, employee.organization, "UMiG/STA/0001/22", name="Stacja dokująca Dell WD19",
                         model="WD19", serial_number="WD19-0001")
    services.asset_handover(user=world.admin_a, person=employee, assets=[docking], date=DATE)
    protocol = services.asset_return(
        user=world.admin_a, person=employee, assets=[laptop, monitor, docking],
        date=datetime.date(2023, 1, 9), issued_by="Jan Kowalski, informatyk",
        details={laptop.pk: {"condition": "uszkodzony: pęknięty zawias", "status": "in_repair"},
                 monitor.pk: {"condition": "używany, sprawny"},
                 docking.pk: {"condition": "używany, sprawny", "status": "in_stock"}})
    [text] = pages_text(render(documents.handover_protocol_pdf, protocol))
    statement = flat(text)
    assert ("w stanie opisanym przy każdej pozycji: poz. 1 — uszkodzony: pęknięty zawias; "
            "poz. 2 i 3 — używany, sprawny.") in statement
    assert "Poz. 1 przekazano do naprawy; poz. 2 i 3 przyjęto na magazyn." in statement
    assert statement.count("w naprawie") == 1 and statement.count("na magazynie") == 2
    laptop.refresh_from_db()
    monitor.refresh_from_db()
    assert laptop.status == "in_repair" and monitor.status == "in_stock"
    assert laptop.person is None


def test_an_item_sent_to_repair_with_no_condition_written_is_not_without_reservations(
        world, handed_over, employee):
    _, laptop, monitor = handed_over
    protocol = services.asset_return(
        user=world.admin_a, person=employee, assets=[laptop, monitor], date=datetime.date(2023, 1, 9),
        details={laptop.pk: {"status": "in_repair"}})
    statement = flat(pages_text(render(documents.handover_protocol_pdf, protocol))[0])
    assert "poz. 1 — wymaga naprawy; poz. 2 — bez zastrzeżeń" in statement
    assert "Poz. 1 przekazano do naprawy; poz. 2 przyjęto na magazyn." in statement


def test_a_long_protocol_continues_on_numbered_pages(world, office, employee):
    assets = [make_asset(world, office, f"UMiG/KS/{n:04d}/22", name=f"Zestaw komputerowy nr {n}",
                         serial_number=f"SN-{n:05d}") for n in range(1, 41)]
    protocol = services.asset_handover(user=world.admin_a, person=employee, assets=assets, date=DATE)
    pages = pages_text(render(documents.handover_protocol_pdf, protocol))
    assert len(pages) >= 2
    assert all(f"{i} / {len(pages)}" in page for i, page in enumerate(pages, start=1))
    text = "".join(pages)
    assert all(asset.inventory_number in text for asset in assets)
    assert "przyjmujący" in pages[-1]


def test_labels_fill_sheets_of_24_with_a_qr_link_to_each_asset(world, office):
    assets = [make_asset(world, office, f"UMiG/KS/{n:04d}/22", name=f"Komputer stacjonarny Dell OptiPlex {n}",
                         serial_number=f"SN-{n:05d}") for n in range(1, 31)]
    queryset = selectors.asset_list(user=world.admin_a).order_by("inventory_number")
    data = render(documents.labels_pdf, queryset, base_url="https://magistrat.mikstat.pl/")
    reader = PdfReader(io.BytesIO(data))
    pages = pages_text(data)
    assert len(pages) == 2
    assert all(a.inventory_number in pages[0] for a in assets[:24])
    assert all(a.inventory_number in pages[1] for a in assets[24:])
    assert not any(a.inventory_number in pages[0] for a in assets[24:])
    assert pages[0].count("UMiG Mikstat") == 24
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page["/Annots"]]
    assert links == [f"https://magistrat.mikstat.pl{a.get_absolute_url()}" for a in assets]


def test_labels_follow_a_custom_grid_and_shorten_long_names(world, office):
    long_name = "Urządzenie wielofunkcyjne Konica Minolta bizhub C300i z finiszerem i modułem faksu " * 2
    make_asset(world, office, "UMiG/UW/0001/22", name=long_name, serial_number="AA2J021012345")
    for n in range(2, 12):
        make_asset(world, office, f"UMiG/KS/{n:04d}/22", serial_number=f"SN-{n:05d}")
    queryset = selectors.asset_list(user=world.admin_a).order_by("inventory_number")
    data = render(documents.labels_pdf, queryset, base_url="http://localhost:8000", columns=2, rows=5,
                  margin_top_mm=10, margin_bottom_mm=10, margin_left_mm=8, margin_right_mm=8, gap_x_mm=4,
                  gap_y_mm=3)
    pages = pages_text(data)
    assert len(pages) == 2   # 11 labels at 10 per sheet
    assert "UMiG/UW/0001/22" in pages[1] and "Urządzenie wielofunkcyjne" in pages[1] and "…" in pages[1]
    assert long_name.strip() not in flat(pages[1])
    with pytest.raises(ValueError):
        render(documents.labels_pdf, queryset, base_url="", columns=12, rows=30)


def test_labels_of_nothing_say_so():
    text = pages_text(render(documents.labels_pdf, [], base_url=""))
    assert [page.strip() for page in text] == ["Brak składników do wydrukowania etykiet."]


def test_asset_list_shows_filters_rows_count_and_sum(world, office, employee):
    make_asset(world, office, "UMiG/LAP/0001/22", serial_number="5CG2281XQZ", person=employee)
    make_asset(world, office, "UMiG/SRV/0001/22", name="Serwer Dell PowerEdge R450", serial_number="7XK3PQ3",
               gross_price=Decimal("147979.00"), category=AssetCategory.objects.get(organization=None,
                                                                                   name="serwer"))
    make_asset(world, office, "UMiG/MON/0001/22", name="Monitor", serial_number="CN1", gross_price=None,
               vat_rate=None)
    columns = [c for c in ASSET_COLUMNS
               if not c.optional or c.path in ("purchase_date", "category.name", "serial_number")]
    queryset = selectors.asset_list(user=world.admin_a, within=office).order_by("inventory_number")
    data = render(documents.asset_list_pdf, queryset, columns, title="Wykaz sprzętu", organization=office,
                  filters_text="kategoria: laptop, serwer")
    [text] = pages_text(data)
    assert text.startswith("Wykaz sprzętu")
    assert "Urząd Miasta i Gminy Mikstat" in text
    assert "Filtry: kategoria: laptop, serwer" in text
    assert "4 350,00 zł" in text and "147 979,00 zł" in text
    assert "28.04.2022" in text
    assert "Paweł Żółkiewski" in text and "7XK3PQ3" in text
    assert "Liczba pozycji: 3" in text
    assert "Suma cen brutto: 152 329,00 zł" in text
    assert PdfReader(io.BytesIO(data)).pages[0].mediabox.width > PdfReader(io.BytesIO(data)).pages[0].mediabox.height


def test_a_long_list_repeats_its_header_on_every_page(world, office, monkeypatch):
    monkeypatch.setattr(documents, "CHUNK_ROWS", 40)   # several chunks without 500-row fixtures
    for n in range(1, 121):
        make_asset(world, office, f"UMiG/KS/{n:04d}/22", name="Komputer stacjonarny", serial_number=f"SN-{n:05d}")
    columns = [c for c in ASSET_COLUMNS if c.path in ("inventory_number", "name", "serial_number", "gross_price")]
    queryset = selectors.asset_list(user=world.admin_a).order_by("inventory_number")
    pages = pages_text(render(documents.asset_list_pdf, queryset, columns, title="Wykaz sprzętu"))
    assert len(pages) >= 3
    with translation.override("pl"):      # the document's language, whatever the test's
        header = str(columns[0].label)
    assert all(page.count(header) == 1 for page in pages)
    text = "\n".join(pages)
    assert all(text.count(f"UMiG/KS/{n:04d}/22") == 1 for n in range(1, 121))
    assert "120." in pages[-1] and "Liczba pozycji: 120" in pages[-1]
    assert "Suma cen brutto: 522 000,00 zł" in pages[-1]
    assert all(f"{i} / {len(pages)}" in page for i, page in enumerate(pages, start=1))


def test_an_empty_list_says_so(world, office):
    queryset = selectors.asset_list(user=world.admin_a, within=office)
    [text] = pages_text(render(documents.asset_list_pdf, queryset, ASSET_COLUMNS[:3], title="Wykaz sprzętu",
                               organization=office))
    assert "Brak sprzętu spełniającego kryteria." in text and "Liczba pozycji: 0" in text


def test_missing_fonts_name_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(pdf.FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(ImproperlyConfigured, match=pdf.FONT_DIR_ENV):
        pdf.find_font_dir()
    monkeypatch.delenv(pdf.FONT_DIR_ENV)
    assert (pdf.find_font_dir() / "DejaVuSans.ttf").is_file()
