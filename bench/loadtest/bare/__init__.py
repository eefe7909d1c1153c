"""A bare Django app of the same shape as Một Cửa's hot paths, for the ceilings of `make loadtest`.

No apps, no middleware, no templates: `GET /one-query?code=` runs one indexed SELECT on
`dossiers_dossier` and answers JSON; `POST /three?row=` runs a 3-statement transaction (lock a
counter row, insert an event, update the counter) on the tables `bare_tables_sql()` creates.
Served by gunicorn with `DJANGO_SETTINGS_MODULE=bench.loadtest.bare.settings` and the same
worker count as the app, it shows what Django, gunicorn and one database round trip cost alone.
"""
