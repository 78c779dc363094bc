"""Categories, locations and people an import names, found by name in a few queries (case,
diacritics and punctuation do not matter) — only the organization's own, plus the shared
categories — and, with "create missing", created through the services before the assets."""

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


class Missing:
    """A record the file names that does not exist yet (created when the import is written)."""

    pk = None

    def __init__(self, kind: str, text: str):
        self.kind, self.text, self.created = kind, text.strip(), None

    def __str__(self):
        return self.text


class Lookups:
    def __init__(self, organization):
        self.organization = organization
        self.index = {"category": {}, "location": {}, "person": {}}
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

    def resolve(self, kind: str, text: str, *, create: bool):
        """(record or Missing, None) or (None, the problem to report)."""
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
                              "create missing records."),
                "location": _("Unknown location “%(name)s”; add it first or let the import "
                              "create missing records."),
                "person": _("No employee “%(name)s” in this organization; add them first or let "
                            "the import create missing records."),
            }
            return None, messages[kind] % {"name": text}
        if kind == "person" and len(text.split()) < 2:
            return None, _("Give the first and last name to create the employee “%(name)s”.") % {
                "name": text}
        return self.missing.setdefault((kind, key), Missing(kind, text)), None

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
                missing.created = services.category_create(user=user, organization=org, name=text,
                                                           code=code)
            elif kind == "location":
                missing.created = services.location_create(user=user, organization=org, name=text)
            else:
                first, last = text.rsplit(" ", 1)
                missing.created = person_create(user=user, organization=org, first_name=first,
                                                last_name=last)
            report.created_missing.setdefault(LABELS[kind], []).append(text)
