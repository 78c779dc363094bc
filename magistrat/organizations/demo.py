"""The Mikstat demo (domain.md, "Cyfrowy Mikstat"). Names of people are illustrative.

No NIP, REGON or TERYT is invented for Mikstat or its units: the demo leaves them empty.
Loading is idempotent: records are looked up by slug / name and created only when missing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from . import access, services
from .models import Organization, Person, Role

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "magistrat-demo"

OFFICE = {
    "slug": "umig-mikstat", "name": "Urząd Miasta i Gminy Mikstat", "short_name": "UMiG Mikstat",
    "kind": Organization.Kind.TOWN_GMINA_OFFICE, "postal_code": "63-510", "city": "Mikstat",
}
UNITS = [
    {"slug": "sp-mikstat", "name": "Szkoła Podstawowa w Mikstacie (przykładowa)",
     "short_name": "SP Mikstat", "kind": Organization.Kind.SCHOOL},
    {"slug": "mgops-mikstat", "name": "Miejsko-Gminny Ośrodek Pomocy Społecznej (przykładowy)",
     "short_name": "MGOPS Mikstat", "kind": Organization.Kind.SOCIAL_WELFARE},
    {"slug": "biblioteka-mikstat", "name": "Biblioteka Publiczna Miasta i Gminy (przykładowa)",
     "short_name": "Biblioteka Mikstat", "kind": Organization.Kind.LIBRARY},
]
# (first name, last name, position, department, unit slug) — illustrative, not real staff.
PEOPLE = [
    ("Anna", "Kowalczyk", "Burmistrz", "Kierownictwo", "umig-mikstat"),
    ("Tomasz", "Nowicki", "Sekretarz, koordynator projektu", "Kierownictwo", "umig-mikstat"),
    ("Barbara", "Wiśniewska", "Skarbnik", "Referat Finansowy", "umig-mikstat"),
    ("Paweł", "Zieliński", "Informatyk", "Referat Organizacyjny", "umig-mikstat"),
    ("Katarzyna", "Wójcik", "Inspektor ds. bezpieczeństwa informacji", "Referat Organizacyjny",
     "umig-mikstat"),
    ("Marek", "Lewandowski", "Podinspektor ds. księgowości", "Referat Finansowy", "umig-mikstat"),
    ("Joanna", "Dąbrowska", "Inspektor ds. podatków", "Referat Finansowy", "umig-mikstat"),
    ("Michał", "Kamiński", "Inspektor ds. inwestycji", "Referat Gospodarki Komunalnej",
     "umig-mikstat"),
    ("Agnieszka", "Szymańska", "Kierownik USC", "Urząd Stanu Cywilnego", "umig-mikstat"),
    ("Łukasz", "Woźniak", "Inspektor ds. ewidencji ludności", "Referat Organizacyjny",
     "umig-mikstat"),
    ("Ewa", "Kozłowska", "Inspektor ds. oświaty", "Referat Organizacyjny", "umig-mikstat"),
    ("Grzegorz", "Jankowski", "Inspektor ds. gospodarki gruntami", "Referat Gospodarki Komunalnej",
     "umig-mikstat"),
    ("Magdalena", "Mazur", "Sekretarka", "Sekretariat", "umig-mikstat"),
    ("Krzysztof", "Krawczyk", "Inspektor ds. zamówień publicznych", "Referat Organizacyjny",
     "umig-mikstat"),
    ("Monika", "Piotrowska", "Dyrektor szkoły", "Dyrekcja", "sp-mikstat"),
    ("Rafał", "Grabowski", "Nauczyciel informatyki", "Nauczyciele", "sp-mikstat"),
    ("Dorota", "Pawłowska", "Sekretarz szkoły", "Sekretariat", "sp-mikstat"),
    ("Beata", "Michalska", "Kierownik ośrodka", "Kierownictwo", "mgops-mikstat"),
    ("Adam", "Król", "Pracownik socjalny", "Dział Pomocy", "mgops-mikstat"),
    ("Halina", "Wieczorek", "Dyrektor biblioteki", "Kierownictwo", "biblioteka-mikstat"),
    ("Zbigniew", "Jabłoński", "Inspektor ds. rolnictwa", "Referat Gospodarki Komunalnej",
     "umig-mikstat", datetime.date(2009, 3, 1), datetime.date(2025, 12, 31)),
]
# (username, role, person's last name)
USERS = [
    (DEMO_USERNAME, Role.ADMINISTRATOR, None),
    ("informatyk", Role.IT_OFFICER, "Zieliński"),
    ("sekretarz", Role.GRANT_COORDINATOR, "Nowicki"),
    ("inspektor", Role.SECURITY_OFFICER, "Wójcik"),
    ("burmistrz", Role.VIEWER, "Kowalczyk"),
]


def _organization(data: dict, parent: Organization | None) -> Organization:
    existing = Organization.objects.filter(slug=data["slug"]).first()
    if existing:
        return existing
    return services.organization_create(user=access.SYSTEM, parent=parent, **data)


@transaction.atomic
def load() -> dict:
    actor = access.SYSTEM
    office = _organization(OFFICE, None)
    units = {office.slug: office}
    for data in UNITS:
        units[data["slug"]] = _organization(data, office)

    for row in PEOPLE:
        first, last, position, department, slug, *dates = row
        organization = units[slug]
        if Person.objects.filter(organization=organization, first_name=first, last_name=last).exists():
            continue
        employed_from, employed_to = dates if dates else (datetime.date(2015, 1, 1), None)
        services.person_create(
            user=actor, organization=organization, first_name=first, last_name=last,
            position=position, department=department,
            email=f"{_ascii(first)}.{_ascii(last)}@example.invalid",
            employed_from=employed_from, employed_to=employed_to,
            active=employed_to is None,
        )

    User = get_user_model()
    for username, role, last_name in USERS:
        account = User.objects.filter(username=username).first()
        if account is None:
            # The demo password is deliberately simple, so it skips the strength validators.
            account = services.user_create(user=actor, username=username, password=DEMO_PASSWORD,
                                           check_strength=False)
        if not account.memberships.filter(organization=office).exists():
            services.membership_set(user=actor, member=account, organization=office, role=role,
                                    include_descendants=True)
        if last_name:
            person = Person.objects.filter(organization=office, last_name=last_name,
                                           account__isnull=True).first()
            if person is not None and not hasattr(account, "person"):
                services.person_update(user=actor, person=person, account=account)
    from magistrat.grants import demo as grants_demo
    from magistrat.inventory import demo as inventory_demo

    assets = inventory_demo.load(office)
    grants_demo.load(office)
    subtree = office.tree_path
    return {"assets": assets,
            "organizations": Organization.objects.filter(tree_path__startswith=subtree).count(),
            "people": Person.objects.filter(organization__tree_path__startswith=subtree).count()}


def _ascii(text: str) -> str:
    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return text.translate(table).lower()
