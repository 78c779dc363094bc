"""Reads of the hardware register, restricted by the access module."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from magistrat.organizations import access
from magistrat.organizations.models import Organization
from magistrat.organizations.selectors import tenant_queryset

from .models import Asset, AssetCategory, Assignment, HandoverProtocol, Location


def category_list(*, user, within: Organization | None = None) -> QuerySet[AssetCategory]:
    """Shared categories plus the organization's own."""
    own = access.organization_filter(user, "asset.view", "organization__")
    queryset = AssetCategory.objects.filter(Q(organization__isnull=True) | own)
    if within is not None:
        queryset = queryset.filter(Q(organization__isnull=True)
                                   | Q(organization__tree_path__startswith=within.tree_path))
    return queryset.select_related("kst", "organization")


def location_list(*, user, within: Organization | None = None) -> QuerySet[Location]:
    return tenant_queryset(Location.objects.all(), user=user, permission="asset.view",
                           within=within).select_related("organization", "parent")


def durability_until():
    """The latest durability end of the grant projects that paid for an asset (or None)."""
    from magistrat.grants.models import GrantProject

    return Subquery(GrantProject.objects.filter(expenditures__assets=OuterRef("pk"))
                    .order_by("-durability_end").values("durability_end")[:1])


def asset_list(*, user, within: Organization | None = None) -> QuerySet[Asset]:
    return tenant_queryset(Asset.objects.all(), user=user, permission="asset.view",
                           within=within).select_related(
        "organization", "category", "location", "person").annotate(durability_until=durability_until())


def durability_projects(asset: Asset):
    """Grant projects whose durability period still binds this asset."""
    from magistrat.grants.selectors import assets_under_durability

    return assets_under_durability(asset)


def protocol_list(*, user, within: Organization | None = None) -> QuerySet[HandoverProtocol]:
    return tenant_queryset(HandoverProtocol.objects.all(), user=user, permission="asset.view",
                           within=within).select_related("organization", "person")


def assignments_of(asset: Asset) -> QuerySet[Assignment]:
    return asset.assignments.select_related("person", "handover", "return_protocol")


def assets_held_by(person) -> QuerySet[Asset]:
    return Asset.objects.filter(person=person).select_related("category", "location")


def location_subtree(location: Location) -> QuerySet[Location]:
    return Location.objects.filter(organization_id=location.organization_id,
                                   tree_path__startswith=location.tree_path)
