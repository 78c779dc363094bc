import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from magistrat.organizations import services
from magistrat.organizations.models import Organization

from .factories import PASSWORD, PersonFactory


def test_login_page_and_start_page(world, client):
    assert client.get("/").status_code == 302
    response = client.post(reverse("login"), {"username": "admin_a", "password": PASSWORD})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Urząd Gminy Alfa" in html
    assert "Urząd Gminy Beta" not in html


def test_lockout_after_five_failed_logins(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "admin_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "admin_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_are_polish_by_default_and_english_on_request(world, client):
    client.force_login(world.admin_a)
    html = client.get(reverse("organizations:person_list")).content.decode()
    assert 'lang="pl"' in html
    assert "Pracownicy" in html and "Nazwisko" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/people/"})
    html = client.get(reverse("organizations:person_list")).content.decode()
    assert 'lang="en"' in html
    assert "People" in html and "Last name" in html


def test_dates_are_shown_day_month_year(world, client):
    services.person_update(user=world.admin_a, person=world.person_a,
                           employed_from=datetime.date(2022, 4, 28))
    client.force_login(world.admin_a)
    html = client.get(reverse("organizations:person_detail", args=[world.person_a.pk])).content.decode()
    assert "28.04.2022" in html


def test_switcher_scopes_lists_to_the_chosen_unit(world, client):
    client.force_login(world.admin_a)
    html = client.get(reverse("organizations:person_list")).content.decode()
    assert "Alfowska" in html and "Szkolny" in html
    client.post(reverse("organizations:switch"), {"organization": world.school_a.pk, "next": "/people/"})
    html = client.get(reverse("organizations:person_list")).content.decode()
    assert "Szkolny" in html and "Alfowska" not in html
    # an organization the user may not see is refused, and the choice stays as it was
    client.post(reverse("organizations:switch"), {"organization": world.org_b.pk})
    assert client.session["current_organization_id"] == world.school_a.pk


def test_switcher_does_not_redirect_elsewhere(world, client):
    client.force_login(world.admin_a)
    response = client.post(reverse("organizations:switch"),
                           {"organization": world.org_a.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_list_search_filter_sort_and_paginate(world, client):
    for n in range(30):
        PersonFactory(organization=world.org_a, last_name=f"Zawada{n:02d}", department="Księgowość")
    client.force_login(world.admin_a)
    url = reverse("organizations:person_list")
    html = client.get(url, {"search": "Alfows"}).content.decode()
    assert "Alfowska" in html and "Zawada" not in html
    html = client.get(url, {"department": "księg"}).content.decode()
    assert "Zawada00" in html and "Alfowska" not in html
    html = client.get(url, {"ordering": "-last_name", "per_page": 25}).content.decode()
    assert html.index("Zawada29") < html.index("Zawada28")
    assert "Zawada04" not in html  # beyond the first page of 25
    html = client.get(url, {"ordering": "-last_name", "page": 2}).content.decode()
    assert "Zawada04" in html


def test_htmx_list_request_gets_only_the_table(world, client):
    client.force_login(world.admin_a)
    response = client.get(reverse("organizations:person_list"), {"search": "Alf"},
                          HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="object-table"')
    assert "Alfowska" in html and "<html" not in html


def test_xlsx_export_has_typed_cells(world, client):
    services.person_update(user=world.admin_a, person=world.person_a,
                           employed_from=datetime.date(2022, 4, 28))
    client.force_login(world.admin_a)
    response = client.get(reverse("organizations:person_list"), {"export": "xlsx", "search": "Alfowska"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, (row,) = rows[0], rows[1:]
    assert header[0] == "Nazwisko"
    assert row[0] == "Alfowska"
    assert row[header.index("Zatrudniony od")] == datetime.datetime(2022, 4, 28)
    assert row[header.index("Aktywny")] is True


def test_csv_export_opens_in_polish_excel(world, client):
    client.force_login(world.admin_a)
    response = client.get(reverse("organizations:person_list"), {"export": "csv"})
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    header = body.decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[:2] == ["Nazwisko", "Imię"]


def test_form_errors_name_the_field_and_keep_the_input(world, client):
    client.force_login(world.admin_a)
    response = client.post(reverse("organizations:organization_add"), {
        "name": "Biblioteka", "short_name": "Bib", "kind": "biblioteka",
        "parent": world.org_a.pk, "nip": "123-456-32-19", "postal_code": "63510",
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert "NIP" in html and "123-456-32-19" in html
    assert "63-510" in html  # the postal code hint


def test_nip_typed_with_dashes_or_country_prefix_fits_the_form(world, client):
    client.force_login(world.admin_a)
    form = client.get(reverse("organizations:organization_add")).content.decode()
    assert 'maxlength="10"' not in form.split('name="nip"')[1].split(">")[0]
    response = client.post(reverse("organizations:organization_add"), {
        "name": "Gminny Ośrodek Kultury", "short_name": "GOK", "kind": "osrodek_kultury",
        "parent": world.org_a.pk, "nip": "PL 123-456-32-18",
        "inventory_number_template": "{org}/{category}/{seq:4}/{yy}", "low_value_threshold": "10 000,00",
    })
    assert response.status_code == 302
    assert Organization.objects.get(short_name="GOK").nip == "1234563218"


def test_profile_creates_a_token_shown_once_and_revokes_it(world, client):
    client.force_login(world.admin_a)
    client.post(reverse("token_add"), {"name": "skrypt inwentaryzacji"})
    html = client.get(reverse("profile")).content.decode()
    token = world.admin_a.api_tokens.get()
    assert "skrypt inwentaryzacji" in html and "mgt_" + token.prefix in html
    assert "mgt_" + token.prefix not in client.get(reverse("profile")).content.decode()
    client.post(reverse("token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_password_change(world, client):
    client.force_login(world.admin_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "nowe-haslo-urzedu-77",
        "new_password2": "nowe-haslo-urzedu-77"})
    assert response.status_code == 302
    world.admin_a.refresh_from_db()
    assert world.admin_a.check_password("nowe-haslo-urzedu-77")


def test_organization_page_lists_its_units_and_people(world, client):
    client.force_login(world.viewer_a)
    url = reverse("organizations:organization_detail", args=[world.org_a.pk])
    assert "Szkoła Podstawowa w Alfie" in client.get(url, {"tab": "units"}).content.decode()
    assert "Alfowska" in client.get(url, {"tab": "people"}).content.decode()


def test_superuser_without_a_unit_sees_the_installation_overview(world, client):
    client.force_login(world.superuser)
    html = client.get("/").content.decode()
    overview = html[html.index('id="installation-heading"'):]
    overview = overview[:overview.index("</section>")]
    assert "Instalacja" in overview
    assert "<dt>Jednostki</dt><dd>3</dd>" in overview
    assert "<dt>Jednostki najwyższego szczebla</dt><dd>2</dd>" in overview
    # admin_a, it_a, viewer_a, admin_b and root
    assert "<dt>Aktywne konta użytkowników</dt><dd>5</dd>" in overview
    assert "<dt>Administratorzy instalacji</dt><dd>1</dd>" in overview
    assert f'href="{reverse("organizations:organization_list")}"' in overview
    assert f'href="{reverse("organizations:account_list")}"' in overview
    # Once a unit is chosen, its own summary instead.
    client.post(reverse("organizations:switch"), {"organization": world.org_a.pk})
    html = client.get("/").content.decode()
    assert 'id="installation-heading"' not in html and "Identyfikatory" in html
    # An office user never sees the installation's numbers.
    client.force_login(world.admin_a)
    assert 'id="installation-heading"' not in client.get("/").content.decode()


def test_a_fresh_installation_invites_to_add_the_first_organization(db, client):
    from .factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True))
    html = client.get("/").content.decode()
    assert "Nie ma jeszcze żadnej jednostki." in html
    assert f'href="{reverse("organizations:organization_add")}">Dodaj pierwszą jednostkę</a>' in html


def test_pages_have_an_icon_and_favicon_ico_finds_it(world, client):
    from django.contrib.staticfiles import finders

    client.force_login(world.admin_a)
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/magistrat/favicon.svg" type="image/svg+xml">' in html
    client.logout()
    assert '<link rel="icon"' in client.get(reverse("login")).content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/magistrat/favicon.svg"
    svg = open(finders.find("magistrat/favicon.svg"), encoding="utf-8").read()
    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg
