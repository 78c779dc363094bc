"""Organization (jednostka), Person (pracownik) and Membership (a user's role in a unit)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from magistrat.core import numbering
from magistrat.core.collation import polish
from magistrat.core.identifiers import NIPField, REGONField, TERYTField, format_nip
from magistrat.core.models import TenantModel, TimestampedModel
from magistrat.core.search import SearchKey


class Organization(TimestampedModel):
    class Kind(models.TextChoices):
        GMINA_OFFICE = "urzad_gminy", _("municipal office (urząd gminy)")
        TOWN_GMINA_OFFICE = "urzad_miasta_i_gminy", _("town and municipality office")
        TOWN_OFFICE = "urzad_miasta", _("town office (urząd miasta)")
        COUNTY_OFFICE = "starostwo", _("county office (starostwo)")
        SCHOOL = "szkola", _("school")
        SOCIAL_WELFARE = "ops", _("social welfare centre")
        LIBRARY = "biblioteka", _("library")
        CULTURE_CENTRE = "osrodek_kultury", _("culture centre")
        OTHER = "inna", _("other unit")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=50,
        help_text=_("Used on labels and document numbers, e.g. UMG Mikstat."),
    )
    slug = models.SlugField(
        _("identifier"), max_length=50, unique=True,
        help_text=_("Letters, digits and hyphens; used in the command line, e.g. umig-mikstat."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.GMINA_OFFICE)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent organization"),
    )
    # Materialized path of ids ("/1/5/"): descendants are one indexed prefix query away,
    # which matters for a county or national operator with thousands of units.
    tree_path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    teryt = TERYTField(_("TERYT code"), blank=True)
    nip = NIPField(_("NIP"), blank=True)
    regon = REGONField(_("REGON"), blank=True)
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=6, blank=True,
        validators=[RegexValidator(r"^\d{2}-\d{3}$", _("Use the form 63-510."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # Records practice differs per office: both are set by the unit's own accounting policy.
    inventory_number_template = models.CharField(
        _("inventory number template"), max_length=100, default="{org}/{category}/{seq:4}/{yy}",
        validators=[numbering.validate_template],
        help_text=_("Parts: {org} short name, {category} category code, {seq} or {seq:4} "
                    "sequence, {yy} or {yyyy} year, {room} room."),
    )
    low_value_threshold = models.DecimalField(
        _("low-value threshold"), max_digits=12, decimal_places=2, default=Decimal("10000.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Items up to this gross price are written off at once (accounting policy)."),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = [polish("name"), "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:organization_detail", args=[self.pk])

    @property
    def address(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def changelog_organization_id(self) -> int | None:
        """Changes to a unit belong to the unit's own journal (core.changelog asks this)."""
        return self.pk

    @property
    def depth(self) -> int:
        return max(self.tree_path.count("/") - 2, 0)

    def clean(self):
        if self.parent_id and self.pk:
            parent_path = self.parent.tree_path if self.parent else ""
            if self.parent_id == self.pk or (self.tree_path and parent_path.startswith(self.tree_path)):
                raise ValidationError(
                    {"parent": _("An organization cannot be placed under itself or its subunit.")}
                )


class Person(TenantModel):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.CharField(_("position"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    employed_from = models.DateField(_("employed from"), null=True, blank=True)
    employed_to = models.DateField(_("employed to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Named "account", not "user": services reserve `user` for the acting user.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="person", verbose_name=_("user account"),
    )
    # What the search box looks in, folded by the database itself (core.search).
    search_key = models.GeneratedField(
        expression=SearchKey("first_name", "last_name", "position", "department", "email", "phone"),
        output_field=models.TextField(), db_persist=True, editable=False,
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = [polish("last_name"), polish("first_name"), "pk"]
        indexes = [models.Index(fields=["organization", "last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self):
        return reverse("organizations:person_detail", args=[self.pk])

    def clean(self):
        if self.employed_from and self.employed_to and self.employed_to < self.employed_from:
            raise ValidationError(
                {"employed_to": _("The end of employment cannot be before its start.")}
            )


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    IT_OFFICER = "it_officer", _("IT officer")
    SECURITY_OFFICER = "security_officer", _("security officer")
    GRANT_COORDINATOR = "grant_coordinator", _("grant coordinator")
    AUDITOR = "auditor", _("auditor")
    VIEWER = "viewer", _("viewer")


class Membership(TimestampedModel):
    """A user's role in an organization, optionally reaching its subordinate units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organization"),
    )
    # The least privilege unless someone chooses more.
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.VIEWER)
    include_descendants = models.BooleanField(
        _("includes subordinate units"), default=False,
        help_text=_("The role applies to the organization's subordinate units as well."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def describe(self) -> str:
        """The role as a list shows it: "administrator — UMiG Mikstat (with subordinate units)"."""
        text = f"{self.get_role_display()} — {self.organization.short_name}"
        return f"{text} {_('(with subordinate units)')}" if self.include_descendants else text


def _user_model():
    from django.apps import apps

    return apps.get_model(settings.AUTH_USER_MODEL, require_ready=False)


class Account(_user_model()):
    """A login account as the "users and roles" screens show it (a proxy of Django's user:
    same table, Magistrat's names and links)."""

    class Meta:
        proxy = True
        verbose_name = _("user account")
        verbose_name_plural = _("users and roles")
        ordering = [polish("username")]

    def __str__(self):
        return self.username

    def get_absolute_url(self):
        return reverse("organizations:account_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return self.get_full_name()

    @property
    def linked_person(self):
        """The employee (Person) this account belongs to, or None (read once; lists load it
        with `select_related("person")`)."""
        try:
            return self.person
        except Person.DoesNotExist:
            return None

    @property
    def roles_text(self) -> str:
        """The roles the viewer may see ("administrator — UMiG Mikstat (+ subordinate units)"),
        from the list's prefetch (`shown_memberships`) or all of them."""
        memberships = getattr(self, "shown_memberships", None)
        if memberships is None:
            memberships = self.memberships.select_related("organization")
        return "; ".join(m.describe() for m in memberships)
