"""The administrators' journal: every change-log entry they may see, filterable, read-only."""

import functools
from collections import defaultdict

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from .exceptions import AccessDenied
from .filters import ChangeLogFilter
from .models import ChangeLogEntry
from .views import filter_error_list


@functools.cache
def _linked_model(model):
    """The model whose page shows records of `model`: itself, or a proxy of it that has a page
    (the change log stores users as auth.User; their page is the Account proxy's)."""
    if model is None:
        return None
    if hasattr(model, "get_absolute_url"):
        return model
    for candidate in apps.get_models():
        if (candidate._meta.proxy and candidate._meta.concrete_model is model
                and hasattr(candidate, "get_absolute_url")):
            return candidate
    return None


def _linkable(queryset, *, user):
    """The records of `queryset` the journal may link for `user`: those of the units whose journal
    the user reads. A record that has moved to another unit since (a person transferred, an
    account whose roles are now elsewhere) is shown like a deleted one, so the journal tells
    nothing about where it went, nor that it still exists. Installation-wide records (programmes,
    the KŚT classes, the shared categories) are everyone's."""
    from magistrat.organizations import access, selectors
    from magistrat.organizations.models import Account, Organization

    model = queryset.model
    if access.is_superuser(user):
        return queryset
    if issubclass(model, Account):
        return queryset.filter(pk__in=selectors.account_list(user=user).order_by().values("pk"))
    units = access.organizations_with(user, "changelog.view").values("pk")
    if issubclass(model, Organization):
        return queryset.filter(pk__in=units)
    fields = {field.name for field in model._meta.get_fields()}
    if "organization" in fields:
        return queryset.filter(Q(organization__in=units) | Q(organization__isnull=True))
    if "project" in fields:
        return queryset.filter(project__organization__in=units)
    return queryset


def attach_record_links(entries, *, user) -> list:
    """Give each entry `record_url`, the page of the record it describes while that record
    exists and `user` may be led to it ("" when it has been deleted, has moved out of the
    user's units, or has no page of its own), and `record_gone`. One query per record type on
    the page, not one per row."""
    entries = list(entries)
    wanted = defaultdict(set)
    for entry in entries:
        entry.record_url, entry.record_gone = "", False
        if entry.action != ChangeLogEntry.Action.DELETE:
            wanted[entry.content_type].add(entry.object_id)
    urls = {}
    for content_type, ids in wanted.items():
        model = _linked_model(content_type.model_class())
        if model is None:
            continue
        try:
            # Every non-null relation joined: a page address may name the record's parent.
            records = _linkable(model._default_manager.select_related().filter(pk__in=ids), user=user)
            urls[content_type.pk] = {str(record.pk): record.get_absolute_url() for record in records}
        except (ValueError, TypeError):   # an id of another shape than the model's key
            urls[content_type.pk] = {}
    for entry in entries:
        if entry.content_type_id in urls:
            entry.record_url = urls[entry.content_type_id].get(entry.object_id, "")
            entry.record_gone = not entry.record_url
        elif entry.action == ChangeLogEntry.Action.DELETE:
            entry.record_gone = _linked_model(entry.content_type.model_class()) is not None
    return entries


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
    page.object_list = attach_record_links(page.object_list, user=request.user)
    template = "core/journal.html"
    if request.htmx and request.htmx.target == "object-table":
        template = "core/_journal_table.html"
    return render(request, template, {"filterset": filterset, "page": page,
                                      "filter_errors": filter_error_list(filterset)},
                  status=400 if invalid and not request.htmx else 200)
