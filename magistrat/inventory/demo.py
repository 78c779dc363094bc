"""Mikstat's equipment (domain.md): what the Cyfrowa Gmina grant bought in 2022, plus some older
items. Prices, serial numbers and models are illustrative and marked as such (serials DEMO-…).
Idempotent: nothing is added when the office already has demo equipment.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from magistrat.organizations import access
from magistrat.organizations.models import Organization, Person

from . import services
from .models import Asset, AssetCategory

ILLUSTRATIVE = "Dane przykładowe (demo): ceny, modele i numery seryjne są zmyślone."
FUNDING = "Cyfrowa Gmina, POPC.05.01.00-00-0001/21-00"
SUPPLIER = {"supplier_name": "Przykładowy Dostawca IT sp. z o.o. (demo)", "supplier_nip": ""}

ROOMS = {
    "Parter": ["Pokój 1 – Sekretariat", "Pokój 2 – Referat Finansowy",
               "Pokój 3 – Referat Organizacyjny", "Serwerownia"],
    "Piętro I": ["Pokój 11 – Burmistrz", "Pokój 12 – Sekretarz", "Pokój 14 – USC",
                 "Pokój 15 – Gospodarka Komunalna"],
}
# Who sits where (last name -> room); the office's illustrative staff from organizations.demo.
SEATS = {
    "Kowalczyk": "Pokój 11 – Burmistrz", "Nowicki": "Pokój 12 – Sekretarz",
    "Wiśniewska": "Pokój 2 – Referat Finansowy", "Lewandowski": "Pokój 2 – Referat Finansowy",
    "Dąbrowska": "Pokój 2 – Referat Finansowy", "Zieliński": "Pokój 3 – Referat Organizacyjny",
    "Wójcik": "Pokój 3 – Referat Organizacyjny", "Woźniak": "Pokój 3 – Referat Organizacyjny",
    "Kozłowska": "Pokój 3 – Referat Organizacyjny", "Szymańska": "Pokój 14 – USC",
    "Kamiński": "Pokój 15 – Gospodarka Komunalna", "Jankowski": "Pokój 15 – Gospodarka Komunalna",
    "Mazur": "Pokój 1 – Sekretariat", "Krawczyk": "Pokój 3 – Referat Organizacyjny",
}
DESKTOP_USERS = ["Nowicki", "Wiśniewska", "Lewandowski", "Dąbrowska", "Zieliński", "Wójcik",
                 "Woźniak", "Kozłowska", "Szymańska", "Kamiński", "Jankowski", "Mazur"]
LAPTOP_USERS = ["Kowalczyk", "Nowicki", "Zieliński"]


def _category(name: str) -> AssetCategory:
    return AssetCategory.objects.get(organization=None, name=name)


@transaction.atomic
def load(office: Organization) -> int:
    if Asset.objects.filter(organization=office, serial_number__startswith="DEMO-").exists():
        return Asset.objects.filter(organization=office).count()
    actor = access.SYSTEM
    building = services.location_create(user=actor, organization=office, name="Budynek Urzędu",
                                        kind="building", notes=ILLUSTRATIVE)
    rooms = {}
    for floor_name, room_names in ROOMS.items():
        floor = services.location_create(user=actor, organization=office, name=floor_name,
                                         kind="floor", parent=building)
        for room in room_names:
            rooms[room] = services.location_create(user=actor, organization=office, name=room,
                                                   kind="room", parent=floor)
    people = {p.last_name: p for p in Person.objects.filter(organization=office)}
    bought = datetime.date(2022, 9, 15)
    common = {"purchase_date": bought, "commissioning_date": datetime.date(2023, 1, 9),
              "invoice_number": "FV/2022/09/0147 (demo)", "vat_rate": Decimal("23"),
              "funding": FUNDING, "warranty_end": datetime.date(2027, 9, 14), "notes": ILLUSTRATIVE,
              **SUPPLIER}

    def add(category, name, serial, gross, **extra):
        return services.asset_create(user=actor, organization=office, category=_category(category),
                                     name=name, serial_number=serial, gross_price=Decimal(gross),
                                     **{**common, **extra})

    for n in (1, 2):
        add("serwer", "Serwer wieżowy", f"DEMO-SRV-{n:04d}", "22000.00", manufacturer="Dell",
            model="PowerEdge T350", location=rooms["Serwerownia"], status="in_use",
            hostname=f"srv-umig-{n:02d}", os_name="Windows Server", os_version="2022 Standard",
            cpu="Intel Xeon E-2334", ram="32 GB", disk="2× 960 GB SSD RAID 1",
            ip_addresses=f"192.168.10.{n + 9}")
    add("urządzenie wielofunkcyjne / kserokopiarka", "Urządzenie wielofunkcyjne A3 kolor",
        "DEMO-MFP-0001", "15990.00", manufacturer="Konica Minolta", model="bizhub C300i",
        location=rooms["Pokój 1 – Sekretariat"], status="in_use", ip_addresses="192.168.10.40")
    desktops = [add("komputer stacjonarny", "Komputer stacjonarny", f"DEMO-PC-{n:04d}", "4100.00",
                    manufacturer="Dell", model="OptiPlex 7000 SFF", hostname=f"pc-umig-{n:02d}",
                    os_name="Windows 11 Pro", os_version="23H2", cpu="Intel Core i5-12500",
                    ram="16 GB", disk="512 GB SSD",
                    location=rooms[SEATS[DESKTOP_USERS[n - 1]]]) for n in range(1, 13)]
    laptops = [add("laptop", "Laptop 14\"", f"DEMO-NB-{n:04d}", "5200.00", manufacturer="Lenovo",
                   model="ThinkPad T14 Gen 3", hostname=f"nb-umig-{n:02d}", os_name="Windows 11 Pro",
                   cpu="Intel Core i5-1245U", ram="16 GB", disk="512 GB SSD") for n in range(1, 4)]
    monitors = [add("monitor", "Monitor 24\"", f"DEMO-MON-{n:04d}", "890.00", manufacturer="Dell",
                    model="P2422H", parent=desktops[n - 1], location=desktops[n - 1].location)
                 for n in range(1, 8)]

    rollout = datetime.date(2023, 1, 10)
    issued_by = "Paweł Zieliński, informatyk"
    for last_name, desktop in zip(DESKTOP_USERS, desktops):
        items = [desktop] + [m for m in monitors if m.parent_id == desktop.pk]
        services.asset_handover(user=actor, person=people[last_name], assets=items, date=rollout,
                                issued_by=issued_by)
    for last_name, laptop in zip(LAPTOP_USERS, laptops):
        services.asset_handover(user=actor, person=people[last_name], assets=[laptop], date=rollout,
                                issued_by=issued_by, details={laptop.pk: {"accessories": "zasilacz, torba"}})

    older = {"notes": ILLUSTRATIVE, "vat_rate": Decimal("23"), "funding": "budżet gminy"}
    old_pc = [services.asset_create(
        user=actor, organization=office, category=_category("komputer stacjonarny"),
        name="Komputer stacjonarny (stary)", manufacturer="HP", model="ProDesk 400 G3",
        serial_number=f"DEMO-OLD-{n:04d}", gross_price=Decimal("2890.00"),
        purchase_date=datetime.date(2016, 5, 20), location=rooms["Pokój 3 – Referat Organizacyjny"],
        os_name="Windows 10 Pro", **older) for n in range(1, 4)]
    services.asset_retire(user=actor, asset=old_pc[0], status="disposed",
                          date=datetime.date(2023, 2, 28), reason="Zużycie, brak wsparcia systemu",
                          protocol_number="PL/1/2023 (demo)")
    # Equipment changes hands with a protocol, in the demo too: the holder, the assignment
    # and the printed protocol always agree.
    printer = services.asset_create(
        user=actor, organization=office, category=_category("drukarka"), name="Drukarka laserowa",
        manufacturer="HP", model="LaserJet Pro M404dn", serial_number="DEMO-PRN-0001",
        gross_price=Decimal("1290.00"), purchase_date=datetime.date(2018, 3, 12),
        location=rooms["Pokój 14 – USC"], **older)
    services.asset_handover(user=actor, person=people["Szymańska"], assets=[printer],
                            date=datetime.date(2018, 3, 19), issued_by=issued_by,
                            details={printer.pk: {"condition": "nowa, sprawna",
                                                  "accessories": "kabel zasilający, kabel USB"}})
    services.asset_create(user=actor, organization=office, category=_category("przełącznik"),
                          name="Przełącznik 24-portowy", manufacturer="TP-Link", model="TL-SG3428",
                          serial_number="DEMO-SW-0001", gross_price=Decimal("1150.00"),
                          purchase_date=datetime.date(2019, 6, 3), status="in_use",
                          location=rooms["Serwerownia"], ip_addresses="192.168.10.2", **older)
    services.asset_create(user=actor, organization=office, category=_category("UPS"),
                          name="Zasilacz awaryjny 1500 VA", manufacturer="APC", model="Smart-UPS 1500",
                          serial_number="DEMO-UPS-0001", gross_price=Decimal("3400.00"),
                          purchase_date=datetime.date(2019, 6, 3), status="in_use",
                          location=rooms["Serwerownia"], **older)
    # Held by an employee who has left: the register shows it must be taken back.
    leaver = people.get("Jabłoński")
    if leaver is not None:
        old_laptop = services.asset_create(
            user=actor, organization=office, category=_category("laptop"), name="Laptop (stary)",
            manufacturer="Dell", model="Latitude 5490", serial_number="DEMO-OLD-NB-01",
            gross_price=Decimal("3990.00"), purchase_date=datetime.date(2019, 2, 11), **older)
        # Handed over while he still worked here (the protocol of 2019, entered later).
        services.asset_handover(user=actor, person=leaver, assets=[old_laptop],
                                date=datetime.date(2019, 2, 18), issued_by=issued_by,
                                details={old_laptop.pk: {"accessories": "zasilacz"}})
    return Asset.objects.filter(organization=office).count()
