from magistrat.core.testing import ApiTenantTests, WebTenantTests
from magistrat.grants.models import GrantProject

from .factories import GrantProjectFactory, program


class ProjectDeclarations:
    model = GrantProject
    api_endpoint = "/api/v1/grant-projects/"
    url_namespace = "grants"
    writer = "admin_a"
    reader = "viewer_a"
    api_update = {"agreement_number": "UPG/123/2022"}

    def make_record(self, world, organization):
        return GrantProjectFactory(organization=organization)

    def api_payload(self, world, organization):
        return {"organization": organization.pk, "program": program().pk, "title": "Cyfrowa Gmina",
                "granted_amount": "100000.00"}

    def form_data(self, world, organization):
        return {"organization": organization.pk, "program": program().pk, "title": "Cyfrowa Gmina",
                "granted_amount": "100 000,00", "status": "planned"}


class TestProjectApi(ProjectDeclarations, ApiTenantTests):
    pass


class TestProjectWeb(ProjectDeclarations, WebTenantTests):
    pass
