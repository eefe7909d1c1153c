"""Delete the generated data, and only it, with set-based SQL (no rows loaded into Python).

Generated rows are found by their codes: agencies `999.…`, accounts `gen.…`, procedures
`GEN.…`, sectors `GEN-…` (`figures`); everything that hangs on them is found through the
models' reverse relations, so a dossier of a generated agency goes with its records, whatever
app holds them, and its analytics facts and rollup rows go too (run `rollups_rebuild` after).
A reference that Django would set to NULL is set to NULL. The audit log is never touched: an
event that names a generated row makes the reset fail (the chain must stay whole).
"""

from __future__ import annotations

from django.db import connection, models, transaction

from motcua.accounts.models import Agency, User
from motcua.analytics.generate import figures as F
from motcua.analytics.generate.writer import pk_column
from motcua.catalog.models import Field, Procedure
from motcua.core.models import AuditEvent

NEVER = (AuditEvent,)


def _select(model: type[models.Model], where: str) -> str:
    qn = connection.ops.quote_name
    pk = pk_column(model)
    return f"SELECT {qn(pk)} FROM {qn(model._meta.db_table)} WHERE {where}"  # noqa: S608


def _reverse(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Every relation pointing at `model`, hidden ones (related_name "+", many-to-many tables)
    included."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if isinstance(f, models.ForeignObjectRel) and (f.one_to_many or f.one_to_one)
    ]


def _purge(model: type[models.Model], where: str, stack: tuple[type, ...]) -> int:
    """Delete the rows of `model` matching `where` (SQL over our own names and literals) and,
    first, every row that refers to them."""
    qn = connection.ops.quote_name
    ids = _select(model, where)
    removed = 0
    with connection.cursor() as cursor:
        for rel in _reverse(model):
            child = rel.related_model
            if child in NEVER:
                continue
            column = qn(str(rel.field.column))
            table = qn(child._meta.db_table)
            if rel.on_delete is models.SET_NULL or child is model or child in stack:
                if rel.field.null:
                    cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({ids})")  # noqa: S608
                continue
            removed += _purge(child, f"{column} IN ({ids})", (*stack, model))
        cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE {where}")  # noqa: S608
        return removed + max(cursor.rowcount, 0)


def _prefix(column: str, prefix: str) -> str:
    assert prefix.replace(".", "").replace("-", "").isalnum()  # a literal of our own
    return f"{connection.ops.quote_name(column)} LIKE '{prefix}%'"


def reset() -> int:
    """Delete every generated row; returns how many rows were deleted."""
    with transaction.atomic():
        removed = _purge(Agency, _prefix("code", F.AGENCY_PREFIX), ())
        removed += _purge(User, _prefix("username", F.USER_PREFIX), ())
        removed += _purge(Procedure, _prefix("code", F.PROCEDURE_PREFIX), ())
        return removed + _purge(Field, _prefix("code", F.FIELD_PREFIX), ())
