"""Name search of community organisations: an FTS5 trigram index on SQLite, pg_trgm GIN indexes on
PostgreSQL (used by concenter.common.search).

SQLite: network_organization_fts is an external-content FTS5 table (tokenize='trigram', which
handles Thai) over name_search and name_latin, kept in sync by AFTER INSERT/UPDATE/DELETE
triggers and filled from the existing rows by 'rebuild'. Caution: when a later migration makes
Django remake network_organization on SQLite (AlterField, many AddField...), the remade table
loses these triggers (and the index org_name_search_prefix, which is not in the model state);
that migration must recreate them, e.g. RunPython calling
concenter.common.search_index.search_index_repair().

PostgreSQL: pg_trgm (a trusted extension since PostgreSQL 13: the database owner may create it)
and GIN trigram indexes, which extract trigrams from Thai only under a UTF-8 LC_CTYPE.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE network_organization_fts USING fts5(name_search, name_latin, "
    "content='network_organization', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER network_organization_fts_ai AFTER INSERT ON network_organization BEGIN "
    "INSERT INTO network_organization_fts(rowid, name_search, name_latin) "
    "VALUES (new.id, new.name_search, new.name_latin); END",
    "CREATE TRIGGER network_organization_fts_ad AFTER DELETE ON network_organization BEGIN "
    "INSERT INTO network_organization_fts(network_organization_fts, rowid, name_search, name_latin) "
    "VALUES ('delete', old.id, old.name_search, old.name_latin); END",
    "CREATE TRIGGER network_organization_fts_au AFTER UPDATE ON network_organization BEGIN "
    "INSERT INTO network_organization_fts(network_organization_fts, rowid, name_search, name_latin) "
    "VALUES ('delete', old.id, old.name_search, old.name_latin); "
    "INSERT INTO network_organization_fts(rowid, name_search, name_latin) "
    "VALUES (new.id, new.name_search, new.name_latin); END",
    "INSERT INTO network_organization_fts(network_organization_fts) VALUES ('rebuild')",
    # Queries of 1-2 characters are a prefix range on name_search, which the model does not
    # index (Person has person_name_search).
    "CREATE INDEX IF NOT EXISTS org_name_search_prefix ON network_organization (name_search)",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS org_name_search_prefix",
    "DROP TRIGGER IF EXISTS network_organization_fts_au",
    "DROP TRIGGER IF EXISTS network_organization_fts_ad",
    "DROP TRIGGER IF EXISTS network_organization_fts_ai",
    "DROP TABLE IF EXISTS network_organization_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS org_name_trgm ON network_organization USING gin (name_search gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS org_latin_trgm ON network_organization USING gin (name_latin gin_trgm_ops)",
]
# The extension stays: the indexes of people use it too.
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS org_latin_trgm",
    "DROP INDEX IF EXISTS org_name_trgm",
]


def _run(schema_editor, statements_by_vendor):
    # Other databases get no index: the search then scans (see search_backend_status()).
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("network", "0003_default_organization_types")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
