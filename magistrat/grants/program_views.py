"""Screens of grant programmes: the list, a programme's page with its templates, the edit form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from magistrat.core.exceptions import AccessDenied
from magistrat.core.views import ObjectDetailView, ObjectEditView, ObjectViewMixin
from magistrat.organizations import access

from . import selectors, services
from .models import FundingSource, Indicator, Program
from .program_forms import TEMPLATES, ProgramForm


class ProgramViewMixin(ObjectViewMixin):
    model = Program
    selector = selectors.program_list
    url_namespace = "grants"

    def can_change(self, obj):
        return access.is_superuser(self.request.user)


class ProgramDetailView(ProgramViewMixin, ObjectDetailView):
    deletable = False               # projects refer to programmes; they are edited, not deleted
    after_tabs_template = "grants/_program_templates.html"
    fields = [
        (gettext_lazy("Name"), "name", "text"),
        (gettext_lazy("Operator"), "operator", "text"),
        (gettext_lazy("Fund and measure"), "fund", "text"),
        (gettext_lazy("Expenses eligible from"), "eligibility_start", "date"),
        (gettext_lazy("Expenses eligible until"), "eligibility_end", "date"),
        (gettext_lazy("Maximum duration [months]"), "max_duration_months", "text"),
        (gettext_lazy("Minimum grant"), "min_amount", "money"),
        (gettext_lazy("Maximum grant"), "max_amount", "money"),
        (gettext_lazy("Durability [years]"), "durability_years", "text"),
        (gettext_lazy("Durability counted from"), "durability_from", "text"),
        (gettext_lazy("Durability rule"), "durability_note", "text"),
        (gettext_lazy("Required public wording"), "public_wording", "text"),
        (gettext_lazy("Notes"), "notes", "text"),
    ]

    def tab_context(self, obj, tab):
        return program_templates(obj)


def program_templates(program: Program) -> dict:
    """A programme's templates as a person reads them (names, Polish numbers)."""
    from magistrat.core.formatting import quantity

    from .patterns import area_label

    kinds, sources = dict(FundingSource.Kind.choices), dict(Indicator.Source.choices)
    indicators = []
    for row in program.indicator_templates or []:
        how = str(sources.get(row.get("source"), row.get("source", "")))
        if row.get("source_filter"):
            names = row["source_filter"].split(",")
            if row.get("source") == Indicator.Source.EXPENDITURE_AREA:
                names = [area_label(name.strip()) for name in names]
            how += ": " + ", ".join(name.strip() for name in names)
        indicators.append({"code": row.get("code"), "name": row.get("name"), "how": how,
                           "target": quantity(row.get("target") or 0, row.get("unit", ""), with_unit=True)})
    return {"cost_areas": [area_label(code) for code in program.cost_areas or []],
            "funding": [(row.get("name") or kinds.get(row.get("kind"), row.get("kind")), quantity(row.get("share")))
                        for row in program.funding_pattern or []],
            "tranches": [(quantity(row.get("share")), row.get("condition", ""))
                         for row in program.tranche_pattern or []],
            "indicators": indicators}


class ProgramEditView(ProgramViewMixin, ObjectEditView):
    form_class = ProgramForm
    update_service = services.program_update
    template_name = "grants/program_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.is_superuser(request.user):
            raise AccessDenied
        return super().dispatch(request, *args, **kwargs)

    def save(self, data: dict):
        templates = {field: data[field] for field in TEMPLATES if field in data}
        fresh = Program.objects.get(pk=self.object.pk)
        fields = {name: data[name] for name in self.form_class._meta.fields if name in data}
        return services.program_update(user=self.request.user, program=fresh, **fields, **templates)


@login_required
def programs(request):
    return render(request, "grants/programs.html", {"programs": Program.objects.all(),
                                                    "can_edit": access.is_superuser(request.user),
                                                    "detail": reverse("grants:grantproject_list")})
