from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from magistrat.api.export_jobs import ExportJobViewSet
from magistrat.core.imports.api import ImportJobViewSet
from magistrat.grants.api import ROUTES as GRANT_ROUTES
from magistrat.inventory.api import (
    AssetCategoryViewSet,
    AssetViewSet,
    KstClassViewSet,
    LocationViewSet,
    ProtocolViewSet,
)
from magistrat.organizations.account_api import AccountViewSet, MembershipViewSet
from magistrat.organizations.api import OrganizationViewSet, PersonViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("people", PersonViewSet, basename="person")
router.register("users", AccountViewSet, basename="account")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("assets", AssetViewSet, basename="asset")
router.register("asset-categories", AssetCategoryViewSet, basename="assetcategory")
router.register("kst-classes", KstClassViewSet, basename="kstclass")
router.register("locations", LocationViewSet, basename="location")
router.register("handover-protocols", ProtocolViewSet, basename="handoverprotocol")
for prefix, viewset, basename in GRANT_ROUTES:
    router.register(prefix, viewset, basename=basename)
router.register("import-jobs", ImportJobViewSet, basename="importjob")
router.register("export-jobs", ExportJobViewSet, basename="exportjob")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
