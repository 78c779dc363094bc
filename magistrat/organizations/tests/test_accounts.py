"""Accounts and roles: the rules of accounts.py, the "users and roles" screens and the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from magistrat.core.exceptions import AccessDenied
from magistrat.core.models import ChangeLogEntry
from magistrat.organizations import access, accounts, services
from magistrat.organizations.models import Account, Membership, Role

from .factories import PersonFactory, user_with_role

NEW_PASSWORD = "zielona-lampa-2024"


@pytest.fixture
def clerk(world):
    """An account with a role in gmina A only: admin_a's to manage."""
    return user_with_role(world.org_a, Role.VIEWER, descendants=False, username="referent")


# --- Rules -----------------------------------------------------------------------------------

class TestRules:
    def test_an_office_administrator_creates_accounts_with_a_role_in_their_units(self, world):
        account = accounts.user_create(user=world.admin_a, username="nowy", password=NEW_PASSWORD,
                                       organization=world.school_a, role=Role.IT_OFFICER)
        assert Membership.objects.get(user=account).organization == world.school_a
        with pytest.raises(AccessDenied):
            accounts.user_create(user=world.admin_a, username="obcy", organization=world.org_b,
                                 role=Role.VIEWER)
        with pytest.raises(AccessDenied):
            accounts.user_create(user=world.admin_a, username="szef", is_superuser=True,
                                 organization=world.org_a, role=Role.ADMINISTRATOR)
        assert not Account.objects.filter(username__in=["obcy", "szef"]).exists()

    def test_a_role_reaching_subunits_needs_them_all(self, world, clerk, english):
        local_admin = user_with_role(world.org_a, Role.ADMINISTRATOR, descendants=False,
                                     username="lokalny")
        accounts.membership_set(user=local_admin, member=clerk, organization=world.org_a,
                                role=Role.IT_OFFICER)
        with pytest.raises(AccessDenied) as refusal:
            accounts.membership_set(user=local_admin, member=clerk, organization=world.org_a,
                                    role=Role.IT_OFFICER, include_descendants=True)
        assert "subordinate" in refusal.value.public
        with pytest.raises(AccessDenied):
            accounts.membership_set(user=local_admin, member=clerk, organization=world.school_a,
                                    role=Role.VIEWER)

    def test_accounts_are_changed_only_where_every_role_is_administered(self, world, clerk, commuter):
        assert access.may_manage_account(world.admin_a, clerk)
        assert not access.may_manage_account(world.admin_a, commuter)
        assert not access.may_manage_account(world.admin_a, world.superuser)
        assert not access.may_manage_account(world.admin_b, clerk)
        for target in (commuter, world.superuser):
            with pytest.raises(AccessDenied):
                accounts.user_set_password(user=world.admin_a, account=target, password=NEW_PASSWORD)
            with pytest.raises(AccessDenied):
                accounts.user_update(user=world.admin_a, account=target, is_active=False)
        with pytest.raises(AccessDenied):
            accounts.user_update(user=world.admin_a, account=clerk, is_superuser=True)
        assert accounts.user_update(user=world.superuser, account=commuter, is_active=False).is_active is False

    def test_an_account_without_roles_is_the_installation_administrators(self, world):
        orphan = accounts.user_create(user=world.superuser, username="bez_roli")
        assert not access.may_manage_account(world.admin_a, orphan)
        assert access.may_manage_account(world.superuser, orphan)

    def test_new_password_is_logged_masked(self, world, clerk):
        accounts.user_set_password(user=world.admin_a, account=clerk, password=NEW_PASSWORD)
        clerk.refresh_from_db()
        assert clerk.check_password(NEW_PASSWORD)
        entry = ChangeLogEntry.objects.filter(object_repr="referent", action="update").get()
        assert entry.changes == {"password": ["********", "********"]}
        assert entry.organization_id == world.org_a.pk
        assert NEW_PASSWORD not in str(entry.changes)

    def test_weak_passwords_and_self_deactivation_are_refused(self, world, clerk):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            accounts.user_set_password(user=world.admin_a, account=clerk, password="12345678")
        assert "password" in error.value.message_dict
        with pytest.raises(ValidationError):
            accounts.user_update(user=world.admin_a, account=world.admin_a, is_active=False)

    def test_the_last_role_stays_unless_a_superuser_removes_it(self, world, clerk):
        from django.core.exceptions import ValidationError

        only = Membership.objects.get(user=clerk)
        with pytest.raises(ValidationError):
            accounts.membership_delete(user=world.admin_a, membership=only)
        accounts.membership_delete(user=world.superuser, membership=only)
        assert not Membership.objects.filter(user=clerk).exists()

    def test_deleting_an_account_logs_its_roles(self, world, clerk):
        from magistrat.api.services import token_create

        token_create(user=clerk, owner=clerk, name="skrypt")
        accounts.user_delete(user=world.admin_a, account=clerk)
        assert not Account.objects.filter(username="referent").exists()
        actions = set(ChangeLogEntry.objects.filter(object_repr__contains="referent")
                      .values_list("content_type__model", "action"))
        assert {("membership", "delete"), ("user", "delete")} <= actions
        assert ChangeLogEntry.objects.filter(content_type__model="apitoken", action="delete").exists()

    def test_linking_a_person_to_an_account(self, world, clerk, commuter):
        person = PersonFactory(organization=world.org_a)
        services.person_update(user=world.admin_a, person=person, account=clerk)
        assert clerk.person == person
        with pytest.raises(AccessDenied):   # the IT officer edits people but not accounts
            services.person_update(user=world.it_a, person=world.person_a, account=commuter)
        outsider = user_with_role(world.org_b, Role.VIEWER, username="z_bety")
        with pytest.raises(AccessDenied):
            services.person_update(user=world.admin_a, person=world.person_a, account=outsider)


