"""factory_boy factories that create records through the services (so trees and logs are right)."""

from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model

from magistrat.organizations import access, services
from magistrat.organizations.models import Membership, Organization, Person, Role

PASSWORD = "correct-horse-battery-9"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Urząd Gminy Testowa {n}")
    short_name = factory.Sequence(lambda n: f"UG Testowa {n}")
    slug = factory.Sequence(lambda n: f"ug-testowa-{n}")
    kind = Organization.Kind.GMINA_OFFICE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organization_create(user=access.SYSTEM, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    first_name = factory.Faker("first_name", locale="pl_PL")
    # A sequence keeps names unique, so tests can tell records apart by what a page shows.
    last_name = factory.Sequence(lambda n: f"Nowakowska-{n}")
    position = "Inspektor"
    department = "Referat Organizacyjny"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.person_create(user=access.SYSTEM, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.user_create(user=access.SYSTEM, password=PASSWORD, **kwargs)


def user_with_role(organization: Organization, role: str, *, descendants: bool = True, **kwargs):
    account = UserFactory(**kwargs)
    services.membership_set(user=access.SYSTEM, member=account, organization=organization,
                            role=role, include_descendants=descendants)
    return account


@dataclass
class World:
    org_a: Organization
    school_a: Organization
    org_b: Organization
    person_a: Person
    person_school_a: Person
    person_b: Person
    admin_a: object
    it_a: object
    viewer_a: object
    admin_b: object
    superuser: object

    def user(self, name: str):
        return getattr(self, name)


def build_world() -> World:
    org_a = OrganizationFactory(name="Urząd Gminy Alfa", short_name="UG Alfa", slug="ug-alfa")
    school_a = OrganizationFactory(name="Szkoła Podstawowa w Alfie", short_name="SP Alfa",
                                   slug="sp-alfa", parent=org_a, kind=Organization.Kind.SCHOOL)
    org_b = OrganizationFactory(name="Urząd Gminy Beta", short_name="UG Beta", slug="ug-beta")
    return World(
        org_a=org_a, school_a=school_a, org_b=org_b,
        person_a=PersonFactory(organization=org_a, first_name="Anna", last_name="Alfowska"),
        person_school_a=PersonFactory(organization=school_a, first_name="Szymon",
                                      last_name="Szkolny"),
        person_b=PersonFactory(organization=org_b, first_name="Bogdan", last_name="Betowski"),
        admin_a=user_with_role(org_a, Role.ADMINISTRATOR, username="admin_a"),
        it_a=user_with_role(org_a, Role.IT_OFFICER, username="it_a"),
        viewer_a=user_with_role(org_a, Role.VIEWER, username="viewer_a"),
        admin_b=user_with_role(org_b, Role.ADMINISTRATOR, username="admin_b"),
        superuser=UserFactory(username="root", is_superuser=True),
    )


__all__ = ["OrganizationFactory", "PersonFactory", "UserFactory", "Membership", "World",
           "build_world", "user_with_role", "PASSWORD"]
