"""Organizations (jednostki): who creates, moves and deletes them, how their changes reach the
journal, and the rules of their own fields (slug, low-value threshold, number template)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from magistrat.core import numbering
from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import services
from magistrat.organizations.models import Membership, Organization, Role

from .factories import OrganizationFactory, user_with_role


def _entries(organization, action):
    return ChangeLogEntry.objects.filter(content_type__model="organization",
                                         object_id=str(organization.pk), action=action)


# --- The change log -------------------------------------------------------------------------

def test_changes_to_a_unit_are_logged_under_the_unit_and_its_parent(world):
    library = services.organization_create(user=world.admin_a, name="Biblioteka Alfa",
                                           parent=world.org_a, kind="biblioteka")
    assert _entries(library, "create").get().organization_id == world.org_a.pk
    services.organization_update(user=world.admin_a, organization=library, city="Alfa")
    assert _entries(library, "update").get().organization_id == library.pk
    top = services.organization_create(user=world.superuser, name="Gmina Nowa")
    assert _entries(top, "create").get().organization_id == top.pk
    services.organization_delete(user=world.admin_a, organization=library)
    assert _entries(library, "delete").get().organization_id == world.org_a.pk


def test_the_units_own_administrator_sees_its_changes_in_the_journal(world, client):
    school_admin = user_with_role(world.school_a, Role.ADMINISTRATOR, descendants=False,
                                  username="dyrektor")
    services.organization_update(user=world.admin_a, organization=world.school_a,
                                 city="Zmienione Miasto")
    client.force_login(school_admin)
    html = client.get(reverse("journal")).content.decode()
    assert "Zmienione Miasto" not in html   # field names are listed, values are on the record
    assert "Szkoła Podstawowa w Alfie" in html
    recent = client.get("/").context["recent_changes"]
    assert recent[0].object_repr == "Szkoła Podstawowa w Alfie" and recent[0].action == "update"


def test_deleting_a_unit_logs_the_roles_that_go_with_it(world, client, english):
    library = services.organization_create(user=world.admin_a, name="Biblioteka Alfa",
                                           parent=world.org_a, kind="biblioteka")
    librarian = user_with_role(library, Role.IT_OFFICER, descendants=False, username="bibliotekarz")
    client.force_login(world.admin_a)
    confirm = client.get(reverse("organizations:organization_delete", args=[library.pk]))
    assert "1 account has a role in this unit; the role will be removed too." in confirm.content.decode()
    assert client.post(reverse("organizations:organization_delete", args=[library.pk])).status_code == 302
    assert not Membership.objects.filter(user=librarian).exists()
    removed = ChangeLogEntry.objects.get(content_type__model="membership", action="delete")
    assert "bibliotekarz" in removed.object_repr
    assert removed.organization_id == world.org_a.pk
    assert removed.changes["role"] == ["it_officer", None]


# --- Creating, moving and deleting units -----------------------------------------------------

@pytest.fixture
def school_admin(world):
    """An administrator of the school only (not of the office above it)."""
    return user_with_role(world.school_a, Role.ADMINISTRATOR, descendants=True, username="dyr_sp")


def test_a_unit_is_not_deleted_by_its_own_administrator(world, school_admin, api_client, client):
    empty = services.organization_create(user=world.admin_a, name="Świetlica", parent=world.school_a)
    api_client.force_authenticate(school_admin)
    response = api_client.delete(f"/api/v1/organizations/{world.school_a.pk}/")
    assert response.status_code == 403
    assert Organization.objects.filter(pk=world.school_a.pk).exists()
    # ... but deletes a unit under it, as the parent's administrator.
    assert api_client.delete(f"/api/v1/organizations/{empty.pk}/").status_code == 204
    client.force_login(school_admin)
    page = client.get(reverse("organizations:organization_detail", args=[world.school_a.pk]))
    assert reverse("organizations:organization_delete", args=[world.school_a.pk]) not in page.content.decode()
    assert client.get(reverse("organizations:organization_delete", args=[world.school_a.pk])).status_code == 403
    assert client.post(reverse("organizations:organization_delete", args=[world.school_a.pk])).status_code == 403


def test_top_level_units_are_deleted_by_superusers_only(world):
    lonely = OrganizationFactory(name="Gmina Pusta")
    mayor = user_with_role(lonely, Role.ADMINISTRATOR, username="wojt")
    with pytest.raises(AccessDenied):
        services.organization_delete(user=mayor, organization=lonely)
    services.organization_delete(user=world.superuser, organization=lonely)
    assert not Organization.objects.filter(pk=lonely.pk).exists()


def test_a_units_administrator_edits_it_but_cannot_move_it(world, school_admin, client):
    client.force_login(school_admin)
    url = reverse("organizations:organization_edit", args=[world.school_a.pk])
    data = {"name": "Szkoła Podstawowa w Alfie", "short_name": "SP Alfa", "slug": "sp-alfa",
            "kind": "szkola", "parent": world.org_b.pk, "city": "Alfa",
            "inventory_number_template": "{org}/{category}/{seq:4}/{yy}",
            "low_value_threshold": "10000"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.school_a.refresh_from_db()
    assert world.school_a.city == "Alfa" and world.school_a.parent == world.org_a
    with pytest.raises(AccessDenied):
        services.organization_update(user=school_admin, organization=world.school_a,
                                     parent=world.org_b)


# --- Fields ---------------------------------------------------------------------------------

def test_automatic_slugs_keep_polish_letters_readable(world):
    unit = services.organization_create(user=world.admin_a, name="Gminny Ośrodek Kultury",
                                        short_name="GOK Łódź", parent=world.org_a)
    assert unit.slug == "gok-lodz"


def test_low_value_threshold_cannot_be_negative(world, api_client, english):
    api_client.force_authenticate(world.admin_a)
    response = api_client.patch(f"/api/v1/organizations/{world.org_a.pk}/",
                                {"low_value_threshold": "-1.00"}, format="json")
    assert response.status_code == 400
    assert "low_value_threshold" in response.json()["fields"]
    with pytest.raises(ValidationError) as error:
        services.organization_update(user=world.admin_a, organization=world.org_a,
                                     low_value_threshold=-5)
    assert "low_value_threshold" in error.value.message_dict


@pytest.mark.parametrize("template", ["{org}/{seq:5000}", "{seq:99999999999}", "{seq:0}",
                                      "{org}/{yy:3}/{seq}", "{org}/{category}/{room}/{seq:10}/{yyyy}"])
def test_number_templates_that_cannot_work_are_refused(template):
    with pytest.raises(ValidationError):
        numbering.validate_template(template)


def test_number_template_limits_match_the_register():
    from magistrat.inventory.models import Asset, AssetCategory

    assert numbering.NUMBER_MAX_LENGTH == Asset._meta.get_field("inventory_number").max_length
    assert numbering.PART_LENGTH["category"] == AssetCategory._meta.get_field("code").max_length
    numbering.validate_template("{org}/{category}/{seq:4}/{yy}")
    numbering.validate_template("{org}/{category}/{room}/{seq:4}/{yyyy}")
    numbering.validate_template("{seq:10}")


def test_a_bad_template_is_a_field_error_in_the_api(world, api_client, english):
    api_client.force_authenticate(world.admin_a)
    response = api_client.patch(f"/api/v1/organizations/{world.org_a.pk}/",
                                {"inventory_number_template": "{org}/{seq:5000}"}, format="json",
                                HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "from 1 to 10" in response.json()["fields"]["inventory_number_template"][0]


@pytest.mark.parametrize("typed", ["526-000-12-46", "PL5260001246", "pl 526 000 12 46",
                                   "5260001246", "526-000-12-46 alfa"])
def test_organizations_are_found_by_nip_as_it_is_written(world, api_client, client, typed):
    services.organization_update(user=world.superuser, organization=world.org_a, nip="5260001246")
    api_client.force_authenticate(world.admin_a)
    found = api_client.get("/api/v1/organizations/", {"search": typed}).json()["results"]
    assert [o["name"] for o in found] == ["Urząd Gminy Alfa"]
    client.force_login(world.admin_a)
    html = client.get(reverse("organizations:organization_list"), {"search": typed}).content.decode()
    table = html.split('id="object-table"')[1]
    assert "Urząd Gminy Alfa" in table and "Szkoła Podstawowa w Alfie" not in table


def test_a_postal_code_or_a_school_number_is_not_taken_for_an_identifier():
    from magistrat.organizations.filters import compact_identifiers

    assert compact_identifiers("Gmina 63-510") == "Gmina 63-510"
    assert compact_identifiers("SP 2 3001073") == "SP 2 3001073"
    assert compact_identifiers("REGON 631 258 754") == "REGON 631258754"
