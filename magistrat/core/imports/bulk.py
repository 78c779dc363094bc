"""Fast inserts and updates of many model instances, for imports (docs/decisions/0012).

Django's `bulk_create` spends about 2.5 µs per value compiling SQL; for 100 000 assets of 43
columns that is ten seconds before the database does anything. Here each column's adapter is
chosen once, primary keys are reserved up front (so the change log can name the records), and
the rows go to PostgreSQL with COPY and to SQLite with `executemany`. Other databases fall back
to `bulk_create`. Callers must be inside a transaction; no signals are sent (there are none in
Magistrat: services write the change log themselves).
"""

import functools

from django.db import connections, models, router, transaction
from django.db.models.base import ModelState
from django.utils import timezone

BATCH = 5000


def _stored_fields(model) -> list:
    """The columns an insert writes: generated columns are the database's to fill."""
    return [field for field in model._meta.concrete_fields if not field.generated]


@functools.cache
def _blueprint(model):
    """Defaults by attname, callable defaults, and foreign keys (name -> attname) of a model."""
    defaults, callables, relations = {}, {}, {}
    for field in _stored_fields(model):
        if field.has_default() and callable(field.default):
            callables[field.attname] = field.default
        else:
            defaults[field.attname] = None if field.primary_key else field.get_default()
        if field.is_relation:
            relations[field.name] = field.attname
    return defaults, callables, relations


def build(model, /, **values):
    """A new, unsaved instance, like `model(**values)` but without Django's per-field __init__
    work (several times faster; no pre/post_init signals, which Magistrat does not use).
    Related records may be given by field name (cached, as the ORM does) or id by attname."""
    defaults, callables, relations = _blueprint(model)
    instance = model.__new__(model)
    state = instance._state = ModelState()
    data = instance.__dict__
    data.update(defaults)
    for attname, make in callables.items():
        if attname not in values:
            data[attname] = make()
    for key, value in values.items():
        attname = relations.get(key)
        if attname is None:
            data[key] = value
        else:
            data[attname] = None if value is None else value.pk
            if value is not None:
                state.fields_cache[key] = value
    return instance


def _cached(adapt):
    """Imports repeat the same dates, amounts and timestamps: adapt each distinct value once."""
    return functools.lru_cache(maxsize=4096)(adapt)


def _adapter(field, connection):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _cached(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _cached(ops.adapt_datefield_value)
    if isinstance(field, models.DecimalField):
        return _cached(lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places))
    if isinstance(field, (models.CharField, models.TextField, models.IntegerField,
                          models.BooleanField, models.ForeignKey, models.AutoField)):
        return None
    return lambda v: field.get_db_prep_save(v, connection)


def _columns(model, connection, fields):
    quote = connection.ops.quote_name
    return ", ".join(quote(f.column) for f in fields), [_adapter(f, connection) for f in fields]


def _row(obj, attnames, adapters):
    data = obj.__dict__
    return [value if adapt is None or value is None else adapt(value)
            for value, adapt in zip([data[a] for a in attnames], adapters)]


def _touch(objs, fields, now, *, adding: bool):
    for field in fields:
        if isinstance(field, models.DateField) and (field.auto_now or (adding and field.auto_now_add)):
            for obj in objs:
                if field.auto_now or getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)


def reserve_ids(model, count: int, using: str) -> list[int]:
    """`count` fresh primary keys, never used before (also not by deleted rows)."""
    connection = connections[using]
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), pk, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
        return list(range(start, start + count))


def bulk_insert(objs: list, *, batch_size: int = BATCH) -> list:
    """Insert new instances of one model and give them their primary keys."""
    if not objs:
        return objs
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk_insert needs a transaction.")
    fields = _stored_fields(model)
    _touch(objs, fields, timezone.now(), adding=True)
    if connection.vendor not in ("postgresql", "sqlite"):
        return model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    for obj, pk in zip(objs, reserve_ids(model, len(objs), using)):
        obj.pk = pk
    columns, adapters = _columns(model, connection, fields)
    attnames = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in objs:
                    copy.write_row(_row(obj, attnames, adapters))
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(objs), batch_size):
                cursor.executemany(sql, [_row(o, attnames, adapters) for o in objs[start:start + batch_size]])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    return objs


def bulk_update(objs: list, field_names: list[str], *, batch_size: int = BATCH) -> None:
    """Write `field_names` (plus auto_now fields) of existing instances, one statement shape."""
    if not objs:
        return
    model = type(objs[0])
    using = router.db_for_write(model)
    connection = connections[using]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk_update needs a transaction.")
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    fields += [f for f in meta.concrete_fields if getattr(f, "auto_now", False) and f not in fields]
    _touch(objs, fields, timezone.now(), adding=False)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    adapters = [_adapter(f, connection) for f in fields]
    attnames = [f.attname for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [[*_row(o, attnames, adapters), o.pk] for o in objs[start:start + batch_size]])
