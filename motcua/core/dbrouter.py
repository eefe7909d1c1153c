"""Read-replica routing: stale-tolerant reads, on chosen paths only.

Contract:
- Outside `replica_reads()` every query goes to `default`, as if there were no replica.
- Inside `replica_reads()` (a context manager and a decorator, kept in a context variable so
  threads and async tasks do not leak it to each other), reads of the models of
  `REPLICA_APPS` go to one replica, chosen once per block so one page reads one snapshot.
- Writes always go to `default`. So do reads while `default` is inside a transaction: a service
  called inside the block reads its own writes and takes its row locks (`select_for_update`)
  where it writes. So do reads of everything outside `REPLICA_APPS`: sessions, users and
  roles, second-factor devices, login lockouts and throttle counters must never be stale (a
  password change, a revoked role, a lockout take effect at once).
- A replica trails `default` by its replication lag: a dossier submitted a moment ago may not
  be found yet by public tracking (docs/scale-out.md, "Read replicas").
- No migration runs on a replica (it is a copy of `default`).
With no replica configured (`settings.MOTCUA_READ_REPLICAS` empty) the block changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

# The apps whose data a reader may see a few seconds late: dossiers (with their steps and
# apologies) and the catalogue. Nothing that decides who may act.
REPLICA_APPS = frozenset({"dossiers", "catalog"})

_replica: ContextVar[str | None] = ContextVar("motcua_replica", default=None)


def _pick() -> str | None:
    aliases = list(getattr(settings, "MOTCUA_READ_REPLICAS", []))
    # not a secret: spreads readers over the replicas
    return random.choice(aliases) if aliases else None  # noqa: S311


@contextmanager
def replica_reads() -> Iterator[str | None]:
    """Within the block, stale-tolerant reads go to one replica (see the module docstring);
    yields its alias, or None when no replica is configured. Nested blocks keep the outer
    block's replica."""
    alias = _replica.get() or _pick()
    token = _replica.set(alias)
    try:
        yield alias
    finally:
        _replica.reset(token)


def current_replica() -> str | None:
    """The alias stale-tolerant reads would use now (None: `default`)."""
    return _replica.get()


class ReplicaRouter:
    """`DATABASE_ROUTERS` entry, installed when DATABASE_REPLICA_URL names a replica."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        alias = _replica.get()
        if alias is None or model._meta.app_label not in REPLICA_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # every alias holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
