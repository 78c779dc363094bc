"""Grant programmes as data: programmes/*.yaml, loaded idempotently.

A programme already in the database is left as it is (an installation administrator may have
edited it) unless the load is asked to update it; missing programmes are created. The first
load is a migration (`load`, with the migration's historical model); later ones are
`magistrat programmes load [--update]` and `magistrat demo` (`sync`, through the services,
with the change log). Every file is checked by the same rules as the edit form and the API.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

DIRECTORY = Path(__file__).resolve().parent / "programmes"
FIELDS = ["name", "operator", "fund", "eligibility_start", "eligibility_end", "max_duration_months",
          "min_amount", "max_amount", "settlement_due_days", "cost_areas", "funding_pattern", "tranche_pattern",
          "durability_years", "durability_from", "durability_note", "indicator_templates",
          "promotion_templates", "public_wording", "notes"]


class CatalogueError(Exception):
    """A programme file that cannot be read or breaks the rules; the text names the file."""


def read(directory: Path | None = None) -> list[dict]:
    programmes = []
    for path in sorted((directory or DIRECTORY).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise CatalogueError(f"{path.name}: {exc}") from None
        if not isinstance(data, dict) or not data.get("code"):
            raise CatalogueError(f"{path.name}: not a programme (no code)")
        unknown = sorted(set(data) - set(FIELDS) - {"code"})
        if unknown:
            raise CatalogueError(f"{path.name}: unknown fields {', '.join(unknown)}")
        for key in ("min_amount", "max_amount"):
            if data.get(key) is not None:
                data[key] = Decimal(str(data[key]))
        for key in ("eligibility_start", "eligibility_end"):
            if isinstance(data.get(key), str):
                data[key] = datetime.date.fromisoformat(data[key])
        data["_file"] = path.name
        programmes.append(data)
    return programmes


def load(Program) -> int:
    """Create the missing programmes; `Program` may be a migration's historical model."""
    names = {f.name for f in Program._meta.get_fields()}
    created = 0
    for data in read():
        if Program.objects.filter(code=data["code"]).exists():
            continue
        Program.objects.create(code=data["code"], **{k: data[k] for k in FIELDS if k in data and k in names})
        created += 1
    return created


@dataclass
class Outcome:
    code: str
    name: str
    action: str                     # "created", "updated", "unchanged", "kept" (differs, not updated)
    fields: list[str] = field(default_factory=list)


def _from_file(data: dict):
    """The file's programme as an unsaved Program, checked and normalised; every field the
    file leaves out takes its default, so an update makes the record match the file."""
    from .models import Program

    program = Program(code=data["code"], **{k: data[k] for k in FIELDS if k in data})
    try:
        program.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
        raise CatalogueError(f"{data['_file']}: {problems}") from None
    return program


def _normalised(program) -> dict:
    from .patterns import CLEANERS

    values = {name: getattr(program, name) for name in FIELDS}
    for name, clean in CLEANERS.items():
        try:
            values[name] = clean(values[name])
        except ValidationError:
            pass                    # stored values that break the rules differ from any file
    return values


def differences(program, expected) -> list[str]:
    """The fields in which a stored programme differs from the file's."""
    have, want = _normalised(program), _normalised(expected)
    return [name for name in FIELDS if have[name] != want[name]]


def sync(*, user, update: bool = False) -> list[Outcome]:
    """Create the programmes missing from the database; with `update`, also bring the others
    in line with their files. Says what happened to each file's programme."""
    from . import services
    from .models import Program

    wanted = [_from_file(data) for data in read()]
    outcomes = []
    for expected in wanted:
        existing = Program.objects.filter(code=expected.code).first()
        if existing is None:
            services.program_create(user=user, code=expected.code,
                                    **{name: getattr(expected, name) for name in FIELDS})
            outcomes.append(Outcome(expected.code, expected.name, "created"))
            continue
        changed = differences(existing, expected)
        if not changed:
            outcomes.append(Outcome(expected.code, expected.name, "unchanged"))
        elif update:
            services.program_update(user=user, program=existing,
                                    **{name: getattr(expected, name) for name in changed})
            outcomes.append(Outcome(expected.code, expected.name, "updated", changed))
        else:
            outcomes.append(Outcome(expected.code, expected.name, "kept", changed))
    return outcomes


def file_differences() -> dict[str, list[str] | None]:
    """For `programmes list`: code -> the fields that differ from its file (None: no file)."""
    from .models import Program

    files = {data["code"]: _from_file(data) for data in read()}
    return {program.code: differences(program, files[program.code]) if program.code in files else None
            for program in Program.objects.all()}
