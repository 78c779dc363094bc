"""Programmes: their page, the edit form with its templates, the API's checks, the catalogue load."""

import datetime
import io
import shutil
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from magistrat.grants import catalogue, services
from magistrat.grants.models import Program
from magistrat.organizations import access

from .factories import GrantProjectFactory, program

PREFIXES = {"funding_pattern": ("funding", ("kind", "share", "name")),
            "tranche_pattern": ("tranches", ("share", "condition")),
            "indicator_templates": ("indicators", ("code", "name", "unit", "target", "source", "source_filter")),
            "promotion_templates": ("promotion", ("code", "name"))}


def form_data(prog: Program, **changes) -> dict:
    """What the edit form posts: the programme's fields and its templates as rows."""
    data = {"name": prog.name, "operator": prog.operator, "fund": prog.fund,
            "eligibility_start": prog.eligibility_start or "", "eligibility_end": prog.eligibility_end or "",
            "max_duration_months": prog.max_duration_months or "", "min_amount": prog.min_amount or "",
            "max_amount": prog.max_amount or "", "durability_years": prog.durability_years or "",
            "durability_from": prog.durability_from, "durability_note": prog.durability_note,
            "public_wording": prog.public_wording, "notes": prog.notes, "cost_areas": prog.cost_areas}
    for field, (prefix, keys) in PREFIXES.items():
        rows = changes.pop(field, getattr(prog, field))
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": row.get(key, "") for key in (*keys, "DELETE") if key in row
                         or key != "DELETE"})
    data.update(changes)
    return data


