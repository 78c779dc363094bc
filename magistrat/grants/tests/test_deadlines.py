"""Deadlines follow the project's dates; overdue ones never drop out of sight."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from magistrat.grants import selectors, services
from magistrat.grants.models import Milestone
from magistrat.organizations import access

from .factories import GrantProjectFactory, program

TODAY = timezone.localdate()


def deadlines(project) -> dict:
    return {m.kind: m.due_date for m in project.milestones.all()}


def test_setting_the_agreement_date_later_fills_the_dates_and_the_deadlines(world):
    project = GrantProjectFactory(organization=world.org_a, agreement_date=None)
    assert project.end_date is None and "project_end" not in deadlines(project)
    services.project_update(user=world.admin_a, grantproject=project, agreement_date=datetime.date(2022, 1, 10))
    project.refresh_from_db()
    assert project.start_date == datetime.date(2022, 1, 10)
    assert project.end_date == datetime.date(2023, 7, 9)          # 18 months
    assert deadlines(project)["project_end"] == datetime.date(2023, 7, 9)


def test_the_end_and_durability_move_their_deadlines(world):
    project = GrantProjectFactory(organization=world.org_a)
    services.project_update(user=world.admin_a, grantproject=project, end_date=datetime.date(2023, 8, 31),
                            durability_end=datetime.date(2028, 12, 31))
    assert deadlines(project)["project_end"] == datetime.date(2023, 8, 31)
    assert deadlines(project)["durability_end"] == datetime.date(2028, 12, 31)
    services.project_update(user=world.admin_a, grantproject=project, durability_end=None)
    assert "durability_end" not in deadlines(project)
    assert project.milestones.filter(kind="project_end").count() == 1


def test_deadlines_edited_by_hand_or_done_are_left_alone(world):
    project = GrantProjectFactory(organization=world.org_a, durability_end=datetime.date(2028, 1, 1))
    end = project.milestones.get(kind="project_end")
    durability = project.milestones.get(kind="durability_end")
    assert end.automatic and durability.automatic
    services.milestone_update(user=world.admin_a, milestone=end, due_date=datetime.date(2023, 9, 15))
    services.milestone_update(user=world.admin_a, milestone=durability, done_on=datetime.date(2024, 1, 1))
    services.project_update(user=world.admin_a, grantproject=project, end_date=datetime.date(2023, 8, 1),
                            durability_end=datetime.date(2029, 1, 1))
    end.refresh_from_db()
    durability.refresh_from_db()
    assert end.due_date == datetime.date(2023, 9, 15) and not end.automatic
    assert durability.due_date == datetime.date(2028, 1, 1)
    assert project.milestones.filter(kind__in=["project_end", "durability_end"]).count() == 2   # no duplicates


def test_marking_an_automatic_deadline_done_keeps_it_automatic(world):
    project = GrantProjectFactory(organization=world.org_a)
    end = project.milestones.get(kind="project_end")
    services.milestone_update(user=world.admin_a, milestone=end, done_on=datetime.date(2023, 9, 30),
                              name=end.name, due_date=end.due_date, kind=end.kind)
    end.refresh_from_db()
    assert end.automatic and end.done_on


def test_tranche_requests_with_a_date_are_deadlines_done_when_requested(world):
    project = GrantProjectFactory(organization=world.org_a, program=program("cyberbezpieczny-samorzad"),
                                  granted_amount=Decimal("300000"), agreement_date=datetime.date(2024, 3, 1))
    first = project.tranches.get(number=1)
    services.tranche_update(user=world.admin_a, tranche=first, request_due=datetime.date(2024, 6, 30))
    milestone = project.milestones.get(kind="tranche_request")
    assert milestone.due_date == datetime.date(2024, 6, 30) and milestone.name == "Wniosek o wypłatę transzy 1"
    services.tranche_update(user=world.admin_a, tranche=first, requested_on=datetime.date(2024, 6, 20))
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2024, 6, 20)
    second = project.tranches.get(number=2)
    services.tranche_update(user=world.admin_a, tranche=second, request_due=datetime.date(2025, 1, 31))
    services.tranche_delete(user=world.admin_a, tranche=second)
    assert project.milestones.filter(kind="tranche_request").count() == 1


def test_the_programme_s_settlement_rule_and_eligibility_end_reach_its_projects(world):
    cg = program()
    project = GrantProjectFactory(organization=world.org_a, program=cg)
    services.program_update(user=access.SYSTEM, program=cg, settlement_due_days=60,
                            eligibility_end=datetime.date(2023, 12, 31))
    found = deadlines(project)
    assert found["settlement_due"] == datetime.date(2023, 11, 29)    # 60 days after 30.09.2023
    assert found["eligibility_end"] == datetime.date(2023, 12, 31)


def test_overdue_deadlines_always_show_however_old(world, client):
    project = GrantProjectFactory(organization=world.org_a, title="Projekt Alfa")
    services.milestone_create(user=world.admin_a, project=project, kind="other", name="Stary termin",
                              due_date=TODAY - datetime.timedelta(days=400))
    services.milestone_create(user=world.admin_a, project=project, kind="other", name="Zrobione",
                              due_date=TODAY - datetime.timedelta(days=5), done_on=TODAY)
    assert "Stary termin" in [m.name for m in selectors.upcoming_deadlines(user=world.viewer_a)]
    client.force_login(world.viewer_a)
    html = client.get(reverse("grants:deadlines")).content.decode()
    assert "Stary termin" in html and "po terminie" in html and "Zrobione" not in html
    html = client.get(reverse("grants:deadlines"), {"state": "done"}).content.decode()
    assert "Zrobione" in html and "Stary termin" not in html
    html = client.get(reverse("home")).content.decode()
    assert "terminy przekroczone" in html and "?state=overdue" in html


def test_the_deadlines_list_filters_by_kind_and_project_and_exports(world, client):
    alfa = GrantProjectFactory(organization=world.org_a, title="Projekt Alfa", durability_end=datetime.date(2028, 1, 1))
    GrantProjectFactory(organization=world.org_a, title="Projekt Gamma")
    GrantProjectFactory(organization=world.org_b, title="Projekt Beta")
    client.force_login(world.viewer_a)
    url = reverse("grants:deadlines")
    html = client.get(url, {"kind": "durability_end", "state": "all"}).content.decode()
    assert "Koniec okresu trwałości" in html and "Zakończenie projektu" not in html

    def exported(**query):
        response = client.get(url, {"export": "csv", **query})
        return b"".join(response.streaming_content).decode("utf-8-sig")

    text = exported(state="all")
    assert "Projekt Alfa" in text and "Projekt Gamma" in text and "Projekt Beta" not in text
    assert "01.01.2028" in text
    text = exported(state="all", project=alfa.pk)
    assert "Projekt Alfa" in text and "Projekt Gamma" not in text


def test_the_api_filters_deadlines_by_state(world, api_client):
    project = GrantProjectFactory(organization=world.org_a)
    services.milestone_create(user=world.admin_a, project=project, kind="other", name="Stary termin",
                              due_date=TODAY - datetime.timedelta(days=400))
    api_client.force_authenticate(world.viewer_a)
    rows = api_client.get("/api/v1/milestones/", {"state": "overdue"}).json()["results"]
    assert "Stary termin" in [r["name"] for r in rows]
    assert all(r["done_on"] is None for r in rows)
    assert {r["automatic"] for r in api_client.get("/api/v1/milestones/").json()["results"]} == {True, False}


def test_the_project_form_fills_the_dates_and_deadlines(world, client):
    project = GrantProjectFactory(organization=world.org_a, agreement_date=None, title="Projekt bez umowy")
    client.force_login(world.admin_a)
    data = {"organization": world.org_a.pk, "program": project.program_id, "title": project.title,
            "agreement_date": "2022-04-28", "status": "signed", "granted_amount": "147 979,00"}
    response = client.post(reverse("grants:grantproject_edit", args=[project.pk]), data)
    assert response.status_code == 302
    assert deadlines(project)["project_end"] == datetime.date(2023, 9, 30)
    assert Milestone.objects.filter(project=project, automatic=True).count() == 2


def test_cyberbezpieczny_samorzad_projects_get_the_same_deadlines_as_cyfrowa_gmina_in_polish(world, api_client):
    """Created through the API by a caller who reads English: the stored deadlines, indicators and
    promotion duties are Polish, as they go into documents for the grant operator."""
    api_client.force_authenticate(world.admin_a)
    made = {}
    for code, agreed in (("cyfrowa-gmina", "2022-04-28"), ("cyberbezpieczny-samorzad", "2024-10-01")):
        response = api_client.post("/api/v1/grant-projects/", {
            "organization": world.org_a.pk, "program": program(code).pk, "title": f"Projekt {code}",
            "agreement_date": agreed, "granted_amount": "200000.00", "durability_end": "2031-12-31"},
            format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 201, response.json()
        made[code] = Milestone.objects.filter(project_id=response.json()["id"])
    for code, milestones in made.items():
        assert {m.kind: m.name for m in milestones} == {
            "eligibility_end": "Koniec kwalifikowalności wydatków", "project_end": "Zakończenie projektu",
            "durability_end": "Koniec okresu trwałości"}, code
    cs = {m.kind: m.due_date for m in made["cyberbezpieczny-samorzad"]}
    # Eligible costs until 30.06.2026 (domain.md): 24 months from 01.10.2024 would end after it.
    assert cs["eligibility_end"] == cs["project_end"] == datetime.date(2026, 6, 30)
    project = made["cyberbezpieczny-samorzad"].first().project
    assert project.indicators.filter(name__startswith="Liczba przeszkolonych").count() == 2
    assert project.tranches.first().condition == "wysłanie ankiety"
