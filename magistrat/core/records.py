"""Generic write steps the domain services compose: validate, save, log — in one transaction.

Domain services check permissions and domain rules, then call these; views, the API, the CLI
and imports never call them directly.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils.translation import gettext as _

from .changelog import log_change, snapshot
from .models import ChangeLogEntry


def _assign(instance: models.Model, data: dict) -> None:
    field_names = {f.name for f in instance._meta.get_fields()}
    for name, value in data.items():
        if name not in field_names:
            raise ValidationError({name: _("Unknown field.")})
        setattr(instance, name, value)


def record_create(*, user, model: type[models.Model], data: dict,
                  organization_id: int | None = None) -> models.Model:
    instance = model()
    _assign(instance, data)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        log_change(user=user, instance=instance, action=ChangeLogEntry.Action.CREATE,
                   organization_id=organization_id)
    return instance


def record_update(*, user, instance: models.Model, data: dict,
                  organization_id: int | None = None) -> models.Model:
    before = snapshot(instance)
    _assign(instance, data)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        log_change(user=user, instance=instance, action=ChangeLogEntry.Action.UPDATE,
                   before=before, organization_id=organization_id)
    return instance


def referring_records(instance: models.Model) -> list[str]:
    """What keeps `instance` from being deleted: "assets: 3", "handover protocols: 1"… (empty when
    nothing does). Asked before deleting — the record's page disables "Delete" with it, the
    confirmation page says it — so it follows the rules Django's delete applies (PROTECT and
    RESTRICT relations, also of records the delete would cascade to) with a count per relation,
    never loading the referring records themselves: an office's page stays quick whatever it
    holds."""
    counts: Counter = Counter()
    model = type(instance)
    _count_blockers(model, model._base_manager.filter(pk=instance.pk), counts, depth=4)
    # "assets: 2" rather than "2 assets": a count before a noun needs plural forms the
    # model's two names do not have in Polish.
    return [f"{blocker._meta.verbose_name_plural}: {count}" for blocker, count in counts.items()]


def _count_blockers(model, queryset, counts: Counter, depth: int) -> None:
    for relation in get_candidate_relations_to_delete(model._meta):
        related = relation.related_model
        on_delete = relation.on_delete
        if on_delete not in (models.PROTECT, models.RESTRICT, models.CASCADE):
            continue                       # SET_NULL, SET_DEFAULT, DO_NOTHING never refuse
        children = related._base_manager.filter(**{f"{relation.field.name}__in": queryset.values("pk")})
        if on_delete is models.CASCADE:
            if depth > 0 and related is not model:
                _count_blockers(related, children, counts, depth - 1)
            continue
        found = children.count()
        if found:
            counts[related] += found


def record_delete(*, user, instance: models.Model, organization_id: int | None = None) -> None:
    before = snapshot(instance)
    pk = instance.pk
    try:
        with transaction.atomic():
            instance.delete()
            instance.pk = pk  # the log names the record that was deleted
            log_change(user=user, instance=instance, action=ChangeLogEntry.Action.DELETE,
                       before=before, organization_id=organization_id)
    except (ProtectedError, RestrictedError, IntegrityError) as exc:
        instance.pk = pk
        raise ValidationError(delete_refusal(instance)) from exc


def delete_refusal(instance: models.Model) -> str:
    referring = referring_records(instance)
    if referring:
        return _("%(record)s cannot be deleted: other records refer to it (%(records)s).") % {
            "record": instance, "records": ", ".join(referring)}
    return _("%(record)s cannot be deleted because other records refer to it.") % {"record": instance}
