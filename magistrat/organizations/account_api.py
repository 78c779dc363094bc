"""/api/v1/users/ and /api/v1/memberships/: accounts and their roles, through accounts.py."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from magistrat.api.serializers import ModelSerializer, StrictPrimaryKeyRelatedField
from magistrat.api.viewsets import ServiceModelViewSet

from . import accounts, selectors
from .filters import AccountFilter, MembershipFilter
from .models import Account, Membership, Organization, Person, Role


class RoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "organization", "role", "include_descendants"]
        read_only_fields = fields


class AccountSerializer(ModelSerializer):
    """An account. `roles` lists its roles in the units the caller sees. On create, a password
    and (for anyone but a superuser) `organization` + `role` give it its first role (viewer when
    `role` is left out); a PATCH
    with `password` sets a new one. `person` links it to an employee (null unlinks)."""

    roles = serializers.SerializerMethodField()
    person = StrictPrimaryKeyRelatedField(source="linked_person", queryset=Person.objects.none(),
                                                allow_null=True, required=False)
    password = serializers.CharField(write_only=True, required=False, trim_whitespace=False,
                                     style={"input_type": "password"})
    organization = StrictPrimaryKeyRelatedField(write_only=True, required=False,
                                                      queryset=Organization.objects.none())
    role = serializers.ChoiceField(choices=Role.choices, write_only=True, required=False,
                                   help_text="The role in `organization`; viewer when left out.")
    include_descendants = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Account
        fields = ["id", "username", "first_name", "last_name", "email", "is_active", "is_superuser",
                  "last_login", "date_joined", "person", "roles", "password", "organization",
                  "role", "include_descendants"]
        read_only_fields = ["last_login", "date_joined"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from .account_forms import people_to_link

            self.fields["person"].queryset = people_to_link(user=request.user, account=self.instance
                                                            if isinstance(self.instance, Account) else None)
            self.fields["organization"].queryset = selectors.organization_list(user=request.user)

    def get_roles(self, account) -> list[dict]:
        return RoleSerializer(getattr(account, "shown_memberships", []), many=True).data

    def validate(self, data):
        if self.instance is not None and ({"organization", "role"} & set(self.initial_data)):
            raise serializers.ValidationError(
                {"role": [_("Roles are changed through /api/v1/memberships/.")]})
        return data


class AccountViewSet(ServiceModelViewSet):
    """Login accounts with roles in the units the caller administers (superusers: all)."""

    serializer_class = AccountSerializer
    filterset_class = AccountFilter
    selector = selectors.account_list
    delete_service = accounts.user_delete

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("is_active", None)
        person = data.pop("linked_person", None)
        account = accounts.user_create(user=self.request.user, person=person, **data)
        serializer.instance = selectors.account_list(user=self.request.user).get(pk=account.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        account = serializer.instance
        password = data.pop("password", None)
        person = data.pop("linked_person", False)
        data.pop("include_descendants", None)
        account = accounts.user_update(user=self.request.user, account=account, person=person, **data)
        if password is not None:
            accounts.user_set_password(user=self.request.user, account=account, password=password)
        serializer.instance = selectors.account_list(user=self.request.user).get(pk=account.pk)


class MembershipSerializer(ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "user", "organization", "role", "include_descendants", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"role": {"help_text": "The role; viewer (the least privilege) when left "
                                              "out of a new one."}}
        validators = []   # one role per account and unit: a POST replaces it (membership_set)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["user"].queryset = selectors.account_list(user=request.user)
            self.fields["organization"].queryset = selectors.organization_list(user=request.user)
        if self.instance is not None and not isinstance(self.instance, list):
            self.fields["user"].read_only = True
            self.fields["organization"].read_only = True


class MembershipViewSet(ServiceModelViewSet):
    """Roles (account × unit) in the units the caller administers. POST sets a role (replacing
    the one the account had in that unit; viewer, the least privilege, when `role` is left out);
    PATCH changes it; DELETE removes it."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    selector = selectors.membership_list
    delete_service = accounts.membership_delete

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = accounts.membership_set(
            user=self.request.user, member=data["user"], organization=data["organization"],
            role=data.get("role", Role.VIEWER),
            include_descendants=data.get("include_descendants", False))

    def perform_update(self, serializer):
        current, data = serializer.instance, serializer.validated_data
        if not data:
            raise exceptions.ValidationError({"role": [_("Send role or include_descendants.")]})
        serializer.instance = accounts.membership_set(
            user=self.request.user, member=current.user, organization=current.organization,
            role=data.get("role", current.role),
            include_descendants=data.get("include_descendants", current.include_descendants))
