"""Reads of the hardware register, restricted by the access module."""

import dataclasses
import re

from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from magistrat.core.collation import polish, sort_key
from magistrat.core.ids import parse_ids
from magistrat.organizations import access
from magistrat.organizations.models import Organization
from magistrat.organizations.selectors import tenant_queryset

from .models import Asset, AssetCategory, Assignment, HandoverProtocol, KstClass, Location


def category_list(*, user, within: Organization | None = None) -> QuerySet[AssetCategory]:
    """Shared categories plus the organization's own."""
    own = access.organization_filter(user, "asset.view", "organization__")
    queryset = AssetCategory.objects.filter(Q(organization__isnull=True) | own)
    if within is not None:
        queryset = queryset.filter(Q(organization__isnull=True)
                                   | Q(organization__tree_path__startswith=within.tree_path))
    return queryset.select_related("kst", "organization")


def kst_list(*, user, within: Organization | None = None) -> QuerySet[KstClass]:
    """The KŚT classification: reference data every user of the register reads."""
    if not access.has_perm_anywhere(user, "asset.view"):
        return KstClass.objects.none()
    return KstClass.objects.all()


def location_list(*, user, within: Organization | None = None) -> QuerySet[Location]:
    return tenant_queryset(Location.objects.all(), user=user, permission="asset.view",
                           within=within).select_related("organization", "parent")


def durability_until():
    """The latest durability end of the grant projects that paid for an asset (or None)."""
    from magistrat.grants.models import GrantProject

    return Subquery(GrantProject.objects.filter(expenditures__assets=OuterRef("pk"))
                    .order_by("-durability_end").values("durability_end")[:1])


def low_value_condition() -> Q:
    """Within the organization's current low-value threshold: the gross price, else the net."""
    threshold = F("organization__low_value_threshold")
    return (Q(gross_price__isnull=False, gross_price__lte=threshold)
            | Q(gross_price__isnull=True, net_price__isnull=False, net_price__lte=threshold))


def with_low_value(queryset: QuerySet[Asset]) -> QuerySet[Asset]:
    """`low_value` worked out by the database from the threshold as it is now, so a changed
    threshold shows at once in lists, filters and exports."""
    return queryset.annotate(low_value=Case(When(low_value_condition(), then=Value(True)),
                                            default=Value(False), output_field=BooleanField()))


def asset_list(*, user, within: Organization | None = None) -> QuerySet[Asset]:
    return with_low_value(tenant_queryset(Asset.objects.all(), user=user, permission="asset.view",
                                          within=within).select_related(
        "organization", "category", "location", "person").annotate(durability_until=durability_until()))


def durability_projects(asset: Asset):
    """Grant projects whose durability period still binds this asset."""
    from magistrat.grants.selectors import assets_under_durability

    return assets_under_durability(asset)


def protocol_list(*, user, within: Organization | None = None) -> QuerySet[HandoverProtocol]:
    return tenant_queryset(HandoverProtocol.objects.all(), user=user, permission="asset.view",
                           within=within).select_related("organization", "person")


def assignments_of(asset: Asset) -> QuerySet[Assignment]:
    return asset.assignments.select_related("person", "handover", "return_protocol")


@dataclasses.dataclass
class FormerPart:
    label: str                   # the part as the log named it when it was detached
    detached_at: object          # the day it was detached
    asset: Asset | None          # the part now (None when it has been deleted since)


def former_components(asset: Asset, *, user) -> list[FormerPart]:
    """Equipment once attached to `asset` (a monitor, a disk) and detached since, newest first,
    read from the change log: an update whose "part of" was this asset before. A part attached
    again is a current part, not a former one. The log names the parent as it was then, so every
    name this asset has had is looked for."""
    from django.contrib.contenttypes.models import ContentType

    from magistrat.core.changelog import history_for
    from magistrat.core.models import ChangeLogEntry

    names = {str(asset)} | set(history_for(asset).values_list("object_repr", flat=True))
    entries = ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Asset), organization_id=asset.organization_id,
        action=ChangeLogEntry.Action.UPDATE, changes__parent__0__in=sorted(names),
        # Not the parts of an earlier asset of the same number and name, deleted since.
        timestamp__gte=asset.created_at,
    ).order_by("-timestamp", "-id").values_list("object_id", "object_repr", "timestamp")
    latest = {}
    for object_id, label, when in entries:
        latest.setdefault(object_id, (label, when))
    if not latest:
        return []
    ids = parse_ids(latest)
    visible = asset_list(user=user).filter(pk__in=ids)
    parts = {str(part.pk): part for part in Asset.objects.filter(pk__in=ids).select_related("parent")}
    shown = set(visible.values_list("pk", flat=True))
    former = []
    for object_id, (label, when) in latest.items():
        part = parts.get(object_id)
        if part is not None and part.parent_id == asset.pk:
            continue            # attached again
        former.append(FormerPart(label=label, detached_at=timezone.localtime(when).date(),
                                 asset=part if part is not None and part.pk in shown else None))
    return former


