"""The public information page of a project (no login), shown only once published; and its preview
for the people who run the project, before it is."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from . import selectors, signs, wording
from .selectors import project_value


def _render(request, project, *, preview: bool):
    # The signs strip belongs to projects the EU funds, and only to them.
    eu_funded = project.funding_sources.filter(kind="eu").exists()
    poster = "grants:project_poster" if preview else "grants:public_poster"
    return render(request, "grants/public_project.html", {
        "project": project, "eu_contribution": selectors.eu_contribution(project),
        "total_value": project_value(project), "bought": selectors.bought_and_done(project),
        "signs": signs.strip(project.program) if eu_funded else [], "signs_note": signs.NOTE,
        "preview": preview, "poster_url": reverse(poster, args=[project.pk]),
        "agreement_date": wording.long_date(project.agreement_date),
        "period": wording.period(project.start_date, project.end_date),
    })


def project_page(request, pk: int):
    project = selectors.published_projects().filter(pk=pk).first()
    if project is None:
        raise Http404
    return _render(request, project, preview=False)


@login_required
def project_preview(request, pk: int):
    """The page as residents will see it, for anyone who may see the project, published or not
    (the public address stays "not found" until the page is published)."""
    project = selectors.project_list(user=request.user).filter(pk=pk).first()
    if project is None:
        raise Http404
    return _render(request, project, preview=True)