# --- The screens ------------------------------------------------------------------------------

class TestScreens:
    def test_the_list_shows_the_accounts_of_administered_units(self, world, client, clerk, english):
        client.force_login(world.admin_a)
        html = client.get(reverse("organizations:account_list")).content.decode()
        assert "referent" in html and "it_a" in html and "admin_b" not in html
        assert "viewer — UG Alfa" in html
        assert "Users and roles" in client.get("/").content.decode()
        html = client.get(reverse("organizations:account_list"), {"search": "refer"}).content.decode()
        assert "referent" in html and "it_a" not in html
        client.force_login(world.viewer_a)
        assert client.get(reverse("organizations:account_list")).status_code == 403
        assert reverse("organizations:account_list") not in client.get("/").content.decode()

    def test_list_queries_do_not_grow_with_accounts(self, world, client):
        client.force_login(world.admin_a)
        url = reverse("organizations:account_list")
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for n in range(6):
            user_with_role(world.school_a, Role.VIEWER, username=f"nauczyciel{n}")
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)

    def test_create_an_account_with_a_role_and_a_person(self, world, client, english):
        client.force_login(world.admin_a)
        page = client.get(reverse("organizations:account_add"))
        assert "New user account" in page.content.decode()
        response = client.post(reverse("organizations:account_add"), {
            "username": "jan.nowak", "first_name": "Jan", "last_name": "Nowak",
            "email": "jan.nowak@example.invalid", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "organization": world.school_a.pk, "role": Role.IT_OFFICER, "person": world.person_school_a.pk})
        assert response.status_code == 302, response.content.decode()[:3000]
        account = Account.objects.get(username="jan.nowak")
        assert account.check_password(NEW_PASSWORD)
        assert account.memberships.get().role == Role.IT_OFFICER
        world.person_school_a.refresh_from_db()
        assert world.person_school_a.account == account
        assert ChangeLogEntry.objects.filter(object_repr="jan.nowak", action="create").get().channel == "web"
        refused = client.post(reverse("organizations:account_add"), {
            "username": "obcy", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "organization": world.org_b.pk, "role": Role.VIEWER})
        assert refused.status_code == 400 and not Account.objects.filter(username="obcy").exists()

    def test_give_change_and_remove_roles(self, world, client, clerk, english):
        client.force_login(world.admin_a)
        detail = reverse("organizations:account_detail", args=[clerk.pk])
        save = reverse("organizations:account_role_save", args=[clerk.pk])
        client.post(save, {"organization": world.school_a.pk, "role": Role.IT_OFFICER})
        client.post(save, {"organization": world.org_a.pk, "role": Role.GRANT_COORDINATOR,
                           "include_descendants": "on"})
        roles = {m.organization: (m.role, m.include_descendants) for m in clerk.memberships.all()}
        assert roles == {world.school_a: (Role.IT_OFFICER, False),
                         world.org_a: (Role.GRANT_COORDINATOR, True)}
        school_role = clerk.memberships.get(organization=world.school_a)
        client.post(reverse("organizations:account_role_remove", args=[clerk.pk, school_role.pk]))
        assert not clerk.memberships.filter(organization=world.school_a).exists()
        response = client.post(save, {"organization": world.org_b.pk, "role": Role.VIEWER}, follow=True)
        assert "Select a valid choice" in response.content.decode()
        html = client.get(detail).content.decode()
        assert "grant coordinator" in html.lower() and "Set a new password" in html

    def test_password_deactivation_and_deletion(self, world, client, clerk, commuter, english):
        client.force_login(world.admin_a)
        url = reverse("organizations:account_password", args=[clerk.pk])
        assert client.post(url, {"password1": NEW_PASSWORD, "password2": "other"}).status_code == 400
        assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
        assert client.get(reverse("organizations:account_password", args=[commuter.pk])).status_code == 403
        client.post(reverse("organizations:account_active", args=[clerk.pk]), {"active": "0"})
        clerk.refresh_from_db()
        assert not clerk.is_active
        client.logout()   # (drops the language cookie too)
        client.post(reverse("login"), {"username": "referent", "password": NEW_PASSWORD})
        assert "_auth_user_id" not in client.session
        client.force_login(world.admin_a)
        client.cookies["django_language"] = "en"
        delete = reverse("organizations:account_delete", args=[clerk.pk])
        assert "deactivate it instead" in client.get(delete).content.decode()
        assert client.post(delete).status_code == 302
        assert not Account.objects.filter(pk=clerk.pk).exists()
        assert client.post(reverse("organizations:account_delete", args=[commuter.pk])).status_code == 403

    def test_person_form_links_an_account(self, world, client, clerk):
        client.force_login(world.admin_a)
        form = client.get(reverse("organizations:person_edit", args=[world.person_a.pk])).content.decode()
        assert 'name="account"' in form and "referent" in form
        client.force_login(world.it_a)
        form = client.get(reverse("organizations:person_edit", args=[world.person_a.pk])).content.decode()
        assert 'name="account"' not in form


