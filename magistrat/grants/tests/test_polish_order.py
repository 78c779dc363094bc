"""Grant lists sort names and titles in Polish alphabetical order (docs/decisions/0019), on
SQLite and PostgreSQL alike: "Łączność" after "Lokalny" and before "Modernizacja"."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from magistrat.grants import services
from magistrat.grants.models import GrantProject, Program
from magistrat.organizations import access

from .factories import GrantProjectFactory, expenditure

TITLES = ["Modernizacja urzędu", "łączność w szkołach", "Lokalny internet", "Żłobek online", "Zdalna obsługa",
          "Ścieżka cyfrowa", "Sieć LAN"]
POLISH = ["Lokalny internet", "łączność w szkołach", "Modernizacja urzędu", "Sieć LAN", "Ścieżka cyfrowa",
          "Zdalna obsługa", "Żłobek online"]


def _projects(world):
    return [GrantProjectFactory(organization=world.org_a, title=title, agreement_date=datetime.date(2022, 4, 28))
            for title in TITLES]


def _in_order(html: str, names: list[str]) -> list[str]:
    return sorted((n for n in names if n in html), key=html.index)


def test_projects_sort_by_title_in_polish_order_on_screen_and_in_the_api(world, client):
    _projects(world)
    client.force_login(world.admin_a)
    url = reverse("grants:grantproject_list")
    # the default order (same agreement date) goes by title, then the title column both ways
    assert _in_order(client.get(url).content.decode(), TITLES) == POLISH
    assert _in_order(client.get(url, {"ordering": "title"}).content.decode(), TITLES) == POLISH
    assert _in_order(client.get(url, {"ordering": "-title"}).content.decode(), TITLES) == POLISH[::-1]
    api = client.get("/api/v1/grant-projects/", {"ordering": "title", "page_size": 50}).json()["results"]
    assert [p["title"] for p in api] == POLISH
    assert list(GrantProject.objects.filter(organization=world.org_a).values_list("title", flat=True)) == POLISH


def test_programmes_sort_by_name_in_polish_order(world, client):
    for code, name in (("m", "Modernizacja"), ("l", "Lokalny program"), ("ll", "Łączność")):
        Program.objects.create(code=code, name=name)
    names = list(Program.objects.values_list("name", flat=True))
    assert names.index("Lokalny program") < names.index("Łączność") < names.index("Modernizacja")
    client.force_login(world.admin_a)
    html = client.get(reverse("grants:program_list")).content.decode()
    assert _in_order(html, ["Modernizacja", "Lokalny program", "Łączność"]) == [
        "Lokalny program", "Łączność", "Modernizacja"]
    # and the projects sorted by their programme
    for code, title in (("m", "P-M"), ("l", "P-L"), ("ll", "P-Ł")):
        GrantProjectFactory(organization=world.org_a, title=title, program=Program.objects.get(code=code))
    html = client.get(reverse("grants:grantproject_list"), {"ordering": "program"}).content.decode()
    assert _in_order(html, ["P-M", "P-L", "P-Ł"]) == ["P-L", "P-Ł", "P-M"]


def test_expenditures_sort_by_supplier_project_and_budget_line_in_polish_order(world, client):
    project = GrantProjectFactory(organization=world.org_a, title="Projekt")
    for number, name in enumerate(["Modernizacja Sp. z o.o.", "Łączność S.A.", "Lokalny Serwis", "lokalna firma"]):
        expenditure(project, document_number=f"FV/{number}", supplier_name=name)
    client.force_login(world.admin_a)
    url = reverse("grants:expenditure_list")
    suppliers = ["Modernizacja Sp. z o.o.", "Łączność S.A.", "Lokalny Serwis", "lokalna firma"]
    expected = ["lokalna firma", "Lokalny Serwis", "Łączność S.A.", "Modernizacja Sp. z o.o."]
    assert _in_order(client.get(url, {"ordering": "supplier"}).content.decode(), suppliers) == expected
    assert _in_order(client.get(url, {"ordering": "-supplier"}).content.decode(), suppliers) == expected[::-1]
    api = client.get("/api/v1/expenditures/", {"ordering": "supplier"}).json()["results"]
    assert [e["supplier_name"] for e in api] == expected

    # by project title, and by budget line name
    for title in ("Modernizacja", "Łączność", "Lokalny"):
        other = GrantProjectFactory(organization=world.org_a, title=title)
        line = services.budget_line_create(user=access.SYSTEM, project=other, area="hardware",
                                           name=f"Linia {title}", planned_amount=Decimal("1000"))
        expenditure(other, document_number=f"FV/{title}", line=line)
    html = client.get(url, {"ordering": "project"}).content.decode()
    assert _in_order(html, ["FV/Modernizacja", "FV/Łączność", "FV/Lokalny"]) == [
        "FV/Lokalny", "FV/Łączność", "FV/Modernizacja"]
    html = client.get(url, {"ordering": "budget_line"}).content.decode()
    lines = ["Linia Modernizacja", "Linia Łączność", "Linia Lokalny"]
    assert _in_order(html, lines) == ["Linia Lokalny", "Linia Łączność", "Linia Modernizacja"]


def test_deadlines_sort_by_project_in_polish_order_and_the_filter_lists_titles_so(world, client):
    for title in ("Modernizacja", "Łączność", "Lokalny"):
        project = GrantProjectFactory(organization=world.org_a, title=title)
        services.milestone_create(user=access.SYSTEM, project=project, kind="other", name=f"Termin {title}",
                                  due_date=datetime.date(2030, 1, 1))
    client.force_login(world.admin_a)
    html = client.get(reverse("grants:deadlines"), {"ordering": "project"}).content.decode()
    assert _in_order(html, ["Termin Modernizacja", "Termin Łączność", "Termin Lokalny"]) == [
        "Termin Lokalny", "Termin Łączność", "Termin Modernizacja"]
    select = re.search(r'<select name="project"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select)[1:] == ["Lokalny", "Łączność", "Modernizacja"]
