"""Default KŚT classes and shared categories, loaded idempotently (migration and demo).

KŚT codes are given only where sure: computer sets are 487 in KŚT 2016 (491 in KŚT 2010),
30% tax depreciation. Other categories leave the class for each office to set.
"""

from decimal import Decimal

KST_CLASSES = [
    ("2016", "487", "Zespoły komputerowe", Decimal("30")),
    ("2010", "491", "Zespoły komputerowe", Decimal("30")),
]

# (name, code, KŚT 2016 code or None, tracking)
CATEGORIES = [
    ("serwer", "SRV", "487", "individual"),
    ("komputer stacjonarny", "KS", "487", "individual"),
    ("laptop", "LAP", "487", "individual"),
    ("monitor", "MON", None, "individual"),
    ("urządzenie wielofunkcyjne / kserokopiarka", "MFP", None, "individual"),
    ("drukarka", "DRK", None, "individual"),
    ("skaner", "SKN", None, "individual"),
    ("przełącznik", "SW", None, "individual"),
    ("router", "RTR", None, "individual"),
    ("firewall", "FW", None, "individual"),
    ("punkt dostępowy", "AP", None, "individual"),
    ("UPS", "UPS", None, "individual"),
    ("macierz / NAS", "NAS", None, "individual"),
    ("telefon", "TEL", None, "individual"),
    ("tablet", "TAB", None, "individual"),
    ("projektor", "PRJ", None, "individual"),
    ("inne", "INNE", None, "quantity"),
]


def load(KstClass, AssetCategory) -> None:
    """Takes the model classes (real or historical, from a migration)."""
    classes = {}
    for edition, code, name, rate in KST_CLASSES:
        classes[(edition, code)], _created = KstClass.objects.get_or_create(
            edition=edition, code=code, defaults={"name": name, "depreciation_rate": rate})
    for name, code, kst, tracking in CATEGORIES:
        if not AssetCategory.objects.filter(organization__isnull=True, name=name).exists():
            AssetCategory.objects.create(organization=None, name=name, code=code, tracking=tracking,
                                         kst=classes.get(("2016", kst)) if kst else None)
