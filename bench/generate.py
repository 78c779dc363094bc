"""Realistic data for the benchmarks: many organizations, assets with Polish names.

Written with bulk_create for speed: a generator of test data, not a user's write path (it
bypasses the services on purpose and writes no change log).
"""

import datetime
import random
from decimal import Decimal

NAMES = [("komputer stacjonarny", "Komputer stacjonarny", ["Dell", "HP", "Lenovo", "Fujitsu"]),
         ("laptop", "Laptop", ["Dell", "Lenovo", "HP", "Asus"]),
         ("monitor", "Monitor 24\"", ["Dell", "iiyama", "LG", "Philips"]),
         ("drukarka", "Drukarka laserowa", ["HP", "Brother", "Kyocera"]),
         ("serwer", "Serwer", ["Dell", "HPE", "Fujitsu"]),
         ("przełącznik", "Przełącznik sieciowy", ["TP-Link", "Cisco", "HPE"]),
         ("UPS", "Zasilacz awaryjny", ["APC", "Eaton"])]
GMINY = ["Mikstat", "Ostrzeszów", "Kobyla Góra", "Grabów nad Prosną", "Kraszewice", "Czajków",
         "Doruchów", "Sieroszewice", "Przygodzice", "Odolanów", "Sośnie", "Raszków", "Nowe Skalmierzyce"]
FIRST = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Małgorzata", "Paweł", "Agnieszka", "Michał", "Ewa", "Łukasz"]
LAST = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański",
        "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Krawczyk", "Piotrowski", "Grabowska"]
STATUSES = ["in_use"] * 7 + ["in_stock", "in_repair", "withdrawn"]


def generate(*, organizations: int, assets: int, people_per_org: int = 8, seed: int = 2022,
             progress=print) -> list:
    from magistrat.inventory.models import Asset, AssetCategory
    from magistrat.organizations.models import Organization, Person

    rng = random.Random(seed)
    categories = {c.name: c for c in AssetCategory.objects.filter(organization=None)}
    orgs = Organization.objects.bulk_create([
        Organization(name=f"Urząd Gminy {GMINY[i % len(GMINY)]} {i // len(GMINY) + 1}",
                     short_name=f"UG{i:04d}", slug=f"bench-ug-{i:04d}", kind="urzad_gminy")
        for i in range(organizations)], batch_size=2000)
    orgs = list(Organization.objects.filter(slug__startswith="bench-ug-").order_by("pk"))
    for org in orgs:
        org.tree_path = f"/{org.pk}/"
    Organization.objects.bulk_update(orgs, ["tree_path"], batch_size=2000)
    Person.objects.bulk_create([
        Person(organization=org, first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
               position="Inspektor") for org in orgs for _ in range(people_per_org)], batch_size=5000)
    people = {}
    for pk, org_id in Person.objects.filter(organization__in=orgs).values_list("pk", "organization_id"):
        people.setdefault(org_id, []).append(pk)
    per_org = max(assets // max(len(orgs), 1), 1)
    batch, made = [], 0
    for org in orgs:
        for n in range(per_org):
            category, name, makers = rng.choice(NAMES)
            gross = Decimal(rng.randrange(500, 25000))
            batch.append(Asset(
                organization=org, inventory_number=f"{org.short_name}/{n:05d}", name=name,
                category=categories[category], manufacturer=rng.choice(makers),
                model=f"Model {rng.randrange(100, 999)}", serial_number=f"S{org.pk:05d}{n:06d}",
                status=rng.choice(STATUSES), person_id=rng.choice(people[org.pk]) if rng.random() < .6 else None,
                purchase_date=datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(3500)),
                gross_price=gross, net_price=(gross / Decimal("1.23")).quantize(Decimal("0.01")),
                vat_rate=Decimal(23), hostname=f"pc-{org.pk}-{n}"))
            if len(batch) >= 20000:
                Asset.objects.bulk_create(batch)
                made += len(batch)
                batch = []
                progress(f"  {made:,} assets")
    Asset.objects.bulk_create(batch)
    return orgs


def import_csv(path, rows: int, seed: int = 7) -> None:
    """An office's spreadsheet as CSV (Windows-1250, semicolons, decimal commas, dd.mm.yyyy)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="cp1250", newline="") as handle:
        handle.write("Nr inw.;Nazwa;Kategoria;Producent;Model;Nr seryjny;Data zakupu;Wartość brutto [zł];Status\n")
        for n in range(rows):
            category, name, makers = rng.choice(NAMES)
            day = datetime.date(2017, 1, 1) + datetime.timedelta(days=rng.randrange(2500))
            price = f"{rng.randrange(500, 25000)},{rng.randrange(100):02d}"
            handle.write(f"IMP/{n:06d};{name};{category};{rng.choice(makers)};M{rng.randrange(999)};"
                         f"IMPSN{n:07d};{day:%d.%m.%Y};{price};w użyciu\n")
