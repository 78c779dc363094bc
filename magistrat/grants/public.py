"""The public information page of a project (no login), shown only once published."""

from django.http import Http404
from django.shortcuts import render

from . import selectors, signs
from .settlement import project_value


def project_page(request, pk: int):
    project = selectors.published_projects().filter(pk=pk).first()
    if project is None:
        raise Http404
    # The signs strip belongs to projects the EU funds, and only to them.
    eu_funded = project.funding_sources.filter(kind="eu").exists()
    return render(request, "grants/public_project.html", {
        "project": project, "eu_contribution": selectors.eu_contribution(project),
        "total_value": project_value(project),
        "bought": selectors.bought_by_category(project),
        "signs": signs.strip(project.program) if eu_funded else [], "signs_note": signs.NOTE,
    })
