"""Django's PostgreSQL backend, with a health check that needs no statement.

With persistent connections (`CONN_MAX_AGE`) and `CONN_HEALTH_CHECKS`, Django checks the
connection at the first query of every request, and its check is a `SELECT 1`: one more round
trip per request, as long as the request's own query on an indexed key. This check asks the
operating system instead:

- A connection the server closed (restart, `pg_terminate_backend`, idle timeout) has its socket
  readable: the server's last message and the end of the stream are waiting. An idle, healthy
  connection has nothing to read, because the server sends nothing unasked.
- So: nothing to read and the session idle (no transaction open, none failed) → usable, with
  no statement sent. Anything else (something to read, a transaction open or failed, an unknown
  state) → Django's own check, which reads what came and runs `SELECT 1`.

A connection that dies between the check and the query fails that query, exactly as it can
with Django's check; the next request reconnects.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
        if not readable and connection.info.transaction_status == TransactionStatus.IDLE:
            return True
        return bool(super().is_usable())
