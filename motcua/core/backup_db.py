"""The database half of a backup: a consistent snapshot of the configured database, the facts
the manifest records about that same snapshot, and the way back.

Contract:
- PostgreSQL: one REPEATABLE READ transaction on a connection of our own exports its snapshot
  (`pg_export_snapshot`); `pg_dump -Fc --snapshot=<id>` dumps exactly that snapshot while the
  same transaction reads the facts (migrations, audit head, newest checkpoint, row counts), so
  the manifest describes the dump and nothing committed in between.
- SQLite: the sqlite3 online backup API copies the database in one step (consistent under WAL:
  a concurrent writer restarts the copy), then the facts are read from the copy.
- `restore_database` replaces the configured database with the dump: `pg_restore --clean
  --if-exists --single-transaction` (all or nothing) on PostgreSQL, the backup API in the other
  direction on SQLite. Callers check the archive before calling it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.db import DatabaseError, connection
from django.utils.dateparse import parse_datetime

ENGINES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore step failed; the message is Vietnamese and names the step."""


def engine() -> str:
    """`postgresql` or `sqlite`: the engine of the configured database."""
    vendor = connection.vendor
    if vendor not in ENGINES:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's environment for the configured database (the password never on a command line)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, var in (("USER", "PGUSER"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_conninfo() -> str:
    env = _pg_env()
    parts = {"dbname": "PGDATABASE", "user": "PGUSER", "host": "PGHOST", "port": "PGPORT"}
    info = {k: env[v] for k, v in parts.items() if v in env}
    if "PGPASSWORD" in env:
        info["password"] = env["PGPASSWORD"]
    return psycopg.conninfo.make_conninfo(**info)


def _quote(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _tables() -> list[str]:
    """Every table a model of this project owns (managed, concrete), sorted."""
    models = apps.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})


def read_facts(cursor: Any) -> dict[str, Any]:
    """What the manifest records about the snapshot `cursor` reads: applied migrations, row
    counts per table, the audit head and the newest signed checkpoint."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    counts = {}
    for table in _tables():
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608 (model tables)
        counts[table] = int(cursor.fetchone()[0])
    cursor.execute("SELECT last_gseq, last_hash FROM core_audithead WHERE id = 1")
    head = cursor.fetchone()
    cursor.execute(
        "SELECT gseq, head_hash, signed_at, key_id, signature FROM core_auditcheckpoint "
        "ORDER BY gseq DESC, signed_at DESC LIMIT 1"
    )
    cp = cursor.fetchone()
    return {
        "migrations": migrations,
        "counts": counts,
        "audit_head": {"gseq": int(head[0]), "hash": head[1]} if head else None,
        "checkpoint": _checkpoint(cp) if cp else None,
    }


def _checkpoint(row: tuple[Any, ...]) -> dict[str, Any]:
    signed_at = row[2] if isinstance(row[2], datetime) else parse_datetime(str(row[2]))
    return {
        "gseq": int(row[0]),
        "hash": row[1],
        "signed_at": signed_at.isoformat() if signed_at else None,
        "key_id": row[3],
        "signature": row[4],
    }


@contextmanager
def snapshot(workdir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A consistent copy of the configured database in `workdir`, and its facts."""
    if engine() == "postgresql":
        with _pg_snapshot(workdir / ENGINES["postgresql"]) as taken:
            yield taken
    else:
        yield _sqlite_snapshot(workdir / ENGINES["sqlite"])


@contextmanager
def _pg_snapshot(target: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    with psycopg.connect(_pg_conninfo()) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]  # type: ignore[index]
            command = ["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot_id}", "-f", target]
            _run(command, "pg_dump")
            yield target, read_facts(cursor)


def _sqlite_snapshot(target: Path) -> tuple[Path, dict[str, Any]]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent copy
        return target, read_facts(copy.cursor())
    finally:
        copy.close()


def _run(command: list[Any], name: str) -> None:
    result = subprocess.run(  # noqa: S603 (fixed program, our own arguments)
        [str(part) for part in command], env=_pg_env(), capture_output=True, check=False
    )
    if result.returncode != 0:
        error = result.stderr.decode(errors="replace").strip()[-1500:]
        raise BackupError(f"{name} thất bại (mã {result.returncode}): {error}")


def has_data() -> bool:
    """True when any table of this project exists in the configured database with a row."""
    try:
        existing = set(connection.introspection.table_names())
    except DatabaseError as exc:
        raise BackupError(
            f"Không kết nối được cơ sở dữ liệu đích ({type(exc).__name__}); với PostgreSQL hãy "
            "tạo cơ sở dữ liệu trống trước (createdb)."
        ) from exc
    with connection.cursor() as cursor:
        for table in _tables():
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def restore_database(dump: Path) -> None:
    """Replace the configured database with the dump file `dump` (extracted from the archive)."""
    connection.close()
    if engine() == "postgresql":
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        command += [
            "--single-transaction",
            "--exit-on-error",
            "-d",
            _pg_env()["PGDATABASE"],
            str(dump),
        ]
        _run(command, "pg_restore")
        return
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()
