"""Accounts and roles reaching subordinate units, the last administrator of a unit, and the
person linked to an account: rules of accounts.py seen through the services, the API and the
screens."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from magistrat.core.exceptions import AccessDenied
from magistrat.organizations import access, accounts, services
from magistrat.organizations.models import Membership, Person, Role

from .factories import PASSWORD, PersonFactory, user_with_role

NEW_PASSWORD = "zielona-lampa-2024"


@pytest.fixture
def local_admin(world):
    """An administrator of gmina A only, not of its school."""
    return user_with_role(world.org_a, Role.ADMINISTRATOR, descendants=False, username="lokalny")


def _role(account, organization):
    membership = Membership.objects.get(user=account, organization=organization)
    return membership.role, membership.include_descendants


# --- An administrator of one unit does not reach a role covering its subordinate units ---------

class TestWiderRoles:
    def test_the_narrower_administrator_may_not_manage_the_wider_ones_account(self, world, local_admin):
        clerk = user_with_role(world.org_a, Role.VIEWER, descendants=False, username="referent")
        assert access.may_manage_account(local_admin, clerk)
        assert not access.may_manage_account(local_admin, world.admin_a)
        assert not access.may_manage_account(local_admin, world.it_a)   # IT officer of A and its school
        with pytest.raises(AccessDenied):
            accounts.user_set_password(user=local_admin, account=world.admin_a, password=NEW_PASSWORD)
        with pytest.raises(AccessDenied):
            accounts.user_update(user=local_admin, account=world.admin_a, is_active=False)
        with pytest.raises(AccessDenied):
            accounts.user_delete(user=local_admin, account=world.admin_a)
        world.admin_a.refresh_from_db()
        assert world.admin_a.is_active and world.admin_a.check_password(PASSWORD)

    def test_the_narrower_administrator_may_not_demote_or_remove_a_wider_role(self, world, local_admin,
                                                                               english):
        # (admin_a also has a role in the school, so removing the wider one is not the last role)
        services.membership_set(user=access.SYSTEM, member=world.admin_a, organization=world.school_a,
                                role=Role.VIEWER)
        wide = Membership.objects.get(user=world.admin_a, organization=world.org_a)
        with pytest.raises(AccessDenied) as refusal:
            accounts.membership_set(user=local_admin, member=world.admin_a, organization=world.org_a,
                                    role=Role.VIEWER)
        assert "subordinate units" in refusal.value.public
        with pytest.raises(AccessDenied):
            accounts.membership_set(user=local_admin, member=world.admin_a, organization=world.org_a,
                                    role=Role.ADMINISTRATOR, include_descendants=False)
        with pytest.raises(AccessDenied) as refusal:
            accounts.membership_delete(user=local_admin, membership=wide)
        assert "subordinate units" in refusal.value.public
        assert _role(world.admin_a, world.org_a) == (Role.ADMINISTRATOR, True)
        # What lies in their own unit only stays theirs to change.
        clerk = user_with_role(world.org_a, Role.VIEWER, descendants=False, username="referent")
        accounts.membership_set(user=local_admin, member=clerk, organization=world.org_a,
                                role=Role.AUDITOR)
        assert _role(clerk, world.org_a) == (Role.AUDITOR, False)

    def test_through_the_api(self, world, api_client, local_admin):
        api_client.force_authenticate(local_admin)
        response = api_client.patch(f"/api/v1/users/{world.admin_a.pk}/", {"password": NEW_PASSWORD},
                                    format="json")
        assert response.status_code == 403
        assert api_client.patch(f"/api/v1/users/{world.admin_a.pk}/", {"is_active": False},
                                format="json").status_code == 403
        assert api_client.delete(f"/api/v1/users/{world.admin_a.pk}/").status_code == 403
        wide = Membership.objects.get(user=world.admin_a, organization=world.org_a)
        url = f"/api/v1/memberships/{wide.pk}/"
        assert api_client.patch(url, {"role": "viewer", "include_descendants": False},
                                format="json").status_code == 403
        assert api_client.delete(url).status_code == 403
        world.admin_a.refresh_from_db()
        assert world.admin_a.is_active and world.admin_a.check_password(PASSWORD)
        assert _role(world.admin_a, world.org_a) == (Role.ADMINISTRATOR, True)
        # … so they cannot take over the wider role either.
        assert api_client.post("/api/v1/memberships/", {
            "user": local_admin.pk, "organization": world.org_a.pk, "role": "administrator",
            "include_descendants": True}, format="json").status_code == 403

    def test_through_the_screens(self, world, client, local_admin, english):
        client.force_login(local_admin)
        target = world.admin_a
        detail = reverse("organizations:account_detail", args=[target.pk])
        html = client.get(detail).content.decode()
        assert "Set a new password" not in html
        assert f'id="role-{Membership.objects.get(user=target).pk}"' not in html   # read only
        assert client.get(reverse("organizations:account_password", args=[target.pk])).status_code == 403
        assert client.post(reverse("organizations:account_password", args=[target.pk]), {
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
        assert client.get(reverse("organizations:account_edit", args=[target.pk])).status_code == 403
        assert client.post(reverse("organizations:account_delete", args=[target.pk])).status_code == 403
        client.post(reverse("organizations:account_active", args=[target.pk]), {"active": "0"})
        response = client.post(reverse("organizations:account_role_save", args=[target.pk]),
                               {"organization": world.org_a.pk, "role": Role.VIEWER}, follow=True)
        assert "only where you administer them all" in response.content.decode()
        target.refresh_from_db()
        assert target.is_active and target.check_password(PASSWORD)
        assert _role(target, world.org_a) == (Role.ADMINISTRATOR, True)


# --- Every unit keeps an active administrator -------------------------------------------------

class TestLastAdministrator:
    def test_the_last_administrator_cannot_demote_themselves(self, world, english):
        with pytest.raises(ValidationError) as refusal:
            accounts.membership_set(user=world.admin_a, member=world.admin_a, organization=world.org_a,
                                    role=Role.VIEWER)
        assert "Urząd Gminy Alfa, Szkoła Podstawowa w Alfie" in refusal.value.messages[0]
        assert "without an active administrator" in refusal.value.messages[0]
        with pytest.raises(ValidationError) as refusal:   # the school would lose its administrator
            accounts.membership_set(user=world.admin_a, member=world.admin_a, organization=world.org_a,
                                    role=Role.ADMINISTRATOR, include_descendants=False)
        assert "the unit Szkoła Podstawowa w Alfie without" in refusal.value.messages[0]
        assert _role(world.admin_a, world.org_a) == (Role.ADMINISTRATOR, True)

    def test_removing_the_other_administrators_first_does_not_help(self, world, english):
        second = user_with_role(world.org_a, Role.ADMINISTRATOR, username="drugi_admin")
        for account in (second, world.admin_a):   # each has a second role, so not their last
            services.membership_set(user=access.SYSTEM, member=account, organization=world.school_a,
                                    role=Role.VIEWER)
        accounts.membership_delete(user=world.admin_a,
                                   membership=Membership.objects.get(user=second, organization=world.org_a))
        own = Membership.objects.get(user=world.admin_a, organization=world.org_a)
        with pytest.raises(ValidationError) as refusal:
            accounts.membership_delete(user=world.admin_a, membership=own)
        assert "Urząd Gminy Alfa" in refusal.value.messages[0]
        assert Membership.objects.filter(pk=own.pk).exists()

    def test_another_active_administrator_covering_the_units_allows_it(self, world, english):
        second = user_with_role(world.org_a, Role.ADMINISTRATOR, username="drugi_admin")
        accounts.membership_set(user=world.admin_a, member=world.admin_a, organization=world.org_a,
                                role=Role.VIEWER, include_descendants=True)
        assert _role(world.admin_a, world.org_a) == (Role.VIEWER, True)
        # The school's own administrator covers the school, not the gmina's office above it.
        user_with_role(world.school_a, Role.ADMINISTRATOR, descendants=False, username="admin_szkoly")
        with pytest.raises(ValidationError) as refusal:
            accounts.membership_set(user=second, member=second, organization=world.org_a,
                                    role=Role.VIEWER)
        assert "the unit Urząd Gminy Alfa without" in refusal.value.messages[0]
        accounts.membership_set(user=second, member=second, organization=world.org_a,
                                role=Role.ADMINISTRATOR, include_descendants=False)
        assert _role(second, world.org_a) == (Role.ADMINISTRATOR, False)

    def test_a_deactivated_administrator_does_not_count(self, world):
        second = user_with_role(world.org_a, Role.ADMINISTRATOR, username="drugi_admin")
        accounts.user_update(user=world.admin_a, account=second, is_active=False)
        with pytest.raises(ValidationError):
            accounts.membership_set(user=world.admin_a, member=world.admin_a, organization=world.org_a,
                                    role=Role.VIEWER)

    def test_a_superuser_may_leave_a_unit_without_one(self, world):
        accounts.membership_set(user=world.superuser, member=world.admin_a, organization=world.org_a,
                                role=Role.VIEWER)
        accounts.user_update(user=world.superuser, account=world.admin_b, is_active=False)
        accounts.user_delete(user=world.superuser, account=world.admin_b)
        assert _role(world.admin_a, world.org_a) == (Role.VIEWER, False)

    def test_through_the_api_and_the_screens(self, world, api_client, client, english):
        own = Membership.objects.get(user=world.admin_a, organization=world.org_a)
        api_client.force_authenticate(world.admin_a)
        response = api_client.patch(f"/api/v1/memberships/{own.pk}/", {"role": "viewer"}, format="json",
                                    HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "Urząd Gminy Alfa" in response.json()["message"]
        client.force_login(world.admin_a)
        response = client.post(reverse("organizations:account_role_save", args=[world.admin_a.pk]),
                               {"organization": world.org_a.pk, "role": Role.VIEWER}, follow=True)
        assert "without an active administrator" in response.content.decode()
        assert _role(world.admin_a, world.org_a) == (Role.ADMINISTRATOR, True)

    def test_the_message_in_polish(self, world):
        with pytest.raises(ValidationError) as refusal:
            accounts.membership_set(user=world.admin_a, member=world.admin_a, organization=world.org_a,
                                    role=Role.VIEWER)
        assert refusal.value.messages[0].startswith("Jednostki Urząd Gminy Alfa, Szkoła Podstawowa "
                                                    "w Alfie zostałyby bez aktywnego administratora")


# --- The person an account belongs to ----------------------------------------------------------

class TestLinkedPerson:
    def test_linking_needs_the_account_rights(self, world, api_client, commuter):
        person = PersonFactory(organization=world.org_a)
        api_client.force_authenticate(world.admin_a)
        response = api_client.patch(f"/api/v1/users/{commuter.pk}/", {"person": person.pk}, format="json")
        assert response.status_code == 403
        response = api_client.patch(f"/api/v1/people/{person.pk}/", {"account": commuter.pk},
                                    format="json")
        assert response.status_code == 403
        assert not Person.objects.filter(account=commuter).exists()

    def test_the_person_form_refuses_and_cannot_unlink_either(self, world, client, commuter, english):
        client.force_login(world.admin_a)
        url = reverse("organizations:person_edit", args=[world.person_a.pk])
        data = {"organization": world.org_a.pk, "first_name": "Anna", "last_name": "Alfowska",
                "active": "on", "account": commuter.pk}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "whose every role is in units you administer" in response.content.decode()
        world.person_a.refresh_from_db()
        assert world.person_a.account is None
        services.person_update(user=access.SYSTEM, person=world.person_a, account=commuter)
        response = client.post(url, {**data, "account": ""})
        assert response.status_code == 400
        world.person_a.refresh_from_db()
        assert world.person_a.account == commuter

    def test_an_account_one_manages_is_linked(self, world, api_client):
        clerk = user_with_role(world.org_a, Role.VIEWER, descendants=False, username="referent")
        api_client.force_authenticate(world.admin_a)
        response = api_client.patch(f"/api/v1/users/{clerk.pk}/", {"person": world.person_a.pk},
                                    format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["person"] == world.person_a.pk
