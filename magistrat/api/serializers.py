"""The base serializer every API uses."""

from rest_framework import serializers

from magistrat.core.identifiers import NormalizingCharField


class NormalizedCharField(serializers.CharField):
    """An identifier (NIP, REGON, TERYT): normalised first, then length and checksum checked."""

    def __init__(self, *, normalizer, max_length=None, **kwargs):
        self.normalizer = normalizer
        self.stored_max_length = max_length
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return self.normalizer(super().to_internal_value(data))


class ModelSerializer(serializers.ModelSerializer):
    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, NormalizingCharField):
            field_class = NormalizedCharField
            kwargs["normalizer"] = model_field.normalizer
        return field_class, kwargs
