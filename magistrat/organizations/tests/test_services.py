import pytest
from django.core.exceptions import ValidationError

from magistrat.core.exceptions import AccessDenied
from magistrat.organizations import access, selectors, services
from magistrat.organizations.models import Organization, Role

from .factories import OrganizationFactory, PersonFactory, user_with_role


def test_tree_paths_follow_the_hierarchy(world):
    assert world.org_a.tree_path == f"/{world.org_a.pk}/"
    assert world.school_a.tree_path == f"/{world.org_a.pk}/{world.school_a.pk}/"
    assert world.school_a.depth == 1


def test_moving_a_unit_moves_its_whole_subtree(world):
    library = OrganizationFactory(parent=world.school_a)
    services.organization_update(user=world.superuser, organization=world.school_a, parent=world.org_b)
    library.refresh_from_db()
    world.school_a.refresh_from_db()
    assert world.school_a.tree_path == f"/{world.org_b.pk}/{world.school_a.pk}/"
    assert library.tree_path.startswith(world.school_a.tree_path)
    # admin_b (with subordinate units) now reaches the moved school and its library
    assert set(selectors.organization_list(user=world.admin_b)) == {world.org_b, world.school_a, library}


def test_a_unit_cannot_be_put_under_its_own_subunit(world):
    with pytest.raises(ValidationError) as error:
        services.organization_update(user=world.superuser, organization=world.org_a,
                                     parent=world.school_a)
    assert "parent" in error.value.message_dict


def test_only_installation_administrators_create_top_level_units(world):
    with pytest.raises(AccessDenied):
        services.organization_create(user=world.admin_a, name="Gmina Nowa", kind="urzad_gminy")
    created = services.organization_create(user=world.admin_a, name="Biblioteka", parent=world.org_a)
    assert created.slug == "biblioteka"
    again = services.organization_create(user=world.admin_a, name="Biblioteka", parent=world.org_a)
    assert again.slug == "biblioteka-2"


def test_a_unit_with_people_cannot_be_deleted(world):
    with pytest.raises(ValidationError):
        services.organization_delete(user=world.superuser, organization=world.school_a)
    assert Organization.objects.filter(pk=world.school_a.pk).exists()


def test_employment_end_before_start_is_refused(world):
    import datetime

    with pytest.raises(ValidationError) as error:
        PersonFactory(organization=world.org_a, employed_from=datetime.date(2022, 4, 28),
                      employed_to=datetime.date(2021, 1, 1))
    assert "employed_to" in error.value.message_dict


def test_moving_a_person_needs_rights_in_both_organizations(world):
    with pytest.raises(AccessDenied):
        services.person_update(user=world.it_a, person=world.person_a, organization=world.org_b)


class TestRoles:
    def test_roles_grant_what_the_permission_table_says(self, world):
        it_officer, viewer = world.it_a, world.viewer_a
        assert access.has_perm(it_officer, "person.change", world.org_a)
        assert not access.has_perm(it_officer, "organization.change", world.org_a)
        assert access.has_perm(viewer, "person.view", world.org_a)
        assert not access.has_perm(viewer, "person.change", world.org_a)
        assert not access.has_perm(world.admin_a, "person.view", world.org_b)
        assert access.has_perm(world.superuser, "organization.delete", world.org_b)

    def test_a_role_without_descendants_stays_in_its_unit(self, world):
        local = user_with_role(world.org_a, Role.IT_OFFICER, descendants=False, username="local")
        assert access.has_perm(local, "person.change", world.org_a)
        assert not access.has_perm(local, "person.change", world.school_a)
        people = set(selectors.person_list(user=local))
        assert world.person_a in people and world.person_school_a not in people

    def test_a_subunit_role_does_not_reach_up(self, world):
        teacher = user_with_role(world.school_a, Role.ADMINISTRATOR, username="dyrektor")
        assert set(selectors.organization_list(user=teacher)) == {world.school_a}
        assert not access.has_perm(teacher, "person.view", world.org_a)

    def test_a_user_without_memberships_sees_nothing(self, world):
        from .factories import UserFactory

        stranger = UserFactory(username="stranger")
        assert not selectors.organization_list(user=stranger).exists()
        assert not selectors.person_list(user=stranger).exists()

    def test_inactive_users_have_no_rights(self, world):
        world.admin_a.is_active = False
        assert not access.has_perm(world.admin_a, "person.view", world.org_a)

    def test_unknown_permission_is_a_programming_error(self, world):
        with pytest.raises(ValueError):
            access.has_perm(world.admin_a, "person.fly", world.org_a)
