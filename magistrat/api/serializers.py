"""The base serializer every API uses."""

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers

from magistrat.core.identifiers import NormalizingCharField
from magistrat.core.ids import parse_id

# Sent by the browsable API's HTML forms along with the fields.
FORM_EXTRAS = {"csrfmiddlewaretoken"}


class NormalizedCharField(serializers.CharField):
    """An identifier (NIP, REGON, TERYT): normalised first, then length and checksum checked."""

    def __init__(self, *, normalizer, max_length=None, **kwargs):
        self.normalizer = normalizer
        self.stored_max_length = max_length
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return self.normalizer(super().to_internal_value(data))


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by its id: a whole number (or its ASCII digits as text) — 1.5, true or
    "²" is an error, not record 1; a number no id can be is a record that does not exist."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)) or (
                isinstance(data, str) and not re.fullmatch(r"[0-9]+", data.strip())):
            self.fail("incorrect_type", data_type=type(data).__name__)
        pk = parse_id(data)
        if pk is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


class ModelSerializer(serializers.ModelSerializer):
    """The base of every API serializer: strict ids, normalised identifiers, and a field the
    API does not know is an error naming it rather than being dropped silently."""

    serializer_related_field = StrictPrimaryKeyRelatedField

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(name for name in data if name not in self.fields and name not in FORM_EXTRAS)
            if unknown:
                writable = ", ".join(name for name, field in self.fields.items() if not field.read_only)
                raise serializers.ValidationError({name: [
                    _("Unknown field; the fields you may send are: %(fields)s.") % {"fields": writable}]
                    for name in unknown})
        return super().to_internal_value(data)

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, NormalizingCharField):
            field_class = NormalizedCharField
            kwargs["normalizer"] = model_field.normalizer
        return field_class, kwargs
