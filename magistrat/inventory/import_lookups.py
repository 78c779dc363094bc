"""Categories, locations and people an import names, found by name in a few queries (case,
diacritics and punctuation do not matter) — only the organization's own, plus the shared
categories — and, with "create missing", created through the services before the assets.
Locations are also found by their path ("Budynek / Piętro / Pokój", as exports write them; with
"create missing" the path is created level by level), and the asset an item is part of by its
inventory number (only assets already in the register: a file cannot name its own rows)."""

import re

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from magistrat.core.imports.parsers import normalize_name
from magistrat.organizations.models import Person
from magistrat.organizations.services import person_create

from . import services
from .models import Asset, AssetCategory, Location

# Keys of the report (stored with the job); the screens translate them when they show them.
LABELS = {"category": gettext_noop("categories"), "location": gettext_noop("locations"),
          "person": gettext_noop("people")}


# "Budynek A / Parter / Pokój 3" (or with › as the screens write it): a location's path.
PATH_SEPARATOR = re.compile(r"\s+/\s+|\s*›\s*")


class Missing:
    """A record the file names that does not exist yet (created when the import is written).

    A location may sit inside another (`parent`: a stored Location or another Missing); a
    category remembers whether the file counts it in quantities above 1."""

    pk = None
    tracking = None     # not known until created: the quantity rule waits for it

    def __init__(self, kind: str, text: str, *, name: str = "", parent=None, location_kind=""):
        self.kind, self.text, self.created = kind, text.strip(), None
        self.name, self.parent, self.location_kind = (name or text).strip(), parent, location_kind
        self.counted = False

    def __str__(self):
        return self.text


def _new_location_kind(parent_kind: str | None, last: bool) -> str:
    """What a created level of a path is: building → floor → room (a lone name is a room)."""
    kinds = Location.Kind
    if last:
        return kinds.ROOM if parent_kind in (None, kinds.BUILDING, kinds.FLOOR) else kinds.OTHER
    if parent_kind is None:
        return kinds.BUILDING
    return kinds.FLOOR if parent_kind == kinds.BUILDING else kinds.OTHER


