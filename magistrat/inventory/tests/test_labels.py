"""Label sheets on the grid the office's paper has: a preset or columns, rows, margins and gaps of
one's own — chosen on the labels screen, in the API's query or on the command line, checked
alike, and remembered on the screen for next time."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from magistrat.inventory.labels import LabelSheetForm
from magistrat.inventory.models import Asset

from .factories import category

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def stock(world):
    kind = category()
    Asset.objects.bulk_create([Asset(organization=world.org_a, inventory_number=f"UG/KS/{n:04d}/24",
                                     name=f"Komputer {n}", category=kind) for n in range(1, 31)])
    return list(Asset.objects.filter(organization=world.org_a).order_by("inventory_number"))


def links(data: bytes) -> list[list[tuple[float, float]]]:
    """Per page, the lower-left corner of each label's QR-code link (in points)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        pages.append([(round(float(a.get_object()["/Rect"][0]), 1), round(float(a.get_object()["/Rect"][1]), 1))
                      for a in page.get("/Annots", [])])
    return pages


def body(response) -> bytes:
    return b"".join(response.streaming_content)


class TestTheGrid:
    def test_presets_fill_the_sheet_exactly(self):
        for preset, (columns, rows, width, height) in {"3x8": (3, 8, "70.0", "37.0"), "3x7": (3, 7, "63.5", "38.1"),
                                                       "2x7": (2, 7, "99.1", "38.1"),
                                                       "4x10": (4, 10, "48.5", "25.4")}.items():
            form = LabelSheetForm({"preset": preset})
            assert form.is_valid(), form.errors
            assert (form.cleaned_data["columns"], form.cleaned_data["rows"]) == (columns, rows)
            size = form.cleaned_data["label_width"], form.cleaned_data["label_height"]
            assert (f"{size[0]:.1f}", f"{size[1]:.1f}") == (width, height)

    def test_own_values_override_the_preset_and_take_decimal_commas(self):
        form = LabelSheetForm({"preset": "2x7", "rows": "8", "margin_top": "4,5", "margin_bottom": "4.5"})
        assert form.is_valid(), form.errors
        grid = form.grid()
        assert (grid["columns"], grid["rows"], grid["margin_top_mm"], grid["margin_left_mm"]) == (2, 8, 4.5, 4.65)

    def test_impossible_grids_are_refused_with_the_reason(self):
        form = LabelSheetForm({"columns": "0", "rows": "31", "margin_left": "-1", "gap_x": "abc"})
        assert not form.is_valid()
        assert set(form.errors) == {"columns", "rows", "margin_left", "gap_x"}
        form = LabelSheetForm({"columns": "8", "rows": "30"})
        assert not form.is_valid()
        assert ("These labels would be 26,2 × 9,9 mm; a readable QR code needs at least 20,0 × 10,0 mm"
                in form.error_text())
        assert not LabelSheetForm({"preset": "5x13"}).is_valid()

    def test_cut_lines_are_a_strict_yes_or_no(self):
        for value, outlines in (("on", True), ("1", True), ("tak", True), ("true", True), ("false", False),
                                ("nie", False), ("0", False), ("", False), (None, False)):
            form = LabelSheetForm({"outlines": value} if value is not None else {})
            assert form.is_valid(), (value, form.errors)
            assert form.grid()["outlines"] is outlines, value
        form = LabelSheetForm({"outlines": "maybe"})
        assert not form.is_valid()
        assert form.error_text() == "outlines: Choose yes or no (true or false), not “maybe”."


