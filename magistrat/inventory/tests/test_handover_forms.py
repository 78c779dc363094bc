"""The handover and return screens: the person first, then only the equipment that can go on
their protocol, with what the protocol says about each item."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from magistrat.inventory import services
from magistrat.inventory.models import HandoverProtocol, ProtocolItem
from magistrat.organizations.tests.factories import PersonFactory

from .factories import AssetFactory, LocationFactory

pytestmark = pytest.mark.usefixtures("english")

HANDOVER, RETURN = reverse("inventory:handover"), reverse("inventory:handover_return")


@pytest.fixture
def office(world, client):
    """Two people of the office holding equipment, stock in the office and in its school."""
    room = LocationFactory(organization=world.org_a, name="Pokój 12")
    colleague = PersonFactory(organization=world.org_a, first_name="Beata", last_name="Alfowska-Nowak")
    held = [AssetFactory(organization=world.org_a, name="Laptop Anny", serial_number="SN-ANNA-1", location=room),
            AssetFactory(organization=world.org_a, name="Monitor Anny", serial_number="SN-ANNA-2")]
    services.asset_handover(user=world.it_a, person=world.person_a, assets=held)
    theirs = AssetFactory(organization=world.org_a, name="Laptop Beaty", serial_number="SN-BEATA")
    services.asset_handover(user=world.it_a, person=colleague, assets=[theirs])
    stock = AssetFactory(organization=world.org_a, name="Serwer wieżowy", serial_number="SRV-1", location=room)
    twin = AssetFactory(organization=world.org_a, name="Serwer wieżowy", serial_number="SRV-2")
    school = AssetFactory(organization=world.school_a, name="Laptop szkolny", serial_number="SN-SCHOOL")
    client.force_login(world.it_a)
    return {"held": held, "colleague": colleague, "theirs": theirs, "stock": stock, "twin": twin,
            "school": school}


def ticked(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="assets" value="(\d+)" id="id_assets_\d+" checked', html)}


def listed(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="assets" value="(\d+)"', html)}


class TestReturn:
    def test_from_a_persons_page_their_equipment_is_listed_and_ticked(self, world, client, office):
        html = client.get(RETURN, {"person": world.person_a.pk}).content.decode()
        mine = {a.pk for a in office["held"]}
        assert listed(html) == mine and ticked(html) == mine
        assert "SN-BEATA" not in html

    def test_before_a_person_is_chosen_nobodys_equipment_is_listed(self, world, client, office):
        html = client.get(RETURN).content.decode()
        assert listed(html) == set() and "Choose the employee" in html

    def test_assets_in_the_address_are_ticked_and_name_the_person(self, world, client, office):
        laptop = office["held"][0]
        html = client.get(RETURN, {"person": world.person_a.pk, "assets": laptop.pk}).content.decode()
        assert ticked(html) == {laptop.pk} and listed(html) == {a.pk for a in office["held"]}
        html = client.get(RETURN, {"assets": laptop.pk}).content.decode()   # the holder is found
        assert re.search(rf'<option value="{world.person_a.pk}" selected>', html)
        assert ticked(html) == {laptop.pk}

    def test_without_javascript_a_button_shows_the_chosen_persons_equipment(self, world, client, office):
        html = client.get(RETURN).content.decode()
        assert 'name="show"' in html
        response = client.post(RETURN, {"person": office["colleague"].pk, "show": "1", "date": "2024-06-30"})
        html = response.content.decode()
        assert response.status_code == 200 and listed(html) == {office["theirs"].pk} and ticked(html) == set()
        assert 'value="2024-06-30"' in html
        assert not HandoverProtocol.objects.filter(kind="return").exists()

    def test_htmx_redraws_only_the_equipment(self, world, client, office):
        response = client.post(RETURN, {"person": world.person_a.pk, "show": "1"}, HTTP_HX_REQUEST="true",
                               HTTP_HX_TARGET="handover-assets")
        html = response.content.decode()
        assert html.startswith('<div id="handover-assets"') and "<html" not in html
        assert listed(html) == {a.pk for a in office["held"]}

    def test_the_return_records_the_condition_of_each_item(self, world, client, office):
        laptop, monitor = office["held"]
        response = client.post(RETURN, {"person": world.person_a.pk, "assets": [laptop.pk, monitor.pk],
                                        "date": timezone.localdate().isoformat(),
                                        f"condition_{laptop.pk}": "pęknięta obudowa",
                                        f"accessories_{laptop.pk}": "zasilacz"})
        assert response.status_code == 302
        item = ProtocolItem.objects.get(protocol__kind="return", asset=laptop)
        assert (item.condition, item.accessories) == ("pęknięta obudowa", "zasilacz")
        assert ProtocolItem.objects.get(protocol__kind="return", asset=monitor).condition == ""

    def test_each_item_goes_back_in_stock_or_to_repair_as_chosen(self, world, client, office):
        laptop, monitor = office["held"]
        html = client.get(RETURN, {"person": world.person_a.pk}).content.decode()
        choice = re.search(rf'<select name="status_{laptop.pk}"[^>]*>(.*?)</select>', html, re.S).group(1)
        assert '<option value="in_stock" selected>in stock</option>' in choice   # the default
        assert '<option value="in_repair">in repair</option>' in choice
        response = client.post(RETURN, {"person": world.person_a.pk, "assets": [laptop.pk, monitor.pk],
                                        "date": timezone.localdate().isoformat(),
                                        f"condition_{laptop.pk}": "uszkodzony: nie ładuje baterii",
                                        f"status_{laptop.pk}": "in_repair"})
        assert response.status_code == 302
        laptop.refresh_from_db()
        monitor.refresh_from_db()
        assert (laptop.status, laptop.person) == ("in_repair", None)
        assert (monitor.status, monitor.person) == ("in_stock", None)
        protocol = HandoverProtocol.objects.get(kind="return")
        pdf = client.get(reverse("inventory:protocol_pdf", args=[protocol.pk]))
        text = " ".join(" ".join(page.extract_text() for page in
                                 PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages).split())
        assert "Poz. 1 przekazano do naprawy; poz. 2 przyjęto na magazyn." in text

    def test_a_status_other_than_stock_or_repair_is_refused_with_the_item_named(self, world, client, office):
        laptop = office["held"][0]
        response = client.post(RETURN, {"person": world.person_a.pk, "assets": [laptop.pk],
                                        "date": timezone.localdate().isoformat(), f"status_{laptop.pk}": "lost"})
        assert response.status_code == 400
        assert f"{laptop}: choose whether it goes back in stock or to repair." in response.content.decode()
        laptop.refresh_from_db()
        assert laptop.person == world.person_a

    def test_a_handover_has_no_such_choice_but_suggests_conditions(self, world, client, office):
        html = client.get(HANDOVER, {"assets": office["stock"].pk}).content.decode()
        assert 'name="status_' not in html
        assert 'list="protocol-conditions"' in html and '<option value="używany, sprawny">' in html


class TestHandover:
    def test_people_are_grouped_by_unit(self, world, client, office):
        html = client.get(HANDOVER).content.decode()
        office_group = re.search(r'<optgroup label="UG Alfa">(.*?)</optgroup>', html, re.S).group(1)
        school_group = re.search(r'<optgroup label="SP Alfa">(.*?)</optgroup>', html, re.S).group(1)
        assert "Anna Alfowska" in office_group and "Szymon Szkolny" in school_group
        assert "Szymon Szkolny" not in office_group

    def test_items_name_their_serial_number_and_room(self, world, client, office):
        html = client.get(HANDOVER).content.decode()
        stock, twin = office["stock"], office["twin"]
        assert f"{stock.inventory_number} · Serwer wieżowy · SRV-1 · Pokój 12" in html
        twin_label = rf"{re.escape(twin.inventory_number)} · Serwer wieżowy · SRV-2 <span class=\"muted\">— UG Alfa"
        assert re.search(twin_label, html)
        assert 'data-picker-search' in html

    def test_once_a_person_is_chosen_only_their_units_equipment_is_listed(self, world, client, office):
        html = client.get(HANDOVER, {"person": world.person_school_a.pk}).content.decode()
        assert listed(html) == {office["school"].pk}
        html = client.post(HANDOVER, {"person": world.person_a.pk, "show": "1"}).content.decode()
        assert listed(html) == {office["stock"].pk, office["twin"].pk}

    def test_an_asset_in_the_address_is_ticked(self, world, client, office):
        html = client.get(HANDOVER, {"assets": office["twin"].pk}).content.decode()
        assert ticked(html) == {office["twin"].pk}

    def test_a_person_of_another_unit_is_told_where_they_work(self, world, client, office):
        response = client.post(HANDOVER, {"person": world.person_school_a.pk, "assets": [office["stock"].pk],
                                          "date": "2024-06-30"})
        html = response.content.decode()
        assert response.status_code == 400
        error = re.search(r'id="id_person_error"[^>]*>(.*?)</div>', html, re.S).group(1)
        school = "Szkoła Podstawowa w Alfie"
        assert f"Szymon Szkolny works in {school}; choose equipment of {school}" in error
        assert not HandoverProtocol.objects.filter(person=world.person_school_a).exists()

    def test_a_ticked_item_that_does_not_fit_is_kept_and_explained_at_once(self, world, client, office):
        html = client.post(HANDOVER, {"person": world.person_school_a.pk, "assets": [office["stock"].pk],
                                      "show": "1"}).content.decode()
        assert office["stock"].pk in ticked(html)
        assert "Szymon Szkolny works in Szkoła Podstawowa w Alfie" in html

    def test_condition_and_accessories_are_printed_on_the_protocol(self, world, client, office):
        stock = office["stock"]
        response = client.post(HANDOVER, {"person": world.person_a.pk, "assets": [stock.pk], "date": "2024-06-30",
                                          f"condition_{stock.pk}": "nowy, sprawny",
                                          f"accessories_{stock.pk}": "2 zasilacze, szyny"})
        assert response.status_code == 302
        protocol = HandoverProtocol.objects.get(kind="handover", items__asset=stock)
        pdf = client.get(reverse("inventory:protocol_pdf", args=[protocol.pk]))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
        text = " ".join(text.split())
        assert "nowy, sprawny" in text and "2 zasilacze, szyny" in text

    def test_too_long_a_condition_is_refused_with_the_item_named(self, world, client, office):
        stock = office["stock"]
        response = client.post(HANDOVER, {"person": world.person_a.pk, "assets": [stock.pk], "date": "2024-06-30",
                                          f"condition_{stock.pk}": "x" * 101})
        assert response.status_code == 400 and str(stock) in response.content.decode()
        assert f'value="{"x" * 101}"' in response.content.decode()   # what was typed stays


class TestFromTheList:
    """The register's "hand over / take back selected": the person changes with a protocol,
    so the ticked rows open the protocol's screen with them chosen."""

    def test_the_list_offers_both_for_the_ticked_rows(self, world, client, office):
        html = client.get(reverse("inventory:asset_list")).content.decode()
        bulk = re.search(r'<form id="bulk-form".*?</form>', html, re.S).group(0)
        assert f'formaction="{HANDOVER}"' in bulk and f'formaction="{RETURN}"' in bulk
        assert 'name="person"' not in bulk            # no plain "person" field to set in bulk

    def test_hand_over_selected_opens_the_handover_with_them_chosen(self, world, client, office):
        rows = [office["stock"].pk, office["twin"].pk]
        response = client.post(HANDOVER, {"pk": rows, "show": "1", "status": "", "location": "",
                                          "next": "/assets/"})
        assert response.status_code == 200
        assert ticked(response.content.decode()) == set(rows)
        assert not HandoverProtocol.objects.filter(kind="handover", items__asset__in=rows).exists()

    def test_take_back_selected_finds_the_holder(self, world, client, office):
        laptop = office["held"][0]
        html = client.post(RETURN, {"pk": [office["stock"].pk, laptop.pk], "show": "1"}).content.decode()
        assert re.search(rf'<option value="{world.person_a.pk}" selected>', html)
        assert laptop.pk in ticked(html)
