"""Equipment linked to an expenditure: what another document (of this or another project) already
paid for is refused (indicators and the public page would count it twice); retired equipment and purchase
dates outside the eligibility window are warnings. The picker offers what may be linked."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from magistrat.grants import selectors, services
from magistrat.inventory import services as inventory_services
from magistrat.inventory.tests.factories import AssetFactory
from magistrat.inventory.tests.picking import picker_offers

from .factories import GrantProjectFactory, expenditure

pytestmark = pytest.mark.usefixtures("english")

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def project(world):
    return GrantProjectFactory(organization=world.org_a)


def test_equipment_another_document_paid_for_is_refused_naming_both(world, project):
    pc = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Komputer")
    first = expenditure(project, assets=[pc], document_number="FV/1/2022", supplier_name="Dostawca A")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        expenditure(project, assets=[pc], document_number="FV/2/2022", supplier_name="Dostawca B")
    assert error.value.message_dict == {
        "assets": ["UG/KS/1 Komputer is already paid for by FV/1/2022 Dostawca A in this project."]}
    assert project.expenditures.count() == 1
    second = expenditure(project, document_number="FV/3/2022")
    with pytest.raises(ValidationError) as error:
        services.expenditure_update(user=world.admin_a, expenditure=second, assets=[pc])
    assert "assets" in error.value.message_dict and not second.assets.exists()
    # the document that paid for it keeps it when edited
    services.expenditure_update(user=world.admin_a, expenditure=first, assets=[pc], description="Komputery")
    assert list(first.assets.all()) == [pc]

def test_equipment_another_project_paid_for_is_refused_naming_the_project(world, project):
    pc = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Komputer")
    expenditure(project, assets=[pc], document_number="FV/1/2022", supplier_name="Dostawca A")
    other = GrantProjectFactory(organization=world.org_a, title="Cyfrowa szkoła")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        expenditure(other, assets=[pc], document_number="FV/9/2022")
    assert error.value.message_dict == {"assets": [
        f"UG/KS/1 Komputer is already paid for by FV/1/2022 Dostawca A in the project “{project.title}”."]}
    assert not other.expenditures.exists()
    # so each project's indicators and public page count it once, in the project that paid for it
    assert dict(selectors.bought_by_category(other)) == {}


def test_the_web_form_and_the_api_name_the_other_project(world, client, api_client, project):
    pc = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Komputer")
    expenditure(project, assets=[pc], document_number="FV/1/2022", supplier_name="Dostawca A")
    other = GrantProjectFactory(organization=world.org_a)
    line = services.budget_line_create(user=world.admin_a, project=other, area="hardware", name="Sprzęt",
                                       planned_amount=Decimal("100000"))
    data = {"budget_line": line.pk, "document_number": "FV/2/2022", "document_date": "2022-06-01",
            "supplier_name": "Dostawca B", "description": "Komputer", "net_amount": "100.00",
            "vat_amount": "23.00", "gross_amount": "123.00", "assets": [pc.pk]}
    message = f"UG/KS/1 Komputer is already paid for by FV/1/2022 Dostawca A in the project “{project.title}”."
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[other.pk, "expenditures"]), data)
    assert response.status_code == 400 and message in response.content.decode()
    api_client.force_authenticate(world.admin_a)
    response = api_client.post("/api/v1/expenditures/", {**data, "project": other.pk}, format="json", **EN)
    assert response.status_code == 400 and response.json()["fields"] == {"assets": [message]}


def test_the_indicator_counts_equipment_once(world, project):
    pcs = [AssetFactory(organization=world.org_a) for _ in range(2)]
    expenditure(project, assets=pcs)
    with pytest.raises(ValidationError):
        expenditure(project, assets=[pcs[0]])
    assert selectors.indicator_achieved(project.indicators.get(code="W1")) == 2


def test_retired_equipment_and_old_purchases_are_warnings_not_errors(world, project):
    old = AssetFactory(organization=world.org_a, inventory_number="UG/KS/7", name="Komputer",
                       purchase_date=datetime.date(2015, 3, 2))
    broken = AssetFactory(organization=world.org_a, inventory_number="UG/KS/8", name="Laptop",
                          purchase_date=datetime.date(2022, 5, 10))
    inventory_services.asset_retire(user=world.it_a, asset=broken, status="disposed",
                                    date=datetime.date(2023, 1, 2), reason="awaria", protocol_number="PL/1/2023")
    fresh = AssetFactory(organization=world.org_a, purchase_date=datetime.date(2022, 5, 10))
    saved = expenditure(project, assets=[old, broken, fresh])
    assert saved.assets.count() == 3
    with translation.override("en"):
        warnings = selectors.expenditure_warning_list(saved)
        budget = selectors.budget(project).warnings
    assert warnings == [
        "UG/KS/7 Komputer was bought on 02.03.2015, outside the programme's eligibility window "
        "(01.02.2020–30.09.2023).",
        "UG/KS/8 Laptop is disposed in the register.",
    ]
    assert f"{saved.document_number}: UG/KS/8 Laptop is disposed in the register." in budget


def test_the_web_form_refuses_with_the_message_on_the_equipment_field(world, client, project):
    pc = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Komputer")
    expenditure(project, assets=[pc], document_number="FV/1/2022", supplier_name="Dostawca A")
    client.force_login(world.admin_a)
    response = client.post(reverse("grants:child_add", args=[project.pk, "expenditures"]), {
        "budget_line": project.budget_lines.get().pk, "document_number": "FV/2/2022", "document_date": "01.06.2022",
        "supplier_name": "Dostawca B", "description": "Komputer", "net_amount": "100.00", "vat_amount": "23.00",
        "gross_amount": "123.00", "assets": [pc.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_assets_error"' in html
    assert "UG/KS/1 Komputer is already paid for by FV/1/2022 Dostawca A in this project." in html
    assert project.expenditures.count() == 1


def test_the_api_refuses_with_the_error_shape(world, api_client, project):
    pc = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Komputer")
    expenditure(project, assets=[pc], document_number="FV/1/2022", supplier_name="Dostawca A")
    api_client.force_authenticate(world.admin_a)
    response = api_client.post("/api/v1/expenditures/", {
        "project": project.pk, "budget_line": project.budget_lines.get().pk, "document_number": "FV/2/2022",
        "document_date": "2022-06-01", "supplier_name": "Dostawca B", "description": "Komputer",
        "net_amount": "100.00", "vat_amount": "23.00", "gross_amount": "123.00", "assets": [pc.pk]},
        format="json", **EN)
    assert response.status_code == 400
    assert response.json() == {"message": "Some fields are not valid.", "fields": {
        "assets": ["UG/KS/1 Komputer is already paid for by FV/1/2022 Dostawca A in this project."]}}


def test_the_api_answers_retired_equipment_with_a_warning(world, api_client, project):
    lost = AssetFactory(organization=world.org_a, inventory_number="UG/KS/9", name="Tablet")
    inventory_services.asset_retire(user=world.it_a, asset=lost, status="lost", date=datetime.date(2023, 1, 2),
                                    reason="kradzież")
    api_client.force_authenticate(world.admin_a)
    line = services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                       planned_amount=Decimal("100000"))
    response = api_client.post("/api/v1/expenditures/", {
        "project": project.pk, "budget_line": line.pk, "document_number": "FV/5/2022",
        "document_date": "2022-06-01", "supplier_name": "Dostawca", "description": "Tablet",
        "net_amount": "100.00", "vat_amount": "23.00", "gross_amount": "123.00", "assets": [lost.pk]},
        format="json", **EN)
    assert response.status_code == 201
    assert response.json()["warnings"] == ["UG/KS/9 Tablet is lost in the register."]


def test_the_picker_offers_the_organization_s_equipment_not_paid_for_by_another_document(world, client, project):
    taken = AssetFactory(organization=world.org_a, inventory_number="UG/KS/1", name="Komputer",
                         serial_number="TAKEN-1")
    mine = AssetFactory(organization=world.org_a, inventory_number="UG/KS/2", name="Komputer",
                        serial_number="MINE-2")
    free = AssetFactory(organization=world.org_a, inventory_number="UG/MON/3", name="Monitor",
                        serial_number="")
    school = AssetFactory(organization=world.school_a, serial_number="SCHOOL-4")
    elsewhere = AssetFactory(organization=world.org_b, serial_number="BETA-5")
    expenditure(project, assets=[taken])
    own = expenditure(project, assets=[mine])
    client.force_login(world.admin_a)

    def offered(url):
        page = client.get(url).content.decode()
        return set(picker_offers(client, page))

    inventory_services.asset_retire(user=world.it_a, asset=free, status="withdrawn", date=datetime.date(2024, 1, 2),
                                    reason="stary")
    new = offered(reverse("grants:child_add", args=[project.pk, "expenditures"]))
    assert new == {"UG/MON/3 · Monitor (withdrawn)"}     # no serial number: no empty part
    edit_url = reverse("grants:child_edit", args=["expenditures", own.pk])
    edit = offered(edit_url)
    assert edit == {"UG/KS/2 · Komputer · MINE-2", "UG/MON/3 · Monitor (withdrawn)"}
    # The document's own equipment is shown chosen, and left out of the matches.
    page = client.get(edit_url).content.decode()
    assert re.search(rf'name="assets" value="{mine.pk}"[^>]* checked', page)
    assert set(picker_offers(client, page, chosen=[mine.pk])) == {"UG/MON/3 · Monitor (withdrawn)"}
    labels = " ".join(new | edit)
    assert all(serial not in labels for serial in (taken.serial_number, school.serial_number,
                                                   elsewhere.serial_number))


def test_the_picker_leaves_out_equipment_another_project_paid_for(world, client, project):
    other = GrantProjectFactory(organization=world.org_a, title="Cyfrowa szkoła")
    paid_elsewhere = AssetFactory(organization=world.org_a, inventory_number="UG/KS/7", name="Serwer",
                                  serial_number="OTHER-7")
    AssetFactory(organization=world.org_a, inventory_number="UG/KS/8", name="Serwer", serial_number="FREE-8")
    expenditure(other, assets=[paid_elsewhere])
    client.force_login(world.admin_a)
    page = client.get(reverse("grants:child_add", args=[project.pk, "expenditures"])).content.decode()
    assert set(picker_offers(client, page)) == {"UG/KS/8 · Serwer · FREE-8"}
