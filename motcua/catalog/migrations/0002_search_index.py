"""Full-text index over ProcedureVersion.search_folded, one kind per database (historical).

SQLite: an FTS5 external-content table kept in sync by triggers. PostgreSQL: a generated
tsvector column of the folded words with a GIN index. Search stopped reading them (ADR 0003) and
0003_drop_search_index drops them; its reverse re-installs them with these statements.
"""

from django.db import migrations

SQLITE_INSTALL = [
    """
    CREATE VIRTUAL TABLE catalog_procedureversion_fts USING fts5(
        search_folded,
        content='catalog_procedureversion',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0',
        prefix='1 2 3'
    )
    """,
    """
    CREATE TRIGGER catalog_procedureversion_fts_ai AFTER INSERT ON catalog_procedureversion
    BEGIN
        INSERT INTO catalog_procedureversion_fts(rowid, search_folded)
        VALUES (new.id, new.search_folded);
    END
    """,
    """
    CREATE TRIGGER catalog_procedureversion_fts_ad AFTER DELETE ON catalog_procedureversion
    BEGIN
        INSERT INTO catalog_procedureversion_fts(catalog_procedureversion_fts, rowid, search_folded)
        VALUES ('delete', old.id, old.search_folded);
    END
    """,
    """
    CREATE TRIGGER catalog_procedureversion_fts_au AFTER UPDATE OF search_folded
    ON catalog_procedureversion
    BEGIN
        INSERT INTO catalog_procedureversion_fts(catalog_procedureversion_fts, rowid, search_folded)
        VALUES ('delete', old.id, old.search_folded);
        INSERT INTO catalog_procedureversion_fts(rowid, search_folded)
        VALUES (new.id, new.search_folded);
    END
    """,
    "INSERT INTO catalog_procedureversion_fts(catalog_procedureversion_fts) VALUES ('rebuild')",
]

SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS catalog_procedureversion_fts_ai",
    "DROP TRIGGER IF EXISTS catalog_procedureversion_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_procedureversion_fts_au",
    "DROP TABLE IF EXISTS catalog_procedureversion_fts",
]

# A stored generated column, not an expression index: for a broad query ("cấp" matches most of
# the catalogue) PostgreSQL rightly prefers a scan to the index, and a scan that re-runs the regular
# expression on every row costs ~100 ms per 1,000 rows; reading a stored tsvector costs almost
# nothing. Django does not know the column (it is not in the model) and never writes it.
POSTGRES_INSTALL = [
    """
    ALTER TABLE catalog_procedureversion ADD COLUMN search_words tsvector
    GENERATED ALWAYS AS (
        array_to_tsvector(string_to_array(
            btrim(regexp_replace(search_folded, '[^0-9a-z]+', ' ', 'g')), ' '
        ))
    ) STORED
    """,
    # fastupdate off: a write goes straight into the index (catalogue writes are rare) instead of
    # a pending list that every search would scan until the next vacuum.
    """
    CREATE INDEX catalog_procver_words_gin ON catalog_procedureversion
    USING gin (search_words) WITH (fastupdate = off)
    """,
]

POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS catalog_procver_words_gin",
    "ALTER TABLE catalog_procedureversion DROP COLUMN IF EXISTS search_words",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


install = _run({"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL})
uninstall = _run({"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRES_UNINSTALL})


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
