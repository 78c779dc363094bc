import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from magistrat.core.exceptions import AccessDenied
from magistrat.grants import selectors, services
from magistrat.inventory import services as inventory_services
from magistrat.inventory.tests.factories import AssetFactory, category
from magistrat.organizations.models import Role
from magistrat.organizations.tests.factories import user_with_role

from .factories import GrantProjectFactory, expenditure, program


@pytest.mark.django_db
def test_programmes_are_loaded_as_data():
    codes = set(program().__class__.objects.values_list("code", flat=True))
    assert {"cyfrowa-gmina", "cyfrowy-powiat", "granty-ppgr", "cyberbezpieczny-samorzad", "inny"} <= codes
    cs = program("cyberbezpieczny-samorzad")
    assert cs.max_duration_months == 24 and [t["share"] for t in cs.tranche_pattern] == ["30", "30", "40"]


def test_a_new_project_takes_the_programmes_patterns(world):
    project = GrantProjectFactory(organization=world.org_a, program=program("cyberbezpieczny-samorzad"),
                                  granted_amount=Decimal("850000.01"), agreement_date=datetime.date(2024, 3, 1))
    assert project.end_date == datetime.date(2026, 2, 28)  # 24 months
    sources = {s.kind: s.amount for s in project.funding_sources.all()}
    assert sources == {"eu": Decimal("688500.01"), "state": Decimal("161500.00")}
    assert sum(sources.values()) == project.granted_amount  # to the grosz
    # The last tranche takes the rounding remainder, as the last source does.
    assert [t.expected_amount for t in project.tranches.all()] == [
        Decimal("255000.00"), Decimal("255000.00"), Decimal("340000.01")]
    assert project.tranches.first().condition == "wysłanie ankiety"
    assert project.indicators.count() == 4 and project.promotion_items.count() == 3


def test_tranches_add_up_to_the_grant_to_the_grosz(world):
    project = GrantProjectFactory(organization=world.org_a, program=program("cyberbezpieczny-samorzad"),
                                  granted_amount=Decimal("200000.05"), agreement_date=datetime.date(2024, 3, 1))
    tranches = [t.expected_amount for t in project.tranches.all()]
    assert tranches == [Decimal("60000.02"), Decimal("60000.02"), Decimal("80000.01")]
    assert sum(tranches) == Decimal("200000.05")


def test_cyfrowa_gmina_ends_18_months_after_the_agreement_but_by_the_programme_s_deadline(world):
    # 28.04.2022 + 18 months is 27.10.2023, but Cyfrowa Gmina projects had to finish by 30.09.2023.
    project = GrantProjectFactory(organization=world.org_a)
    assert project.end_date == datetime.date(2023, 9, 30)
    early = GrantProjectFactory(organization=world.org_a, agreement_date=datetime.date(2021, 1, 15))
    assert early.end_date == datetime.date(2022, 7, 14)
    assert {p.code for p in project.promotion_items.all()} == {"LOGO", "PLAKAT", "WWW", "REACT"}


def test_budget_figures_and_warnings(world):
    project = GrantProjectFactory(organization=world.org_a, granted_amount=Decimal("10000.00"))
    line = services.budget_line_create(user=world.admin_a, project=project, area="hardware",
                                       name="Sprzęt", planned_amount=Decimal("5000.00"))
    expenditure(project, gross="4000.00", line=line)
    budget = selectors.budget(project)
    assert (budget.total.planned, budget.total.spent, budget.total.eligible, budget.total.remaining) == (
        Decimal("5000.00"), Decimal("4000.00"), Decimal("4000.00"), Decimal("1000.00"))
    assert budget.warnings == []
    # Outside the eligibility window: listed with its warning, but it counts for nothing.
    expenditure(project, gross="7000.00", line=line, document_date=datetime.date(2019, 12, 1))
    budget = selectors.budget(project)
    assert (budget.total.spent, budget.total.eligible, budget.total.remaining) == (
        Decimal("11000.00"), Decimal("4000.00"), Decimal("1000.00"))
    assert [w for w in budget.warnings if "kwalifikowalności" in w] and not budget.rows[0].over_plan
    expenditure(project, gross="7000.00", line=line)
    warnings = " ".join(selectors.budget(project).warnings)
    assert "Sprzęt" in warnings                      # line over plan
    assert "grant" in warnings.lower()               # project over its grant