class TestProgrammePage:
    def test_an_installation_administrator_sees_and_edits_the_programme(self, world, client):
        cg = program()
        client.force_login(world.superuser)
        page = client.get(cg.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert reverse("grants:program_edit", args=[cg.pk]) in html and "/delete/" not in html
        # The templates are shown: indicators, promotion duties, funding.
        assert "Liczba zakupionych serwerów" in html and "Plakat co najmniej A3" in html
        response = client.post(reverse("grants:program_edit", args=[cg.pk]), form_data(
            cg, funding_pattern=[{"kind": "eu", "share": "85"}, {"kind": "state", "share": "15"}],
            tranche_pattern=[{"share": "40", "condition": "ankieta"}, {"share": "60", "condition": ""}]))
        assert response.status_code == 302 and response.url == cg.get_absolute_url()
        assert client.get(response.url).status_code == 200
        cg.refresh_from_db()
        assert cg.funding_pattern == [{"kind": "eu", "share": "85"}, {"kind": "state", "share": "15"}]
        assert cg.tranche_pattern == [{"share": "40", "condition": "ankieta"}, {"share": "60", "condition": ""}]
        project = GrantProjectFactory(organization=world.org_a, program=cg, granted_amount=Decimal("1000.00"))
        assert [s.amount for s in project.funding_sources.all()] == [Decimal("850.00"), Decimal("150.00")]
        assert [t.expected_amount for t in project.tranches.all()] == [Decimal("400.00"), Decimal("600.00")]

    def test_rows_marked_for_deletion_and_empty_rows_are_dropped(self, world, client):
        cg = program()
        client.force_login(world.superuser)
        rows = [dict(row) for row in cg.promotion_templates]
        rows[0]["DELETE"] = "on"
        data = form_data(cg, promotion_templates=rows + [{"code": "", "name": ""}])
        response = client.post(reverse("grants:program_edit", args=[cg.pk]), data)
        assert response.status_code == 302
        cg.refresh_from_db()
        assert [row["code"] for row in cg.promotion_templates] == ["PLAKAT", "WWW", "REACT"]

    def test_the_form_names_what_is_wrong_in_the_templates(self, world, client, english):
        cg = program()
        client.force_login(world.superuser)
        url = reverse("grants:program_edit", args=[cg.pk])
        response = client.post(url, form_data(cg, funding_pattern=[{"kind": "eu", "share": "abc"}]))
        assert response.status_code == 400
        assert "Enter a number" in response.content.decode()
        response = client.post(url, form_data(cg, funding_pattern=[{"kind": "eu", "share": "60"},
                                                                   {"kind": "state", "share": "30"}]))
        assert response.status_code == 400
        assert "add up to 90%, not 100%" in response.content.decode()
        response = client.post(url, form_data(cg, indicator_templates=[
            {"code": "W1", "name": "Wydatki na sprzęt", "unit": "zł", "source": "area", "source_filter": "sprzent"}]))
        assert response.status_code == 400
        assert "“sprzent” is not a cost area" in response.content.decode()
        response = client.post(url, form_data(cg, eligibility_start="2023-10-01", eligibility_end="2023-09-30"))
        assert response.status_code == 400
        assert "cannot be before its start" in response.content.decode()
        cg.refresh_from_db()
        assert cg.funding_pattern == [{"kind": "eu", "share": "100"}]

    def test_a_polish_area_name_is_stored_as_the_area(self, world, client):
        cg = program()
        client.force_login(world.superuser)
        response = client.post(reverse("grants:program_edit", args=[cg.pk]), form_data(cg, indicator_templates=[
            {"code": "W9", "name": "Wydatki na sprzęt", "unit": "zł", "source": "area", "source_filter": "Sprzęt"}]))
        assert response.status_code == 302
        cg.refresh_from_db()
        assert cg.indicator_templates[0]["source_filter"] == "hardware"

    def test_others_may_read_but_not_edit(self, world, client):
        client.force_login(world.admin_a)
        cg = program()
        html = client.get(cg.get_absolute_url()).content.decode()
        assert reverse("grants:program_edit", args=[cg.pk]) not in html
        assert client.get(reverse("grants:program_edit", args=[cg.pk])).status_code == 403

    def test_the_list_says_when_there_is_no_eligibility_window(self, world, client):
        client.force_login(world.viewer_a)
        html = client.get(reverse("grants:program_list")).content.decode()
        assert "… – …" not in html and "01.02.2020 – 30.09.2023" in html


class TestProgrammeApi:
    def url(self, prog):
        return f"/api/v1/programmes/{prog.pk}/"

    def test_a_malformed_funding_pattern_is_refused_before_any_project_breaks(self, world, api_client, english):
        cg = program()
        api_client.force_authenticate(world.superuser)
        response = api_client.patch(self.url(cg), {"funding_pattern": "abc"}, format="json")
        assert response.status_code == 400
        assert "funding_pattern" in response.json()["fields"]
        response = api_client.patch(self.url(cg), {"funding_pattern": [{"kind": "eu", "share": "abc"}]},
                                    format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "“abc” is not a number" in response.json()["fields"]["funding_pattern"][0]
        cg.refresh_from_db()
        assert cg.funding_pattern == [{"kind": "eu", "share": "100"}]
        GrantProjectFactory(organization=world.org_a, program=cg)   # still works

    def test_the_eligibility_window_and_amounts_must_be_in_order(self, world, api_client, english):
        cg = program()
        api_client.force_authenticate(world.superuser)
        response = api_client.patch(self.url(cg), {"eligibility_start": "2024-01-01", "eligibility_end": "2023-01-01",
                                                   "min_amount": "5000", "max_amount": "100"}, format="json")
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"eligibility_end", "max_amount"}

    def test_templates_are_normalised(self, world, api_client):
        cg = program()
        api_client.force_authenticate(world.superuser)
        response = api_client.patch(self.url(cg), {"tranche_pattern": [{"share": 30}, {"share": "70,0"}],
                                                   "cost_areas": ["sprzęt", "training"]}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["tranche_pattern"] == [{"share": "30", "condition": ""},
                                                      {"share": "70", "condition": ""}]
        assert response.json()["cost_areas"] == ["hardware", "training"]

    def test_only_installation_administrators_change_programmes(self, world, api_client):
        api_client.force_authenticate(world.admin_a)
        response = api_client.patch(self.url(program()), {"name": "X"}, format="json")
        assert response.status_code == 403


def run(*args) -> str:
    out = io.StringIO()
    call_command("programmes", *args, stdout=out)
    return out.getvalue()


class TestCatalogueLoad:
    def test_load_is_idempotent_and_says_what_it_did(self, db):
        out = run("load")
        assert "5 programme files: 0 created, 0 updated, 5 unchanged, 0 left as edited" in out
        assert run("load") == out

    def test_edited_programmes_are_left_unless_updated(self, db):
        cg = program()
        services.program_update(user=access.SYSTEM, program=cg, max_duration_months=24, public_wording="Inne")
        out = run("load")
        assert "left cyfrowa-gmina as it is: differs from its file in max_duration_months, public_wording" in out
        assert "differs from its file in max_duration_months, public_wording" in run("list")
        cg.refresh_from_db()
        assert cg.max_duration_months == 24
        out = run("load", "--update")
        assert "updated cyfrowa-gmina: max_duration_months, public_wording" in out
        cg.refresh_from_db()
        assert cg.max_duration_months == 18 and cg.public_wording.startswith("Sfinansowano")
        assert "cyfrowa-gmina\tCyfrowa Gmina\t01.02.2020 – 30.09.2023\t0 projects\tas in its file" in run("list")

    def test_a_new_file_is_loaded_and_a_broken_one_named(self, db, tmp_path, monkeypatch):
        for path in catalogue.DIRECTORY.glob("*.yaml"):
            shutil.copy(path, tmp_path)
        (tmp_path / "nowy.yaml").write_text(
            "code: nowy-program\nname: Nowy program\neligibility_start: 2025-01-01\n"
            "funding_pattern:\n  - {kind: eu, share: \"85\"}\n  - {kind: state, share: \"15\"}\n", encoding="utf-8")
        monkeypatch.setattr(catalogue, "DIRECTORY", tmp_path)
        assert "created nowy-program (Nowy program)" in run("load")
        created = Program.objects.get(code="nowy-program")
        assert created.eligibility_start == datetime.date(2025, 1, 1) and len(created.funding_pattern) == 2
        (tmp_path / "zly.yaml").write_text("code: zly\nname: Zły\nfunding_pattern: abc\n", encoding="utf-8")
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="zly.yaml: funding_pattern"):
            run("load")

    def test_the_demo_loads_programmes_missing_from_the_database(self, db):
        from magistrat.organizations import demo

        Program.objects.filter(code="inny").delete()
        demo.load()
        assert Program.objects.filter(code="inny").exists()


def page_form(html: str) -> dict:
    """The fields of the page's form as a browser would post them."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select, self.textarea = {}, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit",):
                if attrs.get("type") == "checkbox":
                    if "checked" in attrs:
                        self.data.setdefault(name, []).append(attrs.get("value", "on"))
                else:
                    self.data[name] = attrs.get("value", "")
            elif tag == "select" and name:
                self.select = name
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and ("selected" in attrs or not self.data[self.select]):
                self.data[self.select] = attrs.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea] += data.lstrip("\n")

    parser = Fields()
    parser.feed(html)
    return parser.data


def test_the_form_saves_unchanged_as_a_browser_sends_it(world, client):
    cg = program()
    client.force_login(world.superuser)
    url = reverse("grants:program_edit", args=[cg.pk])
    data = page_form(client.get(url).content.decode())
    assert "funding-1-kind" in data and data["funding-1-share"] == ""      # an empty row to fill in
    response = client.post(url, data)
    assert response.status_code == 302
    cg.refresh_from_db()
    assert catalogue.file_differences()["cyfrowa-gmina"] == []     # still as in its file
