"""The administrators' journal: every change-log entry they may see, filterable, read-only."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from .exceptions import AccessDenied
from .filters import ChangeLogFilter
from .models import ChangeLogEntry
from .views import filter_error_list


def journal_list(*, user):
    from magistrat.organizations import access

    if access.is_superuser(user):
        return ChangeLogEntry.objects.all()
    organizations = access.organizations_with(user, "changelog.view").values("pk")
    return ChangeLogEntry.objects.filter(Q(organization_id__in=organizations))


@login_required
def journal(request):
    from magistrat.organizations import access

    if not access.has_perm_anywhere(request.user, "changelog.view"):
        raise AccessDenied
    queryset = journal_list(user=request.user).select_related("content_type")
    filterset = ChangeLogFilter(request.GET or None, queryset=queryset)
    invalid = filterset.is_bound and not filterset.is_valid()
    # Entries "filtered" by a value that could not be read would look like an answer.
    entries = queryset.none() if invalid else filterset.qs
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "core/journal.html"
    if request.htmx and request.htmx.target == "object-table":
        template = "core/_journal_table.html"
    return render(request, template, {"filterset": filterset, "page": page,
                                      "filter_errors": filter_error_list(filterset)},
                  status=400 if invalid and not request.htmx else 200)
