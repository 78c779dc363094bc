from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from magistrat.core import dashboard
from magistrat.core.collation import polish
from magistrat.core.ids import parse_id
from magistrat.core.journal import attach_record_links, journal_list
from magistrat.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import access, selectors, services
from .filters import OrganizationFilter, PersonFilter
from .forms import OrganizationForm, PersonForm
from .middleware import SESSION_KEY
from .models import Organization, Person
from .tables import ORGANIZATION_COLUMNS, PERSON_COLUMNS

# --- Organizations ---------------------------------------------------------------------------

class OrganizationViewMixin:
    model = Organization
    selector = selectors.organization_list
    view_permission = "organization.view"
    change_permission = "organization.change"
    add_permission = "organization.add_child"
    url_namespace = "organizations"
    add_title = gettext_lazy("New organization")

    def permission_organization(self, obj):
        return obj

    def can_delete(self, obj) -> bool:
        return services.may_delete_organization(self.request.user, obj)


class OrganizationListView(OrganizationViewMixin, ObjectListView):
    filterset_class = OrganizationFilter
    columns = ORGANIZATION_COLUMNS


class OrganizationDetailView(OrganizationViewMixin, ObjectDetailView):
    fields = [
        (gettext_lazy("Name"), "name", "text"),
        (gettext_lazy("Short name"), "short_name", "text"),
        (gettext_lazy("Identifier"), "slug", "text"),
        (gettext_lazy("Kind"), "kind", "text"),
        (gettext_lazy("Parent organization"), "parent", "link"),
        (gettext_lazy("TERYT code"), "teryt", "text"),
        (gettext_lazy("NIP"), "nip_display", "text"),
        (gettext_lazy("REGON"), "regon", "text"),
        (gettext_lazy("Address"), "address", "text"),
        (gettext_lazy("E-mail"), "email", "text"),
        (gettext_lazy("Phone"), "phone", "text"),
        (gettext_lazy("Inventory number template"), "inventory_number_template", "text"),
        (gettext_lazy("Low-value threshold"), "low_value_threshold", "money"),
    ]
    tabs = [("data", gettext_lazy("Data")), ("units", gettext_lazy("Subordinate units")),
            ("people", gettext_lazy("People")), ("history", gettext_lazy("History"))]

    def tab_context(self, obj, tab):
        user = self.request.user
        if tab == "units":
            return {"children": selectors.organization_list(user=user).filter(parent=obj)}
        if tab == "people":
            return {"people": selectors.person_list(user=user).filter(organization=obj)[:500]}
        return {}


class OrganizationEditView(OrganizationViewMixin, ObjectEditView):
    form_class = OrganizationForm
    create_service = services.organization_create
    update_service = services.organization_update

    def get_initial(self):
        return {"parent": self.request.organization} if self.object is None else {}


class OrganizationDeleteView(OrganizationViewMixin, ObjectDeleteView):
    delete_service = services.organization_delete

    def consequence(self, obj) -> str:
        count = obj.memberships.count()
        if not count:
            return ""
        return ngettext("%(count)d account has a role in this unit; the role will be removed too.",
                        "%(count)d accounts have roles in this unit; the roles will be removed too.",
                        count) % {"count": count}


# --- People ----------------------------------------------------------------------------------

class PersonViewMixin:
    model = Person
    selector = selectors.person_list
    view_permission = "person.view"
    change_permission = "person.change"
    url_namespace = "organizations"
    add_title = gettext_lazy("New person")


class PersonListView(PersonViewMixin, ObjectListView):
    filterset_class = PersonFilter
    columns = PERSON_COLUMNS