class TestTheScreen:
    def test_the_list_opens_the_labels_screen_with_its_filters(self, world, client, stock):
        client.force_login(world.it_a)
        html = client.get(reverse("inventory:asset_list"), {"search": "UG/KS/001"}).content.decode()
        assert f'href="{reverse("inventory:asset_labels")}?search=UG%2FKS%2F001"' in html
        page = client.get(reverse("inventory:asset_labels"), {"search": "UG/KS/001"}).content.decode()
        assert "Labels for the 10 assets of the list as filtered" in page and "That is 1 A4 sheet." in page
        assert '<input type="hidden" name="search" value="UG/KS/001">' in page
        assert "2 × 7 — 99,1 × 38,1 mm" in page

    def test_a_preset_prints_its_grid_and_is_remembered(self, world, client, stock):
        client.force_login(world.it_a)
        response = client.get(reverse("inventory:asset_labels"), {"preset": "2x7", "print": "1"})
        assert response["Content-Type"] == "application/pdf"
        pages = links(body(response))
        assert [len(page) for page in pages] == [14, 14, 2]
        assert len({x for x, _y in pages[0]}) == 2 and len({y for _x, y in pages[0]}) == 7
        # Next time the screen offers the same sheet, and the list's and an asset's labels use it.
        screen = client.get(reverse("inventory:asset_labels")).content.decode()
        assert re.search(r'<option value="2x7" selected>', screen)
        listed = links(body(client.get(reverse("inventory:asset_list"), {"export": "labels"})))
        assert [len(page) for page in listed] == [14, 14, 2]
        one = links(body(client.get(reverse("inventory:asset_label", args=[stock[0].pk]))))
        assert one == [[listed[0][0]]]     # where the 2 × 7 sheet's first label is

    def test_a_grid_of_ones_own(self, world, client, stock):
        client.force_login(world.it_a)
        response = client.get(reverse("inventory:asset_labels"), {
            "columns": "4", "rows": "5", "margin_top": "10", "margin_bottom": "10", "margin_left": "5",
            "margin_right": "5", "gap_x": "2", "gap_y": "2", "print": "1"})
        pages = links(body(response))
        assert [len(page) for page in pages] == [20, 10]
        assert len({x for x, _y in pages[0]}) == 4 and len({y for _x, y in pages[0]}) == 5

    def test_a_wrong_grid_is_explained_on_the_screen(self, world, client, stock):
        client.force_login(world.it_a)
        response = client.get(reverse("inventory:asset_labels"), {"columns": "8", "rows": "30", "print": "1"})
        html = response.content.decode()
        assert response.status_code == 400
        assert "These labels would be 26,2 × 9,9 mm" in html and 'value="30"' in html

    def test_cut_lines_asked_for_with_nonsense_are_an_error_on_the_form(self, world, client, stock):
        client.force_login(world.it_a)
        response = client.get(reverse("inventory:asset_labels"), {"preset": "3x8", "outlines": "maybe", "print": "1"})
        assert response.status_code == 400
        assert "Choose yes or no (true or false), not “maybe”." in response.content.decode()
        for value, drawn in (("false", False), ("tak", True)):   # remembered for next time as it was said
            printed = client.get(reverse("inventory:asset_labels"), {"preset": "3x8", "outlines": value, "print": "1"})
            assert printed["Content-Type"] == "application/pdf"
            box = re.search(r'<input type="checkbox" name="outlines"[^>]*>', client.get(
                reverse("inventory:asset_labels")).content.decode()).group(0)
            assert ("checked" in box) is drawn and "value=" not in box

    def test_the_ticked_rows_get_labels(self, world, client, stock):
        client.force_login(world.it_a)
        ticked = [stock[0].pk, stock[5].pk]
        page = client.post(reverse("inventory:asset_labels"), {"pk": ticked, "status": ""}).content.decode()
        assert "Labels for the 2 assets ticked in the list" in page
        assert all(f'name="pk" value="{pk}"' in page for pk in ticked)
        response = client.post(reverse("inventory:asset_labels"), {"pk": ticked, "preset": "4x10", "print": "1"})
        assert [len(page) for page in links(body(response))] == [2]

    def test_another_organizations_assets_get_no_labels(self, world, client, stock):
        client.force_login(world.admin_b)
        page = client.post(reverse("inventory:asset_labels"), {"pk": [stock[0].pk]}).content.decode()
        assert "Labels for the 0 assets" in page


class TestApiAndCommandLine:
    def test_the_api_prints_labels_on_the_grid_asked_for(self, world, api_client, stock):
        api_client.force_authenticate(world.it_a)
        response = api_client.get("/api/v1/assets/export/",
                                  {"export": "labels", "preset": "4x10", "search": "Komputer"})
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert [len(page) for page in links(body(response))] == [30]
        response = api_client.get("/api/v1/assets/export/", {"export": "labels", "columns": "0", "margin_top": "x"},
                                  HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"columns", "margin_top"}
        response = api_client.get("/api/v1/assets/export/", {"export": "labels", "outlines": "maybe"},
                                  HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.json()["fields"] == {"outlines": ["Choose yes or no (true or false), not “maybe”."]}

    def test_the_command_line_prints_labels(self, world, stock, tmp_path):
        target = tmp_path / "etykiety.pdf"
        out = io.StringIO()
        call_command("export", "assets", "--format", "labels", "--preset", "2x7", "--rows", "5",
                     "--margin-top", "20,5", "--base-url", "https://magistrat.example.pl", "-o", str(target),
                     stdout=out)
        assert "wrote 30 labels on 3 sheet(s)" in out.getvalue()
        pages = links(target.read_bytes())
        assert [len(page) for page in pages] == [10, 10, 10]
        uri = PdfReader(str(target)).pages[0]["/Annots"][0].get_object()["/A"]["/URI"]
        assert uri.startswith("https://magistrat.example.pl/assets/")
        with pytest.raises(CommandError, match="invalid label sheet: .*26,2 × 9,9 mm"):
            call_command("export", "assets", "--format", "labels", "--columns", "8", "--rows", "30",
                         "--base-url", "https://x.pl", "-o", str(target))
        with pytest.raises(CommandError, match="MAGISTRAT_BASE_URL"):
            call_command("export", "assets", "--format", "labels", "-o", str(target))
