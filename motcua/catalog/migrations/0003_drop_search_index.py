"""Drop the full-text index of 0002 (the FTS5 table and its triggers on SQLite, the generated
`search_words` tsvector column and its GIN index on PostgreSQL).

Search reads an in-process word index since ADR 0003; nothing read this index, yet every write
of a procedure version kept it up to date. Reversing this migration installs it again with the
statements of 0002."""

from importlib import import_module

from django.db import migrations

_0002 = import_module("motcua.catalog.migrations.0002_search_index")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_search_index"),
    ]

    operations = [
        migrations.RunPython(_0002.uninstall, _0002.install, elidable=False),
    ]
