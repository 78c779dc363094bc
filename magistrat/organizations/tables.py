from django.utils.translation import gettext_lazy as _

from magistrat.core.tables import Column

ORGANIZATION_COLUMNS = [
    Column("name", _("Name"), order_by="name", link=True),
    Column("short_name", _("Short name"), order_by="short_name"),
    Column("kind", _("Kind"), order_by="kind"),
    Column("parent.name", _("Parent organization")),
    Column("city", _("City"), order_by="city"),
    Column("nip_display", _("NIP")),
    Column("regon", _("REGON")),
    Column("teryt", _("TERYT code")),
]

PERSON_COLUMNS = [
    Column("last_name", _("Last name"), order_by="last_name", link=True),
    Column("first_name", _("First name"), order_by="first_name"),
    Column("position", _("Position"), order_by="position"),
    Column("department", _("Department"), order_by="department"),
    Column("organization.short_name", _("Organization"), order_by="organization"),
    Column("email", _("E-mail")),
    Column("phone", _("Phone")),
    Column("employed_from", _("Employed from"), order_by="employed_from", kind="date"),
    Column("employed_to", _("Employed to"), kind="date"),
    Column("active", _("Active"), kind="bool"),
]

ACCOUNT_COLUMNS = [
    Column("username", _("User name"), order_by="username", link=True),
    Column("full_name", _("Name"), order_by="last_name"),
    Column("email", _("E-mail"), order_by="email"),
    Column("roles_text", _("Roles")),
    Column("is_active", _("Active"), kind="bool"),
    Column("last_login", _("Last login"), order_by="last_login", kind="date"),
]
