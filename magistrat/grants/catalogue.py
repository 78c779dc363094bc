"""Grant programmes as data: programmes/*.yaml, loaded idempotently.

A programme already in the database is left as it is (offices may have edited it); only
missing programmes are created. Run by a migration, `magistrat demo` and `magistrat programmes`.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml

DIRECTORY = Path(__file__).resolve().parent / "programmes"
FIELDS = ["name", "operator", "fund", "eligibility_start", "eligibility_end", "max_duration_months",
          "min_amount", "max_amount", "cost_areas", "funding_pattern", "tranche_pattern",
          "durability_years", "durability_from", "durability_note", "indicator_templates",
          "promotion_templates", "public_wording", "notes"]


def read() -> list[dict]:
    programmes = []
    for path in sorted(DIRECTORY.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("min_amount", "max_amount"):
            if data.get(key) is not None:
                data[key] = Decimal(str(data[key]))
        for key in ("eligibility_start", "eligibility_end"):
            if isinstance(data.get(key), str):
                data[key] = datetime.date.fromisoformat(data[key])
        programmes.append(data)
    return programmes


def load(Program) -> int:
    """Create the missing programmes; `Program` may be a migration's historical model."""
    created = 0
    for data in read():
        if Program.objects.filter(code=data["code"]).exists():
            continue
        Program.objects.create(code=data["code"], **{k: data[k] for k in FIELDS if k in data})
        created += 1
    return created
