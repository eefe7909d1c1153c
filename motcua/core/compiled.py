"""A one-row lookup whose SQL is compiled once per process and database.

Building a queryset and compiling it to SQL costs the ORM about a millisecond of Python, more
than the indexed lookup itself takes on PostgreSQL. For the hottest public reads (tracking by
dossier code) `CompiledLookup` compiles the queryset once, with a marker in place of the key,
and then runs the same statement with the real key. The row comes back as a model instance
through `Model.from_db` (the fields not selected are deferred, as with `.only()`), so callers
see exactly what `Model.objects.filter(key=value).only(*fields).first()` would give for a
unique key, in one statement.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Generic, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)
_MARKER = "__compiled_lookup_key__"


class CompiledLookup(Generic[M]):
    def __init__(self, model: type[M], *, key: str, fields: tuple[str, ...]) -> None:
        self.model = model
        self.key = key
        self.fields = fields

    @cached_property
    def _alias(self) -> str:
        return router.db_for_read(self.model) or "default"

    @cached_property
    def _statement(self) -> tuple[str, list[str], list[tuple[int, list[Any], Any]]]:
        """(SQL with one parameter, the attribute names of its columns, the backend's value
        converters per column: SQLite returns datetimes as text, for instance)."""
        rows = self.model._default_manager.filter(**{self.key: _MARKER}).only(*self.fields)
        compiler = rows.order_by()[:1].query.get_compiler(using=self._alias)
        sql, params = compiler.as_sql()
        if tuple(params) != (_MARKER,):
            raise ValueError(f"unexpected parameters for a compiled lookup: {params!r}")
        columns = [column for column, _, _ in compiler.select]
        converters = [
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(columns).items()
        ]
        return sql, [column.target.attname for column in columns], converters

    def get(self, value: str) -> M | None:
        """The row whose key is `value` (the key is unique), or None."""
        sql, attnames, converters = self._statement
        connection = connections[self._alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for position, functions, expression in converters:
            for convert in functions:
                values[position] = convert(values[position], expression, connection)
        return self.model.from_db(self._alias, attnames, values)
