"""The public project page carries the signs strip the rules ask of a website notice — the
Fundusze Europejskie sign, the colours of the Republic of Poland, the EU emblem — drawn in
HTML and CSS with text alternatives, and only for projects the EU funds."""

import datetime
import io
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


# --- What was bought and done; the preview; the EU sentence once ------------------------------

def _mikstat_like(world):
    from magistrat.inventory.tests.factories import AssetFactory, category

    from .factories import expenditure

    project = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina w Alfie")
    lines = {area: services.budget_line_create(user=world.admin_a, project=project, area=area, name=name,
                                               planned_amount=Decimal("100000"))
             for area, name in (("hardware", "Sprzęt"), ("software", "Licencje"), ("diagnosis", "Diagnoza"),
                                ("training", "Szkolenie"))}
    expenditure(project, gross="20000.00", line=lines["hardware"],
                assets=[AssetFactory(organization=world.org_a, category=category("laptop")) for _ in range(3)])
    expenditure(project, gross="9660.00", line=lines["software"], quantity=14, unit="licencji")
    expenditure(project, gross="4920.00", line=lines["diagnosis"])
    expenditure(project, gross="2214.00", line=lines["training"], quantity=18, unit="os.")
    return project


def test_the_public_page_lists_what_was_bought_and_done_by_cost_area(world, client):
    project = _mikstat_like(world)
    html = page(client, project)
    listed = html[html.index("Co kupiono i zrobiono"):]
    rows = re.findall(r"<li>([^<]+)</li>", listed[:listed.index("</ul>")])
    assert rows == ["3 laptopy", "Oprogramowanie i licencje: 14 licencji", "Szkolenia: 18 os.",
                    "Diagnoza / audyt: wykonano"]
    from magistrat.core.testing import flat, pdf_pages_text, render_pdf
    from magistrat.grants.documents import poster_pdf

    poster = flat(pdf_pages_text(render_pdf(poster_pdf, project))[0])
    assert "CO KUPIONO I ZROBIONO" in poster
    assert "3 laptopy · oprogramowanie i licencje: 14 licencji · szkolenia: 18 os." in poster


def test_counts_agree_with_their_numbers_and_dates_are_written_out(world, client):
    from magistrat.inventory.services import category_create
    from magistrat.inventory.tests.factories import AssetFactory, category

    from .factories import expenditure

    project = GrantProjectFactory(organization=world.org_a, title="Cyfrowa Gmina w Alfie")
    own = category_create(user=world.admin_a, organization=world.org_a, name="Czytnik kart", code="CZK")
    bought = [*(AssetFactory(organization=world.org_a, category=category("komputer stacjonarny")) for _ in range(12)),
              *(AssetFactory(organization=world.org_a, category=category("monitor")) for _ in range(22)),
              AssetFactory(organization=world.org_a, category=category("urządzenie wielofunkcyjne / kserokopiarka")),
              *(AssetFactory(organization=world.org_a, category=category("serwer")) for _ in range(2)),
              *(AssetFactory(organization=world.org_a, category=own) for _ in range(5))]
    expenditure(project, gross="100000.00", assets=bought)
    html = page(client, project)
    listed = html[html.index("Co kupiono i zrobiono"):]
    assert re.findall(r"<li>([^<]+)</li>", listed[:listed.index("</ul>")]) == [
        "22 monitory", "12 komputerów stacjonarnych", "Czytnik kart: 5 szt.", "2 serwery",
        "1 urządzenie wielofunkcyjne (kserokopiarka)"]
    assert "zawarta 28 kwietnia 2022 r." in html
    assert "od 28 kwietnia 2022 r. do 30 września 2023 r." in html


def test_the_eu_sentence_is_stated_once(world, client):
    cg = page(client, GrantProjectFactory(organization=world.org_a))
    assert cg.count("Sfinansowano w ramach reakcji Unii") == 1 and "Projekt dofinansowany ze środków" not in cg
    cs = page(client, GrantProjectFactory(organization=world.org_a, program=program("cyberbezpieczny-samorzad"),
                                          agreement_date=datetime.date(2024, 3, 1), granted_amount=Decimal("300000")))
    main = cs[cs.index("<main"):]
    assert main.count("Unii Europejskiej") == 1
    other = GrantProjectFactory(organization=world.org_a, program=program("inny"))
    services.funding_source_create(user=world.admin_a, project=other, kind="eu", amount=Decimal("1000.00"))
    main = page(client, other)
    assert main[main.index("<main"):].count("Projekt dofinansowany ze środków Unii Europejskiej.") == 1


def test_coordinators_preview_the_page_and_the_poster_before_publishing(world, client):
    from pypdf import PdfReader

    project = GrantProjectFactory(organization=world.org_a, title="Projekt przed publikacją")
    public = reverse("grants:public_project", args=[project.pk])
    preview = reverse("grants:project_preview", args=[project.pk])
    poster = reverse("grants:project_poster", args=[project.pk])
    assert client.get(public).status_code == 404
    assert client.get(reverse("grants:public_poster", args=[project.pk])).status_code == 404
    assert client.get(preview).status_code == 302 and client.get(poster).status_code == 302    # log in first
    client.force_login(world.admin_a)
    detail = client.get(project.get_absolute_url()).content.decode()
    assert preview in detail and poster in detail
    html = client.get(preview).content.decode()
    assert "Projekt przed publikacją" in html and "nie jest jeszcze opublikowana" in html and "noindex" in html
    assert poster in html
    response = client.get(poster)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert response.status_code == 200 and "Projekt przed publikacją" in " ".join(text.split())
    assert client.get(public).status_code == 404                         # still not public
    client.force_login(world.admin_b)                                    # another office's
    assert client.get(preview).status_code == 404 and client.get(poster).status_code == 404