def test_expenditure_rules(world):
    project = GrantProjectFactory(organization=world.org_a)
    line = services.budget_line_create(user=world.admin_a, project=project, area="software",
                                       name="Licencje", planned_amount=Decimal("9660"))
    base = {"budget_line": line, "document_number": "FV/1", "document_date": datetime.date(2022, 10, 4),
            "supplier_name": "Dostawca", "description": "Licencje", "net_amount": Decimal("100.00"),
            "vat_amount": Decimal("23.00")}
    with pytest.raises(ValidationError) as error:
        services.expenditure_create(user=world.admin_a, project=project, gross_amount=Decimal("124.00"), **base)
    assert "gross_amount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.expenditure_create(user=world.admin_a, project=project, gross_amount=Decimal("123.00"),
                                    supplier_nip="1234563219", **base)
    assert "supplier_nip" in error.value.message_dict
    ok = services.expenditure_create(user=world.admin_a, project=project, gross_amount=Decimal("123.00"),
                                     eligible_amount=Decimal("200.00"), **base)
    assert [str(w) for w in ok.warnings()] == [
        "Kwota kwalifikowalna przekracza kwotę brutto: do rozliczenia wliczana jest tylko kwota brutto."]
    with pytest.raises(ValidationError):
        services.expenditure_create(user=world.admin_a, project=project, gross_amount=Decimal("123.00"),
                                    assets=[AssetFactory(organization=world.org_b)],
                                    **{**base, "document_number": "FV/2"})


def test_indicators_count_the_equipment_bought(world):
    project = GrantProjectFactory(organization=world.org_a)
    pcs = [AssetFactory(organization=world.org_a) for _ in range(3)]
    laptop = AssetFactory(organization=world.org_a, category=category("laptop"))
    monitor = AssetFactory(organization=world.org_a, category=category("monitor"))
    expenditure(project, gross="20000.00", assets=[*pcs, laptop, monitor])
    computers = project.indicators.get(code="W1")
    assert selectors.indicator_achieved(computers) == 4
    assert dict(selectors.bought_by_category(project)) == {
        "komputer stacjonarny": 3, "laptop": 1, "monitor": 1}


def test_indicators_match_an_office_s_own_category_whatever_its_case(world):
    from magistrat.inventory.services import category_create

    project = GrantProjectFactory(organization=world.org_a)
    own = category_create(user=world.admin_a, organization=world.org_a, name="Zestaw Komputerowy",
                          code="ZK", tracking="quantity")
    kit = AssetFactory(organization=world.org_a, category=own, quantity=2)
    expenditure(project, gross="9000.00", assets=[kit])
    indicator = services.indicator_create(user=world.admin_a, project=project, code="W9",
                                          name="Zestawy", unit="szt.", target=2, source="assets",
                                          source_filter="zestaw komputerowy")
    assert selectors.indicator_achieved(indicator) == 2


def test_only_coordinators_and_administrators_change_projects(world):
    coordinator = user_with_role(world.org_a, Role.GRANT_COORDINATOR, username="koordynator")
    project = GrantProjectFactory(organization=world.org_a)
    services.project_update(user=coordinator, grantproject=project, status="in_progress")
    with pytest.raises(AccessDenied):
        services.project_update(user=world.it_a, grantproject=project, status="settled")
    with pytest.raises(AccessDenied):
        services.budget_line_create(user=world.admin_b, project=project, area="other", name="x",
                                    planned_amount=Decimal("1"))


class TestDurability:
    def test_asset_page_and_register_show_durability(self, world, client):
        project = GrantProjectFactory(organization=world.org_a, durability_end=datetime.date(2099, 1, 1))
        pc = AssetFactory(organization=world.org_a, inventory_number="GRANT-PC")
        other = AssetFactory(organization=world.org_a, inventory_number="OWN-PC")
        expenditure(project, assets=[pc])
        client.force_login(world.viewer_a)
        html = client.get(pc.get_absolute_url()).content.decode()
        assert "01.01.2099" in html and project.title in html
        html = client.get(reverse("inventory:asset_list"), {"under_durability": "true"}).content.decode()
        assert "GRANT-PC" in html and "OWN-PC" not in html
        assert other.pk

    def test_withdrawal_under_durability_needs_confirmation(self, world, client):
        project = GrantProjectFactory(organization=world.org_a, durability_end=datetime.date(2099, 1, 1))
        pc = AssetFactory(organization=world.org_a)
        expenditure(project, assets=[pc])
        with pytest.raises(ValidationError) as error:
            inventory_services.asset_retire(user=world.it_a, asset=pc, status="disposed",
                                            date=datetime.date(2025, 1, 1), reason="awaria")
        assert "durability_confirmed" in error.value.message_dict
        client.force_login(world.it_a)
        url = reverse("inventory:asset_retire", args=[pc.pk])
        page = client.get(url).content.decode()
        assert project.title in page and 'name="durability_confirmed"' in page
        response = client.post(url, {"status": "disposed", "date": "01.01.2025", "reason": "awaria",
                                     "protocol_number": "PL/2/2025", "durability_confirmed": "on"})
        assert response.status_code == 302
        pc.refresh_from_db()
        assert pc.status == "disposed" and pc.retirement_reason == "awaria"

    def test_after_durability_no_confirmation_is_needed(self, world):
        project = GrantProjectFactory(organization=world.org_a, durability_end=datetime.date(2020, 1, 1))
        pc = AssetFactory(organization=world.org_a)
        expenditure(project, assets=[pc])
        inventory_services.asset_retire(user=world.it_a, asset=pc, status="withdrawn",
                                        date=datetime.date(2025, 1, 1), reason="stary")


