"""The public information page of a project (no login), shown only once published."""

from django.http import Http404
from django.shortcuts import render

from . import selectors
from .settlement import project_value


def project_page(request, pk: int):
    project = selectors.published_projects().filter(pk=pk).first()
    if project is None:
        raise Http404
    return render(request, "grants/public_project.html", {
        "project": project, "eu_contribution": selectors.eu_contribution(project),
        "total_value": project_value(project),
        "bought": selectors.bought_by_category(project),
    })
