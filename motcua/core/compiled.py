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

from typing import Any, Generic, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)
_MARKER = "__compiled_lookup_key__"
_Statement = tuple[str, list[str], list[tuple[int, list[Any], Any]]]


class CompiledLookup(Generic[M]):
    def __init__(self, model: type[M], *, key: str, fields: tuple[str, ...]) -> None:
        self.model = model
        self.key = key
        self.fields = fields
        # per database alias: the router may send this read to a replica (core/dbrouter.py)
        self._statements: dict[str, _Statement] = {}

    def _statement(self, alias: str) -> _Statement:
        """(SQL with one parameter, the attribute names of its columns, the backend's value
        converters per column: SQLite returns datetimes as text, for instance)."""
        if alias in self._statements:
            return self._statements[alias]
        rows = self.model._default_manager.filter(**{self.key: _MARKER}).only(*self.fields)
        compiler = rows.order_by()[:1].query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if tuple(params) != (_MARKER,):
            raise ValueError(f"unexpected parameters for a compiled lookup: {params!r}")
        columns = [column for column, _, _ in compiler.select]
        converters = [
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(columns).items()
        ]
        statement = (sql, [column.target.attname for column in columns], converters)
        self._statements[alias] = statement
        return statement

    def get(self, value: str) -> M | None:
        """The row whose key is `value` (the key is unique), or None."""
        alias = router.db_for_read(self.model) or "default"
        sql, attnames, converters = self._statement(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for position, functions, expression in converters:
            for convert in functions:
                values[position] = convert(values[position], expression, connection)
        return self.model.from_db(alias, attnames, values)
