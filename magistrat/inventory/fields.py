"""Choice fields that say where a thing is: locations as paths, people by unit (assets are
picked by searching: `picker.py`). Used by the register's forms and filters."""

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue

from . import selectors


def _grouped(field, items, *, organization_of, label_of, always: bool = False):
    """Choices (with the empty one), in <optgroup>s per organization when there are several."""
    if field.empty_label is not None:
        yield ("", field.empty_label)
    groups: dict = {}
    for item in items:
        value = ModelChoiceIteratorValue(field.prepare_value(item), item)
        groups.setdefault(organization_of(item), []).append((value, label_of(item)))
    if len(groups) > 1 or (always and groups):
        for organization, choices in groups.items():
            yield (organization.short_name or organization.name, choices)
    else:
        for choices in groups.values():
            yield from choices


class _Iterator(ModelChoiceIterator):
    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class LocationIterator(_Iterator):
    def __iter__(self):
        locations = list(self.queryset.select_related("organization"))
        names = selectors.location_names(locations)
        ordered = sorted(locations, key=lambda loc: (selectors.natural_key(loc.organization.name),
                                                     selectors.location_sort_key(loc, names)))
        yield from _grouped(self.field, ordered, organization_of=lambda loc: loc.organization,
                            label_of=lambda loc: selectors.location_path(loc, names))


class LocationChoiceField(forms.ModelChoiceField):
    """A location shown by its path ("Budynek A › Parter › Pokój 3"), siblings in natural order,
    grouped by organization when the user sees several."""

    iterator = LocationIterator

    def label_from_instance(self, obj):
        return selectors.location_path(obj, selectors.location_names([obj]))


class PeopleByUnitIterator(_Iterator):
    def __iter__(self):
        people = list(self.queryset.select_related("organization"))
        people.sort(key=lambda p: (p.organization.tree_path.count("/"),
                                   selectors.natural_key(p.organization.name),
                                   selectors.natural_key(p.last_name), selectors.natural_key(p.first_name)))
        yield from _grouped(self.field, people, organization_of=lambda p: p.organization,
                            label_of=self.field.label_from_instance, always=True)


class PersonByUnitField(forms.ModelChoiceField):
    """People in an <optgroup> per unit, so the list says where each person works."""

    iterator = PeopleByUnitIterator
