"""Isolation, permissions, change log and query counts for organizations and people,
from the shared mixins in magistrat.core.testing."""

from magistrat.core.testing import ApiTenantTests, WebTenantTests
from magistrat.organizations.models import Organization, Person

from .factories import OrganizationFactory, PersonFactory


class PersonDeclarations:
    model = Person
    api_endpoint = "/api/v1/people/"
    url_namespace = "organizations"
    writer = "it_a"
    reader = "viewer_a"
    api_update = {"position": "Informatyk"}

    def make_record(self, world, organization):
        return PersonFactory(organization=organization)

    def record_text(self, record):
        return record.last_name

    def api_payload(self, world, organization):
        return {"organization": organization.pk, "first_name": "Jan", "last_name": "Nowy"}

    def form_data(self, world, organization):
        return {"organization": organization.pk, "first_name": "Jan", "last_name": "Nowy",
                "active": "on"}


class TestPersonApi(PersonDeclarations, ApiTenantTests):
    pass


class TestPersonWeb(PersonDeclarations, WebTenantTests):
    pass


class OrganizationDeclarations:
    model = Organization
    api_endpoint = "/api/v1/organizations/"
    url_namespace = "organizations"
    writer = "admin_a"
    reader = "viewer_a"
    api_update = {"city": "Alfów"}

    def make_record(self, world, organization):
        # An organization's "own" records are its subordinate units.
        return OrganizationFactory(parent=organization, kind=Organization.Kind.LIBRARY)

    def api_payload(self, world, organization):
        return {"name": "Biblioteka Publiczna", "short_name": "Biblioteka", "kind": "biblioteka",
                "parent": organization.pk}

    def form_data(self, world, organization):
        # As the browser sends it: the form shows the template and threshold pre-filled.
        return {"name": "Biblioteka Publiczna", "short_name": "Biblioteka", "kind": "biblioteka",
                "parent": organization.pk, "inventory_number_template": "{org}/{category}/{seq}/{yy}",
                "low_value_threshold": "10000,00"}


class TestOrganizationApi(OrganizationDeclarations, ApiTenantTests):
    pass


class TestOrganizationWeb(OrganizationDeclarations, WebTenantTests):
    pass
