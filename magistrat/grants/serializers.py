"""Serializers of grant records the API shares: amounts written with two decimals, a project's
budget, records of a project (funding sources by amount or share, indicators with their achieved
value computed for a whole page at once). The viewsets are in api.py."""

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from magistrat.api.serializers import ModelSerializer

from . import selectors
from .models import FundingSource, Indicator


def money_field(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def money_text(value) -> str:
    """Decimal("162000") -> "162000.00": amounts as every DecimalField of the API writes them."""
    return f"{value:.2f}"


class BudgetRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True, source="line.pk", default=None,
                                    help_text=gettext_lazy("The budget line's id (none in the total)."))
    name = serializers.CharField()
    area = serializers.CharField(source="line.area", default="",
                                 help_text=gettext_lazy("The cost area's code (empty in the total)."))
    planned = money_field()
    spent = money_field()
    eligible = money_field()
    remaining = money_field()


class BudgetSerializer(serializers.Serializer):
    lines = BudgetRowSerializer(many=True, source="rows")
    total = BudgetRowSerializer()
    granted = money_field()
    warnings = serializers.ListField(child=serializers.CharField())


class ChildSerializer(ModelSerializer):
    """A record of a project: the project must be one the caller may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "project" in self.fields:
            self.fields["project"].queryset = selectors.project_list(user=request.user)
            if self.instance is not None and not isinstance(self.instance, list):
                self.fields["project"].read_only = True


def child_serializer(model_class, field_names, read_only=()):
    # No serializer-level unique validators: the model names the field (e.g. a tranche's number).
    meta = type("Meta", (), {"model": model_class, "fields": ["id", "project", *field_names, *read_only],
                             "read_only_fields": list(read_only), "validators": []})
    return type(f"{model_class.__name__}Serializer", (ChildSerializer,), {"Meta": meta})


class FundingSourceListSerializer(serializers.ListSerializer):
    """A page of sources with their projects' values worked out together (one query a page)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        own = dict(FundingSource.objects.filter(project__in={i.project_id for i in items}, kind=FundingSource.Kind.OWN)
                   .values("project").annotate(total=Sum("amount")).values_list("project", "total"))
        self._context["values"] = {i.project_id: i.project.granted_amount + (own.get(i.project_id) or 0)
                                   for i in items}
        return super().to_representation(items)


class FundingSourceSerializer(ChildSerializer):
    share = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True,
        write_only=True, help_text=gettext_lazy(
            "The share (%) of the project's value (the grant and the own contribution), instead of the amount, "
            "which is then computed; answers give the share of every source."))

    class Meta:
        model = FundingSource
        fields = ["id", "project", "kind", "name", "amount", "share"]
        extra_kwargs = {"amount": {"required": False}}
        list_serializer_class = FundingSourceListSerializer

    def to_representation(self, instance):
        data = super().to_representation(instance)
        values = self.context.get("values") or {}
        value = values.get(instance.project_id)
        if value is None:
            value = selectors.project_value(instance.project)
        data["share"] = f"{instance.amount * 100 / value:.2f}" if value else None
        return data

    def validate(self, attrs):
        if self.instance is None and attrs.get("amount") is None and attrs.get("share") is None:
            raise serializers.ValidationError({"amount": [_("Give the amount or the share of the project's value.")]})
        return attrs
class IndicatorListSerializer(serializers.ListSerializer):
    """A page of indicators with their achieved values computed together (two queries a page)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self._context["achieved"] = selectors.indicators_achieved(items)
        return super().to_representation(items)


class IndicatorSerializer(ChildSerializer):
    achieved = serializers.SerializerMethodField(
        label=gettext_lazy("Achieved"),
        help_text=gettext_lazy("Computed from the equipment bought or the eligible expenditure where the indicator "
                               "says so (source), else the value entered (achieved_manual)."))

    class Meta:
        model = Indicator
        fields = ["id", "project", "code", "name", "unit", "target", "source", "source_filter", "achieved_manual",
                  "achieved"]
        list_serializer_class = IndicatorListSerializer
        extra_kwargs = {"source_filter": {"help_text": gettext_lazy(
            "Equipment category names separated by commas (source “assets”; empty: all equipment bought), or "
            "cost areas (source “area”: hardware, software, services, training, diagnosis, promotion, other).")}}

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_achieved(self, indicator) -> str | None:
        computed = self.context.get("achieved")
        value = computed[indicator.pk] if computed and indicator.pk in computed else \
            selectors.indicator_achieved(indicator)
        return None if value is None else money_text(value)
# `automatic`: the deadline follows the project's dates until edited by hand (deadlines.py).
