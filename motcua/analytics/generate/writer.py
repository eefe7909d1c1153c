"""Write generated rows fast: COPY (text format) on PostgreSQL, executemany on SQLite.

A `Table` names a model and the columns its rows give, in order; it is checked against the
model when made, so a column added to a model (a new NOT NULL one above all) stops the generator
with a clear error instead of writing rows that miss it. Rows are tuples of plain values:
int, str, bool, None, `datetime.date`, and instants as whole seconds since the epoch (a column
of a DateTimeField). JSON columns take their text, already serialised.

Nothing here disables a constraint or drops an index: the rows go through them as they are
(foreign keys are DEFERRABLE INITIALLY DEFERRED in both backends, so parent rows may follow in
the same transaction). Tables whose primary keys the generator chose get their sequence moved
past the largest id (`fix_sequences`), so the application goes on creating rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.db.models import Model

Convert = Callable[[Any], Any]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Stamps:
    """Epoch seconds → 'YYYY-MM-DD HH:MM:SS' + suffix (UTC), cached by day and time of day."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.days: dict[int, str] = {}
        self.tod = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)]

    def __call__(self, instant: int) -> str:
        day, second = divmod(instant, 86_400)
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = datetime.fromtimestamp(day * 86_400, UTC).date().isoformat()
        return f"{text} {self.tod[second]}{self.suffix}"


def _text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


_PG_BOOL = {True: "t", False: "f"}.__getitem__
TEXT_KINDS = ("CharField", "TextField", "JSONField", "EmailField", "FileField")


class Table:
    def __init__(self, model: type[Model], columns: Sequence[str], converters: list[Convert]):
        self.model = model
        self.name = model._meta.db_table
        self.columns = tuple(columns)
        self.converters = converters
        self.explicit_ids = pk_column(model) in self.columns


def pk_column(model: type[Model]) -> str:
    pk = model._meta.pk
    assert pk is not None
    assert pk.column is not None
    return pk.column


def _kinds(model: type[Model], columns: Sequence[str]) -> list[str]:
    fields = {str(f.column): f for f in model._meta.concrete_fields}
    pk = pk_column(model)
    missing = set(fields) - set(columns) - {pk}
    unknown = set(columns) - set(fields)
    if missing or unknown:
        raise RuntimeError(
            f"generate_city: {model._meta.db_table} columns do not match the model "
            f"(missing {sorted(missing)}, unknown {sorted(unknown)})"
        )
    return [fields[c].get_internal_type() for c in columns]


class Writer:
    """Rows into tables on the default connection, inside the caller's transaction.

    `encode` turns rows into what the database is sent (COPY text, or parameter tuples) and
    touches no connection, so another thread may run it while `send` writes the batch before.
    Values are converted column by column (`map` over a column with one converter), which is
    several times faster than a call per value."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.stamps = Stamps("+00" if self.postgres else "")
        self.written: set[Table] = set()

    def table(self, model: type[Model], columns: Sequence[str]) -> Table:
        converters = [self._converter(kind) for kind in _kinds(model, columns)]
        return Table(model, columns, converters)

    def _converter(self, kind: str) -> Convert:
        if kind == "DateTimeField":
            return self.stamps
        if kind == "DateField":
            return date.isoformat
        if not self.postgres:
            return _same
        if kind == "BooleanField":
            return _PG_BOOL
        return _text if kind in TEXT_KINDS else str

    def encode(self, table: Table, rows: list[tuple[Any, ...]]) -> Any:
        null = "\\N" if self.postgres else None
        out = []
        for convert, column in zip(table.converters, zip(*rows, strict=True), strict=True):
            if convert is _same:
                out.append(column)
            elif None in column:
                out.append(tuple(null if v is None else convert(v) for v in column))
            else:
                out.append(tuple(map(convert, column)))
        if not self.postgres:
            return list(zip(*out, strict=True))
        return "".join([line + "\n" for line in map("\t".join, zip(*out, strict=True))])

    def send(self, table: Table, payload: Any) -> None:
        self.written.add(table)
        qn = connection.ops.quote_name
        cols = ", ".join(qn(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                # Only our own table and column names, quoted.
                with cursor.cursor.copy(f"COPY {qn(table.name)} ({cols}) FROM STDIN") as copy:
                    copy.write(payload)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                insert = f"INSERT INTO {qn(table.name)} ({cols}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, payload)

    def write(self, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
        rows = list(rows)
        if rows:
            self.send(table, self.encode(table, rows))
        return len(rows)

    def check_now(self, now: bool = True) -> None:
        """Check foreign keys at the end of each statement rather than at commit (PostgreSQL):
        the checks of a batch then run while the next one is generated, and the commit does
        not queue millions of them; pending checks run at once. Stricter, not looser. With
        `now=False`, back to checking at commit, which is how Django creates every deferrable
        constraint (INITIALLY DEFERRED), for the rest of the caller's transaction."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"SET CONSTRAINTS ALL {'IMMEDIATE' if now else 'DEFERRED'}")

    def fix_sequences(self) -> None:
        """Move the id sequence of each table written with explicit ids past its largest id
        (PostgreSQL; SQLite's AUTOINCREMENT counter follows explicit ids by itself), and
        refresh the planner's statistics of every table written."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for table in self.written:
                if table.explicit_ids:
                    pk = pk_column(table.model)
                    name, qn = table.name, connection.ops.quote_name
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                        f"(SELECT COALESCE(MAX({qn(pk)}), 1) FROM {qn(name)}), "
                        f"(SELECT COUNT(*) > 0 FROM {qn(name)}))",
                        [name, pk],
                    )
            for table in self.written:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")


def _same(value: Any) -> Any:
    return value
