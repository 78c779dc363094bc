"""The public project page carries the signs strip the rules ask of a website notice — the
Fundusze Europejskie sign, the colours of the Republic of Poland, the EU emblem — drawn in
HTML and CSS with text alternatives, and only for projects the EU funds."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from magistrat.grants import services
from magistrat.organizations import access

from .factories import GrantProjectFactory, program


def page(client, project) -> str:
    services.project_publish(user=access.SYSTEM, project=project, published=True)
    return client.get(reverse("grants:public_project", args=[project.pk])).content.decode()


def strip(html: str) -> str:
    found = re.search(r'<header class="signs">(.*?)</header>', html, re.S)
    return found.group(1) if found else ""


def test_an_eu_funded_project_shows_the_three_signs_with_text_alternatives(world, client):
    project = GrantProjectFactory(organization=world.org_a)    # Cyfrowa Gmina: 100% EU (REACT-EU, EFRR)
    html = page(client, project)
    signs = strip(html)
    labels = re.findall(r'role="img" aria-label="([^"]+)"', signs)
    assert labels == ["Znak Funduszy Europejskich", "Barwy Rzeczypospolitej Polskiej", "Flaga Unii Europejskiej"]
    for text in ("Fundusze Europejskie", "Rzeczpospolita Polska", "Unia Europejska",
                 "Europejski Fundusz Rozwoju Regionalnego", "Znaki w wersji uproszczonej"):
        assert text in signs, text
    assert signs.count("<i></i>") == 12                        # the twelve stars
    assert "<img" not in signs and ".svg" not in signs and ".png" not in signs   # no logo files
    assert html.index('<header class="signs">') < html.index("<h1>")


def test_a_2021_2027_programme_says_dofinansowane_przez_unie(world, client):
    project = GrantProjectFactory(organization=world.org_a, program=program("cyberbezpieczny-samorzad"),
                                  agreement_date=datetime.date(2024, 3, 1), granted_amount=Decimal("850000.00"))
    assert "Dofinansowane przez Unię Europejską" in strip(page(client, project))


def test_no_strip_without_an_eu_funding_source(world, client):
    project = GrantProjectFactory(organization=world.org_a, program=program("inny"))
    html = page(client, project)
    assert 'class="signs"' not in html and "Fundusze Europejskie" not in html
    services.funding_source_create(user=world.admin_a, project=project, kind="eu", amount=Decimal("1000.00"))
    assert "Flaga Unii Europejskiej" in strip(page(client, project))


def test_the_strip_prints_in_colour_and_wraps_on_a_phone():
    css = (Path(settings.BASE_DIR) / "magistrat/static/magistrat/public.css").read_text()
    marks = re.search(r"\.mark \{([^}]*)\}", css).group(1)
    assert "print-color-adjust: exact" in marks
    assert re.search(r"\.signs-strip \{[^}]*flex-wrap: wrap", css)
