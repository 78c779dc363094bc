"""The organization switcher and the unit choices: a tree, and usable with thousands of units."""

import re

from django.urls import reverse

from magistrat.organizations import context_processors
from magistrat.organizations.models import Organization

from .factories import OrganizationFactory


def _options(html, select_id):
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_switcher_shows_the_tree(world, client):
    OrganizationFactory(name="Filia szkoły", short_name="Filia SP", slug="filia", parent=world.school_a)
    client.force_login(world.admin_a)
    html = client.get("/").content.decode()
    assert _options(html, "switch-organization") == ["UG Alfa", "\u2003SP Alfa", "\u2003\u2003Filia SP"]


def test_many_units_are_typed_not_listed(world, client, monkeypatch):
    monkeypatch.setattr(context_processors, "SWITCHER_LIMIT", 2)
    OrganizationFactory(name="Biblioteka Alfa", short_name="Bib Alfa", slug="bib-alfa", parent=world.org_a)
    client.force_login(world.admin_a)
    html = client.get("/").content.decode()
    assert 'list="switch-organizations"' in html and '<select id="switch-organization"' not in html
    for typed in ("bib-alfa", "Bib Alfa", "biblioteka alfa"):
        client.post(reverse("organizations:switch"), {"organization_name": typed})
        assert client.session["current_organization_id"] == Organization.objects.get(slug="bib-alfa").pk
    client.post(reverse("organizations:switch"), {"organization_name": "ug-beta"})   # not theirs
    assert client.session["current_organization_id"] == Organization.objects.get(slug="bib-alfa").pk


def test_the_parent_filter_offers_the_visible_units(world, client):
    client.force_login(world.admin_a)
    html = client.get(reverse("organizations:organization_list")).content.decode()
    assert _options(html, "id_parent") == ["wszystkie", "Urząd Gminy Alfa", "\u2003Szkoła Podstawowa w Alfie"]
    html = client.get(reverse("organizations:organization_list"), {"parent": world.org_a.pk}).content.decode()
    table = html.split('id="object-table"')[1]
    assert "Szkoła Podstawowa w Alfie" in table and "Urząd Gminy Alfa</a>" not in table


def test_new_records_start_in_the_current_unit_with_natural_titles(world, client):
    client.force_login(world.admin_a)
    client.post(reverse("organizations:switch"), {"organization": world.school_a.pk})
    html = client.get(reverse("organizations:person_add")).content.decode()
    assert re.search(rf'<option value="{world.school_a.pk}" selected>', html)
    assert "<h1>Nowy pracownik</h1>" in html
    assert "<h1>Nowa jednostka</h1>" in client.get(reverse("organizations:organization_add")).content.decode()
