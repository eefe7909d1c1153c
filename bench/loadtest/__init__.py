"""`make loadtest`: Một Cửa under load on PostgreSQL, against ceilings measured in the same run.

1. Data (`seed`): the database `motcua_load` (reused while it carries the same data version):
   migrate, `seed_demo`, 15,000 received dossiers to track, a pool of submitted dossiers for
   the officials' `receive`, API tokens for a citizen and the Bến Thành reception official.
2. SQL (`capture`): each kind's statements for one request, captured in-process through the
   whole Django stack and rolled back, written as a pgbench script with the varying values
   as pgbench variables.
3. Load (`k6run`, `k6/load.js`): gunicorn with `motcua.gunicorn_conf` (3 workers, DEBUG=0,
   MOTCUA_HTTPS=0, second factor required as in production: API tokens are not sign-ins) on
   127.0.0.1; each kind alone with 16 constant VUs (closed model), then the mix with the VUs
   shared by weight, then tracking at a fixed arrival rate of 1,000/s (open model: k6's
   constant-arrival-rate, so a slow response does not hold back the next request, and a
   request k6 could not start on time is counted as dropped).
4. Ceilings: the bare Django app (`bare/`: no middleware, one indexed SELECT; a 3-statement
   transaction) served and loaded the same way, and pgbench with each kind's own statements.

Printed: op/s, p50/p95/p99 (ms), errors, ratio to the bare GET (reads) or POST (writes) and to
the pgbench ceiling; the acceptance checks of issue 8; everything also in
var/loadtest/<timestamp>.json, with k6 summaries, logs and scripts in var/loadtest/<timestamp>/.
No background worker runs during the load: the tasks (slips) and outbox rows the writes queue
wait in the database, as they would behind busy workers. Numbers on a shared machine are noisy;
compare ratios within one run.

Environment: LOADTEST_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432/; the
database name is `--database`), LOADTEST_SECRET_KEY (the servers' SECRET_KEY; a fixed
throw-away key by default), MOTCUA_VAR_DIR (where var/loadtest/ goes). Ports: `--port` for the
app and the next one for the bare app (default 18100, 18101), both on 127.0.0.1.
"""