# --- The API ----------------------------------------------------------------------------------

class TestApi:
    def test_users_list_create_password_delete(self, world, api_client, clerk, commuter):
        api_client.force_authenticate(world.admin_a)
        names = {u["username"] for u in api_client.get("/api/v1/users/", {"page_size": 100}).json()["results"]}
        assert {"referent", "dojezdzajacy", "admin_a"} <= names and "admin_b" not in names
        created = api_client.post("/api/v1/users/", {
            "username": "api.user", "password": NEW_PASSWORD, "organization": world.org_a.pk,
            "role": "viewer"}, format="json")
        assert created.status_code == 201, created.json()
        assert created.json()["roles"][0]["role"] == "viewer"
        url = f"/api/v1/users/{created.json()['id']}/"
        assert api_client.patch(url, {"password": NEW_PASSWORD + "!"}, format="json").status_code == 200
        assert Account.objects.get(username="api.user").check_password(NEW_PASSWORD + "!")
        refused = api_client.patch(f"/api/v1/users/{commuter.pk}/", {"is_active": False}, format="json",
                                   HTTP_ACCEPT_LANGUAGE="en")
        assert refused.status_code == 403 and "every role" in refused.json()["message"]
        assert api_client.patch(url, {"is_superuser": True}, format="json").status_code == 403
        assert api_client.delete(url).status_code == 204
        outside = api_client.post("/api/v1/users/", {"username": "x", "organization": world.org_b.pk,
                                                     "role": "viewer"}, format="json")
        assert outside.status_code in (400, 403)
        assert not Account.objects.filter(username="x").exists()

    def test_users_list_queries_do_not_grow_with_accounts(self, world, api_client):
        api_client.force_authenticate(world.admin_a)
        services.person_update(user=access.SYSTEM, person=world.person_a, account=world.it_a)
        api_client.get("/api/v1/users/")   # warm caches before counting
        with CaptureQueriesContext(connection) as few:
            assert api_client.get("/api/v1/users/").status_code == 200
        for n in range(6):
            account = user_with_role(world.school_a, Role.VIEWER, username=f"nauczyciel{n}")
            PersonFactory(organization=world.school_a, account=account)
        with CaptureQueriesContext(connection) as many:
            body = api_client.get("/api/v1/users/").json()
        assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]
        people = {row["username"]: row["person"] for row in body["results"]}
        assert people["it_a"] == world.person_a.pk and people["nauczyciel0"] is not None
        assert people["viewer_a"] is None

    def test_memberships(self, world, api_client, clerk):
        api_client.force_authenticate(world.admin_a)
        response = api_client.post("/api/v1/memberships/", {
            "user": clerk.pk, "organization": world.school_a.pk, "role": "it_officer"}, format="json")
        assert response.status_code == 201, response.json()
        url = f"/api/v1/memberships/{response.json()['id']}/"
        assert api_client.patch(url, {"role": "auditor"}, format="json").json()["role"] == "auditor"
        assert api_client.delete(url).status_code == 204
        api_client.force_authenticate(world.viewer_a)
        refused = api_client.post("/api/v1/memberships/", {
            "user": clerk.pk, "organization": world.org_a.pk, "role": "administrator"}, format="json")
        assert refused.status_code in (400, 403)
        assert not clerk.memberships.filter(role="administrator").exists()
        api_client.force_authenticate(world.admin_b)
        assert api_client.get(f"/api/v1/memberships/?user={clerk.pk}").json()["count"] == 0

    def test_person_account_through_the_api(self, world, api_client, clerk):
        api_client.force_authenticate(world.admin_a)
        url = f"/api/v1/people/{world.person_a.pk}/"
        response = api_client.patch(url, {"account": clerk.pk}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["account"] == clerk.pk
        api_client.force_authenticate(world.it_a)
        body = api_client.get(url).json()
        assert api_client.put(url, body, format="json").status_code == 200   # unchanged: fine
        assert api_client.patch(url, {"account": None}, format="json").status_code == 403



def test_account_changes_reach_the_administrators_journal(world, client, clerk):
    import re

    accounts.user_set_password(user=world.admin_a, account=clerk, password=NEW_PASSWORD)
    client.force_login(world.admin_a)
    html = client.get(reverse("journal")).content.decode()
    assert "referent" in html
    types = re.search(r'<select name="content_type".*?</select>', html, re.S).group(0)
    assert types.count(">Użytkownik<") == 1 and "Konto użytkownika" not in types
    client.force_login(world.admin_b)
    assert "referent" not in client.get(reverse("journal")).content.decode()


def test_saving_an_account_keeps_its_person_outside_the_current_unit(world, client, clerk):
    services.person_update(user=world.admin_a, person=world.person_a, account=clerk)
    client.force_login(world.admin_a)
    client.post(reverse("organizations:switch"), {"organization": world.school_a.pk})
    url = reverse("organizations:account_edit", args=[clerk.pk])
    form = client.get(url).content.decode()
    assert f'<option value="{world.person_a.pk}" selected>' in form
    response = client.post(url, {"username": "referent", "first_name": "Rafał", "last_name": "",
                                 "email": "", "person": world.person_a.pk})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.first_name == "Rafał" and clerk.person == world.person_a


# --- A role starts as the least privilege ------------------------------------------------------

class TestLeastPrivilegeByDefault:
    @staticmethod
    def _selected(html: str, select_id: str) -> str:
        import re

        select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
        return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)

    def test_the_role_fields_start_at_viewer(self, world, client, clerk):
        client.force_login(world.admin_a)
        detail = client.get(reverse("organizations:account_detail", args=[clerk.pk])).content.decode()
        assert self._selected(detail, "role_role") == Role.VIEWER
        new = client.get(reverse("organizations:account_add")).content.decode()
        assert self._selected(new, "id_role") == Role.VIEWER

    def test_an_account_created_with_the_form_as_it_starts_is_a_viewer(self, world, client):
        client.force_login(world.admin_a)
        response = client.post(reverse("organizations:account_add"), {
            "username": "nowy", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "organization": world.school_a.pk, "role": Role.VIEWER})
        assert response.status_code == 302
        assert Account.objects.get(username="nowy").memberships.get().role == Role.VIEWER
        # An installation administrator may leave the unit out: the preset role is no error.
        client.force_login(world.superuser)
        response = client.post(reverse("organizations:account_add"), {
            "username": "bez_jednostki", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "organization": "", "role": Role.VIEWER})
        assert response.status_code == 302
        assert not Account.objects.get(username="bez_jednostki").memberships.exists()

    def test_the_api_gives_viewer_when_no_role_is_sent(self, world, api_client, clerk):
        api_client.force_authenticate(world.admin_a)
        response = api_client.post("/api/v1/memberships/", {
            "user": clerk.pk, "organization": world.school_a.pk}, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["role"] == Role.VIEWER
        created = api_client.post("/api/v1/users/", {
            "username": "api.viewer", "password": NEW_PASSWORD, "organization": world.org_a.pk},
            format="json")
        assert created.status_code == 201, created.json()
        assert created.json()["roles"][0]["role"] == Role.VIEWER
        schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
        membership = schema["components"]["schemas"]["MembershipRequest"]
        assert "role" not in membership["required"]
        assert "viewer" in membership["properties"]["role"]["description"]
