"""Writing the change log. Services call `log_change` (or `log_changes` for many records at
once, as imports do); nothing else writes entries."""

import datetime
import decimal
import functools
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

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


_PLAIN = (str, int, bool, float, type(None))


@functools.cache
def _plan(model) -> tuple:
    """(name, attname, is_relation, is_secret) of the fields a snapshot holds, once per model."""
    secret = set(getattr(model, "changelog_secret_fields", ())) | ALWAYS_SECRET
    return tuple((field.name, field.attname, field.is_relation, field.name in secret)
                 for field in model._meta.concrete_fields
                 if not field.primary_key and not field.generated and field.name not in SKIPPED_FIELDS)


def snapshot(instance: models.Model) -> dict:
    """The record's loggable values: related records by their name, secrets masked."""
    data = {}
    for name, attname, relation, secret in _plan(type(instance)):
        value = getattr(instance, attname)
        if relation:
            value = str(getattr(instance, name)) if value else None
        elif value.__class__ not in _PLAIN:
            value = _jsonable(value)
        if secret and value not in (None, ""):
            value = MASK
        data[name] = value
    return data


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value is False


def _entry(user, instance, action: str, before: dict | None, organization_id: int | None,
           content_type, channel: str, make=ChangeLogEntry, changed_secrets=(),
           **extra) -> ChangeLogEntry | None:
    after = snapshot(instance) if action != ChangeLogEntry.Action.DELETE else {}
    if action == ChangeLogEntry.Action.CREATE:
        # _empty() inlined: imports log 100 000 creations at once.
        changes = {k: [None, v] for k, v in after.items()
                   if not (v is None or v is False or v == "" or v == [])}
    elif action == ChangeLogEntry.Action.UPDATE:
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        # A secret masked before and after looks unchanged: the caller says it changed.
        changes.update({name: [MASK, MASK] for name in changed_secrets})
        if not changes:
            return None
    else:
        changes = {k: [v, None] for k, v in (before or {}).items() if not _empty(v)}
    if organization_id is None:
        # A tenant record belongs to its organization; a record that is not one (an
        # organization itself) may say whose journal it belongs to.
        organization_id = getattr(instance, "organization_id", None)
        if organization_id is None:
            organization_id = getattr(instance, "changelog_organization_id", None)
    return make(
        user=user if getattr(user, "pk", None) else None,
        user_name=getattr(user, "username", "") or "",
        channel=channel,
        action=action,
        content_type=content_type,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        organization_id=organization_id,
        changes=changes,
        **extra,
    )


def log_change(*, user, instance, action: str, before: dict | None = None,
               organization_id: int | None = None,
               changed_secrets: tuple[str, ...] = ()) -> ChangeLogEntry | None:
    """Record one change. `before` is the snapshot taken before an update or delete;
    `changed_secrets` names masked fields that changed (a new password)."""
    entry = _entry(user, instance, action, before, organization_id,
                   ContentType.objects.get_for_model(instance, for_concrete_model=True),
                   context.current_channel(), changed_secrets=changed_secrets)
    if entry is not None:
        # The one place a single entry is written: services call this inside their transaction
        # (a service of its own would have to log itself). Entries are never updated or deleted.
        entry.save()
    return entry


def log_changes(*, user, items, organization_id: int | None = None) -> int:
    """Record many changes at once (imports): entries exactly like `log_change` writes.

    `items` yields (instance, action, before); unchanged updates are skipped. Returns the number
    of entries written. Must run inside the transaction that made the changes."""
    from .imports.bulk import build, bulk_insert

    channel = context.current_channel()
    types, entries = {}, []
    make = functools.partial(build, ChangeLogEntry)
    timestamp = timezone.now()
    for instance, action, before in items:
        model = type(instance)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(instance, for_concrete_model=True)
        entry = _entry(user, instance, action, before, organization_id, types[model], channel,
                       make=make, timestamp=timestamp)
        if entry is not None:
            entries.append(entry)
    bulk_insert(entries)
    return len(entries)


def history_for(instance: models.Model):
    """Entries about one record, newest first."""
    return ChangeLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("content_type")