class PersonDetailView(PersonViewMixin, ObjectDetailView):
    fields = [
        (gettext_lazy("First name"), "first_name", "text"),
        (gettext_lazy("Last name"), "last_name", "text"),
        (gettext_lazy("Position"), "position", "text"),
        (gettext_lazy("Department"), "department", "text"),
        (gettext_lazy("Organization"), "organization", "link"),
        (gettext_lazy("E-mail"), "email", "text"),
        (gettext_lazy("Phone"), "phone", "text"),
        (gettext_lazy("Employed from"), "employed_from", "date"),
        (gettext_lazy("Employed to"), "employed_to", "date"),
        (gettext_lazy("Active"), "active", "bool"),
        (gettext_lazy("User account"), "account", "text"),
    ]
    tabs = [("data", gettext_lazy("Data")), ("assets", gettext_lazy("Equipment")),
            ("history", gettext_lazy("History"))]
    notice_template = "organizations/_person_notice.html"

    def tab_context(self, obj, tab):
        # The register is another app; ask its selectors, not its tables.
        from magistrat.inventory.selectors import assets_held_by, protocol_list

        held = assets_held_by(obj)
        context = {"held_count": held.count(), "employment_ended": _employment_ended(obj)}
        if tab == "assets":
            context["assets"] = held
            context["protocols"] = protocol_list(user=self.request.user).filter(person=obj)
        return context


def _employment_ended(person) -> bool:
    from django.utils import timezone

    return not person.active or bool(person.employed_to and person.employed_to < timezone.localdate())


class PersonEditView(PersonViewMixin, ObjectEditView):
    form_class = PersonForm
    create_service = services.person_create
    update_service = services.person_update

    def get_initial(self):
        return {"organization": self.request.organization} if self.object is None else {}


class PersonDeleteView(PersonViewMixin, ObjectDeleteView):
    delete_service = services.person_delete


# --- Start page and the organization switcher --------------------------------------------------

def installation_overview(*, user) -> dict:
    """What an installation administrator sees on the start page before choosing a unit: the
    whole installation in numbers."""
    accounts = selectors.account_list(user=user).select_related(None).prefetch_related(None)
    units = selectors.organization_list(user=user).select_related(None)
    return {
        "organizations": units.count(),
        "top_level": units.filter(parent__isnull=True).count(),
        "active_accounts": accounts.filter(is_active=True).count(),
        "superusers": accounts.filter(is_active=True, is_superuser=True).count(),
        "without_role": accounts.filter(is_active=True, is_superuser=False,
                                        memberships__isnull=True).count(),
    }


@login_required
def home(request):
    organization = request.organization
    user = request.user
    units = selectors.organization_list(user=user, within=organization)
    people = selectors.person_list(user=user, within=organization)
    context = {
        "organization": organization,
        "unit_count": units.count(),
        "people_count": people.filter(active=True).count(),
        "people_inactive_count": people.filter(active=False).count(),
        "subunits": units.exclude(pk=getattr(organization, "pk", None)).order_by("tree_path")[:20],
        "my_memberships": user.memberships.select_related("organization").order_by(
            polish("organization__name")),
        "cards": dashboard.cards(user=user, within=organization),
    }
    if organization is None and access.is_superuser(user):
        context["installation"] = installation_overview(user=user)
    if organization is not None and access.has_perm(user, "changelog.view", organization):
        # The units of the subtree whose journal the user reads (a viewer's role in a school does
        # not show the school's changes to its office's administrator).
        context["recent_changes"] = attach_record_links(journal_list(user=user).filter(
            organization_id__in=units.values("pk")
        ).select_related("content_type")[:10], user=user)
    return render(request, "organizations/home.html", context)


@require_POST
@login_required
def switch_organization(request):
    typed = "organization_name" in request.POST
    chosen = request.POST.get("organization_name" if typed else "organization", "").strip()
    if chosen == "" and request.user.is_superuser:
        request.session.pop(SESSION_KEY, None)
    else:
        visible = selectors.organization_list(user=request.user)
        if typed:
            # A unit's identifier (what the suggestions fill in), else its exact short name or name.
            matches = list(visible.filter(slug=chosen)[:1]) or list(
                visible.filter(Q(short_name__iexact=chosen) | Q(name__iexact=chosen))[:2])
        else:
            matches = list(visible.filter(pk=parse_id(chosen))[:1]) if parse_id(chosen) else []
        if len(matches) > 1:
            messages.error(request, _("Several units are called “%(name)s”; type the identifier "
                                      "of the one you mean.") % {"name": chosen})
        elif not matches:
            messages.error(request, _("You have no access to that organization."))
        else:
            request.session[SESSION_KEY] = matches[0].pk
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)
