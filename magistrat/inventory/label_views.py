"""The labels screen: which assets (the list's filters, or the rows ticked in it), on which sheet
(a preset or a grid of one's own), then the PDF. The grid chosen is remembered for next time."""

import math

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from magistrat.core.ids import parse_ids

from . import selectors
from .filters import AssetFilter
from .labels import PARAMETERS, PRESETS, LabelSheetForm, grid_data
from .pdf_views import GRID_SESSION_KEY, MAX_LABELS, grid_form, labels_filename, labels_response

# Request parameters that are neither filters nor the grid.
NOT_CARRIED = {"print", "export", "page", "per_page", "col", "csrfmiddlewaretoken", *PARAMETERS}


def _assets(request, source):
    """The ticked rows (`pk`; ids that cannot be read are left out), else the list's filtered
    rows in the current organization."""
    pks = parse_ids(source.getlist("pk"))
    if pks:
        return selectors.asset_list(user=request.user).filter(pk__in=pks).order_by("inventory_number"), pks
    queryset = selectors.asset_list(user=request.user, within=request.organization)
    filterset = AssetFilter(request.GET or None, queryset=queryset, request=request)
    return (filterset.qs if filterset.is_bound else queryset), []


@login_required
def labels_sheet(request):
    source = request.POST if request.method == "POST" else request.GET
    if any(source.getlist("pk")) and not parse_ids(source.getlist("pk")):
        # Not the whole list instead: rows were asked for, none of them by a record's id.
        return HttpResponseBadRequest(_("None of the rows asked for is given by a record id: tick "
                                        "the rows in the list again."))
    queryset, pks = _assets(request, source)
    printing = "print" in source
    form = LabelSheetForm(grid_data(source)) if printing else grid_form(request, {})
    if printing and form.is_valid():
        request.session[GRID_SESSION_KEY] = grid_data(source)
        return labels_response(None, queryset, labels_filename(), request=request, grid=form.grid())
    count = queryset.count()
    per_sheet = form.per_sheet if form.is_valid() else 0
    carried = [(key, value) for key, values in request.GET.lists() if key not in NOT_CARRIED
               for value in values]
    unbound = LabelSheetForm(initial=form.data) if not printing else form
    return render(request, "inventory/labels.html", {
        "form": unbound, "count": count, "pks": pks, "carried": carried, "post": bool(pks),
        "sheets": math.ceil(min(count, MAX_LABELS) / per_sheet) if per_sheet else None,
        "max_labels": MAX_LABELS, "presets": PRESETS,
        "back_url": f"{reverse('inventory:asset_list')}?{request.GET.urlencode()}" if not pks
        else reverse("inventory:asset_list"),
    }, status=400 if printing else 200)


@login_required
def asset_label(request, pk):
    """One asset's label (the button on its page), on the grid the query names or the one last used."""
    queryset = selectors.asset_list(user=request.user).filter(pk=pk)
    if not queryset.exists():
        raise Http404
    form = grid_form(request)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text())
    return labels_response(None, queryset, f"etykieta-{pk}", request=request, grid=form.grid())
