"""Name search of community organisations: an FTS5 trigram index on SQLite, pg_trgm GIN
indexes on PostgreSQL.

SQLite: network_organization_fts is an external-content FTS5 table (tokenize='trigram', which
handles Thai) over name_search and name_latin, kept in sync by AFTER INSERT/UPDATE/DELETE triggers
and filled from the existing rows by 'rebuild'. Caution: when a later migration makes Django remake
network_organization on SQLite (AlterField, many AddField…), the remade table loses these triggers;
that migration must recreate them (see concenter.common.search.search_index_repair).

PostgreSQL: pg_trgm (trusted since PostgreSQL 13: the database owner may create it) and GIN
trigram indexes, which extract trigrams from Thai only under a UTF-8 LC_CTYPE.
"""

from django.db import migrations

TABLE = "network_organization"
FTS = "network_organization_fts"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    f"name_search, name_latin, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, name_search, name_latin) "
    f"VALUES (new.id, new.name_search, new.name_latin); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_search, name_latin) "
    f"VALUES ('delete', old.id, old.name_search, old.name_latin); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_search, name_latin) "
    f"VALUES ('delete', old.id, old.name_search, old.name_latin); "
    f"INSERT INTO {FTS}(rowid, name_search, name_latin) "
    f"VALUES (new.id, new.name_search, new.name_latin); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    # Queries of 1-2 characters are a prefix range on name_search, which the model does not
    # index (Person has person_name_search). Not in the model state: a table remake drops it too.
    f"CREATE INDEX IF NOT EXISTS org_name_search_prefix ON {TABLE} (name_search)",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS org_name_search_prefix",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS org_name_trgm ON {TABLE} USING gin (name_search gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS org_latin_trgm ON {TABLE} USING gin (name_latin gin_trgm_ops)",
]
# The extension stays: other indexes (people) use it.
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS org_latin_trgm",
    "DROP INDEX IF EXISTS org_name_trgm",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("network", "0003_default_organization_types")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
