"""REST endpoints for organizations and people (registered in magistrat.api.urls)."""

from django.db.models import Q

from magistrat.api.exports import ExportMixin
from magistrat.api.serializers import ModelSerializer
from magistrat.api.viewsets import ServiceModelViewSet

from . import selectors, services
from .filters import OrganizationFilter, PersonFilter
from .models import Account, Organization, Person
from .tables import ORGANIZATION_COLUMNS, PERSON_COLUMNS


class OrganizationSerializer(ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "slug", "kind", "parent", "teryt", "nip", "regon",
                  "street", "postal_code", "city", "email", "phone", "inventory_number_template",
                  "low_value_threshold", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False}, "short_name": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Any unit the caller sees: the service answers 403 where they may not add a unit,
            # rather than a misleading "does not exist".
            self.fields["parent"].queryset = selectors.organization_list(user=request.user)


class PersonSerializer(ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "organization", "first_name", "last_name", "position", "department",
                  "email", "phone", "employed_from", "employed_to", "active", "account",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Any unit the caller sees: the service answers 403 where they may not write.
            self.fields["organization"].queryset = selectors.organization_list(user=request.user)
            # Accounts the caller manages (and the person's current one, so that sending the
            # record back unchanged works for everyone); the service checks the rest.
            current = getattr(self.instance, "account_id", None)
            self.fields["account"].queryset = Account.objects.filter(
                Q(pk__in=selectors.account_list(user=request.user).values("pk")) | Q(pk=current))


class OrganizationViewSet(ExportMixin, ServiceModelViewSet):
    """Organizations (jednostki) the caller may see."""

    export_columns = ORGANIZATION_COLUMNS
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    selector = selectors.organization_list
    create_service = services.organization_create
    update_service = services.organization_update
    delete_service = services.organization_delete


class PersonViewSet(ExportMixin, ServiceModelViewSet):
    """People (pracownicy) of the organizations the caller may see."""

    export_columns = PERSON_COLUMNS
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    selector = selectors.person_list
    create_service = services.person_create
    update_service = services.person_update
    delete_service = services.person_delete
