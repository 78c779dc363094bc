"""Inventory numbers from the organization's template, one at a time or for a whole import.

`Numberer(organization)` asks the database per number (a handful of queries), which suits one
new asset; `Numberer(organization, preload=True)` reads the organization's numbers and counts per
category once, so an import numbering 100 000 rows makes two queries instead of 200 000.

Where the sequence starts: after the category's count, as offices number per category — and with
the year in the template ({yy}, {yyyy}) after the count of that year's numbers only, so it
restarts every year. Taken numbers are skipped either way. {room} is the room's short code (its number, else the first
word of its name) and a missing part drops out together with its separator.
"""

import re

from django.db.models import Count
from django.utils import timezone

from magistrat.core import numbering

from .models import Asset


class Numberer:
    def __init__(self, organization, *, taken: set[str] | None = None, preload: bool = False):
        numbering.validate_template(organization.inventory_number_template)
        self.organization = organization
        self.template = organization.inventory_number_template
        self.org_part = numbering.compact(organization.short_name)
        self.yearly = numbering.has_year(self.template)
        self.taken = set(taken or ())
        self.preload = preload
        self.counts: dict[int, int] = {}
        self.yearly_counts: dict[tuple, int] = {}  # (category code or None, year) -> numbers given
        if preload:
            assets = Asset.objects.filter(organization=organization)
            registered = set(assets.values_list("inventory_number", flat=True))
            self.taken |= registered
            if self.yearly:
                self._count_all(registered)
            else:
                self.counts = dict(assets.values_list("category_id").annotate(n=Count("id")))

    def _count(self, category) -> int:
        if category.pk not in self.counts:
            self.counts[category.pk] = Asset.objects.filter(organization=self.organization,
                                                            category=category).count()
        return self.counts[category.pk]

    def _key(self, category, year) -> tuple:
        return (category.code if "{category" in self.template else None, year)

    def _count_all(self, numbers) -> None:
        """How many of `numbers` the template gave per (category, year), read in one pass."""
        expression = re.compile(numbering.pattern(self.template, org=self.org_part, category=None, year=None))
        with_category = "category" in expression.groupindex
        for number in numbers:
            match = expression.match(number)
            if match is None:
                continue
            year = int(match.group("year"))
            key = (match.group("category") if with_category else None, year + 2000 if year < 100 else year)
            self.yearly_counts[key] = self.yearly_counts.get(key, 0) + 1

    def _yearly_count(self, category, year: int) -> int:
        key = self._key(category, year)
        if key not in self.yearly_counts and not self.preload:
            expression = numbering.pattern(self.template, org=self.org_part, category=category.code, year=year,
                                           named=False)
            self.yearly_counts[key] = Asset.objects.filter(organization=self.organization,
                                                           inventory_number__regex=expression).count()
        return self.yearly_counts.get(key, 0)

    def _taken(self, number: str) -> bool:
        if number in self.taken:
            return True
        return not self.preload and Asset.objects.filter(
            organization=self.organization, inventory_number=number).exists()

    def next(self, category, *, year: int | None = None, room: str = "") -> str:
        """The first free number for this category and year; `room` is the location's name."""
        year = year or timezone.localdate().year
        seq = (self._yearly_count(category, year) if self.yearly else self._count(category)) + 1
        while True:
            number = numbering.render(self.template, org=self.org_part, category=category.code,
                                      seq=seq, year=year, room=numbering.room_code(room))
            if not self._taken(number):
                break
            seq += 1
        if self.yearly:
            self.yearly_counts[self._key(category, year)] = seq
        else:
            self.counts[category.pk] = seq
        self.taken.add(number)
        return number