def assets_held_by(person) -> QuerySet[Asset]:
    return Asset.objects.filter(person=person).select_related("category", "location")


def location_subtree(location: Location) -> QuerySet[Location]:
    return Location.objects.filter(organization_id=location.organization_id,
                                   tree_path__startswith=location.tree_path)


# --- Locations in the order people read them ------------------------------------------------

PATH_SEPARATOR = " › "
# Above this many locations a list falls back to the tree's stored order (see location_tree_order).
NATURAL_ORDER_LIMIT = 2000


def natural_key(text: str) -> tuple:
    """"Pokój 12" after "Pokój 2": numbers compare as numbers, letters in Polish alphabetical
    order ("Łazienka" after "Lab", before "Magazyn"; core.collation), capitals and small
    letters together; accents and case only break ties."""
    parts = re.split(r"(\d+)", text)
    letters = tuple(int(part) if index % 2 else sort_key(part)[0] for index, part in enumerate(parts))
    return (letters, sort_key(text))


def _ids(tree_path: str) -> list[int]:
    return [int(part) for part in tree_path.strip("/").split("/") if part]


def location_names(locations) -> dict[int, str]:
    """Names of the given locations and of all their ancestors (one query for those missing)."""
    names = {location.pk: location.name for location in locations}
    missing = {pk for location in locations for pk in _ids(location.tree_path)} - set(names)
    if missing:
        names.update(Location.objects.filter(pk__in=missing).values_list("pk", "name"))
    return names


def location_path(location: Location, names: dict[int, str]) -> str:
    """"Budynek A › Parter › Pokój 3"."""
    parts = [names.get(pk, "") for pk in _ids(location.tree_path)] or [location.name]
    return PATH_SEPARATOR.join(part for part in parts if part)


def location_sort_key(location: Location, names: dict[int, str]) -> tuple:
    """Siblings by name naturally, each location right after its parent."""
    return tuple(natural_key(names.get(pk, "")) for pk in _ids(location.tree_path)) or (
        natural_key(location.name),)


def sorted_locations(locations) -> list[Location]:
    """Locations as a tree in natural order, by organization first."""
    locations = list(locations)
    names = location_names(locations)
    return sorted(locations, key=lambda loc: (loc.organization_id, location_sort_key(loc, names)))


def location_tree_order(queryset: QuerySet[Location]) -> QuerySet[Location]:
    """The queryset ordered as a tree with siblings in natural order ("Pokój 2" before "Pokój 11").

    The stored tree path orders by id ("/1/10/" before "/1/9/"), so the order is worked out here
    and handed to the database as positions; beyond NATURAL_ORDER_LIMIT locations (an operator
    looking at thousands of offices at once) the list keeps the stored tree order."""
    rows = list(queryset.order_by().select_related(None).only("pk", "name", "tree_path", "organization_id")
                [:NATURAL_ORDER_LIMIT + 1])
    if len(rows) > NATURAL_ORDER_LIMIT:
        return queryset.order_by(polish("organization__name"), "tree_path")
    if not rows:
        return queryset
    positions = [When(pk=location.pk, then=Value(index))
                 for index, location in enumerate(sorted_locations(rows))]
    return queryset.order_by(Case(*positions, default=Value(len(positions)), output_field=IntegerField()),
                             "tree_path")


@dataclasses.dataclass
class TreeNode:
    location: Location
    children: list["TreeNode"]


def location_tree(location: Location) -> list[TreeNode]:
    """The locations inside `location` as nested nodes, siblings in natural order."""
    nodes = {location.pk: TreeNode(location, [])}
    for inside in sorted_locations(location_subtree(location).exclude(pk=location.pk)):
        node = nodes[inside.pk] = TreeNode(inside, [])
        parent = nodes.get(inside.parent_id)
        if parent is not None:
            parent.children.append(node)
    return nodes[location.pk].children