class Lookups:
    def __init__(self, organization):
        self.organization = organization
        self.index = {"category": {}, "location": {}, "person": {}, "parent": None}
        self._parents: dict[int, Asset] = {}
        self.missing: dict[tuple[str, str], Missing] = {}
        self._makers = None
        own_first = AssetCategory.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        ).order_by(F("organization_id").asc(nulls_first=True))  # the organization's own win
        for category in own_first:
            for key in (category.name, category.code):
                self.index["category"][normalize_name(key)] = [category]
        locations = {loc.pk: loc for loc in Location.objects.filter(organization=organization)}
        for location in locations.values():
            self._add("location", location.name, location)
            path, parent = [location.name], locations.get(location.parent_id)
            while parent is not None and len(path) < 10:
                path.insert(0, parent.name)
                parent = locations.get(parent.parent_id)
            if len(path) > 1:
                self._add("location", " / ".join(path), location)
        for person in Person.objects.filter(organization=organization):
            self._add("person", f"{person.first_name} {person.last_name}", person)
            self._add("person", f"{person.last_name} {person.first_name}", person)

    def _add(self, kind, key, record):
        found = self.index[kind].setdefault(normalize_name(key), [])
        if record not in found:
            found.append(record)

    def _assets_by_number(self) -> dict:
        """The organization's assets by inventory number (read once, when a file names one)."""
        if self.index["parent"] is None:
            self.index["parent"] = {
                number.casefold(): (pk, number, name) for pk, number, name in
                Asset.objects.filter(organization=self.organization).values_list("pk", "inventory_number", "name")}
        return self.index["parent"]

    def _parent(self, text: str):
        found = self._assets_by_number().get(text.strip().casefold())
        if found is None:
            return None, _("No asset with the inventory number “%(number)s” in this organization's "
                           "register; import it first (or leave this column out).") % {"number": text}
        if found[0] not in self._parents:
            pk, number, name = found
            self._parents[pk] = Asset(pk=pk, organization=self.organization, inventory_number=number, name=name)
        return self._parents[found[0]], None

    def resolve(self, kind: str, text: str, *, create: bool):
        """(record or Missing, None) or (None, the problem to report)."""
        if kind == "parent":
            return self._parent(text)
        key = normalize_name(text)
        found = self.index[kind].get(key, [])
        if kind == "person" and len(found) > 1:
            found = [p for p in found if p.active] or found
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _("“%(name)s” is ambiguous: %(count)s records have this name.") % {
                "name": text, "count": len(found)}
        if not create:
            messages = {
                "category": _("Unknown category “%(name)s”; add it first or let the import "
                              "create missing records (“Create missing…”, --create-missing)."),
                "location": _("Unknown location “%(name)s”; add it first or let the import "
                              "create missing records (“Create missing…”, --create-missing)."),
                "person": _("No employee “%(name)s” in this organization; add them first or let "
                            "the import create missing records (“Create missing…”, "
                            "--create-missing)."),
            }
            return None, messages[kind] % {"name": text}
        if kind == "person" and len(text.split()) < 2:
            return None, _("Give the first and last name to create the employee “%(name)s”.") % {
                "name": text}
        if kind == "location":
            return self._missing_path(text)
        return self.missing.setdefault((kind, key), Missing(kind, text)), None

    def _missing_path(self, text: str):
        """A location to create: each level of "Budynek / Piętro / Pokój" not yet in the register
        becomes a building, a floor and a room inside one another (levels already there are used)."""
        parts = [part.strip() for part in PATH_SEPARATOR.split(text.strip()) if part.strip()] or [text]
        parent = None
        for depth, name in enumerate(parts):
            if not isinstance(parent, Missing):
                key = normalize_name(name)
                candidates = [loc for loc in self.index["location"].get(key, [])
                              if normalize_name(loc.name) == key
                              and (parent is None or loc.parent_id == parent.pk)]
                if parent is None and len(candidates) > 1:
                    candidates = [loc for loc in candidates if loc.parent_id is None] or candidates
                if len(candidates) == 1:
                    parent = candidates[0]
                    continue
                if len(candidates) > 1:
                    return None, _("“%(name)s” is ambiguous: %(count)s records have this name.") % {
                        "name": name, "count": len(candidates)}
            path = " / ".join(parts[:depth + 1])
            key = ("location", normalize_name(path))
            if key not in self.missing:
                parent_kind = parent.location_kind if isinstance(parent, Missing) else getattr(parent, "kind", None)
                self.missing[key] = Missing("location", path, name=name, parent=parent,
                                            location_kind=_new_location_kind(
                                                parent_kind, last=depth == len(parts) - 1))
            parent = self.missing[key]
        return parent, None

    def maker_of(self, pk: int, existing: dict) -> str:
        if self._makers is None:
            self._makers = {value[0]: value[1] for value in existing.values()}
        return self._makers.get(pk, "")

    def assets(self, pks) -> dict:
        found = {}
        pks = list(pks)
        for start in range(0, len(pks), 900):
            for asset in Asset.objects.filter(pk__in=pks[start:start + 900]).select_related(
                    "organization", "category", "location", "person", "parent"):
                found[asset.pk] = asset
        return found

    @staticmethod
    def final(record):
        return record.created if isinstance(record, Missing) else record

    def create_missing(self, user, report) -> None:
        org = self.organization
        for (kind, _key), missing in self.missing.items():
            text = missing.text
            if kind == "category":
                code = "".join(ch for ch in normalize_name(text).upper() if ch.isalnum())[:6] or "IMP"
                tracking = AssetCategory.Tracking.QUANTITY if missing.counted else AssetCategory.Tracking.INDIVIDUAL
                missing.created = services.category_create(user=user, organization=org, name=text,
                                                           code=code, tracking=tracking)
            elif kind == "location":
                missing.created = services.location_create(
                    user=user, organization=org, name=missing.name, kind=missing.location_kind,
                    parent=self.final(missing.parent))
            else:
                first, last = text.rsplit(" ", 1)
                missing.created = person_create(user=user, organization=org, first_name=first,
                                                last_name=last)
            report.created_missing.setdefault(LABELS[kind], []).append(text)