def test_public_page_only_when_published(world, client):
    project = GrantProjectFactory(organization=world.org_a)
    url = reverse("grants:public_project", args=[project.pk])
    assert client.get(url).status_code == 404
    services.project_publish(user=world.admin_a, project=project, published=True)
    html = client.get(url).content.decode()
    assert project.title in html and "147\xa0979,00\xa0zł" in html
    assert "Sfinansowano w ramach reakcji Unii na pandemię COVID-19" in html


def test_deadlines_view_lists_open_deadlines_of_visible_projects(world, client):
    own = GrantProjectFactory(organization=world.org_a, agreement_date=datetime.date.today())
    GrantProjectFactory(organization=world.org_b, title="Projekt Beta", agreement_date=datetime.date.today())
    client.force_login(world.viewer_a)
    html = client.get(reverse("grants:deadlines")).content.decode()
    assert own.title in html and "Projekt Beta" not in html


def test_child_records_through_the_web(world, client):
    project = GrantProjectFactory(organization=world.org_a)
    client.force_login(world.admin_a)
    url = reverse("grants:child_add", args=[project.pk, "budget-lines"])
    response = client.post(url, {"area": "hardware", "name": "Sprzęt", "planned_amount": "131 020,00"})
    assert response.status_code == 302
    line = project.budget_lines.get()
    assert line.planned_amount == Decimal("131020.00")
    response = client.post(url, {"area": "hardware", "name": "", "planned_amount": "-5"})
    assert response.status_code == 400
    client.force_login(world.admin_b)
    assert client.get(reverse("grants:child_edit", args=["budget-lines", line.pk])).status_code == 404


def test_api_child_records_respect_tenants(world, api_client):
    project = GrantProjectFactory(organization=world.org_a)
    api_client.force_authenticate(world.admin_b)
    response = api_client.post("/api/v1/budget-lines/", {"project": project.pk, "area": "hardware",
                                                        "name": "x", "planned_amount": "1"}, format="json")
    assert response.status_code == 400 and "project" in response.json()["fields"]
    api_client.force_authenticate(world.admin_a)
    response = api_client.post("/api/v1/budget-lines/", {"project": project.pk, "area": "hardware",
                                                        "name": "Sprzęt", "planned_amount": "1000"}, format="json")
    assert response.status_code == 201
    listing = api_client.get("/api/v1/budget-lines/", {"project": project.pk}).json()
    assert listing["count"] == 1


def test_public_page_of_a_non_eu_project_makes_no_eu_claims(world, client):
    from .factories import program

    project = GrantProjectFactory(organization=world.org_a, program=program("inny"),
                                  title="Modernizacja serwerowni z budżetu gminy")
    services.project_publish(user=world.admin_a, project=project, published=True)
    html = client.get(reverse("grants:public_project", args=[project.pk])).content.decode()
    assert project.title in html
    assert "Unii Europejskiej" not in html and "Wkład Funduszy Europejskich" not in html


def test_downloaded_poster_points_to_the_public_page(world, client):
    import io

    from pypdf import PdfReader

    project = GrantProjectFactory(organization=world.org_a)
    services.project_publish(user=world.admin_a, project=project, published=True)
    response = client.get(reverse("grants:public_poster", args=[project.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert f"testserver/public/projects/{project.pk}/" in "".join(text.split())


def test_the_same_invoice_number_from_two_suppliers_without_nip_is_two_documents(world):
    from django.core.exceptions import ValidationError

    project = GrantProjectFactory(organization=world.org_a)
    expenditure(project, document_number="FV/1/2022", supplier_name="Sklep A", supplier_nip="")
    expenditure(project, document_number="FV/1/2022", supplier_name="Sklep B", supplier_nip="")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        expenditure(project, document_number="FV/1/2022", supplier_name="Sklep A", supplier_nip="")
    with translation.override("en"):   # whatever language an earlier request left active
        assert "already in the project" in str(error.value)
    expenditure(project, document_number="FV/7/2022", supplier_nip="1234563218")
    with pytest.raises(ValidationError):
        expenditure(project, document_number="FV/7/2022", supplier_name="Inna nazwa", supplier_nip="123-456-32-18")


def test_each_add_form_is_titled_by_what_it_adds(world, client):
    from django.conf import settings

    project = GrantProjectFactory(organization=world.org_a)
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    titles = {"funding-sources": "New funding source", "tranches": "New tranche", "budget-lines": "New budget line",
              "expenditures": "New expenditure", "indicators": "New indicator", "milestones": "New deadline",
              "promotion": "New promotion duty"}
    for kind, title in titles.items():
        html = client.get(reverse("grants:child_add", args=[project.pk, kind])).content.decode()
        assert f"<h1>{title}</h1>" in html and f"<title>{title} · {project.title}" in html, kind
    line = services.budget_line_create(user=world.admin_a, project=project, area="hardware", name="Sprzęt",
                                       planned_amount=Decimal("1"))
    html = client.get(reverse("grants:child_edit", args=["budget-lines", line.pk])).content.decode()
    assert "<h1>Edit: Sprzęt</h1>" in html
