"""The KŚT classification (Klasyfikacja Środków Trwałych) as a lookup table with its edition:
categories point at a class (computers: 487 in KŚT 2016, 491 in KŚT 2010). Every user of the
register reads it; installation administrators keep it, since one table serves every office.
Its writes, filter, form, columns and screens live here, small as it is."""

import django_filters
from django.utils.translation import gettext_lazy as _

from magistrat.core.collation import PolishOrderingFilter
from magistrat.core.forms import ModelForm
from magistrat.core.records import record_create, record_delete, record_update
from magistrat.core.search import search_terms
from magistrat.core.tables import Column
from magistrat.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from magistrat.organizations import access

from . import selectors
from .models import KstClass

# --- Writes ----------------------------------------------------------------------------------


def kst_create(*, user, edition: str, code: str, name: str, **fields) -> KstClass:
    access.require(user, "reference.change", None)
    return record_create(user=user, model=KstClass,
                         data={"edition": edition, "code": code.strip(), "name": name, **fields})


def kst_update(*, user, kstclass: KstClass, **fields) -> KstClass:
    access.require(user, "reference.change", None)
    return record_update(user=user, instance=kstclass, data=fields)


def kst_delete(*, user, kstclass: KstClass) -> None:
    access.require(user, "reference.change", None)
    record_delete(user=user, instance=kstclass)


# --- Filter, form, columns -------------------------------------------------------------------

class KstClassFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    edition = django_filters.ChoiceFilter(empty_label=_("any"), label=_("Edition"),
                                          choices=KstClass.Edition.choices)
    ordering = PolishOrderingFilter(fields=(("code", "code"), ("name", "name"), ("edition", "edition")),
                                    polish=["name"], label=_("Sort by"))

    class Meta:
        model = KstClass
        fields = ["search", "edition"]

    def filter_search(self, queryset, name, value):
        return search_terms(queryset, ["code", "name"], value)


class KstClassForm(ModelForm):
    class Meta:
        model = KstClass
        fields = ["edition", "code", "name", "depreciation_rate"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


KST_COLUMNS = [
    Column("code", _("Code"), order_by="code", link=True, phone=True),
    Column("name", _("Name"), order_by="name", phone=True),
    Column("edition", _("Edition"), order_by="edition", phone=True),
    Column("depreciation_rate", _("Tax depreciation rate [%]"), kind="number"),
]


# --- Screens ---------------------------------------------------------------------------------

class KstViewMixin:
    model = KstClass
    selector = selectors.kst_list
    view_permission = "asset.view"
    change_permission = "reference.change"
    url_namespace = "inventory"
    add_title = _("New KŚT class")

    def permission_organization(self, obj):
        return None


class KstListView(KstViewMixin, ObjectListView):
    filterset_class = KstClassFilter
    columns = KST_COLUMNS


class KstDetailView(KstViewMixin, ObjectDetailView):
    fields = [(_("Code"), "code", "text"), (_("Name"), "name", "text"), (_("Edition"), "edition", "text"),
              (_("Tax depreciation rate [%]"), "depreciation_rate", "text")]


class KstEditView(KstViewMixin, ObjectEditView):
    form_class = KstClassForm
    create_service = kst_create
    update_service = kst_update


class KstDeleteView(KstViewMixin, ObjectDeleteView):
    delete_service = kst_delete
