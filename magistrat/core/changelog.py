"""Writing the change log. Services call `log_change`; nothing else writes entries."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from . import context
from .models import ChangeLogEntry

MASK = "********"
SKIPPED_FIELDS = {"created_at", "updated_at", "tree_path", "last_login"}
# Masked on every model, whatever it declares (Django's User keeps its hash in "password").
ALWAYS_SECRET = {"password"}


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model) -> dict:
    """The record's loggable values: related records by their name, secrets masked."""
    secret = set(getattr(instance, "changelog_secret_fields", ())) | ALWAYS_SECRET
    data = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in SKIPPED_FIELDS:
            continue
        if field.is_relation:
            value = getattr(instance, field.name) if getattr(instance, field.attname) else None
        else:
            value = field.value_from_object(instance)
        value = _jsonable(value)
        if field.name in secret and value not in (None, ""):
            value = MASK
        data[field.name] = value
    return data


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value is False


def log_change(*, user, instance, action: str, before: dict | None = None,
               organization_id: int | None = None) -> ChangeLogEntry | None:
    """Record one change. `before` is the snapshot taken before an update or delete."""
    after = snapshot(instance) if action != ChangeLogEntry.Action.DELETE else {}
    if action == ChangeLogEntry.Action.CREATE:
        changes = {k: [None, v] for k, v in after.items() if not _empty(v)}
    elif action == ChangeLogEntry.Action.UPDATE:
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if not changes:
            return None
    else:
        changes = {k: [v, None] for k, v in (before or {}).items() if not _empty(v)}
    if organization_id is None:
        organization_id = getattr(instance, "organization_id", None)
    return ChangeLogEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        user_name=getattr(user, "username", "") or "",
        channel=context.current_channel(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        organization_id=organization_id,
        changes=changes,
    )


def history_for(instance: models.Model):
    """Entries about one record, newest first."""
    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("content_type")
