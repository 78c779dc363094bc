"""The handover and return screens (protokół przekazania / zwrotu) and the protocols they make."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.exceptions import AccessDenied
from magistrat.core.ids import parse_id, parse_ids
from magistrat.core.views import ObjectEditView
from magistrat.organizations import access

from . import selectors, services
from .forms import HandoverForm
from .models import Asset


def _handover_initial(source, *, returning: bool, user, within, fresh: bool) -> dict:
    """What the form starts with: `?person=` and `?assets=` (also `?asset=`) from a person's or
    an asset's page, the rows ticked in the register's list (`pk`, "hand over the selected"),
    or the values posted by "show their equipment"."""
    initial = {"date": source.get("date") or timezone.localdate(),
               "issued_by": source.get("issued_by", ""), "notes": source.get("notes", "")}
    assets = [str(pk) for pk in parse_ids(source.getlist("assets") + source.getlist("asset")
                                          + source.getlist("pk"))]
    person = str(parse_id(source.get("person")) or "")
    if returning and not person and assets:
        # "Take back" from an asset's page (or the list's ticked rows) needs only the assets:
        # the holder of the first one held is the person.
        held = {str(pk): holder for pk, holder in selectors.asset_list(user=user, within=within).filter(
            pk__in=assets[:1000], person__isnull=False).values_list("pk", "person_id")}
        person = next((str(held[pk]) for pk in assets if pk in held), "")
    if returning and fresh and person and not assets:
        # From the person's page: everything they hold, ticked.
        assets = [str(pk) for pk in selectors.asset_list(user=user, within=within).filter(
            person_id=person).exclude(status__in=Asset.RETIRED).values_list("pk", flat=True)]
    initial["person"], initial["assets"] = person, assets
    initial["details"] = {pk: {"condition": source.get(f"condition_{pk}", "").strip(),
                               "accessories": source.get(f"accessories_{pk}", "").strip(),
                               "status": source.get(f"status_{pk}", "").strip()} for pk in assets}
    return initial


def _handover(request, *, returning: bool):
    if not access.has_perm_anywhere(request.user, "asset.change"):
        raise AccessDenied
    options = {"user": request.user, "within": request.organization, "returning": returning}
    # "Show their equipment" (a button without JavaScript, the person field's change with htmx)
    # redraws the form for the chosen person; it saves nothing.
    showing = request.method == "POST" and "show" in request.POST
    if request.method == "POST" and not showing:
        form = HandoverForm(request.POST, **options)
    else:
        source = request.POST if showing else request.GET
        form = HandoverForm(**options, search=source.get("assets_q", "").strip(), initial=_handover_initial(
            source, returning=returning, user=request.user, within=request.organization,
            fresh=not showing))
    if form.is_bound and form.is_valid():
        service = services.asset_return if returning else services.asset_handover
        data = form.cleaned_data
        try:
            protocol = service(user=request.user, person=data["person"], assets=data["assets"],
                               date=data["date"], issued_by=data["issued_by"], notes=data["notes"],
                               details=data["details"])
        except ValidationError as exc:
            ObjectEditView.add_errors(form, exc)
        except AccessDenied:
            form.add_error(None, _("You may not hand over equipment in this organization."))
        else:
            messages.success(request, _("Protocol %(number)s recorded.") % {"number": protocol.number})
            return HttpResponseRedirect(reverse("inventory:protocol_done", args=[protocol.pk]))
    context = {"form": form, "returning": returning}
    if showing and request.htmx:
        return render(request, "inventory/_handover_assets.html", context)
    return render(request, "inventory/handover.html", context,
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def handover(request):
    return _handover(request, returning=False)


@login_required
def handover_return(request):
    return _handover(request, returning=True)


@login_required
def protocol_done(request, pk):
    protocol = selectors.protocol_list(user=request.user).filter(pk=pk).first()
    if protocol is None:
        raise Http404
    return render(request, "inventory/protocol_done.html", {
        "protocol": protocol, "items": protocol.items.select_related("asset")})


def protocol_pdf_response(protocol) -> FileResponse:
    """The protocol's PDF (the screen and the API both answer with it)."""
    from .documents import handover_protocol_pdf

    handle = io.BytesIO()
    handover_protocol_pdf(protocol, handle)
    handle.seek(0)
    filename = f"protokol-{protocol.number.replace('/', '-')}.pdf"
    return FileResponse(handle, content_type="application/pdf", filename=filename)


@login_required
def protocol_pdf(request, pk):
    protocol = selectors.protocol_list(user=request.user).filter(pk=pk).first()
    if protocol is None:
        raise Http404
    return protocol_pdf_response(protocol)
