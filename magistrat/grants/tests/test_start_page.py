"""The start page tells the grant coordinator what is overdue and what comes next."""

import datetime

from django.conf import settings
from django.utils import timezone

from magistrat.grants import services
from magistrat.organizations import access

from .factories import GrantProjectFactory

TODAY = timezone.localdate()


def _card(html: str, label: str) -> str:
    """The whole start-page card whose label contains `label`."""
    start = html.index(label)
    return html[html.rindex('class="summary-card', 0, start):html.index("</a>", start)]


def _deadline(project, name, days, **extra):
    return services.milestone_create(user=access.SYSTEM, project=project, name=name,
                                     due_date=TODAY + datetime.timedelta(days=days), **extra)


def test_overdue_deadlines_warn_and_the_next_one_is_named_with_its_date(world, client):
    project = GrantProjectFactory(organization=world.org_a, apply_templates=False)
    _deadline(project, "Wniosek o drugą transzę", -10)
    _deadline(project, "Protokół odbioru serwerów", -3)
    _deadline(project, "Zakończono szkolenie", -20, done_on=TODAY - datetime.timedelta(days=21))   # done: gone
    _deadline(project, "Złożenie rozliczenia", 12)
    _deadline(project, "Koniec okresu trwałości", 400)
    client.force_login(world.admin_a)
    html = client.get("/").content.decode()      # Polish, as offices read it

    overdue = _card(html, "terminy przekroczone")
    assert "summary-warning" in overdue and ">2<" in overdue
    assert "?state=overdue" in overdue
    assert "najstarszy: Wniosek o drugą transzę, termin " + (TODAY - datetime.timedelta(days=10)).strftime(
        "%d.%m.%Y") in overdue
    ahead = _card(html, "nadchodzące terminy")
    assert "summary-warning" not in ahead and ">2<" in ahead and "?state=ahead" in ahead
    assert f"najbliższy: {(TODAY + datetime.timedelta(days=12)).strftime('%d.%m.%Y')} (za 12 dni) — " \
           "Złożenie rozliczenia" in ahead
    listed = client.get("/grants/deadlines/?state=ahead").content.decode()
    assert "Złożenie rozliczenia" in listed and "Wniosek o drugą transzę" not in listed


def test_with_several_projects_the_card_names_the_project_and_says_today(world, client):
    first = GrantProjectFactory(organization=world.org_a, apply_templates=False, title="Cyfrowa Gmina")
    second = GrantProjectFactory(organization=world.org_a, apply_templates=False, title="Cyberbezpieczny Samorząd")
    _deadline(first, "Złożenie rozliczenia", 0)
    _deadline(second, "Wniosek o transzę", 5)
    client.force_login(world.admin_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert "deadline overdue" not in html and "deadlines overdue" not in html
    ahead = _card(html, "deadlines ahead")
    assert f"next: {TODAY.strftime('%d.%m.%Y')} (today) — Złożenie rozliczenia (Cyfrowa Gmina)" in ahead
