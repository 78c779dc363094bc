"""The deadlines that follow a project's dates (docs/decisions/0017-deadlines-follow-the-project.md).

A project's automatic deadlines — the end of eligibility (the programme's), the end of the
project, the settlement due (when the programme says how many days after the end), the end of
durability, and a request for each tranche that has a "request due by" date — are kept in step
with the dates they come from whenever the project, its tranches or its programme change:

- an automatic deadline that is not done moves with its date, and goes when the date is cleared;
- one marked done is history and stays as it is (a tranche's deadline is marked done when the
  tranche is requested);
- a deadline edited by hand (its date, name or kind) stops being automatic, and no automatic one
  of the same kind is added beside it; nor beside one the user added of that kind.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from magistrat.core.records import record_create, record_delete, record_update

from .models import GrantProject, Milestone


def expected(project: GrantProject) -> dict[tuple, dict]:
    """(kind, tranche id) -> the deadline's name, date and, for a requested tranche, done date."""
    program = project.program
    found = {}
    # Stored names go into documents for the grant operator: Polish, whoever changes the project
    # and whatever the installation's default language.
    with translation.override("pl"):
        if program.eligibility_end:
            found[(Milestone.Kind.ELIGIBILITY_END, None)] = {
                "name": _("End of expense eligibility"), "due_date": program.eligibility_end}
        if project.end_date:
            found[(Milestone.Kind.PROJECT_END, None)] = {"name": _("End of the project"),
                                                         "due_date": project.end_date}
            if program.settlement_due_days is not None:
                found[(Milestone.Kind.SETTLEMENT_DUE, None)] = {
                    "name": _("Settlement of the grant due"),
                    "due_date": project.end_date + datetime.timedelta(days=program.settlement_due_days)}
        if project.durability_end:
            found[(Milestone.Kind.DURABILITY_END, None)] = {"name": _("End of durability"),
                                                            "due_date": project.durability_end}
        for tranche in project.tranches.all():
            if tranche.request_due:
                found[(Milestone.Kind.TRANCHE_REQUEST, tranche.pk)] = {
                    "name": _("Request for tranche %(number)s") % {"number": tranche.number},
                    "due_date": tranche.request_due, "done_on": tranche.requested_on, "tranche": tranche}
    return {key: {**value, "name": str(value["name"])} for key, value in found.items()}


def sync_project_deadlines(*, user, project: GrantProject) -> None:
    """Bring the project's automatic deadlines in line with its dates (see the module's rules)."""
    wanted = expected(project)
    milestones = list(project.milestones.all())
    org_id = project.organization_id
    for (kind, tranche_id), values in wanted.items():
        same = [m for m in milestones if m.kind == kind and m.tranche_id == tranche_id]
        own = next((m for m in same if m.automatic), None)
        if own is None:
            if not same:        # nothing of this kind yet, neither automatic nor the user's
                record_create(user=user, model=Milestone, organization_id=org_id, data={
                    "project": project, "kind": kind, "automatic": True, **values})
            continue
        if own.done_on:
            continue            # done: history
        changes = {name: value for name, value in values.items()
                   if name in ("due_date", "done_on", "name") and value and getattr(own, name) != value}
        if changes:
            record_update(user=user, instance=own, data=changes, organization_id=org_id)
    for milestone in milestones:
        if milestone.automatic and not milestone.done_on and (milestone.kind, milestone.tranche_id) not in wanted:
            record_delete(user=user, instance=milestone, organization_id=org_id)


def edited_by_hand(milestone: Milestone, data: dict) -> bool:
    """Whether an update of an automatic deadline changes what the project's dates decide."""
    return any(name in data and data[name] != getattr(milestone, name) for name in ("due_date", "name", "kind"))
