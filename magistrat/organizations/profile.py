"""The user's own page: account, roles, API tokens, language, password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.api.models import ApiToken
from magistrat.api.services import token_create, token_revoke
from magistrat.core.collation import polish


@login_required
def profile(request):
    user = request.user
    new_key = request.session.pop("new_token_key", None)
    return render(request, "organizations/profile.html", {
        "memberships": user.memberships.select_related("organization").order_by(polish("organization__name")),
        "tokens": ApiToken.objects.filter(user=user),
        "new_key": new_key,
        "person": getattr(user, "person", None),
    })


@require_POST
@login_required
def token_add(request):
    _token, key = token_create(user=request.user, owner=request.user,
                               name=request.POST.get("name", ""))
    # Shown once on the next page load, then gone from the session.
    request.session["new_token_key"] = key
    messages.success(request, _("A new API token was created. Copy it now: it will not be shown again."))
    return HttpResponseRedirect(reverse("profile"))


@require_POST
@login_required
def token_remove(request, pk: int):
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    token_revoke(user=request.user, token=token)
    messages.success(request, _("The token %(token)s was revoked.") % {"token": token})
    return HttpResponseRedirect(reverse("profile"))
